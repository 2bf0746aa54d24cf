// Run by `npm test` before vitest: the constrained supply plan is checked against GLPK's
// glpsol (Debian's glpk-utils). As root it installs the package with apt; otherwise it
// says what to run and stops.
import { spawnSync } from 'node:child_process';
import { installDebianPackage } from './apt-install.js';

const found = () => spawnSync('glpsol', ['--version'], { stdio: 'ignore' }).status === 0;

if (!found()) {
  try {
    installDebianPackage(
      'ensure-glpk',
      'glpk-utils',
      'the constrained supply plan tests compare with GLPK, which needs glpsol',
    );
    if (!found()) throw new Error('apt installed glpk-utils, but glpsol still does not run');
    console.log('ensure-glpk: installed glpsol.');
  } catch (error) {
    console.error(`ensure-glpk: ${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Solves an LP text with GLPK's `glpsol` (Debian's glpk-utils; `npm test` installs it
 * when missing) and returns its status and objective, read at full precision from the
 * solution file it writes.
 */
export function solveWithGlpk(lp: string): { status: string; objective: number } {
  const folder = mkdtempSync(join(tmpdir(), 'fulcrum-glpk-'));
  try {
    const model = join(folder, 'model.lp');
    const solution = join(folder, 'model.sol');
    writeFileSync(model, lp);
    execFileSync('glpsol', ['--lp', model, '-w', solution], { stdio: 'ignore' });
    const text = readFileSync(solution, 'utf8');
    const status = /^c Status:\s+(\S+)/m.exec(text)?.[1] ?? 'UNKNOWN';
    // `s bas <rows> <columns> <primal> <dual> <objective>`
    const line = /^s \w+ \d+ \d+ \S+ \S+ (\S+)$/m.exec(text);
    return { status, objective: line ? Number(line[1]) : NaN };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

#!/usr/bin/env node
// The `fulcrum` command line. TypeScript runs through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

// Ignore any tsconfig in the user's working directory: the command compiles only its own files.
register({ tsconfig: false });

// A reader that stops early (`fulcrum demo-plan | head`) closes the pipe: not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  const { main } = await import('../server/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // main() reports its own failures; this is for a command line that cannot even load.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`fulcrum: unexpected failure: ${message.split('\n')[0]}\n`);
  if (process.env.FULCRUM_DEBUG === '1' && error instanceof Error) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exitCode = 1;
}

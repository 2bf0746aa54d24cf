import { main, type CliIo } from '../../server/cli/main.ts';

/** What one run of the command line printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `fulcrum <args>` in this process with `env` as its environment, collecting what it prints. */
export async function runFulcrum(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: async (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

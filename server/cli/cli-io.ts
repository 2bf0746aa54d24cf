/** Where the command line writes; the process's streams unless a caller gives others. */
export interface CliIo {
  stdout(text: string): Promise<void>;
  stderr(text: string): void;
  /** Environment variables (FULCRUM_DEBUG=1 prints the stack of an unexpected failure). */
  env: Readonly<Record<string, string | undefined>>;
}

/** The process's streams. A closed pipe (`fulcrum demo-plan | head`) ends quietly. */
export function processIo(): CliIo {
  return {
    stdout: (text) =>
      new Promise((resolve, reject) => {
        process.stdout.write(text, (error) => {
          if (!error || (error as NodeJS.ErrnoException).code === 'EPIPE') resolve();
          else reject(error);
        });
      }),
    stderr: (text) => {
      process.stderr.write(text);
    },
    env: process.env,
  };
}

import { afterAll } from 'vitest';
import {
  createDatabase,
  dropDatabases,
  givenPostgresServer,
  startPostgresServer,
  type PostgresServer,
} from './postgres-server.ts';

/**
 * For one test file: returns a function that creates a new, empty database and gives its
 * URL. The server starts on the first call only, so test files that never ask cost
 * nothing, and the default run stays as fast as it was. Registers an `afterAll` that
 * drops every database made and stops the server this file started.
 *
 * With `DATABASE_URL` set, databases are made on that server (the URL's user needs the
 * CREATEDB right) as `fulcrum_test_<pid>_<n>` and dropped afterwards. Without it, a
 * private server is started from Debian's postgresql package (see
 * {@link startPostgresServer}), stopped and removed when the file ends.
 */
export function postgresForFile(): () => Promise<string> {
  let server: Promise<PostgresServer> | null = null;
  const databases: string[] = [];
  afterAll(async () => {
    if (!server) return;
    const started = await server;
    try {
      if (started.dropDatabases) await dropDatabases(started, databases);
    } finally {
      await started.stop();
    }
  });
  return async () => {
    server ??= process.env.DATABASE_URL
      ? Promise.resolve(givenPostgresServer(process.env.DATABASE_URL))
      : startPostgresServer();
    const started = await server;
    const name = `fulcrum_test_${process.pid}_${databases.length + 1}`;
    const url = await createDatabase(started, name);
    databases.push(name);
    return url;
  };
}

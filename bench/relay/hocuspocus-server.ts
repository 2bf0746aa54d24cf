/**
 * Child-process entry of the Hocuspocus peer: `@hocuspocus/server` 3.4 with its defaults
 * (in memory, no extensions, no authentication) on `PORT` of 127.0.0.1. Run by servers.ts.
 */
import type { ListenOptions } from 'node:net';
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT ?? '0');
const server = new Server({ port, quiet: true, stopOnSignals: true });
// Server.listen() hands `{ port, address }` to http.Server.listen, which reads `host`, not
// `address`, and so would listen on every interface: pass the loopback host instead.
const http = server.httpServer;
const listen = http.listen.bind(http) as (options: ListenOptions, callback: () => void) => void;
(http as unknown as { listen: typeof listen }).listen = (options, callback) =>
  listen({ port: options.port, host: '127.0.0.1' }, callback);
await server.listen();
console.log(`hocuspocus listening on ${server.address.port}`);

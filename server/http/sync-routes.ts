import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { errorMessage, type Logger } from '../log.ts';
import type { Relay, RelayConnection, UpgradeRequest } from '../sync/relay.ts';

/**
 * `GET /sync/<workspace>/<cycle>?token=...`: the websocket endpoint of the relay. The
 * upgrade is always accepted; a refused token or origin is then closed with a 44xx code,
 * because a refused HTTP upgrade reaches the client as 1006 and it would retry forever.
 */
export function createSyncRoutes(relay: Relay, logger: Logger): Hono {
  const sync = new Hono();
  sync.get(
    '/:workspace/:cycle',
    upgradeWebSocket(
      async (c) => {
        const request: UpgradeRequest = {
          workspace: c.req.param('workspace') ?? '',
          cycle: c.req.param('cycle') ?? '',
          token: c.req.query('token'),
          origin: c.req.header('origin'),
          host: c.req.header('host'),
        };
        // Decided before the upgrade completes: the token, a revocation, the cycle's existence.
        const admission = await relay.admit(request);
        let connection: RelayConnection | null = null;
        return {
          onOpen: (_event, ws) => {
            connection = relay.open(admission, ws.raw as WebSocket, request);
          },
          onMessage: (event) => connection?.message(event.data),
          onClose: () => connection?.closed(),
          // The socket's own 'error' listener (see Relay) logs it; nothing else to do here.
          onError: () => {},
        };
      },
      {
        onError: (error: unknown) =>
          logger.error('relay.handler-failed', {
            error: errorMessage(error),
          }),
      },
    ),
  );
  sync.all('*', (c) =>
    c.json(
      {
        error:
          'This is the sync endpoint: connect a websocket to /sync/<workspace>/<cycle>?token=<invite token>',
      },
      426,
    ),
  );
  return sync;
}

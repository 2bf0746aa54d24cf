import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import { checkBearer } from './bearer.ts';
import type { Relay, RelayConnection, UpgradeRequest } from './relay.ts';

/** Turns a room's document into the plan file (`docToPlan` from shared/doc). */
export type PlanExporter = (doc: Y.Doc) => unknown;

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
      (c) => {
        const request: UpgradeRequest = {
          workspace: c.req.param('workspace') ?? '',
          cycle: c.req.param('cycle') ?? '',
          token: c.req.query('token'),
          origin: c.req.header('origin'),
          host: c.req.header('host'),
        };
        const admission = relay.admit(request);
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
            error: error instanceof Error ? error.message : String(error),
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

/**
 * `GET /api/rooms/<workspace>/<cycle>/plan.json` with `Authorization: Bearer <token>`:
 * the room's document as a plan file. 401 without a valid token, 403 for another
 * workspace, 404 for a room nobody has written.
 */
export function createRoomApiRoutes(relay: Relay, secret: string, exportPlan: PlanExporter): Hono {
  const rooms = new Hono();
  rooms.get('/:workspace/:cycle/plan.json', async (c) => {
    c.header('Cache-Control', 'no-store');
    const bearer = checkBearer(c, secret);
    if (!bearer.ok) return bearer.response;
    const workspace = c.req.param('workspace') ?? '';
    const admission = relay.admit({
      workspace,
      cycle: c.req.param('cycle') ?? '',
      token: bearer.token,
      origin: null,
      host: null,
    });
    if (!admission.ok) {
      const status = admission.code === 4404 ? 404 : 403;
      return c.json({ error: admission.reason }, status);
    }
    const room = relay.rooms.get(admission.room);
    const plan = await room.read((doc) => (isEmpty(doc) ? null : exportPlan(doc)));
    if (plan === null) return c.json({ error: `The room ${admission.room} has no plan yet` }, 404);
    return c.json(plan);
  });
  return rooms;
}

function isEmpty(doc: Y.Doc): boolean {
  return doc.store.clients.size === 0;
}

import { Hono } from 'hono';
import { isEmptyDoc, type CycleDoc } from '../../shared/doc/index.ts';
import type { Relay } from '../sync/relay.ts';
import { checkBearer } from './bearer.ts';

/** Turns a room's document into the plan file (`docToPlan` from shared/doc). */
export type PlanExporter = (doc: CycleDoc) => unknown;

/**
 * `GET /api/rooms/<workspace>/<cycle>/plan.json` with `Authorization: Bearer <token>`:
 * the room's document as a plan file. 401 without a valid, unrevoked token, 403 for
 * another workspace, 404 for a cycle the server never created or one with no plan.
 */
export function createRoomApiRoutes(relay: Relay, secret: string, exportPlan: PlanExporter): Hono {
  const rooms = new Hono();
  rooms.get('/:workspace/:cycle/plan.json', async (c) => {
    c.header('Cache-Control', 'no-store');
    const bearer = checkBearer(c, secret, (id) => relay.isRevoked(id));
    if (!bearer.ok) return bearer.response;
    const workspace = c.req.param('workspace') ?? '';
    const admission = await relay.admit({
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
    const plan = await room.read((doc) => (isEmptyDoc(doc) ? null : exportPlan(doc)));
    if (plan === null) return c.json({ error: `The room ${admission.room} has no plan yet` }, 404);
    return c.json(plan);
  });
  return rooms;
}

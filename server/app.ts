import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { DEMO_WORKSPACE_ID, DemoWorkspace, describeIssues } from './demo-workspace.ts';
import type { Logger } from './log.ts';
import type { RelayMetrics } from './metrics/relay-metrics.ts';
import type { Relay } from './sync/relay.ts';
import { cachedAssets } from './http/asset-cache.ts';
import { checkBearer } from './http/bearer.ts';
import { BODY_LIMIT_DEFAULTS, bodyLimits, type BodyLimits } from './http/body-limits.ts';
import { createCycleLifeRoutes } from './http/cycle-life-routes.ts';
import { createHistoryRoutes } from './http/history-routes.ts';
import { DEFAULT_RETENTION_DAYS } from './storage/history-retention.ts';
import { createRoomApiRoutes, type PlanExporter } from './http/room-routes.ts';
import { createSyncRoutes } from './http/sync-routes.ts';
import { securityHeaders } from './http/security-headers.ts';
import { createWorkspaceApiRoutes } from './http/workspace-routes.ts';
import { PeopleDirectory } from './auth/people.ts';

/** What the app needs from the outside world; tests pass temporary folders. */
export interface AppDeps {
  /** Folder where workspaces are kept (`DATA_DIR`). */
  dataDir: string;
  /** Folder of the built client (index.html and assets). */
  clientDir: string;
  /** The sync relay; without it `/sync` and the room export are not served. */
  sync?: SyncDeps;
  /** The server's metrics; without them `/metrics` is not served. */
  metrics?: MetricsDeps;
  /**
   * The workspace secret, when `sync` is not given (it holds one): the demo plan answers
   * only an invite token of the demo workspace, and is not served without a secret.
   */
  secret?: string;
  /** `MAX_BODY_BYTES` and `MAX_IMPORT_BYTES`; {@link BODY_LIMIT_DEFAULTS} when omitted. */
  bodyLimits?: BodyLimits;
}

/** What `GET /metrics` needs. */
export interface MetricsDeps {
  metrics: RelayMetrics;
  /** `METRICS_TOKEN`: required as `Authorization: Bearer <token>`; null: no token asked. */
  token: string | null;
}

/** What the sync endpoints need. */
export interface SyncDeps {
  relay: Relay;
  /** The workspace secret (checks the bearer token of the room export). */
  secret: string;
  /** Makes the plan file of a room's document. */
  exportPlan: PlanExporter;
  logger: Logger;
  /** `HISTORY_RETENTION_DAYS` (0: forever), for what the history API says of trimmed changes. */
  historyRetentionDays?: number;
}

/**
 * Builds the HTTP app: `GET /healthz`, `GET /metrics` (when `deps.metrics` is given), the
 * JSON API under `/api`, the sync websocket under `/sync` (when `deps.sync` is given;
 * serve it with `websocket: { server: relay.wss }`), and the client as static files with
 * a fallback to index.html, so client-side routes survive a reload. Once the relay is
 * stopping, every request but a websocket upgrade (which the relay closes with 1012) is
 * answered 503, so a load balancer sends people elsewhere. Every response carries the
 * security headers (server/http/security-headers.ts), and every request body is counted
 * against the body limits as it arrives (server/http/body-limits.ts): 413 past them.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use('*', securityHeaders());
  const relay = deps.sync?.relay;
  if (relay) {
    app.use('*', async (c, next) => {
      if (!relay.isStopping || c.req.path.startsWith('/sync/')) return next();
      c.header('Connection', 'close');
      c.header('Retry-After', '5');
      c.header('Cache-Control', 'no-store');
      return c.json({ error: 'The server is restarting: try again in a few seconds' }, 503);
    });
  }
  app.use('*', bodyLimits(deps.bodyLimits ?? BODY_LIMIT_DEFAULTS));
  if (deps.metrics) app.get('/metrics', metricsHandler(deps.metrics));
  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({
      ok: true,
      ...(deps.sync && {
        rooms: deps.sync.relay.rooms.size,
        connections: deps.sync.relay.connectionCount,
      }),
    });
  });
  if (deps.sync) {
    app.route('/sync', createSyncRoutes(deps.sync.relay, deps.sync.logger));
    app.route(
      '/api/rooms',
      createRoomApiRoutes(deps.sync.relay, deps.sync.secret, deps.sync.exportPlan),
    );
    app.route(
      '/api/workspaces',
      createWorkspaceApiRoutes(
        deps.sync.relay,
        deps.sync.secret,
        deps.sync.logger,
        new PeopleDirectory(deps.dataDir),
      ),
    );
    app.route(
      '/api/workspaces',
      createCycleLifeRoutes(deps.sync.relay, deps.sync.secret, deps.sync.logger),
    );
    app.route(
      '/api/workspaces',
      createHistoryRoutes(
        deps.sync.relay,
        deps.sync.secret,
        deps.sync.historyRetentionDays ?? DEFAULT_RETENTION_DAYS,
      ),
    );
  }
  app.route('/api', createApiRoutes(deps));
  app.all('/api/*', (c) =>
    c.json({ error: `No such API endpoint: ${c.req.method} ${c.req.path}` }, 404),
  );
  app.route('/', createClientRoutes(deps.clientDir));
  app.onError((error, c) => {
    if (deps.sync) {
      deps.sync.logger.error('http.failed', { path: c.req.path, error: error.message });
    } else {
      console.error(error);
    }
    return c.json({ error: `The server failed: ${error.message}` }, 500);
  });
  return app;
}

/**
 * `GET /metrics`: Prometheus text format. With a token configured, only a request with
 * `Authorization: Bearer <token>` gets them (401 otherwise); without one they are open,
 * and the proxy must keep the path off the public network.
 */
function metricsHandler({ metrics, token }: MetricsDeps) {
  const expected = token === null ? null : Buffer.from(`Bearer ${token}`);
  return async (c: Context) => {
    c.header('Cache-Control', 'no-store');
    if (expected !== null) {
      const given = Buffer.from(c.req.header('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        c.header('WWW-Authenticate', 'Bearer realm="metrics"');
        return c.json({ error: 'Unauthorized: /metrics needs the metrics token' }, 401);
      }
    }
    return c.body(await metrics.text(), 200, { 'Content-Type': metrics.contentType });
  };
}

function createApiRoutes(deps: AppDeps): Hono {
  const api = new Hono();
  const demo = new DemoWorkspace(deps.dataDir);
  const secret = deps.sync?.secret ?? deps.secret;
  const relay = deps.sync?.relay;

  api.get('/health', (c) => c.json({ ok: true }));

  /**
   * `GET /api/workspaces/demo/plan` with `Authorization: Bearer <invite token>` of the
   * demo workspace (any role): the demo workspace's plan file. 401 without a valid token,
   * 403 for another workspace's invite; not served by an app that has no secret.
   */
  if (secret !== undefined)
    api.get(`/workspaces/${DEMO_WORKSPACE_ID}/plan`, async (c) => {
      c.header('Cache-Control', 'no-store');
      const bearer = checkBearer(c, secret, relay && ((id) => relay.isRevoked(id)));
      if (!bearer.ok) return bearer.response;
      if (bearer.invite.workspace !== DEMO_WORKSPACE_ID) {
        return c.json({ error: 'Forbidden: the invite is for another workspace' }, 403);
      }
      const result = await demo.readPlan();
      if (!result.ok) {
        const count = result.issues.length;
        return c.json(
          {
            error: `The plan file ${result.file} is not a valid Fulcrum plan (${count} ${count === 1 ? 'problem' : 'problems'}): ${describeIssues(result.issues)}`,
            file: result.file,
            issues: result.issues,
          },
          500,
        );
      }
      return c.json(result.plan);
    });

  return api;
}

/** Files served under a fixed name that change with each build: never used unrevalidated. */
const REVALIDATED_FILES = new Set(['/', '/index.html', '/sw.js', '/manifest.webmanifest']);

function createClientRoutes(clientDir: string): Hono {
  const client = new Hono();
  const indexFile = join(clientDir, 'index.html');

  // Vite puts a content hash in every asset name, so an asset never changes: served from
  // memory, brotli'd or gzipped as the build wrote it beside the file (vite.config.ts).
  client.use('/assets/*', cachedAssets(clientDir));
  client.use(
    '*',
    serveStatic({
      root: clientDir,
      index: 'index.html',
      precompressed: true,
      // The service worker, its manifest and the page must be revalidated on every load:
      // a cached stale service worker would keep serving an old app (and its old cache).
      onFound: (_path, c) => {
        if (REVALIDATED_FILES.has(c.req.path)) c.header('Cache-Control', 'no-cache');
      },
    }),
  );

  client.get('*', async (c) => {
    // A path naming a file (`/logo.png`) that does not exist is a 404, not the app.
    const lastSegment = c.req.path.split('/').pop() ?? '';
    if (lastSegment.includes('.')) return c.text('Not found', 404);
    let html: string;
    try {
      html = await readFile(indexFile, 'utf8');
    } catch {
      return c.text(
        `The Fulcrum client is not built: ${indexFile} is missing. Run "npm start" (it builds the client) or "npm run build".`,
        503,
      );
    }
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  });

  return client;
}

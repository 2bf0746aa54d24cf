import { WebSocketServer, type WebSocket } from 'ws';
import { verifyInvite, NAME_PATTERN, type Invite, type TokenProblem } from '../auth/tokens.ts';
import type { RelaySettings } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';
import { CLOSE, KEEPALIVE_FRAME } from './protocol.ts';
import type { Fanout } from './fanout.ts';
import { TokenBucket } from './rate-limit.ts';
import { RoomRegistry } from './room-registry.ts';
import { truncateReason, type Peer } from './room.ts';

/** What the relay needs. */
export interface RelayOptions {
  storage: Storage;
  logger: Logger;
  /** The workspace secret that signs invite tokens. */
  secret: string;
  settings: RelaySettings;
  /** The other relay processes sharing the store; none for one process. */
  fanout?: Fanout;
}

/** The facts of an upgrade request the relay decides on. */
export interface UpgradeRequest {
  workspace: string;
  cycle: string;
  token: string | null | undefined;
  /** The `Origin` header; browsers always send it, other clients may not. */
  origin: string | null | undefined;
  /** The `Host` header, for the same-origin check. */
  host: string | null | undefined;
}

/** Whether a connection may join its room; a refusal carries the close code and reason. */
export type Admission =
  { ok: true; room: string; invite: Invite } | { ok: false; code: number; reason: string };

const TOKEN_REASONS: Record<TokenProblem, string> = {
  missing: 'no invite token: open the join link you were given',
  malformed: 'the invite token is not valid',
  'bad-signature': 'the invite token is not valid',
  expired: 'the invite token has expired: ask for a new invite',
};

/** One open websocket, as the websocket layer reports its events to the relay. */
export interface RelayConnection {
  /** A frame arrived; text frames are ignored, binary ones (ArrayBuffer) go to the room. */
  message(data: unknown): void;
  /** The socket closed (either side). */
  closed(): void;
}

/**
 * The sync relay without HTTP: admission (token and origin), connections, rate limits,
 * keep-alives and rooms. The Hono routes call {@link admit} on the upgrade request and
 * {@link open} with the upgraded `ws` socket. Serve with `websocket: { server: relay.wss }`.
 */
export class Relay {
  /** The `ws` server to give `serve()`; it caps frames at `maxFrameBytes`. */
  readonly wss: WebSocketServer;
  readonly rooms: RoomRegistry;
  #options: RelayOptions;
  #allowedOrigins: Set<string>;
  #connections = new Set<Connection>();
  #keepalive: NodeJS.Timeout;
  #nextId = 1;
  #closed = false;

  constructor(options: RelayOptions) {
    this.#options = options;
    const { settings, logger } = options;
    this.#allowedOrigins = new Set(settings.allowedOrigins);
    this.rooms = new RoomRegistry({
      storage: options.storage,
      logger,
      compactEvery: settings.compactEvery,
      unloadDelayMs: settings.unloadDelayMs,
      fanout: options.fanout,
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxFrameBytes });
    // The earliest moment a socket exists: without an 'error' listener one malformed frame
    // header (or an oversize frame) would throw out of the socket and end the process.
    this.wss.on('connection', (socket: WebSocket) => {
      socket.on('error', (error) => {
        logger.warn('connection.error', { error: error.message });
      });
    });
    this.wss.on('error', (error) => logger.error('relay.error', { error: error.message }));
    this.#keepalive = setInterval(() => this.#tick(), settings.keepaliveMs);
    this.#keepalive.unref();
  }

  /** The store the rooms are kept in (for reads across rooms, such as a workspace's cycles). */
  get storage(): Storage {
    return this.#options.storage;
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /**
   * Decides on an upgrade: a valid room name, an allowed origin, a valid unexpired token
   * for this workspace. A request without `Origin` is allowed: browsers always send it,
   * so only non-browser clients omit it, and those must still hold a valid token.
   */
  admit(request: UpgradeRequest): Admission {
    const { workspace, cycle } = request;
    if (!NAME_PATTERN.test(workspace) || !NAME_PATTERN.test(cycle)) {
      return { ok: false, code: CLOSE.notFound, reason: 'no such room' };
    }
    if (request.origin && !this.#isAllowedOrigin(request.origin, request.host)) {
      return { ok: false, code: CLOSE.forbidden, reason: 'this page origin may not connect' };
    }
    const check = verifyInvite(this.#options.secret, request.token);
    if (!check.ok) {
      return { ok: false, code: CLOSE.unauthorized, reason: TOKEN_REASONS[check.problem] };
    }
    if (check.invite.workspace !== workspace) {
      return { ok: false, code: CLOSE.forbidden, reason: 'the invite is for another workspace' };
    }
    return { ok: true, room: `${workspace}/${cycle}`, invite: check.invite };
  }

  /**
   * Takes an upgraded socket. A refused admission is closed at once with its 44xx code
   * (the client stops retrying); an admitted one joins its room.
   */
  open(admission: Admission, socket: WebSocket, request: UpgradeRequest): RelayConnection {
    const { logger, settings } = this.#options;
    const id = `c${this.#nextId++}`;
    if (!admission.ok || this.#closed) {
      const code = admission.ok ? CLOSE.goingAway : admission.code;
      const reason = admission.ok ? 'the server is stopping' : admission.reason;
      logger.warn('connection.rejected', {
        connection: id,
        room: `${request.workspace}/${request.cycle}`,
        origin: request.origin ?? null,
        code,
        reason,
      });
      socket.close(code, reason);
      return { message() {}, closed() {} };
    }
    const room = this.rooms.get(admission.room);
    const connection = new Connection(id, admission.invite, socket, settings);
    this.#connections.add(connection);
    logger.info('connection.opened', {
      connection: id,
      room: admission.room,
      role: admission.invite.role,
      name: admission.invite.name,
    });
    room.join(connection);
    return {
      message: (data) => {
        if (connection.isClosed) return;
        // Text frames are not part of the protocol: ignored (but counted by the limit).
        if (!connection.bucket.take()) {
          logger.warn('connection.rate-limited', { connection: id, room: admission.room });
          connection.close(CLOSE.policy, 'too many messages');
          return;
        }
        if (data instanceof ArrayBuffer) room.receive(connection, new Uint8Array(data));
      },
      closed: () => {
        if (!this.#connections.delete(connection)) return;
        connection.markClosed();
        room.leave(connection);
        logger.info('connection.closed', { connection: id, room: admission.room });
      },
    };
  }

  /**
   * Stops the relay: rooms close their peers (1001) and write their snapshots, then every
   * socket still open is terminated (an upgraded socket keeps `server.close()` waiting).
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#keepalive);
    await this.rooms.close();
    for (const connection of this.#connections) connection.terminate();
    for (const socket of this.wss.clients) socket.terminate();
    this.#connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  #isAllowedOrigin(origin: string, host: string | null | undefined): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (this.#allowedOrigins.has(url.origin)) return true;
    // Same origin: the page was served by this server. The scheme is not compared, so the
    // check holds behind a proxy that ends TLS.
    return host !== null && host !== undefined && url.host === host.toLowerCase();
  }

  /** Every keepaliveMs: a 3-byte message to each client, and a ping to find dead sockets. */
  #tick(): void {
    for (const connection of this.#connections) connection.heartbeat(this.#options.logger);
  }
}

/** Sockets holding more unsent data than this are too slow to follow the room: dropped. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

class Connection implements Peer {
  readonly id: string;
  readonly canEdit: boolean;
  readonly bucket: TokenBucket;
  #socket: WebSocket;
  #closed = false;
  #alive = true;

  constructor(id: string, invite: Invite, socket: WebSocket, settings: RelaySettings) {
    this.id = id;
    this.canEdit = invite.role !== 'viewer';
    this.bucket = new TokenBucket(settings.ratePerSecond, settings.rateBurst);
    this.#socket = socket;
    socket.on('pong', () => (this.#alive = true));
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  send(frame: Uint8Array): void {
    if (this.#closed || this.#socket.readyState !== this.#socket.OPEN) return;
    if (this.#socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#closed = true;
      this.#socket.terminate();
      return;
    }
    this.#socket.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.close(code, truncateReason(reason));
  }

  markClosed(): void {
    this.#closed = true;
  }

  terminate(): void {
    this.#closed = true;
    this.#socket.terminate();
  }

  heartbeat(logger: Logger): void {
    if (this.#closed) return;
    if (!this.#alive) {
      logger.info('connection.timed-out', { connection: this.id });
      this.terminate();
      return;
    }
    this.#alive = false;
    this.#socket.ping();
    this.send(KEEPALIVE_FRAME);
  }
}

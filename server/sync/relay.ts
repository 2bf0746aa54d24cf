import type { Actor } from '../../shared/policy/roles.ts';
import { WebSocketServer, type WebSocket } from 'ws';
import { verifyInvite, NAME_PATTERN, type Invite, type TokenProblem } from '../auth/tokens.ts';
import type { RelaySettings } from '../config.ts';
import type { Logger } from '../log.ts';
import { MeasuredStorage } from '../metrics/measured-storage.ts';
import { RelayCounts, refusalOf } from '../metrics/relay-counts.ts';
import type { RelayMetrics } from '../metrics/relay-metrics.ts';
import type { Catalog } from '../storage/catalog.ts';
import type { Storage } from '../storage/storage.ts';
import { CycleIndex } from './cycle-index.ts';
import {
  CLOSE,
  KEEPALIVE_FRAME,
  MESSAGE_SYNC,
  SYNC_STEP_2,
  SYNC_UPDATE,
  truncateReason,
} from './protocol.ts';
import type { Fanout } from './fanout.ts';
import { PersonBudgets, TokenBucket } from './rate-limit.ts';
import { RoomRegistry } from './room-registry.ts';
import type { Peer } from './room.ts';

/** What the relay needs. */
export interface RelayOptions {
  storage: Storage;
  logger: Logger;
  /** The workspace secret that signs invite tokens. */
  secret: string;
  /** Which cycles exist and which invites are revoked (in the same store as the rooms). */
  catalog: Catalog;
  settings: RelaySettings;
  /** The other relay processes sharing the store; none for one process. */
  fanout?: Fanout;
  /** Where the relay counts its work (`/metrics`); nothing is exported without it. */
  metrics?: RelayMetrics;
}

/** The close reason of a connection ended by a graceful shutdown. */
export const RESTARTING_REASON = 'the server is restarting';

/** The close reason of a connection whose invite was revoked. */
export const REVOKED_REASON = 'this invite was revoked: ask for a new invite';

/** How often the relay reads the store for invites revoked since it last looked. */
export const REVOCATION_POLL_MS = 1000;

/** How long a shutdown waits for clients to answer the close frame before cutting the socket. */
const CLOSE_HANDSHAKE_MS = 1000;

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
  /** Which cycles exist; kept current as their titles and closures change. */
  readonly cycles: CycleIndex;
  #options: RelayOptions;
  #allowedOrigins: Set<string>;
  #connections = new Set<Connection>();
  #keepalive: NodeJS.Timeout;
  #revocationPoll: NodeJS.Timeout | null = null;
  #revocationCursor = 0;
  /** Ids of revoked invites, read from the store at start and every second after. */
  #revoked = new Set<string>();
  #nextId = 1;
  #closed = false;
  #closing: Promise<void> | null = null;
  #counts: RelayCounts;
  #storage: Storage;
  /** Each person's connections and budget per minute, keyed by their invite token. */
  #people: PersonBudgets;

  constructor(options: RelayOptions) {
    this.#options = options;
    const { settings, logger, metrics } = options;
    this.#counts = metrics?.counts ?? new RelayCounts();
    this.#storage = metrics ? new MeasuredStorage(options.storage, metrics) : options.storage;
    this.#allowedOrigins = new Set(settings.allowedOrigins);
    this.cycles = new CycleIndex(options.catalog, logger);
    this.rooms = new RoomRegistry({
      storage: this.#storage,
      logger,
      compactEvery: settings.compactEvery,
      unloadDelayMs: settings.unloadDelayMs,
      fanout: options.fanout,
      limits: { maxUpdateBytes: settings.maxUpdateBytes, maxRoomBytes: settings.maxRoomBytes },
      // A title or closure changed less than a second ago reaches the index before unloading.
      beforeClose: (room) => this.cycles.flush(room),
    });
    this.#people = new PersonBudgets({
      updatesPerMinute: settings.personUpdatesPerMinute,
      bytesPerMinute: settings.personBytesPerMinute,
      connections: settings.connectionsPerInvite,
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxFrameBytes });
    // The earliest moment a socket exists: without an 'error' listener one malformed frame
    // header (or an oversize frame) would throw out of the socket and end the process.
    this.wss.on('connection', (socket: WebSocket) => {
      socket.on('error', (error) => {
        // ws closes the socket itself (1009 for an oversize frame, 1002 for a bad one).
        const code = (error as NodeJS.ErrnoException).code;
        this.#counts.refused(
          code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'frame_too_large' : 'protocol_error',
        );
        logger.warn('connection.error', { error: error.message });
      });
    });
    this.wss.on('error', (error) => logger.error('relay.error', { error: error.message }));
    this.#keepalive = setInterval(() => this.#tick(), settings.keepaliveMs);
    this.#keepalive.unref();
    const connections = this.#connections;
    const rooms = this.rooms;
    metrics?.observe({
      get connectionCount() {
        return connections.size;
      },
      get roomCount() {
        return rooms.size;
      },
    });
  }

  /** The store the rooms are kept in (for reads across rooms, such as a workspace's cycles). */
  get storage(): Storage {
    return this.#storage;
  }

  /**
   * Reads the revoked invites, then polls the store for new ones every second (every
   * process sharing the store does), closing the open connections of each. Call once
   * before serving.
   */
  async start(): Promise<void> {
    await this.#pollRevocations();
    this.#revocationPoll ??= setInterval(() => void this.#pollRevocations(), REVOCATION_POLL_MS);
    this.#revocationPoll.unref();
  }

  /** True when the invite with this id was revoked (as of the last poll, at most a second ago). */
  isRevoked(inviteId: string): boolean {
    return this.#revoked.has(inviteId);
  }

  async #pollRevocations(): Promise<void> {
    try {
      const { revocations, cursor } = await this.#options.catalog.revocationsAfter(
        this.#revocationCursor,
      );
      this.#revocationCursor = cursor;
      const fresh = revocations.filter((revocation) => !this.#revoked.has(revocation.inviteId));
      if (fresh.length === 0) return;
      for (const revocation of fresh) this.#revoked.add(revocation.inviteId);
      for (const connection of this.#connections) {
        if (this.#revoked.has(connection.inviteId)) {
          this.#options.logger.info('connection.revoked', {
            connection: connection.id,
            invite: connection.inviteId,
          });
          connection.close(CLOSE.forbidden, REVOKED_REASON);
        }
      }
    } catch (error) {
      // The store is away: the next poll tries again; admissions use what is known.
      this.#options.logger.warn('revocations.poll-failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** True once {@link close} has begun: new connections are refused with 1012. */
  get isStopping(): boolean {
    return this.#closed;
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /**
   * Decides on an upgrade: a valid room name, an allowed origin, a valid unexpired token
   * for this workspace that was not revoked, and a cycle the server created (an unknown
   * one is refused with 4404: connecting never creates a cycle). A request without
   * `Origin` is allowed: browsers always send it, so only non-browser clients omit it,
   * and those must still hold a valid token.
   */
  async admit(request: UpgradeRequest): Promise<Admission> {
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
    if (this.#revoked.has(check.invite.id)) {
      return { ok: false, code: CLOSE.forbidden, reason: REVOKED_REASON };
    }
    if (!(await this.cycles.exists(workspace, cycle))) {
      return {
        ok: false,
        code: CLOSE.notFound,
        reason: `there is no cycle called ${cycle} in this workspace`,
      };
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
      // A refused token stays refused (44xx: the client stops); an admitted connection
      // arriving during a shutdown is told to reconnect, to this process or another.
      const code = admission.ok ? CLOSE.serviceRestart : admission.code;
      const reason = admission.ok ? RESTARTING_REASON : admission.reason;
      const refusal = refusalOf(code);
      if (refusal) this.#counts.refused(refusal);
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
    // Admitted, so the token is a valid invite: the key of the person's budget.
    const invite = request.token ?? '';
    const crowded = this.#people.connect(invite);
    if (crowded !== null) {
      logger.warn('connection.rejected', {
        connection: id,
        room: admission.room,
        code: CLOSE.tooManyConnections,
        reason: crowded,
      });
      this.#counts.refused('too_many_connections');
      socket.close(CLOSE.tooManyConnections, truncateReason(crowded));
      return { message() {}, closed() {} };
    }
    const room = this.rooms.get(admission.room);
    const connection = new Connection(id, admission.invite, socket, settings, this.#counts);
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
        this.#counts.bytesReceived += byteLengthOf(data);
        if (connection.isClosed) return;
        // Text frames are not part of the protocol: ignored (but counted by the limit).
        if (!connection.bucket.take()) {
          logger.warn('connection.rate-limited', { connection: id, room: admission.room });
          connection.close(CLOSE.policy, 'too many messages');
          return;
        }
        if (!(data instanceof ArrayBuffer)) return;
        const frame = new Uint8Array(data);
        const isUpdate = isDocumentUpdate(frame);
        if (isUpdate) {
          // One budget per person, whichever of their connections the update came on.
          const spent = this.#people.charge(invite, frame.length);
          if (spent !== null) {
            logger.warn('connection.rate-limited', { connection: id, room: admission.room });
            connection.close(CLOSE.policy, spent);
            return;
          }
        }
        room.receive(connection, frame);
        // The title or the closure may have changed: the index reads them a second later.
        if (isUpdate) this.cycles.touched(room);
      },
      closed: () => {
        if (!this.#connections.delete(connection)) return;
        this.#people.disconnect(invite);
        connection.markClosed();
        room.leave(connection);
        logger.info('connection.closed', { connection: id, room: admission.room });
      },
    };
  }

  /**
   * Stops the relay gracefully. New connections are refused at once (1012). Every room
   * handles the frames already queued, stores them and writes its snapshot; only then are
   * its peers closed with 1012 (Service Restart), so a client that sees the close has
   * every edit it sent before it stored, and reconnects (to another process behind the
   * load balancer, or to this one restarted). Sockets that do not finish the close
   * handshake within a second are cut (an upgraded socket keeps `server.close()` waiting).
   * Frames arriving meanwhile are not stored: the client still holds them and sends them
   * again when it reconnects.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      clearInterval(this.#keepalive);
      if (this.#revocationPoll) clearInterval(this.#revocationPoll);
      // Each room flushes its pending index entry before it closes.
      await this.rooms.close(CLOSE.serviceRestart, RESTARTING_REASON);
      this.cycles.close();
      for (const connection of this.#connections) {
        connection.close(CLOSE.serviceRestart, RESTARTING_REASON);
      }
      await this.#socketsClosed(CLOSE_HANDSHAKE_MS);
      for (const connection of this.#connections) connection.terminate();
      for (const socket of this.wss.clients) socket.terminate();
      this.#connections.clear();
      await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    })();
    return this.#closing;
  }

  /** Resolves once every socket has closed, or after `ms`. */
  async #socketsClosed(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.wss.clients.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
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
    this.#people.prune();
  }
}

/** Sockets holding more unsent data than this are too slow to follow the room: dropped. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** The longest delay a Node timer takes (about 24.8 days); longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

class Connection implements Peer {
  readonly id: string;
  /** The id of the invite it was admitted with (what a revocation names). */
  readonly inviteId: string;
  readonly actor: Actor;
  readonly bucket: TokenBucket;
  #socket: WebSocket;
  #counts: RelayCounts;
  #closed = false;
  #alive = true;
  #expiry: NodeJS.Timeout | null = null;

  constructor(
    id: string,
    invite: Invite,
    socket: WebSocket,
    settings: RelaySettings,
    counts: RelayCounts,
  ) {
    this.id = id;
    this.inviteId = invite.id;
    this.actor = { name: invite.name, role: invite.role, functions: invite.functions };
    this.bucket = new TokenBucket(settings.ratePerSecond, settings.rateBurst);
    this.#socket = socket;
    this.#counts = counts;
    socket.on('pong', () => (this.#alive = true));
    this.#closeAt(invite.expiresAt);
  }

  /** Closes the connection (4401) when its invite expires, as a new connection would be. */
  #closeAt(expiresAt: number): void {
    const wait = expiresAt - Date.now();
    if (wait > MAX_TIMER_MS) {
      this.#expiry = setTimeout(() => this.#closeAt(expiresAt), MAX_TIMER_MS);
    } else {
      this.#expiry = setTimeout(() => this.close(CLOSE.unauthorized, TOKEN_REASONS.expired), wait);
    }
    this.#expiry.unref();
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  send(frame: Uint8Array): void {
    if (this.#closed || this.#socket.readyState !== this.#socket.OPEN) return;
    if (this.#socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#closed = true;
      this.#stopExpiry();
      this.#counts.refused('too_slow');
      this.#socket.terminate();
      return;
    }
    this.#counts.bytesSent += frame.byteLength;
    this.#socket.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopExpiry();
    // Every refusal ends here, whether the relay or the room decided it; a shutdown is none.
    const refusal = code === CLOSE.serviceRestart ? null : refusalOf(code);
    if (refusal) this.#counts.refused(refusal);
    this.#socket.close(code, truncateReason(reason));
  }

  markClosed(): void {
    this.#closed = true;
    this.#stopExpiry();
  }

  terminate(): void {
    this.#closed = true;
    this.#stopExpiry();
    this.#socket.terminate();
  }

  #stopExpiry(): void {
    if (this.#expiry) clearTimeout(this.#expiry);
    this.#expiry = null;
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

/**
 * True for a sync step 2 or update frame (`[0, 1 | 2, ...]`): what changes the document and
 * counts against a person's budget. Malformed frames are left to the room to refuse.
 */
function isDocumentUpdate(frame: Uint8Array): boolean {
  return (
    frame.length > 1 &&
    frame[0] === MESSAGE_SYNC &&
    (frame[1] === SYNC_STEP_2 || frame[1] === SYNC_UPDATE)
  );
}

/** Bytes of a frame as the websocket layer hands it over (binary as an ArrayBuffer). */
function byteLengthOf(data: unknown): number {
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (typeof data === 'string') return Buffer.byteLength(data);
  return ArrayBuffer.isView(data) ? data.byteLength : 0;
}

import type { WebsocketProvider } from 'y-websocket';
import { MESSAGE_PING, PING_FRAME } from '../../../shared/protocol/messages.ts';

/** Tuning of {@link LivenessWatch}; the defaults are what the app uses. */
export interface LivenessOptions {
  /** Ping the relay after this long without any message from it (default 1000 ms). */
  intervalMs?: number;
  /** Count the connection lost after this long without any message (default 2000 ms). */
  timeoutMs?: number;
}

/** Tuning of {@link Heartbeat}; the defaults are what the app uses. */
export interface HeartbeatOptions extends LivenessOptions {
  /**
   * Give up an attempt to connect that has not opened after this long, and start another
   * (default 10000 ms): over a network that silently dropped, an attempt may otherwise
   * hang for minutes after the network is back.
   */
  connectTimeoutMs?: number;
}

/** What a {@link LivenessWatch} needs from the connection it watches. */
export interface LivenessProbe {
  /** When the last message of any kind arrived (ms, the clock of `Date.now()`). */
  lastHeard(): number;
  /** Sends one ping; any message that arrives afterwards proves the connection alive. */
  ping(): void;
  /** Nothing arrived for the whole timeout: the connection is gone. */
  lost(): void;
}

/** A timer that fires this much after it was due ran late. */
const LATE_MS = 100;

/**
 * The timing of the heartbeat, apart from any socket. While started it sleeps until
 * `intervalMs` after the last message heard; if nothing came meanwhile it sends one ping and
 * sleeps until `timeoutMs` after that message (and at least `timeoutMs - intervalMs` after
 * the ping); if still nothing came, it reports the connection lost once and stops. Messages
 * only move a timestamp (no timer per message), so a busy connection costs nothing and
 * sends no ping at all.
 */
export class LivenessWatch {
  readonly #probe: LivenessProbe;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** When the armed timer is due, to tell a timer that ran late. */
  #due = 0;
  /** This check already yielded once to messages that waited behind a late timer. */
  #yielded = false;
  /** The unanswered ping: when it went out and the last message heard before it. */
  #ping: { at: number; heard: number } | null = null;

  constructor(probe: LivenessProbe, options: LivenessOptions = {}) {
    this.#probe = probe;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#timeoutMs = options.timeoutMs ?? 2000;
    if (!(this.#intervalMs > 0 && this.#timeoutMs > this.#intervalMs)) {
      throw new Error(
        `The heartbeat needs 0 < interval < timeout, got an interval of ${this.#intervalMs} ms and a timeout of ${this.#timeoutMs} ms`,
      );
    }
  }

  /** True while watching a connection. */
  get isWatching(): boolean {
    return this.#timer !== null;
  }

  /** Starts watching an open connection (again); the silence counts from its last message. */
  start(): void {
    this.stop();
    this.#arm(this.#probe.lastHeard() + this.#intervalMs);
  }

  /** Stops watching: no ping, no loss reported until started again. */
  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#ping = null;
  }

  #arm(at: number): void {
    this.#due = at;
    this.#timer = setTimeout(() => this.#check(), Math.max(0, at - Date.now()));
  }

  #check(): void {
    this.#timer = null;
    const heard = this.#probe.lastHeard();
    const now = Date.now();
    // Any message since the ping answers it.
    if (this.#ping !== null && heard > this.#ping.heard) this.#ping = null;
    if (this.#ping === null) {
      if (now - heard < this.#intervalMs) {
        this.#arm(heard + this.#intervalMs);
        return;
      }
      this.#ping = { heard, at: now };
      this.#probe.ping();
    }
    // Lost only when the silence is long enough and the ping had its share of it to be
    // answered: a timer that fired late (a tab in the background) never reads as a loss.
    const deadline = Math.max(
      heard + this.#timeoutMs,
      this.#ping.at + this.#timeoutMs - this.#intervalMs,
    );
    if (now >= deadline && now - this.#due > LATE_MS && !this.#yielded) {
      // The timer ran late (a busy page): messages that arrived meanwhile may still wait
      // in the event loop behind it. Let them run before calling the connection lost.
      this.#yielded = true;
      this.#arm(now);
      return;
    }
    this.#yielded = false;
    if (now >= deadline) {
      this.#ping = null;
      this.#probe.lost();
      return;
    }
    this.#arm(deadline);
  }
}

/** The browser's word on its network: `offline` and `online` events of `window`. */
type NetworkEvents = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/**
 * Notices a lost connection to the relay within about two seconds. y-websocket alone
 * notices only after 30 s without a message, and a browser whose network silently went
 * away (a sleeping Wi-Fi, a pulled cable behind a router) sees no TCP failure meanwhile, so
 * the page kept saying "Online" for that long. While the socket is open, this pings the
 * relay after a second of silence (`[101]`, answered at once, see
 * shared/protocol/messages.ts); when no message of any kind arrives within two seconds it
 * closes the socket, which the provider reports as disconnected at once and then retries
 * with its back-off. The browser's own `offline` event closes it at once too, and its
 * `online` event retries at once instead of waiting for the back-off. An attempt that
 * neither opens nor fails within `connectTimeoutMs` is given up for a new one.
 */
export class Heartbeat {
  readonly #provider: WebsocketProvider;
  readonly #watch: LivenessWatch;
  readonly #network: NetworkEvents | null;
  readonly #previousHandler: WebsocketProvider['messageHandlers'][number] | undefined;
  readonly #onStatus: (event: { status: string }) => void;
  readonly #onOffline = () => this.#drop();
  readonly #onOnline = () => this.#retry();
  readonly #connectTimeoutMs: number;
  #connectTimer: ReturnType<typeof setTimeout> | null = null;
  #destroyed = false;

  /**
   * @param network where the browser's `offline`/`online` events come from (`window` in the
   *   page); null where there is none.
   */
  constructor(
    provider: WebsocketProvider,
    network: NetworkEvents | null,
    options: HeartbeatOptions = {},
  ) {
    this.#provider = provider;
    this.#network = network;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#watch = new LivenessWatch(
      {
        lastHeard: () => provider.wsLastMessageReceived,
        ping: () => this.#ping(),
        lost: () => this.#drop(),
      },
      options,
    );
    this.#previousHandler = provider.messageHandlers[MESSAGE_PING];
    // The answer has done its work by arriving (the provider noted the time): nothing to read.
    provider.messageHandlers[MESSAGE_PING] = () => {};
    this.#onStatus = ({ status }) => {
      this.#clearConnectTimer();
      if (status === 'connected') this.#watch.start();
      else this.#watch.stop();
      if (status === 'connecting') this.#armConnectTimer();
    };
    provider.on('status', this.#onStatus);
    if (provider.wsconnected) this.#watch.start();
    else if (provider.wsconnecting) this.#armConnectTimer();
    network?.addEventListener('offline', this.#onOffline);
    network?.addEventListener('online', this.#onOnline);
  }

  /** Stops watching; the provider keeps its connection. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#watch.stop();
    this.#clearConnectTimer();
    this.#provider.off('status', this.#onStatus);
    this.#network?.removeEventListener('offline', this.#onOffline);
    this.#network?.removeEventListener('online', this.#onOnline);
    const handlers = this.#provider.messageHandlers;
    if (this.#previousHandler) handlers[MESSAGE_PING] = this.#previousHandler;
    else delete handlers[MESSAGE_PING];
  }

  #armConnectTimer(): void {
    this.#connectTimer = setTimeout(() => {
      this.#connectTimer = null;
      if (this.#provider.wsconnecting) this.#drop();
    }, this.#connectTimeoutMs);
  }

  #clearConnectTimer(): void {
    if (this.#connectTimer !== null) clearTimeout(this.#connectTimer);
    this.#connectTimer = null;
  }

  #ping(): void {
    const ws = this.#provider.ws;
    if (!ws || ws.readyState !== ws.OPEN) return;
    // lib0 and Uint8Array.of type their bytes over ArrayBufferLike; these are a plain ArrayBuffer's.
    ws.send(PING_FRAME as Uint8Array<ArrayBuffer>);
  }

  /**
   * Closes the socket (open or still connecting) and lets the provider try again. Its own
   * close path runs at once: a socket over a dead network may take minutes to report closed.
   */
  #drop(): void {
    if (this.#destroyed || !this.#provider.shouldConnect || this.#provider.ws === null) return;
    this.#watch.stop();
    this.#provider.disconnect();
    this.#provider.connect();
  }

  /** The network is back: try now rather than after the back-off; an open socket is kept. */
  #retry(): void {
    if (this.#destroyed || !this.#provider.shouldConnect || this.#provider.wsconnected) return;
    this.#provider.disconnect();
    this.#provider.connect();
  }
}

// One piece over 400 lines: a cycle's document, relay connection, device store, presence and
// undo open, change and close together, and every getter reads the same change versions.
import { createSubscriber } from 'svelte/reactivity';
import type { WebsocketProvider } from 'y-websocket';
import { DrawFirstProvider } from '../sync/draw-first-provider.ts';
import {
  applyDocUpdate,
  CHANGE_AREAS,
  createCycleDoc,
  isEmptyDoc,
  providerDoc,
  createUndoTracker,
  onDocChange,
  openDocument,
  PlanProjection,
  readCycleInfo,
  type CycleInfo,
  readChangeThreshold,
  readClosure,
  readMeeting,
  readPrevious,
  readRecords,
  readSignoffs,
  type ChangeArea,
  type Closure,
  type CycleDoc,
  type PreviousCycle,
  type MeetingState,
  type RecordChecks,
  type RecordsReading,
  type UndoTracker,
  type WorkCollection,
  type WorkRecords,
} from '../../../shared/doc/index.ts';
import type { Plan, Reconciliation } from '../../../shared/engine/index.ts';
import { CommandError, type CommandIssue } from '../../../shared/schema/command-error.ts';
import type { GridName } from '../../../shared/schema/grids.ts';
import { afterNextPaint, whenIdleAfterPaint } from '../lib/after-paint.ts';
import { DevicePersistence } from '../device/device-persistence.ts';
import type { DeviceStore } from '../device/device-store.ts';
import { DeviceStorageError } from '../device/device-storage-error.ts';
import { forgetRoomKept, isRoomKept, markRoomKept } from '../device/kept-rooms.ts';
import { actorOf, type Invite } from '../session/invite.ts';
import { takeEarlyState, type EarlyState } from '../session/early-open.ts';
import type { Actor } from '../../../shared/policy/roles.ts';
import type { Verdict } from '../../../shared/policy/write-policy.ts';
import { mayEditPlan } from '../lib/policy-view.ts';
import { Heartbeat } from '../sync/heartbeat.ts';
import { loadCycleState, SERVER_STATE_ORIGIN } from '../sync/cycle-state.ts';
import { ServerAck } from '../sync/server-ack.ts';
import { colorFor, presenceColors } from '../lib/colors.ts';
import { utcDay } from '../../../shared/dates.ts';
import { isRole, type Role } from '../../../shared/policy/roles.ts';

/**
 * Applies the cycle's state from the server to a document nobody listens to yet; the
 * device store keeps the same bytes. A state the document refuses (damaged on the way)
 * is dropped: the socket's sync brings the cycle instead.
 */
function adoptServerState(
  doc: CycleDoc,
  state: Uint8Array,
  persistence: DevicePersistence | null,
): void {
  try {
    if (persistence) persistence.adopt(state, SERVER_STATE_ORIGIN);
    else applyDocUpdate(doc, state, SERVER_STATE_ORIGIN);
  } catch {
    // Left to the socket, which reports a server it cannot reach or that refuses.
  }
}

/** A state loaded by the session itself: no document was built from it yet. */
function unbuilt(state: Uint8Array | null): EarlyState | null {
  return state ? { state, doc: null } : null;
}

/** The connection to the relay, as the page shows it. */
export type ConnectionState = 'connecting' | 'syncing' | 'online' | 'offline' | 'refused';

/** The grid cell a person has focused, shown to the others in that person's colour. */
export interface CellFocus {
  grid: GridName;
  id: string;
  month: string;
}

/**
 * Someone in the cycle right now (this person included, marked `isMe`). The relay stamps
 * each person's name and role from their invite, so they can be trusted to say who is here.
 */
export interface Person {
  clientId: number;
  name: string;
  role: Role;
  color: string;
  isMe: boolean;
  focus: CellFocus | null;
  /** The view they are on, e.g. `plan` or `meeting`. */
  view: string | null;
}

/**
 * The plan as the page reads it: one value per plan version. A new object is made once
 * per version (the first time it is read after a change), so a `$derived` that reads it
 * recomputes with every change of the plan. The `plan` and `result` inside are not
 * copies: the engine updates them in place, so two versions may hold the very same
 * objects. Derive from the whole value (`session.live`), never keep `live.result` alone
 * as the input of a `$derived`: its identity does not change when its numbers do.
 */
export interface LivePlan {
  /** Counts the changes to the plan seen in this session. */
  readonly version: number;
  /** The plan, or null when the cycle has none yet (see `problem`). */
  readonly plan: Plan | null;
  /** The engine's reconciliation of the plan, refreshed incrementally on every edit. */
  readonly result: Reconciliation | null;
  /** Why there is no plan to show. */
  readonly problem: string | null;
}

/** A live plan that has results: what the views that show the engine's numbers read. */
export interface ReconciledPlan extends LivePlan {
  readonly plan: Plan;
  readonly result: Reconciliation;
}

/** Whether the plan has arrived and been reconciled. */
export function hasResult(live: LivePlan): live is ReconciledPlan {
  return live.plan !== null && live.result !== null;
}

/** The outcome of a command run through {@link CycleSession.act}. */
export type ActResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** The refusal as one line, as the notice shows it. */
      error: string;
      /** What was wrong, field by field (one issue with no path when it is about no field). */
      issues: readonly CommandIssue[];
    };

/**
 * One cycle open in this browser: its document, kept on the device and synced through
 * the relay, the plan projection and engine results, presence, and undo of my own
 * commands. Components read the getters (each tracks only the part of the document it
 * needs) and write only through {@link act}, which runs a named command of shared/doc.
 */
export class CycleSession {
  readonly invite: Invite;
  /** Who this person is, as the write policy reads them: name, role, functions. */
  readonly actor: Actor;
  readonly cycle: string;
  readonly room: string;
  readonly #doc: CycleDoc;
  readonly #projection: PlanProjection;
  readonly #undo: UndoTracker;
  readonly #provider: WebsocketProvider;
  readonly #ack: ServerAck;
  readonly #heartbeat: Heartbeat;
  readonly #persistence: DevicePersistence | null;
  readonly #cleanups: (() => void)[] = [];
  // Listeners, not state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #ownChangeListeners = new Set<(touched: Map<string, Set<string>>) => void>();
  // Not reactive on purpose: entries are keyed by the reactive change versions.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #cache = new Map<string, { version: number; value: unknown }>();
  /** Each collection's records as last read, so a change checks only the records it touched. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #checks = new Map<string, RecordChecks>();
  // Plain, not state: the plan reaches Svelte through #subscribePlan, once per version.
  #liveVersion = 0;
  #live: LivePlan | null = null;
  // Listeners, not state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #planListeners = new Set<() => void>();
  readonly #subscribePlan = createSubscriber((update) => {
    this.#planListeners.add(update);
    return () => this.#planListeners.delete(update);
  });

  // The plan a frame behind (see liveBehind): what it shows, who reads it, the wait.
  #behind: LivePlan | null = null;
  #cancelBehind: (() => void) | null = null;
  // Listeners, not state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #behindListeners = new Set<() => void>();
  readonly #subscribeBehind = createSubscriber((update) => {
    this.#behindListeners.add(update);
    return () => this.#behindListeners.delete(update);
  });

  // Its own signal, not read through the plan's version: the views reading it (hundreds
  // of them) are then not told of every plan edit.
  #info = $state.raw<CycleInfo>({ cycle: '', title: '', currency: '' });
  #versions = $state<Record<ChangeArea, number>>(
    Object.fromEntries(CHANGE_AREAS.map((area) => [area, 0])) as Record<ChangeArea, number>,
  );
  #connection = $state<ConnectionState>('connecting');
  #refusal = $state<string | null>(null);
  #lastFocus = $state<CellFocus | null>(null);
  #refusedChange = $state<string | null>(null);
  #isSynced = $state(false);
  #deviceSaved = $state(true);
  #deviceError = $state<string | null>(null);
  #serverHasAll = $state<boolean | null>(null);
  #people = $state.raw<Person[]>([]);
  #canUndo = $state(false);
  #canRedo = $state(false);
  #readOnlyReason = $state<string | null>(null);
  #notice = $state<string | null>(null);
  #destroyed = false;

  private constructor(
    invite: Invite,
    cycle: string,
    doc: CycleDoc,
    persistence: DevicePersistence | null,
    deviceError: string | null,
    serverUrl: string,
  ) {
    this.invite = invite;
    this.actor = actorOf(invite);
    this.cycle = cycle;
    this.room = `${invite.workspace}/${cycle}`;
    this.#doc = doc;
    this.#persistence = persistence;
    this.#deviceError = deviceError;
    this.#readInfo();
    this.#projection = new PlanProjection(doc, whenIdleAfterPaint);
    this.#undo = createUndoTracker(doc);
    this.#checkSchema();

    this.#cleanups.push(
      onDocChange(doc, ({ areas, isLocal, touched }) => {
        for (const [root, ids] of touched) {
          const checks = this.#checks.get(root);
          if (checks) for (const id of ids) checks.delete(id);
        }
        for (const area of areas) this.#versions[area]++;
        if (areas.has('plan')) {
          // Title, month and currency live in the metadata: read again only when it changed.
          if (touched.has('meta')) this.#readInfo();
          this.#liveVersion++;
          for (const listener of this.#planListeners) listener();
          this.#checkSchema();
          this.#cancelBehind ??= afterNextPaint(() => this.#catchUpBehind());
        }
        if (isLocal) for (const listener of this.#ownChangeListeners) listener(touched);
      }),
      this.#undo.onChange(() => {
        this.#canUndo = this.#undo.canUndo;
        this.#canRedo = this.#undo.canRedo;
      }),
    );
    if (persistence) {
      let kept = false;
      const update = () => {
        this.#deviceSaved = persistence.status.pending === 0;
        this.#deviceError = persistence.status.error;
        if (!kept && persistence.status.savedAt !== null) {
          kept = true;
          markRoomKept(this.room);
        }
      };
      update();
      this.#cleanups.push(persistence.onStatus(update));
    }

    this.#provider = new DrawFirstProvider(serverUrl, cycle, providerDoc(doc), {
      params: { token: invite.token },
      maxBackoffTime: 2500,
      disableBc: true,
    });
    // The other tabs of this browser hear of the cycle once the first frame is painted,
    // and only what each lacks travels (sync/tab-join.ts).
    const provider = this.#provider;
    this.#cleanups.push(
      afterNextPaint(() => {
        provider.disableBc = false;
        provider.connectBc();
      }),
    );
    const awareness = this.#provider.awareness;
    awareness.setLocalStateField('user', {
      name: invite.name,
      role: invite.role,
      color: colorFor(`${invite.name}#${doc.clientID}`),
    });
    const onAwareness = () => this.#readPeople();
    awareness.on('change', onAwareness);
    this.#cleanups.push(() => awareness.off('change', onAwareness));
    this.#readPeople();

    this.#provider.on('status', ({ status }) => {
      if (this.#connection === 'refused') return;
      if (status === 'connected') this.#connection = this.#isSynced ? 'online' : 'syncing';
      // A retry after a lost connection is still offline until it gets through.
      else if (status === 'connecting' && this.#connection !== 'offline') {
        this.#connection = 'connecting';
      } else if (status === 'disconnected') this.#connection = 'offline';
    });
    // An attempt that fails (server down, no network) closes without ever reporting
    // 'disconnected': without this the page would read "Connecting…" for the whole outage.
    this.#provider.on('connection-close', () => {
      if (this.#connection !== 'refused' && !this.#provider.wsconnected) {
        this.#connection = 'offline';
      }
    });
    this.#provider.on('sync', (synced) => {
      this.#isSynced = synced;
      if (this.#connection !== 'refused' && this.#provider.wsconnected) {
        this.#connection = synced ? 'online' : 'syncing';
      }
    });
    // A 44xx close ends the connection for good (y-websocket never retries it), so a
    // refused change is never sent again from this copy.
    this.#provider.on('closed', ({ code, reason }) => {
      this.#connection = 'refused';
      this.#refusal = reason || `the server refused the connection (code ${code})`;
      if (code === 4403 && reason.startsWith(REFUSED_CHANGE)) {
        this.#refusedChange = reason.slice(REFUSED_CHANGE.length);
      }
    });
    // Offline within about 2 s of losing the network, not y-websocket's 30 s.
    this.#heartbeat = new Heartbeat(this.#provider, typeof window === 'undefined' ? null : window);
    this.#ack = new ServerAck(this.#provider, doc);
    this.#serverHasAll = this.#ack.serverHasAll;
    this.#cleanups.push(this.#ack.onChange(() => (this.#serverHasAll = this.#ack.serverHasAll)));
  }

  /**
   * Opens a cycle: first from this device's store (so it shows with no network), then
   * syncs with the relay. When this device holds none of it (a first visit), the whole
   * cycle is loaded over HTTP meanwhile and applied before anything listens to the
   * document (sync/cycle-state.ts). A device store that fails is reported, and the cycle
   * still opens from the network.
   */
  static async open(
    invite: Invite,
    cycle: string,
    device: DeviceStore | null,
  ): Promise<CycleSession> {
    const room = `${invite.workspace}/${cycle}`;
    // A cycle this device holds opens from it; only a new one loads over HTTP meanwhile.
    const stateWanted = new AbortController();
    const load = () => loadCycleState(invite, cycle, stateWanted.signal);
    // An invite link's first visit may have asked for it before the app started, and
    // built the document from it while the app's script compiled.
    const asked = takeEarlyState(invite.workspace, invite.token, cycle);
    const early: Promise<EarlyState | null> | null =
      device && isRoomKept(room)
        ? null
        : (asked ?? Promise.resolve(undefined)).then(async (taken) =>
            taken === undefined ? unbuilt(await load()) : taken,
          );
    let deviceError: string | null = device
      ? null
      : 'This browser cannot keep data offline (no storage available): edits live only in this tab until they reach the server.';
    const kept: { persistence: DevicePersistence | null } = { persistence: null };
    let loaded: Promise<void> = Promise.resolve();
    const keepOnDevice = (doc: CycleDoc, holds?: Uint8Array) => {
      if (!device) return;
      const started = DevicePersistence.start(device, room, doc, { holds });
      kept.persistence = started.persistence;
      loaded = started.loaded.catch((error: unknown) => {
        kept.persistence = null;
        // The device store already words its failures for the person; others get a sentence.
        deviceError =
          error instanceof DeviceStorageError
            ? error.message
            : `This device could not open its saved copy of the cycle: ${errorText(error)}`;
      });
    };
    let doc: CycleDoc;
    if (early) {
      // A cycle new to this device shows as soon as the server sends it, while the device
      // store is still opening (a first visit starts its worker and database): the
      // session does not wait for it, and hears if it fails.
      const state = await early;
      doc = state?.doc ?? createCycleDoc();
      keepOnDevice(doc, state?.doc ? state.state : undefined);
      if (state && !state.doc) adoptServerState(doc, state.state, kept.persistence);
    } else {
      doc = createCycleDoc();
      keepOnDevice(doc);
      await loaded;
      if (isEmptyDoc(doc)) {
        const state = await load();
        if (state) adoptServerState(doc, state, kept.persistence);
      } else {
        // The device's copy shows at once; the socket's sync brings what it lacks.
        stateWanted.abort();
        if (kept.persistence) markRoomKept(room);
      }
    }
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const serverUrl = `${scheme}://${location.host}/sync/${encodeURIComponent(invite.workspace)}`;
    const session = new CycleSession(invite, cycle, doc, kept.persistence, deviceError, serverUrl);
    if (early) {
      void loaded.then(() => {
        if (deviceError !== null) session.#deviceError = deviceError;
      });
    }
    return session;
  }

  /** The document, for components that bind a shared text (agenda notes) to an editor. */
  get doc(): CycleDoc {
    return this.#doc;
  }

  /** Who is here and where their cursor is, for an editor that shows others' cursors. */
  get awareness(): WebsocketProvider['awareness'] {
    return this.#provider.awareness;
  }

  /**
   * True when this person cannot change the plan and the work items: viewers and
   * approvers, a closed cycle, a document written by a newer Fulcrum. What else they may
   * do (sign off, mark the pre-read read...) each control asks {@link may}.
   */
  get isReadOnly(): boolean {
    return this.readOnlyReason !== null;
  }

  /** The closed plan of the cycle before this one (for plan over plan), or null. */
  get previous(): PreviousCycle | null {
    return this.#cached('previous', 'cycle', () => readPrevious(this.#doc));
  }

  /** The share of change (0.1 is 10%) above which a change since last cycle asks for a reason. */
  get changeThreshold(): number {
    return this.#cached('changeThreshold', 'cycle', () => readChangeThreshold(this.#doc));
  }

  /** How the cycle was closed (frozen), or null while it is open. */
  get closure(): Closure | null {
    return this.#cached('closure', 'cycle', () => readClosure(this.#doc));
  }

  /**
   * Why nobody can change this cycle here, in words (it is closed, written by a newer
   * Fulcrum, or the server refused a change this copy holds, so what is done here would
   * be lost with it on the reload); null while it is open.
   */
  get frozenReason(): string | null {
    if (this.#readOnlyReason) return this.#readOnlyReason;
    if (this.#refusedChange !== null) {
      return 'The server refused your last change: reload the cycle from the server to go on.';
    }
    const closure = this.closure;
    if (closure) {
      return `This cycle was closed on ${utcDay(closure.closedAt) ?? closure.closedAt} by ${closure.closedBy}: what was agreed can no longer change.`;
    }
    return null;
  }

  /** Why this person cannot change the plan and work items, in words; null when they can. */
  get readOnlyReason(): string | null {
    return this.may(mayEditPlan).reason ?? null;
  }

  /**
   * Whether this person may make a write here now: never in a frozen cycle, else as the
   * write policy says (`check` is one of lib/policy-view.ts). The refusal is the sentence
   * to show beside the disabled control.
   */
  may(check: (actor: Actor) => Verdict): { ok: boolean; reason?: string } {
    const frozen = this.frozenReason;
    if (frozen) return { ok: false, reason: frozen };
    return check(this.actor);
  }

  get isFacilitator(): boolean {
    return this.invite.role === 'facilitator';
  }

  get connection(): ConnectionState {
    return this.#connection;
  }

  /** Why the server refused this person, when it did. */
  get refusal(): string | null {
    return this.#refusal;
  }

  /**
   * The rule that refused my last change, in words, when the server refused a change
   * (rather than the invite): this device's copy still holds it, the server does not.
   */
  get refusedChange(): string | null {
    return this.#refusedChange;
  }

  /** True once the cycle has synced with the server at least once in this connection. */
  get isSynced(): boolean {
    return this.#isSynced;
  }

  /** True when every local edit is in this device's store. */
  get isSavedOnDevice(): boolean {
    return this.#persistence !== null && this.#deviceSaved && this.#deviceError === null;
  }

  /** What went wrong with the device store, shown until it recovers. */
  get deviceError(): string | null {
    return this.#deviceError;
  }

  /** True when the server has every edit this browser has; null until it answered once. */
  get serverHasAll(): boolean | null {
    return this.#serverHasAll;
  }

  /** Everyone here now, me first. */
  get people(): Person[] {
    return this.#people;
  }

  /** A message for the person (a command that was refused), until dismissed. */
  get notice(): string | null {
    return this.#notice;
  }

  dismissNotice(): void {
    this.#notice = null;
  }

  /**
   * The plan, its engine results and why there is none, as one value whose identity
   * changes once per plan version (see {@link LivePlan}): the only way the plan reaches
   * the page, so no view can read it without being told of its changes.
   */
  get live(): LivePlan {
    this.#subscribePlan();
    return this.#current();
  }

  /**
   * The same plan as {@link live}, told of its changes once the next frame is painted:
   * for parts of the page away from where people type (the grids below the family plan),
   * so a keystroke's frame does only the work of what is in view. A burst of edits
   * reaches it once.
   */
  get liveBehind(): LivePlan {
    this.#subscribeBehind();
    return (this.#behind ??= this.#current());
  }

  #catchUpBehind(): void {
    this.#cancelBehind = null;
    if (this.#destroyed) return;
    // Nobody reads it now (another view is open): the next read takes the plan as it is.
    if (this.#behindListeners.size === 0) {
      this.#behind = null;
      return;
    }
    this.#behind = this.#current();
    for (const listener of this.#behindListeners) listener();
  }

  #current(): LivePlan {
    const version = this.#liveVersion;
    if (this.#live?.version !== version) {
      const projection = this.#projection;
      this.#live = {
        version,
        plan: projection.plan ?? null,
        result: projection.result ?? null,
        problem: projection.problem ?? null,
      };
    }
    return this.#live;
  }

  /**
   * Title, month and currency of the cycle. The object is kept while they stay the same,
   * so the views that read it are not told of every plan edit.
   */
  get info(): CycleInfo {
    return this.#info;
  }

  /** Reads the cycle's info again, and replaces it only when something in it changed. */
  #readInfo(): void {
    const next = readCycleInfo(this.#doc);
    const last = this.#info;
    if (last.cycle !== next.cycle || last.title !== next.title || last.currency !== next.currency)
      this.#info = next;
  }

  /** A work collection's records, checked and ordered; recomputed only when it changes. */
  records<K extends WorkCollection>(name: K): RecordsReading<WorkRecords[K]> {
    // Decisions and agenda items read with their revisions applied.
    const areas = name === 'decisions' || name === 'agenda' ? [name, 'revisions' as const] : name;
    return this.#cached(name, areas, () => {
      let checks = this.#checks.get(name);
      // Not state: what was checked, forgotten record by record as changes touch them.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      if (!checks) this.#checks.set(name, (checks = new Map()));
      return readRecords(this.#doc, name, { checks });
    });
  }

  /** Sign-offs by stage, then function. */
  get signoffs(): ReturnType<typeof readSignoffs> {
    return this.#cached('signoffs', 'signoffs', () => readSignoffs(this.#doc));
  }

  /** The meeting state (started, current item). */
  get meeting(): MeetingState {
    return this.#cached('meeting', 'meeting', () => readMeeting(this.#doc));
  }

  get canUndo(): boolean {
    return this.#canUndo;
  }

  get canRedo(): boolean {
    return this.#canRedo;
  }

  /** Undoes my last command (never someone else's). */
  undo(): void {
    if (!this.frozenReason) this.#undo.undo();
  }

  /** Redoes my last undone command. */
  redo(): void {
    if (!this.frozenReason) this.#undo.redo();
  }

  /**
   * Runs a named command of shared/doc on this cycle, when `check` (a question of
   * lib/policy-view.ts; changing the plan and work items unless told) allows it and the
   * cycle is not frozen. A command that throws (invalid input) writes nothing, and its
   * message is returned and shown as the notice, with its issues by field for a form to
   * place.
   */
  act<T>(
    command: (doc: CycleDoc) => T,
    check: (actor: Actor) => Verdict = mayEditPlan,
  ): ActResult<T> {
    const reason = this.may(check).reason;
    if (reason) {
      this.#notice = reason;
      return { ok: false, error: reason, issues: [{ path: '', message: reason }] };
    }
    try {
      return { ok: true, value: command(this.#doc) };
    } catch (error) {
      const message = errorText(error);
      this.#notice = message;
      const issues = error instanceof CommandError ? error.issues : [{ path: '', message }];
      return { ok: false, error: message, issues };
    }
  }

  /**
   * Calls `listener` after each of my own commands (and undo or redo of them) with the
   * records it touched by root (see `DocChange.touched`), so what I did myself never
   * reads as news to me. Returns the function that stops listening.
   */
  onOwnChange(listener: (touched: Map<string, Set<string>>) => void): () => void {
    this.#ownChangeListeners.add(listener);
    return () => this.#ownChangeListeners.delete(listener);
  }

  /** Shows the others which cell I am on (null when none). */
  setFocus(focus: CellFocus | null): void {
    if (focus) this.#lastFocus = focus;
    // Told to the others once this frame is painted: a keystroke's own consequences come
    // first, and a run of moves sends only where the cursor ended.
    const pending = this.#focusToSend !== undefined;
    this.#focusToSend = focus;
    if (pending) return;
    afterNextPaint(() => {
      const latest = this.#focusToSend;
      this.#focusToSend = undefined;
      if (latest !== undefined && !this.#destroyed)
        this.#provider.awareness.setLocalStateField('focus', latest);
    });
  }

  // Not state: the cell to show the others next, undefined when nothing waits.
  #focusToSend: CellFocus | null | undefined = undefined;

  /** The plan cell I was last on (kept when the grid loses the focus), or null. */
  get lastFocus(): CellFocus | null {
    return this.#lastFocus;
  }

  /** Shows the others which view I am on. */
  setView(view: string): void {
    this.#provider.awareness.setLocalStateField('view', view);
  }

  /**
   * Closes the session, then removes this device's copy of the cycle, so the cycle opens
   * again from the server alone (after the server refused a change this copy holds).
   */
  async discardDeviceCopy(device: DeviceStore | null): Promise<void> {
    this.destroy();
    await this.#persistence?.settled();
    forgetRoomKept(this.room);
    await device?.forget(this.room);
  }

  /** Closes the connection and the device store; the session cannot be used afterwards. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#cancelBehind?.();
    this.#heartbeat.destroy();
    this.#ack.destroy();
    this.#provider.destroy();
    this.#persistence?.destroy();
    this.#projection.destroy();
    this.#undo.destroy();
    this.#doc.destroy();
  }

  #cached<T>(key: string, area: ChangeArea | readonly ChangeArea[], read: () => T): T {
    // Versions only grow, so their sum changes whenever one of the areas does.
    const areas = typeof area === 'string' ? [area] : area;
    const version = areas.reduce((sum, one) => sum + this.#versions[one], 0);
    const hit = this.#cache.get(key);
    if (hit && hit.version === version) return hit.value as T;
    const value = read();
    this.#cache.set(key, { version, value });
    return value;
  }

  #checkSchema(): void {
    const mode = openDocument(this.#doc);
    this.#readOnlyReason = mode.writable ? null : mode.reason;
  }

  #readPeople(): void {
    const awareness = this.#provider.awareness;
    const people: Person[] = [];
    for (const [clientId, state] of awareness.getStates()) {
      // Others' states come stamped by the relay with their invite's name and role; one
      // without a name and a known role did not come through it and is not shown.
      const user = (state as { user?: { name?: unknown; role?: unknown; color?: unknown } }).user;
      if (!user || typeof user.name !== 'string' || !isRole(user.role)) continue;
      people.push({
        clientId,
        name: user.name,
        role: user.role,
        color: typeof user.color === 'string' ? user.color : colorFor(user.name),
        isMe: clientId === awareness.clientID,
        focus: readFocus((state as { focus?: unknown }).focus),
        view:
          typeof (state as { view?: unknown }).view === 'string'
            ? (state as { view: string }).view
            : null,
      });
    }
    people.sort(
      (a, b) =>
        Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name) || a.clientId - b.clientId,
    );
    // One colour per person, no two alike, the same in every browser.
    const colors = presenceColors(people.map((person) => person.name));
    for (const person of people) person.color = colors.get(person.name) ?? person.color;
    this.#people = people;
  }
}

/** How the relay's close reason starts when it refuses a change (server/sync/room.ts). */
const REFUSED_CHANGE = 'this change was refused: ';

function readFocus(value: unknown): CellFocus | null {
  if (!value || typeof value !== 'object') return null;
  const { grid, id, month } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof month !== 'string') return null;
  if (grid !== 'demand' && grid !== 'supply' && grid !== 'budget' && grid !== 'capacity')
    return null;
  return { grid, id, month };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

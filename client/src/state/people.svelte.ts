import { FUNCTION_WORDS } from '../../../shared/vocabulary/index.ts';
import { isRole, type Role, type SopFunction } from '../../../shared/policy/roles.ts';
import { FUNCTIONS } from '../../../shared/schema/records.ts';
import type { Invite } from '../session/invite.ts';

/** One person of the workspace, as the people route gives them. */
export interface WorkspacePerson {
  id: string;
  name: string;
  role: Role;
  functions: readonly SopFunction[];
}

/** Where the list stands: not asked yet, asked, from the server, or from this device's copy. */
export type PeopleStatus = 'idle' | 'loading' | 'ready' | 'offline';

/** "Sam Sales · Sales, Marketing": a person as a picker shows them. */
export function personLabel(person: WorkspacePerson): string {
  const functions = person.functions.map((fn) => FUNCTION_WORDS[fn]).join(', ');
  return functions ? `${person.name} · ${functions}` : person.name;
}

/** The people as a page reads them back from the server or this device; null when not a list. */
export function readPeople(body: unknown): WorkspacePerson[] | null {
  const list = (body as { people?: unknown } | null)?.people;
  if (!Array.isArray(list)) return null;
  const people = list.filter(
    (person: Partial<WorkspacePerson> | null): person is WorkspacePerson =>
      typeof person?.id === 'string' &&
      typeof person.name === 'string' &&
      isRole(person.role) &&
      Array.isArray(person.functions) &&
      person.functions.every((fn) => (FUNCTIONS as readonly unknown[]).includes(fn)),
  );
  return people.length === list.length ? people : null;
}

const CACHE_PREFIX = 'fulcrum.people.';

/**
 * The workspace's people for one invite: asked of the server once the page needs them,
 * kept in this browser (localStorage) so owner pickers work offline too, and corrected by
 * the facilitator ({@link edit}; the server refuses anyone else).
 */
export class WorkspacePeople {
  readonly #invite: Invite;
  #people = $state.raw<WorkspacePerson[]>([]);
  #status = $state<PeopleStatus>('idle');
  #problem = $state<string | null>(null);

  constructor(invite: Invite) {
    this.#invite = invite;
    const kept = readCache(invite.workspace);
    if (kept) this.#people = kept;
  }

  /** The people, by name (the device's copy until the server answers). */
  get people(): readonly WorkspacePerson[] {
    return this.#people;
  }

  get status(): PeopleStatus {
    return this.#status;
  }

  /** Why the list could not be read or changed; null when all is well. */
  get problem(): string | null {
    return this.#problem;
  }

  /** The person of a name, when the workspace has one (names compare without case). */
  find(name: string): WorkspacePerson | undefined {
    const wanted = name.trim().toLowerCase();
    return this.#people.find((person) => person.name.trim().toLowerCase() === wanted);
  }

  /** Asks the server for the list (once, unless `again`); keeps the device's copy offline. */
  async load(again = false): Promise<void> {
    if (!again && (this.#status === 'loading' || this.#status === 'ready')) return;
    if (globalThis.navigator?.onLine === false) {
      // Offline: the device's copy serves; asking would only log a failed request.
      this.#status = 'offline';
      return;
    }
    this.#status = 'loading';
    try {
      const response = await fetch(this.#url(), { headers: this.#headers() });
      if (response.status === 401 || response.status === 403) {
        // The invite itself was refused: the page says so once, where the person joins;
        // the list keeps the device's copy and adds no second alarm.
        this.#status = 'offline';
        this.#problem = null;
        return;
      }
      const body: unknown = await response.json().catch(() => null);
      const people = response.ok ? readPeople(body) : null;
      if (!people) throw new Error(errorOf(body) ?? `the server answered ${response.status}`);
      this.#people = people;
      this.#status = 'ready';
      this.#problem = null;
      writeCache(this.#invite.workspace, people);
    } catch (error) {
      this.#status = 'offline';
      this.#problem =
        error instanceof TypeError
          ? null
          : `The workspace's people could not be read: ${error instanceof Error ? error.message : String(error)}.`;
    }
  }

  /** The facilitator corrects a person's name or functions; the problem, or null once saved. */
  async edit(
    id: string,
    patch: { name?: string; functions?: readonly SopFunction[] },
  ): Promise<string | null> {
    try {
      const response = await fetch(`${this.#url()}/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        headers: { ...this.#headers(), 'Content-Type': 'application/json' },
        body: JSON.stringify(patch),
      });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) return errorOf(body) ?? `The server answered ${response.status}.`;
      await this.load(true);
      return null;
    } catch {
      return 'Changing a person needs the server: it cannot be reached now.';
    }
  }

  #url(): string {
    return `/api/workspaces/${encodeURIComponent(this.#invite.workspace)}/people`;
  }

  #headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.#invite.token}` };
  }
}

function errorOf(body: unknown): string | null {
  const error = (body as { error?: unknown } | null)?.error;
  return typeof error === 'string' ? error : null;
}

function readCache(workspace: string): WorkspacePerson[] | null {
  try {
    const text = globalThis.localStorage?.getItem(CACHE_PREFIX + workspace);
    return text ? readPeople(JSON.parse(text)) : null;
  } catch {
    return null;
  }
}

function writeCache(workspace: string, people: readonly WorkspacePerson[]): void {
  try {
    globalThis.localStorage?.setItem(CACHE_PREFIX + workspace, JSON.stringify({ people }));
  } catch {
    // A full or blocked storage only costs the offline copy.
  }
}

// Not state: which list belongs to which invite never changes what a page shows.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const byToken = new Map<string, WorkspacePeople>();

/**
 * The people of the invite's workspace: one list per invite. Call its `load()` from an
 * effect (or an event) to ask the server; reading it never asks.
 */
export function peopleOf(invite: Invite): WorkspacePeople {
  let found = byToken.get(invite.token);
  if (!found) {
    found = new WorkspacePeople(invite);
    byToken.set(invite.token, found);
  }
  return found;
}

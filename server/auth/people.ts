import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isRole, type Role, type SopFunction } from '../../shared/policy/roles.ts';
import { FUNCTIONS } from '../../shared/schema/records.ts';
import { isSopFunction, MAX_DISPLAY_NAME, NAME_PATTERN } from './tokens.ts';

/**
 * The people of a workspace: everyone invited to it, with the functions they speak for
 * and their role, so owner, attendee and sign-off fields pick from a list rather than
 * free text. A person is recorded from their invites (the `fulcrum invite` command, the
 * demo workspace's six, and every invite the server sees asking for the list); the
 * facilitator corrects a name or the functions, and a later invite leaves what they set.
 * Kept as one JSON file per workspace in the data folder (`workspaces/<w>/people.json`),
 * written whole (to a temporary file, then renamed), one write at a time per process.
 */

/** One person of a workspace. */
export interface Person {
  /** Stable id (12 base64url characters), what the edit route names. */
  id: string;
  /** The name their invites carry: how an invite finds its person again. */
  invitedAs: string;
  /** The name shown and picked (the invite's, unless the facilitator changed it). */
  name: string;
  role: Role;
  functions: SopFunction[];
  /** What the facilitator set by hand, which a later invite does not change. */
  edited?: { name?: boolean; functions?: boolean };
}

/** What an invite tells of its person. */
export interface InvitedPerson {
  name: string;
  role: Role;
  functions: readonly SopFunction[];
}

/** A facilitator's correction of a person: a name, the functions, or both. */
export interface PersonEdit {
  name?: string;
  functions?: readonly SopFunction[];
}

/** Checks an edit as the route receives it: the edit, or the sentence saying what is wrong. */
export function readPersonEdit(
  body: unknown,
): { ok: true; edit: PersonEdit } | { ok: false; error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: 'Send a JSON object with a name, functions, or both.' };
  }
  const { name, functions, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    return { ok: false, error: `A person has no field "${unknown[0]}": change name or functions.` };
  }
  const edit: PersonEdit = {};
  if (name !== undefined) {
    if (typeof name !== 'string' || name.trim() === '' || name.trim().length > MAX_DISPLAY_NAME) {
      return { ok: false, error: `name must be 1 to ${MAX_DISPLAY_NAME} characters.` };
    }
    edit.name = name.trim();
  }
  if (functions !== undefined) {
    if (!Array.isArray(functions) || !functions.every(isSopFunction)) {
      return { ok: false, error: `functions must be a list of ${FUNCTIONS.join(', ')}.` };
    }
    if (new Set(functions).size !== functions.length) {
      return { ok: false, error: 'functions names a function twice.' };
    }
    edit.functions = inFunctionOrder(functions);
  }
  if (edit.name === undefined && edit.functions === undefined) {
    return { ok: false, error: 'Send a name, functions, or both.' };
  }
  return { ok: true, edit };
}

/** The people of every workspace, kept in the data folder (see the module comment). */
export class PeopleDirectory {
  readonly #dataDir: string;
  /** Writes in this process, one after the other, so none is lost. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.#dataDir = dataDir;
  }

  /** The file of a workspace's people. */
  file(workspace: string): string {
    if (!NAME_PATTERN.test(workspace)) throw new RangeError(`no workspace "${workspace}"`);
    return join(this.#dataDir, 'workspaces', workspace, 'people.json');
  }

  /** The workspace's people, by name; null when none was ever recorded (no file). */
  async list(workspace: string): Promise<Person[] | null> {
    const people = await this.#read(workspace);
    return people === null ? null : [...people].sort(byName);
  }

  /**
   * Records the people of invites: a person already known by the invited name takes the
   * invite's role, and its functions unless the facilitator set them; a new one is added.
   */
  recordInvites(workspace: string, invites: readonly InvitedPerson[]): Promise<Person[]> {
    return this.#change(workspace, (people) => {
      for (const invite of invites) {
        const invitedAs = invite.name.trim();
        const known = people.find((person) => sameName(person.invitedAs, invitedAs));
        const functions = inFunctionOrder(invite.functions);
        if (!known) {
          people.push({
            id: newPersonId(),
            invitedAs,
            name: invitedAs,
            role: invite.role,
            functions,
          });
          continue;
        }
        known.role = invite.role;
        if (!known.edited?.functions) known.functions = functions;
      }
      return people;
    });
  }

  /** Applies a facilitator's edit; null when the workspace has no such person. */
  async edit(workspace: string, id: string, edit: PersonEdit): Promise<Person | null> {
    let changed: Person | null = null;
    await this.#change(workspace, (people) => {
      const person = people.find((known) => known.id === id);
      if (!person) return people;
      if (edit.name !== undefined) {
        person.name = edit.name;
        person.edited = { ...person.edited, name: true };
      }
      if (edit.functions !== undefined) {
        person.functions = inFunctionOrder(edit.functions);
        person.edited = { ...person.edited, functions: true };
      }
      changed = { ...person };
      return people;
    });
    return changed;
  }

  #change(workspace: string, apply: (people: Person[]) => Person[]): Promise<Person[]> {
    const run = this.#queue.then(async () => {
      const file = this.file(workspace);
      const people = apply((await this.#read(workspace)) ?? []);
      await mkdir(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify({ version: 1, people }, null, 2)}\n`, 'utf8');
      await rename(temporary, file);
      return people;
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  async #read(workspace: string): Promise<Person[] | null> {
    let text: string;
    try {
      text = await readFile(this.file(workspace), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = JSON.parse(text) as { people?: unknown };
    if (!Array.isArray(parsed.people)) {
      throw new Error(`${this.file(workspace)} is not a list of people`);
    }
    return parsed.people.filter(isPerson);
  }
}

/** The person as the people route answers it: what the page shows and picks. */
export function personJson(person: Person): {
  id: string;
  name: string;
  role: Role;
  functions: SopFunction[];
} {
  return { id: person.id, name: person.name, role: person.role, functions: person.functions };
}

function isPerson(value: unknown): value is Person {
  const person = value as Partial<Person> | null;
  return (
    typeof person === 'object' &&
    person !== null &&
    typeof person.id === 'string' &&
    typeof person.invitedAs === 'string' &&
    typeof person.name === 'string' &&
    typeof person.role === 'string' &&
    isRole(person.role) &&
    Array.isArray(person.functions) &&
    person.functions.every(isSopFunction)
  );
}

function newPersonId(): string {
  return randomBytes(9).toString('base64url');
}

function inFunctionOrder(functions: readonly SopFunction[]): SopFunction[] {
  return FUNCTIONS.filter((fn) => functions.includes(fn));
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function byName(a: Person, b: Person): number {
  return a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

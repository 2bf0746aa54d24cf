import type { CatchUpEntry } from './catch-up-entry.ts';

/** Who made a change and when (ISO time). */
export interface Authorship {
  by: string;
  at: string;
}

/** One stored change as the server's history gives it: who, when, the places it wrote. */
export interface AuthoredChange {
  at: string;
  who: { name: string };
  changes: readonly { root: string; key: string | null }[];
}

/** The roots a catch-up entry of each kind is about (plan entries: a family's rows and cells). */
const ENTRY_ROOTS: Readonly<Record<CatchUpEntry['kind'], readonly string[]>> = {
  decision: ['decisions'],
  action: ['actions'],
  risk: ['risks'],
  agenda: ['agenda'],
  plan: ['families', 'demand', 'supply', 'budget', 'loads'],
};

/**
 * Who last changed each record, from the cycle's stored history (any order): keyed
 * `root|id`, where a cell's key (`family|month`) counts for its family. The latest
 * change wins; equal times keep the one listed first.
 */
export function authorsFromHistory(history: readonly AuthoredChange[]): Map<string, Authorship> {
  const authors = new Map<string, Authorship>();
  for (const entry of history) {
    for (const change of entry.changes) {
      if (change.key === null) continue;
      const key = `${change.root}|${change.key.split('|')[0]}`;
      const known = authors.get(key);
      if (!known || entry.at > known.at) authors.set(key, { by: entry.who.name, at: entry.at });
    }
  }
  return authors;
}

/**
 * The entries with who made each change and when: from `facts` first (what the record
 * itself says: an agenda outcome's closer, a decision's latest revision, an action's
 * creation), then from the history's `authors`. An entry neither knows is left as it is.
 */
export function attributeEntries(
  entries: readonly CatchUpEntry[],
  authors: ReadonlyMap<string, Authorship>,
  facts: ReadonlyMap<string, Authorship> = new Map(),
): CatchUpEntry[] {
  return entries.map((entry) => {
    const fact = facts.get(`${entry.kind}|${entry.id}`);
    const fromHistory = ENTRY_ROOTS[entry.kind]
      .map((root) => authors.get(`${root}|${entry.id}`))
      .filter((found): found is Authorship => found !== undefined)
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))[0];
    const found = latest(fact, fromHistory);
    return found ? { ...entry, by: found.by, at: found.at } : entry;
  });
}

function latest(a: Authorship | undefined, b: Authorship | undefined): Authorship | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.at > a.at ? b : a;
}

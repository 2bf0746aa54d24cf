import {
  byCycle,
  roomOf,
  type Catalog,
  type CycleEntry,
  type Revocation,
  type RevocationsAfter,
} from './catalog.ts';

/** The catalog in this process's memory, for tests: the same contract, nothing durable. */
export class MemoryCatalog implements Catalog {
  #cycles = new Map<string, CycleEntry>();
  #revocations: Revocation[] = [];
  #closed = false;

  async addCycle(entry: CycleEntry): Promise<boolean> {
    this.#check();
    const key = roomOf(entry.workspace, entry.cycle);
    if (this.#cycles.has(key)) return false;
    this.#cycles.set(key, { ...entry });
    return true;
  }

  async updateCycle(
    workspace: string,
    cycle: string,
    state: { title: string; closedAt: string | null },
  ): Promise<void> {
    this.#check();
    const entry = this.#cycles.get(roomOf(workspace, cycle));
    if (entry) Object.assign(entry, { title: state.title, closedAt: state.closedAt });
  }

  async cycle(workspace: string, cycle: string): Promise<CycleEntry | null> {
    this.#check();
    const entry = this.#cycles.get(roomOf(workspace, cycle));
    return entry ? { ...entry } : null;
  }

  async cycles(workspace: string): Promise<CycleEntry[]> {
    this.#check();
    return [...this.#cycles.values()]
      .filter((entry) => entry.workspace === workspace)
      .map((entry) => ({ ...entry }))
      .sort(byCycle);
  }

  async roomNames(): Promise<string[]> {
    this.#check();
    return [...this.#cycles.keys()].sort();
  }

  async revoke(revocation: Revocation): Promise<boolean> {
    this.#check();
    if (this.#revocations.some((known) => known.inviteId === revocation.inviteId)) return false;
    this.#revocations.push({ ...revocation });
    return true;
  }

  async revocation(inviteId: string): Promise<Revocation | null> {
    this.#check();
    const found = this.#revocations.find((known) => known.inviteId === inviteId);
    return found ? { ...found } : null;
  }

  async revocationsAfter(cursor: number): Promise<RevocationsAfter> {
    this.#check();
    const from = Math.max(0, Math.floor(cursor));
    return {
      revocations: this.#revocations.slice(from).map((known) => ({ ...known })),
      cursor: Math.max(from, this.#revocations.length),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #check(): void {
    if (this.#closed) throw new Error('The catalog is closed');
  }
}

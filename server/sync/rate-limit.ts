/**
 * A token bucket: holds up to `burst` tokens, refilled at `perSecond`; each message takes
 * one (or `amount`). `now` is injectable so tests need no clock.
 */
export class TokenBucket {
  #tokens: number;
  #last: number;
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #now: () => number;

  constructor(perSecond: number, burst: number, now: () => number = () => performance.now()) {
    this.#perSecond = perSecond;
    this.#burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#last = now();
  }

  /** Takes `amount` tokens; false (and nothing taken) when the bucket holds fewer. */
  take(amount = 1): boolean {
    this.#refill();
    if (this.#tokens < amount) return false;
    this.#tokens -= amount;
    return true;
  }

  /** True when the bucket has refilled completely: forgetting it would change nothing. */
  get isFull(): boolean {
    this.#refill();
    return this.#tokens >= this.#burst;
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(
      this.#burst,
      this.#tokens + ((now - this.#last) / 1000) * this.#perSecond,
    );
    this.#last = now;
  }
}

/** What one person (one invite) may do across all their connections to this process. */
export interface PersonLimits {
  /** Document updates per minute (sustained; up to a minute's worth at once). */
  updatesPerMinute: number;
  /** Bytes of document updates per minute (sustained; up to a minute's worth at once). */
  bytesPerMinute: number;
  /** Open connections at once. */
  connections: number;
}

interface Person {
  connections: number;
  updates: TokenBucket;
  bytes: TokenBucket;
}

/**
 * The budgets of every person connected to this relay process, keyed by their invite (the
 * token they connected with), so opening more sockets with one invite never multiplies
 * what it may send. A person is forgotten once their last connection has closed and their
 * budget has refilled: reconnecting never resets a spent budget.
 */
export class PersonBudgets {
  readonly #limits: PersonLimits;
  readonly #now: () => number;
  #people = new Map<string, Person>();

  constructor(limits: PersonLimits, now: () => number = () => performance.now()) {
    this.#limits = limits;
    this.#now = now;
  }

  /** People remembered (connected, or still refilling). */
  get size(): number {
    return this.#people.size;
  }

  /** Counts a new connection for `invite`; a reason when it would pass the limit (then not counted). */
  connect(invite: string): string | null {
    const person = this.#person(invite);
    if (person.connections >= this.#limits.connections) {
      return `too many connections with this invite (the limit is ${this.#limits.connections}): close another tab or device`;
    }
    person.connections++;
    return null;
  }

  /** Counts a closed connection of `invite`. */
  disconnect(invite: string): void {
    const person = this.#people.get(invite);
    if (!person) return;
    person.connections = Math.max(0, person.connections - 1);
    this.#forgetIfDone(invite, person);
  }

  /**
   * Charges one document update of `bytes` to `invite`; a reason when the person's budget
   * for this minute is spent (then nothing is charged).
   */
  charge(invite: string, bytes: number): string | null {
    const person = this.#person(invite);
    if (!person.updates.take()) {
      return `too many changes from this invite (the limit is ${this.#limits.updatesPerMinute} a minute)`;
    }
    if (!person.bytes.take(bytes)) {
      return `too much data from this invite (the limit is ${formatBytes(this.#limits.bytesPerMinute)} a minute)`;
    }
    return null;
  }

  /** Forgets every person with no connection whose budget has refilled. */
  prune(): void {
    for (const [invite, person] of this.#people) this.#forgetIfDone(invite, person);
  }

  #person(invite: string): Person {
    let person = this.#people.get(invite);
    if (!person) {
      const { updatesPerMinute, bytesPerMinute } = this.#limits;
      person = {
        connections: 0,
        updates: new TokenBucket(updatesPerMinute / 60, updatesPerMinute, this.#now),
        bytes: new TokenBucket(bytesPerMinute / 60, bytesPerMinute, this.#now),
      };
      this.#people.set(invite, person);
    }
    return person;
  }

  #forgetIfDone(invite: string, person: Person): void {
    if (person.connections === 0 && person.updates.isFull && person.bytes.isFull) {
      this.#people.delete(invite);
    }
  }
}

/** `8 MiB`, `512 KiB`, `300 bytes`: a size as a person reads it in a close reason. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

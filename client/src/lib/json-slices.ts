/**
 * A large value sent to a worker without a long task of the page's: written as JSON a
 * piece at a time, a slice of time per task, each slice posted as a part of its own; the
 * worker joins a request's parts. Writing a 500-family plan at once held the page's thread
 * 60 ms and more on a slow machine.
 */

/** How long one task of the page writes for a worker (milliseconds): well inside a frame. */
export const WRITE_SLICE_MS = 8;

/** A part of a request's JSON, as the page posts it to a worker. */
export interface JsonPart {
  type: 'part';
  id: number;
  text: string;
}

/**
 * The JSON of `value` (an object) in pieces: each entry of a top-level object field and
 * each element of a top-level list a piece of its own. Joined, the pieces are JSON that
 * parses to what `JSON.parse(JSON.stringify(value))` gives.
 */
export function* jsonPieces(value: object): Generator<string, void, undefined> {
  yield '{';
  let comma = '';
  for (const [key, field] of Object.entries(value)) {
    const name = `${comma}${JSON.stringify(key)}:`;
    if (Array.isArray(field)) {
      yield name;
      yield* listPieces(field);
    } else if (field !== null && typeof field === 'object') {
      yield name;
      yield* entryPieces(field);
    } else {
      // Undefined (and what JSON cannot write) leaves the field out, as JSON.stringify does.
      const text = JSON.stringify(field) as string | undefined;
      if (text === undefined) continue;
      yield `${name}${text}`;
    }
    comma = ',';
  }
  yield '}';
}

function* listPieces(list: readonly unknown[]): Generator<string, void, undefined> {
  yield '[';
  for (let i = 0; i < list.length; i++) {
    // As JSON.stringify writes an element it cannot write: null.
    yield `${i > 0 ? ',' : ''}${JSON.stringify(list[i]) ?? 'null'}`;
  }
  yield ']';
}

function* entryPieces(object: object): Generator<string, void, undefined> {
  yield '{';
  let comma = '';
  for (const [key, entry] of Object.entries(object)) {
    const text = JSON.stringify(entry) as string | undefined;
    if (text === undefined) continue;
    yield `${comma}${JSON.stringify(key)}:${text}`;
    comma = ',';
  }
  yield '}';
}

/** What {@link sendInSlices} needs of the page: its tasks, its clock and the worker. */
export interface SliceSending {
  /** The request the parts belong to. */
  id: number;
  /** Posts a message to the worker. */
  post: (message: JsonPart) => void;
  /** False once the request is no longer wanted: nothing more is written or posted. */
  wanted: () => boolean;
  /** Runs a task after the current one (a new macrotask in the page). */
  later: (task: () => void) => void;
  now: () => number;
  /** Called in the task that posted the last part, to send what makes the worker start. */
  done: () => void;
}

/**
 * Writes `pieces` for about {@link WRITE_SLICE_MS} per task, starting in a later task,
 * and posts each task's pieces as one part (a thousand small strings cost more to post
 * than one string of their length); then calls `done`.
 */
export function sendInSlices(pieces: Iterator<string>, sending: SliceSending): void {
  const step = () => {
    if (!sending.wanted()) return;
    const until = sending.now() + WRITE_SLICE_MS;
    const written: string[] = [];
    let piece = pieces.next();
    for (; !piece.done; piece = pieces.next()) {
      written.push(piece.value);
      if (sending.now() >= until) break;
    }
    if (written.length > 0) sending.post({ type: 'part', id: sending.id, text: written.join('') });
    if (piece.done) sending.done();
    else sending.later(step);
  };
  sending.later(step);
}

/**
 * A worker's side of {@link sendInSlices}: the parts of each request as they come, joined
 * when the request itself arrives. Taking a request drops the parts of earlier ones (a
 * request the page gave up on).
 */
export class ReceivedParts {
  // Bookkeeping of a worker, never shown.
  readonly #byId = new Map<number, string[]>();

  add(part: JsonPart): void {
    const parts = this.#byId.get(part.id);
    if (parts) parts.push(part.text);
    else this.#byId.set(part.id, [part.text]);
  }

  /** The JSON of request `id`, its parts joined. */
  take(id: number): string {
    const text = (this.#byId.get(id) ?? []).join('');
    for (const key of [...this.#byId.keys()]) if (key <= id) this.#byId.delete(key);
    return text;
  }
}

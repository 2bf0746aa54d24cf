/** One step of a room's work: a frame, a join, a leave, a load, a command. */
export type Task = () => void | Promise<void>;

/** What a queue reports to its owner. */
export interface TaskQueueEvents {
  /** A task threw: logged by the owner, and the queue goes on with the next one. */
  failed(error: unknown): void;
  /** The queue ran out of tasks (or was stopped while running). */
  drained(): void;
}

/**
 * Tasks run one at a time in the order they were pushed, each awaited before the next
 * starts: what makes a room handle its frames in arrival order. Once stopped, it drops
 * what is queued and refuses more.
 */
export class TaskQueue {
  readonly #events: TaskQueueEvents;
  readonly #tasks: Task[] = [];
  #draining = false;
  #stopped = false;

  constructor(events: TaskQueueEvents) {
    this.#events = events;
  }

  /** True when no task is running or waiting. */
  get isEmpty(): boolean {
    return !this.#draining && this.#tasks.length === 0;
  }

  /** Queues `task` behind the others (dropped once the queue is stopped). */
  push(task: Task): void {
    if (this.#stopped) return;
    this.#tasks.push(task);
    if (!this.#draining) void this.#drain();
  }

  /** Drops the queued tasks and every later one; a running task finishes. */
  stop(): void {
    this.#stopped = true;
    this.#tasks.length = 0;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#tasks.length > 0 && !this.#stopped) {
        const task = this.#tasks.shift()!;
        try {
          await task();
        } catch (error) {
          this.#events.failed(error);
        }
      }
    } finally {
      this.#draining = false;
    }
    this.#events.drained();
  }
}

import {
  parsePlan,
  reconcile,
  type Plan,
  type PlanIssue,
  type Reconciliation,
} from '../../../shared/engine/index.ts';

/** Why the page has no plan to show: a title, a sentence, and the plan's problems if any. */
export interface LoadProblem {
  title: string;
  detail: string;
  issues: PlanIssue[];
}

/** Where the demo workspace's plan is served. */
export const DEMO_PLAN_URL = '/api/workspaces/demo/plan';

/**
 * The read-only reconciliation view of one workspace: loads the plan from the server,
 * validates it and reconciles it here in the browser with the same engine every peer
 * runs. Components read the getters; only `load()` changes the state.
 */
export class PlanView {
  #isLoading = $state(false);
  #plan = $state.raw<Plan | null>(null);
  #result = $state.raw<Reconciliation | null>(null);
  #problem = $state.raw<LoadProblem | null>(null);
  #computeMs = $state(0);
  readonly #url: string;
  readonly #fetch: typeof fetch;

  constructor(url: string = DEMO_PLAN_URL, fetcher: typeof fetch = (...args) => fetch(...args)) {
    this.#url = url;
    this.#fetch = fetcher;
  }

  get isLoading(): boolean {
    return this.#isLoading;
  }

  /** The validated plan, once loaded. */
  get plan(): Plan | null {
    return this.#plan;
  }

  /** The engine's reconciliation of the plan, once loaded. */
  get result(): Reconciliation | null {
    return this.#result;
  }

  /** What went wrong, when the plan could not be shown. */
  get problem(): LoadProblem | null {
    return this.#problem;
  }

  /** Milliseconds the engine took in this browser. */
  get computeMs(): number {
    return this.#computeMs;
  }

  /** Fetches, validates and reconciles the plan; afterwards exactly one of result or problem is set. */
  async load(): Promise<void> {
    this.#isLoading = true;
    this.#problem = null;
    try {
      const body = await this.#fetchPlan();
      if (!body.ok) {
        this.#fail(body.problem);
        return;
      }
      const parsed = parsePlan(body.json);
      if (!parsed.ok) {
        this.#fail({
          title: 'The plan is not valid',
          detail: 'The server sent a plan this version of Fulcrum cannot read.',
          issues: parsed.issues,
        });
        return;
      }
      const started = performance.now();
      const result = reconcile(parsed.plan);
      this.#computeMs = performance.now() - started;
      this.#plan = parsed.plan;
      this.#result = result;
    } catch (error) {
      this.#fail({
        title: 'The plan could not be reconciled',
        detail: error instanceof Error ? error.message : String(error),
        issues: [],
      });
    } finally {
      this.#isLoading = false;
    }
  }

  async #fetchPlan(): Promise<{ ok: true; json: unknown } | { ok: false; problem: LoadProblem }> {
    let response: Response;
    try {
      response = await this.#fetch(this.#url, { headers: { accept: 'application/json' } });
    } catch (error) {
      return {
        ok: false,
        problem: {
          title: 'Cannot reach the Fulcrum server',
          detail: `Check that Fulcrum is still running, then reload. (${error instanceof Error ? error.message : String(error)})`,
          issues: [],
        },
      };
    }
    let json: unknown = null;
    try {
      json = await response.json();
    } catch {
      // Handled below: a body that is not JSON is a problem whatever the status.
    }
    if (response.ok && json !== null) return { ok: true, json };
    const body = (json ?? {}) as { error?: unknown; issues?: unknown; file?: unknown };
    const issues = Array.isArray(body.issues) ? (body.issues as PlanIssue[]) : [];
    let detail =
      typeof body.error === 'string' ? body.error : `${response.status} ${response.statusText}`;
    // The server's message lists the problems too; the page lists them one per line instead.
    if (typeof body.file === 'string' && issues.length > 0) {
      detail = `The plan file ${body.file} is not a valid Fulcrum plan. Fix or remove the file, then reload.`;
    }
    return {
      ok: false,
      problem: {
        title: response.ok
          ? 'The server sent something that is not a plan'
          : `The plan could not be loaded (HTTP ${response.status})`,
        detail,
        issues,
      },
    };
  }

  #fail(problem: LoadProblem): void {
    this.#plan = null;
    this.#result = null;
    this.#problem = problem;
  }
}

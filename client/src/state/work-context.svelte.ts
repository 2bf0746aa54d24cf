import { createContext } from 'svelte';
import { createFormatters, type Formatters } from '../lib/format.ts';
import type { CycleSession } from './cycle-session.svelte.ts';
import type { ViewId } from './router.svelte.ts';
import { isAgreed, type CycleDoc } from '../../../shared/doc/index.ts';
import { fieldErrors, type FieldErrors, type FieldSpec } from '../lib/form-fields.ts';
import { LinkCatalog, type LinkTarget } from '../lib/link-catalog.ts';
import type { SpecContext } from '../lib/work-kinds.ts';
import { localDay } from '../lib/work-rules.ts';
import type { Actor } from '../../../shared/policy/roles.ts';
import type { Verdict } from '../../../shared/policy/write-policy.ts';
import { mayEditDecision, mayEditPlan, mayEditWork } from '../lib/policy-view.ts';
import type { ItemSpec, WorkItem } from '../lib/work-kinds.ts';
// The work lists' shared styles load with the context that every work list reads.
import '../components/work/work.css';

/** Navigates to a view, optionally opening one of its records. */
export type Go = (view: ViewId, item?: string | null) => void;

/**
 * What every work list shares: the session, navigation, formatting in the cycle's
 * currency, the catalog that names links, and who the person is. A view makes one and
 * puts it in context; the list, form, links and comments components read it there.
 */
export class WorkContext {
  readonly #session: () => CycleSession;
  readonly #go: Go;

  readonly #format = $derived.by(() =>
    createFormatters(this.session.info.currency || this.session.live.plan?.currency || 'EUR'),
  );

  readonly #catalog = $derived.by(() => {
    const session = this.session;
    const { plan, result } = session.live;
    return new LinkCatalog({
      families: plan?.families ?? [],
      resources: plan?.resources ?? [],
      gaps: result?.gaps ?? [],
      risks: session.records('risks').records,
      decisions: session.records('decisions').records,
      actions: session.records('actions').records,
      npi: session.records('npi').records,
      agenda: session.records('agenda').records,
      gapNotes: session.records('gapNotes').records,
      scenarios: session.records('scenarios').records,
      format: this.format,
    });
  });

  readonly #people = $derived.by(() => {
    const session = this.session;
    const names = [session.invite.name, ...session.people.map((person) => person.name)];
    for (const name of ['risks', 'decisions', 'actions', 'npi', 'gapNotes'] as const) {
      for (const record of session.records(name).records) {
        const owner = (record as { owner?: string }).owner;
        if (owner) names.push(owner);
      }
    }
    return names
      .filter((name, index) => names.indexOf(name) === index)
      .sort((a, b) => a.localeCompare(b));
  });

  constructor(session: () => CycleSession, go: Go) {
    this.#session = session;
    this.#go = go;
  }

  get session(): CycleSession {
    return this.#session();
  }

  /** Numbers, money and months in the cycle's currency. */
  get format(): Formatters {
    return this.#format;
  }

  /** Names of what links point to; current with the plan and every list. */
  get catalog(): LinkCatalog {
    return this.#catalog;
  }

  /** Names people have used as owners, and who is here: suggestions for owner fields. */
  get people(): string[] {
    return this.#people;
  }

  /** The person's name as their invite gives it. */
  get me(): string {
    return this.session.invite.name;
  }

  /** False for viewers and approvers, in a closed cycle and for a document written by a newer Fulcrum. */
  get canEdit(): boolean {
    return !this.session.isReadOnly;
  }

  /**
   * The write policy's question for changing one work item as it stands (an agreed
   * decision is kept as it is), for {@link attempt} and `session.act`.
   */
  changeCheck(spec: ItemSpec, item: WorkItem | null): (actor: Actor) => Verdict {
    if (spec.collection !== 'decisions') return mayEditWork;
    // Once agreed, a decision stays as agreed (even after a revision changed its status).
    const agreed = item !== null && isAgreed(this.session.doc, item.id);
    const status = agreed ? 'agreed' : item && typeof item.status === 'string' ? item.status : null;
    return (actor) => mayEditDecision(actor, status === null ? null : { status });
  }

  /** Whether this person may change a work item now, and why not. */
  mayChange(spec: ItemSpec, item: WorkItem | null): { ok: boolean; reason?: string } {
    return this.session.may(this.changeCheck(spec, item));
  }

  /** Today on this device, `YYYY-MM-DD`. */
  get today(): string {
    return localDay();
  }

  /** The cycle month: what new items are raised in. */
  get cycle(): string {
    return this.session.info.cycle || this.session.cycle;
  }

  /** What the kinds' forms depend on. */
  get specContext(): SpecContext {
    return {
      families: this.session.live.plan?.families ?? [],
      currency: this.session.info.currency || 'EUR',
      cycle: this.cycle,
      me: this.me,
    };
  }

  /** Opens a view, or one record of it. */
  go(view: ViewId, item: string | null = null): void {
    this.#go(view, item);
  }

  /**
   * Runs a form's command. When the command refuses the input, its problems come back by
   * field, to show beside each field; the general notice is kept only for problems that
   * belong to no field of the form. `check` is what the write policy is asked first (see
   * `CycleSession.act`).
   */
  attempt<T>(
    fields: readonly FieldSpec[],
    command: (doc: CycleDoc) => T,
    check: (actor: Actor) => Verdict = mayEditPlan,
  ): { ok: true; value: T } | { ok: false; errors: FieldErrors } {
    const result = this.session.act(command, check);
    if (result.ok) return result;
    const errors = fieldErrors(result.issues, fields);
    if (errors[''] === undefined) this.session.dismissNotice();
    return { ok: false, errors };
  }

  /** Opens what a link points to. */
  open(target: LinkTarget): void {
    this.#go(target.view, target.id);
  }
}

const [getWork, setWork] = createContext<WorkContext>();

/** The work context a view set (see {@link WorkContext}). */
export { getWork };

/** The props the workspace gives each view. */
export interface ViewProps {
  session: CycleSession;
  go: Go;
  /** The record the route opens (`/w/<ws>/<cycle>/<view>/<item>`). */
  item?: string | null;
}

/** Makes a view's work context and puts it in context for the components below it. */
export function provideWork(session: () => CycleSession, go: () => Go): WorkContext {
  return setWork(new WorkContext(session, (view, item) => go()(view, item)));
}

/** How an agenda item is being closed: the outcome chosen in the close form. */
export type OutcomeChoice = 'decision' | 'action' | 'existing' | 'noted';

/** The fields of the close form, as typed. */
export interface OutcomeFields {
  question: string;
  chosen: string;
  decisionOwner: string;
  /** Why the meeting chose it (optional in the close form; the decision pack asks for it). */
  decisionRationale: string;
  actionTitle: string;
  actionOwner: string;
  actionDue: string;
  /** `decision:<id>` or `action:<id>` of a record chosen to link. */
  existing: string;
}

const EMPTY: OutcomeFields = {
  question: '',
  chosen: '',
  decisionOwner: '',
  decisionRationale: '',
  actionTitle: '',
  actionOwner: '',
  actionDue: '',
  existing: '',
};

/**
 * What someone has typed to close one agenda item: the chosen outcome, the mini-form's
 * fields and what is wrong with them. Kept per item while the meeting view is open, so
 * when the facilitator moves on, a half-written decision is still there on return.
 */
export class OutcomeDraft {
  #choice = $state<OutcomeChoice | null>(null);
  #fields = $state<OutcomeFields>({ ...EMPTY });
  #errors = $state<Partial<Record<keyof OutcomeFields, string>>>({});
  #problem = $state<string | null>(null);

  get choice(): OutcomeChoice | null {
    return this.#choice;
  }

  set choice(choice: OutcomeChoice | null) {
    this.#choice = choice;
    this.#problem = null;
  }

  /** The typed fields (bind inputs to them). */
  get fields(): OutcomeFields {
    return this.#fields;
  }

  /** What is wrong with each field, in words, after a refused close. */
  get errors(): Partial<Record<keyof OutcomeFields, string>> {
    return this.#errors;
  }

  /** Why the close was refused as a whole (no outcome chosen, or the document said no). */
  get problem(): string | null {
    return this.#problem;
  }

  /** Shows what is wrong; nothing typed is cleared. */
  refuse(problem: string | null, errors: Partial<Record<keyof OutcomeFields, string>> = {}): void {
    this.#problem = problem;
    this.#errors = errors;
  }

  /** Forgets a field's error once it is edited. */
  clearError(field: keyof OutcomeFields): void {
    if (this.#errors[field]) this.#errors = { ...this.#errors, [field]: undefined };
  }

  /** Empties the form after the item closed. */
  clear(): void {
    this.#choice = null;
    this.#fields = { ...EMPTY };
    this.#errors = {};
    this.#problem = null;
  }
}

/** One close-form draft per agenda item. */
export class MeetingDrafts {
  // A plain Map on purpose: drafts are made while the page renders, and each draft's
  // own fields are the reactive state (a reactive map may not change during render).
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #drafts = new Map<string, OutcomeDraft>();

  /** The draft of an item, made on first use. */
  of(itemId: string): OutcomeDraft {
    let draft = this.#drafts.get(itemId);
    if (!draft) this.#drafts.set(itemId, (draft = new OutcomeDraft()));
    return draft;
  }
}

import { MONTH_NAMES } from '../../../shared/dates.ts';
import { updateSettings } from '../../../shared/doc/index.ts';
import { DEFAULT_SETTINGS } from '../../../shared/engine/settings.ts';
import type { PlanSettings } from '../../../shared/engine/types.ts';
import { maySetSettings } from '../lib/policy-view.ts';
import type { CycleSession } from './cycle-session.svelte.ts';

/** A setting of the plan, by its name in the plan file. */
export type SettingKey = keyof PlanSettings;

/**
 * How a setting is typed: a percentage (stored as a share, 2% is 0.02), a whole number,
 * a number, or a month of the year (1 to 12).
 */
export type SettingKind = 'percent' | 'whole' | 'number' | 'month';

/** One field of the Settings panel: what it is, in words, and the bounds it takes. */
export interface SettingField {
  key: SettingKey;
  label: string;
  /** Its unit in words: `% of the month's budget`. */
  unit: string;
  /** What it changes, in one sentence. */
  help: string;
  kind: SettingKind;
  /** The bounds, as typed (a percentage in percent). */
  min: number;
  max: number;
  /** True when the lower bound itself is refused (the tracking limit must be above 0). */
  minExcluded?: boolean;
}

/** The plan's settings, in the plan file's order, with their units and bounds in words. */
export const SETTING_FIELDS: readonly SettingField[] = [
  {
    key: 'budgetTolerance',
    label: 'Budget tolerance',
    unit: "% of the month's budget",
    help: 'A month is below budget when its revenue is short of the budget by more than this.',
    kind: 'percent',
    min: 0,
    max: 100,
  },
  {
    key: 'trackingWindow',
    label: 'Tracking signal window',
    unit: 'latest months with actual and forecast',
    help: 'How many points the tracking signal reads; fewer than 5 cannot reach ±4.',
    kind: 'whole',
    min: 2,
    max: 60,
  },
  {
    key: 'trackingLimit',
    label: 'Tracking signal limit',
    unit: 'alarm beyond ± this',
    help: 'A family is in alarm when its tracking signal is beyond plus or minus this.',
    kind: 'number',
    min: 0,
    max: 1000,
    minExcluded: true,
  },
  {
    key: 'fiscalYearStart',
    label: 'Fiscal year starts in',
    unit: 'month',
    help: 'The fiscal-year outlook adds up from this month.',
    kind: 'month',
    min: 1,
    max: 12,
  },
  {
    key: 'holdingRate',
    label: 'Holding cost',
    unit: '% of unit cost per month',
    help: 'What a unit in stock costs to keep each month; a family may set its own.',
    kind: 'percent',
    min: 0,
    max: 100,
  },
  {
    key: 'backlogPenaltyRate',
    label: 'Backlog penalty',
    unit: '% of price per unit per month late',
    help: 'What a backordered unit costs for each month it is late.',
    kind: 'percent',
    min: 0,
    max: 100,
  },
  {
    key: 'safetyShortfallPenalty',
    label: 'Safety stock shortfall penalty',
    unit: '% of unit cost per unit per month',
    help: 'What a unit below safety stock costs each month.',
    kind: 'percent',
    min: 0,
    max: 100,
  },
  {
    key: 'overtimeShare',
    label: 'Overtime allowed',
    unit: "% of a resource's monthly capacity",
    help: 'How many extra hours the constrained plan may add to a resource each month, at its extra-hour cost.',
    kind: 'percent',
    min: 0,
    max: 100,
  },
  {
    key: 'planChangePenalty',
    label: 'Plan change penalty',
    unit: '% of unit cost per unit moved',
    help: 'What the constrained plan counts for each unit it moves away from the supply typed in, so it changes the plan only where that pays.',
    kind: 'percent',
    min: 0,
    max: 100,
  },
];

/** The name of a month of the year: 1 → `January`. */
export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month);
}

/** The twelve months, for the fiscal year's select. */
export const MONTH_CHOICES: readonly { value: number; label: string }[] = MONTH_NAMES.map(
  (label, index) => ({ value: index + 1, label }),
);

/** A stored value as the field shows it: 0.02 → `2` for a percentage. */
export function settingText(field: SettingField, value: number): string {
  const shown = field.kind === 'percent' ? Number((value * 100).toFixed(8)) : value;
  return String(shown);
}

/** A value in short: `2%`, `6`, `January`. */
export function settingShort(field: SettingField, value: number): string {
  if (field.kind === 'month') return monthName(value);
  return `${settingText(field, value)}${field.kind === 'percent' ? '%' : ''}`;
}

/** A value in words with its unit: `2% of unit cost per month`, `January`. */
export function settingWords(field: SettingField, value: number): string {
  if (field.kind === 'month') return monthName(value);
  if (field.kind === 'percent') return `${settingText(field, value)}${field.unit}`;
  return `${settingText(field, value)} (${field.unit})`;
}

/** The bounds of a field in words: `from 0% to 100%`, `above 0 and at most 1,000`. */
export function boundWords(field: SettingField): string {
  const unit = field.kind === 'percent' ? '%' : '';
  const max = `${field.max.toLocaleString('en-US')}${unit}`;
  if (field.minExcluded) return `above ${field.min}${unit} and at most ${max}`;
  if (field.kind === 'month') return 'a month from January to December';
  return `from ${field.min}${unit} to ${max}`;
}

/**
 * What is typed into a setting's field, read: empty goes back to the default (null), a
 * number within the bounds is the value to store (a percentage as a share), anything
 * else is refused with a message that names the bound.
 */
export function readSetting(
  field: SettingField,
  text: string,
): { ok: true; value: number | null } | { ok: false; message: string } {
  const trimmed = text.trim().replace(/%$/, '').trim().replace(/,/g, '');
  if (trimmed === '') return { ok: true, value: null };
  const typed = Number(trimmed);
  const whole = field.kind === 'whole' || field.kind === 'month';
  const refusal = {
    ok: false as const,
    message: `${field.label} must be ${whole ? 'a whole number ' : ''}${boundWords(field)}.`,
  };
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(trimmed) || !Number.isFinite(typed)) {
    return {
      ok: false,
      message: `${field.label} must be a number ${boundWords(field)}: “${text.trim()}” is not one.`,
    };
  }
  if (whole && !Number.isInteger(typed)) return refusal;
  if (typed < field.min || typed > field.max || (field.minExcluded && typed === field.min)) {
    return refusal;
  }
  return { ok: true, value: field.kind === 'percent' ? Number((typed / 100).toFixed(10)) : typed };
}

/** One setting as the panel shows it. */
export interface SettingView {
  field: SettingField;
  /** The value set for this plan; null when it takes the default. */
  stored: number | null;
  /** The default, in words with its unit. */
  defaultWords: string;
  /** The default in short: `2%`, `6`, `January`. */
  defaultShort: string;
  /** The value in force, in words with its unit. */
  effectiveWords: string;
  /** What the field holds: the person's draft, else the value set, else empty. */
  draft: string;
  /** Why the last save was refused; null when it was not. */
  error: string | null;
}

/** A plan that sets nothing: every setting reads its default. */
const NO_SETTINGS: PlanSettings = Object.freeze({});

/**
 * The Settings panel's state: one field per setting of the plan, each typed as a draft
 * and saved on its own through `updateSettings` (a blank field or "Reset to default"
 * removes the setting, so the plan reads its default). Only people whom the write
 * policy lets write `settings` may save; the others read the reason.
 */
export class PlanSettingsForm {
  readonly #session: () => CycleSession;
  #drafts = $state<Partial<Record<SettingKey, string>>>({});
  #errors = $state<Partial<Record<SettingKey, string>>>({});
  #saved = $state<string | null>(null);

  constructor(session: () => CycleSession) {
    this.#session = session;
  }

  /** Why this person cannot change the settings here, in words; null when they can. */
  get readOnlyReason(): string | null {
    return this.#session().may(maySetSettings).reason ?? null;
  }

  // The plan's settings object keeps its identity through cell edits (the plan is updated
  // in place), so the fields are worked out again only when a setting, draft or error
  // changes, not at every keystroke in the grid above.
  readonly #stored = $derived.by(() => this.#session().live.plan?.settings ?? NO_SETTINGS);
  readonly #fields = $derived.by(() => this.#views());

  /** The settings the plan sets (absent: default). */
  get stored(): PlanSettings {
    return this.#stored;
  }

  /** Every setting as the panel shows it, in the plan file's order. */
  get fields(): SettingView[] {
    return this.#fields;
  }

  #views(): SettingView[] {
    const stored = this.#stored;
    return SETTING_FIELDS.map((field) => {
      const value = stored[field.key];
      const fallback = DEFAULT_SETTINGS[field.key];
      return {
        field,
        stored: value ?? null,
        defaultWords: settingWords(field, fallback),
        defaultShort: settingShort(field, fallback),
        effectiveWords: settingWords(field, value ?? fallback),
        draft: this.#drafts[field.key] ?? (value === undefined ? '' : settingText(field, value)),
        error: this.#errors[field.key] ?? null,
      };
    });
  }

  /** What the last save or reset changed, in words, for a polite live region. */
  get saved(): string | null {
    return this.#saved;
  }

  /** Keeps what is typed into a field until it is saved. */
  type(key: SettingKey, text: string): void {
    this.#drafts = { ...this.#drafts, [key]: text };
  }

  /**
   * Saves a field's draft (or `text` when given, as a select gives it): a value within
   * its bounds is set, a blank goes back to the default. Returns false, keeping the draft
   * and the message, when the value is refused.
   */
  save(key: SettingKey, text?: string): boolean {
    const field = SETTING_FIELDS.find((f) => f.key === key)!;
    const draft = text ?? this.#drafts[key];
    if (draft === undefined) return true;
    const reading = readSetting(field, draft);
    if (!reading.ok) {
      this.#fail(key, draft, reading.message);
      return false;
    }
    if (reading.value === (this.stored[key] ?? null)) {
      this.#forget(key);
      return true;
    }
    return this.#write(key, reading.value, draft);
  }

  /** Puts a setting back to its default. */
  reset(key: SettingKey): boolean {
    if (this.stored[key] === undefined) {
      this.#forget(key);
      return true;
    }
    return this.#write(key, null, '');
  }

  #write(key: SettingKey, value: number | null, draft: string): boolean {
    const field = SETTING_FIELDS.find((f) => f.key === key)!;
    const result = this.#session().act(
      (doc) => updateSettings(doc, { [key]: value ?? undefined }),
      maySetSettings,
    );
    if (!result.ok) {
      this.#fail(key, draft, result.error);
      return false;
    }
    this.#forget(key);
    this.#saved =
      value === null
        ? `${field.label} is back to its default, ${settingWords(field, DEFAULT_SETTINGS[key])}.`
        : `${field.label} set to ${settingWords(field, value)}.`;
    return true;
  }

  #fail(key: SettingKey, draft: string, message: string): void {
    this.#drafts = { ...this.#drafts, [key]: draft };
    this.#errors = { ...this.#errors, [key]: message };
    this.#saved = null;
  }

  #forget(key: SettingKey): void {
    const drafts = { ...this.#drafts };
    const errors = { ...this.#errors };
    delete drafts[key];
    delete errors[key];
    this.#drafts = drafts;
    this.#errors = errors;
  }
}

import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { CycleSession } from '../../../../client/src/state/cycle-session.svelte.ts';
import {
  PlanSettingsForm,
  readSetting,
  SETTING_FIELDS,
  type SettingKey,
} from '../../../../client/src/state/plan-settings.svelte.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { docToPlan, importPlan, type CycleDoc } from '../../../../shared/doc/index.ts';
import { CommandError } from '../../../../shared/schema/command-error.ts';

const field = (key: SettingKey) => SETTING_FIELDS.find((f) => f.key === key)!;

/** A session over a real document; `reason` set makes the person read-only. */
function session(reason: string | null = null) {
  const doc = new Y.Doc() as unknown as CycleDoc;
  importPlan(doc, generateDemoPlan({ families: 2, periods: 4, resources: 1, seed: 3 }));
  const fake = {
    get live() {
      return { version: 0, plan: docToPlan(doc), result: null, problem: null };
    },
    may: () => (reason ? { ok: false, reason } : { ok: true }),
    act(command: (doc: CycleDoc) => unknown) {
      if (reason) return { ok: false, error: reason, issues: [] };
      try {
        return { ok: true, value: command(doc) };
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        return { ok: false, error: error.message, issues: error.issues };
      }
    },
  } as unknown as CycleSession;
  return { doc, form: new PlanSettingsForm(() => fake) };
}

describe('reading what is typed into a setting', () => {
  it('takes percentages as shares, whole numbers and months, and blank as the default', () => {
    expect(readSetting(field('budgetTolerance'), '2.5')).toEqual({ ok: true, value: 0.025 });
    expect(readSetting(field('holdingRate'), ' 3 % ')).toEqual({ ok: true, value: 0.03 });
    expect(readSetting(field('trackingWindow'), '8')).toEqual({ ok: true, value: 8 });
    expect(readSetting(field('fiscalYearStart'), '4')).toEqual({ ok: true, value: 4 });
    expect(readSetting(field('trackingLimit'), '')).toEqual({ ok: true, value: null });
  });

  it('refuses a value outside its bounds with a message that names the bound', () => {
    expect(readSetting(field('budgetTolerance'), '120')).toEqual({
      ok: false,
      message: 'Budget tolerance must be from 0% to 100%.',
    });
    expect(readSetting(field('trackingWindow'), '1')).toEqual({
      ok: false,
      message: 'Tracking signal window must be a whole number from 2 to 60.',
    });
    expect(readSetting(field('trackingWindow'), '6.5')).toMatchObject({ ok: false });
    expect(readSetting(field('trackingLimit'), '0')).toEqual({
      ok: false,
      message: 'Tracking signal limit must be above 0 and at most 1,000.',
    });
    expect(readSetting(field('holdingRate'), 'two')).toEqual({
      ok: false,
      message: 'Holding cost must be a number from 0% to 100%: “two” is not one.',
    });
  });
});

describe('the Settings panel', () => {
  it('shows each default when unset, saves a typed value into the plan and resets it', () => {
    const { doc, form } = session();
    const holding = () => form.fields.find((view) => view.field.key === 'holdingRate')!;
    expect(holding()).toMatchObject({
      stored: null,
      draft: '',
      defaultWords: '2% of unit cost per month',
    });

    form.type('holdingRate', '3.5');
    expect(holding().draft).toBe('3.5');
    expect(form.save('holdingRate')).toBe(true);
    expect(docToPlan(doc).settings).toEqual({ holdingRate: 0.035 });
    expect(holding()).toMatchObject({ stored: 0.035, draft: '3.5', error: null });
    expect(form.saved).toBe('Holding cost set to 3.5% of unit cost per month.');

    expect(form.save('fiscalYearStart', '4')).toBe(true);
    expect(docToPlan(doc).settings).toEqual({ fiscalYearStart: 4, holdingRate: 0.035 });

    expect(form.reset('holdingRate')).toBe(true);
    expect(docToPlan(doc).settings).toEqual({ fiscalYearStart: 4 });
    expect(holding().stored).toBeNull();
    expect(form.saved).toBe('Holding cost is back to its default, 2% of unit cost per month.');
    // A blank field is the default too.
    expect(form.save('fiscalYearStart', '')).toBe(true);
    expect(docToPlan(doc).settings).toBeUndefined();
  });

  it('keeps a refused draft with its message and writes nothing', () => {
    const { doc, form } = session();
    form.type('trackingWindow', '90');
    expect(form.save('trackingWindow')).toBe(false);
    const view = form.fields.find((v) => v.field.key === 'trackingWindow')!;
    expect(view).toMatchObject({
      draft: '90',
      error: 'Tracking signal window must be a whole number from 2 to 60.',
    });
    expect(docToPlan(doc).settings).toBeUndefined();
  });

  it('tells a person who may not write settings why, and writes nothing for them', () => {
    const { doc, form } = session('Only the facilitator and editors change the plan.');
    expect(form.readOnlyReason).toBe('Only the facilitator and editors change the plan.');
    expect(form.save('budgetTolerance', '5')).toBe(false);
    expect(form.fields[0].error).toBe('Only the facilitator and editors change the plan.');
    expect(docToPlan(doc).settings).toBeUndefined();
  });
});

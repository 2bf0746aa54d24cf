import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { addRisk, createCycleDoc, importPlan } from '../../../../shared/doc/index.ts';
import { CommandError, commandError } from '../../../../shared/schema/command-error.ts';
import { checked } from '../../../../shared/schema/records.ts';
import { makePlan } from '../../../helpers/plan-builder.ts';

function refusal(run: () => unknown): CommandError {
  try {
    run();
  } catch (error) {
    if (error instanceof CommandError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a command refusing its input', () => {
  it('names each problem by field, and reads as one line as before', () => {
    const schema = v.strictObject({
      title: v.pipe(v.string(), v.minLength(1, 'must not be empty')),
      probability: v.pipe(v.number(), v.maxValue(5, 'must be at most 5')),
    });
    const error = refusal(() => checked('addRisk', schema, { title: '', probability: 9 }));
    expect(error).toBeInstanceOf(Error);
    expect(error.command).toBe('addRisk');
    expect(error.issues).toEqual([
      { path: 'title', message: 'must not be empty' },
      { path: 'probability', message: 'must be at most 5' },
    ]);
    expect(error.message).toBe('addRisk: title: must not be empty; probability: must be at most 5');
  });

  it('carries the refusals a command makes beyond its schema, with no field', () => {
    expect(commandError('addRisk', '"r-1" already exists')).toMatchObject({
      message: 'addRisk: "r-1" already exists',
      issues: [{ path: '', message: '"r-1" already exists' }],
    });
    const doc = createCycleDoc();
    importPlan(doc, makePlan());
    const risk = {
      title: 'Resin',
      kind: 'risk',
      probability: 7,
      impact: 3,
      status: 'open',
      raisedIn: '2026-01',
    } as const;
    expect(refusal(() => addRisk(doc, risk)).issues).toEqual([
      { path: 'probability', message: expect.any(String) },
    ]);
    addRisk(doc, { ...risk, probability: 2 }, 'r-1');
    expect(refusal(() => addRisk(doc, { ...risk, probability: 2 }, 'r-1'))).toMatchObject({
      command: 'addRisk',
      issues: [{ path: '', message: '"r-1" already exists' }],
    });
  });
});

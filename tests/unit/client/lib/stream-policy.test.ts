import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../shared/policy/roles.ts';
import {
  mayAdjustStream,
  mayChooseStreams,
  maySetConsensusByHand,
} from '../../../../client/src/lib/stream-policy.ts';

const actor = (role: Actor['role'], name: string, functions: Actor['functions'] = []): Actor => ({
  role,
  name,
  functions,
});
const place = (stream: string) => ({ family: 'A', month: '2026-12', stream });

describe('what the breakdown offers, as the relay’s write policy says', () => {
  it('lets a function adjust its own stream only, with the policy’s sentence otherwise', () => {
    const mia = actor('editor', 'Mia Marketing', ['marketing']);
    expect(mayAdjustStream(mia, place('marketing'))).toEqual({ ok: true });
    expect(mayAdjustStream(mia, place('sales'))).toEqual({
      ok: false,
      reason: 'You can only do this for your own function.',
    });
    expect(mayAdjustStream(actor('facilitator', 'Fran'), place('sales'))).toEqual({ ok: true });
    expect(mayAdjustStream(actor('viewer', 'Vic'), place('sales'))).toEqual({
      ok: false,
      reason: 'Only the facilitator and editors adjust demand. You joined as viewer (read-only).',
    });
  });

  it('keeps the consensus by hand and the choice of streams to the facilitator', () => {
    const sam = actor('editor', 'Sam Sales', ['sales']);
    expect(maySetConsensusByHand(sam)).toEqual({
      ok: false,
      reason: 'Only the facilitator sets the consensus by hand. You joined as editor.',
    });
    expect(mayChooseStreams(sam)).toEqual({
      ok: false,
      reason: 'Only the facilitator chooses the demand streams.',
    });
    const fran = actor('facilitator', 'Fran');
    expect(maySetConsensusByHand(fran)).toEqual({ ok: true });
    expect(mayChooseStreams(fran)).toEqual({ ok: true });
  });
});

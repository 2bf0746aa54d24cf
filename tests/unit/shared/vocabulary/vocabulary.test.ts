import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, INPUT_STATUSES, STAGES } from '../../../../shared/schema/records.ts';
import { GAP_KINDS } from '../../../../shared/engine/index.ts';
import {
  FAMILY_STATUS_WORDS,
  FUNCTION_WORDS,
  GAP_KIND_WORDS,
  INPUT_STATUS_WORDS,
  labelsOf,
  planTone,
  RISK_BAND_WORDS,
  STAGE_WORDS,
  TONE_COLOURS,
  TONES,
  type Tone,
} from '../../../../shared/vocabulary/index.ts';
import * as words from '../../../../shared/vocabulary/index.ts';
import { chipOf, toneClass } from '../../../../client/src/lib/colors.ts';

/** The text and background colours app.css gives `.tone-<tone>`, through its variables. */
function pageColours(css: string, tone: Tone): { text: string; background: string } {
  const rule = new RegExp(`\\.tone-${tone}[,\\s][^{]*\\{([^}]*)\\}`).exec(css);
  if (!rule) throw new Error(`app.css has no .tone-${tone} rule`);
  const value = (property: string) => {
    const variable = new RegExp(`(?:^|[;\\s])${property}:\\s*var\\((--[\\w-]+)\\)`).exec(rule[1]);
    if (!variable) throw new Error(`.tone-${tone} sets no ${property} variable`);
    const declared = new RegExp(`${variable[1]}:\\s*(#[0-9a-f]{6})`).exec(css);
    if (!declared) throw new Error(`app.css declares no ${variable[1]}`);
    return declared[1];
  };
  return { text: value('color'), background: value('background') };
}

/** WCAG contrast ratio of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

describe('the vocabulary', () => {
  it('gives the page the same colour for each token as the printable minutes', () => {
    const css = readFileSync(new URL('../../../../client/src/app.css', import.meta.url), 'utf8');
    for (const tone of TONES) expect(pageColours(css, tone), tone).toEqual(TONE_COLOURS[tone]);
  });

  it('keeps every colour readable: text on its background at least 4.5:1', () => {
    for (const tone of TONES) {
      const { text, background } = TONE_COLOURS[tone];
      expect(contrast(text, background), tone).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('has words for every key the document and the engine use', () => {
    expect(Object.keys(STAGE_WORDS)).toEqual([...STAGES]);
    expect(Object.keys(FUNCTION_WORDS).sort()).toEqual([...FUNCTIONS].sort());
    expect(Object.keys(INPUT_STATUS_WORDS).sort()).toEqual([...INPUT_STATUSES].sort());
    expect(Object.keys(GAP_KIND_WORDS).sort()).toEqual([...GAP_KINDS].sort());
  });

  it('gives every word a label and a known colour token', () => {
    const tables = Object.entries(words).filter(
      ([name, value]) => name.endsWith('_WORDS') && name !== 'FUNCTION_WORDS' && value,
    );
    expect(tables.length).toBeGreaterThan(8);
    for (const [name, table] of tables) {
      if (name === 'STAGE_WORDS') continue;
      for (const [key, word] of Object.entries(table as Record<string, words.Word>)) {
        expect(word.label.length, `${name}.${key}`).toBeGreaterThan(0);
        expect(TONES, `${name}.${key}`).toContain(word.tone);
      }
    }
  });

  it('says a status the same way whether it is a family status or a gap', () => {
    expect(FAMILY_STATUS_WORDS.shortage.label).toBe(GAP_KIND_WORDS.shortage.label);
    expect(FAMILY_STATUS_WORDS.belowSafetyStock.label).toBe(GAP_KIND_WORDS.belowSafetyStock.label);
    expect(planTone('shortage')).toBe('bad');
    expect(planTone('overstock')).toBe('excess');
    expect(planTone('overload')).toBe('strain');
    expect(planTone('ok')).toBe('good');
    expect(RISK_BAND_WORDS.high.tone).toBe(planTone('shortage'));
  });

  it('lists the labels of a table by key', () => {
    expect(labelsOf(FAMILY_STATUS_WORDS)).toEqual({
      shortage: 'Shortage',
      belowSafetyStock: 'Below safety stock',
      overstock: 'Overstock',
      ok: 'OK',
    });
  });

  it('gives the page one class per token, which app.css defines', () => {
    const css = readFileSync(new URL('../../../../client/src/app.css', import.meta.url), 'utf8');
    for (const tone of TONES) expect(css).toMatch(new RegExp(`\\.${toneClass(tone)}[,\\s]`));
    expect(chipOf(RISK_BAND_WORDS.high)).toEqual({ text: 'High', tone: 'tone-bad' });
  });
});

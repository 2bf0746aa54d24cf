import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * Checking a page against WCAG 2.1 A and AA with axe-core in the browser, and saying what
 * failed in words a reader can act on without running the check again.
 */

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The rule sets checked: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One rule an element broke, where it was seen, and the first few elements with why. */
export interface Violation {
  /** Where: `plan · facilitator · 1440×900`. */
  where: string;
  rule: string;
  impact: string;
  help: string;
  /** How many elements broke it. */
  count: number;
  /** The first few: their CSS path and axe's failure summary. */
  targets: { target: string; summary: string }[];
}

const TARGETS_SHOWN = 4;

interface AxeResult {
  violations: {
    id: string;
    impact: string | null;
    help: string;
    nodes: { target: unknown[]; failureSummary?: string }[];
  }[];
}

/**
 * Runs axe-core over the whole document of `page` (injecting it first when the page does
 * not have it yet), and returns each rule broken, tagged with `where`.
 */
export async function checkPage(page: Page, where: string): Promise<Violation[]> {
  const present = await page.evaluate(() => 'axe' in window);
  if (!present) await page.addScriptTag({ path: AXE_PATH });
  const result = (await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
  }, WCAG_TAGS)) as AxeResult;
  return result.violations.map((violation) => ({
    where,
    rule: violation.id,
    impact: violation.impact ?? 'unknown',
    help: violation.help,
    count: violation.nodes.length,
    targets: violation.nodes.slice(0, TARGETS_SHOWN).map((node) => ({
      target: node.target.map(String).join(' > '),
      summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
    })),
  }));
}

/** The violations as a report: one paragraph per rule and place, its first targets below. */
export function describeViolations(violations: readonly Violation[]): string {
  const lines = [`${violations.length} accessibility violation(s), WCAG 2.1 A/AA:`];
  for (const v of violations) {
    lines.push(`- [${v.where}] ${v.rule} (${v.impact}), ${v.count} element(s): ${v.help}`);
    for (const t of v.targets) lines.push(`    ${t.target}\n      ${t.summary}`);
    if (v.count > v.targets.length) lines.push(`    … and ${v.count - v.targets.length} more`);
  }
  return lines.join('\n');
}

/**
 * What axe cannot see inside a canvas: each chart on the page must sit in a picture with
 * a summary a screen reader reads (`role="img"` and an aria-label of a sentence or more),
 * and offer its numbers as a table (a "Show as table" button beside it). Each chart
 * without them is returned as a violation of `chart-text-alternative`.
 */
export async function chartsWithoutAlternative(page: Page, where: string): Promise<Violation[]> {
  const missing = await page.evaluate(() =>
    [...document.querySelectorAll('canvas')].flatMap((canvas, index) => {
      const picture = canvas.closest('[role="img"]');
      const summary = picture?.getAttribute('aria-label')?.trim() ?? '';
      const figure = canvas.closest('figure');
      const table = figure?.querySelector('button[aria-controls]');
      const problems = [];
      if (summary.length < 20) problems.push('no summary (role="img" with an aria-label)');
      if (!table) problems.push('no "Show as table" button in its figure');
      return problems.length > 0
        ? [{ target: `canvas #${index + 1} ${summary.slice(0, 60)}`, summary: problems.join('; ') }]
        : [];
    }),
  );
  return missing.length === 0
    ? []
    : [
        {
          where,
          rule: 'chart-text-alternative',
          impact: 'serious',
          help: 'Every chart has a summary and a table a screen reader reads',
          count: missing.length,
          targets: missing.slice(0, TARGETS_SHOWN),
        },
      ];
}

/**
 * Presses Tab `stops` times from the top of the page and returns each element the focus
 * reached that shows no focus indicator (neither an outline nor a box-shadow), or an
 * outline under 3:1 against the surface it is drawn on (WCAG 1.4.11), as
 * `view: <tag> "<name>"`.
 */
export async function unseenFocus(page: Page, stops: number, view: string): Promise<string[]> {
  // Start from the document's top: focus a mark placed first in the page (removed as the
  // focus leaves it), so the first Tab goes to the page's first focusable element.
  await page.evaluate(() => {
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.addEventListener('blur', () => start.remove(), { once: true });
    start.focus();
    window.scrollTo(0, 0);
  });
  const unseen: string[] = [];
  for (let stop = 0; stop < stops; stop++) {
    await page.keyboard.press('Tab');
    const seen = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const ring = style.boxShadow !== 'none' && style.boxShadow !== '';
      /** `rgb(r, g, b[, a])` -> [r, g, b, a]. */
      const rgba = (text: string) => {
        const [r, g, b, a = 1] = (text.match(/[\d.]+/g) ?? []).map(Number);
        return [r, g, b, a];
      };
      const luminance = ([r, g, b]: number[]) => {
        const f = (c: number) =>
          c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4;
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      // The surface under an outline drawn outside the element is its parent's.
      let surface = [255, 255, 255, 1];
      const from = parseFloat(style.outlineOffset) > 0 ? element.parentElement : element;
      for (let at = from; at; at = at.parentElement) {
        const colour = rgba(getComputedStyle(at).backgroundColor);
        if (colour[3] === 1) {
          surface = colour;
          break;
        }
      }
      const ratio = (a: number[], b: number[]) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
      };
      const outlineRatio = outline ? ratio(rgba(style.outlineColor), surface) : null;
      const name =
        element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
      const type = element.getAttribute('type');
      const tag = `${element.tagName.toLowerCase()}${type ? `[type=${type}]` : ''}`;
      const id = element.id ? `#${element.id}` : '';
      if (outlineRatio !== null && outlineRatio < 3) {
        return {
          visible: false,
          what: `${tag}${id} "${name}" (outline ${outlineRatio.toFixed(1)}:1)`,
        };
      }
      return { visible: outline || ring, what: `${tag}${id} "${name}"` };
    });
    if (seen && !seen.visible) unseen.push(`${view}: ${seen.what}`);
  }
  return unseen;
}

/** One element axe judged or left to review, with the first check's reason. */
interface AxeNode {
  target: unknown[];
  any: { data?: { messageKey?: string } | null; message?: string }[];
}

/** What the contrast rule found: the elements that pass, fail, or are left to review. */
interface AxeContrast {
  passes: { nodes: AxeNode[] }[];
  violations: { nodes: AxeNode[] }[];
  incomplete: { nodes: AxeNode[] }[];
}

/** An element by its CSS path, and axe's reason (`bgOverlap: Element's background...`). */
interface ContrastTarget {
  target: string;
  summary: string;
}

/** What axe made of the colour contrast of each text in one look at a surface. */
export interface ContrastReading {
  passed: string[];
  failed: ContrastTarget[];
  /** Left "needs review": a background it could not determine, an overlap, a gradient... */
  unjudged: ContrastTarget[];
}

function contrastTarget(node: AxeNode): ContrastTarget {
  const check = node.any[0];
  return {
    target: node.target.map(String).join(' > '),
    summary:
      `${check?.data?.messageKey ?? 'default'}: ${(check?.message ?? '').replace(/\s+/g, ' ')}`.trim(),
  };
}

/**
 * Runs axe's colour contrast rule over the text within `selector` as it is in sight now
 * (axe judges only what is on screen), and returns what passed, failed and was left to
 * review.
 */
export async function readContrast(page: Page, selector: string): Promise<ContrastReading> {
  const present = await page.evaluate(() => 'axe' in window);
  if (!present) await page.addScriptTag({ path: AXE_PATH });
  const result = (await page.evaluate(async (within) => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    return axe.run(
      { include: [within] },
      {
        runOnly: { type: 'rule', values: ['color-contrast'] },
        resultTypes: ['passes', 'violations', 'incomplete'],
      },
    );
  }, selector)) as AxeContrast;
  const nodes = (rules: { nodes: AxeNode[] }[]) =>
    rules.flatMap((rule) => rule.nodes).map(contrastTarget);
  return {
    passed: nodes(result.passes).map((node) => node.target),
    failed: nodes(result.violations),
    unjudged: nodes(result.incomplete),
  };
}

/**
 * The colour contrast of a surface read in several looks (a screen at a time), judged
 * strictly: a text that fails in any look is a `color-contrast` violation, and one that axe
 * left "needs review" in every look it was seen in is a `color-contrast-unjudged` one, with
 * axe's reason. Where a surface was made judgeable, this keeps it so.
 */
export function strictContrast(where: string, readings: readonly ContrastReading[]): Violation[] {
  const judged = new Set(readings.flatMap((reading) => reading.passed));
  const failed = new Map<string, ContrastTarget>();
  const unjudged = new Map<string, ContrastTarget>();
  for (const reading of readings) {
    for (const node of reading.failed) failed.set(node.target, node);
    for (const node of reading.unjudged) unjudged.set(node.target, node);
  }
  for (const target of [...judged, ...failed.keys()]) unjudged.delete(target);
  const found: Violation[] = [];
  const report = (rule: string, help: string, nodes: ContrastTarget[]) => {
    if (nodes.length === 0) return;
    found.push({
      where,
      rule,
      impact: 'serious',
      help,
      count: nodes.length,
      targets: nodes.slice(0, TARGETS_SHOWN),
    });
  };
  report('color-contrast', 'Elements must meet minimum color contrast ratio thresholds', [
    ...failed.values(),
  ]);
  report(
    'color-contrast-unjudged',
    'The contrast of every text is judged (axe left it "needs review")',
    [...unjudged.values()],
  );
  return found;
}

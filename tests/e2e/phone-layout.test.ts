import { join as joinPath } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  addAction,
  addDecision,
  closeAgendaItem,
  closeWithAction,
  closeWithDecision,
  publishPreread,
  readMeeting,
  readRecords,
  startAgendaItem,
  startMeeting,
  STANDARD_AGENDA,
  type CycleDoc,
} from '../../shared/doc/index.ts';
import { addOverride, addScenario } from '../../shared/doc/scenario-commands.ts';
import { addMonths } from '../../shared/engine/index.ts';
import { addMeetingRisks } from '../helpers/meeting-risks.ts';
import { screenshotWholePage } from '../helpers/plan-cells.ts';
import { destroyAllClients } from '../helpers/relay.ts';
import {
  closeWorkspaceSuite,
  prepareCycle,
  SCREENSHOTS,
  startWorkspaceSuite,
  watchPage,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * The views people use away from the desk, on a phone (390 × 844, an iPhone 12 to 14)
 * in real Chromium against the real server: the meeting followed as it runs, "Since you
 * were here", decisions, actions, risks, the pre-read and the minutes, as the facilitator
 * and as a viewer. Nothing spills past the screen's edge (the page never scrolls
 * sideways), the header leaves the screen to the content, the current agenda item's
 * title reads in full, and the navigation shows that more views lie beyond the edge.
 * The plan grid stays a desktop view that scrolls inside its own box.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
/** The longest title of the standard agenda: the item the meeting is on. */
const CURRENT = 2;
const TITLE = (n: number) => STANDARD_AGENDA[n - 1].title;
const FACILITATOR = 'Fiona Facilitator';
const VIEWER = 'Victor Viewer';
const RISK = 'Resin supplier may miss February deliveries, which stops the kettle line';
const DECISION = 'Fund a second shift on Assembly line 1 from February, ahead of the spring peak?';
const ACTION = 'Confirm the overtime budget for Assembly line 1 with the plant controller';
/** A draft scenario: item 6 compares it with the current plan in a table of four columns. */
const SCENARIO = 'Weekend shifts on every line';

let ws: TestWorkspace;
let browser: Browser;
let fiona: Participant;
let victor: Participant;

/** Joins through an invite link on a phone-sized touch screen, as a phone's browser would. */
async function joinOnPhone(role: 'facilitator' | 'viewer', name: string): Promise<Participant> {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'en-US',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  watchPage(page, problems);
  await page.goto(ws.inviteUrl(role, name));
  await connection(page).getByText('Online').waitFor();
  return { context, page, problems };
}

const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });

async function open(person: Participant, view: string): Promise<void> {
  await person.page.goto(ws.viewUrl(view));
  await connection(person.page).getByText('Online').waitFor();
}

/** In the page: true once this browser keeps one "seen" row (the first look is stored). */
function seenRowsIn(): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const request = indexedDB.open('fulcrum-device');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('seen')) {
        db.close();
        resolve(false);
        return;
      }
      const count = db.transaction('seen').objectStore('seen').count();
      count.onsuccess = () => {
        db.close();
        resolve(count.result === 1);
      };
      count.onerror = () => reject(count.error);
    };
  });
}

/**
 * The meeting as it runs: risks, decisions and actions recorded (long titles, as people
 * write them), item 1 closed with a decision, item 3 with an action, item 4 noted, and
 * item 2 (the longest title) current; the pre-read published.
 */
function holdTheMeeting(doc: CycleDoc): void {
  const cycle = ws.cycle;
  const items = readRecords(doc, 'agenda').records.map((item) => item.id);
  addMeetingRisks(doc, cycle, RISK);
  addDecision(doc, {
    question: 'Build stock ahead of the paint shop shutdown in March?',
    owner: 'Ana Ruiz',
    status: 'proposed',
    due: '2027-01-15',
    madeIn: cycle,
  });
  addAction(doc, {
    title: 'Publish the supplier scorecard',
    owner: 'Ana Ruiz',
    due: '2026-11-20',
    status: 'open',
    raisedIn: addMonths(cycle, -1),
  });
  const scenario = addScenario(doc, { name: SCENARIO, owner: 'Ben Okafor' });
  addOverride(doc, scenario, { measure: 'capacity', targets: 'all', op: 'add', value: 400 });
  publishPreread(doc, { by: FACILITATOR, at: new Date().toISOString() });
  startMeeting(doc, items[0], new Date(Date.now() - 20 * 60_000).toISOString());
  closeWithDecision(
    doc,
    items[0],
    {
      question: DECISION,
      chosen: 'Yes, from 1 February',
      owner: 'Chen Li',
      rationale: 'The backlog of cordless drills reaches 4,000 units in March.',
      madeIn: cycle,
    },
    { by: FACILITATOR, at: new Date(Date.now() - 15 * 60_000).toISOString() },
  );
  startAgendaItem(doc, items[2], new Date(Date.now() - 14 * 60_000).toISOString());
  closeWithAction(
    doc,
    items[2],
    { title: ACTION, owner: 'Dana Schultz', due: '2026-12-20', raisedIn: cycle },
    { by: FACILITATOR, at: new Date(Date.now() - 9 * 60_000).toISOString() },
  );
  startAgendaItem(doc, items[3], new Date(Date.now() - 8 * 60_000).toISOString());
  closeAgendaItem(doc, items[3], {
    kind: 'noted',
    by: FACILITATOR,
    at: new Date(Date.now() - 4 * 60_000).toISOString(),
  });
  startAgendaItem(doc, items[CURRENT - 1], new Date(Date.now() - 3 * 60_000).toISOString());
}

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  // Victor looks once before the meeting: what it changes is what he catches up on.
  victor = await joinOnPhone('viewer', VIEWER);
  await victor.page.waitForFunction(seenRowsIn, undefined, { timeout: 10_000 });
  await prepareCycle(
    ws,
    holdTheMeeting,
    (doc) =>
      readMeeting(doc).currentItem !== null && readRecords(doc, 'scenarios').records.length === 1,
  );
  fiona = await joinOnPhone('facilitator', FACILITATOR);
}, 90_000);

afterAll(async () => {
  for (const person of [fiona, victor]) expect(person?.problems ?? []).toEqual([]);
  destroyAllClients();
  await closeWorkspaceSuite(ws, browser);
});

/** An element past the screen's edge: what the failure message names. */
interface Spill {
  tag: string;
  className: string;
  text: string;
  left: number;
  right: number;
}

/**
 * Every element with a box that reaches past the screen's left or right edge, except those
 * inside a box that scrolls or clips sideways and itself fits, and those hidden for
 * screen readers only (the `sr-only` pattern).
 */
function spills(page: Page): Promise<{ scrollWidth: number; spills: Spill[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: Spill[] = [];
    const isSrOnly = (element: Element) => {
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      return (
        element.classList.contains('sr-only') ||
        (style.position === 'absolute' && box.width <= 1 && box.height <= 1)
      );
    };
    /** Whether an ancestor that scrolls or clips sideways holds the element and itself fits. */
    const heldInside = (element: Element): boolean => {
      for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
        const overflow = getComputedStyle(up).overflowX;
        if (!['auto', 'scroll', 'hidden', 'clip'].includes(overflow)) continue;
        const outer = up.getBoundingClientRect();
        if (outer.right <= width + 0.5 && outer.left >= -0.5) return true;
      }
      return false;
    };
    const hiddenForScreenReaders = (element: Element) => {
      for (let up: Element | null = element; up; up = up.parentElement) {
        if (isSrOnly(up)) return true;
      }
      return false;
    };
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right <= width + 0.5 && box.left >= -0.5) continue;
      if (getComputedStyle(element).visibility === 'hidden') continue;
      if (hiddenForScreenReaders(element)) continue;
      if (heldInside(element)) continue;
      found.push({
        tag: element.tagName.toLowerCase(),
        className: typeof element.className === 'string' ? element.className : '',
        text: (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40),
        left: Math.round(box.left),
        right: Math.round(box.right),
      });
    }
    return { scrollWidth: document.scrollingElement?.scrollWidth ?? 0, spills: found };
  });
}

function describeSpills(list: Spill[]): string {
  return list
    .slice(0, 12)
    .map(
      (spill) =>
        `<${spill.tag} class="${spill.className}"> "${spill.text}" left ${spill.left} right ${spill.right}`,
    )
    .join('\n');
}

/** Nothing spills past the screen's edge, and the page does not scroll sideways. */
async function expectFits(page: Page, what: string, width = PHONE.width): Promise<void> {
  const found = await spills(page);
  expect
    .soft(
      found.spills.length,
      `${what}: ${found.spills.length} elements past the ${width} px screen:\n${describeSpills(found.spills)}`,
    )
    .toBe(0);
  expect.soft(found.scrollWidth, `${what}: the page scrolls sideways`).toBeLessThanOrEqual(width);
}

/** The header and the navigation together leave at least four fifths of the screen. */
async function expectCompactHeader(page: Page, what: string): Promise<void> {
  const header = await page.locator('header.workspace-header').boundingBox();
  const nav = await page.getByRole('navigation', { name: 'Views of the cycle' }).boundingBox();
  expect(header, `${what}: the header is on screen`).not.toBeNull();
  expect(nav, `${what}: the navigation is on screen`).not.toBeNull();
  const height = nav!.y + nav!.height - header!.y;
  expect
    .soft(height, `${what}: the header and navigation are ${height} px high`)
    .toBeLessThanOrEqual(PHONE.height * 0.2);
}

/** Every control of the header and the navigation is at least 40 px high: a finger's size. */
async function expectTapTargets(page: Page, what: string): Promise<void> {
  const small = await page.evaluate(() => {
    const frame = [
      document.querySelector('header.workspace-header'),
      document.querySelector('nav.view-nav'),
    ];
    const found: string[] = [];
    for (const part of frame) {
      for (const control of part?.querySelectorAll('a, button') ?? []) {
        const box = control.getBoundingClientRect();
        if (box.width === 0 || control.closest('[aria-hidden="true"]')) continue;
        if (box.height < 40) {
          found.push(
            `${control.tagName.toLowerCase()} "${control.textContent?.trim()}" ${Math.round(box.height)} px`,
          );
        }
      }
    }
    return found;
  });
  expect.soft(small, `${what}: controls smaller than a finger`).toEqual([]);
}

/**
 * The navigation shows where it scrolls: the bar is wider than the screen, the edge with
 * more views carries a visible cue, and the current view is scrolled into view.
 */
async function expectNavigationCue(page: Page, current: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Views of the cycle' });
  const state = await nav.evaluate((element) => {
    const scroller = element.querySelector('ul')!;
    const box = scroller.getBoundingClientRect();
    const link = scroller.querySelector('[aria-current="page"]')!.getBoundingClientRect();
    const cue = (side: string) => {
      const found = element.querySelector(`[data-more="${side}"]`);
      if (!found) return false;
      const style = getComputedStyle(found);
      const cueBox = found.getBoundingClientRect();
      return style.display !== 'none' && Number(style.opacity) > 0 && cueBox.width > 0;
    };
    return {
      scrolls: scroller.scrollWidth > scroller.clientWidth,
      atStart: scroller.scrollLeft <= 1,
      atEnd: scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 1,
      start: cue('start'),
      end: cue('end'),
      currentShown: link.left >= box.left - 1 && link.right <= box.right + 1,
    };
  });
  expect.soft(state.scrolls, 'the views do not all fit: the bar scrolls').toBe(true);
  expect.soft(state.currentShown, `the current view (${current}) is scrolled into view`).toBe(true);
  expect.soft(state.end, 'a cue on the right while more views lie there').toBe(!state.atEnd);
  expect.soft(state.start, 'a cue on the left while more views lie there').toBe(!state.atStart);
  expect.soft(state.start || state.end, 'some cue shows that the bar scrolls').toBe(true);
}

/** A list's rows as drawn: how each reads on a phone (a card) or on a desk (a table row). */
interface ListRows {
  /** Whether the box around the list scrolls sideways. */
  scrolls: boolean;
  /** The table's column headers, in order. */
  headers: string[];
  /** Whether a sighted person sees the column headers. */
  headersShown: boolean;
  /** The table's caption: its name for a screen reader. */
  caption: string;
  rows: {
    /** The item's full title (the row's accessible name) and the title as shown. */
    name: string;
    shown: string;
    display: string;
    /** The title is cut: overflowing its box, ending in an ellipsis or kept on one line. */
    cut: boolean;
    /** The title is the row's topmost cell and lies within the row. */
    titleFirst: boolean;
    titleInside: boolean;
    /** The row lies within the screen. */
    fits: boolean;
    /** Each cell's label (its column's header) and whether a label is drawn before it. */
    cells: { label: string; drawn: boolean; title: boolean }[];
  }[];
}

/** Reads how the rows of the work list on the page are drawn. */
function listRows(page: Page): Promise<ListRows> {
  return page.locator('table.item-cards').evaluate((element) => {
    const table = element as HTMLTableElement;
    const box = table.parentElement!;
    const head = table.tHead!;
    const width = document.documentElement.clientWidth;
    const rows = [...table.tBodies[0].rows].map((row) => {
      const title = row.querySelector<HTMLElement>('.title-button')!;
      const style = getComputedStyle(title);
      const rowBox = row.getBoundingClientRect();
      const titleBox = title.getBoundingClientRect();
      const cells = [...row.cells];
      const topmost = Math.min(...cells.map((cell) => cell.getBoundingClientRect().top));
      const titleCell = title.closest('td')!;
      return {
        name: row.getAttribute('aria-label') ?? '',
        shown: title.innerText.trim(),
        display: getComputedStyle(row).display,
        cut:
          title.scrollWidth > title.clientWidth + 1 ||
          title.scrollHeight > title.clientHeight + 1 ||
          style.textOverflow === 'ellipsis' ||
          style.whiteSpace === 'nowrap',
        titleFirst: titleCell.getBoundingClientRect().top <= topmost + 0.5,
        titleInside: titleBox.left >= rowBox.left - 0.5 && titleBox.right <= rowBox.right + 0.5,
        fits: rowBox.left >= -0.5 && rowBox.right <= width + 0.5,
        cells: cells.map((cell) => {
          const before = getComputedStyle(cell, '::before');
          return {
            label: cell.dataset.label ?? '',
            drawn: before.content !== 'none' && before.content !== 'normal',
            title: cell === titleCell,
          };
        }),
      };
    });
    const headBox = head.getBoundingClientRect();
    return {
      scrolls: box.scrollWidth > box.clientWidth,
      headers: [...head.rows[0].cells].map((cell) => (cell.textContent ?? '').trim()),
      headersShown: headBox.width > 1 && headBox.height > 1,
      caption: (table.caption?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      rows,
    };
  });
}

/**
 * On a phone each row of the list reads as a card: nothing scrolls sideways, each card
 * fits the screen, its title comes first and reads in full, and every other line says what
 * it is by its column's header ("Owner: ...").
 */
async function expectCards(page: Page, what: string): Promise<void> {
  const list = await listRows(page);
  expect(list.rows.length, `${what}: rows in the list`).toBeGreaterThan(0);
  expect.soft(list.scrolls, `${what}: the list scrolls sideways`).toBe(false);
  expect.soft(list.headersShown, `${what}: the column headers give way to labels`).toBe(false);
  for (const row of list.rows) {
    const which = `${what}, "${row.name.slice(0, 30)}…"`;
    expect.soft(row.display, `${which}: a card, not a table row`).not.toBe('table-row');
    expect.soft(row.shown, `${which}: the title as shown`).toBe(row.name);
    expect.soft(row.cut, `${which}: the title is cut`).toBe(false);
    expect.soft(row.titleFirst, `${which}: the title comes first`).toBe(true);
    expect.soft(row.titleInside, `${which}: the title lies within its card`).toBe(true);
    expect.soft(row.fits, `${which}: the card fits the screen`).toBe(true);
    expect
      .soft(
        row.cells.map((cell) => cell.label),
        `${which}: each line labelled by its column`,
      )
      .toEqual(list.headers);
    expect
      .soft(
        row.cells.map((cell) => cell.drawn),
        `${which}: a label drawn before each line but the title`,
      )
      .toEqual(row.cells.map((cell) => !cell.title));
  }
}

/** One node of the page as Chromium gives it to a screen reader. */
interface HeardNode {
  nodeId: string;
  parentId?: string;
  childIds?: string[];
  ignored?: boolean;
  role?: { value: string };
  name?: { value: string };
}

/**
 * The work list as a screen reader hears it on a phone (Chromium's accessibility tree):
 * still a table, its column headers, and each row's cells by their value alone (the labels
 * drawn before them are for the eye).
 */
async function expectHeardAsTable(page: Page, what: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: HeardNode[] };
    const byId = new Map(nodes.map((node) => [node.nodeId, node]));
    const list = await listRows(page);
    const table = nodes.find(
      (node) => node.role?.value === 'table' && !node.ignored && node.name?.value === list.caption,
    );
    expect(table, `${what}: a table named "${list.caption}"`).toBeDefined();
    const within: HeardNode[] = [];
    const walk = (node: HeardNode) => {
      for (const id of node.childIds ?? []) {
        const child = byId.get(id);
        if (!child) continue;
        if (!child.ignored) within.push(child);
        walk(child);
      }
    };
    walk(table!);
    const named = (role: string) =>
      within.filter((node) => node.role?.value === role).map((node) => node.name?.value ?? '');
    expect.soft(named('columnheader'), `${what}: the column headers heard`).toEqual(list.headers);
    const cells = named('cell');
    expect
      .soft(cells.length, `${what}: a cell heard for each column of each row`)
      .toBe(list.headers.length * list.rows.length);
    const labelled = cells.filter((name) => list.headers.some((h) => name.startsWith(`${h}:`)));
    expect.soft(labelled, `${what}: cells heard with the label drawn before them`).toEqual([]);
  } finally {
    await cdp.detach();
  }
}

/** On a desk the list stays a table: rows side by side under headers a person sees. */
async function expectTable(page: Page, what: string): Promise<void> {
  const list = await listRows(page);
  expect(list.rows.length, `${what}: rows in the list`).toBeGreaterThan(0);
  expect.soft(list.headersShown, `${what}: the column headers show`).toBe(true);
  for (const row of list.rows) {
    expect.soft(row.display, `${what}: a table row`).toBe('table-row');
    expect
      .soft(
        row.cells.some((cell) => cell.drawn),
        `${what}: no labels in the cells`,
      )
      .toBe(false);
    expect.soft(row.cut, `${what}: the title is cut`).toBe(false);
  }
}

/**
 * The decision form's expected impact on a phone: each measure's fields (measure, change,
 * unit) are named by a label a person sees, and each is at least 120 px wide or as wide as
 * its measure's block.
 */
async function expectImpactFields(form: Locator, what: string): Promise<void> {
  const impact = form.getByRole('group', { name: 'Expected impact' });
  const fields = await impact.locator('input').evaluateAll((inputs) =>
    inputs.map((input) => {
      const label = (input as HTMLInputElement).labels?.[0];
      const named = label?.querySelector<HTMLElement>('.field-name');
      const box = input.getBoundingClientRect();
      const block = input.closest('.row')!.getBoundingClientRect();
      const nameBox = named?.getBoundingClientRect();
      return {
        name: (label?.innerText ?? '').replace(/\s+/g, ' ').trim(),
        width: Math.round(box.width),
        full: box.width >= block.width - 48,
        labelShown: (nameBox?.width ?? 0) > 20 && (nameBox?.height ?? 0) > 8,
      };
    }),
  );
  expect(fields.length, `${what}: impact fields`).toBeGreaterThanOrEqual(3);
  for (const field of fields) {
    expect.soft(field.labelShown, `${what}: "${field.name}" has a visible label`).toBe(true);
    expect
      .soft(field.width >= 120 || field.full, `${what}: "${field.name}" is ${field.width} px wide`)
      .toBe(true);
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: joinPath(SCREENSHOTS, `phone-${name}.png`) });
  await screenshotWholePage(page, joinPath(SCREENSHOTS, `phone-${name}-full.png`));
}

/** Each view, how to know it is shown, and what to open on it first. */
const VIEWS: {
  name: string;
  view: string;
  current: string;
  ready: (page: Page) => Promise<void>;
  /** A list of work items whose rows read as cards on a phone. */
  cards?: boolean;
}[] = [
  {
    name: 'catchup',
    view: 'catchup',
    current: 'Since you were here',
    ready: (page) => page.getByRole('region', { name: 'Since you were here' }).first().waitFor(),
  },
  {
    name: 'decisions',
    view: 'decisions',
    current: 'Decisions',
    ready: (page) => page.getByText(DECISION).first().waitFor(),
    cards: true,
  },
  {
    name: 'actions',
    view: 'actions',
    current: 'Actions',
    ready: (page) => page.getByText(ACTION).first().waitFor(),
    cards: true,
  },
  {
    name: 'risks',
    view: 'risks',
    current: 'Risks & opportunities',
    ready: (page) => page.getByText(RISK).first().waitFor(),
    cards: true,
  },
  {
    name: 'gaps',
    view: 'gaps',
    current: 'Gaps',
    ready: (page) => page.getByRole('heading', { name: 'Gaps', exact: true }).first().waitFor(),
  },
  {
    name: 'minutes',
    view: 'minutes',
    current: 'Minutes',
    ready: (page) => page.getByText(DECISION).first().waitFor(),
  },
];

describe('on a phone', () => {
  it('the meeting in follow mode: the current item reads in full, with its timer', async () => {
    for (const [person, role] of [
      [victor, 'viewer'],
      [fiona, 'facilitator'],
    ] as const) {
      const page = person.page;
      await open(person, 'meeting');
      const title = page.locator('#meeting-item-title');
      await expect.poll(() => title.innerText()).toBe(TITLE(CURRENT));
      await page.getByRole('timer', { name: /^Time on this item/ }).waitFor();
      if (role === 'viewer') await page.getByRole('button', { name: 'Browse freely' }).waitFor();
      const cut = await title.evaluate((element) => ({
        wide: element.scrollWidth > element.clientWidth,
        tall: element.scrollHeight > element.clientHeight + 1,
        ellipsis: getComputedStyle(element).textOverflow === 'ellipsis',
        nowrap: getComputedStyle(element).whiteSpace === 'nowrap',
      }));
      expect.soft(cut, `the current item's title is cut short for the ${role}`).toEqual({
        wide: false,
        tall: false,
        ellipsis: false,
        nowrap: false,
      });
      await shot(page, role === 'viewer' ? 'meeting' : `meeting-${role}`);
      const timer = await page.getByRole('timer', { name: /^Time on this item/ }).boundingBox();
      expect
        .soft(timer!.x + timer!.width, 'the timer is on screen')
        .toBeLessThanOrEqual(PHONE.width);
      await expectCompactHeader(page, `meeting, ${role}`);
      await expectTapTargets(page, `meeting, ${role}`);
      await expectNavigationCue(page, 'Meeting');
      await expectFits(page, `meeting, ${role}`);
    }
  }, 90_000);

  it('the decision pack on item 6 reads on the screen, browsed to and back', async () => {
    const page = victor.page;
    await open(victor, 'meeting');
    await page.getByRole('button', { name: 'Browse freely' }).click();
    // On a narrow screen the agenda shows the items around the current one until asked.
    await page.getByRole('button', { name: 'Show all items' }).click();
    await page
      .locator('#agenda-items')
      .getByRole('button', { name: TITLE(6) })
      .click();
    await expect.poll(() => page.locator('#meeting-item-title').innerText()).toBe(TITLE(6));
    await page.getByText(DECISION).first().waitFor();
    await page.locator('#meeting-item-title').scrollIntoViewIfNeeded();
    await shot(page, 'decision-pack');
    await expectFits(page, 'decision pack');
    await page.getByRole('button', { name: 'Back to current item' }).click();
    await expect.poll(() => page.locator('#meeting-item-title').innerText()).toBe(TITLE(CURRENT));
  }, 60_000);

  it('a scenario waiting on item 6: its table scrolls in its own box, the text wraps', async () => {
    for (const [person, role] of [
      [victor, 'viewer'],
      [fiona, 'facilitator'],
    ] as const) {
      const page = person.page;
      await open(person, 'meeting/agenda-6');
      const table = page.getByRole('table', { name: new RegExp(`beside scenario ${SCENARIO}`) });
      await table.waitFor();
      const lead = page.getByText(/decisions? waits?: each with its options side by side/);
      // The sentence at the top of the screen, the table below it.
      await lead.evaluate((element) =>
        element.scrollIntoView({ block: 'start', behavior: 'instant' }),
      );
      await page.screenshot({
        path: joinPath(
          SCREENSHOTS,
          `phone-decision-pack-scenario${role === 'viewer' ? '' : '-facilitator'}.png`,
        ),
      });
      await expectFits(page, `decision pack with a scenario, ${role}`);
      // The sentence above the pack wraps within the screen rather than running past it.
      const sentence = await lead.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const lineHeight = parseFloat(getComputedStyle(element).lineHeight);
        return { right: box.right, lines: Math.round(box.height / lineHeight) };
      });
      expect
        .soft(sentence.right, `the sentence ends on screen (${role})`)
        .toBeLessThanOrEqual(PHONE.width);
      expect.soft(sentence.lines, `the sentence wraps (${role})`).toBeGreaterThan(1);
      // The table is wider than the phone: its box scrolls, a keyboard reaches it by Tab
      // and a screen reader hears it as a region named for the scenario.
      const box = page.getByRole('region', { name: `The current plan beside ${SCENARIO}` });
      const scroller = await box.evaluate((element) => ({
        overflowX: getComputedStyle(element).overflowX,
        scrolls: element.scrollWidth > element.clientWidth,
        right: element.getBoundingClientRect().right,
        tabIndex: element.tabIndex,
      }));
      expect(scroller.overflowX).toBe('auto');
      expect(scroller.scrolls).toBe(true);
      expect(scroller.right).toBeLessThanOrEqual(PHONE.width);
      expect(scroller.tabIndex).toBe(0);
      // With the keyboard alone: focus the box, the arrow key scrolls the table.
      await box.focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => box.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
      // Back to its start once the key's scrolling has come to rest.
      await expect
        .poll(() =>
          box.evaluate((element) => {
            element.scrollTo({ left: 0, behavior: 'instant' });
            return new Promise<number>((resolve) =>
              requestAnimationFrame(() => requestAnimationFrame(() => resolve(element.scrollLeft))),
            );
          }),
        )
        .toBe(0);
      if (role === 'facilitator') {
        const form = page.getByRole('form', { name: `Decide: ${SCENARIO}` });
        await form.waitFor();
        await page.getByRole('radio', { name: `Adopt ${SCENARIO}` }).scrollIntoViewIfNeeded();
        await expectFits(page, 'decision form for a scenario');
        await page.screenshot({
          path: joinPath(SCREENSHOTS, 'phone-decision-pack-scenario-form.png'),
        });
        const impact = form.getByRole('group', { name: 'Expected impact' });
        await impact.scrollIntoViewIfNeeded();
        await impact.screenshot({
          path: joinPath(SCREENSHOTS, 'phone-decision-pack-scenario-impact.png'),
        });
        await expectImpactFields(form, 'decision form for a scenario');
      }
      await page.getByRole('button', { name: 'Back to current item' }).click();
      await expect.poll(() => page.locator('#meeting-item-title').innerText()).toBe(TITLE(CURRENT));
    }
  }, 90_000);

  it('a tap on the bar’s edge shows the next views', async () => {
    const page = victor.page;
    await open(victor, 'plan');
    const bar = page.getByRole('navigation', { name: 'Views of the cycle' }).locator('ul');
    expect(await bar.evaluate((list) => list.scrollLeft)).toBe(0);
    await page.locator('[data-more="end"] button').tap();
    await expect.poll(() => bar.evaluate((list) => list.scrollLeft)).toBeGreaterThan(100);
    // Scrolled away from the start, the start's cue shows.
    await expect
      .poll(() =>
        page.locator('[data-more="start"]').evaluate((cue) => getComputedStyle(cue).opacity),
      )
      .toBe('1');
    await page.locator('[data-more="start"] button').tap();
    await expect.poll(() => bar.evaluate((list) => list.scrollLeft)).toBe(0);
  }, 60_000);

  it('with five people here, two faces and "+3" leave the cycle’s name whole', async () => {
    const others: Participant[] = [];
    try {
      for (const name of ['Ana Ruiz', 'Ben Okafor', 'Chen Li']) {
        others.push(await joinOnPhone('viewer', name));
      }
      const page = fiona.page;
      await open(fiona, 'decisions');
      const here = page.getByRole('banner').getByRole('list', { name: '5 people here' });
      await here.waitFor();
      await page.screenshot({ path: joinPath(SCREENSHOTS, 'phone-header-people.png') });
      expect(await here.getByRole('listitem').count()).toBe(3);
      await here.getByText('+3').waitFor();
      const title = page.getByRole('banner').getByRole('heading', { level: 1 });
      expect(await title.evaluate((heading) => heading.scrollWidth <= heading.clientWidth)).toBe(
        true,
      );
      await expectCompactHeader(page, 'five people here');
      await expectFits(page, 'five people here');
    } finally {
      for (const person of others) await person.context.close();
    }
  }, 90_000);

  it('the header folds who I am and the cycle’s actions into a named menu', async () => {
    const page = fiona.page;
    await open(fiona, 'decisions');
    const header = page.getByRole('banner');
    const menu = header.getByRole('button', { name: 'You and the cycle' });
    const download = header.getByRole('button', { name: 'Download cycle' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await download.isVisible()).toBe(false);
    const target = await menu.boundingBox();
    expect(target!.width).toBeGreaterThanOrEqual(40);
    expect(target!.height).toBeGreaterThanOrEqual(40);

    await menu.tap();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await download.waitFor();
    await header.getByText(/Fiona Facilitator\s*·\s*Facilitator/).waitFor();
    await expectFits(page, 'the open menu');
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'phone-header-menu.png') });

    // Escape closes it and gives the focus back to the menu's button.
    await download.focus();
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await download.isVisible()).toBe(false);
  }, 60_000);

  for (const view of VIEWS) {
    it(`${view.name}: fits the screen, as the viewer and as the facilitator`, async () => {
      for (const [person, role] of [
        [victor, 'viewer'],
        [fiona, 'facilitator'],
      ] as const) {
        const page = person.page;
        await open(person, view.view);
        await view.ready(page);
        await shot(page, role === 'viewer' ? view.name : `${view.name}-${role}`);
        await expectCompactHeader(page, `${view.name}, ${role}`);
        await expectNavigationCue(page, view.current);
        await expectFits(page, `${view.name}, ${role}`);
        if (view.cards) {
          await expectCards(page, `${view.name}, ${role}`);
          await expectHeardAsTable(page, `${view.name}, ${role}`);
        }
      }
    }, 90_000);
  }

  it('the pre-read opens and reads on the screen', async () => {
    for (const [person, role] of [
      [victor, 'viewer'],
      [fiona, 'facilitator'],
    ] as const) {
      const page = person.page;
      await open(person, 'stages');
      const card = page.getByRole('region', { name: 'Pre-read', exact: true });
      await card.getByRole('button', { name: 'Open the pre-read' }).click();
      const dialog = page.getByRole('dialog', { name: /^As published on / });
      await dialog.getByRole('region', { name: 'Summary for the meeting' }).waitFor();
      await shot(page, role === 'viewer' ? 'preread' : `preread-${role}`);
      await expectFits(page, `pre-read, ${role}`);
      // Its tables (families, gaps) read as cards: nothing scrolls sideways, each card
      // named first by its family or resource, each line labelled by its column.
      const tables = await dialog.locator('.table-scroll').evaluateAll((boxes) =>
        boxes.map((box) => {
          const table = box.querySelector('table')!;
          const headers = [...table.tHead!.rows[0].cells].map((cell) => cell.textContent!.trim());
          const row = table.tBodies[0].rows[0];
          const name = row.querySelector('th[scope="row"]')!;
          const top = Math.min(...[...row.cells].map((cell) => cell.getBoundingClientRect().top));
          return {
            caption: table.caption?.textContent?.trim() ?? '',
            scrolls: box.scrollWidth > box.clientWidth,
            display: getComputedStyle(row).display,
            nameFirst: name.getBoundingClientRect().top <= top + 0.5,
            labels: [...row.cells].map((cell) => cell.dataset.label ?? ''),
            headers,
          };
        }),
      );
      expect(tables.length, `pre-read tables (${role})`).toBe(2);
      for (const table of tables) {
        const which = `pre-read, ${table.caption} (${role})`;
        expect.soft(table.scrolls, `${which}: scrolls sideways`).toBe(false);
        expect.soft(table.display, `${which}: a card`).not.toBe('table-row');
        expect.soft(table.nameFirst, `${which}: its name first`).toBe(true);
        expect.soft(table.labels, `${which}: lines labelled`).toEqual(table.headers);
      }
      if (role === 'viewer') {
        await dialog
          .getByRole('heading', { name: 'Families over the horizon' })
          .evaluate((heading) => heading.scrollIntoView({ block: 'start', behavior: 'instant' }));
        await page.screenshot({ path: joinPath(SCREENSHOTS, 'phone-preread-families.png') });
      }
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }
  }, 90_000);

  it('the plan stays a desktop view that scrolls inside its own box', async () => {
    const page = fiona.page;
    await open(fiona, 'plan');
    const grid = page.getByRole('grid').first();
    await grid.waitFor();
    await shot(page, 'plan');
    await expectCompactHeader(page, 'plan');
    await expectNavigationCue(page, 'Plan');
    await expectFits(page, 'plan');
    // The grid is wider than the phone: it scrolls sideways inside its own box.
    const scroller = await grid.evaluate((element) => {
      for (let up = element.parentElement; up; up = up.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) {
          const box = up.getBoundingClientRect();
          return { scrolls: up.scrollWidth > up.clientWidth, right: box.right };
        }
      }
      return null;
    });
    expect(scroller, 'the grid sits in a box that scrolls').not.toBeNull();
    expect(scroller!.scrolls).toBe(true);
    expect(scroller!.right).toBeLessThanOrEqual(PHONE.width);
    expect(await page.locator('header.workspace-header').isVisible()).toBe(true);
  }, 90_000);
});

describe('on a tablet', () => {
  it('fits the meeting, the minutes and decisions at 768 px, the header compact', async () => {
    const tablet = { width: 768, height: 1024 };
    await victor.page.setViewportSize(tablet);
    try {
      for (const view of ['meeting', 'minutes', 'decisions']) {
        await open(victor, view);
        await victor.page.locator('main h2').first().waitFor();
        await expectFits(victor.page, `${view} at 768 px`, tablet.width);
        const header = await victor.page.locator('header.workspace-header').boundingBox();
        expect.soft(header!.height, `${view}: header height at 768 px`).toBeLessThanOrEqual(110);
        await victor.page.screenshot({ path: joinPath(SCREENSHOTS, `tablet-${view}.png`) });
      }
    } finally {
      await victor.page.setViewportSize(PHONE);
    }
  }, 60_000);
});

describe('on a desktop screen', () => {
  it('keeps the header on one row and every view in the bar', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
    const page = await context.newPage();
    const problems: string[] = [];
    watchPage(page, problems);
    try {
      await page.goto(ws.inviteUrl('facilitator', 'Desk Person'));
      await page.goto(ws.viewUrl('meeting'));
      await connection(page).getByText('Online').waitFor();
      await page.locator('#meeting-item-title').waitFor();
      const header = await page.locator('header.workspace-header').boundingBox();
      expect(header!.height).toBeLessThanOrEqual(64);
      const nav = page.getByRole('navigation', { name: 'Views of the cycle' });
      expect(await nav.locator('ul').evaluate((list) => list.scrollWidth <= list.clientWidth)).toBe(
        true,
      );
      await page.screenshot({ path: joinPath(SCREENSHOTS, 'desktop-meeting.png') });
      // Item 6 with a scenario waiting: the table spans the panel, with no scrollbar.
      await page.goto(ws.viewUrl('meeting/agenda-6'));
      const compared = page.getByRole('table', { name: /beside scenario / });
      await compared.scrollIntoViewIfNeeded();
      expect(
        await compared.evaluate((table) => {
          const box = table.parentElement!;
          return box.scrollWidth <= box.clientWidth && box.getAttribute('role') === null;
        }),
      ).toBe(true);
      await page.screenshot({ path: joinPath(SCREENSHOTS, 'desktop-decision-pack-scenario.png') });
      // On a desk each measure of the expected impact keeps its fields on one line.
      const measure = page
        .getByRole('form', { name: `Decide: ${SCENARIO}` })
        .getByRole('group', { name: 'Expected impact' })
        .locator('.row')
        .first();
      const tops = await measure
        .locator('input')
        .evaluateAll((inputs) =>
          inputs.map((input) => Math.round(input.getBoundingClientRect().top)),
        );
      expect(tops.length).toBe(3);
      expect(new Set(tops).size, 'the fields of a measure side by side').toBe(1);
      // The views the phone layout touched look as they did on a desk.
      for (const view of VIEWS) {
        await page.goto(ws.viewUrl(view.view));
        await view.ready(page);
        await page.screenshot({ path: joinPath(SCREENSHOTS, `desktop-${view.name}.png`) });
        if (view.cards) await expectTable(page, `${view.name} at 1440 px`);
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

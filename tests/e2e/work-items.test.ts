import { mkdir } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFormatters } from '../../client/src/lib/format.ts';
import { GAP_KIND_LABEL } from '../../client/src/lib/labels.ts';
import { matchGapWork } from '../../shared/engine/gap-episodes.ts';
import { reconcile, type Gap } from '../../shared/engine/index.ts';
import {
  closeWorkspaceSuite,
  join,
  launchBrowser,
  SCREENSHOTS,
  startWorkspace,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';
import { cellPattern } from '../helpers/plan-cells.ts';

/**
 * The work lists in two browsers against the real server and relay: a gap worked by one
 * person (owner, note, a risk, a decision and an action raised from it) is seen by the
 * other, survives a plan edit that recomputes the gaps, actions flag overdue and filter
 * to "mine", forms name what is wrong beside each field, a viewer cannot change
 * anything, and stages are signed off by function.
 */

const format = createFormatters('EUR', 'en-US');

let ws: TestWorkspace;
let browser: Browser;
let ana: Participant;
let ben: Participant;
let vera: Participant;
let gap: Gap;
let gapRowName: string;
let otherFamily: { id: string; name: string };

const ANA = 'Ana Ortiz';
const BEN = 'Ben Okafor';
const NOTE = 'Expedite resin from the second supplier; confirm by Friday';

/** A day `offset` days from today on this machine's calendar, `YYYY-MM-DD`. */
function day(offset: number): string {
  const date = new Date();
  date.setDate(date.getDate() + offset);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function familyName(id: string): string {
  return ws.plan.families.find((family) => family.id === id)!.name;
}

function nav(page: Page, label: string | RegExp): Locator {
  return page.getByRole('navigation', { name: 'Views of the cycle' }).getByRole('link', {
    name: label,
  });
}

async function openView(page: Page, label: string | RegExp): Promise<void> {
  await nav(page, label).click();
}

function gapsRegion(page: Page): Locator {
  return page.getByRole('region', { name: 'Gaps', exact: true });
}

function panel(page: Page, name: string): Locator {
  return page.getByRole('complementary', { name });
}

function list(page: Page, heading: string): Locator {
  return page.getByRole('region', { name: heading, exact: true });
}

function rows(region: Locator): Locator {
  return region.locator('table tbody tr');
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  ws = await startWorkspace({ clientDir: inject('clientDir') });
  const result = reconcile(ws.plan);
  // The gap the meeting works: the largest shortage (on the first page of the list).
  gap = result.gaps.find((candidate) => candidate.kind === 'shortage')!;
  gapRowName = `${GAP_KIND_LABEL.shortage}, ${familyName(gap.subject)}, ${format.month(gap.period)}`;
  otherFamily = ws.plan.families.find((family) => family.id !== gap.subject)!;
  browser = await launchBrowser();
  // Ana speaks for sales, finance and supply chain (her sign-offs); Ben for marketing.
  ana = await join(browser, ws, 'editor', ANA, undefined, ['sales', 'finance', 'supplyChain']);
  ben = await join(browser, ws, 'editor', BEN, undefined, ['marketing']);
  vera = await join(browser, ws, 'viewer', 'Vera Lind');
});

afterAll(() => closeWorkspaceSuite(ws, browser));

describe('work items in two browsers', () => {
  it('raises a risk, a decision and an action from a gap; the other person sees them and the gap shows its owner, note and links', async () => {
    const { page } = ana;
    await openView(page, /^Gaps/);
    const region = gapsRegion(page);
    await region.getByRole('heading', { name: 'Gaps' }).waitFor();

    // The kind filter narrows the list to the shortages, with their count.
    const shortages = reconcile(ws.plan).gaps.filter((candidate) => candidate.kind === 'shortage');
    const kindFilter = region.getByRole('group', { name: 'Kind' });
    await expect(
      kindFilter.getByRole('button', { name: /^Shortage/ }).innerText(),
    ).resolves.toMatch(new RegExp(`Shortage\\s+${shortages.length}`));
    await kindFilter.getByRole('button', { name: /^Shortage/ }).click();
    await expect.poll(() => rows(region).count()).toBe(shortages.length);

    await region.getByRole('row', { name: gapRowName }).getByRole('button').click();
    const details = panel(page, 'Gap details');
    await details
      .getByRole('heading', { name: `${familyName(gap.subject)} · ${format.month(gap.period)}` })
      .waitFor();
    await details.getByText(format.money(gap.value), { exact: true }).waitFor();

    // Owner, status and note.
    await details.getByLabel('Owner', { exact: true }).fill(ANA);
    await details.getByLabel('Status', { exact: true }).selectOption({ label: 'In progress' });
    await details.getByLabel('Note', { exact: true }).fill(NOTE);
    await details.getByRole('button', { name: 'Save note' }).click();
    await details.getByRole('status').getByText('Saved').waitFor();

    // A decision, an action (due a month ago: overdue) and a risk, each linked both ways.
    await details.getByRole('button', { name: 'Create decision' }).click();
    const newDecision = details.getByRole('region', { name: 'New decision' });
    const question = await newDecision
      .getByLabel('Question to decide', { exact: true })
      .inputValue();
    expect(question).toContain(familyName(gap.subject));
    await newDecision.getByLabel('Owner or approver', { exact: true }).fill(BEN);
    await newDecision.getByRole('button', { name: 'Create decision' }).click();
    await details.getByText('Decision created and linked to this gap.').waitFor();

    await details.getByRole('button', { name: 'Create action' }).click();
    const newAction = details.getByRole('region', { name: 'New action' });
    const actionTitle = `Call the resin supplier about ${familyName(gap.subject)}`;
    await newAction.getByLabel('Action', { exact: true }).fill(actionTitle);
    expect(await newAction.getByLabel('Owner', { exact: true }).inputValue()).toBe(ANA);
    await newAction.getByLabel('Due', { exact: true }).fill(day(-30));
    await newAction.getByRole('button', { name: 'Create action' }).click();
    // A due date in the past is kept only once confirmed: pressing again.
    await newAction.getByText(/is in the past\. Press Create action again to keep it/).waitFor();
    await newAction.getByRole('button', { name: 'Create action' }).click();
    await details.getByText('Action created and linked to this gap.').waitFor();

    await details.getByRole('button', { name: 'Create risk' }).click();
    const newRisk = details.getByRole('region', { name: 'New risk' });
    const riskTitle = await newRisk.getByLabel('Title', { exact: true }).inputValue();
    expect(riskTitle).toContain(familyName(gap.subject));
    expect(await newRisk.getByLabel('Impact in money (EUR)', { exact: true }).inputValue()).toBe(
      String(Math.round(gap.value)),
    );
    await newRisk.getByLabel('Probability', { exact: true }).selectOption('4');
    await newRisk.getByRole('button', { name: 'Create risk' }).click();
    await details.getByText('Risk created and linked to this gap.').waitFor();

    const links = details.getByRole('region', { name: 'Links' });
    await links.getByRole('button', { name: /^Decision/ }).waitFor();
    await links.getByRole('button', { name: /^Action/ }).waitFor();
    await links.getByRole('button', { name: /^Risk/ }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'gaps.png') });

    // The other person sees the three items in their lists.
    await openView(ben.page, 'Risks & opportunities');
    const risks = list(ben.page, 'Risks & opportunities');
    const riskRow = risks.getByRole('row', { name: riskTitle });
    await riskRow.waitFor();
    await expect(riskRow.innerText()).resolves.toContain('12 Medium');
    await openView(ben.page, 'Decisions');
    await list(ben.page, 'Decisions').getByRole('row', { name: question }).waitFor();
    await openView(ben.page, 'Actions');
    const actionRow = list(ben.page, 'Actions').getByRole('row', { name: actionTitle });
    await actionRow.waitFor();
    await expect(actionRow.innerText()).resolves.toContain('Overdue');

    // ... and the gap with its owner, status, note and links; a link chip opens the item.
    await openView(ben.page, /^Gaps/);
    const benRow = gapsRegion(ben.page).getByRole('row', { name: gapRowName });
    await benRow.waitFor();
    const text = await benRow.innerText();
    expect(text).toContain(ANA);
    expect(text).toContain('In progress');
    expect(text).toContain('Expedite resin');
    await benRow.getByRole('button', { name: /^Decision/ }).click();
    await panel(ben.page, 'Decision details').getByRole('heading', { name: question }).waitFor();
    expect(new URL(ben.page.url()).pathname).toMatch(/\/decisions\/decisions-[0-9a-f]{8}$/);
    await panel(ben.page, 'Decision details')
      .getByRole('region', { name: 'Links' })
      .getByRole('button', { name: /^Gap/ })
      .click();
    await panel(ben.page, 'Gap details').getByLabel('Note', { exact: true }).waitFor();
    expect(
      await panel(ben.page, 'Gap details').getByLabel('Note', { exact: true }).inputValue(),
    ).toBe(NOTE);
  }, 60_000);

  it('keeps gap notes through a plan edit that recomputes the gaps, and lists the gaps it resolved', async () => {
    const month = ws.plan.periods[0];
    const newGap = `${GAP_KIND_LABEL.shortage}, ${otherFamily.name}, ${format.month(month)}`;
    // The edit: a demand far beyond stock in another family's first month. Every unit in
    // stock ships, so one of that family's gaps closes (the test's own engine says which).
    const edited = structuredClone(ws.plan);
    // Far beyond stock, yet within 1,000 times the family's largest demand (a plausible number).
    const largest = Math.max(...Object.values(ws.plan.demand[otherFamily.id] ?? {}), 1);
    const huge = Math.max(
      largest * 500,
      ws.plan.families.find((f) => f.id === otherFamily.id)!.openingInventory * 10,
    );
    edited.demand[otherFamily.id] = { ...edited.demand[otherFamily.id], [month]: huge };
    // A gap whose episode the edit ends (not one it only moves: work follows a moved
    // episode, domain.md 4.6).
    const afterGaps = reconcile(edited).gaps;
    const closing = reconcile(ws.plan).gaps.find(
      (candidate) =>
        candidate.subject === otherFamily.id &&
        matchGapWork(afterGaps, [candidate.id], edited.periods[0]).size === 0,
    );
    expect(closing, 'the edit closes a gap of the edited family').toBeDefined();
    const closingName = `${GAP_KIND_LABEL[closing!.kind]}, ${otherFamily.name}, ${format.month(closing!.period)}`;

    // Ana notes the gap that the edit will close.
    const { page } = ana;
    const region = gapsRegion(page);
    await region
      .getByRole('group', { name: 'Kind' })
      .getByRole('button', { name: /^All kinds/ })
      .click();
    await region.getByLabel('Family', { exact: true }).selectOption(otherFamily.id);
    await region.getByRole('row', { name: closingName }).getByRole('button').first().click();
    const details = panel(page, 'Gap details');
    await details.getByLabel('Owner', { exact: true }).fill(ANA);
    await details
      .getByLabel('Note', { exact: true })
      .fill('Promotion in the first month should lift shipments');
    await details.getByRole('button', { name: 'Save note' }).click();
    await details.getByRole('status').getByText('Saved').waitFor();

    // Ben looks at that family's gaps (all of them fit one page).
    await openView(ben.page, /^Gaps/);
    await gapsRegion(ben.page).getByLabel('Family', { exact: true }).selectOption(otherFamily.id);
    await gapsRegion(ben.page).getByRole('row', { name: closingName }).waitFor();
    await expect(gapsRegion(ben.page).getByRole('row', { name: newGap }).count()).resolves.toBe(0);

    // Ana types the demand in the plan grid.
    await openView(page, 'Plan');
    const cell = page.getByRole('gridcell', {
      name: cellPattern(`Demand, ${otherFamily.name}, ${month}`),
    });
    await cell.click();
    await page.keyboard.type(String(huge));
    await page.keyboard.press('Enter');

    // Ben's gap list recomputes: the new shortage shows, the closed gap moves to "resolved
    // by the plan" with its note, and the gap worked before keeps its note.
    const benGaps = gapsRegion(ben.page);
    await benGaps.getByRole('row', { name: newGap }).waitFor();
    await expect.poll(() => benGaps.getByRole('row', { name: closingName }).count()).toBe(0);
    const resolved = benGaps.getByRole('region', { name: 'Resolved by the plan' });
    await resolved.getByText('Promotion in the first month should lift shipments').waitFor();
    await expect(resolved.innerText()).resolves.toContain(
      `${GAP_KIND_LABEL[closing!.kind]} · ${otherFamily.name} · ${format.month(closing!.period)}`,
    );
    await benGaps.getByLabel('Family', { exact: true }).selectOption(gap.subject);
    const worked = benGaps.getByRole('row', { name: gapRowName });
    const text = await worked.innerText();
    expect(text).toContain(ANA);
    expect(text).toContain('Expedite resin');
    expect(text).toContain('In progress');
  }, 60_000);

  it('flags an overdue action and filters the list to my own actions', async () => {
    const mineTitle = `Call the resin supplier about ${familyName(gap.subject)}`;
    const bensTitle = 'Confirm the second shift with the works council';
    await openView(ben.page, 'Actions');
    const bens = list(ben.page, 'Actions');
    await bens.getByRole('button', { name: 'New action' }).click();
    const form = panel(ben.page, 'New action');
    await form.getByLabel('Action', { exact: true }).fill(bensTitle);
    await form.getByLabel('Due', { exact: true }).fill(day(14));
    await form.getByRole('button', { name: 'Create action' }).click();
    await panel(ben.page, 'Action details').getByRole('heading', { name: bensTitle }).waitFor();

    await openView(ana.page, 'Actions');
    const actions = list(ana.page, 'Actions');
    await actions.getByRole('row', { name: bensTitle }).waitFor();
    await expect.poll(() => rows(actions).count()).toBe(2);
    const overdueRow = actions.getByRole('row', { name: mineTitle });
    await expect(overdueRow.getByText('Overdue', { exact: true }).count()).resolves.toBe(1);
    await expect(
      actions.getByRole('row', { name: bensTitle }).getByText('Overdue', { exact: true }).count(),
    ).resolves.toBe(0);
    await ana.page.screenshot({ path: joinPath(SCREENSHOTS, 'actions.png') });

    await actions
      .getByRole('group', { name: 'Whose' })
      .getByRole('button', { name: /^Mine/ })
      .click();
    await expect.poll(() => rows(actions).count()).toBe(1);
    await actions.getByRole('row', { name: mineTitle }).waitFor();
    await actions
      .getByRole('group', { name: 'Whose' })
      .getByRole('button', { name: /^Everyone/ })
      .click();
    await expect.poll(() => rows(actions).count()).toBe(2);
  }, 60_000);

  it('names what is wrong beside each field and keeps what was typed', async () => {
    const { page } = ana;
    await openView(page, 'Actions');
    await list(page, 'Actions').getByRole('button', { name: 'New action' }).click();
    const form = panel(page, 'New action');
    await form.getByLabel('Owner', { exact: true }).fill('');
    await form.getByRole('button', { name: 'Create action' }).click();

    const errorOf = async (label: string) => {
      const field = form.getByLabel(label, { exact: true });
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      const id = await field.getAttribute('aria-describedby');
      return page.locator(`[id="${id}"]`).innerText();
    };
    await expect(errorOf('Action')).resolves.toContain('Say what is to be done');
    await expect(errorOf('Owner')).resolves.toContain('An action needs one owner');
    await expect(errorOf('Due')).resolves.toContain('Set a due date');

    await form.getByLabel('Action', { exact: true }).fill('Book extra trucks for January');
    await form.getByRole('button', { name: 'Create action' }).click();
    await expect(errorOf('Owner')).resolves.toContain('An action needs one owner');
    expect(
      await form.getByLabel('Action', { exact: true }).getAttribute('aria-invalid'),
    ).toBeNull();
    expect(await form.getByLabel('Action', { exact: true }).inputValue()).toBe(
      'Book extra trucks for January',
    );
    await form.getByRole('button', { name: 'Cancel' }).click();

    // A rule only the command knows (money is not negative) comes back beside its field.
    await openView(page, 'Risks & opportunities');
    await list(page, 'Risks & opportunities').getByRole('button', { name: 'New risk' }).click();
    const risk = panel(page, 'New risk');
    await risk.getByLabel('Title', { exact: true }).fill('Euro weakens against the dollar');
    await risk.getByLabel('Impact in money (EUR)', { exact: true }).fill('-500');
    await risk.getByRole('button', { name: 'Create risk' }).click();
    const money = risk.getByLabel('Impact in money (EUR)', { exact: true });
    await expect.poll(() => money.getAttribute('aria-invalid')).toBe('true');
    const id = await money.getAttribute('aria-describedby');
    await expect(page.locator(`[id="${id}"]`).innerText()).resolves.toContain(
      'Must not be negative, got -500',
    );
    expect(await risk.getByLabel('Title', { exact: true }).inputValue()).toBe(
      'Euro weakens against the dollar',
    );
    expect(await money.inputValue()).toBe('-500');
    await risk.getByRole('button', { name: 'Cancel' }).click();
  }, 60_000);

  it('gives a viewer every list read-only: create disabled with its reason, no editable field', async () => {
    const { page } = vera;
    await openView(page, /^Gaps/);
    await gapsRegion(page)
      .getByRole('row', { name: gapRowName })
      .getByRole('button')
      .first()
      .click();
    const details = panel(page, 'Gap details');
    await details
      .getByText('Only the facilitator and editors change work items. You joined as viewer')
      .waitFor();
    expect(await details.getByLabel('Note', { exact: true }).inputValue()).toBe(NOTE);
    expect(await details.getByLabel('Note', { exact: true }).isDisabled()).toBe(true);
    await expect(details.getByRole('button', { name: /^(Create|Save|Add)/ }).count()).resolves.toBe(
      0,
    );

    for (const [view, noun] of [
      ['Risks & opportunities', 'risk'],
      ['Decisions', 'decision'],
      ['Actions', 'action'],
      ['Product development', 'product'],
    ] as const) {
      await openView(page, view);
      const region = list(page, view);
      await region.getByRole('heading', { name: view }).waitFor();
      // Raising one is not theirs: the button is disabled and says why.
      const create = region.getByRole('button', { name: `New ${noun}` });
      expect(await create.isDisabled()).toBe(true);
      expect(await create.getAttribute('title')).toBe(
        'Only the facilitator and editors change work items. You joined as viewer (read-only).',
      );
    }
    await openView(page, 'Actions');
    const actions = list(page, 'Actions');
    await rows(actions).first().waitFor();
    await rows(actions).first().click();
    const action = panel(page, 'Action details');
    await action.getByLabel('Action', { exact: true }).waitFor();
    expect(await action.getByLabel('Action', { exact: true }).isDisabled()).toBe(true);
    await expect(
      action.getByRole('button', { name: /^(Save|Delete|Mark|Add)/ }).count(),
    ).resolves.toBe(0);

    await openView(page, 'Stages');
    const boxes = page.getByRole('checkbox');
    await expect.poll(() => boxes.count()).toBe(30);
    for (const box of await boxes.all()) expect(await box.isDisabled()).toBe(true);
  }, 60_000);

  it('lists decisions open and decided', async () => {
    await openView(ben.page, 'Decisions');
    const decisions = list(ben.page, 'Decisions');
    await decisions.getByRole('button', { name: 'New decision' }).click();
    const form = panel(ben.page, 'New decision');
    await form
      .getByLabel('Question to decide', { exact: true })
      .fill('Move the spring promotion of garden hoses to April?');
    await form.getByLabel('Status', { exact: true }).selectOption({ label: 'Agreed' });
    await form.getByLabel('Chosen option', { exact: true }).fill('Yes, move it to April');
    await form.getByLabel('Owner or approver', { exact: true }).fill('Chloe Martin');
    await form.getByRole('button', { name: 'Create decision' }).click();
    const agreed = panel(ben.page, 'Decision details');
    await agreed.getByRole('heading', { name: /spring promotion/ }).waitFor();
    await agreed.getByRole('button', { name: 'Close the details' }).click();

    const state = decisions.getByRole('group', { name: 'Open or decided' });
    await state.getByRole('button', { name: /^Open/ }).click();
    await expect.poll(() => rows(decisions).count()).toBe(1);
    await state.getByRole('button', { name: /^Decided/ }).click();
    await expect.poll(() => rows(decisions).count()).toBe(1);
    await decisions.getByRole('row', { name: /spring promotion/ }).waitFor();
    await state.getByRole('button', { name: /^All/ }).click();
    await expect.poll(() => rows(decisions).count()).toBe(2);
    await ben.page.screenshot({ path: joinPath(SCREENSHOTS, 'decisions.png') });
  }, 60_000);

  it('signs stages off by function, shows who and when to the others, and withdraws', async () => {
    await openView(ana.page, 'Stages');
    await openView(ben.page, 'Stages');
    await ana.page
      .getByLabel('Status of Demand review', { exact: true })
      .selectOption({ label: 'Done' });
    await ana.page.getByLabel('Owner of Demand review', { exact: true }).fill(ANA);
    await ana.page.getByLabel('Owner of Demand review', { exact: true }).press('Enter');
    await ana.page.getByLabel('Due date of Demand review', { exact: true }).fill(day(3));
    await ana.page
      .getByLabel('Status of Supply review', { exact: true })
      .selectOption({ label: 'In progress' });
    await ana.page.getByLabel('Sales sign-off of Demand review', { exact: true }).check();
    await ana.page.getByLabel('Finance sign-off of Demand review', { exact: true }).check();
    await ana.page.getByLabel('Supply chain sign-off of Product review', { exact: true }).check();

    const sales = ben.page.getByLabel('Sales sign-off of Demand review', { exact: true });
    await expect.poll(() => sales.isChecked()).toBe(true);
    // Ben signs off for marketing only: the sales box is not his.
    expect(await sales.isDisabled()).toBe(true);
    expect(await sales.getAttribute('title')).toBe('You can only do this for your own function.');
    expect(
      await ben.page
        .getByLabel('Marketing sign-off of Demand review', { exact: true })
        .isDisabled(),
    ).toBe(false);
    const cell = ben.page.getByRole('cell').filter({ has: sales });
    await expect(cell.innerText()).resolves.toContain(ANA);
    await expect
      .poll(() => ben.page.getByLabel('Owner of Demand review', { exact: true }).inputValue())
      .toBe(ANA);
    await expect(
      ben.page.getByLabel('Status of Demand review', { exact: true }).inputValue(),
    ).resolves.toBe('done');

    await ana.page.getByLabel('Finance sign-off of Demand review', { exact: true }).uncheck();
    await expect
      .poll(() =>
        ben.page.getByLabel('Finance sign-off of Demand review', { exact: true }).isChecked(),
      )
      .toBe(false);
    await ben.page.screenshot({ path: joinPath(SCREENSHOTS, 'stages.png') });
  }, 60_000);

  it('showed nobody an error', () => {
    expect([...ana.problems, ...ben.problems, ...vera.problems]).toEqual([]);
  });
});

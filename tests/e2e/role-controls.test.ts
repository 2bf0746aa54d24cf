import { join as joinPath } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  addDecision,
  publishPreread,
  readPreread,
  readRecords,
  type CycleDoc,
} from '../../shared/doc/index.ts';
import { addScenario } from '../../shared/doc/scenario-commands.ts';
import { cell, cellName, cellText, revealCell, typeIntoCell } from '../helpers/plan-cells.ts';
import { destroyAllClients } from '../helpers/relay.ts';
import {
  closeWorkspaceSuite,
  join,
  openView,
  prepareCycle,
  SCREENSHOTS,
  startWorkspaceSuite,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * The page follows the write policy, per role, against the real server in Chromium: a
 * viewer, an approver for finance and an editor for supply chain each open the seeded
 * cycle. Each control a role may not use is disabled and says why with the policy's own
 * sentence (as its title and in the note its aria-describedby points to); a sample of
 * what each may do works: the viewer marks the pre-read read and records their own
 * attendance, the approver signs off for finance, the editor edits a plan cell.
 */

const VIEWER = 'Vera Viewer';
const APPROVER = 'Abe Approver';
const EDITOR = 'Ed Editor';
const QUESTION = 'Add a second shift on line 1 from February?';
const SCENARIO = 'Wet summer';
const FOR_VIEWER = 'You joined as viewer (read-only).';

let ws: TestWorkspace;
let browser: Browser;
let agreedDecision = '';
let proposedDecision = '';

/** Before anyone opens the page: the pre-read, an agreed decision and a draft scenario. */
function prepare(doc: CycleDoc): void {
  publishPreread(doc, { by: 'Priya Prep', at: new Date().toISOString() });
  agreedDecision = addDecision(doc, {
    question: QUESTION,
    chosen: 'Yes, from 1 February',
    owner: 'Priya Prep',
    status: 'agreed',
    madeIn: ws.cycle,
  });
  proposedDecision = addDecision(doc, {
    question: 'Raise the price of garden hoses by 3%?',
    status: 'proposed',
    madeIn: ws.cycle,
  });
  addScenario(doc, { name: SCENARIO, owner: 'Priya Prep' });
}

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  await prepareCycle(
    ws,
    prepare,
    (doc) =>
      readPreread(doc) !== null &&
      readRecords(doc, 'decisions').records.length === 2 &&
      readRecords(doc, 'scenarios').records.length === 1,
  );
}, 60_000);

afterAll(async () => {
  destroyAllClients();
  await closeWorkspaceSuite(ws, browser);
});

async function person(
  role: 'viewer' | 'approver' | 'editor',
  name: string,
  functions: ('finance' | 'supplyChain')[] = [],
): Promise<Participant> {
  const joined = await join(browser, ws, role, name, undefined, functions);
  joined.page.setDefaultTimeout(15_000);
  return joined;
}

/**
 * Checks a control is disabled and says why: its title and the text its aria-describedby
 * points to both hold the policy's sentence.
 */
async function expectRefused(control: Locator, reason: string): Promise<void> {
  await control.waitFor();
  expect(await control.isDisabled(), 'disabled').toBe(true);
  expect(await control.getAttribute('title')).toBe(reason);
  const ids = (await control.getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
  const described = await Promise.all(
    ids.map((id) => control.page().locator(`[id="${id}"]`).innerText()),
  );
  expect(described.join(' ')).toContain(reason);
}

const preread = (page: Page) => page.getByRole('region', { name: 'Pre-read', exact: true });
const signoff = (page: Page, fn: string, stage = 'Product review') =>
  page.getByRole('checkbox', { name: `${fn} sign-off of ${stage}` });

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: joinPath(SCREENSHOTS, name) });
}

describe('a viewer', () => {
  let vera: Participant;
  beforeAll(async () => {
    vera = await person('viewer', VIEWER);
  }, 60_000);
  afterAll(async () => {
    expect(vera.problems).toEqual([]);
    await vera.context.close();
  });

  it('reads the header with their role, and a banner of what they may do', async () => {
    const header = vera.page.getByRole('banner');
    await header.getByText(`${VIEWER} · Viewer (read-only)`).waitFor();
    await vera.page
      .getByRole('note')
      .filter({ hasText: 'You joined as a viewer: you can read everything' })
      .waitFor();
  });

  it('marks the pre-read read, and cannot publish it, sign off or report inputs', async () => {
    await openView(ws, vera, 'stages');
    const card = preread(vera.page);
    await card.getByRole('button', { name: 'Mark as read' }).click();
    await card.getByText(/^You read it /).waitFor();
    expect(await card.getByRole('button', { name: /^Publish/ }).count()).toBe(0);

    await expectRefused(
      signoff(vera.page, 'Finance'),
      `Viewers cannot sign off a stage. ${FOR_VIEWER}`,
    );
    expect(await vera.page.getByRole('combobox', { name: 'Input status of Finance' }).count()).toBe(
      0,
    );
    await vera.page
      .getByText(`Only the facilitator and editors report input status. ${FOR_VIEWER}`)
      .first()
      .waitFor();
    await screenshot(vera.page, 'role-viewer-stages.png');
  }, 60_000);

  it('records their own attendance; the meeting and the agenda are not theirs to run', async () => {
    await openView(ws, vera, 'meeting');
    const page = vera.page;
    await expectRefused(
      page.getByRole('button', { name: 'Start meeting', exact: true }),
      `Only the facilitator starts, moves and ends the meeting. ${FOR_VIEWER}`,
    );
    await expectRefused(
      page.getByRole('button', { name: 'Edit agenda' }),
      `Only the facilitator changes the agenda; editors take its notes. ${FOR_VIEWER}`,
    );
    await expectRefused(
      page.getByRole('button', { name: 'Close item' }),
      `Only the facilitator changes the agenda; editors take its notes. ${FOR_VIEWER}`,
    );
    // The notes follow as they are typed; why they are read-only is said, to screen readers too.
    const notes = page.getByRole('textbox', { name: /^Notes, / });
    expect(await notes.getAttribute('aria-readonly')).toBe('true');
    const why = await notes.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${why}"]`).innerText()).toContain(
      `Only the facilitator changes the agenda; editors take its notes. ${FOR_VIEWER}`,
    );
    const attendance = page.getByRole('region', { name: 'Attendance' });
    await attendance.getByRole('button', { name: `Mark ${VIEWER} present` }).click();
    await attendance.getByRole('checkbox', { name: `${VIEWER} present` }).waitFor();
    expect(await attendance.getByRole('checkbox', { name: `${VIEWER} present` }).isChecked()).toBe(
      true,
    );
    // Adding someone else is not theirs to do: no form, and the reason instead.
    expect(
      await attendance.getByRole('combobox', { name: 'Name of a person expected' }).count(),
    ).toBe(0);
    await attendance.getByText('You can only do this for yourself.').waitFor();
    await screenshot(page, 'role-viewer-meeting.png');
  }, 60_000);
});

describe('an approver for finance', () => {
  let abe: Participant;
  beforeAll(async () => {
    abe = await person('approver', APPROVER, ['finance']);
  }, 60_000);
  afterAll(async () => {
    expect(abe.problems).toEqual([]);
    await abe.context.close();
  });

  it('signs off for finance; the sign-off of any other function is disabled, saying why', async () => {
    await abe.page.getByRole('banner').getByText(`${APPROVER} · Approver · Finance`).waitFor();
    await openView(ws, abe, 'stages');
    const finance = signoff(abe.page, 'Finance');
    expect(await finance.isDisabled()).toBe(false);
    await finance.check();
    await abe.page.locator('#signoff-product-finance').getByText(APPROVER).waitFor();

    const mine = 'You can only do this for your own function.';
    await expectRefused(signoff(abe.page, 'Sales'), mine);
    await expectRefused(signoff(abe.page, 'Supply chain'), mine);
    await abe.page.getByText(`Sales, Marketing, Supply chain, Executive: ${mine}`).waitFor();
    // Comments are theirs; inputs are not.
    await abe.page.getByRole('button', { name: 'Comment on Product review' }).click();
    await abe.page
      .getByRole('textbox', { name: 'Comment on the product review' })
      .fill('Finance signs off on the revised volumes.');
    await abe.page.getByRole('button', { name: 'Add comment' }).click();
    await abe.page.getByText('Finance signs off on the revised volumes.').waitFor();
    await abe.page
      .getByText('Only the facilitator and editors report input status. You joined as approver.')
      .first()
      .waitFor();
    await screenshot(abe.page, 'role-approver-stages.png');
  }, 60_000);

  it('reads the plan but no cell takes input, and cannot edit an agreed decision', async () => {
    await openView(ws, abe, 'plan');
    await abe.page
      .getByRole('note')
      .filter({
        hasText: 'You joined as an approver: you can read everything, sign off for Finance',
      })
      .waitFor();
    const family = ws.plan.families[0];
    const target = cellName('Demand', family.name, ws.plan.periods[1]);
    const before = await cellText(abe.page, target);
    await revealCell(abe.page, target);
    await cell(abe.page, target).click();
    await abe.page.keyboard.type('999');
    await abe.page.keyboard.press('Enter');
    expect(await cellText(abe.page, target)).toBe(before);

    await abe.page.goto(`${ws.viewUrl('decisions')}/${agreedDecision}`);
    await abe.page
      .getByRole('complementary')
      .getByText('An agreed decision cannot be changed: record a revision instead.')
      .first()
      .waitFor();
    expect(await abe.page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    expect(await abe.page.getByRole('button', { name: 'Mark agreed' }).count()).toBe(0);
  }, 60_000);

  it('approves a proposed decision, and edits nothing of it', async () => {
    await abe.page.goto(`${ws.viewUrl('decisions')}/${proposedDecision}`);
    const details = abe.page.getByRole('complementary', { name: 'Decision details' });
    await details
      .getByText('Approvers approve or reject a proposed decision; they do not edit it.')
      .waitFor();
    expect(await details.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await details.getByRole('button', { name: 'Mark agreed' }).click();
    await details
      .getByText('An agreed decision cannot be changed: record a revision instead.')
      .first()
      .waitFor();
    expect(await details.getByText('Agreed', { exact: true }).count()).toBeGreaterThan(0);
  }, 60_000);
});

describe('an editor for supply chain', () => {
  let ed: Participant;
  beforeAll(async () => {
    ed = await person('editor', EDITOR, ['supplyChain']);
  }, 60_000);
  afterAll(async () => {
    expect(ed.problems).toEqual([]);
    await ed.context.close();
  });

  it('edits a plan cell', async () => {
    await ed.page.getByRole('banner').getByText(`${EDITOR} · Editor · Supply chain`).waitFor();
    const family = ws.plan.families[0];
    const target = cellName('Demand', family.name, ws.plan.periods[2]);
    await typeIntoCell(ed.page, target, '4321');
    await expect.poll(() => cellText(ed.page, target)).toBe('4,321');
  }, 60_000);

  it('cannot start the meeting, change the agenda or close an item: the reasons say why', async () => {
    await openView(ws, ed, 'meeting');
    const page = ed.page;
    await expectRefused(
      page.getByRole('button', { name: 'Start meeting', exact: true }),
      'Only the facilitator starts, moves and ends the meeting. You joined as editor.',
    );
    await expectRefused(
      page.getByRole('button', { name: 'Start meeting with this item' }),
      'Only the facilitator starts, moves and ends the meeting. You joined as editor.',
    );
    await expectRefused(
      page.getByRole('button', { name: 'Edit agenda' }),
      'Only the facilitator changes the agenda.',
    );
    await expectRefused(
      page.getByRole('button', { name: 'Close item' }),
      'Only the facilitator changes the agenda.',
    );
    // Notes are theirs to take.
    await page.getByRole('textbox', { name: /^Notes, / }).click();
    await page.keyboard.type('Plant 2 can add a shift');
    await page.getByText('Plant 2 can add a shift').waitFor();
    await screenshot(page, 'role-editor-meeting.png');
  }, 60_000);

  it('reports supply chain inputs only, cannot publish the pre-read, adopt or change what was agreed', async () => {
    await openView(ws, ed, 'stages');
    const page = ed.page;
    await page.getByRole('combobox', { name: 'Input status of Supply chain' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Input status of Sales' }).count()).toBe(0);
    expect(await signoff(page, 'Supply chain').isDisabled()).toBe(false);
    await expectRefused(signoff(page, 'Finance'), 'You can only do this for your own function.');
    expect(await preread(page).getByRole('button', { name: 'Publish again…' }).count()).toBe(0);

    await openView(ws, ed, 'scenarios');
    await expectRefused(
      page.getByRole('button', { name: `Adopt ${SCENARIO}…` }),
      'Only the facilitator adopts a scenario.',
    );

    await page.goto(`${ws.viewUrl('decisions')}/${agreedDecision}`);
    await page
      .getByText('An agreed decision cannot be changed: record a revision instead.')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Delete|Archive) decision/ }).count()).toBe(0);
  }, 60_000);
});

import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDecision, nextCycleId, readRecords, setCell } from '../../shared/doc/index.ts';
import { addOverride, addScenario } from '../../shared/doc/scenario-commands.ts';
import { CHECKLIST_KEYS } from '../../shared/cycle/close-checklist.ts';
import { calendarDay } from '../../shared/dates.ts';
import {
  closeWorkspaceSuite,
  join,
  prepareCycle,
  SCREENSHOTS,
  startWorkspaceSuite,
  TEST_WORKSPACE,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * The decision pack on agenda item 6 and its review a cycle later, in three browsers: an
 * editor marks a gap as needing a decision from the gap panel; the facilitator sees the
 * waiting scenario beside the current plan and decides it in place, with rationale,
 * expected impact (carried from the comparison, edited), owner and review date; the
 * approver sees the decision as taken; the cycle rolls over; on item 1 of the next cycle
 * the facilitator sees expected against actual and records whether it delivered, which
 * the editor may not.
 */

const SCENARIO = 'Weekend shifts';
const QUESTION = `Adopt scenario ${SCENARIO}?`;
const RATIONALE = 'The backlog costs more than the weekend premium';
const KEPT_OUT = 'Price rise';
const FRAN = 'Fran Facilitator';
const BEN = 'Ben Okafor';

let ws: TestWorkspace;
let browser: Browser;
let fran: Participant;
let ben: Participant;
let abe: Participant;

const shot = (page: Page, name: string) =>
  page.screenshot({ path: joinPath(SCREENSHOTS, `decision-pack-${name}.png`), fullPage: true });

async function goTo(person: Participant, cycle: string, view: string): Promise<void> {
  await person.page.goto(`${ws.url}/w/${TEST_WORKSPACE}/${cycle}/${view}`);
  await person.page.getByRole('status', { name: 'Connection' }).getByText('Online').waitFor();
}

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  // A scenario and a proposed decision wait; the ended month's shipments are recorded.
  await prepareCycle(
    ws,
    (doc) => {
      const id = addScenario(doc, { name: SCENARIO, owner: BEN });
      addOverride(doc, id, { measure: 'capacity', targets: 'all', op: 'add', value: 400 });
      addOverride(doc, id, { measure: 'supply', targets: 'all', op: 'scale', value: 1.1 });
      const rise = addScenario(doc, { name: KEPT_OUT, owner: BEN });
      addOverride(doc, rise, { measure: 'price', targets: 'all', op: 'scale', value: 1.05 });
      addDecision(doc, {
        question: 'Open a second warehouse?',
        options: 'Yes, in Lyon; No, rent space for the peak',
        status: 'proposed',
        madeIn: ws.cycle,
      });
      const month = ws.plan.periods[0];
      for (const family of ws.plan.families) {
        const demand = ws.plan.demand[family.id]?.[month] ?? 0;
        setCell(doc, 'actualsShipped', family.id, month, Math.round(demand * 0.9));
      }
    },
    (doc) =>
      readRecords(doc, 'scenarios').records.length === 2 &&
      readRecords(doc, 'decisions').records.length === 1,
  );
  fran = await join(browser, ws, 'facilitator', FRAN, { width: 1400, height: 900 });
  ben = await join(browser, ws, 'editor', BEN, undefined, ['supplyChain']);
  abe = await join(browser, ws, 'approver', 'Abe Exec', undefined, ['executive']);
});

afterAll(() => closeWorkspaceSuite(ws, browser));

describe('the decision pack', () => {
  it(
    'is decided in place on item 6 and reviewed on item 1 of the next cycle',
    { timeout: 180_000 },
    async () => {
      // The editor marks the largest gap as needing a decision, from the gap panel.
      await goTo(ben, ws.cycle, 'gaps');
      const gaps = ben.page.getByRole('region', { name: 'Gaps', exact: true });
      await gaps.locator('table tbody tr').first().getByRole('button').first().click();
      const details = ben.page.getByRole('complementary', { name: 'Gap details' });
      await details.getByLabel('Needs a decision of the meeting').check();
      await details.getByText('In the decision pack of agenda item 6.').waitFor();
      const gapTitle = (await details.getByRole('heading').first().innerText()).trim();

      // The facilitator's item 6: the scenario, the decision and the gap wait.
      await goTo(fran, ws.cycle, 'meeting/agenda-6');
      const page = fran.page;
      await page.getByText('4 decisions wait').waitFor();
      const scenario = page.getByRole('article', { name: QUESTION });
      const table = scenario.getByRole('table', { name: /current plan beside scenario/ });
      await table.getByRole('columnheader', { name: 'Current plan' }).waitFor();
      await table.getByRole('columnheader', { name: SCENARIO }).waitFor();
      await table.getByRole('row', { name: /Still owed at horizon end/ }).waitFor();
      await page.getByRole('article', { name: 'Open a second warehouse?' }).waitFor();
      await page
        .getByRole('article', { name: new RegExp(gapTitle.split(' · ')[0]) })
        .first()
        .waitFor();
      await shot(page, 'waiting');

      // The editor and the approver see the pack; adopting is the facilitator's.
      await goTo(ben, ws.cycle, 'meeting/agenda-6');
      await ben.page
        .getByRole('article', { name: QUESTION })
        .getByText('Only the facilitator adopts a scenario.', { exact: false })
        .waitFor();

      // The meeting keeps the plan instead of one scenario: a decision, the plan unchanged.
      const rise = page
        .getByRole('article', { name: `Adopt scenario ${KEPT_OUT}?` })
        .getByRole('form', { name: `Decide: ${KEPT_OUT}` });
      await rise.getByLabel('Keep the current plan').check();
      await rise.getByLabel('Rationale').fill('Customers signed at this year’s prices');
      await rise.getByLabel('Owner').fill(FRAN);
      await rise.getByRole('button', { name: 'Record the decision' }).click();
      await page
        .getByRole('status')
        .getByText(`Decided: keep the current plan instead of ${KEPT_OUT}.`)
        .waitFor();
      await page.getByText('3 decisions wait').waitFor();
      await goTo(ben, ws.cycle, 'scenarios');
      await ben.page
        .getByRole('row', { name: new RegExp(KEPT_OUT) })
        .getByText('Not adopted: plan kept')
        .waitFor();

      // Decided in place: adopt, with rationale, the impact edited, owner and review date.
      const form = scenario.getByRole('form', { name: `Decide: ${SCENARIO}` });
      const margin = form.getByLabel('Expected change of Margin after holding and extra hours');
      await expect(margin.inputValue()).resolves.toMatch(/^-?\d+$/);
      await margin.fill('150000');
      await form.getByLabel('Rationale').fill(RATIONALE);
      await form.getByLabel('Owner').fill(BEN);
      const today = calendarDay(new Date());
      await form.getByLabel('Review date').fill(today);
      await form.getByRole('button', { name: 'Record the decision' }).click();
      await page.getByRole('status').getByText(`Decided: scenario ${SCENARIO} adopted.`).waitFor();
      await expect(page.getByRole('article', { name: QUESTION }).count()).resolves.toBe(0);
      await page.getByText('2 decisions wait').waitFor();

      // The approver's page shows it as taken, with its rationale and expected impact.
      await goTo(abe, ws.cycle, 'meeting/agenda-6');
      const taken = abe.page
        .getByRole('region', { name: /^Decided in December 2026/ })
        .getByRole('listitem', { name: QUESTION });
      await taken.getByText(`Rationale: ${RATIONALE}`).waitFor();
      await taken.getByText(/Expected: Margin after holding and extra hours \+€150,000/).waitFor();
      await taken.getByText(new RegExp(`^${BEN} · review by \\w+ \\d+, \\d{4}$`)).waitFor();
      await shot(abe.page, 'approver');
      // Its record in Decisions says the same: what it should move, and when it is reviewed.
      await taken.getByRole('link', { name: QUESTION }).click();
      const outlook = abe.page.getByRole('region', { name: 'Expected impact and review' });
      await outlook.getByText('Margin after holding and extra hours +€150,000').waitFor();
      await outlook.getByText(/^To be reviewed by \w+ \d+, \d{4}\.$/).waitFor();
      await shot(abe.page, 'decision-record');

      // The editor decides the gap they marked, in place: a decision linked to the gap.
      await goTo(ben, ws.cycle, 'meeting/agenda-6');
      const gapItem = ben.page
        .getByRole('article', { name: new RegExp(gapTitle.split(' · ')[0]) })
        .first()
        .getByRole('form');
      await gapItem.getByLabel('Option chosen').fill('Move the job to line 2');
      await gapItem.getByLabel('Rationale').fill('Line 2 has hours free in the same months');
      await gapItem.getByLabel('Owner').fill(BEN);
      await gapItem.getByRole('button', { name: 'Record the decision' }).click();
      await ben.page.getByRole('status').getByText('Decided: Move the job to line 2.').waitFor();
      await page.getByText('1 decision waits').waitFor();

      // Item 6 closes with a decision that says why, as the outcome form now asks.
      const outcome = page.getByRole('region', { name: 'Outcome' });
      await outcome.getByLabel(/Record a decision/).check();
      await outcome
        .getByLabel('Question decided', { exact: true })
        .fill('Which scenarios go ahead?');
      await outcome
        .getByLabel('Option chosen', { exact: true })
        .fill('Weekend shifts; no price rise');
      await outcome.getByLabel('Owner', { exact: true }).fill(FRAN);
      await outcome.getByLabel('Rationale', { exact: true }).fill('As decided in the pack');
      await outcome.getByRole('button', { name: 'Close item' }).click();
      await outcome.getByText('Closed with a decision').waitFor();
      await outcome.getByText('As decided in the pack').waitFor();

      // The cycle rolls over (what is left open acknowledged, as the server asks).
      const token = new URL(ws.inviteUrl('facilitator', FRAN)).searchParams.get('token');
      const next = nextCycleId(ws.cycle);
      const rolled = await fetch(
        `${ws.url}/api/workspaces/${TEST_WORKSPACE}/cycles/${ws.cycle}/next`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ acknowledge: CHECKLIST_KEYS }),
        },
      );
      expect(rolled.status).toBe(200);

      // Item 1 of the next cycle: expected against actual, and the verdict recorded.
      await goTo(fran, next, 'meeting/agenda-1');
      const reviews = page.getByRole('region', { name: 'Decisions due for review (1)' });
      const due = reviews.getByRole('listitem', { name: QUESTION });
      await due.getByText('To review').waitFor();
      const impact = due.getByRole('table', { name: /Expected against actual/ });
      const marginRow = impact.getByRole('row', { name: /Margin after holding and extra hours/ });
      await marginRow.getByText('+€150,000').waitFor();
      await marginRow.getByText(/Margin in December 2026, actual against plan/).waitFor();
      await impact
        .getByText(/is measured over the whole horizon/)
        .first()
        .waitFor();

      // The editor reads it, but the verdict is the facilitator's.
      await goTo(ben, next, 'meeting/agenda-1');
      await ben.page
        .getByRole('listitem', { name: QUESTION })
        .getByText('Only the facilitator records whether a decision delivered.', { exact: false })
        .waitFor();

      const verdict = due.getByRole('form', { name: `Review: ${QUESTION}` });
      await verdict.getByLabel('Partly delivered').check();
      await verdict.getByLabel('Review note').fill('Half the backlog cleared by January');
      await shot(page, 'review-form');
      await verdict.getByRole('button', { name: 'Record the review' }).click();
      await due.getByText('Partly delivered', { exact: true }).first().waitFor();
      await due.getByText(/Reviewed by Fran Facilitator on .*: Half the backlog cleared/).waitFor();
      await ben.page
        .getByRole('listitem', { name: QUESTION })
        .getByText('Partly delivered', { exact: true })
        .waitFor();
      await shot(page, 'reviewed');

      // A verdict recorded by mistake is recorded again, not undone.
      await due.getByText('Change the verdict').click();
      const again = due.getByRole('form', { name: `Review: ${QUESTION}` });
      await again.getByLabel('Delivered', { exact: true }).check();
      await again.getByRole('button', { name: 'Record the review' }).click();
      await ben.page
        .getByRole('listitem', { name: QUESTION })
        .getByText('Delivered', { exact: true })
        .waitFor();

      expect(fran.problems).toEqual([]);
      expect(ben.problems).toEqual([]);
      expect(abe.problems).toEqual([]);
    },
  );
});

import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { nextCycleId, readRecords, setCell, STANDARD_AGENDA } from '../../shared/doc/index.ts';
import { addOverride, addScenario } from '../../shared/doc/scenario-commands.ts';
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
 * One whole S&OP cycle in four browsers against the real server, as its people live it:
 * preparation (an editor submits supply chain's inputs, the facilitator publishes the
 * pre-read, the executive reads its summary), the executive meeting through all ten agenda
 * items with an outcome each (item 6 decided in its decision pack), the end of the meeting,
 * the checked close with its acknowledgement, item 1 of the next cycle reviewing the
 * decision against actuals, and catch-up for the person who missed the meeting. No
 * browser logs an error.
 */

const FRAN = 'Fran Facilitator';
const BEN = 'Ben Okafor';
const ABE = 'Abe Exec';
const SUE = 'Sue Supply';
const SCENARIO = 'Weekend shifts';
const QUESTION = `Adopt scenario ${SCENARIO}?`;
const TITLE = (n: number) => STANDARD_AGENDA[n - 1].title;

let ws: TestWorkspace;
let browser: Browser;
let fran: Participant;
let ben: Participant;
let abe: Participant;
let sue: Participant;

const shot = (page: Page, name: string) =>
  page.screenshot({ path: joinPath(SCREENSHOTS, `full-cycle-${name}.png`), fullPage: true });
const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });

async function goTo(person: Participant, cycle: string, view: string): Promise<void> {
  await person.page.goto(`${ws.url}/w/${TEST_WORKSPACE}/${cycle}/${view}`);
  await connection(person.page).getByText('Online').waitFor();
}

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  // Before the cycle's preparation: a scenario waits for a decision, and the month that
  // is ending has its shipments recorded (the facts a review compares with).
  await prepareCycle(
    ws,
    (doc) => {
      const id = addScenario(doc, { name: SCENARIO, owner: BEN });
      addOverride(doc, id, { measure: 'capacity', targets: 'all', op: 'add', value: 400 });
      addOverride(doc, id, { measure: 'supply', targets: 'all', op: 'scale', value: 1.1 });
      const month = ws.plan.periods[0];
      for (const family of ws.plan.families) {
        const demand = ws.plan.demand[family.id]?.[month] ?? 0;
        setCell(doc, 'actualsShipped', family.id, month, Math.round(demand * 0.9));
      }
    },
    (doc) => readRecords(doc, 'scenarios').records.length === 1,
  );
  fran = await join(browser, ws, 'facilitator', FRAN, { width: 1400, height: 900 }, ['executive']);
  ben = await join(browser, ws, 'editor', BEN, undefined, ['supplyChain']);
  abe = await join(browser, ws, 'approver', ABE, undefined, ['executive']);
});

afterAll(() => closeWorkspaceSuite(ws, browser));

describe('a whole cycle', () => {
  it(
    'runs from preparation through the meeting, its end and the checked close, to the review a cycle later',
    { timeout: 300_000 },
    async () => {
      const next = nextCycleId(ws.cycle);

      // Preparation: supply chain submits its inputs; the facilitator publishes the pre-read.
      await goTo(ben, ws.cycle, 'stages');
      await ben.page
        .getByRole('combobox', { name: 'Input status of Supply chain' })
        .selectOption('submitted');
      await goTo(fran, ws.cycle, 'stages');
      await fran.page.getByText('1 of 5 functions submitted their inputs').waitFor();
      const preread = fran.page.getByRole('region', { name: 'Pre-read', exact: true });
      await preread.getByRole('button', { name: 'Publish the pre-read' }).click();
      await preread.getByText(new RegExp(`^Pre-read of .* by ${FRAN}$`)).waitFor();

      // The executive reads the pre-read's summary: what the meeting must decide.
      await goTo(abe, ws.cycle, 'stages');
      await abe.page
        .getByRole('region', { name: 'Pre-read', exact: true })
        .getByRole('button', { name: 'Open the pre-read' })
        .click();
      const summary = abe.page.getByRole('dialog', { name: /^As published on / });
      await summary.getByText(SCENARIO, { exact: false }).first().waitFor();
      await shot(abe.page, 'preread');
      await summary.getByRole('button', { name: 'Close' }).click();

      // The meeting: Sue is expected but does not come; the facilitator starts it.
      await goTo(fran, ws.cycle, 'meeting');
      const page = fran.page;
      await page.getByRole('combobox', { name: 'Name of a person expected' }).fill(SUE);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page
        .getByRole('region', { name: 'Attendance' })
        .getByRole('listitem')
        .filter({ hasText: SUE })
        .waitFor();
      await page.getByRole('button', { name: 'Start meeting', exact: true }).click();
      await goTo(ben, ws.cycle, 'meeting');
      await ben.page.getByRole('timer', { name: /^Meeting time:/ }).waitFor();

      const agendaItem = (n: number) =>
        page.locator('#agenda-items').getByRole('button', { name: TITLE(n) });
      const outcome = page.getByRole('region', { name: 'Outcome', exact: true });
      for (let n = 1; n <= 10; n++) {
        await agendaItem(n).click();
        await expect.poll(() => page.locator('#meeting-item-title').innerText()).toBe(TITLE(n));
        if (n === 6) {
          // Item 6: the decision pack. The scenario is decided in place, with its why.
          const pack = page.getByRole('article', { name: QUESTION });
          await pack.getByRole('table', { name: /current plan beside scenario/ }).waitFor();
          await shot(page, 'decision-pack');
          const form = pack.getByRole('form', { name: `Decide: ${SCENARIO}` });
          await form
            .getByLabel('Rationale')
            .fill('The backlog costs more than the weekend premium');
          await form.getByLabel('Owner').fill(BEN);
          await form.getByLabel('Review date').fill(calendarDay(new Date()));
          await form.getByRole('button', { name: 'Record the decision' }).click();
          await page
            .getByRole('status')
            .getByText(`Decided: scenario ${SCENARIO} adopted.`)
            .waitFor();
          await outcome.getByLabel(/Record a decision/).check();
          await outcome
            .getByRole('textbox', { name: 'Question decided' })
            .fill('Which scenarios go ahead?');
          await outcome.getByRole('textbox', { name: 'Option chosen' }).fill(SCENARIO);
          await outcome.getByLabel('Owner', { exact: true }).fill(FRAN);
          await outcome.getByRole('textbox', { name: 'Rationale' }).fill('As decided in the pack');
          await outcome.getByRole('button', { name: 'Close item' }).click();
          await outcome.getByText('Closed with a decision').waitFor();
        } else {
          await page.getByRole('radio', { name: /Noted, no decision needed/ }).check();
          await page.getByRole('button', { name: 'Close item', exact: true }).click();
          await page.getByRole('button', { name: 'Close item' }).waitFor({ state: 'detached' });
        }
      }
      // The executive follows: the decision is taken, with its rationale.
      await goTo(abe, ws.cycle, 'meeting/agenda-6');
      await abe.page
        .getByRole('listitem', { name: QUESTION })
        .getByText('Rationale: The backlog costs more than the weekend premium')
        .waitFor();

      // The end of the meeting: the clock stops everywhere and the minutes are final.
      await page.getByRole('button', { name: 'End meeting…' }).click();
      const confirm = page.getByRole('dialog', { name: 'End the meeting?' });
      await confirm.getByRole('button', { name: 'End meeting', exact: true }).click();
      await confirm.waitFor({ state: 'hidden' });
      await expect
        .poll(() => ben.page.getByRole('region', { name: 'Executive meeting' }).innerText())
        .toMatch(/Ended at \d\d:\d\d UTC by Fran Facilitator · 10 of 10 closed · minutes final/);
      await shot(page, 'meeting-ended');
      await connection(page).getByText('Server has all edits').waitFor({ timeout: 15_000 });

      // The checked close: what is left open is named and must be acknowledged.
      await page.getByRole('button', { name: `Start ${next}…` }).click();
      const start = page.getByRole('dialog').filter({ hasText: 'Before it closes' });
      await start.locator('[data-key="inputsNotSubmitted"]').getByText(/open$/).waitFor();
      const go = start.getByRole('button', {
        name: `Close ${ws.cycle} with items open and start ${next}`,
      });
      expect(await go.isDisabled()).toBe(true);
      await start.getByRole('checkbox', { name: /^Start anyway, leaving open:/ }).check();
      await shot(page, 'checked-close');
      await go.click();
      await page.getByRole('dialog').getByText('has started').waitFor();

      // Item 1 of the next cycle reviews the decision against what happened.
      await goTo(fran, next, 'meeting/agenda-1');
      const due = page
        .getByRole('region', { name: 'Decisions due for review (1)' })
        .getByRole('listitem', { name: QUESTION });
      await due.getByRole('table', { name: /Expected against actual/ }).waitFor();
      const verdict = due.getByRole('form', { name: `Review: ${QUESTION}` });
      await verdict.getByLabel('Partly delivered').check();
      await verdict.getByLabel('Review note').fill('Half the backlog cleared');
      await verdict.getByRole('button', { name: 'Record the review' }).click();
      await due.getByText(/Reviewed by Fran Facilitator on .*: Half the backlog cleared/).waitFor();
      await shot(page, 'review');

      // Sue, who missed the meeting, catches up on the closed cycle: all of it, in agenda
      // order, each change with who made it.
      sue = await join(browser, ws, 'editor', SUE, undefined, ['supplyChain']);
      await goTo(sue, ws.cycle, 'catchup');
      const region = sue.page.getByRole('region', { name: 'Since you were here' });
      await region
        .getByText(/^Everything since the meeting started on .+ · \d+ changes?$/)
        .waitFor({ timeout: 15_000 });
      const titles = await region
        .getByRole('region', { name: /^Agenda items/ })
        .getByRole('listitem')
        .getByRole('link')
        .allInnerTexts();
      expect(titles).toEqual(STANDARD_AGENDA.map((item) => item.title));
      await expect
        .poll(() => region.getByRole('region', { name: /^Decisions/ }).innerText())
        .toMatch(new RegExp(`By ${FRAN}, `));
      // The plan changes too: the adoption wrote every family's supply in one change.
      await expect
        .poll(() => region.getByText('Who made it is not known yet').count(), { timeout: 10_000 })
        .toBe(0);
      await shot(sue.page, 'catch-up');

      // Nobody's browser logged an error along the way.
      for (const person of [fran, ben, abe, sue]) {
        const unexpected = person.problems.filter(
          (problem) => !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/.test(problem),
        );
        expect(unexpected).toEqual([]);
      }
    },
  );
});

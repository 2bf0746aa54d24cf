import { join as joinPath } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cell, cellName, typeIntoCell } from '../helpers/plan-cells.ts';
import {
  closeWorkspaceSuite,
  join,
  SCREENSHOTS,
  startWorkspaceSuite,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * What was agreed stays in the record, in two browsers: an agreed decision is revised
 * (who, when, why) and the other person sees every version; a risk is archived, not
 * removed, and restored from the archived list.
 */

let ws: TestWorkspace;
let browser: Browser;
let ana: Participant;
let ben: Participant;

const QUESTION = 'Add a Saturday shift at Paint shop 1?';
const WHY = 'Demand for June rose 8% after the retailer promotion';

function nav(page: Page, label: string): Locator {
  return page
    .getByRole('navigation', { name: 'Views of the cycle' })
    .getByRole('link', { name: label });
}

function list(page: Page, heading: string): Locator {
  return page.getByRole('region', { name: heading, exact: true });
}

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  ana = await join(browser, ws, 'editor', 'Ana Ortiz');
  ben = await join(browser, ws, 'editor', 'Ben Okafor');
});

afterAll(() => closeWorkspaceSuite(ws, browser));

describe('the meeting’s record is kept', () => {
  it('revises an agreed decision with a reason, and both pages show what it was', async () => {
    await nav(ana.page, 'Decisions').click();
    await list(ana.page, 'Decisions').getByRole('button', { name: 'New decision' }).click();
    const form = ana.page.getByRole('complementary', { name: 'New decision' });
    await form.getByLabel('Question to decide', { exact: true }).fill(QUESTION);
    await form.getByLabel('Status', { exact: true }).selectOption({ label: 'Agreed' });
    await form.getByLabel('Chosen option', { exact: true }).fill('No');
    await form.getByLabel('Owner or approver', { exact: true }).fill('Ben Okafor');
    await form.getByRole('button', { name: 'Create decision' }).click();

    const details = ana.page.getByRole('complementary', { name: 'Decision details' });
    const revise = details.getByRole('region', { name: 'Revise this decision' });
    // The agreed record itself cannot be edited: only revised.
    await revise.waitFor();
    // A revision without a reason is refused beside the field.
    await revise.getByLabel('Chosen option', { exact: true }).fill('Yes, add the shift');
    await revise.getByRole('button', { name: 'Record revision' }).click();
    await revise.getByText('Say why the decision changed').waitFor();
    await revise.getByLabel('Why it changed', { exact: true }).fill(WHY);
    await revise.getByRole('button', { name: 'Record revision' }).click();

    const versions = details.getByRole('region', { name: 'Revised once' });
    await versions.getByText(WHY).waitFor();
    await expect(versions.innerText()).resolves.toMatch(
      /Chosen option:\s*No\s*→\s*Yes, add the shift/,
    );
    await expect(versions.innerText()).resolves.toContain('Ana Ortiz');
    await versions.scrollIntoViewIfNeeded();
    await ana.page.screenshot({ path: joinPath(SCREENSHOTS, 'decision-revised.png') });

    // Ben sees the decision as revised, with the same history.
    await nav(ben.page, 'Decisions').click();
    await list(ben.page, 'Decisions').getByRole('row', { name: QUESTION }).click();
    const benDetails = ben.page.getByRole('complementary', { name: 'Decision details' });
    await benDetails.getByRole('region', { name: 'Revised once' }).getByText(WHY).waitFor();
    await expect(
      benDetails
        .getByRole('region', { name: 'Details' })
        .getByLabel('Chosen option', { exact: true })
        .inputValue(),
    ).resolves.toBe('Yes, add the shift');
  }, 60_000);

  it('opens the history of a plan cell: who changed it, and when', async () => {
    const family = ws.plan.families[0];
    const name = cellName('Demand', family.name, ws.plan.periods[1]);
    await nav(ana.page, 'Plan').click();
    await typeIntoCell(ana.page, name, '4321');
    // Enter moved the selection on: select the edited cell again, then ask for its history.
    await cell(ana.page, name).click();
    await ana.page.getByRole('button', { name: 'History of this cell' }).click();
    await ana.page.getByText(/^Showing the history of Demand · /).waitFor();
    const changes = ana.page.getByRole('list', { name: 'Changes, newest first' });
    const newest = changes.getByRole('listitem').first();
    await newest.waitFor();
    await expect(newest.innerText()).resolves.toMatch(/Ana Ortiz/);
    // Filtered to that cell: every change listed wrote it.
    const count = await changes.getByRole('listitem').count();
    expect(count).toBeGreaterThan(0);
    await ana.page.screenshot({ path: joinPath(SCREENSHOTS, 'history-cell.png') });
  }, 60_000);

  it('archives a risk instead of deleting it, and restores it', async () => {
    const title = 'Resin supplier strike';
    await nav(ana.page, 'Risks').click();
    const risks = list(ana.page, 'Risks & opportunities');
    await risks.getByRole('button', { name: 'New risk' }).click();
    const form = ana.page.getByRole('complementary', { name: 'New risk' });
    await form.getByLabel('Title', { exact: true }).fill(title);
    await form.getByRole('button', { name: 'Create risk' }).click();
    const details = ana.page.getByRole('complementary', { name: /details$/ });
    await details.getByRole('button', { name: 'Archive risk' }).click();
    await details.getByRole('button', { name: 'Archive risk' }).last().click();

    await expect.poll(() => risks.getByRole('row', { name: title }).count()).toBe(0);
    const archived = risks.getByText(/^Archived risks/);
    await archived.click();
    const entry = risks.getByRole('listitem').filter({ hasText: title });
    await expect(entry.innerText()).resolves.toMatch(/Archived .* by Ana Ortiz/);
    await ana.page.screenshot({ path: joinPath(SCREENSHOTS, 'risk-archived.png') });

    // Ben's list lost it too; the archive keeps it for everyone.
    await nav(ben.page, 'Risks').click();
    await expect
      .poll(() => list(ben.page, 'Risks & opportunities').getByRole('row', { name: title }).count())
      .toBe(0);

    await entry.getByRole('button', { name: `Restore ${title}` }).click();
    await list(ben.page, 'Risks & opportunities').getByRole('row', { name: title }).waitFor();
  }, 60_000);
});

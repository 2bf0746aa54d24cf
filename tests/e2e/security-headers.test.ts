import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { STANDARD_AGENDA } from '../../shared/doc/index.ts';
import {
  closeWorkspaceSuite,
  join,
  openView,
  startWorkspaceSuite,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * The built app under the server's security headers: the plan and the meeting (charts,
 * the CodeMirror notes editor, the service worker, the sync socket) run without one
 * Content-Security-Policy violation.
 */

let ws: TestWorkspace;
let browser: Browser;
let fran: Participant;
/** Every violation the page reported, from its `securitypolicyviolation` events and console. */
const violations: string[] = [];

/** Records this page's CSP violations into {@link violations}, in every document it loads. */
async function watchViolations(page: Page): Promise<void> {
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation(text: string): void })
        .reportCspViolation;
      report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
}

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  fran = await join(browser, ws, 'facilitator', 'Fran Facilitator');
  fran.page.setDefaultTimeout(15_000);
  await watchViolations(fran.page);
});

afterAll(async () => {
  await closeWorkspaceSuite(ws, browser);
});

describe('the security headers', () => {
  it('are on the page the browser loads', async () => {
    const response = await fran.page.goto(ws.viewUrl('plan'));
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });

  it('let the plan run without a violation', async () => {
    await openView(ws, fran, 'plan');
    await fran.page.getByRole('grid', { name: 'Plan by family and month' }).waitFor();
    await fran.page.locator('canvas').first().waitFor();
    expect(violations).toEqual([]);
    expect(fran.problems).toEqual([]);
  });

  it('let the meeting run without a violation: charts, notes and live following', async () => {
    await openView(ws, fran, 'meeting');
    await fran.page.getByRole('heading', { name: 'Agenda', exact: true }).waitFor();
    await fran.page.getByRole('button', { name: 'Start meeting', exact: true }).click();
    const item = STANDARD_AGENDA[3].title;
    await fran.page.locator('#agenda-items').getByRole('button', { name: item }).click();
    await fran.page.getByRole('button', { name: 'Start this item' }).click();
    await fran.page.locator('.chart canvas').first().waitFor();
    const notes = fran.page.getByRole('textbox', { name: `Notes, ${item}`, exact: true });
    await notes.click();
    await fran.page.keyboard.type('Finance splits the gap by family.');
    await expect.poll(() => notes.innerText()).toContain('Finance splits the gap by family.');
    expect(violations).toEqual([]);
    expect(fran.problems).toEqual([]);
  });

  it('block an inline script, and the test hears it', async () => {
    const ran = await fran.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineScriptRan = true';
      document.head.append(script);
      return (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan ?? false;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations.join('\n')).toMatch(/script-src-elem blocked inline/);
  });
});

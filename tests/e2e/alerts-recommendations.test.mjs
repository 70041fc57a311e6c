// Browser journeys through the platform-sharing alerts (staff) and the
// recommendations tracker (public), on a fresh demo database whose events
// raise alerts and into which the shipped recommendations are imported.
// Each new page is checked with axe-core and at a phone's width.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SOURCE, docket, harness } from './harness.mjs';

const { state, step, checkPage, signIn, signOut, start, stop } = harness('alerts-recommendations');

const INQUIRY = 'Inquiry into antisemitism and other forms of racism (Chakrabarti Inquiry)';
const REGULATOR = 'Investigation into antisemitism in the Labour Party';
const PLATFORM_SHARING = 'Sharing a platform with a sanctioned person';

/**
 * The shipped reports, unless the demo has them already; the first three of
 * the 2016 inquiry's are given an owner and a due date now past, so that
 * some are overdue, and the first has a history with evidence.
 */
function prepareRecommendations({ db, dir }) {
  const listed = docket('recs', 'list', '--db', db);
  if (/^0 recommendations/m.test(listed)) {
    for (const file of ['inquiry-2016.csv', 'regulator-2020.csv']) {
      docket('recs', 'import', path.join(SOURCE, 'data/recommendations', file), '--db', db);
    }
  }
  if (/^0 recommendations overdue$/m.test(docket('recs', 'list', '--overdue', '--db', db))) {
    const lines = fs.readFileSync(path.join(SOURCE, 'data/recommendations/inquiry-2016.csv'), 'utf8').split('\n');
    const dated = lines.map((line, i) => (i >= 1 && i <= 3 ? line.replace(/,[^,]*,[^,]*,([^,]*)$/, ',Governance committee,2024-03-31,$1') : line));
    const file = path.join(dir, 'inquiry-2016-dated.csv');
    fs.writeFileSync(file, dated.join('\n'));
    docket('recs', 'import', file, '--db', db);
  }
  docket('recs', 'set-status', 'inquiry-2016/1', 'in_progress', '--db', db,
         '--reason', 'A draft procedure is with the governance committee.',
         '--evidence', 'https://example.org/complaints-procedure-draft\nGovernance committee minutes, March 2024');
}

before(() => start({ prepare: prepareRecommendations }));
after(() => stop());

/** The ids of the alerts listed on the page, in order. */
async function listedAlerts() {
  const names = await state.page.locator('table.alerts tbody th a').allTextContents();
  return names.map((n) => Number(n.replace(/^Alert /, '')));
}

describe('a caseworker works through the platform-sharing alerts', () => {
  step('the caseworker opens the alerts from the navigation and sees open ones', async () => {
    const page = state.page;
    await signIn('aoife.byrne');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Platform-sharing alerts' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Open alerts' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    const open = await listedAlerts();
    assert.ok(open.length >= 2, `the demo has at least two open alerts: ${open.join(', ')}`);
    assert.equal(await page.locator('table.alerts .badge', { hasText: 'Open' }).count(), open.length, 'every row listed is open');
    await checkPage('alerts');
    await page.setViewportSize({ width: 360, height: 780 });
    await checkPage('alerts-360', { width: 360 });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  step('an open alert explains itself: the official, the event and each sanction', async () => {
    const page = state.page;
    const [first] = await listedAlerts();
    state.dismissed = first;
    await page.getByRole('link', { name: `Alert ${first}`, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Alert ${first}: `) }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    const explanation = await page.locator('.explanation').textContent();
    assert.match(explanation, /appeared as/, `the explanation says who appeared: ${explanation}`);
    assert.match(explanation, /under .* #\d+/, `the explanation names a sanction: ${explanation}`);
    assert.ok(explanation.includes('\n'), 'the explanation keeps its lines');
    await page.getByRole('heading', { name: 'The official' }).waitFor();
    await page.getByRole('heading', { name: 'The event' }).waitFor();
    assert.ok(await page.locator('#alert-sanctioned tbody tr').count() >= 1, 'the sanctioned people are listed');
    for (const link of await page.locator('#alert-event a[target="_blank"]').all()) {
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer', 'an event link does not give the page away');
    }
    await page.getByRole('button', { name: 'Open a platform-sharing case' }).waitFor();
    await checkPage('alert-open');
    await page.setViewportSize({ width: 360, height: 780 });
    await checkPage('alert-open-360', { width: 360 });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  step('dismissing asks for reasons of at least 20 characters, then records them', async () => {
    const page = state.page;
    await page.getByLabel('Reasons for dismissing it').fill('Not a case.');
    await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await page.getByText('There is a problem').waitFor();
    await page.getByRole('link', { name: /at least 20 characters \(now 11\)/ }).waitFor();
    await checkPage('alert-dismiss-error');
    await page.getByLabel('Reasons for dismissing it').fill('The sanction was made public after the event, so the official could not have known of it.');
    await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await page.getByText(`Dismissed: alert ${state.dismissed}.`).waitFor();
    await page.locator('h1 .badge', { hasText: 'Dismissed' }).waitFor();
    await page.getByText('The sanction was made public after the event').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Open a platform-sharing case' }).count(), 0, 'a dismissed alert has no actions');
    await checkPage('alert-dismissed');
  });

  step('opening a case from another alert lands on the new platform-sharing case, the official its respondent', async () => {
    const page = state.page;
    await page.getByRole('link', { name: 'All alerts' }).click();
    await page.getByRole('heading', { level: 2, name: 'Open alerts' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    const open = await listedAlerts();
    assert.ok(!open.includes(state.dismissed), `the dismissed alert ${state.dismissed} is no longer open`);
    const alert = open[0];
    await page.getByRole('link', { name: `Alert ${alert}`, exact: true }).click();
    const heading = page.getByRole('heading', { level: 1, name: new RegExp(`^Alert ${alert}: `) });
    await heading.waitFor();
    const official = (await heading.textContent()).replace(/^Alert \d+: /, '').replace(/\s*Open$/, '').trim();
    await page.getByRole('button', { name: 'Open a platform-sharing case' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open a platform-sharing case?' });
    await dialog.waitFor();
    await checkPage('alert-open-case-confirm');
    await dialog.getByRole('button', { name: 'Yes, open the case' }).click();
    await page.waitForURL(/\/cases\/[^/]+$/);
    const number = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('heading', { level: 1, name: new RegExp(`Case ${number}`) }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.locator('.fact', { hasText: 'Category' }).first().getByText(PLATFORM_SHARING).waitFor();
    const respondents = await page.locator('h3', { hasText: 'Respondents' }).locator('xpath=following-sibling::ul[1]').textContent();
    assert.ok(respondents.includes(official), `${official} is a respondent: ${respondents}`);
    assert.ok(!(await page.locator('main').textContent()).includes('<null>'), 'a complaint raised by the rule has no e-mail address to show');
    await checkPage('alert-case');
    state.caseNumber = number;
    state.caseAlert = alert;

    await page.goto(`${state.base}/alerts/${alert}`);
    await page.locator('h1 .badge', { hasText: 'Case opened' }).waitFor();
    await page.getByRole('link', { name: `Case ${number}`, exact: true }).waitFor();
    await page.goto(`${state.base}/alerts?status=dismissed`);
    await page.getByRole('heading', { level: 2, name: 'Dismissed alerts' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    assert.ok((await listedAlerts()).includes(state.dismissed), 'the dismissed alert is listed as dismissed');
    await checkPage('alerts-dismissed');
    await signOut();
  });

  step('oversight reads the alerts but has no actions; political office has no alerts', async () => {
    const page = state.page;
    await signIn('oversight');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { level: 2, name: 'Open alerts' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    const [alert] = await listedAlerts();
    assert.ok(alert, 'oversight sees the open alerts');
    await page.getByRole('link', { name: `Alert ${alert}`, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Alert ${alert}: `) }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.locator('.explanation').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Open a platform-sharing case' }).count(), 0, 'oversight cannot open a case');
    assert.equal(await page.getByRole('button', { name: 'Dismiss', exact: true }).count(), 0, 'oversight cannot dismiss');
    await checkPage('alert-oversight');
    await signOut();

    await signIn('leaders.office');
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).count(), 0, 'no alerts link for political office');
    await page.goto(`${state.base}/alerts`);
    await page.getByText('Platform-sharing alerts are for caseworkers').waitFor();
    await signOut();
  });
});

describe('the recommendations tracker is public, and an administrator records progress', () => {
  step('an anonymous visitor sees both reports with their progress, on a phone', async () => {
    const page = state.page;
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${state.base}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recommendations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Recommendations' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    for (const title of [INQUIRY, REGULATOR]) {
      const section = page.locator('section.rec-report', { has: page.getByRole('heading', { level: 2, name: title }) });
      await section.waitFor();
      assert.match(await section.locator('.rec-progress-summary').textContent(), /\d+ of \d+ recommendations implemented/);
      assert.ok(await section.locator('table.recs tbody tr').count() >= 10, `${title} lists its recommendations`);
      assert.equal(await section.getByRole('img').count(), 1, `${title} has a progress bar described in words`);
    }
    const inquiry = page.locator('section.rec-report', { has: page.getByRole('heading', { level: 2, name: INQUIRY }) });
    assert.match(await inquiry.locator('.rec-legend').textContent(), /In progress: 1/);
    assert.ok(await inquiry.locator('.badge', { hasText: 'Overdue' }).count() >= 1, 'an overdue item is marked');
    await checkPage('recommendations-360', { width: 360 });
    await page.getByLabel('Overdue only').check();
    await page.getByText(/recommendations? overdue in 2 reports/).waitFor();
    const rows = page.locator('table.recs tbody tr');
    const shown = await rows.count();
    assert.ok(shown >= 1, 'overdue recommendations are listed');
    assert.equal(await page.locator('table.recs tbody tr .badge', { hasText: 'Overdue' }).count(), shown, 'only overdue ones are listed');
    assert.match(page.url(), /overdue=true/);
    await checkPage('recommendations-overdue-360', { width: 360 });
    await page.getByLabel('Overdue only').uncheck();
    await page.setViewportSize({ width: 1280, height: 900 });
    await checkPage('recommendations');
  });

  step('one recommendation shows its history, with evidence links', async () => {
    const page = state.page;
    const inquiry = page.locator('section.rec-report', { has: page.getByRole('heading', { level: 2, name: INQUIRY }) });
    await inquiry.getByRole('link', { name: /^1 / }).click();
    await page.getByRole('heading', { level: 1, name: `Recommendation 1 of ${INQUIRY}` }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.getByText('Publish a complaints procedure', { exact: false }).first().waitFor();
    const history = page.locator('#rec-history');
    await history.getByText('A draft procedure is with the governance committee.').waitFor();
    assert.match(await history.locator('.timeline-head').first().textContent(), /Not started\s*→?\s*(to)?\s*In progress/);
    const link = history.getByRole('link', { name: /example\.org\/complaints-procedure-draft/ });
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    await history.getByText('Governance committee minutes, March 2024').waitFor();
    assert.equal(await history.getByRole('link', { name: /minutes/ }).count(), 0, 'a line that is not a link is text');
    assert.equal(await page.getByRole('heading', { name: 'Change the status' }).count(), 0, 'the public cannot change a status');
    await checkPage('recommendation');
    await page.setViewportSize({ width: 360, height: 780 });
    await checkPage('recommendation-360', { width: 360 });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  step('an administrator changes a status with a reason and evidence, and the history shows it', async () => {
    const page = state.page;
    await signIn('admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recommendations' }).click();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    const inquiry = page.locator('section.rec-report', { has: page.getByRole('heading', { level: 2, name: INQUIRY }) });
    await inquiry.getByRole('link', { name: /^2 / }).click();
    await page.getByRole('heading', { level: 1, name: `Recommendation 2 of ${INQUIRY}` }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.getByText('No change of status yet').waitFor();
    await page.getByRole('button', { name: 'Change the status' }).click();
    await page.getByText('There are 2 problems').waitFor();
    await checkPage('recommendation-change-errors');
    await page.getByLabel('New status').selectOption('rejected');
    await page.getByLabel('Reason').fill('The committee decided that the notice template already does this.');
    await page.getByRole('button', { name: 'Change the status' }).click();
    await page.getByRole('link', { name: /Evidence: “Rejected” needs evidence/ }).waitFor();
    await page.getByLabel('New status').selectOption('implemented');
    await page.getByLabel('Evidence', { exact: false }).fill('https://example.org/notice-template-v3\nPolicy version 3.1');
    await page.getByRole('button', { name: 'Change the status' }).click();
    await page.getByText('Status changed to “Implemented”').waitFor();
    const history = page.locator('#rec-history');
    await history.getByText('The committee decided that the notice template already does this.').waitFor();
    assert.match(await history.locator('.timeline-head').first().textContent(), /Not started.*Implemented/);
    await history.getByRole('link', { name: /example\.org\/notice-template-v3/ }).waitFor();
    await page.locator('.fact', { hasText: 'Status' }).getByText('Implemented').waitFor();
    await checkPage('recommendation-changed');
    await signOut();

    // The public sees the change, without who made it.
    await page.goto(`${state.base}/recommendations/inquiry-2016/2`);
    await page.locator('#rec-history').getByText('The committee decided').waitFor();
    assert.equal(await page.locator('#rec-history').getByText('by admin').count(), 0, 'the public is not told who changed it');
    await page.goto(`${state.base}/recommendations`);
    await page.waitForFunction(() => !document.querySelector('.loading'));
    assert.match(await page.locator('section.rec-report', { has: page.getByRole('heading', { level: 2, name: INQUIRY }) }).locator('.rec-progress-summary').textContent(),
      /^1 of \d+ recommendations implemented/);
  });
});

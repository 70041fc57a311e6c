// Browser journeys through the docket web app, in Debian's Chromium driven by
// playwright-core, against a `docket serve` started here on a fresh demo
// database and a free loopback port. Every page is checked with axe-core
// (no serious or critical WCAG 2.2 A/AA violation) and saved as a screenshot
// under $DOCKET_E2E_ARTIFACTS.
//
// Environment (set by tests/e2e/CMakeLists.txt): DOCKET_BIN, DOCKET_SOURCE_DIR,
// DOCKET_WEB_DIR, DOCKET_E2E_ARTIFACTS.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { WEB, docket, harness } from './harness.mjs';

const { state, step, checkPage, signIn, signOut, start, stop } = harness('journeys');
const ARTIFACTS = state.artifacts;

const STATISTICS_FIXTURE = {
  as_of: new Date().toISOString().slice(0, 10),
  backlog_by_age: [
    { bucket: 'under 1 month', count: 41 }, { bucket: '1-3 months', count: 28 }, { bucket: '3-6 months', count: 13 },
    { bucket: '6-12 months', count: 6 }, { bucket: 'over 12 months', count: 2 },
  ],
  stage_days_by_month: ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11'].flatMap((month, i) => [
    { month, stage: 'triage', cases: 30 + i, median_days: 3 + (i % 2), p90_days: 6 + i },
    { month, stage: 'investigation', cases: 20 + i, median_days: 31 - i, p90_days: 52 - 2 * i },
  ]),
  compliance_by_month: ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11'].map((month, i) => ({ month, met: 40 + 3 * i, missed: 9 - i })),
  outcomes_by_category: [
    { category: 'antisemitism', outcome: 'expulsion', count: 4 }, { category: 'antisemitism', outcome: 'formal_warning', count: 11 },
    { category: 'antisemitism', outcome: 'no_further_action', count: 7 }, { category: 'bullying', outcome: 'formal_warning', count: 5 },
    { category: 'bullying', outcome: 'reminder_of_conduct', count: 9 }, { category: 'sexual_harassment', outcome: 'suspension', count: 3 },
  ],
  interim_suspensions_overdue: [{ case: '2026-000093', respondent: 'Tunde Mensah', imposed_on: '2026-06-22', review_due: '2026-07-20' }],
};

// The shape of GET /api/v1/reports/transparency (TransparencyJson in src/reporting/render.cpp), for
// the public report's page while the server lacks the route and `docket report` cannot give the JSON:
// small counts and a secondary suppression.
function transparencyFixture(label) {
  const monthly = /^\d{4}-\d{2}$/.test(label);
  const n = (x) => (monthly ? Math.round(x / 3) : x);
  const table = (id, title, rowHeading, columns, rows) => {
    const totals = columns.map((_, c) => rows.reduce((sum, r) => sum + r.counts[c], 0));
    const shown = (v) => (v > 0 && v < 5 ? 'fewer than 5' : v);
    return {
      id, title, row_heading: rowHeading, columns,
      rows: rows.map((r) => ({ label: r.label, values: r.counts.map(shown), total: r.hideTotal ? 'withheld' : shown(r.counts.reduce((a, b) => a + b, 0)) })),
      totals: totals.map(shown), total: shown(totals.reduce((a, b) => a + b, 0)),
    };
  };
  return {
    period: { label, first: monthly ? `${label}-01` : '2026-07-01', last: monthly ? `${label}-28` : '2026-09-30' },
    generated_on: new Date().toISOString().slice(0, 10),
    suppression: { threshold: 5, small: 'fewer than 5', secondary: 'withheld' },
    tables: [
      table('complaints_received', 'Complaints received', 'category', ['complaints received'],
            [{ label: 'antisemitism', counts: [n(61)] }, { label: 'bullying', counts: [n(24)] }, { label: 'sexual_harassment', counts: [3] }]),
      table('backlog_by_age', 'Open cases at the end of the period, by time since receipt', 'category',
            ['under 1 month', '1-3 months', '3-6 months', '6-12 months', 'over 12 months'],
            [{ label: 'antisemitism', counts: [n(22), n(15), 9, 6, 2], hideTotal: true }, { label: 'bullying', counts: [n(11), 7, 3, 0, 0] }]),
      table('deadline_compliance', 'Stage deadlines met and missed', 'stage', ['met', 'missed'],
            [{ label: 'triage', counts: [n(70), n(9)] }, { label: 'investigation', counts: [n(40), n(18)] }]),
    ],
    days_to_stage: [{ label: 'triage', median_days: 4, p90_days: 9 }, { label: 'appeal', median_days: null, p90_days: null }],
    days_to_outcome: [{ label: 'antisemitism', median_days: 48, p90_days: 97 }, { label: 'sexual_harassment', median_days: null, p90_days: null },
                      { label: 'all', median_days: monthly ? 40 + Number(label.slice(5)) : 45, p90_days: monthly ? 80 + Number(label.slice(5)) : 90 }],
    recommendations: [{ report: '2016 inquiry', total: 20, overdue: 3, by_status: { not_started: 2, in_progress: 6, implemented: 10, partly_implemented: 1, rejected: 1 } }],
  };
}

/** Opens an action's form, fills its fields, sends it and confirms in the dialog. */
async function act(label, fields = {}) {
  const page = state.page;
  await page.getByRole('button', { name: label, exact: true }).click();
  const form = page.getByRole('form', { name: label });
  for (const [field, value] of Object.entries(fields)) {
    const control = form.getByLabel(field, { exact: false }).first();
    const tag = await control.evaluate((e) => e.tagName);
    if (tag === 'SELECT') await control.selectOption(value);
    else if (await control.getAttribute('type') === 'radio') await form.getByLabel(value, { exact: true }).check();
    else await control.fill(value);
  }
  await form.getByRole('button', { name: `${label}…` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: /^Yes, / }).click();
  await page.getByText(`Done: ${label}.`).waitFor({ timeout: 15000 });
}

async function openCaseFromQueue(filter = '') {
  const page = state.page;
  await page.goto(`${state.base}/cases${filter}`);
  await page.waitForFunction(() => !document.querySelector('.loading'));
  const link = page.getByRole('link', { name: state.caseNumber, exact: true });
  for (let i = 0; i < 20 && !(await link.count()); ++i) {
    const more = page.getByRole('button', { name: 'Show 50 more' });
    assert.ok(await more.count(), `case ${state.caseNumber} is not in the queue`);
    await more.click();
    await page.waitForFunction(() => !document.querySelector('button[disabled]'));
  }
  await link.click();
  await page.getByRole('heading', { level: 1, name: new RegExp(state.caseNumber) }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
}

async function stageIs(title) {
  await state.page.locator('.fact', { hasText: 'Stage' }).first().getByText(title).waitFor({ timeout: 15000 });
}

function daysAgo(n) {
  const d = new Date(Date.now() - n * 86400000);
  return d.toISOString().slice(0, 10);
}

// A respondent with an account: the anonymous complaint names them.
function findRespondent() {
  const users = docket('user', 'list', '--db', state.db);
  const line = users.split('\n').find((l) => /member\.[A-Z0-9]+/.test(l));
  assert.ok(line, `no respondent account in:\n${users}`);
  state.respondentUser = line.match(/member\.[A-Z0-9]+/)[0];
  state.respondentNumber = state.respondentUser.slice('member.'.length);
}

before(() => start({ prepare: findRespondent }));
after(() => stop());

describe('the budget', () => {
  step('the initial JavaScript of the app is under 150 KB gzipped', () => {
    const html = fs.readFileSync(path.join(WEB, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]);
    assert.ok(scripts.length > 0, 'index.html loads a script');
    const gzipped = scripts.reduce((n, src) => n + zlib.gzipSync(fs.readFileSync(path.join(WEB, src))).length, 0);
    console.log(`initial JavaScript: ${scripts.join(', ')}: ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    assert.ok(gzipped < 150 * 1024, `initial JavaScript is ${gzipped} bytes gzipped`);
  });
});

describe('an anonymous complaint, on a phone, from the form to the receipt to the status page', () => {
  step('the start page and the process page are accessible at 360 px', async () => {
    const page = state.page;
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${state.base}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await checkPage('home', { width: 360 });
    await page.goto(`${state.base}/process`);
    await page.getByRole('heading', { name: 'The stages' }).waitFor();
    await checkPage('process', { width: 360 });
    assert.ok(await page.getByText('Panel decision').count(), 'the process page names the policy stages');
  });

  step('the transparency report is public, shows hidden counts in words with the reason, and prints', async (t) => {
    const page = state.page;
    const live = !!state.openapi.paths['/api/v1/reports/transparency'];
    let source = 'the server';
    await page.getByRole('link', { name: 'Transparency' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Transparency report' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'), null, { timeout: 30000 });
    if (!live) {
      await page.getByText('There is no transparency report').waitFor();
      await checkPage('transparency-missing', { width: 360 });
      // The same JSON from the command line on the same database, or a fixture of its shape.
      source = '`docket report transparency --format json` on the demo database';
      const reportJson = (period) => {
        try {
          return JSON.stringify(JSON.parse(docket('report', 'transparency', '--period', period, '--format', 'json', '--db', state.db)));
        } catch {
          source = 'a fixture of the shape of TransparencyJson (src/reporting/render.cpp)';
          return JSON.stringify(transparencyFixture(period));
        }
      };
      await page.route((url) => url.pathname === '/api/v1/reports/transparency', (route) => route.fulfill({
        status: 200, contentType: 'application/json', body: reportJson(new URL(route.request().url()).searchParams.get('period')),
      }));
      await page.reload();
      await page.waitForFunction(() => !document.querySelector('.loading'), null, { timeout: 30000 });
    }
    await page.getByRole('heading', { name: 'Why some numbers are not shown' }).waitFor();
    for (const id of ['chart-t-backlog', 'chart-t-outcome', 'chart-t-compliance']) {
      const drawn = await page.locator(`#${id}`).evaluate((canvas) => canvas.width > 0 && canvas.height > 0);
      assert.ok(drawn, `${id} is drawn`);
    }
    if (!live) {
      const message = `GET /api/v1/reports/transparency is not on this server yet: the page was checked on ${source}`;
      console.log(message);
      t.diagnostic(message);
    }
    // A demo of a few hundred cases has small counts in most tables: they read as words, never as numbers.
    const hidden = await page.locator('table .cell-hidden').allTextContents();
    assert.ok(hidden.includes('fewer than 5'), `a small count is shown as "fewer than 5": ${hidden.join(', ')}`);
    t.diagnostic(`${hidden.filter((h) => h === 'fewer than 5').length} cells read "fewer than 5", ${hidden.filter((h) => h === 'withheld').length} "withheld"`);
    const numbers = await page.locator('.report-table td.num').allTextContents();
    assert.ok(!numbers.some((n) => /^[1-4]$/.test(n.trim())), 'no count from 1 to 4 is published');
    await checkPage('transparency', { width: 360 });
    if (live) {
      // The same report as a CSV file, from the page's link.
      const href = await page.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href');
      const csv = await page.request.get(`${state.base}${href}`);
      assert.equal(csv.status(), 200, `${href} answers`);
      assert.match(csv.headers()['content-type'] ?? '', /csv/);
      assert.match(await csv.text(), /fewer than 5/);
    }
    // Printed (or saved as PDF): no navigation or controls, every chart and table on the page.
    await page.setViewportSize({ width: 900, height: 1200 });
    await page.emulateMedia({ media: 'print' });
    assert.ok(!(await page.locator('.site-header').isVisible()), 'the site header is not printed');
    assert.ok(!(await page.locator('.period-form').isVisible()), 'the period form is not printed');
    assert.ok(await page.locator('#chart-t-backlog').isVisible(), 'the charts are printed');
    await page.screenshot({ path: path.join(ARTIFACTS, `${String(++state.shot).padStart(2, '0')}-transparency-print.png`), fullPage: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(ARTIFACTS, 'readme-transparency.png') });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 360, height: 780 });
    if (!live) await page.unroute((url) => url.pathname === '/api/v1/reports/transparency');
  });

  step('the form refuses to go on without an answer, then takes the complaint in steps', async () => {
    const page = state.page;
    await page.goto(`${state.base}/complain`);
    await page.getByRole('button', { name: 'Continue' }).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('There is a problem').waitFor();
    await checkPage('complaint-1-error', { width: 360 });
    await page.getByLabel('No, stay anonymous').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: /Step 2 of 5/ }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('A. Respondent');
    await page.getByLabel('Membership number').fill(state.respondentNumber);
    await checkPage('complaint-2-who', { width: 360 });
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: /Step 3 of 5/ }).waitFor();
    await page.getByLabel('What is the complaint about?').selectOption('antisemitism');
    await page.getByLabel('What happened?').fill('At the branch meeting the respondent said that "the Zionists control the media" and refused to withdraw it when challenged.');
    await page.getByLabel('When did it happen?').fill(daysAgo(3));
    await page.getByLabel('Where did it happen?').fill('Branch meeting, community hall');
    await checkPage('complaint-3-what', { width: 360, readme: 'complaint-form' });
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: /Step 4 of 5/ }).waitFor();
    await page.locator('#files').setInputFiles({ name: 'meeting-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Notes taken at the meeting.\n'.repeat(2000)) });
    if (state.openapi.components.schemas.ComplaintRequest.properties.links) {
      await page.getByLabel('Links').fill('https://social.example.org/posts/12345');
    }
    await checkPage('complaint-4-evidence', { width: 360 });
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: /Step 5 of 5/ }).waitFor();
    await page.getByText('Anonymous: your name is not recorded').waitFor();
    await checkPage('complaint-5-review', { width: 360 });
  });

  step('sending it shows the receipt and the secret once, with a warning, and uploads the file with progress', async () => {
    const page = state.page;
    await page.getByRole('button', { name: 'Send the complaint' }).click();
    await page.getByRole('heading', { name: 'Your complaint has been received' }).waitFor();
    await page.getByText('They are shown only once').waitFor();
    state.receipt = (await page.locator('#receipt-number').textContent()).trim();
    state.secret = (await page.locator('#receipt-secret').textContent()).trim();
    state.caseNumber = (await page.locator('#receipt-case').textContent()).trim();
    assert.match(state.receipt, /^\d{16}$/);
    assert.ok(state.secret.length >= 16, 'a secret is shown');
    await page.locator('.upload-done, .upload-failed').waitFor();
    const uploadRoute = state.openapi.paths['/api/v1/complaints/{receipt}/evidence'];
    if (uploadRoute) assert.equal(await page.locator('.upload-done').count(), 1, 'the evidence file was uploaded');
    await checkPage('complaint-6-receipt', { width: 360 });
  });

  step('the status page shows where the complaint stands and takes a message', async () => {
    const page = state.page;
    await page.getByRole('button', { name: /follow my complaint/ }).click();
    await page.locator('#status-stage').waitFor();
    assert.equal((await page.locator('#status-case').textContent()).trim(), state.caseNumber);
    await page.getByLabel('Write to the complaints unit').fill('I can give the names of two other people who heard it.');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByText('Your message was sent.').waitFor();
    await page.locator('.thread .message-mine').first().waitFor();
    if (state.openapi.components.schemas.ComplaintStatus.properties.files) {
      await page.getByRole('heading', { name: 'Files you sent' }).waitFor();
      await page.getByText('meeting-notes.txt').waitFor();
    }
    await checkPage('status', { width: 360 });

    // Opening it again by typing the receipt and the secret.
    await page.getByRole('button', { name: "Close this complaint's page" }).click();
    await page.getByLabel('Receipt number').fill(state.receipt);
    await page.getByLabel('Secret').fill(state.secret);
    await page.getByRole('button', { name: 'Show my complaint' }).click();
    await page.locator('#status-stage').waitFor();
    await checkPage('status-form', { width: 360 });
  });
});

describe('a caseworker triages the complaint and opens an investigation', () => {
  step('the caseworker signs in with a TOTP code and sees the queue with time left', async () => {
    const page = state.page;
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn('aoife.byrne');
    assert.match(page.url(), /\/cases$/);
    await page.locator('table.queue tbody tr').first().waitFor();
    await checkPage('queue', { readme: 'queue' });
    // The first 50 rows come from one API call, whatever the size of the queue.
    const calls = [];
    const count = (request) => { if (new URL(request.url()).pathname === '/api/v1/cases') calls.push(request.url()); };
    page.on('request', count);
    await page.reload();
    await page.locator('table.queue tbody tr').nth(49).waitFor();
    page.off('request', count);
    assert.equal(calls.length, 1, `the queue page asked for rows ${calls.length} times: ${calls.join(', ')}`);
    assert.match(calls[0], /limit=50/);
    assert.ok(await page.locator('.badge-late, .badge-warn').count(), 'some deadlines are shown amber or red');
    await page.getByLabel('Stage').selectOption('received');
    await page.getByLabel('Category').selectOption('antisemitism');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/stage=received/);
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await checkPage('queue-filtered');
    await page.setViewportSize({ width: 360, height: 780 });
    await checkPage('queue-360', { width: 360 });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  step('the case page shows the complaint and only the caseworker actions of this stage', async () => {
    const page = state.page;
    await openCaseFromQueue('?stage=received&category=antisemitism');
    await page.getByText('the Zionists control the media', { exact: false }).first().waitFor();
    if (state.openapi.components.schemas.ComplaintRequest.properties.links) {
      await page.getByRole('link', { name: /social\.example\.org\/posts\/12345/ }).waitFor();
    }
    if (state.openapi.paths['/api/v1/complaints/{receipt}/evidence']) {
      await page.getByRole('link', { name: 'meeting-notes.txt' }).waitFor();
    }
    await checkPage('case-received', { readme: 'case' });
    assert.ok(await page.getByRole('button', { name: 'Accept for triage', exact: true }).count());
    assert.equal(await page.getByRole('button', { name: 'Decide', exact: true }).count(), 0, 'panel actions are not offered');
  });

  step('accepting for triage is done entirely from the keyboard', async () => {
    const page = state.page;
    await page.locator('h1').focus();
    let found = false;
    for (let i = 0; i < 120 && !found; ++i) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement?.textContent === 'Accept for triage');
    }
    assert.ok(found, 'the action button is reachable with Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Accept for triage…' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await checkPage('case-confirm');
    await page.keyboard.press('Enter');  // the dialog focuses its confirm button first
    await page.getByText('Done: Accept for triage.').waitFor();
    await stageIs('Triage');
  });

  step('opening an investigation asks for reasons and an assignee, then uploads evidence with progress', async () => {
    const page = state.page;
    // The assignee is chosen among the investigators with no conflict of interest, not typed.
    await page.getByRole('button', { name: 'Open an investigation', exact: true }).click();
    const assignee = page.getByRole('form', { name: 'Open an investigation' }).getByLabel('Assign to');
    await assignee.waitFor();
    assert.equal(await assignee.evaluate((e) => e.tagName), 'SELECT', 'the assignee is a choice');
    const investigators = await assignee.locator('option').evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
    assert.ok(investigators.includes('rachel.levy'), `rachel.levy may take the case: ${investigators.join(', ')}`);
    await page.getByRole('form', { name: 'Open an investigation' }).getByRole('button', { name: 'Cancel' }).click();
    await act('Open an investigation', {
      Reasons: 'The words complained of, if said, may breach the rule on conduct: a prima facie case.',
      'Assign to': 'rachel.levy',
    });
    await stageIs('Investigation');
    await page.locator('#evidence-file').setInputFiles({ name: 'recording-transcript.txt', mimeType: 'text/plain', buffer: Buffer.alloc(600 * 1024, 'a') });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('✓ Uploaded').waitFor();
    await page.getByRole('link', { name: 'recording-transcript.txt' }).waitFor();
    await page.getByLabel('Add a note').fill('Two witnesses named by the complainant; ask for statements.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Two witnesses named').waitFor();
    await page.getByLabel('Write to the complainant').fill('Thank you. We have opened an investigation.');
    await page.locator('#thread-complainant-body').press('Tab');
    await page.locator('.thread-box', { hasText: 'Complainant' }).getByRole('button', { name: 'Send' }).click();
    await page.getByText('We have opened an investigation.').first().waitFor();
    await checkPage('case-investigation');
    await page.setViewportSize({ width: 360, height: 780 });
    await checkPage('case-360', { width: 360 });
    await page.setViewportSize({ width: 1280, height: 900 });
    await signOut();
  });
});

describe('the investigator sends a notice of investigation and refers the case to a panel', () => {
  step('the investigator sends the notice', async () => {
    await signIn('rachel.levy');
    await openCaseFromQueue('?stage=investigation');
    await act('Send a notice of investigation', {
      Allegations: 'That on the date given you said at a branch meeting that "the Zionists control the media", an antisemitic trope (IHRA example 2).',
    });
    await state.page.getByText('Waiting for the respondent').first().waitFor();
    await checkPage('case-notice-sent');
  });

  step('the investigator refers the case to a panel', async () => {
    const page = state.page;
    const refer = page.getByRole('button', { name: 'Refer to a panel', exact: true });
    if (!(await refer.count())) {
      // The policy may wait for the respondent's answer first: record it for them.
      await act("Record the respondent's response", { Response: 'The respondent denies saying it.' });
    }
    await act('Refer to a panel', { Reasons: 'The allegation is supported by a contemporaneous note and two witnesses; a panel should decide.' });
    await stageIs('Panel decision');
    await signOut();
  });
});

/** As the caseworker, seats a person on the case's panel or appeal panel, choosing among those eligible. */
async function seat(label, username, shot) {
  const page = state.page;
  await page.getByRole('button', { name: label, exact: true }).click();
  const form = page.getByRole('form', { name: label });
  const who = form.getByLabel(/^Who will sit as/);
  await who.waitFor();
  const people = await who.locator('option').evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
  assert.ok(people.includes(username), `${username} may sit: ${people.join(', ')}`);
  await who.selectOption(username);
  await form.getByRole('button', { name: `${label}…` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await checkPage(`${shot}-confirm`);
  await dialog.getByRole('button', { name: /^Yes, seat / }).click();
  await page.getByText(new RegExp(`^Seated .*${username.replace('.', '\\.')}`)).waitFor({ timeout: 15000 });
  return people;
}

describe('a caseworker seats the panel', () => {
  step('the caseworker seats helen.clarke from the people with no conflict of interest', async () => {
    const page = state.page;
    await signIn('aoife.byrne');
    await openCaseFromQueue('?stage=panel_decision');
    await seat('Seat a panel member', 'helen.clarke', 'case-seat-panel');
    await page.locator('#panels').getByText('helen.clarke').waitFor();
    await checkPage('case-panel-seated');
    await signOut();
  });
});

describe('a panel member decides with reasons', () => {
  step('the panel member reads the hearing bundle and decides', async () => {
    const page = state.page;
    await signIn('helen.clarke');
    await openCaseFromQueue('?stage=panel_decision');
    await page.getByRole('link', { name: 'Hearing bundle' }).click();
    await page.getByRole('heading', { name: '3. The allegations' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await checkPage('bundle');
    await act('Decide', {
      Outcome: 'formal_warning',
      Reasons: 'The panel finds on the note and the two witnesses that the words were said; they repeat an antisemitic trope. A formal warning is proportionate for a first offence.',
    });
    await stageIs('Outcome');
    await checkPage('bundle-decided');
    await signOut();
  });
});

describe('the respondent sees the decision and appeals', () => {
  step('the respondent opens their own case and reads the reasons', async () => {
    const page = state.page;
    await signIn(state.respondentUser, { staff: false });
    // The respondent's start page lists their open cases: no case number to type.
    await page.getByRole('heading', { level: 1, name: 'Your cases' }).waitFor();
    await page.getByRole('link', { name: `Case ${state.caseNumber}` }).waitFor();
    await checkPage('respondent-cases');
    await page.setViewportSize({ width: 360, height: 780 });
    await checkPage('respondent-cases-360', { width: 360 });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: `Case ${state.caseNumber}` }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`Your case ${state.caseNumber}`) }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.locator('#decision-reasons').getByText('A formal warning is proportionate').waitFor();
    await page.getByText('the Zionists control the media', { exact: false }).first().waitFor();
    await checkPage('respondent-case');
  });

  step('the respondent appeals with grounds', async () => {
    await act('Appeal', { 'Grounds of appeal': 'The panel did not hear my witnesses, who will say I was quoting someone else in order to condemn it.' });
    await stageIs('Appeal');
    await checkPage('respondent-appealed');
    await signOut();
  });
});

describe('the appeal panel: seated by the caseworker, its member declares an interest and steps aside', () => {
  step('the caseworker seats deborah.stein on the appeal panel; helen.clarke, who sat on the first, is not offered', async () => {
    await signIn('aoife.byrne');
    await openCaseFromQueue('?stage=appeal');
    const offered = await seat('Seat an appeal panel member', 'deborah.stein', 'case-seat-appeal');
    assert.ok(!offered.includes('helen.clarke'), `the first panel's member is not offered for the appeal: ${offered.join(', ')}`);
    await state.page.locator('#panels').getByText('deborah.stein').waitFor();
    await signOut();
  });

  step('the appeal panel member declares an interest on their own page', async () => {
    const page = state.page;
    await signIn('deborah.stein');
    await page.getByRole('link', { name: 'My interests' }).click();
    await page.getByRole('heading', { level: 1, name: 'My declared interests' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.setViewportSize({ width: 360, height: 780 });
    await page.getByRole('button', { name: 'Declare', exact: true }).click();
    await page.getByText('There are 2 problems').waitFor();
    await checkPage('interests-error', { width: 360 });
    await page.getByLabel('A person').check();
    await page.getByLabel('Name', { exact: true }).fill('A. Respondent');
    await page.getByRole('button', { name: 'Declare', exact: true }).click();
    await page.getByText('Declared: a person, “A. Respondent”.').waitFor();
    await page.locator('#interests-table').getByText('A. Respondent').waitFor();
    await checkPage('interests', { width: 360 });
    await page.setViewportSize({ width: 1280, height: 900 });
    // A declaration made by mistake is withdrawn, with a confirmation; the other stays.
    await page.getByLabel('A branch').check();
    await page.getByLabel('Name', { exact: true }).fill('Mistyped branch');
    await page.getByRole('button', { name: 'Declare', exact: true }).click();
    await page.locator('#interests-table').getByText('Mistyped branch').waitFor();
    await page.getByRole('button', { name: 'Withdraw a branch “Mistyped branch”' }).click();
    await page.getByRole('dialog').waitFor();
    await checkPage('interest-withdraw-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, withdraw it' }).click();
    await page.getByText('Withdrawn: a branch, “Mistyped branch”.').waitFor();
    assert.equal(await page.locator('#interests-table').getByText('Mistyped branch').count(), 0);
    await page.locator('#interests-table').getByText('A. Respondent').waitFor();
  });

  step('the appeal panel member steps aside from the case, with a reason and a confirmation', async () => {
    const page = state.page;
    await openCaseFromQueue('?stage=appeal');
    await page.getByRole('button', { name: 'Step aside from this case' }).click();
    await page.getByRole('button', { name: 'Step aside…' }).click();
    await page.getByText('There is a problem').waitFor();
    await page.getByLabel('Reason').fill('I know the respondent from the branch; I declared it today.');
    await page.getByRole('button', { name: 'Step aside…' }).click();
    await page.getByRole('dialog').waitFor();
    await checkPage('step-aside-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, step aside' }).click();
    await page.getByText(`You have stepped aside from case ${state.caseNumber}.`).waitFor();
    await checkPage('stepped-aside');
    await signOut();
  });

  step('the caseworker cannot seat her again: she is no longer offered', async () => {
    const page = state.page;
    await signIn('aoife.byrne');
    await openCaseFromQueue('?stage=appeal');
    assert.equal(await page.locator('#panels').getByText('deborah.stein').count(), 0, 'deborah.stein has left the appeal panel');
    await page.getByRole('button', { name: 'Seat an appeal panel member', exact: true }).click();
    const form = page.getByRole('form', { name: 'Seat an appeal panel member' });
    await form.locator('.notice, select').first().waitFor();
    const offered = await form.locator('option').evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
    assert.ok(!offered.includes('deborah.stein'), `someone who stepped aside is not offered again: ${offered.join(', ')}`);
    await checkPage('case-seat-appeal-after-recusal');
    await signOut();
  });
});

describe('oversight sees every access to the case', () => {
  step('the dashboard opens, with charts or a clear error', async () => {
    const page = state.page;
    await signIn('oversight');
    assert.match(page.url(), /\/oversight$/);
    await page.getByRole('heading', { name: 'Who accessed a case' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    if (state.openapi.paths['/api/v1/statistics']) {
      await page.locator('#chart-backlog').waitFor();
    } else {
      await page.getByText('does not provide statistics yet').waitFor();
    }
    await checkPage('dashboard');
    await page.getByRole('button', { name: 'Verify the audit log' }).click();
    await page.getByText(/Intact: [\d,]+ records/).waitFor();
  });

  step('the dashboard draws every chart from the statistics', async () => {
    const page = state.page;
    if (!state.openapi.paths['/api/v1/statistics']) {
      // Until the server has the route, the charts are checked on what `docket report dashboard` gives
      // for the same database (the JSON the route will serve), or on a fixture of its documented shape.
      let body;
      try {
        body = JSON.stringify(JSON.parse(docket('report', 'dashboard', '--db', state.db)));
      } catch {
        body = JSON.stringify(STATISTICS_FIXTURE);
      }
      await page.route('**/api/v1/statistics', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
      await page.reload();
    }
    for (const id of ['chart-backlog', 'chart-compliance', 'chart-stage-days', 'chart-outcomes']) {
      await page.locator(`#${id}`).waitFor();
      const drawn = await page.locator(`#${id}`).evaluate((canvas) => canvas.width > 0 && canvas.height > 0);
      assert.ok(drawn, `${id} is drawn`);
    }
    await page.getByRole('heading', { name: 'Interim suspensions past their review date' }).waitFor();
    await checkPage('dashboard-charts', { readme: 'dashboard' });
    if (state.openapi.paths['/api/v1/statistics/period']) {
      // Oversight's export of a period's full statistics, with the session's cookie.
      const href = await page.getByRole('link', { name: /^Download CSV/ }).getAttribute('href');
      const csv = await page.request.get(`${state.base}${href}`);
      assert.equal(csv.status(), 200, `${href} answers`);
      assert.match(csv.headers()['content-type'] ?? '', /csv/);
    }
    await page.unroute('**/api/v1/statistics');
  });

  step('the access log lists everyone who touched the case', async () => {
    const page = state.page;
    await page.getByLabel('Case number').fill(state.caseNumber);
    await page.getByRole('button', { name: 'Show the access log' }).click();
    await page.getByRole('heading', { name: `Access log: case ${state.caseNumber}` }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    const people = await page.getByRole('table', { name: 'Who accessed this case' }).textContent();
    for (const who of ['aoife.byrne', 'rachel.levy', 'helen.clarke', 'deborah.stein', state.respondentUser]) {
      assert.ok(people.includes(who), `${who} is on the access log: ${people}`);
    }
    await checkPage('access-log');
  });

  step('the member page shows status, sanctions and offices over time', async () => {
    const page = state.page;
    await page.goto(`${state.base}/members/${state.respondentNumber}`);
    await page.getByRole('heading', { name: 'Sanctions over time' }).waitFor();
    await checkPage('member');
    await signOut();
  });

  step('the complainant sees the unit\'s message and the appeal on the status page', async () => {
    const page = state.page;
    await page.goto(`${state.base}/status`);
    await page.getByLabel('Receipt number').fill(state.receipt);
    await page.getByLabel('Secret').fill(state.secret);
    await page.getByRole('button', { name: 'Show my complaint' }).click();
    await page.getByText('We have opened an investigation.').waitFor();
    await checkPage('status-end');
  });
});

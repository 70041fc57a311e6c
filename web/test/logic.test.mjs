// Unit tests for the web app's pure logic (time left, links, sorting, field
// checks), run with node's test runner: `npm test` in web/, or ctest -L unit.
// Each module is compiled from TypeScript with the pinned compiler, no bundler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const here = path.dirname(new URL(import.meta.url).pathname);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-web-unit-'));

/** Compiles src/lib/NAME.ts (and what it imports from lib/) to ES modules and imports it. */
async function load(name) {
  for (const file of fs.readdirSync(path.join(here, '../src/lib'))) {
    if (!file.endsWith('.ts')) continue;
    const source = fs.readFileSync(path.join(here, '../src/lib', file), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
      .replace(/from '\.\/(\w+)'/g, "from './$1.mjs'");
    fs.writeFileSync(path.join(out, file.replace(/\.ts$/, '.mjs')), js);
  }
  return import(pathToFileURL(path.join(out, `${name}.mjs`)).href);
}

const { timeLeft, isWebLink, formatBytes, humanise } = await load('format');

const now = new Date('2026-11-30T10:00:00Z');
const deadline = (status, days, dueAt) => ({ status, working_days_left: days, due_at: dueAt, due_date: dueAt?.slice(0, 10) ?? null });

test('a stage without a deadline says so and has no colour', () => {
  assert.deepEqual(timeLeft(deadline(null, null, null), now), { text: 'No deadline', tone: 'none', detail: '' });
  assert.equal(timeLeft(null, now).tone, 'none');
});

test('a deadline on track counts working days left and is not amber', () => {
  const left = timeLeft(deadline('on_track', 12, '2026-12-16T00:00:00Z'), now);
  assert.equal(left.text, '12 working days left');
  assert.equal(left.tone, 'ok');
  assert.match(left.detail, /due 16 Dec 2026/);
});

test('a deadline due soon is amber before the breach', () => {
  const left = timeLeft(deadline('due_soon', 2, '2026-12-02T00:00:00Z'), now);
  assert.equal(left.text, '2 working days left');
  assert.equal(left.tone, 'warn');
});

test('on the last day the time left is counted in hours and shown amber', () => {
  const left = timeLeft(deadline('on_track', 0, '2026-11-30T15:30:00Z'), now);
  assert.equal(left.text, '5 hours left');
  assert.equal(left.tone, 'warn');
});

test('a breached deadline is red and says by how much', () => {
  assert.deepEqual(timeLeft(deadline('breached', -3, '2026-11-25T00:00:00Z'), now).text, 'Overdue by 3 working days');
  assert.equal(timeLeft(deadline('breached', -1, '2026-11-27T00:00:00Z'), now).text, 'Overdue by 1 working day');
  assert.equal(timeLeft(deadline('breached', -3, '2026-11-25T00:00:00Z'), now).tone, 'late');
});

test('a deadline whose instant has passed is red even before the server says breached', () => {
  const left = timeLeft(deadline('due_soon', 0, '2026-11-30T07:00:00Z'), now);
  assert.equal(left.tone, 'late');
  assert.equal(left.text, 'Overdue by 3 hours');
});

test('a paused clock is neither amber nor red and says what is left', () => {
  const left = timeLeft(deadline('paused', 7, '2026-12-09T00:00:00Z'), now);
  assert.equal(left.tone, 'paused');
  assert.match(left.detail, /7 working days left when it resumes/);
});

test('only absolute http and https addresses count as links', () => {
  assert.ok(isWebLink('https://social.example.org/posts/1'));
  assert.ok(isWebLink('http://example.org'));
  assert.ok(!isWebLink('javascript:alert(1)'));
  assert.ok(!isWebLink('example.org/post'));
  assert.ok(!isWebLink('ftp://example.org/file'));
});

test('sizes and identifiers read as words', () => {
  assert.equal(formatBytes(900), '900 bytes');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(25 * 1024 * 1024), '25.0 MB');
  assert.equal(humanise('open_investigation'), 'Open investigation');
});

test('the process page orders stages along the actions, closed last', async () => {
  const { stagesInOrder } = await load('process');
  const stage = (id, to = [], terminal = false) => ({ id, title: id, deadline_working_days: null, terminal, checklist: [], guidance: '',
    actions: to.map((t) => ({ id: `to_${t}`, title: t, to: { id: t, title: t } })) });
  const order = stagesInOrder({ start_stage: 'received', stages: [
    stage('closed', [], true), stage('appeal', ['closed']), stage('triage', ['investigation', 'closed']),
    stage('received', ['triage', 'closed']), stage('investigation', ['appeal']),
  ] }).map((s) => s.id);
  assert.deepEqual(order, ['received', 'triage', 'investigation', 'appeal', 'closed']);
});

test('the transparency page defaults to the last complete quarter and lists quarters newest first', async () => {
  const { lastCompleteQuarter, recentQuarters, monthsOf, periodTitle, previousQuarter } = await load('transparency');
  assert.equal(lastCompleteQuarter(new Date('2026-11-29T09:00:00Z')), '2026Q3');
  assert.equal(lastCompleteQuarter(new Date('2027-02-01T09:00:00Z')), '2026Q4');
  assert.equal(previousQuarter('2026Q1'), '2025Q4');
  assert.deepEqual(recentQuarters(new Date('2026-11-29T09:00:00Z'), 2), ['2026Q4', '2026Q3', '2026Q2']);
  assert.deepEqual(monthsOf('2026Q3'), ['2026-07', '2026-08', '2026-09']);
  assert.deepEqual(monthsOf('2026'), []);
  assert.equal(periodTitle('2026Q1'), 'January to March 2026');
});

// The shape of TransparencyJson in src/reporting/render.cpp.
const report = {
  period: { label: '2026Q3', first: '2026-07-01', last: '2026-09-30' }, generated_on: '2026-11-29',
  suppression: { threshold: 5, small: 'fewer than 5', secondary: 'withheld' },
  tables: [
    { id: 'backlog_by_age', title: 'Open cases', row_heading: 'category', columns: ['under 1 month', '1-3 months'],
      rows: [{ label: 'antisemitism', values: [12, 'fewer than 5'], total: 'withheld' }, { label: 'bullying', values: [7, 'withheld'], total: 'withheld' }],
      totals: [19, 9], total: 28 },
    { id: 'deadline_compliance', title: 'Deadlines', row_heading: 'stage', columns: ['met', 'missed'],
      rows: [{ label: 'triage', values: [30, 'fewer than 5'], total: 'withheld' }], totals: [30, 'fewer than 5'], total: 'withheld' },
  ],
  days_to_stage: [], days_to_outcome: [{ label: 'antisemitism', median_days: null, p90_days: null }, { label: 'all', median_days: 41, p90_days: 88 }],
  recommendations: [],
};

test('a hidden count is never read as a number, and says which rule hid it', async () => {
  const { cellCount, cellKind, cellText, countHidden } = await load('transparency');
  assert.equal(cellCount(12), 12);
  assert.equal(cellCount(0), 0);
  assert.equal(cellCount('fewer than 5'), null);
  assert.equal(cellCount('withheld'), null);
  assert.equal(cellKind(3000, report), 'count');
  assert.equal(cellKind('fewer than 5', report), 'small');
  assert.equal(cellKind('withheld', report), 'secondary');
  assert.equal(cellText(12345), '12,345');
  assert.equal(cellText('fewer than 5'), 'fewer than 5');
  assert.deepEqual(countHidden(report), { small: 3, secondary: 5 });
});

test('the charts take the report\'s totals and its "all" durations', async () => {
  const { backlogSeries, complianceTotals, outcomeDays } = await load('transparency');
  assert.deepEqual(backlogSeries(report), [{ bucket: 'under 1 month', cell: 19 }, { bucket: '1-3 months', cell: 9 }]);
  assert.deepEqual(complianceTotals(report), { met: 30, missed: 'fewer than 5' });
  assert.deepEqual(outcomeDays(report), { median: 41, p90: 88 });
  assert.deepEqual(outcomeDays({ ...report, days_to_outcome: [] }), { median: null, p90: null });
});

test('a field of type user chooses among investigators unless it names a panel', async () => {
  const { roleForUserField, personLabel } = await load('people');
  assert.equal(roleForUserField({ id: 'assignee', label: 'Assign to' }), 'investigator');
  assert.equal(roleForUserField({ id: 'panel_member', label: 'Panel member' }), 'panel_member');
  assert.equal(roleForUserField({ id: 'chair', label: 'Appeal panel chair' }), 'appeal_panel');
  assert.equal(personLabel({ username: 'helen.clarke', display_name: 'Helen Clarke', role: 'panel_member' }), 'Helen Clarke (helen.clarke)');
  assert.equal(personLabel({ username: 'x', display_name: '', role: 'investigator' }), 'x');
});

test('the alerts list asks for one status, or every alert, after the last one shown', async () => {
  const { alertsPath, alertFilterOf, dismissalProblem } = await load('alerts');
  assert.equal(alertsPath('open'), '/api/v1/alerts?status=open&limit=50');
  assert.equal(alertsPath('all', 17), '/api/v1/alerts?limit=50&before=17');
  assert.equal(alertFilterOf(null), 'open');
  assert.equal(alertFilterOf('case_opened'), 'case_opened');
  assert.equal(alertFilterOf('nonsense'), 'open');
  assert.match(dismissalProblem('   '), /say why/);
  assert.match(dismissalProblem('too short'), /at least 20 characters \(now 9\)/);
  assert.equal(dismissalProblem('The sanction was not yet published.'), null);
});

test('recommendations: numbers in order, evidence links, and the checks of a status change', async () => {
  const { compareNumbers, evidenceLines, statusChangeProblems, percent } = await load('recommendations');
  assert.deepEqual(['10', '2', '3.2', '3.10', '3'].sort(compareNumbers), ['2', '3', '3.2', '3.10', '10']);
  assert.deepEqual(evidenceLines('https://example.org/policy-v2\n\n  Case 2026-0042 \njavascript:alert(1)\nhttp://x'), [
    { text: 'https://example.org/policy-v2', link: true }, { text: 'Case 2026-0042', link: false },
    { text: 'javascript:alert(1)', link: false }, { text: 'http://x', link: true },
  ]);
  assert.equal(percent(3, 12), 25);
  assert.equal(percent(0, 0), 0);
  const ids = (p) => p.map((x) => x.id);
  assert.deepEqual(ids(statusChangeProblems('not_started', { status: '', reason: '', evidence: '' })), ['rec-status', 'rec-reason']);
  assert.deepEqual(ids(statusChangeProblems('in_progress', { status: 'in_progress', reason: 'A good reason here', evidence: '' })), ['rec-status']);
  assert.deepEqual(ids(statusChangeProblems('in_progress', { status: 'rejected', reason: 'short', evidence: ' ' })), ['rec-reason', 'rec-evidence']);
  assert.deepEqual(ids(statusChangeProblems('in_progress', { status: 'implemented', reason: 'Done in policy v2', evidence: '' })), ['rec-evidence']);
  assert.deepEqual(statusChangeProblems('not_started', { status: 'in_progress', reason: 'Work has begun on it.', evidence: '' }), []);
});

test.after(() => fs.rmSync(out, { recursive: true, force: true }));

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

test.after(() => fs.rmSync(out, { recursive: true, force: true }));

// Unit tests for the social-media evidence pages' pure logic (src/lib/posts.ts):
// flagged spans given in UTF-8 bytes shown over UTF-16 strings, the queue's
// cursor, and the checks made before sending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const here = path.dirname(new URL(import.meta.url).pathname);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-web-posts-'));

/** Compiles src/lib/*.ts to ES modules and imports one of them. */
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

const posts = await load('posts');

/** A flag over the first occurrence of `needle` in `text`, in UTF-8 bytes as the server gives it. */
function flagOver(text, needle, extra = {}) {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} is in ${text}`);
  const begin = Buffer.byteLength(text.slice(0, at), 'utf8');
  return { begin, end: begin + Buffer.byteLength(needle, 'utf8'), discounted_by: null, ...extra };
}

test('byte offsets become string indexes past accents, CJK and emoji', () => {
  const text = 'Café 東京 😡 Zio!';
  const index = posts.byteIndexer(text);
  assert.equal(posts.utf8ByteLength(text), Buffer.byteLength(text, 'utf8'));
  const zio = Buffer.byteLength('Café 東京 😡 ', 'utf8');
  assert.equal(zio, 18, 'é is 2 bytes, each CJK letter 3, the emoji 4');
  assert.equal(index(zio), text.indexOf('Zio'));
  assert.equal(index(zio + 3), text.indexOf('!'));
  assert.equal(index(0), 0);
  assert.equal(index(Buffer.byteLength(text)), text.length);
  assert.equal(index(10_000), text.length, 'past the end is clamped');
  assert.equal(index(-4), 0);
});

test('an offset inside a character moves to its start, or for an end to the next character', () => {
  const text = 'a😡b';
  const index = posts.byteIndexer(text);
  assert.equal(index(2, 'down'), 1);
  assert.equal(index(2, 'up'), 3, 'never between the two halves of a surrogate pair');
  assert.equal(index(5), 3);
});

test('a flagged span is highlighted exactly, even after non-ASCII text', () => {
  const text = 'Ça suffit — typical Zio behaviour 🙄';
  const segments = posts.highlightSegments(text, [flagOver(text, 'Zio')]);
  assert.deepEqual(segments.map((s) => s.text), ['Ça suffit — typical ', 'Zio', ' behaviour 🙄']);
  assert.deepEqual(segments.map((s) => s.flags), [[], [0], []]);
  assert.deepEqual(segments.map((s) => s.ends), [[], [0], []]);
  assert.equal(segments.map((s) => s.text).join(''), text);
});

test('overlapping flags each keep their extent and the runs join to the whole text', () => {
  const text = 'Die Zionazis und die Zios';
  const flags = [flagOver(text, 'Zionazis'), flagOver(text, 'Zio'), flagOver(text, 'Zios')];
  const segments = posts.highlightSegments(text, flags);
  assert.equal(segments.map((s) => s.text).join(''), text);
  assert.deepEqual(segments.map((s) => [s.text, s.flags, s.ends]), [
    ['Die ', [], []], ['Zio', [0, 1], [1]], ['nazis', [0], [0]], [' und die ', [], []], ['Zios', [2], [2]], ['', [], []],
  ].filter(([t]) => t !== ''));
});

test('a flag that is empty or outside the text is left out rather than breaking the text', () => {
  const text = 'short';
  const segments = posts.highlightSegments(text, [{ begin: 3, end: 3 }, { begin: 40, end: 50 }]);
  assert.deepEqual(segments, [{ text: 'short', flags: [], ends: [] }]);
});

test('an excerpt of a long post starts a little before its first flag, at a word', () => {
  const text = `${'Lorem ipsum dolor sit amet. '.repeat(20)}Then: the Zio lobby again. ${'More words follow here. '.repeat(20)}`;
  const e = posts.excerpt(text, [flagOver(text, 'Zio')], 120);
  const shown = e.segments.map((s) => s.text).join('');
  assert.ok(e.clippedStart && e.clippedEnd);
  assert.ok(shown.length <= 120);
  assert.ok(shown.includes('Zio lobby'), shown);
  assert.ok(/^[A-Za-z]/.test(shown), `starts at a word: ${shown}`);
  assert.deepEqual(e.segments.find((s) => s.flags.length)?.text, 'Zio');
  const short = posts.excerpt('Zio', [{ begin: 0, end: 3 }]);
  assert.deepEqual(short, { segments: [{ text: 'Zio', flags: [0], ends: [0] }], clippedStart: false, clippedEnd: false });
});

test('an excerpt never cuts an emoji in half', () => {
  const text = '😡'.repeat(200);
  const e = posts.excerpt(text, [], 101);
  const shown = e.segments.map((s) => s.text).join('');
  assert.equal(shown, '😡'.repeat(50));
});

test('a category is listed once, and discounted only when every flag of it is', () => {
  const f = (category, discounted) => ({ category, category_title: category.toUpperCase(), discounted_by: discounted ? 'ctx' : null });
  assert.deepEqual(posts.flagCategories([f('a', true), f('b', false), f('a', false), f('c', true)]), [
    { category: 'a', title: 'A', discounted: false }, { category: 'b', title: 'B', discounted: false }, { category: 'c', title: 'C', discounted: true },
  ]);
  assert.equal(posts.countedFlags({ flags: [f('a', true), f('b', false)] }), 1);
});

test('the queue keeps its filter in the address and pages with the cursor the server gave', () => {
  const filter = posts.postFilterOf(new URLSearchParams('flagged=true&account=12&member=%20A0000001%20'));
  assert.deepEqual(filter, { flagged: true, account: '12', member: 'A0000001' });
  assert.equal(posts.postsPath(filter), '/api/v1/posts?flagged=true&account=12&member=A0000001&limit=50');
  assert.equal(posts.postsPath(filter, '9.41'), '/api/v1/posts?flagged=true&account=12&member=A0000001&limit=50&after=9.41');
  assert.equal(posts.postsAddress({ flagged: false, account: null, member: null }), '/posts');
  assert.equal(posts.postsAddress({ flagged: true, account: null, member: null }), '/posts?flagged=true');
  assert.deepEqual(posts.postFilterOf(new URLSearchParams('flagged=yes&account=x1')), { flagged: false, account: null, member: null });
  assert.deepEqual(posts.appendPage([{ id: 1 }, { id: 2 }], [{ id: 2 }, { id: 3 }]), [{ id: 1 }, { id: 2 }, { id: 3 }]);
});

test('the accounts list shows unlinked accounts unless asked otherwise, and pages by id', () => {
  assert.equal(posts.accountFilterOf(null), 'none');
  assert.equal(posts.accountFilterOf('confirmed'), 'confirmed');
  assert.equal(posts.accountFilterOf('bogus'), 'none');
  assert.equal(posts.accountsPath('none'), '/api/v1/accounts?link=none&limit=50');
  assert.equal(posts.accountsPath('all', 40), '/api/v1/accounts?limit=50&after=40');
  const order = posts.unlinkedFirst([{ id: 1, link: 'confirmed' }, { id: 2, link: 'none' }, { id: 3, link: 'declared' }, { id: 4, link: 'none' }]);
  assert.deepEqual(order.map((a) => a.id), [2, 4, 3, 1]);
});

test('a link decision needs a reason of at least ten characters', () => {
  assert.match(posts.decisionProblem('  '), /say why/);
  assert.match(posts.decisionProblem('same name'), /at least 10 characters \(now 9\)/);
  assert.equal(posts.decisionProblem('Same photo as the member\'s own page.'), null);
});

test('an import file is sent as JSON Lines or CSV by its name, and the report reads as a sentence', () => {
  assert.equal(posts.importType('reported.JSONL'), 'application/x-ndjson');
  assert.equal(posts.importType('x.ndjson'), 'application/x-ndjson');
  assert.equal(posts.importType('x.csv'), 'text/csv');
  assert.equal(posts.importType('x.json'), null);
  assert.equal(posts.importPath('a b.jsonl', true), '/api/v1/posts?partial=true&name=a+b.jsonl');
  const report = { imported: 3, duplicates: 1, flagged: 1, attached: 0, new_accounts: 2, proposed: 1, ids: [], errors: [] };
  assert.equal(posts.importSummary(report, false), '3 new posts imported, 1 duplicate of posts already held, 1 flagged for reading first.');
  assert.match(posts.importSummary({ ...report, errors: [{ line: 2, message: 'x' }] }, true), /^Nothing was imported: 1 row has a problem/);
  assert.match(posts.importSummary({ ...report, errors: [{ line: 2, message: 'x' }] }, false), /1 row left out\.$/);
});

test('a case number is checked before posts are attached to it', () => {
  assert.match(posts.caseNumberProblem(' '), /give the number/);
  assert.match(posts.caseNumberProblem('2026/1'), /is not a case number/);
  assert.equal(posts.caseNumberProblem(' 2026-0042 '), null);
});

test('the lexicon is grouped by category, in its own order', () => {
  const lexicon = {
    name: 'l', version: '1',
    categories: [{ id: 'b', title: 'B', source: 's' }, { id: 'a', title: 'A', source: 's' }],
    patterns: [{ id: 'p1', category: 'a' }, { id: 'p2', category: 'b' }, { id: 'p3', category: 'a' }, { id: 'p4', category: 'z' }],
    contexts: [],
  };
  assert.deepEqual(posts.groupLexicon(lexicon).map((g) => [g.id, g.patterns.map((p) => p.id)]), [['b', ['p2']], ['a', ['p1', 'p3']], ['other', ['p4']]]);
  assert.equal(posts.lexiconAnchor('epithet.zio'), 'lexicon-epithet-zio');
});

test.after(() => fs.rmSync(out, { recursive: true, force: true }));

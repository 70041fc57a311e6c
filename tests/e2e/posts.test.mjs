// Browser journey through the social-media evidence pages: a caseworker
// imports a file of reported posts through the page (a bad row refused, then
// the good rows; a repeat with tracking parameters counted as a duplicate),
// reads the triage queue and one flagged post with its span highlighted and
// its flag explained, confirms an account's candidate member with a reason,
// attaches the post to a case and finds it on the case page. Oversight reads
// the same pages without the import form or any decision. The test imports
// its own file, so it does not depend on posts the demo may hold.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from './harness.mjs';

const { state, step, checkPage, signIn, signOut, start, stop } = harness('posts');

const EPITHET = 'Epithets and slurs, such as "Zio"';
// Non-ASCII letters, a dash and an emoji before the match: the server gives
// the span in UTF-8 bytes, so a page that counted them as characters would
// highlight the wrong letters.
const ABUSIVE = 'Ça suffit — encore ces médias 😡 typical Zio lies again, every single day.';
const BENIGN = 'Fair rents now: join us at the Wrexham tenants\u2019 meeting on Saturday.';
const REPORTED = 'I have reported this account for calling a Jewish councillor a Zio. This is antisemitic and has no place in our party.';
const CAPTURED_BY = 'monitoring.unit';

function row(fields) {
  return JSON.stringify({ platform: 'x', captured_by: CAPTURED_BY, captured_at: '2026-05-10T18:00:00Z',
                          capture_method: 'screenshot and web archive', ...fields });
}

/** Five rows: a flagged post, a benign one and its repeat with tracking parameters, a post that reports abuse, and a bad row (line 5). */
const FILE = [
  row({ url: 'https://x.com/gaz_wilson/status/1001', handle: '@gaz_wilson', display_name: 'Gareth Wilson',
        posted_at: '2026-05-09T21:14:00Z', kind: 'post', text: ABUSIVE, archive_url: 'https://archive.example/x/1001' }),
  row({ url: 'https://x.com/jun_w/status/2002?utm_source=twitter&s=20', handle: '@jun_w', display_name: 'Jun Wiśniewski',
        posted_at: '2026-05-08T09:00:00Z', kind: 'post', text: BENIGN }),
  row({ url: 'https://X.COM/jun_w/status/2002?fbclid=IwAR0abc&utm_campaign=spring', handle: '@jun_w', display_name: 'Jun Wiśniewski',
        posted_at: '2026-05-08T09:00:00Z', kind: 'post', text: BENIGN }),
  row({ url: 'https://x.com/branch_sec/status/3003', handle: '@branch_sec', display_name: 'Branch Secretary',
        posted_at: '2026-05-09T22:00:00Z', kind: 'reply', text: REPORTED }),
  row({ url: 'https://x.com/someone/status/4004', handle: '@someone', text: 'A row captured at no time.', captured_at: 'yesterday' }),
].join('\n') + '\n';

before(() => start());
after(() => stop());

/** Chooses the import file and submits the form. */
async function importFile({ partial }) {
  const page = state.page;
  await page.locator('#import-file').setInputFiles({ name: 'reported-posts.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(FILE) });
  await page.getByLabel('Import the good rows even if some rows are bad').setChecked(partial);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
}

/** The post cards listed, in order: id, priority and text shown. */
async function listedPosts({ all = false } = {}) {
  // Posts the demo may hold come before or between ours: page on with the cursor until the end.
  const more = state.page.getByRole('button', { name: /^Show \d+ more$/ });
  while (all && await more.count()) {
    const shown = await state.page.locator('.post-card').count();
    await more.click();
    await state.page.waitForFunction((n) => document.querySelectorAll('.post-card').length > n, shown);
  }
  return state.page.locator('.post-card').evaluateAll((cards) => cards.map((c) => ({
    id: Number(c.querySelector('.post-card-title a').textContent.replace(/^Post /, '')),
    priority: Number(c.querySelector('.badge').textContent.replace(/^Priority /, '')),
    text: c.querySelector('.post-excerpt').textContent,
  })));
}

describe('a caseworker imports reported posts and works through them', () => {
  step('the import refuses a file with a bad row, naming the line, and nothing is imported', async () => {
    const page = state.page;
    await signIn('aoife.byrne');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Posts', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Social-media posts' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Import posts' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    state.before = (await listedPosts()).length;
    await importFile({ partial: false });
    await page.getByText('reported-posts.jsonl was not imported.').waitFor();
    await page.getByText(/Nothing was imported: 1 row has a problem/).waitFor();
    const errors = page.locator('table.row-errors tbody tr');
    assert.equal(await errors.count(), 1);
    assert.equal((await errors.locator('th').textContent()).trim(), '5', 'the bad row is named by its line');
    assert.match(await errors.locator('td').textContent(), /captured_at/, 'and by its field');
    await checkPage('posts-import-refused');
  });

  step('with the partial box ticked the good rows import, and the repeat with tracking parameters is a duplicate', async () => {
    const page = state.page;
    await importFile({ partial: true });
    await page.getByText('reported-posts.jsonl imported.').waitFor();
    const count = async (label) => Number(await page.locator('.import-counts .fact', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd').textContent());
    assert.equal(await count('New posts'), 3);
    assert.equal(await count('Duplicates'), 1, 'the same post with utm_, fbclid and an upper-case host is one post');
    assert.ok(await count('Flagged') >= 1, 'the abusive post is flagged');
    assert.match(await page.locator('.import-report .notice').textContent(), /3 new posts imported, 1 duplicate of posts already held, \d+ flagged for reading first, 1 row left out\./);
    assert.equal((await page.locator('table.row-errors tbody th').textContent()).trim(), '5');
    await page.getByRole('heading', { level: 2, name: 'All posts, most urgent first' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await checkPage('posts-imported', { readme: 'posts' });
  });

  step('the queue lists posts by priority, the flagged post first with its flag and span', async () => {
    const page = state.page;
    const all = await listedPosts({ all: true });
    for (let i = 1; i < all.length; ++i) assert.ok(all[i - 1].priority >= all[i].priority, `priority order at ${i}: ${all.map((p) => p.priority)}`);
    const ours = all.filter((p) => [ABUSIVE, BENIGN, REPORTED].includes(p.text));
    assert.equal(ours.length, 3, `the three imported posts are listed: ${JSON.stringify(all.map((p) => p.text))}`);
    assert.ok(ours[0].text.includes('Zio lies'), `the abusive post comes first of ours: ${JSON.stringify(ours)}`);
    if (state.before === 0) assert.equal(all[0].id, ours[0].id, 'and first of all');
    assert.ok(ours[0].priority > 0);
    state.postId = ours[0].id;
    state.reportedId = ours.find((p) => p.text === REPORTED).id;
    state.benignId = ours.find((p) => p.text === BENIGN).id;

    const card = page.locator('.post-card', { has: page.getByRole('link', { name: `Post ${state.postId}`, exact: true }) });
    assert.equal(await card.locator('mark.flag-mark').first().textContent(), 'Zio', 'the excerpt highlights exactly the match');
    await card.locator('.flag-tag', { hasText: EPITHET }).waitFor();
    const reported = page.locator('.post-card', { has: page.getByRole('link', { name: `Post ${state.reportedId}`, exact: true }) });
    await reported.locator('.flag-tag-discounted', { hasText: 'discounted' }).waitFor();

    await page.getByLabel('Flagged only').check();
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Flagged posts, most urgent first' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    assert.match(page.url(), /\/posts\?flagged=true$/);
    const flagged = await listedPosts();
    assert.ok(flagged.some((p) => p.id === state.postId), 'the flagged post is listed');
    assert.ok(!flagged.some((p) => p.text.includes('Wrexham tenants')), 'the benign post is not');
    await checkPage('posts-flagged');
    await page.setViewportSize({ width: 360, height: 780 });
    await checkPage('posts-flagged-360', { width: 360 });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  step('a flagged post shows its span highlighted and the flag explained, with provenance', async () => {
    const page = state.page;
    await page.getByRole('link', { name: `Post ${state.postId}`, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Post ${state.postId}`) }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    const text = page.locator('.post-text');
    assert.equal(await text.locator('mark').count(), 1);
    assert.equal(await text.locator('mark').textContent(), 'Zio', 'the highlight is the match, after accents and an emoji');
    assert.equal((await text.textContent()).replace('(flag 1)', ''), ABUSIVE, 'the text is whole, the flag numbered after its span');
    const flag = page.locator('#flag-1');
    assert.equal((await flag.locator('h3').textContent()).replace(/^1\s*/, ''), EPITHET);
    await flag.getByRole('link', { name: 'epithet-zio' }).waitFor();
    assert.match(await flag.locator('code.expression').textContent(), /zio/);
    assert.match(await flag.textContent(), /docket antisemitism lexicon, version \S+/, 'the lexicon and its version are shown with the flag');
    const provenance = await page.locator('#post-provenance').textContent();
    assert.ok(provenance.includes(CAPTURED_BY) && provenance.includes('screenshot and web archive'), provenance);
    assert.ok(provenance.includes('https://archive.example/x/1001'));
    assert.match(await page.locator('#post-identity').textContent(), /[0-9a-f]{64}/, 'the content hash is shown in full');
    await page.locator('#post-account .badge', { hasText: 'Not linked' }).waitFor();
    await checkPage('post-flagged', { readme: 'post' });
    await page.setViewportSize({ width: 360, height: 780 });
    await checkPage('post-flagged-360', { width: 360 });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto(`${state.base}/posts/${state.reportedId}`);
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.locator('.discount-note').first().waitFor();
    assert.match(await page.locator('.discount-note').first().textContent(), /does not raise its priority/);
    await checkPage('post-discounted');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Post ${state.postId}`) }).waitFor();
  });

  step('the flag links to its pattern in the published lexicon', async () => {
    const page = state.page;
    await page.locator('#flag-1').getByRole('link', { name: 'epithet-zio' }).click();
    await page.getByRole('heading', { level: 1, name: 'Triage lexicon' }).waitFor();
    await page.locator('#lexicon-epithet-zio').waitFor();
    assert.match(page.url(), /\/lexicon#lexicon-epithet-zio$/);
    await page.getByRole('heading', { level: 2, name: EPITHET }).waitFor();
    await checkPage('lexicon');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Post ${state.postId}`) }).waitFor();
  });

  step('the account shows candidates that are not links, and a confirmation needs a reason', async () => {
    const page = state.page;
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.locator('#post-account').getByRole('link', { name: /gaz_wilson/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Account @?gaz_wilson on x/ }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.getByText('A candidate is not a link').waitFor();
    const candidates = page.locator('li.candidate');
    assert.ok(await candidates.count() >= 1, 'a member is proposed');
    const first = candidates.first();
    const heading = await first.locator('h3').textContent();
    assert.match(heading, /Gareth Wilson \(A\d+\)/, `the candidate is a Gareth Wilson: ${heading}`);
    state.member = heading.match(/\((A\d+)\)/)[1];
    await first.locator('.candidate-tag', { hasText: 'Candidate, not linked' }).waitFor();
    assert.match(await first.locator('.candidate-score').textContent(), /Score \d+%/);
    assert.ok(await first.locator('.reasons li').count() >= 1, 'every reason is listed');
    await checkPage('account-candidates', { readme: 'account' });
    await page.setViewportSize({ width: 360, height: 780 });
    await checkPage('account-candidates-360', { width: 360 });
    await page.setViewportSize({ width: 1280, height: 900 });

    await first.getByLabel(/^Your reason/).fill('Looks so');
    await first.getByRole('button', { name: /^Confirm link/ }).click();
    await first.getByRole('link', { name: /at least 10 characters \(now 8\)/ }).waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0, 'no confirmation is asked for without a reason');
    await checkPage('account-reason-missing');
  });

  step('confirming the candidate links the account, and the decision is recorded', async () => {
    const page = state.page;
    const first = page.locator('li.candidate').first();
    await first.getByLabel(/^Your reason/).fill('The profile photo and biography match the member\'s branch page.');
    await first.getByRole('button', { name: /^Confirm link/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Confirm that @?gaz_wilson is Gareth Wilson\?/ });
    await dialog.waitFor();
    await checkPage('account-confirm-dialog');
    await dialog.getByRole('button', { name: 'Yes, confirm the link' }).click();
    await page.getByText(new RegExp(`^Confirmed: @?gaz_wilson is Gareth Wilson \\(${state.member}\\)\\.`)).waitFor();
    await page.locator('h1 .badge', { hasText: 'Confirmed by a person' }).waitFor();
    assert.equal(await page.locator('li.candidate').count(), 0, 'no candidates once a person has decided');
    const decision = page.locator('#decisions tbody tr').first();
    assert.match(await decision.textContent(), new RegExp(`${state.member}.*Confirmed.*profile photo.*aoife\\.byrne`));
    await page.getByRole('heading', { level: 2, name: 'Undo the link' }).waitFor();
    await checkPage('account-confirmed');
  });

  step('the post is attached to a case and shows on the case page with its provenance', async () => {
    const page = state.page;
    state.caseNumber = await page.evaluate(async () => (await (await fetch('/api/v1/cases?limit=1')).json()).items[0].number);
    await page.goto(`${state.base}/posts/${state.postId}`);
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.locator('#post-account .badge', { hasText: 'Confirmed by a person' }).waitFor();
    assert.match(await page.locator('#post-account').textContent(), new RegExp(`Gareth Wilson \\(${state.member}\\)`), 'the confirmed member is shown');
    await page.getByRole('button', { name: 'Attach', exact: true }).click();
    await page.getByRole('link', { name: /Case number: give the number/ }).waitFor();
    await page.getByLabel('Case number').fill(state.caseNumber);
    await page.getByRole('button', { name: 'Attach', exact: true }).click();
    await page.getByText(`Attached to case ${state.caseNumber}.`).waitFor();
    await page.locator('#post-cases').getByRole('link', { name: `Case ${state.caseNumber}`, exact: true }).waitFor();
    await checkPage('post-attached');
    await page.getByRole('link', { name: `Open case ${state.caseNumber}` }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`Case ${state.caseNumber}`) }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    const section = page.locator('#posts');
    await section.getByRole('heading', { level: 2, name: 'Social-media posts' }).waitFor();
    const posted = section.locator('tbody tr', { has: page.getByRole('link', { name: `Post ${state.postId}`, exact: true }) });
    await posted.waitFor();
    const shown = await posted.textContent();
    assert.ok(shown.includes(CAPTURED_BY) && shown.includes('screenshot and web archive'), `provenance on the case: ${shown}`);
    assert.ok(shown.includes('https://archive.example/x/1001'));
    assert.equal(await posted.locator('mark.flag-mark').first().textContent(), 'Zio');
    await section.scrollIntoViewIfNeeded();
    await checkPage('case-posts');
    await signOut();
  });
});

describe('oversight reads social-media evidence but changes nothing', () => {
  step('oversight sees the queue, posts and accounts without the import form, attach form or decisions', async () => {
    const page = state.page;
    await signIn('oversight');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Posts', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Social-media posts' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    assert.ok((await listedPosts()).some((p) => p.id === state.postId), 'the queue is visible');
    assert.equal(await page.getByRole('heading', { name: 'Import posts' }).count(), 0, 'no import form');
    assert.equal(await page.locator('#import-file').count(), 0);
    await checkPage('posts-oversight');

    await page.goto(`${state.base}/posts/${state.postId}`);
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.locator('#flag-1').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Attach', exact: true }).count(), 0, 'oversight cannot attach');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Accounts not linked to a member' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    assert.equal(await page.locator('table.accounts tbody tr', { hasText: 'gaz_wilson' }).count(), 0, 'the confirmed account is no longer unlinked');
    await checkPage('accounts-oversight');
    await page.goto(`${state.base}/posts/${state.benignId}`);
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.locator('#post-account').getByRole('link', { name: /jun_w/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Account @?jun_w on x/ }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    assert.ok(await page.locator('li.candidate').count() >= 1, 'oversight sees the candidates');
    assert.equal(await page.getByRole('button', { name: /^Confirm link/ }).count(), 0, 'but cannot confirm');
    assert.equal(await page.getByRole('button', { name: /^Reject/ }).count(), 0, 'nor reject');
    await page.getByText('Caseworkers confirm or reject candidates.').waitFor();
    await checkPage('account-oversight');
    await signOut();
  });

  step('the lexicon is public; the posts are not', async () => {
    const page = state.page;
    await page.goto(`${state.base}/lexicon`);
    await page.getByRole('heading', { level: 1, name: 'Triage lexicon' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    assert.ok(await page.locator('section.lexicon-category').count() >= 11, 'every category is shown');
    await page.setViewportSize({ width: 360, height: 780 });
    await checkPage('lexicon-public-360', { width: 360 });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${state.base}/posts`);
    await page.getByText('You are not signed in.').waitFor();
    assert.equal(await page.locator('.post-card').count(), 0);
  });
});

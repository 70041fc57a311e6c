// Social-media evidence, the pure parts: the flagged spans of a post's text
// (the server counts them in UTF-8 bytes, a string here in UTF-16 units),
// the addresses of the triage queue and the accounts list with their
// cursors, and the checks made before a decision or an import is sent.
import type { AccountLink, Lexicon, Post, PostFlag, PostImportReport, PostKind, SocialAccount } from './types';

/** Who may read posts and accounts (PostService::MayReadPosts). */
export const POST_READERS = ['caseworker', 'oversight'];
/** Who may import posts, attach them to cases and decide links (PostService::MayWritePosts). */
export const POST_WRITERS = ['caseworker'];

export const POST_PAGE = 50;
export const ACCOUNT_PAGE = 50;

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Maps UTF-8 byte offsets of `text` to string (UTF-16) indexes. An offset
 * inside a character moves to that character's start ('down') or to the
 * next character's start ('up'); offsets outside the text are clamped.
 */
export function byteIndexer(text: string): (byte: number, round?: 'down' | 'up') => number {
  const bytes: number[] = [];
  const indexes: number[] = [];
  let byte = 0;
  let index = 0;
  for (const character of text) {
    bytes.push(byte);
    indexes.push(index);
    byte += utf8Length(character.codePointAt(0)!);
    index += character.length;
  }
  bytes.push(byte);
  indexes.push(index);
  return (offset, round = 'down') => {
    if (!(offset > 0)) return 0;
    if (offset >= byte) return index;
    let low = 0;
    let high = bytes.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (bytes[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return bytes[low] === offset || round === 'down' ? indexes[low]! : indexes[low + 1]!;
  };
}

/** The UTF-8 length of a string, as the server counts offsets. */
export function utf8ByteLength(text: string): number {
  let n = 0;
  for (const character of text) n += utf8Length(character.codePointAt(0)!);
  return n;
}

/**
 * A run of a post's text: `flags` are the indexes (into the post's flags)
 * of the flags whose span covers it, `ends` those whose span ends with it.
 */
export interface Segment { text: string; flags: number[]; ends: number[] }

/** A flag's span as string indexes, or null when it is empty or outside the text. */
export function flagSpan(index: (byte: number, round?: 'down' | 'up') => number, flag: Pick<PostFlag, 'begin' | 'end'>): [number, number] | null {
  const start = index(flag.begin, 'down');
  const end = index(flag.end, 'up');
  return end > start ? [start, end] : null;
}

/**
 * Cuts a post's text into runs at the start and end of every flagged span,
 * so that overlapping flags each keep their own extent. Joined, the runs'
 * text is the whole text.
 */
export function highlightSegments(text: string, flags: Pick<PostFlag, 'begin' | 'end'>[]): Segment[] {
  const index = byteIndexer(text);
  const spans = flags.map((f) => flagSpan(index, f));
  const cuts = new Set<number>([0, text.length]);
  for (const span of spans) {
    if (span) {
      cuts.add(span[0]);
      cuts.add(span[1]);
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < sorted.length; ++i) {
    const from = sorted[i]!;
    const to = sorted[i + 1]!;
    const covering: number[] = [];
    const ending: number[] = [];
    spans.forEach((span, n) => {
      if (span && span[0] <= from && span[1] >= to) covering.push(n);
      if (span && span[1] === to) ending.push(n);
    });
    segments.push({ text: text.slice(from, to), flags: covering, ends: ending });
  }
  return segments;
}

/** Moves an index off the second half of a surrogate pair, so that a cut never splits a character. */
function characterStart(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return at > 0 && code >= 0xdc00 && code <= 0xdfff ? at - 1 : at;
}

export interface Excerpt { segments: Segment[]; clippedStart: boolean; clippedEnd: boolean }

/**
 * At most about `max` characters of a post for a list: from a little before
 * its first flagged span, so that what was flagged shows, with the runs
 * highlighted as in the whole text.
 */
export function excerpt(text: string, flags: Pick<PostFlag, 'begin' | 'end'>[], max = 220): Excerpt {
  const index = byteIndexer(text);
  const starts = flags.map((f) => flagSpan(index, f)?.[0]).filter((s): s is number => s !== undefined);
  let from = 0;
  if (starts.length && text.length > max) {
    const first = Math.min(...starts);
    from = Math.max(0, Math.min(first - 60, text.length - max));
    // Begin at a word when one starts near.
    const space = text.lastIndexOf(' ', from);
    if (from > 0 && space >= 0 && from - space < 20) from = space + 1;
  }
  from = characterStart(text, from);
  const to = characterStart(text, Math.min(text.length, from + max));
  const segments: Segment[] = [];
  let at = 0;
  for (const segment of highlightSegments(text, flags)) {
    const start = at;
    const end = at + segment.text.length;
    at = end;
    if (end <= from || start >= to) continue;
    const clippedEnd = end > to;
    segments.push({
      text: text.slice(Math.max(start, from), Math.min(end, to)),
      flags: segment.flags,
      ends: clippedEnd ? [] : segment.ends,
    });
  }
  return { segments, clippedStart: from > 0, clippedEnd: to < text.length };
}

/** The categories a post was flagged under, once each, in the order first flagged; a category is discounted only when all its flags are. */
export function flagCategories(flags: PostFlag[]): { category: string; title: string; discounted: boolean }[] {
  const out: { category: string; title: string; discounted: boolean }[] = [];
  for (const flag of flags) {
    const seen = out.find((c) => c.category === flag.category);
    if (seen) seen.discounted &&= flag.discounted_by !== null;
    else out.push({ category: flag.category, title: flag.category_title, discounted: flag.discounted_by !== null });
  }
  return out;
}

/** Whether any flag of the post counts toward its priority. */
export function countedFlags(post: Pick<Post, 'flags'>): number {
  return post.flags.filter((f) => f.discounted_by === null).length;
}

/** The triage queue's filter, read from the page address. */
export interface PostFilter { flagged: boolean; account: string | null; member: string | null }

export function postFilterOf(query: URLSearchParams): PostFilter {
  const account = query.get('account');
  const member = query.get('member');
  return {
    flagged: query.get('flagged') === 'true',
    account: account && /^[1-9]\d{0,17}$/.test(account) ? account : null,
    member: member && member.trim() ? member.trim() : null,
  };
}

function filterParams(filter: PostFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.flagged) params.set('flagged', 'true');
  if (filter.account) params.set('account', filter.account);
  if (filter.member) params.set('member', filter.member);
  return params;
}

/** The page address that shows a filter. */
export function postsAddress(filter: PostFilter): string {
  const params = filterParams(filter).toString();
  return params ? `/posts?${params}` : '/posts';
}

/** GET /api/v1/posts for a filter: the first page, or the one after the cursor the last page gave as `next`. */
export function postsPath(filter: PostFilter, after?: string | null, limit = POST_PAGE): string {
  const params = filterParams(filter);
  params.set('limit', String(limit));
  if (after) params.set('after', after);
  return `/api/v1/posts?${params}`;
}

/**
 * Adds a page to the posts shown. A post whose priority changed between two
 * pages (a new lexicon) could come twice; it is shown once, where first seen.
 */
export function appendPage<T extends { id: number }>(shown: T[], page: T[]): T[] {
  const ids = new Set(shown.map((p) => p.id));
  return [...shown, ...page.filter((p) => !ids.has(p.id))];
}

/** The accounts list's filter: one link state, or every account. */
export type AccountFilter = AccountLink | 'all';
export const ACCOUNT_FILTERS: { id: AccountFilter; title: string }[] = [
  { id: 'none', title: 'Not linked (needs a person to decide)' },
  { id: 'declared', title: 'Declared by the member' },
  { id: 'confirmed', title: 'Confirmed by a person' },
  { id: 'all', title: 'All accounts' },
];

/** The filter in an address's ?link=, unlinked accounts when absent or unknown. */
export function accountFilterOf(value: string | null): AccountFilter {
  return ACCOUNT_FILTERS.some((f) => f.id === value) ? (value as AccountFilter) : 'none';
}

/** GET /api/v1/accounts for a filter, after the account with id `after` (the last one of the page before). */
export function accountsPath(filter: AccountFilter, after?: number, limit = ACCOUNT_PAGE): string {
  const params = new URLSearchParams();
  if (filter !== 'all') params.set('link', filter);
  params.set('limit', String(limit));
  if (after) params.set('after', String(after));
  return `/api/v1/accounts?${params}`;
}

const LINK_ORDER: Record<AccountLink, number> = { none: 0, declared: 1, confirmed: 2 };

/** Accounts with the unlinked ones first, otherwise in the order given. */
export function unlinkedFirst<T extends Pick<SocialAccount, 'link'>>(accounts: T[]): T[] {
  return accounts.map((a, i) => ({ a, i })).sort((x, y) => LINK_ORDER[x.a.link] - LINK_ORDER[y.a.link] || x.i - y.i).map((x) => x.a);
}

export function linkTitle(link: AccountLink): string {
  switch (link) {
    case 'none': return 'Not linked';
    case 'declared': return 'Declared by the member';
    case 'confirmed': return 'Confirmed by a person';
  }
}

export function kindTitle(kind: PostKind): string {
  switch (kind) {
    case 'post': return 'Post';
    case 'reply': return 'Reply';
    case 'share': return 'Share';
    case 'like': return 'Like';
  }
}

export const DECISION_REASON_MIN = 10;

/** What is wrong with the reason for a link decision, or null (the server's rule, told before sending). */
export function decisionProblem(reason: string): string | null {
  const n = [...reason.trim()].length;
  if (n === 0) return 'Reason: say why you decide this';
  if (n < DECISION_REASON_MIN) return `Reason: write at least ${DECISION_REASON_MIN} characters (now ${n})`;
  return null;
}

/** The Content-Type a posts file is sent with, by its name, or null when it is neither JSON Lines nor CSV. */
export function importType(fileName: string): 'application/x-ndjson' | 'text/csv' | null {
  const name = fileName.toLowerCase();
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'application/x-ndjson';
  if (name.endsWith('.csv')) return 'text/csv';
  return null;
}

/** POST /api/v1/posts for a file. */
export function importPath(fileName: string, partial: boolean): string {
  const params = new URLSearchParams();
  if (partial) params.set('partial', 'true');
  params.set('name', fileName.slice(0, 200) || 'upload');
  return `/api/v1/posts?${params}`;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** An import's report in one sentence. */
export function importSummary(report: PostImportReport, refused: boolean): string {
  if (refused) {
    return `Nothing was imported: ${count(report.errors.length, 'row has', 'rows have')} a problem. Correct ${report.errors.length === 1 ? 'it' : 'them'}, or import the good rows only.`;
  }
  const parts = [
    `${count(report.imported, 'new post')} imported`,
    `${count(report.duplicates, 'duplicate')} of posts already held`,
    `${report.flagged} flagged for reading first`,
  ];
  if (report.errors.length) parts.push(`${count(report.errors.length, 'row')} left out`);
  return `${parts.join(', ')}.`;
}

/** What is wrong with a case number typed to attach posts to, or null. */
export function caseNumberProblem(text: string): string | null {
  const number = text.trim();
  if (!number) return 'Case number: give the number of the case, for example 2026-0042';
  if (number.length > 32 || /[\s/?#]/.test(number)) return `Case number: '${number}' is not a case number`;
  return null;
}

/** The lexicon's patterns under their categories, in the lexicon's order; patterns of an unknown category come last. */
export function groupLexicon(lexicon: Lexicon): { id: string; title: string; source: string; patterns: Lexicon['patterns'] }[] {
  const groups = lexicon.categories.map((c) => ({ ...c, patterns: lexicon.patterns.filter((p) => p.category === c.id) }));
  const known = new Set(lexicon.categories.map((c) => c.id));
  const other = lexicon.patterns.filter((p) => !known.has(p.category));
  if (other.length) groups.push({ id: 'other', title: 'Other patterns', source: '', patterns: other });
  return groups;
}

/** The id an element of the lexicon page carries, for links from a flag. */
export function lexiconAnchor(id: string): string {
  return `lexicon-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

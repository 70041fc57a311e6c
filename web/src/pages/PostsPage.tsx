import { useRef, useState } from 'preact/hooks';
import { AccountName, FlagTags, PostExcerpt, PostsGate, PriorityBadge } from '../components/PostParts';
import { ErrorBox, Field, Link, Loading, Notice, Page, UploadProgress } from '../components/ui';
import { ApiError, get, upload } from '../lib/api';
import { formatDateTime, plural } from '../lib/format';
import {
  POST_PAGE, POST_WRITERS, appendPage, importPath, importSummary, importType, kindTitle, linkTitle, postFilterOf, postsAddress, postsPath,
} from '../lib/posts';
import { navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/useLoad';
import type { Post, PostImportReport, PostPage } from '../lib/types';

/** The triage queue: reported posts in the order to read them, and (for caseworkers) importing more. */
export function PostsPage() {
  return <PostsGate title="Social-media posts" next="/posts"><PostQueue /></PostsGate>;
}

function PostQueue() {
  const session = useSession();
  const me = session.state === 'signed-in' ? session.me : null;
  const { query } = useLocation();
  const filter = postFilterOf(query);
  const key = postsPath(filter);
  const [imported, setImported] = useState(0);
  const first = useLoad(() => get<PostPage>(postsPath(filter)), [key, imported]);
  const [more, setMore] = useState<{ key: string; items: Post[]; next: string | null; loading: boolean; error: unknown }>(
    { key: '', items: [], next: null, loading: false, error: null });
  const extra = more.key === `${key}#${imported}` ? more : { key: `${key}#${imported}`, items: [], next: null, loading: false, error: null };
  const rows = first.state === 'ok' ? appendPage(first.data.items, extra.items) : [];
  const next = extra.items.length ? extra.next : first.state === 'ok' ? first.data.next : null;
  const [flagged, setFlagged] = useState<{ key: string; value: boolean }>({ key, value: filter.flagged });
  const flaggedChoice = flagged.key === key ? flagged.value : filter.flagged;

  const loadMore = async () => {
    if (!next) return;
    setMore({ ...extra, loading: true, error: null });
    try {
      const page = await get<PostPage>(postsPath(filter, next));
      setMore({ key: extra.key, items: appendPage(extra.items, page.items), next: page.next, loading: false, error: null });
    } catch (error) {
      setMore({ ...extra, loading: false, error });
    }
  };

  const lexicon = first.state === 'ok' ? first.data.lexicon : null;
  const heading = filter.flagged ? 'Flagged posts, most urgent first' : 'All posts, most urgent first';
  return (
    <Page title="Social-media posts" wide>
      <p class="lead">
        Posts reported to us, in the order to read them. The published <Link href="/lexicon">triage lexicon</Link>
        {lexicon && <> ({lexicon.name}, version {lexicon.version})</>} flags wording that a person should read first;
        a flag is a reason to read, never a finding, and it never changes a case.
      </p>
      <p><Link href="/accounts">Accounts that wrote them</Link> · <Link href="/lexicon">The lexicon</Link></p>
      {me && POST_WRITERS.includes(me.role) && <ImportForm onImported={() => setImported((n) => n + 1)} />}

      <form class="filters" aria-label="Filter the posts" onSubmit={(e) => {
        e.preventDefault();
        navigate(postsAddress({ ...filter, flagged: flaggedChoice }));
      }}>
        <div class="checkbox">
          <input id="posts-flagged" type="checkbox" checked={flaggedChoice} onChange={(e) => setFlagged({ key, value: e.currentTarget.checked })} />
          <label for="posts-flagged">Flagged only</label>
        </div>
        <div class="filters-buttons">
          <button type="submit" class="button">Show</button>
        </div>
      </form>
      {(filter.account || filter.member) && (
        <p>
          Showing only the posts {filter.account ? `of account ${filter.account}` : `of member ${filter.member}`}.{' '}
          <Link href={postsAddress({ flagged: filter.flagged, account: null, member: null })}>Show every account</Link>
        </p>
      )}
      <h2 id="posts-heading">{heading}</h2>
      {first.state === 'loading' && <Loading what="the posts" />}
      {first.state === 'error' && <ErrorBox error={first.error} retry={first.reload} title="The posts could not be loaded." />}
      {first.state === 'ok' && rows.length === 0 && <p class="empty">{filter.flagged ? 'No flagged posts.' : 'No posts yet.'}</p>}
      {first.state === 'ok' && rows.length > 0 && (
        <>
          <p class="muted small" role="status">Showing {plural(rows.length, 'post')}{next ? ' (more below)' : ''}.</p>
          <ol class="post-list" aria-labelledby="posts-heading">
            {rows.map((p) => <PostCard key={p.id} post={p} />)}
          </ol>
          {extra.error !== null && <ErrorBox error={extra.error} retry={loadMore} title="More posts could not be loaded." />}
          {next && (
            <button type="button" class="button button-secondary" onClick={loadMore} disabled={extra.loading}>
              {extra.loading ? 'Loading…' : `Show ${POST_PAGE} more`}
            </button>
          )}
        </>
      )}
    </Page>
  );
}

function PostCard({ post }: { post: Post }) {
  return (
    <li class="post-card">
      <div class="post-card-head">
        <h3 class="post-card-title"><Link href={`/posts/${post.id}`}>Post {post.id}</Link></h3>
        <PriorityBadge post={post} />
        <span class="muted small">{kindTitle(post.kind)}{post.posted_at ? ` · ${formatDateTime(post.posted_at)}` : ''}</span>
      </div>
      <p class="small post-card-account">
        <AccountName account={post.account} /> · <span class="muted">{linkTitle(post.account.link)}</span>
        {post.account.member && post.account.link !== 'none' && <>: {post.account.member.name}</>}
      </p>
      <PostExcerpt post={post} />
      <FlagTags flags={post.flags} />
    </li>
  );
}

type ImportState =
  | { state: 'idle' }
  | { state: 'sending'; name: string; loaded: number; total: number }
  | { state: 'done'; name: string; report: PostImportReport; refused: boolean }
  | { state: 'failed'; name: string; error: unknown };

/** Import a JSON Lines or CSV file of posts, all or nothing unless the partial box is ticked. */
function ImportForm({ onImported }: { onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [partial, setPartial] = useState(false);
  const [fieldError, setFieldError] = useState('');
  const [state, setState] = useState<ImportState>({ state: 'idle' });

  const send = async (event: Event) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) {
      setFieldError('Choose a file of posts first');
      return;
    }
    const type = importType(file.name);
    if (!type) {
      setFieldError(`${file.name} is neither JSON Lines (.jsonl, .ndjson) nor CSV (.csv)`);
      return;
    }
    if (file.size > 32 * 1024 * 1024) {
      setFieldError(`${file.name} is larger than 32 MB: split it, or import it with \`docket import posts\``);
      return;
    }
    setFieldError('');
    setState({ state: 'sending', name: file.name, loaded: 0, total: file.size });
    try {
      const report = await upload<PostImportReport>({
        url: importPath(file.name, partial),
        file: file.slice(0, file.size, type),
        onProgress: (loaded, total) => setState({ state: 'sending', name: file.name, loaded, total }),
      });
      setState({ state: 'done', name: file.name, report, refused: false });
      if (input.current) input.current.value = '';
      onImported();
    } catch (error) {
      // A refused all-or-nothing import is a 422 that still carries the report.
      const body = error instanceof ApiError ? (error.body as Partial<PostImportReport> | null) : null;
      if (error instanceof ApiError && error.status === 422 && body && Array.isArray(body.errors)) {
        setState({ state: 'done', name: file.name, report: body as PostImportReport, refused: true });
      } else {
        setState({ state: 'failed', name: file.name, error });
      }
    }
  };

  const help = 'JSON Lines (.jsonl) or CSV (.csv), one post a row, up to 32 MB. Repeats of posts already held are counted, not stored again.';
  return (
    <section class="panel" aria-labelledby="import-heading">
      <h2 id="import-heading">Import posts</h2>
      <form onSubmit={send} noValidate>
        <Field id="import-file" label="File of posts" help={help} error={fieldError}>
          <input id="import-file" ref={input} type="file" accept=".jsonl,.ndjson,.csv,application/x-ndjson,text/csv"
            aria-invalid={!!fieldError} aria-describedby={fieldError ? 'import-file-help import-file-error' : 'import-file-help'} />
        </Field>
        <div class="checkbox">
          <input id="import-partial" type="checkbox" checked={partial} onChange={(e) => setPartial(e.currentTarget.checked)} aria-describedby="import-partial-help" />
          <label for="import-partial">Import the good rows even if some rows are bad</label>
        </div>
        <p class="help" id="import-partial-help">Otherwise nothing is imported while any row has a problem.</p>
        <button type="submit" class="button" disabled={state.state === 'sending'}>{state.state === 'sending' ? 'Importing…' : 'Import'}</button>
      </form>
      <div aria-live="polite">
        {state.state === 'sending' && <UploadProgress name={state.name} loaded={state.loaded} total={state.total} state="sending" />}
        {state.state === 'failed' && <ErrorBox error={state.error} title={`${state.name} was not imported.`} />}
        {state.state === 'done' && <ImportReport name={state.name} report={state.report} refused={state.refused} />}
      </div>
    </section>
  );
}

function ImportReport({ name, report, refused }: { name: string; report: PostImportReport; refused: boolean }) {
  return (
    <div class="import-report">
      <Notice kind={refused ? 'warning' : 'success'}>
        <p><strong>{refused ? `${name} was not imported.` : `${name} imported.`}</strong> {importSummary(report, refused)}</p>
      </Notice>
      {!refused && (
        <dl class="facts import-counts">
          {([
            ['New posts', report.imported], ['Duplicates', report.duplicates], ['Flagged', report.flagged],
            ['Attached to cases', report.attached], ['New accounts', report.new_accounts], ['Accounts with candidates', report.proposed],
          ] as [string, number][]).map(([label, n]) => <div class="fact" key={label}><dt>{label}</dt><dd>{n}</dd></div>)}
        </dl>
      )}
      {!refused && report.proposed > 0 && (
        <p class="small">Candidate members were proposed for {plural(report.proposed, 'account')}. <Link href="/accounts">Review them</Link>: a candidate is not a link until a person confirms it.</p>
      )}
      {report.errors.length > 0 && (
        <>
        <h3 id="row-errors-heading">{refused ? 'Rows to correct' : 'Rows left out'}</h3>
        <div class="table-wrap">
          <table class="responsive row-errors" aria-labelledby="row-errors-heading">
            <thead><tr><th scope="col">Line</th><th scope="col">Problem</th></tr></thead>
            <tbody>
              {report.errors.map((e) => (
                <tr key={`${e.line}-${e.message}`}>
                  <th scope="row" data-label="Line">{e.line}</th>
                  <td data-label="Problem" class="break-words">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        </>
      )}
    </div>
  );
}

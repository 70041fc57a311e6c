import { useState } from 'preact/hooks';
import { Section } from '../components/CaseSections';
import {
  AccountMember, AccountName, FlaggedText, LinkBadge, OutsideLink, PostByline, PostsGate, PriorityBadge, ProvenanceFacts,
} from '../components/PostParts';
import { ErrorBox, ErrorSummary, Facts, Field, Link, Loading, Notice, Page, describedBy, type FieldError } from '../components/ui';
import { ApiError, api, get } from '../lib/api';
import { formatBytes } from '../lib/format';
import { POST_WRITERS, caseNumberProblem, countedFlags, lexiconAnchor } from '../lib/posts';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/useLoad';
import type { Me, Post, PostFlag } from '../lib/types';

/** One post: its text with every flag shown and explained, who wrote it, its provenance and the cases it is evidence in. */
export function PostPage({ id }: { id: string }) {
  return <PostsGate title={`Post ${id}`} next={`/posts/${id}`}><PostView id={id} /></PostsGate>;
}

function PostView({ id }: { id: string }) {
  const session = useSession();
  const me = session.state === 'signed-in' ? session.me : null;
  const load = useLoad(() => get<Post>(`/api/v1/posts/${encodeURIComponent(id)}`), [id]);
  const post = load.state === 'ok' ? load.data : null;
  return (
    <Page title={`Post ${id}`} wide heading={<>Post {id} {post && <span class="heading-badge"><PriorityBadge post={post} /></span>}</>}>
      <p><Link href="/posts">Triage queue</Link></p>
      {load.state === 'loading' && <Loading what="the post" />}
      {load.state === 'error' && <ErrorBox error={load.error} retry={load.reload} title="The post could not be loaded." />}
      {post && me && <PostDetail post={post} me={me} reload={load.reload} />}
    </Page>
  );
}

function PostDetail({ post, me, reload }: { post: Post; me: Me; reload: () => void }) {
  const counted = countedFlags(post);
  return (
    <>
      <PostByline post={post} />
      <Section id="post-text" title="What it says">
        <FlaggedText post={post} />
        {post.flags.length > 0 && (
          <p class="small muted flag-legend">
            <mark class="flag-mark">Highlighted</mark>: flagged by the lexicon, numbered as the flags below.{' '}
            {post.flags.some((f) => f.discounted_by !== null) && <><mark class="flag-mark flag-mark-discounted">Dashed</mark>: flagged, but the post reports or condemns abuse.</>}
          </p>
        )}
      </Section>

      <Section id="post-flags" title="Why it was flagged">
        {post.flags.length === 0
          ? <p>Triage flagged nothing in this post (lexicon version {post.lexicon_version || '—'}). Read it all the same if it was reported.</p>
          : (
            <>
              <p>
                {counted > 0
                  ? <>Priority {post.priority}: the weights of the patterns below that are not discounted.</>
                  : <>Every flag is discounted, so the post has no priority from triage.</>}{' '}
                A flag is a reason for a person to read the post; it is not a finding and never changes a case.
              </p>
              <ol class="flag-list">
                {post.flags.map((f, i) => <FlagExplained key={i} flag={f} n={i + 1} />)}
              </ol>
            </>
          )}
      </Section>

      <div class="two-col">
        <Section id="post-account" title="Who wrote it">
          <Facts items={[
            ['Account', <AccountName account={post.account} />],
            ['Link to a member', <LinkBadge link={post.account.link} />],
            ['Member', <AccountMember account={post.account} />],
          ]} />
          {post.account.link === 'none' && (
            <p class="small">
              Candidates proposed from the name are not links. <Link href={`/accounts/${post.account.id}`}>See the candidates and decide</Link>.
            </p>
          )}
        </Section>
        <Section id="post-provenance" title="Provenance">
          <ProvenanceFacts post={post} />
        </Section>
      </div>

      <Section id="post-identity" title="Address and content">
        <Facts items={[
          ['Address as captured', <OutsideLink href={post.url} />],
          ['Canonical address', <span class="break">{post.canonical_url}</span>],
          ['Platform', post.platform],
          ['Content SHA-256', <code class="hash break">{post.content_sha256}</code>],
        ]} compact />
        <p class="small muted">The canonical address has tracking parameters removed and the host in lower case; it and the content hash are how repeats of this post are recognised.</p>
      </Section>

      <Section id="post-attachments" title="Attachments">
        {post.attachments.length === 0 ? <p class="muted">No attachments.</p> : (
          <div class="table-wrap">
            <table class="responsive">
              <caption class="visually-hidden">Attachments of the post</caption>
              <thead><tr><th scope="col">File</th><th scope="col">Type</th><th scope="col">Size</th><th scope="col">SHA-256</th></tr></thead>
              <tbody>
                {post.attachments.map((a) => (
                  <tr key={a.sha256 + a.file_name}>
                    <th scope="row" data-label="File" class="break">{a.file_name}</th>
                    <td data-label="Type">{a.content_type || '—'}</td>
                    <td data-label="Size" class="nowrap">{formatBytes(a.size)}</td>
                    <td data-label="SHA-256"><code class="hash break">{a.sha256}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section id="post-cases" title="Cases and complaints">
        {post.cases.length === 0 && post.complaints.length === 0 && <p class="muted">Not yet evidence in any case or complaint.</p>}
        {post.cases.length > 0 && (
          <>
            <h3>Evidence in</h3>
            <ul class="people">
              {post.cases.map((n) => <li key={n}><Link href={`/cases/${encodeURIComponent(n)}#posts`}>Case {n}</Link></li>)}
            </ul>
          </>
        )}
        {post.complaints.length > 0 && (
          <>
            <h3>Reported in complaints</h3>
            <ul class="people">{post.complaints.map((r) => <li key={r}>{r}</li>)}</ul>
          </>
        )}
        {POST_WRITERS.includes(me.role) && <AttachForm post={post} onAttached={reload} />}
      </Section>
    </>
  );
}

function FlagExplained({ flag, n }: { flag: PostFlag; n: number }) {
  return (
    <li id={`flag-${n}`} class={flag.discounted_by ? 'flag flag-discounted' : 'flag'} tabIndex={-1}>
      <h3 class="flag-title"><span class="flag-number">{n}</span> {flag.category_title}</h3>
      <dl class="facts facts-compact">
        <div class="fact"><dt>Matched</dt><dd><mark class={flag.discounted_by ? 'flag-mark flag-mark-discounted' : 'flag-mark'}>{flag.matched}</mark></dd></div>
        <div class="fact">
          <dt>Pattern</dt>
          <dd><Link href={`/lexicon#${lexiconAnchor(flag.pattern_id)}`}>{flag.pattern_id}</Link>: <code class="expression">{flag.pattern}</code></dd>
        </div>
        <div class="fact"><dt>Category</dt><dd><Link href={`/lexicon#${lexiconAnchor(flag.category)}`}>{flag.category}</Link></dd></div>
        <div class="fact"><dt>Lexicon</dt><dd>{flag.lexicon}, version {flag.lexicon_version}</dd></div>
      </dl>
      {flag.discounted_by && (
        <p class="small discount-note">
          <strong>Discounted:</strong> the post also matches the context <code>{flag.discounted_by}</code> (it reports, quotes or condemns abuse),
          so this flag does not raise its priority. It is shown so that a person can judge.
        </p>
      )}
    </li>
  );
}

function AttachForm({ post, onAttached }: { post: Post; onAttached: () => void }) {
  const [number, setNumber] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ message: string; number: string } | null>(null);
  const id = 'attach-case';
  const send = async (event: Event) => {
    event.preventDefault();
    const problem = caseNumberProblem(number);
    setErrors(problem ? [{ id, message: problem }] : []);
    setDone(null);
    if (problem) return;
    const trimmed = number.trim();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ attached: number }>('POST', `/api/v1/cases/${encodeURIComponent(trimmed)}/posts`, { body: { posts: [String(post.id)] } });
      setDone({ number: trimmed, message: r.data.attached > 0 ? `Attached to case ${trimmed}.` : `Post ${post.id} was already evidence in case ${trimmed}.` });
      setNumber('');
      onAttached();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setErrors([{ id, message: `Case number: ${e.message}` }]);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const help = 'The post is added to the case\'s evidence with its provenance. This is recorded on the case.';
  const fieldError = errors[0]?.message;
  return (
    <form class="action-form attach-form" onSubmit={send} noValidate aria-labelledby="attach-heading">
      <h3 id="attach-heading">Attach to a case</h3>
      <ErrorSummary errors={errors} />
      {done && <Notice kind="success" live>{done.message} <Link href={`/cases/${encodeURIComponent(done.number)}#posts`}>Open case {done.number}</Link></Notice>}
      <div class="inline-form">
        <Field id={id} label="Case number" help={help} error={fieldError}>
          <input id={id} type="text" class="input-short" value={number} maxLength={32} autoComplete="off" aria-invalid={!!fieldError}
            aria-describedby={describedBy(id, help, fieldError)} onInput={(e) => setNumber(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="button button-secondary" disabled={busy}>{busy ? 'Attaching…' : 'Attach'}</button>
      </div>
      {error !== null && !(error instanceof ApiError && error.status === 404) && <ErrorBox error={error} title="The post was not attached." />}
    </form>
  );
}

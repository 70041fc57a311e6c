import type { ComponentChildren } from 'preact';
import { Facts, Link, Loading, Notice, Page } from './ui';
import { formatDateTime, isWebLink } from '../lib/format';
import { POST_READERS, excerpt, flagCategories, highlightSegments, kindTitle, linkTitle, type Segment } from '../lib/posts';
import { useSession } from '../lib/session';
import type { AccountLink, Post, PostFlag, SocialAccount } from '../lib/types';

/** Who may see social-media evidence: signed-in caseworkers and oversight. */
export function PostsGate({ title, next, children }: { title: string; next: string; children: ComponentChildren }) {
  const session = useSession();
  if (session.state === 'unknown') return <Page title={title}><Loading what="your session" /></Page>;
  if (session.state === 'anonymous') {
    return (
      <Page title={title}>
        <p>You are not signed in. <Link href={`/login?next=${encodeURIComponent(next)}`}>Sign in</Link> to see the social-media evidence.</p>
      </Page>
    );
  }
  if (!POST_READERS.includes(session.me.role)) {
    return (
      <Page title={title}>
        <Notice>Social-media evidence is for caseworkers and oversight. The posts attached to a case you work on are shown on the case.</Notice>
      </Page>
    );
  }
  return <>{children}</>;
}

/** Whether every flag covering a run was discounted (it then shows as read-anyway, not read-first). */
function discounted(segment: Segment, flags: PostFlag[]): boolean {
  return segment.flags.every((n) => flags[n]?.discounted_by !== null);
}

function Runs({ segments, flags, numbered }: { segments: Segment[]; flags: PostFlag[]; numbered: boolean }) {
  return (
    <>
      {segments.map((s, i) => (
        <span key={i}>
          {s.flags.length === 0 ? s.text : (
            <mark class={discounted(s, flags) ? 'flag-mark flag-mark-discounted' : 'flag-mark'}>{s.text}</mark>
          )}
          {numbered && s.ends.map((n) => (
            <sup key={n} class="flag-ref"><a href={`#flag-${n + 1}`}><span class="visually-hidden">(flag </span>{n + 1}<span class="visually-hidden">)</span></a></sup>
          ))}
        </span>
      ))}
    </>
  );
}

/** A post's whole text with each flagged span marked and numbered as the flags are listed. */
export function FlaggedText({ post }: { post: Pick<Post, 'text' | 'flags'> }) {
  const segments = highlightSegments(post.text, post.flags);
  return <div class="post-text">{post.text ? <Runs segments={segments} flags={post.flags} numbered /> : <span class="muted">(No text: the post is an image, a share or a like.)</span>}</div>;
}

/** A short excerpt for a list, beginning near the first flag. */
export function PostExcerpt({ post, max }: { post: Pick<Post, 'text' | 'flags'>; max?: number }) {
  if (!post.text) return <p class="post-excerpt muted">(No text.)</p>;
  const e = excerpt(post.text, post.flags, max);
  return (
    <p class="post-excerpt">
      {e.clippedStart && '… '}<Runs segments={e.segments} flags={post.flags} numbered={false} />{e.clippedEnd && ' …'}
    </p>
  );
}

/** The categories a post was flagged under, as tags; discounted ones say so. */
export function FlagTags({ flags }: { flags: PostFlag[] }) {
  const categories = flagCategories(flags);
  if (!categories.length) return <p class="small muted">Not flagged.</p>;
  return (
    <ul class="flag-tags" aria-label="Flagged as">
      {categories.map((c) => (
        <li key={c.category} class={c.discounted ? 'flag-tag flag-tag-discounted' : 'flag-tag'}>
          {c.title}{c.discounted && <span class="small"> (discounted: reported or condemned)</span>}
        </li>
      ))}
    </ul>
  );
}

export function PriorityBadge({ post }: { post: Pick<Post, 'priority' | 'flags'> }) {
  const tone = post.priority > 0 ? 'late' : post.flags.length ? 'warn' : 'paused';
  return <span class={`badge badge-${tone}`}>Priority {post.priority}</span>;
}

/** An account's link state: a candidate is never shown as a link. */
export function LinkBadge({ link }: { link: AccountLink }) {
  const tone = link === 'none' ? 'paused' : 'ok';
  return <span class={`badge badge-${tone}`}>{link === 'none' ? '' : <span aria-hidden="true">✓ </span>}{linkTitle(link)}</span>;
}

/** "Display Name (@handle) on x". */
export function AccountName({ account, link = true }: { account: Pick<SocialAccount, 'id' | 'handle' | 'display_name' | 'platform'>; link?: boolean }) {
  const name = account.display_name
    ? <>{account.display_name} (<span class="handle">{account.handle}</span>)</>
    : <span class="handle">{account.handle}</span>;
  return (
    <span>
      {link ? <Link href={`/accounts/${account.id}`}>{name}</Link> : name}
      <span class="muted"> on {account.platform}</span>
    </span>
  );
}

/** The member an account belongs to, only when declared or confirmed. */
export function AccountMember({ account }: { account: SocialAccount }) {
  if (account.member && account.link !== 'none') {
    return (
      <>
        <Link href={`/members/${encodeURIComponent(account.member.membership_number)}`}>{account.member.name} ({account.member.membership_number})</Link>
        {account.link === 'confirmed' && account.decided_by && <span class="muted small"> · confirmed by {account.decided_by}{account.decided_at ? `, ${formatDateTime(account.decided_at)}` : ''}</span>}
      </>
    );
  }
  return <span class="muted">No member: nobody has confirmed who this is</span>;
}

/** An address from a capture, as a link only when it is a web address. */
export function OutsideLink({ href }: { href: string }) {
  if (!href) return <span class="muted">—</span>;
  if (!isWebLink(href)) return <span class="break">{href}</span>;
  return <a class="break" href={href} rel="noopener noreferrer nofollow" target="_blank">{href}<span class="visually-hidden"> (opens in a new tab)</span></a>;
}

/** Who captured a post, when and how, and where the archived copy is. */
export function ProvenanceFacts({ post }: { post: Post }) {
  const p = post.provenance;
  return (
    <Facts items={[
      ['Captured by', p.captured_by || '—'],
      ['Captured at', formatDateTime(p.captured_at)],
      ['How', p.method || '—'],
      ['Archived copy', <OutsideLink href={p.archive_url} />],
      ['Imported from', p.source || '—'],
    ]} />
  );
}

/** One line about a post: kind, when, by whom. */
export function PostByline({ post, linkAccount = true }: { post: Post; linkAccount?: boolean }) {
  return (
    <p class="post-byline small">
      <strong>{kindTitle(post.kind)}</strong> by <AccountName account={post.account} link={linkAccount} />
      {' · '}{post.posted_at ? <>posted <time dateTime={post.posted_at}>{formatDateTime(post.posted_at)}</time></> : 'date not known'}
    </p>
  );
}

import { useState } from 'preact/hooks';
import { Section } from '../components/CaseSections';
import { AccountMember, LinkBadge, PostsGate } from '../components/PostParts';
import { ConfirmDialog, ErrorBox, ErrorSummary, Facts, Field, Link, Loading, Notice, Page, describedBy, type FieldError } from '../components/ui';
import { ApiError, api, get } from '../lib/api';
import { formatDateTime, plural } from '../lib/format';
import {
  ACCOUNT_FILTERS, ACCOUNT_PAGE, DECISION_REASON_MIN, POST_WRITERS, accountFilterOf, accountsPath, decisionProblem, unlinkedFirst,
  type AccountFilter,
} from '../lib/posts';
import { navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/useLoad';
import type { AccountCandidate, Items, Me, SocialAccountView } from '../lib/types';

/** The accounts that wrote the posts held, unlinked ones (those waiting for a person) first. */
export function SocialAccountsPage() {
  return <PostsGate title="Social-media accounts" next="/accounts"><AccountList /></PostsGate>;
}

const FILTER_HEADINGS: Record<AccountFilter, string> = {
  none: 'Accounts not linked to a member', declared: 'Accounts declared by members', confirmed: 'Accounts confirmed by a person', all: 'All accounts',
};

function AccountList() {
  const { query } = useLocation();
  const filter = accountFilterOf(query.get('link'));
  const [choice, setChoice] = useState<{ filter: AccountFilter; value: AccountFilter }>({ filter, value: filter });
  const chosen = choice.filter === filter ? choice.value : filter;
  const first = useLoad(() => get<Items<SocialAccountView>>(accountsPath(filter)), [filter]);
  const [more, setMore] = useState<{ filter: AccountFilter; items: SocialAccountView[]; done: boolean; loading: boolean; error: unknown }>(
    { filter, items: [], done: false, loading: false, error: null });
  const extra = more.filter === filter ? more : { filter, items: [], done: false, loading: false, error: null };
  const loaded = first.state === 'ok' ? [...first.data.items, ...extra.items] : [];
  const rows = unlinkedFirst(loaded);
  const lastPage = extra.items.length || extra.done ? extra.done : first.state === 'ok' && first.data.items.length < ACCOUNT_PAGE;

  const loadMore = async () => {
    const last = loaded[loaded.length - 1];
    if (!last) return;
    setMore({ ...extra, loading: true, error: null });
    try {
      const next = await get<Items<SocialAccountView>>(accountsPath(filter, last.id));
      setMore({ filter, items: [...extra.items, ...next.items], done: next.items.length < ACCOUNT_PAGE, loading: false, error: null });
    } catch (error) {
      setMore({ ...extra, loading: false, error });
    }
  };

  return (
    <Page title="Social-media accounts" wide>
      <p class="lead">
        The accounts that wrote the posts we hold. A post counts as a member's only when the member declared the account or a
        person confirmed the link. Candidates proposed from names are reasons to look, not links.
      </p>
      <p><Link href="/posts">Triage queue</Link></p>
      <form class="filters" aria-label="Filter the accounts" onSubmit={(e) => {
        e.preventDefault();
        navigate(chosen === 'none' ? '/accounts' : `/accounts?link=${chosen}`);
      }}>
        <Field id="account-link" label="Link to a member">
          <select id="account-link" value={chosen} onChange={(e) => setChoice({ filter, value: e.currentTarget.value as AccountFilter })}>
            {ACCOUNT_FILTERS.map((f) => <option key={f.id} value={f.id}>{f.title}</option>)}
          </select>
        </Field>
        <div class="filters-buttons">
          <button type="submit" class="button">Show</button>
        </div>
      </form>
      <h2 id="accounts-heading">{FILTER_HEADINGS[filter]}</h2>
      {first.state === 'loading' && <Loading what="the accounts" />}
      {first.state === 'error' && <ErrorBox error={first.error} retry={first.reload} title="The accounts could not be loaded." />}
      {first.state === 'ok' && rows.length === 0 && <p class="empty">No accounts here.</p>}
      {first.state === 'ok' && rows.length > 0 && (
        <>
          <p class="muted small" role="status">Showing {plural(rows.length, 'account')}{lastPage ? '' : ' (more below)'}.</p>
          <div class="table-wrap">
            <table class="responsive accounts">
              <caption class="visually-hidden">{FILTER_HEADINGS[filter]}</caption>
              <thead>
                <tr>
                  <th scope="col">Account</th><th scope="col">Platform</th><th scope="col">Link</th>
                  <th scope="col">Member, or best candidate</th><th scope="col">Posts</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" data-label="Account">
                      <Link href={`/accounts/${a.id}`}><span class="handle">{a.handle}</span></Link>
                      {a.display_name && <><br /><span class="small">{a.display_name}</span></>}
                    </th>
                    <td data-label="Platform">{a.platform}</td>
                    <td data-label="Link"><LinkBadge link={a.link} /></td>
                    <td data-label="Member, or best candidate">
                      {a.link !== 'none' && a.member ? `${a.member.name} (${a.member.membership_number})`
                        : a.candidates[0] ? <>
                          <span class="candidate-tag">Candidate, not linked</span>{' '}
                          {a.candidates[0].name} ({a.candidates[0].membership_number}), {a.candidates[0].score_percent}%
                          {a.candidates.length > 1 && <span class="muted small"> and {plural(a.candidates.length - 1, 'other')}</span>}
                        </> : <span class="muted">No candidates</span>}
                    </td>
                    <td data-label="Posts"><Link href={`/posts?account=${a.id}`}>{plural(a.posts, 'post')}<span class="visually-hidden"> by {a.handle}</span></Link></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {extra.error !== null && <ErrorBox error={extra.error} retry={loadMore} title="More accounts could not be loaded." />}
          {!lastPage && (
            <button type="button" class="button button-secondary" onClick={loadMore} disabled={extra.loading}>
              {extra.loading ? 'Loading…' : `Show ${ACCOUNT_PAGE} more`}
            </button>
          )}
        </>
      )}
    </Page>
  );
}

/** One account: who it may be (candidates with every reason), and a person's decision. */
export function SocialAccountPage({ id }: { id: string }) {
  return <PostsGate title={`Account ${id}`} next={`/accounts/${id}`}><AccountView id={id} /></PostsGate>;
}

function AccountView({ id }: { id: string }) {
  const session = useSession();
  const me = session.state === 'signed-in' ? session.me : null;
  const load = useLoad(() => get<SocialAccountView>(`/api/v1/accounts/${encodeURIComponent(id)}`), [id]);
  const [changed, setChanged] = useState<SocialAccountView | null>(null);
  const [done, setDone] = useState('');
  const account = changed ?? (load.state === 'ok' ? load.data : null);
  const title = account ? `Account ${account.handle} on ${account.platform}` : `Account ${id}`;
  return (
    <Page title={title} wide heading={<>{title} {account && <span class="heading-badge"><LinkBadge link={account.link} /></span>}</>}>
      <p><Link href="/accounts">All accounts</Link> · <Link href="/posts">Triage queue</Link></p>
      {load.state === 'loading' && <Loading what="the account" />}
      {load.state === 'error' && <ErrorBox error={load.error} retry={load.reload} title="The account could not be loaded." />}
      {done && <Notice kind="success" live>{done}</Notice>}
      {account && me && (
        <AccountDetail account={account} me={me} onDecided={(a, message) => { setChanged(a); setDone(message); }} />
      )}
    </Page>
  );
}

function AccountDetail({ account, me, onDecided }: { account: SocialAccountView; me: Me; onDecided: (a: SocialAccountView, message: string) => void }) {
  const canDecide = POST_WRITERS.includes(me.role);
  return (
    <>
      {account.link === 'none' && (
        <Notice kind="warning">
          <p><strong>Nobody has decided who wrote with this account.</strong> The candidates below were proposed by comparing its
          name and handle with the membership list. A candidate is not a link: no post counts as a member's until a person
          confirms one, with a reason that is recorded.</p>
        </Notice>
      )}
      <Facts items={[
        ['Handle', <span class="handle">{account.handle}</span>],
        ['Display name', account.display_name || '—'],
        ['Platform', account.platform],
        ['Link to a member', <LinkBadge link={account.link} />],
        ['Member', <AccountMember account={account} />],
        ['Posts', <Link href={`/posts?account=${account.id}`}>{plural(account.posts, 'post')}</Link>],
      ]} />
      {account.link === 'declared' && <p>The member declared this handle as theirs, so its posts are the member's without a decision.</p>}
      {account.link === 'confirmed' && account.member && canDecide && (
        <Section id="undo" title="Undo the link">
          <p>If the link was wrong, reject it: the account is unlinked again and the member is not proposed for it again.</p>
          <DecisionForm account={account} number={account.member.membership_number} name={account.member.name} undo onDecided={onDecided} />
        </Section>
      )}
      {account.link === 'none' && (
        <Section id="candidates" title="Candidate members">
          {account.candidates.length === 0 ? <p class="muted">No member's name is close enough to propose.</p> : (
            <ol class="candidates">
              {account.candidates.map((c, i) => (
                <Candidate key={c.membership_number} account={account} candidate={c} n={i + 1} canDecide={canDecide} onDecided={onDecided} />
              ))}
            </ol>
          )}
          {!canDecide && account.candidates.length > 0 && <p class="muted">Caseworkers confirm or reject candidates.</p>}
        </Section>
      )}
      <Section id="decisions" title="Decisions">
        {account.decisions.length === 0 ? <p class="muted">No decisions yet.</p> : (
          <div class="table-wrap">
            <table class="responsive">
              <caption class="visually-hidden">Decisions on this account, oldest first</caption>
              <thead><tr><th scope="col">When</th><th scope="col">Member</th><th scope="col">Decision</th><th scope="col">Reason</th><th scope="col">By</th></tr></thead>
              <tbody>
                {account.decisions.map((d, i) => (
                  <tr key={i}>
                    <td data-label="When" class="nowrap">{formatDateTime(d.at)}</td>
                    <td data-label="Member">{d.membership_number ? <Link href={`/members/${encodeURIComponent(d.membership_number)}`}>{d.membership_number}</Link> : '—'}</td>
                    <th scope="row" data-label="Decision">{d.decision === 'confirmed' ? 'Confirmed' : 'Rejected'}</th>
                    <td data-label="Reason" class="pre">{d.reason}</td>
                    <td data-label="By">{d.decided_by}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}

function Candidate({ account, candidate, n, canDecide, onDecided }: {
  account: SocialAccountView; candidate: AccountCandidate; n: number; canDecide: boolean;
  onDecided: (a: SocialAccountView, message: string) => void;
}) {
  const headingId = `candidate-${n}-heading`;
  return (
    <li class="candidate">
      <div class="candidate-head">
        <h3 id={headingId}>
          Candidate {n}: <Link href={`/members/${encodeURIComponent(candidate.membership_number)}`}>{candidate.name} ({candidate.membership_number})</Link>
        </h3>
        <span class="candidate-tag">Candidate, not linked</span>
      </div>
      <p class="candidate-score">
        Score <strong>{candidate.score_percent}%</strong>
        <span class="score-bar" aria-hidden="true"><span style={{ width: `${Math.max(0, Math.min(100, candidate.score_percent))}%` }} /></span>
      </p>
      <p class="small muted">Why this member was proposed:</p>
      <ul class="reasons">
        {candidate.reasons.map((r) => <li key={r}>{r}</li>)}
      </ul>
      {canDecide && <DecisionForm account={account} number={candidate.membership_number} name={candidate.name} onDecided={onDecided} />}
    </li>
  );
}

function DecisionForm({ account, number, name, undo, onDecided }: {
  account: SocialAccountView; number: string; name: string; undo?: boolean;
  onDecided: (a: SocialAccountView, message: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = `reason-${number.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const who = `${name} (${number})`;

  const check = (): boolean => {
    const problem = decisionProblem(reason);
    setErrors(problem ? [{ id, message: problem }] : []);
    return problem === null;
  };
  const send = async (decision: 'confirm' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<SocialAccountView>('POST', `/api/v1/accounts/${account.id}/decision`, {
        body: { membership_number: number, decision, reason: reason.trim() },
      });
      setConfirming(false);
      setBusy(false);
      onDecided(r.data, decision === 'confirm'
        ? `Confirmed: ${account.handle} is ${who}. Its posts now count as the member's. Your reason is recorded.`
        : undo ? `The link of ${account.handle} to ${who} is undone. Your reason is recorded.`
          : `Rejected: ${who} is not proposed for ${account.handle} again. Your reason is recorded.`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.field === 'reason') setErrors([{ id, message: e.message }]);
      setError(e);
      setConfirming(false);
      setBusy(false);
    }
  };

  const help = undo
    ? `Why the link was wrong. At least ${DECISION_REASON_MIN} characters; kept with the account.`
    : `What you checked: for example the account's photo or biography against the member's record. Needed to confirm and to reject; at least ${DECISION_REASON_MIN} characters, kept with the account.`;
  const fieldError = errors[0]?.message;
  return (
    <form class="action-form decision-form" noValidate aria-label={undo ? `Undo the link to ${who}` : `Decide on ${who}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (check()) setConfirming(true);
      }}>
      <ErrorSummary errors={errors} />
      <Field id={id} label={undo ? 'Reason for undoing the link' : `Your reason (${name})`} help={help} error={fieldError}>
        <textarea id={id} rows={3} maxLength={2000} value={reason} aria-invalid={!!fieldError}
          aria-describedby={describedBy(id, help, fieldError)} onInput={(e) => setReason(e.currentTarget.value)} />
      </Field>
      {error !== null && <ErrorBox error={error} title="Nothing was decided." />}
      <div class="button-row">
        {!undo && <button type="submit" class="button" disabled={busy}>Confirm link…<span class="visually-hidden"> to {who}</span></button>}
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => { if (check()) void send('reject'); }}>
          {undo ? 'Undo the link' : 'Reject'}<span class="visually-hidden">{undo ? ` to ${who}` : ` ${who}`}</span>
        </button>
      </div>
      <ConfirmDialog open={confirming} title={`Confirm that ${account.handle} is ${name}?`} confirmLabel="Yes, confirm the link" busy={busy}
        onConfirm={() => send('confirm')} onCancel={() => setConfirming(false)}>
        <p>
          The account {account.handle} on {account.platform} will be linked to {who}, and its posts will count as the member's
          evidence. This is recorded with your name and your reason. It can be undone later, also with a reason.
        </p>
      </ConfirmDialog>
    </form>
  );
}

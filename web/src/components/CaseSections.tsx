import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ErrorBox, Facts, Field, Link, Notice, TimeLeftBadge, UploadProgress } from './ui';
import { AccountMember, FlagTags, OutsideLink, PostExcerpt, PriorityBadge } from './PostParts';
import { ApiError, api, explain, upload } from '../lib/api';
import { formatBytes, formatDate, formatDateTime, humanise } from '../lib/format';
import { actionTitle, sanctionTitle, stageTitle } from '../lib/process';
import type { Part } from '../lib/caseFile';
import { kindTitle } from '../lib/posts';
import type { Case, CaseEvent, Evidence, Items, Message, Note, Post, Process } from '../lib/types';

export function PartError({ part, what }: { part: Part<unknown>; what: string }) {
  if (part.ok) return null;
  return <ErrorBox error={part.error} title={`The ${what} could not be loaded.`} />;
}

export function Section(props: { id: string; title: string; children: ComponentChildren; class?: string }) {
  return (
    <section class={props.class ?? 'section'} aria-labelledby={`${props.id}-heading`} id={props.id}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

export function Summary({ c }: { c: Case }) {
  return (
    <Facts items={[
      ['Category', c.category.title],
      ['Stage', <>{c.stage.title}{c.waiting && <span class="muted"> · {c.waiting.title}</span>}</>],
      ['Time left', <TimeLeftBadge deadline={c.deadline} />],
      ['Assignee', c.assignee ?? <span class="muted">Unassigned</span>],
      ['Opened', formatDateTime(c.opened_at)],
      ['In this stage since', formatDateTime(c.stage_entered_at)],
      ...(c.closed_at ? [['Closed', formatDateTime(c.closed_at)] as [string, ComponentChildren]] : []),
      ...(c.panel.length ? [['Panel', c.panel.map((p) => `${p.username}${p.kind === 'appeal' ? ' (appeal)' : ''}`).join(', ')] as [string, ComponentChildren]] : []),
    ]} />
  );
}

export function Complaints({ c }: { c: Case }) {
  if (!c.complaints.length) return <p class="muted">No complaint text is visible to you.</p>;
  return (
    <ol class="complaints">
      {c.complaints.map((k) => (
        <li key={k.id} class="complaint">
          <p class="muted small">
            Complaint received {formatDateTime(k.received_at)} by {k.channel}
            {' · '}{k.anonymous ? 'anonymous' : k.complainant ? `from ${k.complainant.name}` : 'complainant withheld'}
          </p>
          <Facts items={[['Happened on', formatDate(k.occurred_on)], ['Where', k.place || '—']]} />
          <p class="quote">{k.description}</p>
          {k.links && k.links.length > 0 && (
            <>
              <p class="small"><strong>Links given as evidence</strong> (outside sites; they may have changed since):</p>
              <ul class="links">
                {k.links.map((l) => <li key={l} class="break"><a href={l} rel="noopener noreferrer nofollow" target="_blank">{l}<span class="visually-hidden"> (opens in a new tab)</span></a></li>)}
              </ul>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

export function Parties({ c, canReadMembers }: { c: Case; canReadMembers: boolean }) {
  const complainants = c.complaints.map((k) => (k.anonymous ? 'Anonymous complainant' : k.complainant ? (k.complainant.email ? `${k.complainant.name} <${k.complainant.email}>` : k.complainant.name) : null)).filter(Boolean) as string[];
  return (
    <div class="two-col">
      <div>
        <h3>Respondents</h3>
        <ul>
          {c.respondents.map((r, i) => (
            <li key={i}>
              {r.name}
              {r.membership_number && (canReadMembers
                ? <> · <Link href={`/members/${encodeURIComponent(r.membership_number)}`}>member {r.membership_number}</Link></>
                : <span class="muted"> · member {r.membership_number}</span>)}
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3>Complainants</h3>
        {complainants.length ? <ul>{[...new Set(complainants)].map((n) => <li key={n}>{n}</li>)}</ul> : <p class="muted">Not visible to you.</p>}
      </div>
    </div>
  );
}

export function Deadlines({ c, process }: { c: Case; process?: Process }) {
  const stage = process?.stages.find((s) => s.id === c.stage.id);
  return (
    <ul class="deadlines">
      <li>
        <strong>Stage deadline ({c.stage.title}{stage?.deadline_working_days ? `, ${stage.deadline_working_days} working days` : ''}):</strong>{' '}
        <TimeLeftBadge deadline={c.deadline} />
      </li>
      {c.interim_suspension && (
        <li>
          <strong>Interim suspension review:</strong> due {formatDate(c.interim_suspension.review_due)}
          {c.interim_suspension.review_due < new Date().toISOString().slice(0, 10) && <span class="badge badge-late">Overdue</span>}
          <span class="muted small"> (imposed {formatDateTime(c.interim_suspension.imposed_at)} by {c.interim_suspension.imposed_by})</span>
        </li>
      )}
      {c.stage.id === 'outcome' && process && (
        <li><strong>Appeal window:</strong> {process.appeal.window_working_days} working days from the decision.</li>
      )}
    </ul>
  );
}

export function Decision({ c, process }: { c: Case; process?: Process }) {
  if (!c.decision && !c.appeal && !c.interim_suspension && !c.sanctions.length) return null;
  return (
    <>
      {c.decision && (
        <div class="decision">
          <h3>Decision: {c.decision.outcome_title}{c.decision.term_months ? ` (${c.decision.term_months} months)` : ''}</h3>
          <p class="muted small">Decided {formatDateTime(c.decision.decided_at)} by {c.decision.decided_by}</p>
          <p class="quote" id="decision-reasons">{c.decision.reasons}</p>
        </div>
      )}
      {c.appeal && (
        <div class="decision">
          <h3>Appeal {c.appeal.upheld === null ? '(pending)' : c.appeal.upheld ? '(upheld)' : '(dismissed)'}</h3>
          <p class="muted small">Lodged {formatDateTime(c.appeal.lodged_at)} by {c.appeal.lodged_by}</p>
          <p class="quote">{c.appeal.grounds}</p>
          {c.appeal.reasons && <p class="quote">{c.appeal.reasons}</p>}
        </div>
      )}
      {c.interim_suspension && (
        <div class="decision">
          <h3>Interim suspension in force</h3>
          <p class="quote">{c.interim_suspension.reasons}</p>
        </div>
      )}
      {c.sanctions.length > 0 && <SanctionTable sanctions={c.sanctions} process={process} />}
    </>
  );
}

export function SanctionTable({ sanctions, hideCaption }: { sanctions: Case['sanctions']; process?: Process; hideCaption?: boolean }) {
  return (
    <div class="table-wrap">
      <table class="responsive">
        <caption class={hideCaption ? 'visually-hidden' : undefined}>Sanctions</caption>
        <thead><tr><th scope="col">Sanction</th><th scope="col">From</th><th scope="col">Until</th><th scope="col">Readmission from</th><th scope="col">Status</th></tr></thead>
        <tbody>
          {sanctions.map((s) => (
            <tr key={s.id}>
              <th scope="row" data-label="Sanction">{s.kind_title}</th>
              <td data-label="From">{formatDate(s.start)}</td>
              <td data-label="Until">{s.end ? formatDate(s.end) : '—'}</td>
              <td data-label="Readmission from">{s.readmission_from ? formatDate(s.readmission_from) : '—'}</td>
              <td data-label="Status">{s.overturned_at ? `Overturned ${formatDateTime(s.overturned_at)}${s.overturn_reason ? `: ${s.overturn_reason}` : ''}` : s.in_force_today ? 'In force' : 'Not in force'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TimelineList({ events, process }: { events: CaseEvent[]; process?: Process }) {
  if (!events.length) return <p class="muted">Nothing has happened yet.</p>;
  return (
    <ol class="timeline">
      {events.map((e) => (
        <li key={e.id}>
          <p class="timeline-head">
            <strong>{actionTitle(process, e.action)}</strong>
            {e.to_stage && e.to_stage !== e.from_stage && <span class="muted"> · {stageTitle(process, e.from_stage)} → {stageTitle(process, e.to_stage)}</span>}
          </p>
          <p class="muted small"><time dateTime={e.at}>{formatDateTime(e.at)}</time> · {e.actor} ({humanise(e.role)})</p>
          {Object.keys(e.fields).length > 0 && (
            <dl class="facts facts-compact">
              {Object.entries(e.fields).map(([k, v]) => <div class="fact" key={k}><dt>{humanise(k)}</dt><dd class="pre">{k === 'outcome' ? sanctionTitle(process, v) : v}</dd></div>)}
            </dl>
          )}
        </li>
      ))}
    </ol>
  );
}

/** The text of fields with this id across the timeline (the allegations of each notice, each response). */
export function fieldHistory(events: CaseEvent[], field: string): { at: string; actor: string; text: string }[] {
  return events.filter((e) => e.fields[field]).map((e) => ({ at: e.at, actor: e.actor, text: e.fields[field]! }));
}

export function EvidenceSection({ number, evidence, canUpload, canDisclose, onChange }: {
  number: string; evidence: Evidence[]; canUpload: boolean; canDisclose: boolean; onChange: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ name: string; loaded: number; total: number; state: 'sending' | 'done' | 'failed'; error?: string } | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const send = async (event: Event) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) {
      setProgress({ name: 'No file', loaded: 0, total: 0, state: 'failed', error: 'choose a file first' });
      return;
    }
    if (file.size > 25 * 1024 * 1024) {
      setProgress({ name: file.name, loaded: 0, total: file.size, state: 'failed', error: 'each file must be at most 25 MB' });
      return;
    }
    setProgress({ name: file.name, loaded: 0, total: file.size, state: 'sending' });
    try {
      await upload<Evidence>({
        url: `/api/v1/cases/${encodeURIComponent(number)}/evidence?filename=${encodeURIComponent(file.name)}`,
        file, onProgress: (loaded, total) => setProgress({ name: file.name, loaded, total, state: 'sending' }),
      });
      setProgress({ name: file.name, loaded: file.size, total: file.size, state: 'done' });
      if (input.current) input.current.value = '';
      onChange();
    } catch (e) {
      setProgress({ name: file.name, loaded: 0, total: file.size, state: 'failed', error: explain(e) });
    }
  };

  const disclose = async (item: Evidence) => {
    setBusy(item.id);
    setError(null);
    try {
      await api('POST', `/api/v1/evidence/${item.id}/disclosure`, { body: { disclosed: !item.disclosed } });
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {evidence.length === 0 && <p class="muted">No evidence yet.</p>}
      {evidence.length > 0 && (
        <div class="table-wrap">
          <table class="responsive">
            <caption class="visually-hidden">Evidence files</caption>
            <thead><tr><th scope="col">File</th><th scope="col">Size</th><th scope="col">Added</th><th scope="col">SHA-256</th><th scope="col">Disclosed to respondent</th></tr></thead>
            <tbody>
              {evidence.map((e) => (
                <tr key={e.id}>
                  <th scope="row" data-label="File"><a href={`/api/v1/evidence/${e.id}`} download={e.file_name}>{e.file_name}</a><span class="muted small"> {e.content_type}</span></th>
                  <td data-label="Size">{formatBytes(e.size)}</td>
                  <td data-label="Added">{e.at ? formatDateTime(e.at) : '—'}{e.uploaded_by && <span class="muted small"> by {e.uploaded_by}</span>}</td>
                  <td data-label="SHA-256"><code class="hash" title={e.sha256}>{e.sha256.slice(0, 12)}…</code></td>
                  <td data-label="Disclosed">
                    {e.disclosed ? 'Yes' : 'No'}
                    {canDisclose && (
                      <button type="button" class="button button-secondary button-small" disabled={busy === e.id} onClick={() => disclose(e)}>
                        {e.disclosed ? 'Withdraw' : 'Disclose'}<span class="visually-hidden"> {e.file_name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error !== null && <ErrorBox error={error} title="Disclosure was not changed." />}
      {canUpload && (
        <form onSubmit={send} class="inline-form">
          <Field id="evidence-file" label="Add a file" help="At most 25 MB. It is stored under its SHA-256 hash.">
            <input id="evidence-file" ref={input} type="file" aria-describedby="evidence-file-help" />
          </Field>
          <button type="submit" class="button button-secondary" disabled={progress?.state === 'sending'}>Upload</button>
        </form>
      )}
      <div aria-live="polite">{progress && <UploadProgress {...progress} />}</div>
    </>
  );
}

export function NotesSection({ number, notes, canWrite, onChange }: { number: string; notes: Note[]; canWrite: boolean; onChange: () => void }) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const add = async (event: Event) => {
    event.preventDefault();
    if (!body.trim()) {
      setError(new Error('Write the note first.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/v1/cases/${encodeURIComponent(number)}/notes`, { body: { body: body.trim() } });
      setBody('');
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p class="muted small">Internal notes are seen by staff only, never by the parties.</p>
      {notes.length === 0 ? <p class="muted">No notes.</p> : (
        <ol class="thread">
          {notes.map((n) => (
            <li key={n.id} class="message">
              <p class="message-meta"><strong>{n.author}</strong> · <time dateTime={n.at}>{formatDateTime(n.at)}</time></p>
              <p class="message-body">{n.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canWrite && (
        <form onSubmit={add}>
          <Field id="note-body" label="Add a note">
            <textarea id="note-body" rows={3} maxLength={20000} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
          </Field>
          {error !== null && <ErrorBox error={error} title="The note was not added." />}
          <button type="submit" class="button button-secondary" disabled={busy}>{busy ? 'Adding…' : 'Add note'}</button>
        </form>
      )}
    </>
  );
}

export function Thread({ number, party, messages, canWrite, heading, viewer }: {
  number: string; party: 'complainant' | 'respondent'; messages: Part<Items<Message>>; canWrite: boolean; heading: string; viewer: string;
}) {
  const [extra, setExtra] = useState<Message[]>([]);
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = `thread-${party}`;
  const send = async (event: Event) => {
    event.preventDefault();
    if (!body.trim()) {
      setError(new Error('Write the message first.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api<Message>('POST', `/api/v1/cases/${encodeURIComponent(number)}/messages?party=${party}`, { body: { body: body.trim() } });
      setExtra((old) => [...old, r.data]);
      setBody('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="thread-box">
      <h3 id={`${id}-heading`}>{heading}</h3>
      {!messages.ok && <PartError part={messages} what="messages" />}
      {messages.ok && (
        <>
          {messages.value.items.length + extra.length === 0 && <p class="muted">No messages.</p>}
          <ol class="thread" aria-labelledby={`${id}-heading`}>
            {[...messages.value.items, ...extra].map((m) => (
              <li key={m.id} class={m.author === viewer ? 'message message-mine' : 'message'}>
                <p class="message-meta"><strong>{m.author}</strong> <span class="muted">({humanise(m.author_role)})</span> · <time dateTime={m.at}>{formatDateTime(m.at)}</time></p>
                <p class="message-body">{m.body}</p>
              </li>
            ))}
          </ol>
        </>
      )}
      {canWrite && (
        <form onSubmit={send}>
          <Field id={`${id}-body`} label={party === 'complainant' ? 'Write to the complainant' : viewer.startsWith('member.') ? 'Write to the complaints unit' : 'Write to the respondent'}>
            <textarea id={`${id}-body`} rows={3} maxLength={20000} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
          </Field>
          {error !== null && <ErrorBox error={error} title="Not sent." />}
          <button type="submit" class="button button-secondary" disabled={busy}>{busy ? 'Sending…' : 'Send'}</button>
        </form>
      )}
    </div>
  );
}

export function DoneNotice({ message }: { message: string }) {
  if (!message) return null;
  return <Notice kind="success" live>{message}</Notice>;
}

/** Whether a case's posts are shown at all: not when they were not asked for, nor to someone the server refuses them to. */
export function postsVisible(part: Part<unknown> | null): boolean {
  if (!part) return false;
  return part.ok || !(part.error instanceof ApiError && part.error.status === 403);
}

/**
 * The social-media posts attached to a case, each with its provenance: who
 * captured it, when and how, and the archived copy. `canOpen` links each to
 * its own page (caseworkers and oversight).
 */
export function PostsSection({ posts, canOpen }: { posts: Post[]; canOpen: boolean }) {
  if (!posts.length) {
    return <p class="muted">No social-media posts attached.{canOpen ? ' Attach them from a post\'s page in the triage queue.' : ''}</p>;
  }
  return (
    <div class="table-wrap">
      <table class="responsive case-posts">
        <caption class="visually-hidden">Social-media posts attached to the case, with their provenance</caption>
        <thead>
          <tr><th scope="col">Post</th><th scope="col">Written by</th><th scope="col">Flags</th><th scope="col">Provenance</th></tr>
        </thead>
        <tbody>
          {posts.map((p) => (
            <tr key={p.id}>
              <th scope="row" data-label="Post">
                {canOpen ? <Link href={`/posts/${p.id}`}>Post {p.id}</Link> : <>Post {p.id}</>}
                {' '}<span class="muted small">{kindTitle(p.kind)}{p.posted_at ? `, ${formatDateTime(p.posted_at)}` : ''}</span>
                <PostExcerpt post={p} max={160} />
                <span class="small"><OutsideLink href={p.url} /></span>
              </th>
              <td data-label="Written by">
                {p.account.display_name ? `${p.account.display_name} ` : ''}<span class="handle">{p.account.handle}</span>
                <span class="muted"> on {p.platform}</span>
                <br /><span class="small"><AccountMember account={p.account} /></span>
              </td>
              <td data-label="Flags"><PriorityBadge post={p} /><FlagTags flags={p.flags} /></td>
              <td data-label="Provenance" class="small">
                Captured {formatDateTime(p.provenance.captured_at)} by {p.provenance.captured_by}
                {p.provenance.method && <>, {p.provenance.method}</>}
                {p.provenance.archive_url && <><br />Archived: <OutsideLink href={p.provenance.archive_url} /></>}
                <br />Content SHA-256 <code class="hash" title={p.content_sha256}>{p.content_sha256.slice(0, 12)}…</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

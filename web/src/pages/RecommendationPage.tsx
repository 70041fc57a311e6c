import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Section } from '../components/CaseSections';
import { ErrorBox, ErrorSummary, Facts, Field, Link, Loading, Notice, Page, describedBy, type FieldError } from '../components/ui';
import { ApiError, api, get } from '../lib/api';
import { formatDate, formatDateTime, isWebLink } from '../lib/format';
import {
  RECOMMENDATION_MANAGERS, RECOMMENDATION_STATUSES, REASON_MIN, evidenceLines, needsEvidence, recommendationStatusTitle, statusChangeProblems,
} from '../lib/recommendations';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/useLoad';
import type { Items, RecommendationChange, RecommendationWithHistory, TrackedReport } from '../lib/types';
import { OverdueBadge, REPORTS, RecStatus } from './RecommendationsPage';

interface Loaded { rec: RecommendationWithHistory; report: TrackedReport | null }

async function loadOne(report: string, number: string): Promise<Loaded> {
  const [rec, reports] = await Promise.all([
    get<RecommendationWithHistory>(`/api/v1/recommendations/${encodeURIComponent(report)}/${encodeURIComponent(number)}`),
    // The report's title is a nicety: the recommendation is shown without it.
    get<Items<TrackedReport>>(REPORTS).catch(() => null),
  ]);
  return { rec, report: reports?.items.find((r) => r.key === report) ?? null };
}

/** One recommendation: its text, owner, due date and status, and every change of status with reasons and evidence. */
export function RecommendationPage({ report, number }: { report: string; number: string }) {
  const session = useSession();
  const load = useLoad(() => loadOne(report, number), [report, number]);
  const [changed, setChanged] = useState<RecommendationWithHistory | null>(null);
  const [done, setDone] = useState('');
  const rec = changed ?? (load.state === 'ok' ? load.data.rec : null);
  const reportTitle = load.state === 'ok' ? load.data.report?.title ?? report : report;
  const title = `Recommendation ${number} of ${reportTitle}`;
  const manager = session.state === 'signed-in' && RECOMMENDATION_MANAGERS.includes(session.me.role);
  return (
    <Page title={title} wide>
      <p><Link href="/recommendations">All recommendations</Link></p>
      {load.state === 'loading' && <Loading what="the recommendation" />}
      {load.state === 'error' && <ErrorBox error={load.error} retry={load.reload} title="The recommendation could not be loaded." />}
      {rec && (
        <>
          <p class="quote lead">{rec.text}</p>
          <Facts items={[
            ['Status', <><RecStatus status={rec.status} />{rec.overdue && <> <OverdueBadge /></>}</>],
            ['Theme', rec.theme || '—'],
            ['Owner', rec.owner || <span class="muted">Not assigned</span>],
            ['Due', rec.due ? formatDate(rec.due) : <span class="muted">No date set</span>],
            ['Source', rec.source ? (isWebLink(rec.source) ? <a href={rec.source} rel="noopener noreferrer" target="_blank" class="break">{rec.source}</a> : rec.source) : '—'],
            ...(load.state === 'ok' && load.data.report ? [['Report', <>{load.data.report.publisher}, {formatDate(load.data.report.published_on)}</>] as [string, ComponentChildren]] : []),
          ]} />
          {done && <Notice kind="success" live>{done}</Notice>}
          <Section id="rec-history" title="History of its status">
            <History history={rec.history} />
          </Section>
          {manager && (
            <StatusForm rec={rec} onChanged={(r) => {
              setChanged(r);
              setDone(`Status changed to “${recommendationStatusTitle(r.status)}”. The change is in the history below the text.`);
            }} />
          )}
        </>
      )}
    </Page>
  );
}

function History({ history }: { history: RecommendationChange[] }) {
  if (!history.length) return <p class="muted">No change of status yet: it has been “Not started” since it was recorded.</p>;
  return (
    <ol class="timeline rec-history">
      {history.map((h, i) => {
        const evidence = evidenceLines(h.evidence ?? '');
        return (
          <li key={i}>
            <p class="timeline-head">
              <strong>{formatDateTime(h.at)}</strong>: {recommendationStatusTitle(h.from_status)} <span aria-hidden="true">→</span><span class="visually-hidden"> to </span> {recommendationStatusTitle(h.to_status)}
              {h.changed_by && <span class="muted small"> · by {h.changed_by}</span>}
            </p>
            <p class="pre">{h.reason}</p>
            {evidence.length > 0 && (
              <>
                <p class="small"><strong>Evidence</strong></p>
                <ul class="links small">
                  {evidence.map((e, j) => (
                    <li key={j} class="break">
                      {e.link ? <a href={e.text} rel="noopener noreferrer" target="_blank">{e.text}<span class="visually-hidden"> (opens in a new tab)</span></a> : e.text}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function StatusForm({ rec, onChanged }: { rec: RecommendationWithHistory; onChanged: (r: RecommendationWithHistory) => void }) {
  const [status, setStatus] = useState('');
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = async (event: Event) => {
    event.preventDefault();
    const found = statusChangeProblems(rec.status, { status, reason, evidence });
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api<RecommendationWithHistory>('POST', `/api/v1/recommendations/${encodeURIComponent(rec.report)}/${encodeURIComponent(rec.number)}/status`,
        { body: { status, reason: reason.trim(), evidence: evidence.trim() } });
      setStatus('');
      setReason('');
      setEvidence('');
      setBusy(false);
      onChanged(r.data);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.field && ['status', 'reason', 'evidence'].includes(e.field)) {
        setErrors([{ id: `rec-${e.field}`, message: e.message }]);
      }
      setError(e);
      setBusy(false);
    }
  };
  const err = (id: string) => errors.find((e) => e.id === id)?.message;
  const reasonHelp = `Why the status changes, for the public record. At least ${REASON_MIN} characters.`;
  const evidenceHelp = `One item a line: links, documents, the policy version, case numbers.${needsEvidence(status) ? ` Required for “${recommendationStatusTitle(status)}”.` : ' Required when implemented or rejected.'}`;
  return (
    <section class="panel" aria-labelledby="rec-change-heading">
      <h2 id="rec-change-heading">Change the status</h2>
      <form onSubmit={send} noValidate>
        <ErrorSummary errors={errors} />
        <Field id="rec-status" label="New status" error={err('rec-status')}>
          <select id="rec-status" value={status} aria-invalid={!!err('rec-status')} aria-describedby={describedBy('rec-status', undefined, err('rec-status'))}
            onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">Choose a status</option>
            {RECOMMENDATION_STATUSES.map((s) => <option key={s.id} value={s.id} disabled={s.id === rec.status}>{s.title}{s.id === rec.status ? ' (now)' : ''}</option>)}
          </select>
        </Field>
        <Field id="rec-reason" label="Reason" help={reasonHelp} error={err('rec-reason')}>
          <textarea id="rec-reason" rows={4} maxLength={5000} value={reason} required aria-invalid={!!err('rec-reason')}
            aria-describedby={describedBy('rec-reason', reasonHelp, err('rec-reason'))} onInput={(e) => setReason(e.currentTarget.value)} />
        </Field>
        <Field id="rec-evidence" label="Evidence" help={evidenceHelp} error={err('rec-evidence')} optional={!needsEvidence(status)}>
          <textarea id="rec-evidence" rows={4} maxLength={5000} value={evidence} required={needsEvidence(status)} aria-invalid={!!err('rec-evidence')}
            aria-describedby={describedBy('rec-evidence', evidenceHelp, err('rec-evidence'))} onInput={(e) => setEvidence(e.currentTarget.value)} />
        </Field>
        {error !== null && <ErrorBox error={error} title="The status was not changed." />}
        <button type="submit" class="button" disabled={busy}>{busy ? 'Saving…' : 'Change the status'}</button>
      </form>
    </section>
  );
}

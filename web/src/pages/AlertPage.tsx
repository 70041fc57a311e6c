import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Section } from '../components/CaseSections';
import { ConfirmDialog, ErrorBox, ErrorSummary, Facts, Field, Link, Loading, Notice, Page, describedBy, type FieldError } from '../components/ui';
import { ApiError, api, get } from '../lib/api';
import { ALERT_CASE_OPENERS, ALERT_DISMISSERS, DISMISSAL_MIN, dismissalProblem } from '../lib/alerts';
import { formatDate, formatDateTime, humanise } from '../lib/format';
import { navigate } from '../lib/router';
import { MEMBER_READERS, useSession } from '../lib/session';
import { useLoad } from '../lib/useLoad';
import type { Alert, AlertCase, Me } from '../lib/types';
import { AlertStatusBadge, AlertsGate } from './AlertsPage';

/** "mp" reads as "MP", "national_executive" as "National executive". */
function officeKind(kind: string): string {
  return kind.length <= 3 ? kind.toUpperCase() : humanise(kind);
}

/** One alert: who, where, which sanctions, why; and, while it is open, what a caseworker can do about it. */
export function AlertPage({ id }: { id: string }) {
  return <AlertsGate title={`Alert ${id}`} next={`/alerts/${id}`}><AlertView id={id} /></AlertsGate>;
}

function AlertView({ id }: { id: string }) {
  const session = useSession();
  const me = session.state === 'signed-in' ? session.me : null;
  const load = useLoad(() => get<Alert>(`/api/v1/alerts/${encodeURIComponent(id)}`), [id]);
  // After a dismissal the server's answer replaces what was loaded.
  const [changed, setChanged] = useState<Alert | null>(null);
  const [done, setDone] = useState('');
  const alert = changed ?? (load.state === 'ok' ? load.data : null);
  const title = alert ? `Alert ${alert.id}: ${alert.official.name}` : `Alert ${id}`;
  return (
    <Page title={title} wide heading={<>{title} {alert && <span class="heading-badge"><AlertStatusBadge status={alert.status} /></span>}</>}>
      <p><Link href="/alerts">All alerts</Link></p>
      {load.state === 'loading' && <Loading what="the alert" />}
      {load.state === 'error' && <ErrorBox error={load.error} retry={load.reload} title="The alert could not be loaded." />}
      {done && <Notice kind="success" live>{done}</Notice>}
      {alert && me && <AlertDetail alert={alert} me={me} onDismissed={(a) => { setChanged(a); setDone(`Dismissed: alert ${a.id}. Your reasons are recorded.`); }} />}
    </Page>
  );
}

function AlertDetail({ alert, me, onDismissed }: { alert: Alert; me: Me; onDismissed: (a: Alert) => void }) {
  const { official, event } = alert;
  const memberLink = (number: string, name: string): ComponentChildren => (number && MEMBER_READERS.includes(me.role)
    ? <Link href={`/members/${encodeURIComponent(number)}`}>{number}<span class="visually-hidden"> ({name})</span></Link>
    : number || '—');
  const canOpen = alert.status === 'open' && ALERT_CASE_OPENERS.includes(me.role);
  const canDismiss = alert.status === 'open' && ALERT_DISMISSERS.includes(me.role);
  return (
    <>
      <Facts items={[
        ['Status', <AlertStatusBadge status={alert.status} />],
        ['Raised', formatDateTime(alert.raised_at)],
        ...(alert.closed_at ? [['Closed', formatDateTime(alert.closed_at)] as [string, ComponentChildren]] : []),
        ...(alert.case_number ? [['Case', <Link href={`/cases/${encodeURIComponent(alert.case_number)}`}>Case {alert.case_number}</Link>] as [string, ComponentChildren]] : []),
      ]} />
      {alert.reason && (
        <>
          <h2 class="h3" id="alert-reason-heading">{alert.status === 'dismissed' ? 'Reasons for dismissing it' : alert.status === 'withdrawn' ? 'Why it was withdrawn' : 'Reason'}</h2>
          <p class="quote">{alert.reason}</p>
        </>
      )}
      {alert.case_number && <p>A platform-sharing case was opened from this alert: <Link href={`/cases/${encodeURIComponent(alert.case_number)}`}>case {alert.case_number}</Link>.</p>}

      <Section id="alert-why" title="Why the alert was raised">
        <div class="pre explanation">{alert.explanation}</div>
      </Section>

      <div class="two-col">
        <Section id="alert-official" title="The official">
          <Facts items={[
            ['Name', official.name],
            ['Membership number', memberLink(official.membership_number, official.name)],
            ['Appeared as', humanise(official.role)],
            ['Office', official.office.title],
            ['Kind of office', officeKind(official.office.kind)],
            ['Held from', formatDate(official.office.start)],
            ['Until', official.office.end ? formatDate(official.office.end) : 'Still held'],
          ]} />
        </Section>
        <Section id="alert-event" title="The event">
          <Facts items={[
            ['Event', event.title],
            ['Date', formatDate(event.date)],
            ['Starts', formatDateTime(event.starts_at)],
            ['Place', event.place || '—'],
            ['Source', event.source || '—'],
          ]} />
          {event.links.length > 0 && (
            <>
              <p class="small"><strong>Links</strong> (outside sites; they may have changed since):</p>
              <ul class="links">
                {event.links.map((l) => <li key={l} class="break"><a href={l} rel="noopener noreferrer" target="_blank">{l}<span class="visually-hidden"> (opens in a new tab)</span></a></li>)}
              </ul>
            </>
          )}
        </Section>
      </div>

      <Section id="alert-sanctioned" title="Sanctioned people on the platform">
        <div class="table-wrap">
          <table class="responsive">
            <caption class="visually-hidden">People on the platform who were under a published sanction</caption>
            <thead>
              <tr>
                <th scope="col">Name</th><th scope="col">Membership number</th><th scope="col">Appeared as</th><th scope="col">Sanction</th>
                <th scope="col">Category</th><th scope="col">From</th><th scope="col">Until</th><th scope="col">Made public</th>
              </tr>
            </thead>
            <tbody>
              {alert.sanctioned.map((s) => (
                <tr key={s.sanction_id}>
                  <th scope="row" data-label="Name">{s.name}</th>
                  <td data-label="Membership number">{memberLink(s.membership_number, s.name)}</td>
                  <td data-label="Appeared as">{humanise(s.role)}</td>
                  <td data-label="Sanction">{humanise(s.kind)} <span class="muted small">#{s.sanction_id}</span></td>
                  <td data-label="Category">{humanise(s.category)}</td>
                  <td data-label="From" class="nowrap">{formatDate(s.start)}</td>
                  <td data-label="Until" class="nowrap">{s.end ? formatDate(s.end) : 'Open-ended'}</td>
                  <td data-label="Made public" class="nowrap">{formatDate(s.published_on)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      {(canOpen || canDismiss) && (
        <section class="panel" aria-labelledby="alert-actions-heading">
          <h2 id="alert-actions-heading">What you can do</h2>
          {canOpen && <OpenCase alert={alert} />}
          {canDismiss && <Dismiss alert={alert} onDismissed={onDismissed} />}
        </section>
      )}
      {alert.status === 'open' && !canOpen && !canDismiss && (
        <p class="muted">This alert is open. Caseworkers decide whether it becomes a case or is dismissed.</p>
      )}
    </>
  );
}

function OpenCase({ alert }: { alert: Alert }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<AlertCase>('POST', `/api/v1/alerts/${alert.id}/case`, { body: {} });
      setConfirming(false);
      navigate(`/cases/${encodeURIComponent(r.data.case_number)}`);
    } catch (e) {
      setError(e);
      setConfirming(false);
      setBusy(false);
    }
  };
  return (
    <div class="alert-action">
      <h3>Open a case</h3>
      <p>Open a case of sharing a platform with a sanctioned person, with {alert.official.name} as the respondent. The alert is then closed.</p>
      {error !== null && <ErrorBox error={error} title="The case was not opened." />}
      <button type="button" class="button" onClick={() => setConfirming(true)}>Open a platform-sharing case</button>
      <ConfirmDialog open={confirming} title="Open a platform-sharing case?" confirmLabel="Yes, open the case" busy={busy}
        onConfirm={open} onCancel={() => setConfirming(false)}>
        <p>
          Alert {alert.id}: {alert.official.name} ({alert.official.office.title}) at “{alert.event.title}” on {formatDate(alert.event.date)}.
          A case is opened with them as the respondent, and the alert is closed. This is recorded with your name and cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function Dismiss({ alert, onDismissed }: { alert: Alert; onDismissed: (a: Alert) => void }) {
  const [reasons, setReasons] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = async (event: Event) => {
    event.preventDefault();
    const problem = dismissalProblem(reasons);
    setErrors(problem ? [{ id: 'dismiss-reasons', message: problem }] : []);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api<Alert>('POST', `/api/v1/alerts/${alert.id}/dismissal`, { body: { reasons: reasons.trim() } });
      onDismissed(r.data);
    } catch (e) {
      // A problem the server names by field goes next to the field as well.
      if (e instanceof ApiError && e.status === 400 && e.field === 'reasons') setErrors([{ id: 'dismiss-reasons', message: e.message }]);
      setError(e);
      setBusy(false);
    }
  };
  const help = `Why this is not a case: for example, the sanction was not yet public, or the person did not share the platform. At least ${DISMISSAL_MIN} characters; they are kept with the alert.`;
  const fieldError = errors.find((e) => e.id === 'dismiss-reasons')?.message;
  return (
    <form class="alert-action" onSubmit={send} noValidate aria-labelledby="dismiss-heading">
      <h3 id="dismiss-heading">Dismiss the alert</h3>
      <ErrorSummary errors={errors} />
      <Field id="dismiss-reasons" label="Reasons for dismissing it" help={help} error={fieldError}>
        <textarea id="dismiss-reasons" rows={4} maxLength={5000} value={reasons} aria-invalid={!!fieldError} required
          aria-describedby={describedBy('dismiss-reasons', help, fieldError)} onInput={(e) => setReasons(e.currentTarget.value)} />
      </Field>
      {error !== null && <ErrorBox error={error} title="The alert was not dismissed." />}
      <button type="submit" class="button button-secondary" disabled={busy}>{busy ? 'Dismissing…' : 'Dismiss'}</button>
    </form>
  );
}

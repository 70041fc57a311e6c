import { useState } from 'preact/hooks';
import { ErrorBox, Field, Link, Loading, Page, Notice, TimeLeftBadge } from '../components/ui';
import { get } from '../lib/api';
import { formatDate } from '../lib/format';
import { navigate } from '../lib/router';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/useLoad';
import type { QueuePage } from '../lib/types';

/**
 * A respondent's start page: their own open cases (GET /api/v1/cases answers
 * a respondent with theirs), and a way to open a closed one by its number.
 */
export function MyCasePage() {
  const session = useSession();
  return (
    <Page title="Your cases">
      {session.state === 'unknown' && <Loading what="your session" />}
      {session.state === 'anonymous' && <p><Link href="/login?next=/my-case">Sign in</Link> to see your cases.</p>}
      {session.state === 'signed-in' && <MyCases />}
    </Page>
  );
}

function MyCases() {
  const cases = useLoad(() => get<QueuePage>('/api/v1/cases?limit=50'), []);
  return (
    <>
      <Notice>These are the complaints about you that are still open. You see only your own cases, and every view is recorded.</Notice>
      {cases.state === 'loading' && <Loading what="your cases" />}
      {cases.state === 'error' && <ErrorBox error={cases.error} retry={cases.reload} title="Your cases could not be loaded." />}
      {cases.state === 'ok' && cases.data.items.length === 0 && <p class="empty">There is no open case about you.</p>}
      {cases.state === 'ok' && cases.data.items.length > 0 && (
        <ul class="case-cards">
          {cases.data.items.map((c) => (
            <li key={c.number} class="card">
              <h2 class="h3"><Link href={`/cases/${encodeURIComponent(c.number)}`}>Case {c.number}</Link></h2>
              <dl class="facts facts-compact">
                <div class="fact"><dt>About</dt><dd>{c.category.title}</dd></div>
                <div class="fact"><dt>Stage</dt><dd>{c.stage.title}{c.waiting && <span class="muted"> ({c.waiting.title})</span>}</dd></div>
                <div class="fact"><dt>Opened</dt><dd>{formatDate(c.opened_at.slice(0, 10))}</dd></div>
                <div class="fact"><dt>Deadline</dt><dd><TimeLeftBadge deadline={c.deadline} /></dd></div>
                {c.interim_suspension && <div class="fact"><dt>Interim suspension</dt><dd>In force</dd></div>}
              </dl>
            </li>
          ))}
        </ul>
      )}
      <ByNumber />
    </>
  );
}

function ByNumber() {
  const [number, setNumber] = useState('');
  const [error, setError] = useState('');
  const open = (event: Event) => {
    event.preventDefault();
    const n = number.trim();
    if (!/^\d{4}-\d{3,}$/.test(n)) {
      setError('Enter the case number from your notice, like 2026-000123');
      return;
    }
    navigate(`/cases/${encodeURIComponent(n)}`);
  };
  return (
    <details class="by-number">
      <summary>A closed case? Open it by its number</summary>
      <form onSubmit={open} class="narrow" noValidate>
        <Field id="case-number" label="Case number" help="From your notice or the decision letter, for example 2026-000123." error={error || undefined}>
          <input id="case-number" type="text" class="input-short" value={number} aria-invalid={!!error}
            aria-describedby={error ? 'case-number-help case-number-error' : 'case-number-help'} onInput={(e) => setNumber(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="button button-secondary">Open the case</button>
      </form>
    </details>
  );
}

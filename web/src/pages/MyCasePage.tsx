import { useState } from 'preact/hooks';
import { Field, Link, Loading, Page, Notice } from '../components/ui';
import { navigate } from '../lib/router';
import { useSession } from '../lib/session';

/**
 * A respondent's start page. The API does not yet list a respondent's own
 * cases, so the respondent opens their case by the number on their notice.
 */
export function MyCasePage() {
  const session = useSession();
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
    <Page title="Your case">
      {session.state === 'unknown' && <Loading />}
      {session.state === 'anonymous' && <p><Link href="/login?next=/my-case">Sign in</Link> to see your case.</p>}
      {session.state === 'signed-in' && <>
        <Notice>Your notice from the complaints unit gives the case number. You see only the cases about you; every view is recorded.</Notice>
        <form onSubmit={open} class="narrow" noValidate>
          <Field id="case-number" label="Case number" help="For example 2026-000123." error={error || undefined}>
            <input id="case-number" type="text" class="input-short" value={number} aria-invalid={!!error}
              aria-describedby={error ? 'case-number-help case-number-error' : 'case-number-help'} onInput={(e) => setNumber(e.currentTarget.value)} />
          </Field>
          <button type="submit" class="button">Open my case</button>
        </form>
      </>}
    </Page>
  );
}

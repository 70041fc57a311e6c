import { useState } from 'preact/hooks';
import { ErrorBox, Field, Notice, Page } from '../components/ui';
import { api } from '../lib/api';
import { navigate, useLocation } from '../lib/router';
import { homeFor, signedIn } from '../lib/session';
import type { Session } from '../lib/types';

/** Only same-site paths are followed after signing in, so a crafted link cannot send a person elsewhere. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next;
}

export function LoginPage() {
  const { query } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { username: username.trim(), password };
      if (code.trim()) body.code = code.replace(/\s/g, '');
      const r = await api<Session>('POST', '/api/v1/session', { body });
      signedIn(r.data);
      navigate(safeNext(query.get('next')) ?? homeFor(r.data.role), { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Page title="Sign in">
      {query.get('signed_out') && <Notice kind="success" live>You have signed out.</Notice>}
      <form onSubmit={submit} class="narrow">
        <Field id="username" label="User name">
          <input id="username" type="text" autoComplete="username" autoCapitalize="none" spellcheck={false} required maxLength={64}
            value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </Field>
        <Field id="password" label="Password">
          <input id="password" type="password" autoComplete="current-password" required maxLength={200}
            value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <Field id="code" label="Authenticator code" help="Staff: the 6-digit code from your authenticator app. Members: leave this empty.">
          <input id="code" type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={10} class="input-short"
            aria-describedby="code-help" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        </Field>
        {error !== null && <ErrorBox error={error} title="You were not signed in." />}
        <button type="submit" class="button" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </Page>
  );
}

import { useState } from 'preact/hooks';
import { ConfirmDialog, ErrorBox, ErrorSummary, Field, Link, Loading, Notice, Page, describedBy, type FieldError } from '../components/ui';
import { api } from '../lib/api';
import { INTEREST_KINDS, loadInterests } from '../lib/people';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/useLoad';
import type { Interest, InterestKind, Me } from '../lib/types';

/**
 * A staff member's declared interests: branches, factions and people that
 * could make them seem partial. The server refuses to assign or seat them on
 * a case whose parties match one.
 */
export function InterestsPage() {
  const session = useSession();
  return (
    <Page title="My declared interests">
      {session.state === 'unknown' && <Loading what="your session" />}
      {session.state === 'anonymous' && <p>You are not signed in. <Link href="/login?next=/interests">Sign in</Link> to see your declared interests.</p>}
      {session.state === 'signed-in' && (session.me.role === 'respondent' || session.me.role === 'complainant'
        ? <Notice>Declared interests are for the people who handle cases: caseworkers, investigators and panel members.</Notice>
        : <Interests me={session.me} />)}
    </Page>
  );
}

function Interests({ me }: { me: Me }) {
  const list = useLoad(() => loadInterests(me.username), [me.username]);
  const [added, setAdded] = useState<Interest[]>([]);
  const [withdrawn, setWithdrawn] = useState<number[]>([]);
  const [done, setDone] = useState('');
  const [withdrawing, setWithdrawing] = useState<Interest | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const items = list.state === 'ok'
    ? [...list.data, ...added.filter((a) => !list.data.some((d) => d.id === a.id))].filter((i) => !withdrawn.includes(i.id))
    : [];
  const title = (i: Interest) => INTEREST_KINDS.find((k) => k.id === i.kind)?.title ?? i.kind;
  const withdraw = async () => {
    if (!withdrawing) return;
    setBusy(true);
    setError(null);
    try {
      await api<void>('DELETE', `/api/v1/users/${encodeURIComponent(me.username)}/interests/${withdrawing.id}`);
      setWithdrawn((old) => [...old, withdrawing.id]);
      setDone(`Withdrawn: ${title(withdrawing).toLowerCase()}, “${withdrawing.value}”.`);
      setWithdrawing(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p class="lead">
        Declare anything that could make you seem partial in a case: a branch you belong to, a faction you support,
        a person you know. You will then never be assigned to, or seated on the panel of, a case whose parties match it.
      </p>
      <section aria-labelledby="declared-heading">
        <h2 id="declared-heading">What you have declared</h2>
        {list.state === 'loading' && <Loading what="your declarations" />}
        {list.state === 'error' && <ErrorBox error={list.error} retry={list.reload} title="Your declarations could not be loaded." />}
        {list.state === 'ok' && items.length === 0 && <p class="muted">Nothing declared yet.</p>}
        {list.state === 'ok' && items.length > 0 && (
          <div class="table-wrap">
            <table class="responsive" id="interests-table">
              <caption class="visually-hidden">Your declared interests</caption>
              <thead><tr><th scope="col">Kind</th><th scope="col">Declared</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id}>
                    <th scope="row" data-label="Kind">{title(i)}</th>
                    <td data-label="Declared">{i.value}</td>
                    <td data-label="">
                      <button type="button" class="button button-secondary button-small"
                        aria-label={`Withdraw ${title(i).toLowerCase()} “${i.value}”`} onClick={() => { setError(null); setWithdrawing(i); }}>
                        Withdraw
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p class="small muted">Withdrawing a declaration is recorded, with what it was. Caseworkers and oversight can see what you declare.</p>
        {error !== null && <ErrorBox error={error} title="Not withdrawn." />}
      </section>
      <ConfirmDialog open={withdrawing !== null} title="Withdraw this declaration?" confirmLabel="Yes, withdraw it" busy={busy}
        onConfirm={withdraw} onCancel={() => setWithdrawing(null)}>
        <p>{withdrawing ? `${title(withdrawing)}: “${withdrawing.value}”.` : ''} You may then be assigned to, or seated on, cases whose parties match it. The withdrawal is on the audit log.</p>
      </ConfirmDialog>
      {done && <Notice kind="success" live>{done}</Notice>}
      <DeclareForm me={me} onDeclared={(i) => {
        setAdded((old) => [...old, i]);
        setDone(`Declared: ${INTEREST_KINDS.find((k) => k.id === i.kind)?.title.toLowerCase() ?? i.kind}, “${i.value}”.`);
      }} />
    </>
  );
}

function DeclareForm({ me, onDeclared }: { me: Me; onDeclared: (i: Interest) => void }) {
  const [kind, setKind] = useState<InterestKind | ''>('');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = async (event: Event) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!kind) found.push({ id: 'interest-kind', message: 'Kind: choose a branch, a faction or a person' });
    if (!value.trim()) found.push({ id: 'interest-value', message: 'Name: write the name of the branch, faction or person' });
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api<Interest>('POST', `/api/v1/users/${encodeURIComponent(me.username)}/interests`, { body: { kind, value: value.trim() } });
      setValue('');
      setKind('');
      onDeclared(r.data);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const kindError = errors.find((e) => e.id === 'interest-kind')?.message;
  const valueError = errors.find((e) => e.id === 'interest-value')?.message;
  const help = kind ? INTEREST_KINDS.find((k) => k.id === kind)?.help : 'As it appears in the membership records, so that it can be matched.';
  return (
    <section class="panel" aria-labelledby="declare-heading">
      <h2 id="declare-heading">Declare an interest</h2>
      <form onSubmit={send} noValidate class="narrow">
        <ErrorSummary errors={errors} />
        <fieldset class={kindError ? 'field field-invalid' : 'field'} aria-describedby={kindError ? 'interest-kind-error' : undefined}>
          <legend>Kind</legend>
          {kindError && <p class="field-error" id="interest-kind-error"><span class="visually-hidden">Error: </span>{kindError}</p>}
          {INTEREST_KINDS.map((k, i) => (
            <div class="radio" key={k.id}>
              <input type="radio" id={i === 0 ? 'interest-kind' : `interest-kind-${k.id}`} name="interest-kind" value={k.id}
                checked={kind === k.id} onChange={() => setKind(k.id)} />
              <label for={i === 0 ? 'interest-kind' : `interest-kind-${k.id}`}>{k.title}</label>
            </div>
          ))}
        </fieldset>
        <Field id="interest-value" label="Name" help={help} error={valueError}>
          <input id="interest-value" type="text" maxLength={200} value={value} aria-invalid={!!valueError}
            aria-describedby={describedBy('interest-value', help, valueError)} onInput={(e) => setValue(e.currentTarget.value)} />
        </Field>
        {error !== null && <ErrorBox error={error} title="Not declared." />}
        <button type="submit" class="button" disabled={busy}>{busy ? 'Declaring…' : 'Declare'}</button>
      </form>
    </section>
  );
}

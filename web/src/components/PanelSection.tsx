import { useState } from 'preact/hooks';
import { ConfirmDialog, ErrorBox, ErrorSummary, Field, Loading, Notice, describedBy, type FieldError } from './ui';
import { api } from '../lib/api';
import { loadEligible, personLabel, ROLE_TITLES } from '../lib/people';
import { useLoad } from '../lib/useLoad';
import type { Case, EligiblePerson, EligibleRole, Me } from '../lib/types';

type SeatKind = 'panel' | 'appeal';
const SEATS: { kind: SeatKind; role: EligibleRole; label: string; heading: string }[] = [
  { kind: 'panel', role: 'panel_member', label: 'Seat a panel member', heading: 'Panel' },
  { kind: 'appeal', role: 'appeal_panel', label: 'Seat an appeal panel member', heading: 'Appeal panel' },
];

/**
 * Who sits on the case's panels and, for caseworkers, seating someone from
 * the people the server says may take the case: no declared interest that
 * matches a party, not stepped aside, and for an appeal not on the first panel.
 */
export function PanelSection({ c, me, onDone }: { c: Case; me: Me; onDone: (message: string) => void }) {
  const [open, setOpen] = useState<SeatKind | null>(null);
  const canSeat = me.role === 'caseworker' && !c.closed_at;
  // An appeal panel is seated once an appeal is lodged (or when one already sits).
  const seats = SEATS.filter((s) => s.kind === 'panel' || c.appeal || c.panel.some((p) => p.kind === 'appeal'));
  return (
    <>
      <div class="two-col">
        {seats.map((s) => {
          const members = c.panel.filter((p) => p.kind === s.kind);
          return (
            <div key={s.kind}>
              <h3 id={`panel-${s.kind}-heading`}>{s.heading}</h3>
              {members.length === 0 ? <p class="muted">Nobody seated yet.</p> : (
                <ul class="people" aria-labelledby={`panel-${s.kind}-heading`}>
                  {members.map((p) => <li key={p.username}>{p.username}</li>)}
                </ul>
              )}
            </div>
          );
        })}
      </div>
      {canSeat && (
        <ul class="actions">
          {seats.map((s) => (
            <li key={s.kind}>
              <button type="button" class={open === s.kind ? 'button' : 'button button-secondary'} aria-expanded={open === s.kind}
                aria-controls={`seat-${s.kind}`} onClick={() => setOpen(open === s.kind ? null : s.kind)}>{s.label}</button>
              <div id={`seat-${s.kind}`} hidden={open !== s.kind}>
                {open === s.kind && <SeatForm c={c} seat={s} onCancel={() => setOpen(null)} onDone={(m) => { setOpen(null); onDone(m); }} />}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function SeatForm({ c, seat, onDone, onCancel }: {
  c: Case; seat: (typeof SEATS)[number]; onDone: (message: string) => void; onCancel: () => void;
}) {
  const people = useLoad(() => loadEligible(c.number, seat.role), [c.number, seat.role]);
  const [chosen, setChosen] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = `seat-${seat.kind}-who`;
  const seated = new Set(c.panel.filter((p) => p.kind === seat.kind).map((p) => p.username));
  const choices: EligiblePerson[] = people.state === 'ok' ? people.data.filter((p) => !seated.has(p.username)) : [];
  const person = choices.find((p) => p.username === chosen);

  const review = (event: Event) => {
    event.preventDefault();
    const found = chosen ? [] : [{ id, message: `Choose the ${ROLE_TITLES[seat.role]} to seat` }];
    setErrors(found);
    if (!found.length) setConfirming(true);
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await api<Case>('POST', `/api/v1/cases/${encodeURIComponent(c.number)}/panel`, { body: { username: chosen, kind: seat.kind } });
      setConfirming(false);
      onDone(`Seated ${person ? personLabel(person) : chosen} on the ${seat.kind === 'appeal' ? 'appeal panel' : 'panel'} of case ${c.number}.`);
    } catch (e) {
      setError(e);
      setConfirming(false);
      setBusy(false);
    }
  };

  const help = seat.kind === 'appeal'
    ? 'Only people with no declared interest in the parties, who have not stepped aside, and who did not sit on the first panel.'
    : 'Only people with no declared interest in the parties and who have not stepped aside from this case.';
  return (
    <form class="action-form" onSubmit={review} noValidate aria-label={seat.label}>
      <ErrorSummary errors={errors} />
      {people.state === 'loading' && <Loading what="who may sit" />}
      {people.state === 'error' && <ErrorBox error={people.error} retry={people.reload} title="The list of people who may sit could not be loaded." />}
      {people.state === 'ok' && choices.length === 0 && (
        <Notice kind="warning">Nobody else can sit as {ROLE_TITLES[seat.role]} on this case: everyone in that role is already seated, has declared a conflict of interest or has stepped aside.</Notice>
      )}
      {people.state === 'ok' && choices.length > 0 && (
        <Field id={id} label={`Who will sit as ${ROLE_TITLES[seat.role]}`} help={help} error={errors[0]?.message}>
          <select id={id} value={chosen} aria-invalid={errors.length > 0} aria-describedby={describedBy(id, help, errors[0]?.message)}
            onChange={(e) => setChosen(e.currentTarget.value)}>
            <option value="">Choose a person</option>
            {choices.map((p) => <option key={p.username} value={p.username}>{personLabel(p)}</option>)}
          </select>
        </Field>
      )}
      {error !== null && <ErrorBox error={error} title={`${seat.label}: not done.`} />}
      <div class="button-row">
        <button type="submit" class="button" disabled={people.state !== 'ok' || choices.length === 0}>{seat.label}…</button>
        <button type="button" class="button button-secondary" onClick={onCancel}>Cancel</button>
      </div>
      <ConfirmDialog open={confirming} title={`Seat ${person?.display_name || chosen}?`} confirmLabel={`Yes, seat ${person?.display_name || chosen}`}
        busy={busy} onConfirm={confirm} onCancel={() => setConfirming(false)}>
        <p>
          {person ? personLabel(person) : chosen} will sit on the {seat.kind === 'appeal' ? 'appeal panel' : 'panel'} of case {c.number},
          see its hearing bundle and decide it. This is recorded with your name.
        </p>
      </ConfirmDialog>
    </form>
  );
}

/**
 * "Step aside from this case", for its investigator or a member of its
 * panels: a reason, a confirmation, and the case leaves their queue.
 */
export function StepAside({ c, me, onDone }: { c: Case; me: Me; onDone: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const seat = c.panel.find((p) => p.username === me.username);
  const holds = c.assignee === me.username;
  if ((!seat && !holds) || c.closed_at) return null;
  const what = seat ? (seat.kind === 'appeal' ? 'the appeal panel' : 'the panel') : 'the investigation';
  const id = 'recusal-reason';
  const help = 'For example a link to one of the parties that you had not declared. The parties do not see it; oversight does.';

  const review = (event: Event) => {
    event.preventDefault();
    const found = reason.trim() ? [] : [{ id, message: 'Reason: say why you are stepping aside' }];
    setErrors(found);
    if (!found.length) setConfirming(true);
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/v1/cases/${encodeURIComponent(c.number)}/recusal`, { body: { reason: reason.trim() } });
      setConfirming(false);
      onDone(`You have stepped aside from case ${c.number}. A caseworker will find someone else for ${what}.`);
    } catch (e) {
      setError(e);
      setConfirming(false);
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="recusal-heading">
      <h2 id="recusal-heading">Conflict of interest</h2>
      <p>If you cannot be impartial in this case, step aside from {what}.</p>
      <button type="button" class={open ? 'button' : 'button button-secondary'} aria-expanded={open} aria-controls="recusal-form"
        onClick={() => setOpen(!open)}>Step aside from this case</button>
      <div id="recusal-form" hidden={!open}>
        {open && (
          <form class="action-form" onSubmit={review} noValidate aria-label="Step aside from this case">
            <ErrorSummary errors={errors} />
            <Field id={id} label="Reason" help={help} error={errors[0]?.message}>
              <textarea id={id} rows={3} maxLength={2000} value={reason} aria-invalid={errors.length > 0}
                aria-describedby={describedBy(id, help, errors[0]?.message)} onInput={(e) => setReason(e.currentTarget.value)} />
            </Field>
            {error !== null && <ErrorBox error={error} title="You have not stepped aside." />}
            <div class="button-row">
              <button type="submit" class="button">Step aside…</button>
              <button type="button" class="button button-secondary" onClick={() => setOpen(false)}>Cancel</button>
            </div>
          </form>
        )}
      </div>
      <ConfirmDialog open={confirming} title={`Step aside from case ${c.number}?`} confirmLabel="Yes, step aside"
        busy={busy} onConfirm={confirm} onCancel={() => setConfirming(false)}>
        <p>You will leave {what} and no longer see this case. You cannot be seated on it or assigned to it again. This is recorded with your reason.</p>
      </ConfirmDialog>
    </section>
  );
}

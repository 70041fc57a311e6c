import { useState } from 'preact/hooks';
import { ConfirmDialog, ErrorBox, ErrorSummary, Field, Loading, Notice, describedBy, type FieldError } from './ui';
import { api, ApiError, explain } from '../lib/api';
import { todayIso } from '../lib/format';
import { loadEligible, personLabel, roleForUserField, ROLE_TITLES } from '../lib/people';
import { useLoad } from '../lib/useLoad';
import type { ActionField, Actions, Case, CaseAction, Process } from '../lib/types';

type Values = Record<string, string>;

/** Checks an action's fields against what the policy requires; returns the problems by field. */
export function checkFields(action: CaseAction, values: Values, process?: Process): FieldError[] {
  const errors: FieldError[] = [];
  for (const f of action.fields) {
    const id = `act-${action.id}-${f.id}`;
    const v = (values[f.id] ?? '').trim();
    if (!v) {
      if (f.required) errors.push({ id, message: `${f.label}: this is required` });
      continue;
    }
    if (f.type === 'text' && f.min_length !== null && [...v].length < f.min_length) {
      errors.push({ id, message: `${f.label}: write at least ${f.min_length} characters (now ${[...v].length})` });
    }
    if (f.type === 'integer') {
      const n = Number(v);
      if (!Number.isInteger(n)) errors.push({ id, message: `${f.label}: enter a whole number` });
      else if (f.min !== null && n < f.min) errors.push({ id, message: `${f.label}: at least ${f.min}` });
      else if (f.max !== null && n > f.max) errors.push({ id, message: `${f.label}: at most ${f.max}` });
    }
    if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) errors.push({ id, message: `${f.label}: enter a date` });
    if (f.type === 'choice' && f.options.length && !f.options.includes(v)) errors.push({ id, message: `${f.label}: choose one of the options` });
    if (f.type === 'sanction' && process && !process.sanctions.some((s) => s.id === v)) errors.push({ id, message: `${f.label}: choose an outcome` });
  }
  return errors;
}

/**
 * A field of type "user": a choice among the people who may take the case
 * (no conflict of interest, not stepped aside). Only caseworkers may ask who
 * is eligible; anyone else, or an older server, types the user name.
 */
function UserInput({ number, field, common, value, onChange }: {
  number: string; field: ActionField; common: Record<string, unknown>; value: string; onChange: (v: string) => void;
}) {
  const role = roleForUserField(field);
  const people = useLoad(() => loadEligible(number, role), [number, role]);
  if (people.state === 'loading') return <Loading what="who may take the case" />;
  if (people.state === 'error') {
    return (
      <>
        <p class="help">The list of eligible people could not be loaded ({explain(people.error)}); type the user name.</p>
        <input {...common} type="text" autoCapitalize="none" spellcheck={false} maxLength={64} placeholder="user name"
          value={value} onInput={(e) => onChange(e.currentTarget.value)} />
      </>
    );
  }
  if (!people.data.length) {
    return <Notice kind="warning">Nobody can take this case as {ROLE_TITLES[role]}: everyone in that role has declared a conflict of interest or stepped aside from it.</Notice>;
  }
  return (
    <select {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">Choose the {ROLE_TITLES[role]}</option>
      {people.data.map((p) => <option key={p.username} value={p.username}>{personLabel(p)}</option>)}
    </select>
  );
}

function FieldInput({ action, field, value, error, process, number, onChange }: {
  action: CaseAction; field: ActionField; value: string; error?: string; process?: Process; number: string; onChange: (v: string) => void;
}) {
  const id = `act-${action.id}-${field.id}`;
  const help = [field.help, field.type === 'text' && field.min_length ? `At least ${field.min_length} characters.` : '',
    field.type === 'integer' && field.min !== null && field.max !== null ? `From ${field.min} to ${field.max}.` : ''].filter(Boolean).join(' ');
  const common = {
    id, 'aria-invalid': !!error, 'aria-describedby': describedBy(id, help, error), required: field.required,
  };
  if (field.type === 'choice') {
    return (
      <fieldset class={error ? 'field field-invalid' : 'field'} aria-describedby={describedBy(id, help, error)}>
        <legend>{field.label}{!field.required && <span class="muted"> (optional)</span>}</legend>
        {help && <p class="help" id={`${id}-help`}>{help}</p>}
        {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
        {field.options.map((option, i) => (
          <div class="radio" key={option}>
            <input type="radio" id={i === 0 ? id : `${id}-${i}`} name={id} value={option} checked={value === option} onChange={() => onChange(option)} />
            <label for={i === 0 ? id : `${id}-${i}`}>{option}</label>
          </div>
        ))}
      </fieldset>
    );
  }
  let control;
  switch (field.type) {
    case 'text':
      control = <textarea {...common} rows={5} maxLength={20000} value={value} onInput={(e) => onChange(e.currentTarget.value)} />;
      break;
    case 'date':
      control = <input {...common} type="date" class="input-short" min={todayIso()} value={value} onInput={(e) => onChange(e.currentTarget.value)} />;
      break;
    case 'integer':
      control = <input {...common} type="number" inputMode="numeric" class="input-short" min={field.min ?? undefined} max={field.max ?? undefined}
        value={value} onInput={(e) => onChange(e.currentTarget.value)} />;
      break;
    case 'sanction': {
      const options = field.options.length ? field.options.map((id_) => ({ id: id_, title: process?.sanctions.find((s) => s.id === id_)?.title ?? id_ }))
        : [...(process?.sanctions ?? [])].sort((a, b) => a.severity - b.severity);
      control = (
        <select {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">Choose an outcome</option>
          {options.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
        </select>
      );
      break;
    }
    case 'user':
      control = <UserInput number={number} field={field} common={common} value={value} onChange={onChange} />;
      break;
  }
  return (
    <Field id={id} label={field.label} help={help || undefined} error={error} optional={!field.required}>
      {control}
    </Field>
  );
}

function ActionForm({ action, actions, process, onDone, onCancel }: {
  action: CaseAction; actions: Actions; process?: Process; onDone: (message: string, c: Case) => void; onCancel: () => void;
}) {
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const review = (event: Event) => {
    event.preventDefault();
    const found = checkFields(action, values, process);
    setErrors(found);
    if (!found.length) setConfirming(true);
  };

  const confirm = async () => {
    setBusy(true);
    setError(null);
    const fields: Values = {};
    for (const f of action.fields) {
      const v = (values[f.id] ?? '').trim();
      if (v) fields[f.id] = v;
    }
    try {
      const r = await api<Case>('POST', `/api/v1/cases/${encodeURIComponent(actions.number)}/actions`, {
        body: { action: action.id, fields }, headers: { 'If-Match': `"${actions.version}"` },
      });
      setConfirming(false);
      onDone(`Done: ${action.label}. The case is now at “${r.data.stage.title}”${r.data.waiting ? ` (${r.data.waiting.title})` : ''}.`, r.data);
    } catch (e) {
      setError(e);
      setConfirming(false);
      setBusy(false);
    }
  };

  const consequence = action.to ? `The case moves to “${action.to.title}”.` : action.waits ? `The case then waits: ${action.waits.title}${action.waits.pauses_clock ? ' (the deadline clock stops)' : ''}.` : 'The case stays in its stage.';
  return (
    <form class="action-form" onSubmit={review} noValidate aria-label={action.label}>
      {action.guidance && <p class="help">{action.guidance}</p>}
      <ErrorSummary errors={errors} />
      {action.fields.map((f) => (
        <FieldInput key={f.id} action={action} field={f} value={values[f.id] ?? ''} process={process} number={actions.number}
          error={errors.find((e) => e.id === `act-${action.id}-${f.id}`)?.message}
          onChange={(v) => setValues((old) => ({ ...old, [f.id]: v }))} />
      ))}
      {error !== null && <ErrorBox error={error} title={`“${action.label}” was not done.`} />}
      {error instanceof ApiError && error.status === 412 && <p><button type="button" class="button button-secondary" onClick={() => location.reload()}>Reload the case</button></p>}
      <div class="button-row">
        <button type="submit" class="button">{action.label}…</button>
        <button type="button" class="button button-secondary" onClick={onCancel}>Cancel</button>
      </div>
      <ConfirmDialog open={confirming} title={`${action.label}?`} confirmLabel={`Yes, ${action.label.charAt(0).toLowerCase()}${action.label.slice(1)}`}
        busy={busy} onConfirm={confirm} onCancel={() => setConfirming(false)}>
        <p>Case {actions.number}. {consequence} This is recorded with your name and cannot be undone.</p>
        {action.fields.filter((f) => values[f.id]?.trim()).length > 0 && (
          <dl class="facts confirm-facts">
            {action.fields.filter((f) => values[f.id]?.trim()).map((f) => (
              <div class="fact" key={f.id}><dt>{f.label}</dt><dd class="pre">{f.type === 'sanction' ? (process?.sanctions.find((s) => s.id === values[f.id])?.title ?? values[f.id]) : values[f.id]}</dd></div>
            ))}
          </dl>
        )}
      </ConfirmDialog>
    </form>
  );
}

/**
 * Only the actions this user may take now (GET .../actions), each opening a
 * form with the fields the policy requires and a confirmation before it is sent.
 */
export function ActionsPanel({ actions, process, onDone, only, heading = 'What you can do now' }: {
  actions: Actions; process?: Process; onDone: (message: string, c: Case) => void; only?: (a: CaseAction) => boolean; heading?: string;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const shown = actions.actions.filter(only ?? (() => true));
  return (
    <section class="panel" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{heading}</h2>
      {actions.guidance && <p>{actions.guidance}</p>}
      {actions.checklist.length > 0 && (
        <details class="checklist">
          <summary>Checklist for “{actions.stage.title}”</summary>
          <ul>{actions.checklist.map((c) => <li key={c}>{c}</li>)}</ul>
        </details>
      )}
      {shown.length === 0 && <Notice>There is nothing for you to do on this case at this stage.</Notice>}
      <ul class="actions">
        {shown.map((a) => (
          <li key={a.id}>
            <button type="button" class={open === a.id ? 'button' : 'button button-secondary'} aria-expanded={open === a.id}
              aria-controls={`action-${a.id}`} onClick={() => setOpen(open === a.id ? null : a.id)}>
              {a.label}
            </button>
            {a.to && <span class="muted small"> → {a.to.title}</span>}
            <div id={`action-${a.id}`} hidden={open !== a.id}>
              {open === a.id && <ActionForm action={a} actions={actions} process={process} onCancel={() => setOpen(null)}
                onDone={(m, c) => { setOpen(null); onDone(m, c); }} />}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

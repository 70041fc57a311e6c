import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { ApiError, explain } from '../lib/api';
import { navigate, onLinkClick } from '../lib/router';
import { formatBytes, timeLeft, type TimeLeft } from '../lib/format';
import type { Deadline } from '../lib/types';

export function Link(props: JSX.HTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return <a {...props} onClick={onLinkClick} />;
}

/**
 * A page: sets the document title and moves focus to its heading when it
 * opens, so a screen reader announces the new page after a navigation.
 */
export function Page(props: { title: string; heading?: ComponentChildren; children: ComponentChildren; wide?: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · docket`;
    if (document.activeElement === document.body || document.activeElement === null ||
        document.activeElement?.closest('a,button')) {
      heading.current?.focus({ preventScroll: true });
    }
  }, [props.title]);
  return (
    <div class={props.wide ? 'page page-wide' : 'page'}>
      <h1 ref={heading} tabIndex={-1}>{props.heading ?? props.title}</h1>
      {props.children}
    </div>
  );
}

export function Loading(props: { what?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading{props.what ? ` ${props.what}` : ''}…
    </p>
  );
}

/** A failed load or action, with what to do about it. */
export function ErrorBox(props: { error: unknown; retry?: () => void; title?: string }) {
  const signIn = props.error instanceof ApiError && props.error.status === 401;
  return (
    <div class="notice notice-error" role="alert">
      <p><strong>{props.title ?? 'Something went wrong.'}</strong> {explain(props.error)}</p>
      <p class="notice-actions">
        {signIn && (
          <button type="button" class="button" onClick={() => navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`)}>
            Sign in
          </button>
        )}
        {props.retry && <button type="button" class="button button-secondary" onClick={props.retry}>Try again</button>}
      </p>
    </div>
  );
}

export function Notice(props: { kind?: 'info' | 'success' | 'warning'; children: ComponentChildren; live?: boolean }) {
  return (
    <div class={`notice notice-${props.kind ?? 'info'}`} role={props.live ? 'status' : undefined}>
      {props.children}
    </div>
  );
}

export function toneLabel(left: TimeLeft): string {
  switch (left.tone) {
    case 'late': return 'Breached';
    case 'warn': return 'Due soon';
    case 'paused': return 'Paused';
    case 'ok': return 'On track';
    case 'none': return '';
  }
}

/** The time left before a deadline: amber before a breach, red after, with words as well as colour. */
export function TimeLeftBadge(props: { deadline: Deadline | null | undefined; showDue?: boolean }) {
  const left = timeLeft(props.deadline);
  if (left.tone === 'none') return <span class="muted">No deadline</span>;
  const icon = left.tone === 'late' ? '!' : left.tone === 'warn' ? '◔' : left.tone === 'paused' ? 'Ⅱ' : '✓';
  return (
    <span class="time-left">
      <span class={`badge badge-${left.tone}`}>
        <span aria-hidden="true" class="badge-icon">{icon}</span> {left.text}
        <span class="visually-hidden"> ({toneLabel(left)})</span>
      </span>
      {props.showDue !== false && left.detail && <span class="muted small"> {left.detail}</span>}
    </span>
  );
}

export function Field(props: {
  id: string; label: string; help?: string; error?: string; children: ComponentChildren; optional?: boolean;
}) {
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={props.id}>
        {props.label}
        {props.optional && <span class="muted"> (optional)</span>}
      </label>
      {props.help && <p class="help" id={`${props.id}-help`}>{props.help}</p>}
      {props.error && <p class="field-error" id={`${props.id}-error`}><span class="visually-hidden">Error: </span>{props.error}</p>}
      {props.children}
    </div>
  );
}

/** aria-describedby for a Field's control: its help and its error, when present. */
export function describedBy(id: string, help?: string, error?: string): string | undefined {
  const ids = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export interface FieldError { id: string; message: string }

/** The errors of a form, listed at the top with links to each field (GOV.UK pattern). */
export function ErrorSummary(props: { errors: FieldError[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.errors.length) box.current?.focus();
  }, [props.errors]);
  if (!props.errors.length) return null;
  return (
    <div class="notice notice-error error-summary" role="alert" tabIndex={-1} ref={box}>
      <h2 class="h3">There {props.errors.length === 1 ? 'is a problem' : `are ${props.errors.length} problems`}</h2>
      <ul>
        {props.errors.map((e) => (
          <li key={e.id}>
            <a href={`#${e.id}`} onClick={(event) => {
              event.preventDefault();
              document.getElementById(e.id)?.focus();
            }}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Progress of one upload, announced politely as it goes. */
export function UploadProgress(props: { name: string; loaded: number; total: number; state: 'waiting' | 'sending' | 'done' | 'failed'; error?: string }) {
  const percent = props.total > 0 ? Math.round((props.loaded / props.total) * 100) : 0;
  const id = `progress-${props.name.replace(/[^a-zA-Z0-9]/g, '-')}`;
  return (
    <div class={`upload upload-${props.state}`}>
      <label for={id}>
        {props.name} <span class="muted small">({formatBytes(props.total)})</span>
      </label>
      <progress id={id} max={100} value={percent} aria-valuetext={`${percent}%`} />
      <span class="upload-state small">
        {props.state === 'waiting' && 'Waiting'}
        {props.state === 'sending' && `${percent}% sent`}
        {props.state === 'done' && '✓ Uploaded'}
        {props.state === 'failed' && `Not uploaded: ${props.error ?? 'failed'}`}
      </span>
    </div>
  );
}

/**
 * A confirmation step in a native modal dialog, which traps focus and
 * closes on Escape without any script of ours.
 */
export function ConfirmDialog(props: {
  open: boolean; title: string; children: ComponentChildren; confirmLabel: string;
  busy?: boolean; onConfirm: () => void; onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Several dialogs may be on one page (an action and a panel seat): each names itself.
  const titleId = `confirm-title-${useId()}`;
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); props.onCancel(); }}>
      <h2 id={titleId} class="h3">{props.title}</h2>
      <div>{props.children}</div>
      <div class="button-row">
        <button type="button" class="button" disabled={props.busy} onClick={props.onConfirm}>
          {props.busy ? 'Working…' : props.confirmLabel}
        </button>
        <button type="button" class="button button-secondary" disabled={props.busy} onClick={props.onCancel}>Cancel</button>
      </div>
    </dialog>
  );
}

/** A definition list of label/value pairs. */
export function Facts(props: { items: [string, ComponentChildren][]; compact?: boolean }) {
  return (
    <dl class={props.compact ? 'facts facts-compact' : 'facts'}>
      {props.items.map(([label, value]) => (
        <div key={label} class="fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

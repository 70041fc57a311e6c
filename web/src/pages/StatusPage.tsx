import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorBox, ErrorSummary, Facts, Field, Link, Loading, Notice, Page, UploadProgress, describedBy, type FieldError } from '../components/ui';
import { api, explain, upload } from '../lib/api';
import { categoryTitle, loadProcess, sanctionTitle, stageTitle } from '../lib/process';
import { formatBytes, formatDateTime } from '../lib/format';
import type { ComplaintStatus, Evidence, Process } from '../lib/types';
import { MAX_FILE_BYTES, fileNameHeader } from './ComplaintForm';

// The receipt page hands the receipt and secret over in memory, never in the
// address (which lands in history, logs and referrers).
let handedOver: { receipt: string; secret: string } | null = null;

export function handOffToStatus(receipt: string, secret: string): void {
  handedOver = { receipt, secret };
}

function statusPath(receipt: string): string {
  return `/api/v1/complaints/${encodeURIComponent(receipt)}`;
}

export function StatusPage() {
  const [key, setKey] = useState<{ receipt: string; secret: string } | null>(() => {
    const given = handedOver;
    handedOver = null;
    return given;
  });
  const [receipt, setReceipt] = useState(key?.receipt ?? '');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);

  const open = (event: Event) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const digits = receipt.replace(/[\s-]/g, '');
    if (!/^\d{16}$/.test(digits)) found.push({ id: 'receipt', message: 'Enter the 16-digit receipt number' });
    if (!secret.trim()) found.push({ id: 'secret', message: 'Enter the secret you were given with the receipt' });
    setErrors(found);
    if (!found.length) setKey({ receipt: digits, secret: secret.trim() });
  };

  if (key) return <StatusView receipt={key.receipt} secret={key.secret} onClose={() => { setKey(null); setSecret(''); }} />;

  const e = (id: string) => errors.find((x) => x.id === id)?.message;
  return (
    <Page title="Follow your complaint">
      <p>Enter the receipt number and secret you were given when you made your complaint.</p>
      <ErrorSummary errors={errors} />
      <form onSubmit={open} noValidate class="narrow">
        <Field id="receipt" label="Receipt number" help="16 digits." error={e('receipt')}>
          <input id="receipt" type="text" inputMode="numeric" autoComplete="off" maxLength={40} value={receipt} class="input-short"
            aria-invalid={!!e('receipt')} aria-describedby={describedBy('receipt', 'h', e('receipt'))} onInput={(ev) => setReceipt(ev.currentTarget.value)} />
        </Field>
        <Field id="secret" label="Secret" error={e('secret')}>
          <input id="secret" type="password" autoComplete="off" maxLength={128} value={secret}
            aria-invalid={!!e('secret')} aria-describedby={describedBy('secret', undefined, e('secret'))} onInput={(ev) => setSecret(ev.currentTarget.value)} />
        </Field>
        <button type="submit" class="button">Show my complaint</button>
      </form>
      <p class="small">Lost them? We cannot recover the secret. You can <Link href="/complain">make the complaint again</Link>; we will join it to the first one.</p>
    </Page>
  );
}

function StatusView({ receipt, secret, onClose }: { receipt: string; secret: string; onClose: () => void }) {
  const [status, setStatus] = useState<{ state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ok'; data: ComplaintStatus }>({ state: 'loading' });
  const [process, setProcess] = useState<Process | undefined>();
  const headers = { 'X-Complaint-Secret': secret };
  const load = async () => {
    setStatus({ state: 'loading' });
    try {
      const r = await api<ComplaintStatus>('GET', statusPath(receipt), { headers });
      setStatus({ state: 'ok', data: r.data });
    } catch (error) {
      setStatus({ state: 'error', error });
    }
  };
  // After an upload: fetch again without replacing the page with a loading state.
  const refresh = async () => {
    try {
      const r = await api<ComplaintStatus>('GET', statusPath(receipt), { headers });
      setStatus({ state: 'ok', data: r.data });
    } catch {
      // The page still shows what it had; the upload itself reported its outcome.
    }
  };
  useEffect(() => {
    void load();
    loadProcess().then(setProcess, () => undefined);
  }, [receipt, secret]);

  return (
    <Page title="Your complaint">
      {status.state === 'loading' && <Loading what="your complaint" />}
      {status.state === 'error' && <>
        <ErrorBox error={status.error} retry={load} title="Your complaint could not be shown." />
        <p>Check the receipt number and the secret. <button type="button" class="link-button" onClick={onClose}>Enter them again</button></p>
      </>}
      {status.state === 'ok' && (
        <StatusDetails status={status.data} process={process} secret={secret} onUpdate={(s) => setStatus({ state: 'ok', data: s })}
          onReload={() => { void refresh(); }} onClose={onClose} />
      )}
    </Page>
  );
}

function StatusDetails({ status, process, secret, onUpdate, onReload, onClose }: {
  status: ComplaintStatus; process: Process | undefined; secret: string;
  onUpdate: (s: ComplaintStatus) => void; onReload: () => void; onClose: () => void;
}) {
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState('');
  const stage = process?.stages.find((s) => s.id === status.stage);

  const send = async (event: Event) => {
    event.preventDefault();
    if (!body.trim()) {
      setError(new Error('Write a message first.'));
      return;
    }
    setSending(true);
    setError(null);
    try {
      const r = await api<ComplaintStatus>('POST', `${statusPath(status.receipt)}/messages`, {
        body: { body: body.trim() }, headers: { 'X-Complaint-Secret': secret },
      });
      onUpdate(r.data);
      setBody('');
      setSent('Your message was sent.');
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <Facts items={[
        ['Receipt', <code>{status.receipt}</code>],
        ['Case', <code id="status-case">{status.case_number}</code>],
        ['Received', formatDateTime(status.received_at)],
        ['About', categoryTitle(process, status.category)],
        ['Where it stands', <strong id="status-stage">{status.closed ? 'Closed' : stageTitle(process, status.stage)}</strong>],
      ]} />
      {stage && !status.closed && stage.deadline_working_days !== null && (
        <p>At this stage the complaints unit has {stage.deadline_working_days} working days to act. {stage.guidance}</p>
      )}
      {(status.outcome || status.reasons) && (
        <section aria-labelledby="outcome-heading" class="panel">
          <h2 id="outcome-heading">Outcome</h2>
          {status.outcome && <p><strong>{sanctionTitle(process, status.outcome)}</strong></p>}
          {status.reasons && <p class="quote">{status.reasons}</p>}
        </section>
      )}
      {status.files && status.files.length > 0 && (
        <section aria-labelledby="files-heading">
          <h2 id="files-heading">Files you sent</h2>
          <ul>
            {status.files.map((f) => (
              <li key={f.id}>{f.file_name} <span class="muted small">({formatBytes(f.size)}, {formatDateTime(f.at)}, SHA-256 <code>{f.sha256.slice(0, 12)}…</code>)</span></li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading">Messages</h2>
        {status.messages.length === 0 && <p class="muted">No messages yet.</p>}
        <ol class="thread">
          {status.messages.map((m, i) => (
            <li key={i} class={m.from === 'you' ? 'message message-mine' : 'message'}>
              <p class="message-meta"><strong>{m.from === 'you' ? 'You' : 'Complaints unit'}</strong> · <time dateTime={m.at}>{formatDateTime(m.at)}</time></p>
              <p class="message-body">{m.body}</p>
            </li>
          ))}
        </ol>
        {!status.closed && (
          <form onSubmit={send} noValidate>
            <Field id="message" label="Write to the complaints unit" help="Answer a question, add information or ask about progress.">
              <textarea id="message" rows={4} maxLength={10000} value={body} aria-describedby="message-help" onInput={(e) => setBody(e.currentTarget.value)} />
            </Field>
            {error !== null && <ErrorBox error={error} title="Not sent." />}
            <p role="status" class="small">{sent}</p>
            <button type="submit" class="button" disabled={sending}>{sending ? 'Sending…' : 'Send message'}</button>
          </form>
        )}
      </section>
      {!status.closed && <AddEvidence receipt={status.receipt} secret={secret} onAdded={onReload} />}
      <p><button type="button" class="link-button" onClick={onClose}>Close this complaint's page</button> (we keep nothing in this browser).</p>
    </>
  );
}

function AddEvidence({ receipt, secret, onAdded }: { receipt: string; secret: string; onAdded: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ name: string; loaded: number; total: number; state: 'sending' | 'done' | 'failed'; error?: string } | null>(null);
  const send = async (event: Event) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) {
      setProgress({ name: 'No file', loaded: 0, total: 0, state: 'failed', error: 'choose a file first' });
      return;
    }
    if (file.size > MAX_FILE_BYTES) {
      setProgress({ name: file.name, loaded: 0, total: file.size, state: 'failed', error: 'each file must be at most 25 MB' });
      return;
    }
    setProgress({ name: file.name, loaded: 0, total: file.size, state: 'sending' });
    try {
      await upload<Evidence>({
        url: `${statusPath(receipt)}/evidence?filename=${encodeURIComponent(file.name)}`, file,
        headers: { 'X-Complaint-Secret': secret, 'X-File-Name': fileNameHeader(file.name) },
        onProgress: (loaded, total) => setProgress({ name: file.name, loaded, total, state: 'sending' }),
      });
      setProgress({ name: file.name, loaded: file.size, total: file.size, state: 'done' });
      if (input.current) input.current.value = '';
      onAdded();
    } catch (error) {
      setProgress({ name: file.name, loaded: 0, total: file.size, state: 'failed', error: explain(error) });
    }
  };
  return (
    <section aria-labelledby="add-evidence-heading">
      <h2 id="add-evidence-heading">Add evidence</h2>
      <form onSubmit={send}>
        <Field id="status-file" label="File" help="At most 25 MB.">
          <input id="status-file" ref={input} type="file" aria-describedby="status-file-help" />
        </Field>
        <button type="submit" class="button button-secondary" disabled={progress?.state === 'sending'}>Upload</button>
      </form>
      <div aria-live="polite">{progress && <UploadProgress {...progress} />}</div>
      {progress?.state === 'done' && <Notice kind="success">The file was added to your complaint.</Notice>}
    </section>
  );
}

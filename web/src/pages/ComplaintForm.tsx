import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ErrorBox, ErrorSummary, Facts, Field, Link, Loading, Notice, Page, UploadProgress, describedBy, type FieldError,
} from '../components/ui';
import { api, explain, upload } from '../lib/api';
import { loadProcess } from '../lib/process';
import { formatBytes, formatDate, isWebLink, todayIso } from '../lib/format';
import { navigate } from '../lib/router';
import { useLoad } from '../lib/useLoad';
import type { ComplaintRequest, Evidence, Process, Receipt } from '../lib/types';
import { handOffToStatus } from './StatusPage';

export const MAX_FILE_BYTES = 25 * 1024 * 1024;
export const MAX_LINKS = 20;
const MAX_RESPONDENTS = 20;

interface Draft {
  anonymous: boolean | null;
  name: string;
  email: string;
  respondents: { name: string; membership_number: string }[];
  category: string;
  description: string;
  occurred_on: string;
  place: string;
  files: File[];
  links: string;
}

const STEPS = ['About you', 'Who it is about', 'What happened', 'Evidence', 'Check and send'] as const;

export function linksOf(text: string): string[] {
  return text.split(/\s+/).map((s) => s.trim()).filter(Boolean);
}

function validate(step: number, d: Draft): FieldError[] {
  const errors: FieldError[] = [];
  if (step === 0) {
    if (d.anonymous === null) errors.push({ id: 'anonymous-no', message: 'Say whether you want to give your name or stay anonymous' });
    if (d.anonymous === false) {
      if (!d.name.trim()) errors.push({ id: 'name', message: 'Enter your name' });
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.email.trim())) errors.push({ id: 'email', message: 'Enter an email address like name@example.org' });
    }
  }
  if (step === 1) {
    d.respondents.forEach((r, i) => {
      if (!r.name.trim()) errors.push({ id: `respondent-${i}-name`, message: `Enter the name of person ${i + 1}` });
    });
  }
  if (step === 2) {
    if (!d.category) errors.push({ id: 'category', message: 'Choose what the complaint is about' });
    if (!d.description.trim()) errors.push({ id: 'description', message: 'Describe what happened' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.occurred_on)) errors.push({ id: 'occurred_on', message: 'Enter the date it happened' });
    else if (d.occurred_on > todayIso()) errors.push({ id: 'occurred_on', message: 'The date it happened must not be in the future' });
  }
  if (step === 3) {
    d.files.forEach((f, i) => {
      if (f.size > MAX_FILE_BYTES) errors.push({ id: `file-${i}`, message: `${f.name} is ${formatBytes(f.size)}; each file must be at most 25 MB` });
    });
    const links = linksOf(d.links);
    if (links.length > MAX_LINKS) errors.push({ id: 'links', message: `Give at most ${MAX_LINKS} links` });
    const bad = links.filter((l) => !isWebLink(l));
    if (bad.length) errors.push({ id: 'links', message: `These are not web links starting with http:// or https://: ${bad.join(', ')}` });
  }
  return errors;
}

function errorFor(errors: FieldError[], id: string): string | undefined {
  return errors.find((e) => e.id === id)?.message;
}

export function ComplaintForm() {
  const process = useLoad(loadProcess, []);
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [draft, setDraft] = useState<Draft>({
    anonymous: null, name: '', email: '', respondents: [{ name: '', membership_number: '' }],
    category: '', description: '', occurred_on: '', place: '', files: [], links: '',
  });
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);

  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const goTo = (next: number) => {
    setErrors([]);
    setStep(next);
    requestAnimationFrame(() => stepHeading.current?.focus());
  };
  const next = (event: Event) => {
    event.preventDefault();
    const found = validate(step, draft);
    setErrors(found);
    if (!found.length) goTo(step + 1);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    for (let s = 0; s < 4; ++s) {
      const found = validate(s, draft);
      if (found.length) {
        setStep(s);
        setErrors(found);
        return;
      }
    }
    setSending(true);
    setSendError(null);
    const body: ComplaintRequest = {
      category: draft.category,
      description: draft.description.trim(),
      occurred_on: draft.occurred_on,
      anonymous: draft.anonymous === true,
      respondents: draft.respondents.map((r) => (r.membership_number.trim()
        ? { name: r.name.trim(), membership_number: r.membership_number.trim() } : { name: r.name.trim() })),
    };
    if (!draft.anonymous) body.complainant = { name: draft.name.trim(), email: draft.email.trim() };
    if (draft.place.trim()) body.place = draft.place.trim();
    const links = linksOf(draft.links);
    if (links.length) body.links = links;
    try {
      const result = await api<Receipt>('POST', '/api/v1/complaints', { body });
      setReceipt(result.data);
    } catch (error) {
      setSendError(error);
    } finally {
      setSending(false);
    }
  };

  if (receipt) return <ReceiptView receipt={receipt} files={draft.files} />;

  return (
    <Page title={`Make a complaint: ${STEPS[step]}`} heading="Make a complaint">
      <ol class="steps" aria-label="Steps">
        {STEPS.map((title, i) => (
          <li key={title} class={i === step ? 'step step-current' : i < step ? 'step step-done' : 'step'} aria-current={i === step ? 'step' : undefined}>
            <span class="step-number" aria-hidden="true">{i + 1}</span> <span class="step-title">{title}</span>
          </li>
        ))}
      </ol>
      <h2 ref={stepHeading} tabIndex={-1}>Step {step + 1} of {STEPS.length}: {STEPS[step]}</h2>
      <ErrorSummary errors={errors} />
      {process.state === 'loading' && <Loading what="the form" />}
      {process.state === 'error' && <ErrorBox error={process.error} retry={process.reload} title="The form could not load the categories of complaint." />}
      {process.state === 'ok' && (
        <form onSubmit={step === 4 ? submit : next} noValidate>
          {step === 0 && <AboutYou draft={draft} update={update} errors={errors} />}
          {step === 1 && <WhoItIsAbout draft={draft} update={update} errors={errors} />}
          {step === 2 && <WhatHappened draft={draft} update={update} errors={errors} process={process.data} />}
          {step === 3 && <EvidenceStep draft={draft} update={update} errors={errors} />}
          {step === 4 && <Review draft={draft} process={process.data} goTo={goTo} />}
          {sendError !== null && <ErrorBox error={sendError} title="Your complaint was not sent." />}
          <div class="button-row">
            {step < 4 && <button type="submit" class="button">Continue</button>}
            {step === 4 && <button type="submit" class="button" disabled={sending}>{sending ? 'Sending…' : 'Send the complaint'}</button>}
            {step > 0 && <button type="button" class="button button-secondary" onClick={() => goTo(step - 1)} disabled={sending}>Back</button>}
          </div>
          {sending && <Loading what="" />}
        </form>
      )}
    </Page>
  );
}

interface StepProps { draft: Draft; update: (patch: Partial<Draft>) => void; errors: FieldError[] }

function AboutYou({ draft, update, errors }: StepProps) {
  const choiceError = errorFor(errors, 'anonymous-no');
  return (
    <>
      <fieldset class={choiceError ? 'field field-invalid' : 'field'} aria-describedby={choiceError ? 'anonymous-error' : 'anonymous-help'}>
        <legend>Do you want to give your name?</legend>
        <p class="help" id="anonymous-help">
          If you stay anonymous, nobody handling the complaint will see who you are, not even the complaints unit.
          We cannot then contact you except through the status page, and it may be harder to investigate.
        </p>
        {choiceError && <p class="field-error" id="anonymous-error"><span class="visually-hidden">Error: </span>{choiceError}</p>}
        <div class="radio">
          <input type="radio" id="anonymous-no" name="anonymous" checked={draft.anonymous === false} onChange={() => update({ anonymous: false })} />
          <label for="anonymous-no">Yes, give my name and email</label>
        </div>
        <div class="radio">
          <input type="radio" id="anonymous-yes" name="anonymous" checked={draft.anonymous === true} onChange={() => update({ anonymous: true })} />
          <label for="anonymous-yes">No, stay anonymous</label>
        </div>
      </fieldset>
      {draft.anonymous === false && <>
        <Field id="name" label="Your name" error={errorFor(errors, 'name')}>
          <input id="name" type="text" autoComplete="name" maxLength={200} value={draft.name}
            aria-invalid={!!errorFor(errors, 'name')} aria-describedby={describedBy('name', undefined, errorFor(errors, 'name'))}
            onInput={(e) => update({ name: e.currentTarget.value })} />
        </Field>
        <Field id="email" label="Your email address" help="We write to you here about the complaint, and nowhere else." error={errorFor(errors, 'email')}>
          <input id="email" type="email" autoComplete="email" maxLength={254} value={draft.email}
            aria-invalid={!!errorFor(errors, 'email')} aria-describedby={describedBy('email', 'h', errorFor(errors, 'email'))}
            onInput={(e) => update({ email: e.currentTarget.value })} />
        </Field>
      </>}
    </>
  );
}

function WhoItIsAbout({ draft, update, errors }: StepProps) {
  const set = (i: number, patch: Partial<Draft['respondents'][number]>) =>
    update({ respondents: draft.respondents.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  return (
    <>
      <p>Name each person the complaint is about. If you know their membership number, give it: it helps us find the right person.</p>
      {draft.respondents.map((r, i) => {
        const nameError = errorFor(errors, `respondent-${i}-name`);
        return (
          <fieldset key={i} class="group">
            <legend>Person {i + 1}</legend>
            <Field id={`respondent-${i}-name`} label="Name" error={nameError}>
              <input id={`respondent-${i}-name`} type="text" maxLength={200} value={r.name} aria-invalid={!!nameError}
                aria-describedby={describedBy(`respondent-${i}-name`, undefined, nameError)}
                onInput={(e) => set(i, { name: e.currentTarget.value })} />
            </Field>
            <Field id={`respondent-${i}-number`} label="Membership number" optional help="For example A0001234.">
              <input id={`respondent-${i}-number`} type="text" maxLength={32} value={r.membership_number} class="input-short"
                aria-describedby={`respondent-${i}-number-help`} autoCapitalize="characters" spellcheck={false}
                onInput={(e) => set(i, { membership_number: e.currentTarget.value })} />
            </Field>
            {draft.respondents.length > 1 && (
              <button type="button" class="button button-secondary button-small"
                onClick={() => update({ respondents: draft.respondents.filter((_, j) => j !== i) })}>
                Remove person {i + 1}
              </button>
            )}
          </fieldset>
        );
      })}
      {draft.respondents.length < MAX_RESPONDENTS && (
        <button type="button" class="button button-secondary" onClick={() => update({ respondents: [...draft.respondents, { name: '', membership_number: '' }] })}>
          Add another person
        </button>
      )}
    </>
  );
}

function WhatHappened({ draft, update, errors, process }: StepProps & { process: Process }) {
  const e = (id: string) => errorFor(errors, id);
  return (
    <>
      <Field id="category" label="What is the complaint about?" error={e('category')}>
        <select id="category" value={draft.category} aria-invalid={!!e('category')} aria-describedby={describedBy('category', undefined, e('category'))}
          onChange={(ev) => update({ category: ev.currentTarget.value })}>
          <option value="">Choose one</option>
          {process.categories.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
        </select>
      </Field>
      <Field id="description" label="What happened?" error={e('description')}
        help="Say what was said or done, by whom, and who saw or heard it. Quote words exactly where you can.">
        <textarea id="description" rows={8} maxLength={20000} value={draft.description} aria-invalid={!!e('description')}
          aria-describedby={describedBy('description', 'h', e('description'))} onInput={(ev) => update({ description: ev.currentTarget.value })} />
      </Field>
      <Field id="occurred_on" label="When did it happen?" error={e('occurred_on')}
        help={`If it went on over time, give the most recent date. Complaints are considered within ${process.complaint_time_limit_months} months.`}>
        <input id="occurred_on" type="date" max={todayIso()} value={draft.occurred_on} class="input-short" aria-invalid={!!e('occurred_on')}
          aria-describedby={describedBy('occurred_on', 'h', e('occurred_on'))} onInput={(ev) => update({ occurred_on: ev.currentTarget.value })} />
      </Field>
      <Field id="place" label="Where did it happen?" optional help="A meeting, an event, a website or social media platform.">
        <input id="place" type="text" maxLength={200} value={draft.place} aria-describedby="place-help" onInput={(ev) => update({ place: ev.currentTarget.value })} />
      </Field>
    </>
  );
}

function EvidenceStep({ draft, update, errors }: StepProps) {
  const input = useRef<HTMLInputElement>(null);
  const onFiles = (event: JSX.TargetedEvent<HTMLInputElement>) => {
    const chosen = Array.from(event.currentTarget.files ?? []);
    update({ files: [...draft.files, ...chosen] });
    event.currentTarget.value = '';
  };
  const linksError = errorFor(errors, 'links');
  return (
    <>
      <p>Add anything that shows what happened: screenshots, photos, documents, recordings. This step is optional.</p>
      <Field id="files" label="Files" optional help="Each file at most 25 MB. They are sent after the complaint, with a progress bar.">
        <input id="files" ref={input} type="file" multiple aria-describedby="files-help" onChange={onFiles} />
      </Field>
      {draft.files.length > 0 && (
        <ul class="file-list" aria-label="Files to send">
          {draft.files.map((f, i) => {
            const err = errorFor(errors, `file-${i}`);
            return (
              <li key={`${f.name}-${i}`} class={err ? 'field-invalid' : ''}>
                <span>{f.name} <span class="muted small">({formatBytes(f.size)})</span></span>
                {err && <span class="field-error"> {err}</span>}
                <button type="button" id={`file-${i}`} class="button button-secondary button-small"
                  onClick={() => update({ files: draft.files.filter((_, j) => j !== i) })}>
                  Remove <span class="visually-hidden">{f.name}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <Field id="links" label="Links" optional error={linksError}
        help={`Web addresses of posts, videos or pages, one per line (at most ${MAX_LINKS}). Take screenshots as well: posts can be deleted.`}>
        <textarea id="links" rows={4} value={draft.links} aria-invalid={!!linksError} spellcheck={false}
          aria-describedby={describedBy('links', 'h', linksError)} onInput={(e) => update({ links: e.currentTarget.value })} />
      </Field>
    </>
  );
}

function Review({ draft, process, goTo }: { draft: Draft; process: Process; goTo: (step: number) => void }) {
  const category = process.categories.find((c) => c.id === draft.category)?.title ?? draft.category;
  const links = linksOf(draft.links);
  const change = (step: number, what: string) => (
    <button type="button" class="link-button" onClick={() => goTo(step)}>Change<span class="visually-hidden"> {what}</span></button>
  );
  return (
    <>
      <p>Check your complaint before you send it.</p>
      <section class="review" aria-labelledby="review-you">
        <h3 id="review-you">About you {change(0, 'about you')}</h3>
        <Facts items={draft.anonymous ? [['Identity', 'Anonymous: your name is not recorded']] : [['Name', draft.name], ['Email', draft.email]]} />
      </section>
      <section class="review" aria-labelledby="review-who">
        <h3 id="review-who">Who it is about {change(1, 'who it is about')}</h3>
        <ul>{draft.respondents.map((r, i) => <li key={i}>{r.name}{r.membership_number && ` (membership number ${r.membership_number})`}</li>)}</ul>
      </section>
      <section class="review" aria-labelledby="review-what">
        <h3 id="review-what">What happened {change(2, 'what happened')}</h3>
        <Facts items={[['About', category], ['When', formatDate(draft.occurred_on)], ['Where', draft.place || '—']]} />
        <p class="quote">{draft.description}</p>
      </section>
      <section class="review" aria-labelledby="review-evidence">
        <h3 id="review-evidence">Evidence {change(3, 'evidence')}</h3>
        {draft.files.length === 0 && links.length === 0 && <p class="muted">No files or links.</p>}
        {draft.files.length > 0 && <ul>{draft.files.map((f, i) => <li key={i}>{f.name} ({formatBytes(f.size)})</li>)}</ul>}
        {links.length > 0 && <ul>{links.map((l) => <li key={l} class="break">{l}</li>)}</ul>}
      </section>
    </>
  );
}

interface UploadState { name: string; loaded: number; total: number; state: 'waiting' | 'sending' | 'done' | 'failed'; error?: string }

/** A file name as an HTTP header value: kept as it is when plain ASCII, percent-encoded UTF-8 otherwise. */
export function fileNameHeader(name: string): string {
  return /^[\x20-\x7e]*$/.test(name) ? name : encodeURIComponent(name);
}

function ReceiptView({ receipt, files }: { receipt: Receipt; files: File[] }) {
  const [uploads, setUploads] = useState<UploadState[]>(files.map((f) => ({ name: f.name, loaded: 0, total: f.size, state: 'waiting' })));
  const [copied, setCopied] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const started = useRef(false);

  useEffect(() => {
    document.title = 'Complaint received · docket';
    heading.current?.focus();
    if (started.current) return;
    started.current = true;
    void (async () => {
      for (let i = 0; i < files.length; ++i) {
        const file = files[i]!;
        const set = (patch: Partial<UploadState>) => setUploads((all) => all.map((u, j) => (j === i ? { ...u, ...patch } : u)));
        set({ state: 'sending' });
        try {
          await upload<Evidence>({
            url: `/api/v1/complaints/${encodeURIComponent(receipt.receipt)}/evidence?filename=${encodeURIComponent(file.name)}`,
            file,
            headers: { 'X-Complaint-Secret': receipt.secret, 'X-File-Name': fileNameHeader(file.name) },
            onProgress: (loaded, total) => set({ loaded, total }),
          });
          set({ state: 'done', loaded: file.size });
        } catch (error) {
          set({ state: 'failed', loaded: 0, error: explain(error) });
        }
      }
    })();
  }, []);

  const copy = async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${what} copied`);
    } catch {
      setCopied(`Could not copy the ${what.toLowerCase()}: select it and copy it yourself`);
    }
  };
  const saveText = `Complaint receipt: ${receipt.receipt}\nSecret: ${receipt.secret}\nCase: ${receipt.case_number}\nFollow it at ${location.origin}/status\n`;
  const saveHref = `data:text/plain;charset=utf-8,${encodeURIComponent(saveText)}`;
  const failed = uploads.filter((u) => u.state === 'failed');

  return (
    <div class="page">
      <h1 ref={heading} tabIndex={-1}>Your complaint has been received</h1>
      <div class="notice notice-warning" role="alert">
        <p><strong>Keep your receipt number and secret now. They are shown only once.</strong></p>
        <p>You need both to follow your complaint and read our messages. We cannot show the secret again or recover it{receipt.grouped ? '' : ''}.</p>
      </div>
      <dl class="receipt">
        <div>
          <dt>Receipt number</dt>
          <dd><code id="receipt-number" class="big-code">{receipt.receipt}</code>
            <button type="button" class="button button-secondary button-small" onClick={() => copy('Receipt number', receipt.receipt)}>Copy <span class="visually-hidden">receipt number</span></button></dd>
        </div>
        <div>
          <dt>Secret</dt>
          <dd><code id="receipt-secret" class="big-code">{receipt.secret}</code>
            <button type="button" class="button button-secondary button-small" onClick={() => copy('Secret', receipt.secret)}>Copy <span class="visually-hidden">secret</span></button></dd>
        </div>
        <div>
          <dt>Case number</dt>
          <dd><code id="receipt-case">{receipt.case_number}</code></dd>
        </div>
      </dl>
      <p role="status" aria-live="polite" class="small">{copied}</p>
      <p><a class="button button-secondary" href={saveHref} download={`complaint-${receipt.receipt}.txt`}>Save them as a text file</a></p>
      {receipt.grouped && <Notice>Your complaint is about an incident we already know of, so it has been joined to the same case. It will still be answered.</Notice>}
      {uploads.length > 0 && (
        <section aria-labelledby="uploads-heading">
          <h2 id="uploads-heading">Your evidence</h2>
          <div aria-live="polite">{uploads.map((u) => <UploadProgress key={u.name} {...u} />)}</div>
          {failed.length > 0 && (
            <Notice kind="warning">Some files were not sent. Your complaint is safe. You can add them later from the status page with your receipt number and secret.</Notice>
          )}
        </section>
      )}
      <h2>What happens next</h2>
      <p>The complaints unit checks every complaint and tells you on the status page what happens next. <Link href="/process">How the process works</Link>.</p>
      <button type="button" class="button" onClick={() => {
        handOffToStatus(receipt.receipt, receipt.secret);
        navigate('/status');
      }}>I have saved them: follow my complaint</button>
    </div>
  );
}

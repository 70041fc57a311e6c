import { useState } from 'preact/hooks';
import { ActionsPanel } from '../components/ActionsPanel';
import { PanelSection, StepAside } from '../components/PanelSection';
import {
  Complaints, Deadlines, Decision, DoneNotice, EvidenceSection, NotesSection, PartError, Parties, PostsSection, Section, Summary,
  Thread, TimelineList, fieldHistory, postsVisible,
} from '../components/CaseSections';
import { ErrorBox, Link, Loading, Page, Notice, TimeLeftBadge } from '../components/ui';
import { isParty, loadCaseFile, type CaseFile } from '../lib/caseFile';
import { formatDateTime } from '../lib/format';
import { loadProcess } from '../lib/process';
import { POST_READERS } from '../lib/posts';
import { MEMBER_READERS, useSession } from '../lib/session';
import { useLoad } from '../lib/useLoad';
import type { Me, Process } from '../lib/types';

export function CasePage({ number }: { number: string }) {
  const session = useSession();
  if (session.state === 'unknown') return <Page title={`Case ${number}`}><Loading what="your session" /></Page>;
  if (session.state === 'anonymous') {
    return (
      <Page title={`Case ${number}`}>
        <ErrorBox error={Object.assign(new Error('Sign in to see this case.'), { status: 401 })} />
        <p><Link class="button" href={`/login?next=${encodeURIComponent(`/cases/${number}`)}`}>Sign in</Link></p>
      </Page>
    );
  }
  return <CaseFileView number={number} me={session.me} />;
}

function CaseFileView({ number, me }: { number: string; me: Me }) {
  const file = useLoad(() => loadCaseFile(number, me.role, true), [number, me.role]);
  const process = useLoad(loadProcess, []);
  const [done, setDone] = useState('');
  const [steppedAside, setSteppedAside] = useState('');
  const p = process.state === 'ok' ? process.data : undefined;
  const respondent = me.role === 'respondent';
  const title = respondent ? `Your case ${number}` : `Case ${number}`;
  if (steppedAside) {
    // The case is no longer theirs to read, so the page says what happened instead of reloading it.
    return (
      <Page title={title}>
        <Notice kind="success" live>{steppedAside}</Notice>
        <p><Link class="button" href="/cases">Back to your cases</Link></p>
      </Page>
    );
  }
  return (
    <Page title={title} wide heading={<>{title} {file.state === 'ok' && <span class="heading-badge"><TimeLeftBadge deadline={file.data.c.deadline} showDue={false} /></span>}</>}>
      {file.state === 'loading' && <Loading what="the case" />}
      {file.state === 'error' && <ErrorBox error={file.error} retry={file.reload} title="The case could not be loaded." />}
      {file.state === 'ok' && (respondent
        ? <RespondentView file={file.data} me={me} process={p} done={done} onDone={(m) => { setDone(m); void file.reload(); }} reload={file.reload} />
        : <StaffView file={file.data} me={me} process={p} done={done} onDone={(m) => { setDone(m); void file.reload(); }} reload={file.reload}
            onSteppedAside={setSteppedAside} />)}
    </Page>
  );
}

interface ViewProps {
  file: CaseFile; me: Me; process?: Process; done: string; onDone: (m: string) => void; reload: () => void;
  onSteppedAside?: (m: string) => void;
}

function StaffView({ file, me, process, done, onDone, reload, onSteppedAside }: ViewProps) {
  const { c } = file;
  const writes = me.role !== 'oversight';
  const panel = me.role === 'panel_member' || me.role === 'appeal_panel';
  return (
    <>
      <DoneNotice message={done} />
      <nav aria-label="On this page" class="subnav">
        <ul>
          <li><a href="#summary">Summary</a></li>
          <li><a href="#actions-heading">Actions</a></li>
          <li><a href="#panels">Panels</a></li>
          <li><a href="#timeline">Timeline</a></li>
          <li><a href="#evidence">Evidence</a></li>
          {postsVisible(file.posts) && <li><a href="#posts">Social-media posts</a></li>}
          {file.notes && <li><a href="#notes">Notes</a></li>}
          <li><a href="#messages">Messages</a></li>
          {(panel || me.role === 'caseworker' || me.role === 'oversight') && <li><Link href={`/cases/${encodeURIComponent(c.number)}/bundle`}>Hearing bundle</Link></li>}
          {me.role === 'oversight' && <li><Link href={`/cases/${encodeURIComponent(c.number)}/audit`}>Access log</Link></li>}
        </ul>
      </nav>
      {c.out_of_time && <Notice kind="warning">A complaint in this case was brought after the policy's time limit.</Notice>}
      <div class="case-grid">
        <div class="case-main">
          <Section id="summary" title="Summary"><Summary c={c} /></Section>
          <Section id="parties" title="Parties"><Parties c={c} canReadMembers={MEMBER_READERS.includes(me.role)} /></Section>
          <Section id="complaints" title="The complaint"><Complaints c={c} /></Section>
          {(c.decision || c.appeal || c.interim_suspension || c.sanctions.length > 0) && (
            <Section id="decision" title="Decision and sanctions"><Decision c={c} process={process} /></Section>
          )}
          <Section id="panels" title="Panels"><PanelSection c={c} me={me} onDone={onDone} /></Section>
          <Section id="timeline" title="Timeline">
            {file.timeline.ok ? <TimelineList events={file.timeline.value.events} process={process} /> : <PartError part={file.timeline} what="timeline" />}
          </Section>
          <Section id="evidence" title="Evidence">
            {file.evidence.ok
              ? <EvidenceSection number={c.number} evidence={file.evidence.value.items} canUpload={writes} canDisclose={me.role === 'caseworker' || me.role === 'investigator'} onChange={reload} />
              : <PartError part={file.evidence} what="evidence" />}
          </Section>
          {file.posts && postsVisible(file.posts) && (
            <Section id="posts" title="Social-media posts">
              {file.posts.ok ? <PostsSection posts={file.posts.value.items} canOpen={POST_READERS.includes(me.role)} /> : <PartError part={file.posts} what="posts" />}
            </Section>
          )}
          {file.notes && (
            <Section id="notes" title="Internal notes">
              {file.notes.ok ? <NotesSection number={c.number} notes={file.notes.value.items} canWrite={writes} onChange={reload} /> : <PartError part={file.notes} what="notes" />}
            </Section>
          )}
          <Section id="messages" title="Messages with the parties">
            <div class="two-col">
              {file.complainantThread && <Thread number={c.number} party="complainant" messages={file.complainantThread} canWrite={writes} heading="Complainant" viewer={me.username} />}
              {file.respondentThread && <Thread number={c.number} party="respondent" messages={file.respondentThread} canWrite={writes} heading="Respondent" viewer={me.username} />}
            </div>
          </Section>
        </div>
        <aside class="case-side" aria-label="Deadlines and actions">
          <Section id="deadlines" title="Deadlines"><Deadlines c={c} process={process} /></Section>
          {file.actions.ok ? <ActionsPanel actions={file.actions.value} process={process} onDone={(m) => onDone(m)} />
            : <section class="panel"><h2 id="actions-heading">What you can do now</h2><PartError part={file.actions} what="actions" /></section>}
          {onSteppedAside && <StepAside c={c} me={me} onDone={onSteppedAside} />}
        </aside>
      </div>
    </>
  );
}

/** The respondent's own case: what they are accused of, their deadlines, the evidence disclosed to them, the decision and their rights. */
function RespondentView({ file, me, process, done, onDone, reload }: ViewProps) {
  const { c } = file;
  const events = file.timeline.ok ? file.timeline.value.events : [];
  const allegations = fieldHistory(events, 'allegations');
  return (
    <>
      <DoneNotice message={done} />
      <Notice>
        A complaint has been made about you. You have the right to know the allegations and the evidence behind them,
        to answer them, to be accompanied by a companion, to a reasoned decision, and to appeal it
        {process ? ` within ${process.appeal.window_working_days} working days` : ''}{process?.appeal.heard_by_different_people ? ' to people not involved in the decision' : ''}.
      </Notice>
      <div class="case-grid">
        <div class="case-main">
          <Section id="summary" title="Where your case stands"><Summary c={c} /></Section>
          {c.decision && <Section id="decision" title="The decision"><Decision c={c} process={process} /></Section>}
          <Section id="allegations" title="What you are accused of">
            {allegations.length === 0 && <p class="muted">You have not yet been sent a notice of the allegations.</p>}
            {allegations.map((a) => (
              <div key={a.at}><p class="muted small">Notice of {formatDateTime(a.at)}</p><p class="quote">{a.text}</p></div>
            ))}
          </Section>
          <Section id="evidence" title="Evidence disclosed to you">
            {file.evidence.ok ? <EvidenceSection number={c.number} evidence={file.evidence.value.items} canUpload canDisclose={false} onChange={reload} />
              : <PartError part={file.evidence} what="evidence" />}
          </Section>
          <Section id="messages" title="Messages with the complaints unit">
            {file.respondentThread && <Thread number={c.number} party="respondent" messages={file.respondentThread} canWrite heading="Your messages" viewer={me.username} />}
          </Section>
          <Section id="timeline" title="What has happened">
            {file.timeline.ok ? <TimelineList events={events} process={process} /> : <PartError part={file.timeline} what="history" />}
          </Section>
        </div>
        <aside class="case-side" aria-label="Deadlines and what you can do">
          <Section id="deadlines" title="Deadlines"><Deadlines c={c} process={process} /></Section>
          {file.actions.ok ? <ActionsPanel actions={file.actions.value} process={process} onDone={(m) => onDone(m)} heading="What you can do now" />
            : <section class="panel"><h2 id="actions-heading">What you can do now</h2><PartError part={file.actions} what="actions" /></section>}
        </aside>
      </div>
    </>
  );
}

export { isParty };

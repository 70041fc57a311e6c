import { useState } from 'preact/hooks';
import { ActionsPanel } from '../components/ActionsPanel';
import { Complaints, Decision, DoneNotice, EvidenceSection, PartError, Parties, Section, Summary, TimelineList, fieldHistory } from '../components/CaseSections';
import { StepAside } from '../components/PanelSection';
import { ErrorBox, Link, Loading, Notice, Page } from '../components/ui';
import { loadCaseFile } from '../lib/caseFile';
import { formatDateTime } from '../lib/format';
import { loadProcess } from '../lib/process';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/useLoad';
import type { Me } from '../lib/types';

/** The hearing bundle for panel members: allegations, the respondent's answers, evidence, history, and the decision form. */
export function BundlePage({ number }: { number: string }) {
  const session = useSession();
  if (session.state !== 'signed-in') {
    return (
      <Page title={`Hearing bundle ${number}`}>
        {session.state === 'unknown' ? <Loading /> : <p>Sign in to see the bundle. <Link href={`/login?next=/cases/${encodeURIComponent(number)}/bundle`}>Sign in</Link></p>}
      </Page>
    );
  }
  return <Bundle number={number} me={session.me} />;
}

const DECISION_ACTIONS = ['decide', 'refer_to_hearing', 'request_further_investigation', 'uphold_appeal', 'dismiss_appeal', 'order_rehearing'];

function Bundle({ number, me }: { number: string; me: Me }) {
  const file = useLoad(() => loadCaseFile(number, me.role), [number]);
  const process = useLoad(loadProcess, []);
  const [done, setDone] = useState('');
  const [steppedAside, setSteppedAside] = useState('');
  const p = process.state === 'ok' ? process.data : undefined;
  if (steppedAside) {
    return (
      <Page title={`Hearing bundle: case ${number}`}>
        <Notice kind="success" live>{steppedAside}</Notice>
        <p><Link class="button" href="/cases">Back to your cases</Link></p>
      </Page>
    );
  }
  return (
    <Page title={`Hearing bundle: case ${number}`} wide>
      <p><Link href={`/cases/${encodeURIComponent(number)}`}>Back to the case</Link></p>
      {file.state === 'loading' && <Loading what="the bundle" />}
      {file.state === 'error' && <ErrorBox error={file.error} retry={file.reload} title="The bundle could not be loaded." />}
      {file.state === 'ok' && (() => {
        const { c } = file.data;
        const events = file.data.timeline.ok ? file.data.timeline.value.events : [];
        const allegations = fieldHistory(events, 'allegations');
        const responses = fieldHistory(events, 'response');
        return (
          <>
            <DoneNotice message={done} />
            <div class="case-grid">
              <div class="case-main">
                <Section id="b-summary" title="1. The case"><Summary c={c} /><Parties c={c} canReadMembers={false} /></Section>
                <Section id="b-complaint" title="2. The complaint"><Complaints c={c} /></Section>
                <Section id="b-allegations" title="3. The allegations">
                  {allegations.length === 0 ? <p class="muted">No notice of allegations on file.</p> : allegations.map((a) => (
                    <div key={a.at}><p class="muted small">{formatDateTime(a.at)} · {a.actor}</p><p class="quote">{a.text}</p></div>
                  ))}
                </Section>
                <Section id="b-response" title="4. The respondent's response">
                  {responses.length === 0 ? <p class="muted">No response on file.</p> : responses.map((a) => (
                    <div key={a.at}><p class="muted small">{formatDateTime(a.at)} · {a.actor}</p><p class="quote">{a.text}</p></div>
                  ))}
                </Section>
                <Section id="b-evidence" title="5. Evidence">
                  {file.data.evidence.ok ? <EvidenceSection number={c.number} evidence={file.data.evidence.value.items} canUpload={false} canDisclose={false} onChange={file.reload} />
                    : <PartError part={file.data.evidence} what="evidence" />}
                </Section>
                {(c.decision || c.appeal) && <Section id="b-decision" title="Decision so far"><Decision c={c} process={p} /></Section>}
                <Section id="b-history" title="6. History">
                  {file.data.timeline.ok ? <TimelineList events={events} process={p} /> : <PartError part={file.data.timeline} what="history" />}
                </Section>
              </div>
              <aside class="case-side" aria-label="Decision">
                {file.data.actions.ok
                  ? <ActionsPanel actions={file.data.actions.value} process={p} heading="Decision" only={(a) => DECISION_ACTIONS.includes(a.id) || me.role === 'panel_member' || me.role === 'appeal_panel'}
                      onDone={(m) => { setDone(m); void file.reload(); }} />
                  : <PartError part={file.data.actions} what="decision form" />}
                <StepAside c={c} me={me} onDone={setSteppedAside} />
              </aside>
            </div>
          </>
        );
      })()}
    </Page>
  );
}

import { ErrorBox, Facts, Loading, Page } from '../components/ui';
import { loadProcess, stagesInOrder } from '../lib/process';
import { plural } from '../lib/format';
import { useLoad } from '../lib/useLoad';

/** How the process works, generated from the policy in force (GET /api/v1/process). */
export function ProcessPage() {
  const process = useLoad(loadProcess, []);
  return (
    <Page title="How the process works">
      {process.state === 'loading' && <Loading what="the process" />}
      {process.state === 'error' && <ErrorBox error={process.error} retry={process.reload} />}
      {process.state === 'ok' && (() => {
        const p = process.data;
        const stages = stagesInOrder(p);
        return (
          <>
            <p class="lead">{p.name} (version {p.version}). Deadlines count working days: Monday to Friday, less the bank holidays of the {p.calendar.replace(/-/g, ' ')} calendar, ending at midnight {p.time_zone} time.</p>
            <Facts items={[
              ['Time limit for a complaint', `${p.complaint_time_limit_months} months from the incident`],
              ['Appeal', `within ${plural(p.appeal.window_working_days, 'working day')} of the decision${p.appeal.heard_by_different_people ? ', heard by people not involved in the decision' : ''}`],
              ['Interim suspension', `reviewed every ${plural(p.interim_suspension.review_every_working_days, 'working day')}, at most ${plural(p.interim_suspension.max_working_days, 'working day')}`],
            ]} />
            <h2>The stages</h2>
            <ol class="stages">
              {stages.map((stage) => (
                <li key={stage.id} class="stage">
                  <h3>{stage.title}</h3>
                  <p class="muted">
                    {stage.terminal ? 'The end of the process.'
                      : stage.deadline_working_days !== null ? `Deadline: ${plural(stage.deadline_working_days, 'working day')} from entering this stage.` : 'No deadline.'}
                  </p>
                  {stage.guidance && <p>{stage.guidance}</p>}
                  {stage.checklist.length > 0 && <>
                    <h4>What happens</h4>
                    <ul>{stage.checklist.map((item) => <li key={item}>{item}</li>)}</ul>
                  </>}
                  {stage.actions.some((a) => a.to) && <>
                    <h4>Where it can go next</h4>
                    <ul>
                      {stage.actions.filter((a) => a.to).map((a) => <li key={a.id}>{a.title} → <strong>{a.to!.title}</strong></li>)}
                    </ul>
                  </>}
                </li>
              ))}
            </ol>
            <h2>What a complaint can be about</h2>
            <ul>{p.categories.map((c) => <li key={c.id}>{c.title}</li>)}</ul>
            <h2>Possible outcomes</h2>
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">Sanctions, from least to most severe</caption>
                <thead><tr><th scope="col">Outcome</th><th scope="col">Term</th><th scope="col">Membership</th><th scope="col">Education course</th></tr></thead>
                <tbody>
                  {[...p.sanctions].sort((a, b) => a.severity - b.severity).map((s) => (
                    <tr key={s.id}>
                      <th scope="row">{s.title}</th>
                      <td>{s.has_term ? `up to ${s.max_term_months ?? '?'} months` : '—'}</td>
                      <td>{s.removes_membership ? (s.readmission_bar_years ? `removed; no readmission for ${s.readmission_bar_years} years` : 'removed while in force') : 'kept'}</td>
                      <td>{s.requires_education ? 'required' : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        );
      })()}
    </Page>
  );
}

import { SanctionTable, Section } from '../components/CaseSections';
import { ErrorBox, Facts, Loading, Page } from '../components/ui';
import { get } from '../lib/api';
import { formatDate, humanise } from '../lib/format';
import { useLoad } from '../lib/useLoad';
import type { Member } from '../lib/types';

/** A member's record: status and sanctions over time, and offices held. */
export function MemberPage({ number }: { number: string }) {
  const member = useLoad(() => get<Member>(`/api/v1/members/${encodeURIComponent(number)}`), [number]);
  const title = member.state === 'ok' ? `${member.data.name} (${member.data.membership_number})` : `Member ${number}`;
  return (
    <Page title={title} wide>
      {member.state === 'loading' && <Loading what="the member's record" />}
      {member.state === 'error' && <ErrorBox error={member.error} retry={member.reload} title="The member's record could not be loaded." />}
      {member.state === 'ok' && (() => {
        const m = member.data;
        const offices = [...m.offices].sort((a, b) => b.start.localeCompare(a.start));
        const history = [...m.status_history].sort((a, b) => a.from.localeCompare(b.from));
        return (
          <>
            <p class="muted small">Reading this record is recorded on the audit log.</p>
            <Facts items={[
              ['Membership number', m.membership_number], ['Status', humanise(m.status)], ['Branch', m.branch],
              ['Faction', m.faction || '—'], ['Joined', formatDate(m.joined_on)], ['Email', m.email || '—'],
              ['Also known as', m.aliases.length ? m.aliases.join(', ') : '—'],
            ]} />
            <Section id="m-sanctions" title="Sanctions over time">
              {m.sanctions.length === 0 ? <p class="muted">No sanctions.</p> : <SanctionTable hideCaption sanctions={[...m.sanctions].sort((a, b) => a.start.localeCompare(b.start))} />}
            </Section>
            <Section id="m-status" title="Membership status over time">
              {history.length === 0 ? <p class="muted">No changes recorded.</p> : (
                <ol class="timeline">
                  {history.map((h, i) => (
                    <li key={i}><p class="timeline-head"><strong>{humanise(h.status)}</strong> from {formatDate(h.from)}</p>{h.reason && <p class="muted small">{h.reason}</p>}</li>
                  ))}
                </ol>
              )}
            </Section>
            <Section id="m-offices" title="Offices held">
              {offices.length === 0 ? <p class="muted">No offices.</p> : (
                <div class="table-wrap">
                  <table class="responsive">
                    <caption class="visually-hidden">Offices</caption>
                    <thead><tr><th scope="col">Office</th><th scope="col">Kind</th><th scope="col">From</th><th scope="col">Until</th><th scope="col">Now</th></tr></thead>
                    <tbody>
                      {offices.map((o, i) => (
                        <tr key={i}>
                          <th scope="row" data-label="Office">{o.title}</th>
                          <td data-label="Kind">{humanise(o.kind)}</td>
                          <td data-label="From">{formatDate(o.start)}</td>
                          <td data-label="Until">{o.end ? formatDate(o.end) : '—'}</td>
                          <td data-label="Now">{o.held_today ? 'Held today' : 'No'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Section>
          </>
        );
      })()}
    </Page>
  );
}

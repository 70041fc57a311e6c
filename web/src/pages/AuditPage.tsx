import { ErrorBox, Link, Loading, Page } from '../components/ui';
import { get } from '../lib/api';
import { formatDateTime, humanise } from '../lib/format';
import { useLoad } from '../lib/useLoad';
import type { AuditRecord, Items } from '../lib/types';

/** Who accessed a case (or everything one account did), newest first, from the tamper-evident audit log. */
export function AuditPage({ kind, id }: { kind: 'case' | 'actor'; id: string }) {
  const path = kind === 'case' ? `/api/v1/cases/${encodeURIComponent(id)}/audit?limit=1000` : `/api/v1/audit?actor=${encodeURIComponent(id)}&limit=1000`;
  const records = useLoad(() => get<Items<AuditRecord>>(path), [path]);
  const title = kind === 'case' ? `Access log: case ${id}` : `Everything ${id} did`;
  return (
    <Page title={title} wide>
      {kind === 'case' && <p><Link href={`/cases/${encodeURIComponent(id)}`}>Open the case</Link></p>}
      {records.state === 'loading' && <Loading what="the audit log" />}
      {records.state === 'error' && <ErrorBox error={records.error} retry={records.reload} title="The audit log could not be loaded." />}
      {records.state === 'ok' && (() => {
        const items = records.data.items;
        const people = new Map<string, number>();
        for (const r of items) people.set(r.actor, (people.get(r.actor) ?? 0) + 1);
        return (
          <>
            <p>{items.length} record{items.length === 1 ? '' : 's'}{kind === 'case' ? ` by ${people.size} account${people.size === 1 ? '' : 's'}` : ''}. Each record carries the hash of the one before, so an edited, inserted or deleted record is found by verifying the chain.</p>
            {kind === 'case' && people.size > 0 && (
              <ul class="people" aria-label="Who accessed this case">
                {[...people].sort((a, b) => b[1] - a[1]).map(([actor, n]) => (
                  <li key={actor}><Link href={`/audit/${encodeURIComponent(actor)}`}>{actor}</Link> <span class="muted small">({n})</span></li>
                ))}
              </ul>
            )}
            <div class="table-wrap">
              <table class="responsive audit">
                <caption class="visually-hidden">Audit records, newest first</caption>
                <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Role</th><th scope="col">What</th><th scope="col">Object</th><th scope="col">From</th><th scope="col">Detail</th></tr></thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.seq} class={r.action.includes('refused') ? 'row-breached' : ''}>
                      <td data-label="When"><time dateTime={r.at}>{formatDateTime(r.at)}</time></td>
                      <th scope="row" data-label="Who">{r.actor}</th>
                      <td data-label="Role">{humanise(r.role)}</td>
                      <td data-label="What">{r.action}</td>
                      <td data-label="Object">{r.object_type} {r.object_id}</td>
                      <td data-label="From">{r.origin ?? <span class="muted">withheld</span>}</td>
                      <td data-label="Detail" class="break">{r.detail}</td>
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

import { ErrorBox, Link, Loading, Page } from '../components/ui';
import { get } from '../lib/api';
import { formatDateTime, humanise } from '../lib/format';
import { useLoad } from '../lib/useLoad';
import type { AuditRecord, Items } from '../lib/types';

interface Person { actor: string; role: string; count: number; first: string; last: string; actions: Set<string>; refused: number }

/** One row per account: what it did to the object, how often, first and last. Records arrive newest first. */
export function summarise(records: AuditRecord[]): Person[] {
  const people = new Map<string, Person>();
  for (const r of records) {
    let p = people.get(r.actor);
    if (!p) {
      p = { actor: r.actor, role: r.role, count: 0, first: r.at, last: r.at, actions: new Set(), refused: 0 };
      people.set(r.actor, p);
    }
    p.count += 1;
    if (r.at < p.first) p.first = r.at;
    if (r.at > p.last) p.last = r.at;
    p.actions.add(r.action);
    if (r.action.includes('refused')) p.refused += 1;
  }
  return [...people.values()].sort((a, b) => b.last.localeCompare(a.last));
}

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
        const people = summarise(items);
        return (
          <>
            <p>
              {items.length} record{items.length === 1 ? '' : 's'}{items.length === 1000 ? ' (the newest 1,000)' : ''}. Each record carries the hash of the one
              before, so a record edited, inserted or deleted by hand is found by verifying the chain.
            </p>
            {kind === 'case' && (
              <section aria-labelledby="people-heading">
                <h2 id="people-heading">Who accessed this case</h2>
                <div class="table-wrap">
                  <table class="responsive audit" aria-label="Who accessed this case">
                    <thead><tr><th scope="col">Account</th><th scope="col">Role</th><th scope="col">Records</th><th scope="col">First</th><th scope="col">Last</th><th scope="col">What</th></tr></thead>
                    <tbody>
                      {people.map((p) => (
                        <tr key={p.actor} class={p.refused ? 'row-breached' : ''}>
                          <th scope="row" data-label="Account"><Link href={`/audit/${encodeURIComponent(p.actor)}`}>{p.actor}</Link></th>
                          <td data-label="Role">{humanise(p.role)}</td>
                          <td data-label="Records">{p.count}{p.refused ? <span class="tag">{p.refused} refused</span> : null}</td>
                          <td data-label="First">{formatDateTime(p.first)}</td>
                          <td data-label="Last">{formatDateTime(p.last)}</td>
                          <td data-label="What" class="break">{[...p.actions].sort().join(', ')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            )}
            <h2>Every record</h2>
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

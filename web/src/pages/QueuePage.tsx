import { useState } from 'preact/hooks';
import { ErrorBox, Field, Link, Loading, Page, TimeLeftBadge } from '../components/ui';
import { get } from '../lib/api';
import { formatDate } from '../lib/format';
import { loadProcess, stagesInOrder } from '../lib/process';
import { navigate, useLocation } from '../lib/router';
import { useLoad } from '../lib/useLoad';
import type { QueueItem, QueuePage as Page_ } from '../lib/types';

export type SortKey = 'deadline' | 'number' | 'opened' | 'stage' | 'category' | 'assignee';
const SORTS: [SortKey, string][] = [
  ['deadline', 'Deadline (most urgent first)'], ['number', 'Case number'], ['opened', 'Date opened'],
  ['stage', 'Stage'], ['category', 'Category'], ['assignee', 'Assignee'],
];

/** Sorts the rows shown; the server already returns them most urgent first. */
export function sortRows(rows: QueueItem[], key: SortKey, descending: boolean): QueueItem[] {
  const value = (r: QueueItem): string => {
    switch (key) {
      case 'deadline': return r.due_at ?? '9999';
      case 'number': return r.number;
      case 'opened': return r.opened_at;
      case 'stage': return r.stage.title;
      case 'category': return r.category.title;
      case 'assignee': return r.assignee ?? '\uffff';
    }
  };
  const sorted = [...rows].sort((a, b) => value(a).localeCompare(value(b)) || a.number.localeCompare(b.number));
  return descending ? sorted.reverse() : sorted;
}

function queuePath(query: URLSearchParams, cursor?: string): string {
  const params = new URLSearchParams();
  for (const name of ['stage', 'category', 'assignee']) {
    const v = query.get(name);
    if (v) params.set(name, v);
  }
  if (query.get('overdue') === 'true') params.set('overdue', 'true');
  params.set('limit', '50');
  if (cursor) params.set('cursor', cursor);
  return `/api/v1/cases?${params}`;
}

export function QueuePage() {
  const { query } = useLocation();
  const key = query.toString();
  const process = useLoad(loadProcess, []);
  const [more, setMore] = useState<{ key: string; items: QueueItem[]; cursor: string | null; loading: boolean; error: unknown }>({ key: '', items: [], cursor: null, loading: false, error: null });
  const page = useLoad(() => get<Page_>(queuePath(query)), [key]);

  const sort = (query.get('sort') as SortKey | null) ?? 'deadline';
  const descending = query.get('dir') === 'desc';
  const extra = more.key === key ? more : { key, items: [], cursor: null, loading: false, error: null };
  const cursor = extra.items.length ? extra.cursor : page.state === 'ok' ? page.data.next_cursor : null;
  const rows = page.state === 'ok' ? sortRows([...page.data.items, ...extra.items], sort, descending) : [];

  const apply = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next = new URLSearchParams();
    for (const name of ['stage', 'category', 'assignee', 'sort', 'dir']) {
      const v = String(form.get(name) ?? '').trim();
      if (v && !(name === 'sort' && v === 'deadline') && !(name === 'dir' && v === 'asc')) next.set(name, v);
    }
    if (form.get('overdue')) next.set('overdue', 'true');
    const qs = next.toString();
    navigate(`/cases${qs ? `?${qs}` : ''}`);
  };

  const loadMore = async () => {
    if (!cursor) return;
    setMore({ ...extra, loading: true, error: null });
    try {
      const next = await get<Page_>(queuePath(query, cursor));
      setMore({ key, items: [...extra.items, ...next.items], cursor: next.next_cursor, loading: false, error: null });
    } catch (error) {
      setMore({ ...extra, loading: false, error });
    }
  };

  const stages = process.state === 'ok' ? stagesInOrder(process.data).filter((s) => !s.terminal) : [];
  const categories = process.state === 'ok' ? process.data.categories : [];

  return (
    <Page title="Cases" wide>
      <form class="filters" onSubmit={apply} aria-label="Filter and sort the cases" key={key}>
        <Field id="f-stage" label="Stage">
          <select id="f-stage" name="stage" value={query.get('stage') ?? ''}>
            <option value="">All stages</option>
            {stages.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
          </select>
        </Field>
        <Field id="f-category" label="Category">
          <select id="f-category" name="category" value={query.get('category') ?? ''}>
            <option value="">All categories</option>
            {categories.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
          </select>
        </Field>
        <Field id="f-assignee" label="Assignee">
          <input id="f-assignee" name="assignee" type="text" autoCapitalize="none" spellcheck={false} placeholder="user name" value={query.get('assignee') ?? ''} />
        </Field>
        <Field id="f-sort" label="Sort by">
          <select id="f-sort" name="sort" value={sort}>
            {SORTS.map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
        </Field>
        <Field id="f-dir" label="Order">
          <select id="f-dir" name="dir" value={descending ? 'desc' : 'asc'}>
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </Field>
        <div class="field checkbox">
          <input id="f-overdue" name="overdue" type="checkbox" value="true" checked={query.get('overdue') === 'true'} />
          <label for="f-overdue">Only overdue</label>
        </div>
        <div class="filters-buttons">
          <button type="submit" class="button">Apply</button>
          {key && <Link href="/cases" class="button button-secondary">Clear</Link>}
        </div>
      </form>
      {page.state === 'loading' && <Loading what="the cases" />}
      {page.state === 'error' && <ErrorBox error={page.error} retry={page.reload} title="The cases could not be loaded." />}
      {page.state === 'ok' && rows.length === 0 && <p class="empty">No open cases match.</p>}
      {page.state === 'ok' && rows.length > 0 && (
        <>
          <p class="muted small" role="status">Showing {rows.length} case{rows.length === 1 ? '' : 's'}{cursor ? ' (more below)' : ''}. Sorting applies to the cases shown.</p>
          <div class="table-wrap">
            <table class="queue responsive">
              <caption class="visually-hidden">Open cases</caption>
              <thead>
                <tr>
                  <th scope="col">Case</th><th scope="col">Respondents</th><th scope="col">Category</th>
                  <th scope="col">Stage</th><th scope="col">Assignee</th><th scope="col">Opened</th><th scope="col">Time left</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.number} class={`row-${r.deadline.status ?? 'none'}`}>
                    <th scope="row" data-label="Case"><Link href={`/cases/${encodeURIComponent(r.number)}`}>{r.number}</Link>{r.interim_suspension && <span class="tag">Interim suspension</span>}</th>
                    <td data-label="Respondents">{r.respondents}</td>
                    <td data-label="Category">{r.category.title}</td>
                    <td data-label="Stage">{r.stage.title}{r.waiting && <span class="muted small"> · {r.waiting.title}</span>}</td>
                    <td data-label="Assignee" class="nowrap">{r.assignee ?? <span class="muted">Unassigned</span>}</td>
                    <td data-label="Opened" class="nowrap">{formatDate(r.opened_at.slice(0, 10))}</td>
                    <td data-label="Time left"><TimeLeftBadge deadline={r.deadline} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {extra.error !== null && <ErrorBox error={extra.error} retry={loadMore} title="More cases could not be loaded." />}
          {cursor && <button type="button" class="button button-secondary" onClick={loadMore} disabled={extra.loading}>{extra.loading ? 'Loading…' : 'Show 50 more'}</button>}
        </>
      )}
    </Page>
  );
}

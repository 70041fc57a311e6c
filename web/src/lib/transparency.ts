// Pure helpers for the public transparency report: periods, the published
// cells (a count, or the text that stands for a hidden one) and the series
// the charts draw. A hidden cell is never turned into a number: a chart
// leaves a gap there and its table says why.
import type { PublishedCell, PublishedTable, TransparencyReport } from './types';

/** "2026Q3" for a date. */
export function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/** The quarter before "2026Q1" is "2025Q4". */
export function previousQuarter(period: string): string {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (!m) return period;
  const year = Number(m[1]);
  const q = Number(m[2]);
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
}

/** The last complete quarter on `today`: the one a report is published for by default. */
export function lastCompleteQuarter(today: Date): string {
  return previousQuarter(quarterOf(today));
}

/** The quarters offered, newest first: the current one (so far) and the `count` before it. */
export function recentQuarters(today: Date, count = 8): string[] {
  const out = [quarterOf(today)];
  while (out.length <= count) out.push(previousQuarter(out[out.length - 1]!));
  return out;
}

export function isQuarter(period: string): boolean {
  return /^\d{4}Q[1-4]$/.test(period);
}

/** "July to September 2026" for "2026Q3". */
export function periodTitle(period: string): string {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (!m) return period;
  const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const first = (Number(m[2]) - 1) * 3;
  return `${names[first]} to ${names[first + 2]} ${m[1]}`;
}

/** The months of a quarter, as periods the report endpoint takes: "2026Q3" gives 2026-07, 2026-08, 2026-09. */
export function monthsOf(period: string): string[] {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (!m) return [];
  const first = (Number(m[2]) - 1) * 3 + 1;
  return [0, 1, 2].map((i) => `${m[1]}-${String(first + i).padStart(2, '0')}`);
}

/** "Jul 2026" for "2026-07". */
export function monthTitle(month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
}

/** The count in a published cell, or null when it is hidden. */
export function cellCount(cell: PublishedCell | undefined): number | null {
  return typeof cell === 'number' ? cell : null;
}

export type CellKind = 'count' | 'small' | 'secondary';

/** Whether a cell is a count, a small count shown as "fewer than 5", or a cell hidden to protect one (secondary). */
export function cellKind(cell: PublishedCell | undefined, report?: Pick<TransparencyReport, 'suppression'>): CellKind {
  if (typeof cell === 'number') return 'count';
  const small = report?.suppression.small ?? 'fewer than 5';
  return cell === small || (typeof cell === 'string' && /^fewer than/i.test(cell)) ? 'small' : 'secondary';
}

/** The text of a published cell: the number with thousands separators, or the report's own words for a hidden one. */
export function cellText(cell: PublishedCell | undefined): string {
  if (cell === undefined) return '—';
  return typeof cell === 'number' ? cell.toLocaleString('en-GB') : cell;
}

export function findTable(report: TransparencyReport, id: string): PublishedTable | undefined {
  return report.tables.find((t) => t.id === id);
}

/** Open cases at the period's end by age bucket, all categories: the backlog table's column totals. */
export function backlogSeries(report: TransparencyReport): { bucket: string; cell: PublishedCell }[] {
  const table = findTable(report, 'backlog_by_age');
  if (!table) return [];
  return table.columns.map((bucket, i) => ({ bucket, cell: table.totals[i] ?? 0 }));
}

/** Deadlines met and missed in a period, all stages: the compliance table's column totals. */
export function complianceTotals(report: TransparencyReport): { met: PublishedCell; missed: PublishedCell } {
  const table = findTable(report, 'deadline_compliance');
  if (!table) return { met: 0, missed: 0 };
  const at = (name: string) => {
    const i = table.columns.indexOf(name);
    return i < 0 ? 0 : table.totals[i] ?? 0;
  };
  return { met: at('met'), missed: at('missed') };
}

/** Working days from receipt to outcome over all categories (the "all" line), or nulls when withheld. */
export function outcomeDays(report: TransparencyReport): { median: number | null; p90: number | null } {
  const all = report.days_to_outcome.find((d) => d.label === 'all');
  return { median: all?.median_days ?? null, p90: all?.p90_days ?? null };
}

/** Whether any cell of the report is hidden, so the page explains the rule only when it applies. */
export function countHidden(report: TransparencyReport): { small: number; secondary: number } {
  let small = 0;
  let secondary = 0;
  const see = (cell: PublishedCell) => {
    const kind = cellKind(cell, report);
    if (kind === 'small') ++small;
    else if (kind === 'secondary') ++secondary;
  };
  for (const t of report.tables) {
    for (const r of t.rows) { r.values.forEach(see); see(r.total); }
    t.totals.forEach(see);
    see(t.total);
  }
  return { small, secondary };
}

/** "no_case_to_answer" reads as "No case to answer". */
export function words(id: string): string {
  const text = id.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

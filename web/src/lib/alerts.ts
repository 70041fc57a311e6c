// Platform-sharing alerts: who sees and acts on them, the list's address,
// and the check of a dismissal's reasons (the server's rule, checked first
// here so that a person is told before sending).
import type { AlertStatus } from './types';

/** Who may read alerts (PlatformService: never political office). */
export const ALERT_READERS = ['caseworker', 'investigator', 'oversight', 'administrator'];
/** Who may dismiss an open alert. */
export const ALERT_DISMISSERS = ['caseworker', 'investigator', 'administrator'];
/** Who may open a platform-sharing case from an open alert. */
export const ALERT_CASE_OPENERS = ['caseworker'];

export const ALERT_STATUSES: { id: AlertStatus; title: string }[] = [
  { id: 'open', title: 'Open' },
  { id: 'dismissed', title: 'Dismissed' },
  { id: 'case_opened', title: 'Case opened' },
  { id: 'withdrawn', title: 'Withdrawn' },
];

/** The filters offered: one status, or every alert. */
export type AlertFilter = AlertStatus | 'all';
export const ALERT_FILTERS: { id: AlertFilter; title: string }[] = [
  ...ALERT_STATUSES.map((s) => ({ id: s.id as AlertFilter, title: s.title })),
  { id: 'all', title: 'All alerts' },
];

export function alertStatusTitle(status: string): string {
  return ALERT_STATUSES.find((s) => s.id === status)?.title ?? status;
}

/** The filter in an address's ?status=, open when absent or unknown. */
export function alertFilterOf(value: string | null): AlertFilter {
  return ALERT_FILTERS.some((f) => f.id === value) ? (value as AlertFilter) : 'open';
}

export const ALERT_PAGE = 50;

/** GET /api/v1/alerts for a filter, after the alert with id `before` (the last one shown). */
export function alertsPath(filter: AlertFilter, before?: number, limit = ALERT_PAGE): string {
  const params = new URLSearchParams();
  if (filter !== 'all') params.set('status', filter);
  params.set('limit', String(limit));
  if (before !== undefined) params.set('before', String(before));
  return `/api/v1/alerts?${params}`;
}

export const DISMISSAL_MIN = 20;

/** What is wrong with a dismissal's reasons, or null. */
export function dismissalProblem(reasons: string): string | null {
  const n = [...reasons.trim()].length;
  if (n === 0) return 'Reasons: say why the alert is dismissed';
  if (n < DISMISSAL_MIN) return `Reasons: write at least ${DISMISSAL_MIN} characters (now ${n})`;
  return null;
}

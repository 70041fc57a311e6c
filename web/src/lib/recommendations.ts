// The recommendations tracker: status names, the order they are shown in,
// evidence lines (links or plain text) and the checks of a status change,
// which follow the server's (RecommendationService::SetStatus).
import type { RecommendationStatus } from './types';

export const RECOMMENDATION_STATUSES: { id: RecommendationStatus; title: string }[] = [
  { id: 'not_started', title: 'Not started' },
  { id: 'in_progress', title: 'In progress' },
  { id: 'partly_implemented', title: 'Partly implemented' },
  { id: 'implemented', title: 'Implemented' },
  { id: 'rejected', title: 'Rejected' },
];

/** Who may change a recommendation's status. */
export const RECOMMENDATION_MANAGERS = ['administrator'];

export function recommendationStatusTitle(status: string): string {
  return RECOMMENDATION_STATUSES.find((s) => s.id === status)?.title ?? status;
}

/** "3.2" before "10": numbers compared part by part, as numbers where they are. */
export function compareNumbers(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); ++i) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c;
  }
  return 0;
}

/** The part of all that is `n`, as a whole percentage (0 when there is nothing). */
export function percent(n: number, all: number): number {
  return all > 0 ? Math.round((n / all) * 100) : 0;
}

export interface EvidenceLine { text: string; link: boolean }

/** Evidence is one item a line: links (http or https) are marked to be shown as links. */
export function evidenceLines(evidence: string): EvidenceLine[] {
  return evidence.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((text) => {
    let link = false;
    try {
      const url = new URL(text);
      link = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 && !/\s/.test(text);
    } catch {
      link = false;
    }
    return { text, link };
  });
}

export const REASON_MIN = 10;

/** Statuses that need evidence: what was done, or the decision not to. */
export function needsEvidence(status: string): boolean {
  return status === 'implemented' || status === 'rejected';
}

/** The problems of a status change, by field id (rec-status, rec-reason, rec-evidence). */
export function statusChangeProblems(current: string, change: { status: string; reason: string; evidence: string }): { id: string; message: string }[] {
  const problems: { id: string; message: string }[] = [];
  if (!change.status) problems.push({ id: 'rec-status', message: 'New status: choose one' });
  else if (change.status === current) problems.push({ id: 'rec-status', message: `New status: it is already “${recommendationStatusTitle(current)}”; choose another` });
  const reason = [...change.reason.trim()].length;
  if (reason === 0) problems.push({ id: 'rec-reason', message: 'Reason: say why the status changes' });
  else if (reason < REASON_MIN) problems.push({ id: 'rec-reason', message: `Reason: write at least ${REASON_MIN} characters (now ${reason})` });
  if (needsEvidence(change.status) && !change.evidence.trim()) {
    problems.push({ id: 'rec-evidence', message: `Evidence: “${recommendationStatusTitle(change.status)}” needs evidence (a link, a document, the policy version or the cases it touches)` });
  }
  return problems;
}

// Pure formatting: dates, sizes and the time left before a deadline.
import type { Deadline } from './types';

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London',
});

/** "3 Dec 2026" for a YYYY-MM-DD date (read as a calendar date, not an instant). */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return dateFormat.format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** "3 Dec 2026, 14:05" in the policy's time zone, for an RFC 3339 instant. */
export function formatDateTime(instant: string | null | undefined): string {
  if (!instant) return '—';
  const at = new Date(instant);
  return Number.isNaN(at.getTime()) ? instant : dateTimeFormat.format(at);
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${Math.abs(n) === 1 ? one : many}`;
}

export type Tone = 'none' | 'ok' | 'warn' | 'late' | 'paused';
export interface TimeLeft { text: string; tone: Tone; detail: string }

/**
 * The time left before a stage deadline, as a person reads it: working days
 * while there are some, hours on the last day, and how far past it once
 * breached. Amber ("warn") before the breach when the policy's warning period
 * has begun, red ("late") after it.
 */
export function timeLeft(deadline: Deadline | null | undefined, now: Date = new Date()): TimeLeft {
  if (!deadline || deadline.status === null) return { text: 'No deadline', tone: 'none', detail: '' };
  const due = deadline.due_date ? `due ${formatDate(deadline.due_date)}` : '';
  const days = deadline.working_days_left;
  if (deadline.status === 'paused') {
    const left = days !== null ? `; ${plural(days, 'working day')} left when it resumes` : '';
    return { text: 'Paused', tone: 'paused', detail: `Clock stopped while waiting on a party${left}` };
  }
  const dueAt = deadline.due_at ? new Date(deadline.due_at) : null;
  const msLeft = dueAt ? dueAt.getTime() - now.getTime() : null;
  if (deadline.status === 'breached' || (msLeft !== null && msLeft <= 0)) {
    let text = 'Overdue';
    if (days !== null && days < 0) text = `Overdue by ${plural(-days, 'working day')}`;
    else if (msLeft !== null && msLeft < 0 && -msLeft < 86_400_000) text = `Overdue by ${plural(Math.max(1, Math.floor(-msLeft / 3_600_000)), 'hour')}`;
    return { text, tone: 'late', detail: due };
  }
  const tone: Tone = deadline.status === 'due_soon' ? 'warn' : 'ok';
  if (msLeft !== null && msLeft < 86_400_000) {
    const hours = Math.floor(msLeft / 3_600_000);
    return { text: hours >= 1 ? `${plural(hours, 'hour')} left` : 'Less than an hour left', tone: 'warn', detail: due };
  }
  if (days !== null) {
    return { text: days === 0 ? 'Due today' : `${plural(days, 'working day')} left`, tone, detail: due };
  }
  return { text: due || 'Deadline set', tone, detail: '' };
}

/** Whether a string is an absolute http or https URL. */
export function isWebLink(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Today's date as YYYY-MM-DD in the browser's own time zone (the limit of a date picker). */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A snake_case identifier as words: "open_investigation" -> "Open investigation". */
export function humanise(id: string): string {
  const words = id.replace(/[._]/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

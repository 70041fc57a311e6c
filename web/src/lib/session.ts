// Who is signed in. The session cookie is HttpOnly, so the page learns who
// it is from GET /api/v1/me, which also gives back the CSRF token after a reload.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, setCsrfToken } from './api';
import type { Me, Session } from './types';

export type SessionState = { state: 'unknown' } | { state: 'anonymous' } | { state: 'signed-in'; me: Me };

let current: SessionState = { state: 'unknown' };
const listeners = new Set<(s: SessionState) => void>();
let pending: Promise<SessionState> | null = null;

function set(next: SessionState): void {
  current = next;
  setCsrfToken(next.state === 'signed-in' ? next.me.csrf_token : null);
  for (const listener of listeners) listener(next);
}

/** Asks the server who is signed in (once; later calls share the answer). */
export function refreshSession(): Promise<SessionState> {
  pending ??= api<Me>('GET', '/api/v1/me')
    .then((r): SessionState => ({ state: 'signed-in', me: r.data }))
    .catch((error): SessionState => {
      if (error instanceof ApiError && error.status === 401) return { state: 'anonymous' };
      // The server could not say: treat as signed out, but let a later page ask again.
      return { state: 'anonymous' };
    })
    .then((s) => {
      set(s);
      pending = null;
      return s;
    });
  return pending;
}

export function signedIn(session: Session): void {
  set({
    state: 'signed-in',
    me: { username: session.username, role: session.role, role_title: session.role_title, credential: 'session',
          csrf_token: session.csrf_token, scopes: [] },
  });
}

export async function signOut(): Promise<void> {
  try {
    await api('DELETE', '/api/v1/session');
  } finally {
    set({ state: 'anonymous' });
  }
}

export function useSession(): SessionState {
  const [state, setState] = useState(current);
  useEffect(() => {
    listeners.add(setState);
    if (current.state === 'unknown') void refreshSession();
    else setState(current);
    return () => {
      listeners.delete(setState);
    };
  }, []);
  return state;
}

/** The page a role starts on after signing in. */
export function homeFor(role: string): string {
  switch (role) {
    case 'oversight': return '/oversight';
    case 'respondent': return '/my-case';
    case 'complainant': return '/status';
    case 'caseworker': case 'investigator': case 'panel_member': case 'appeal_panel': return '/cases';
    default: return '/account';
  }
}

export const STAFF_CASE_ROLES = ['caseworker', 'investigator', 'panel_member', 'appeal_panel', 'oversight'];
export const MEMBER_READERS = ['caseworker', 'investigator', 'oversight'];

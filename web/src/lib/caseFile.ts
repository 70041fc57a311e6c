// Loads a case file: the case itself (which must succeed) and every section
// the caller may see, each of which may fail on its own without hiding the rest.
import { api, get } from './api';
import type { Actions, Case, Evidence, Items, Message, Note, Post, Timeline } from './types';

export type Part<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface CaseFile {
  c: Case;
  timeline: Part<Timeline>;
  actions: Part<Actions>;
  evidence: Part<Items<Evidence>>;
  notes: Part<Items<Note>> | null;
  complainantThread: Part<Items<Message>> | null;
  respondentThread: Part<Items<Message>> | null;
  /** Social-media posts attached to the case; never asked for by a party (the server refuses them). */
  posts: Part<Items<Post>> | null;
}

async function part<T>(promise: Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

export const isParty = (role: string) => role === 'respondent' || role === 'complainant';

/** `withPosts` also asks for the social-media posts (each such read is audited, so only the case page asks). */
export async function loadCaseFile(number: string, role: string, withPosts = false): Promise<CaseFile> {
  const base = `/api/v1/cases/${encodeURIComponent(number)}`;
  const c = (await api<Case>('GET', base)).data;
  const party = isParty(role);
  const [timeline, actions, evidence, notes, complainantThread, respondentThread, posts] = await Promise.all([
    part(get<Timeline>(`${base}/timeline`)),
    part(get<Actions>(`${base}/actions`)),
    part(get<Items<Evidence>>(`${base}/evidence`)),
    party ? Promise.resolve(null) : part(get<Items<Note>>(`${base}/notes`)),
    party ? Promise.resolve(null) : part(get<Items<Message>>(`${base}/messages?party=complainant`)),
    role === 'complainant' ? Promise.resolve(null) : part(get<Items<Message>>(`${base}/messages?party=respondent`)),
    party || !withPosts ? Promise.resolve(null) : part(get<Items<Post>>(`${base}/posts`)),
  ]);
  return { c, timeline, actions, evidence, notes, complainantThread, respondentThread, posts };
}

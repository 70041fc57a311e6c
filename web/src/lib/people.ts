// Who may take a case (GET .../eligible) and the caller's declared interests.
import { get } from './api';
import type { EligiblePerson, EligibleRole, Interest, Items } from './types';

/** The people of a role with no conflict of interest on the case, who have not stepped aside from it. */
export function loadEligible(number: string, role: EligibleRole): Promise<EligiblePerson[]> {
  return get<Items<EligiblePerson>>(`/api/v1/cases/${encodeURIComponent(number)}/eligible?role=${role}`).then((r) => r.items);
}

export function loadInterests(username: string): Promise<Interest[]> {
  return get<Items<Interest>>(`/api/v1/users/${encodeURIComponent(username)}/interests`).then((r) => r.items);
}

/**
 * The role a policy field of type "user" chooses from. The shipped policy's
 * only such field is the investigation's assignee; a field whose id or label
 * names a panel chooses panel members, or appeal panel members for an appeal.
 */
export function roleForUserField(field: { id: string; label: string }): EligibleRole {
  const text = `${field.id} ${field.label}`.toLowerCase();
  if (text.includes('appeal')) return 'appeal_panel';
  if (text.includes('panel')) return 'panel_member';
  return 'investigator';
}

/** "Helen Clarke (helen.clarke)", or the user name alone when it is the display name. */
export function personLabel(p: EligiblePerson): string {
  return p.display_name && p.display_name !== p.username ? `${p.display_name} (${p.username})` : p.username;
}

export const ROLE_TITLES: Record<EligibleRole, string> = {
  investigator: 'investigator',
  panel_member: 'panel member',
  appeal_panel: 'appeal panel member',
};

export const INTEREST_KINDS = [
  { id: 'branch', title: 'A branch', help: 'A branch you belong to or hold office in, by its name.' },
  { id: 'faction', title: 'A faction', help: 'A group or faction within the organisation you belong to or support.' },
  { id: 'person', title: 'A person', help: 'Someone you know well, work with or are related to, by their full name.' },
] as const;

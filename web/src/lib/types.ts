// The shapes of the JSON API under /api/v1, as src/http/api/openapi.json describes them.

export interface Titled { id: string; title: string }
export interface Waiting { id: string; title: string; pauses_clock: boolean }

export type DeadlineStatus = 'on_track' | 'due_soon' | 'breached' | 'paused' | null;
export interface Deadline {
  due_date: string | null;
  due_at: string | null;
  status: DeadlineStatus;
  working_days_left: number | null;
}

export interface Problem { type: string; title: string; status: number; detail: string; field?: string }

export interface Session { username: string; role: string; role_title: string; csrf_token: string; expires_at: string }
export interface Me {
  username: string; role: string; role_title: string;
  credential: 'session' | 'api_token'; csrf_token: string | null; scopes: string[];
}

export interface ComplaintRequest {
  category: string;
  description: string;
  occurred_on: string;
  anonymous: boolean;
  complainant?: { name: string; email: string };
  respondents: { name: string; membership_number?: string }[];
  place?: string;
  links?: string[];
}
export interface Receipt { receipt: string; secret: string; case_number: string; grouped: boolean }
export interface ComplaintStatus {
  receipt: string; case_number: string; received_at: string; category: string; stage: string;
  closed: boolean; outcome: string | null; reasons: string | null;
  messages: { from: 'you' | 'complaints unit'; body: string; at: string }[];
  /** The files the complainant sent (newer servers). */
  files?: SubmittedFile[];
}
export interface SubmittedFile { id: number; file_name: string; size: number; sha256: string; at: string }

export interface ProcessAction { id: string; title: string; to: Titled | null }
export interface ProcessStage {
  id: string; title: string; deadline_working_days: number | null; terminal: boolean;
  checklist: string[]; guidance: string; actions: ProcessAction[];
}
export interface SanctionKind {
  id: string; title: string; severity: number; has_term: boolean; max_term_months: number | null;
  readmission_bar_years: number | null; removes_membership: boolean; requires_education: boolean;
}
export interface Process {
  name: string; version: string; time_zone: string; calendar: string; start_stage: string;
  complaint_time_limit_months: number; stages: ProcessStage[]; categories: Titled[];
  sanctions: SanctionKind[];
  appeal: { window_working_days: number; heard_by_different_people: boolean };
  interim_suspension: { review_every_working_days: number; max_working_days: number };
}

export interface QueueItem {
  number: string; category: Titled; stage: Titled; waiting: Waiting | null; assignee: string | null;
  respondents: string; opened_at: string; interim_suspension: boolean; due_at: string | null; deadline: Deadline;
}
export interface QueuePage { items: QueueItem[]; next_cursor: string | null }

export interface Sanction {
  id: number; member_id: number; case_id: number | null; kind: string; kind_title: string; category: string;
  start: string; end: string | null; readmission_from: string | null; published_on: string | null;
  overturned_at: string | null; overturn_reason: string | null; in_force_today?: boolean;
}

export interface CaseComplaint {
  id: number; receipt: string; received_at: string; channel: string; occurred_on: string; place: string;
  description: string; anonymous: boolean;
  /** email is null when the complaint was raised by a rule (a platform-sharing alert), not by a person. */
  complainant: { name: string; email: string | null; member_id: number | null } | null;
  respondents: { name: string; membership_number: string | null }[];
  /** Web addresses the complainant gave as evidence (newer servers). */
  links?: string[];
}
export interface Case {
  number: string; category: Titled; stage: Titled; waiting: Waiting | null; assignee: string | null;
  opened_at: string; stage_entered_at: string; closed_at: string | null; deadline: Deadline | null;
  respondents: { name: string; member_id: number | null; membership_number: string | null }[];
  complaints: CaseComplaint[]; out_of_time: boolean;
  decision: { outcome: string; outcome_title: string; reasons: string; term_months: number | null;
              decided_at: string; decided_by: string } | null;
  appeal: { lodged_at: string; grounds: string; lodged_by: string; upheld: boolean | null;
            reasons: string | null; decided_by: string | null } | null;
  interim_suspension: { imposed_at: string; review_due: string; reasons: string; imposed_by: string } | null;
  sanctions: Sanction[];
  panel: { username: string; kind: 'panel' | 'appeal' }[];
  allowed_actions: string[];
  version: number;
}

export interface CaseEvent {
  id: number; at: string; actor: string; role: string; action: string;
  from_stage: string | null; to_stage: string | null; fields: Record<string, string>;
}
export interface Timeline { number: string; events: CaseEvent[] }

export type FieldType = 'text' | 'date' | 'integer' | 'sanction' | 'choice' | 'user';
export interface ActionField {
  id: string; label: string; type: FieldType; required: boolean; help: string; options: string[];
  min: number | null; max: number | null; min_length: number | null;
}
export interface CaseAction {
  id: string; label: string; guidance: string; to: Titled | null; waits: Waiting | null; fields: ActionField[];
}
export interface Actions {
  number: string; version: number; stage: Titled; checklist: string[]; guidance: string; actions: CaseAction[];
}

export interface Note { id: number; author: string; body: string; at: string }
export interface Message {
  id: number; party: 'complainant' | 'respondent'; complaint_id: number | null; author: string;
  author_role: string; body: string; at: string;
}
export interface Evidence {
  id: number; file_name: string; content_type: string; size: number; sha256: string;
  uploaded_by?: string; at?: string; disclosed?: boolean;
}
export interface Items<T> { items: T[] }

export interface Member {
  membership_number: string; name: string; given_name: string; family_name: string; aliases: string[];
  branch: string; faction: string; email: string; joined_on: string;
  status: 'active' | 'lapsed' | 'resigned' | 'deceased';
  status_history: { status: string; from: string; reason: string }[];
  offices: { kind: string; title: string; start: string; end: string | null; held_today: boolean }[];
  sanctions: Sanction[];
}

export interface AuditRecord {
  seq: number; at: string; actor: string; role: string; action: string; object_type: string;
  object_id: string; origin: string | null; detail: string; hash: string;
}
export interface ChainCheck { records: number; ok: boolean; first_bad_seq: number | null; problem: string | null }

export interface Statistics {
  as_of: string;
  backlog_by_age: { bucket: string; count: number }[];
  stage_days_by_month: { month: string; stage: string; cases: number; median_days: number; p90_days: number }[];
  compliance_by_month: { month: string; met: number; missed: number }[];
  outcomes_by_category: { category: string; outcome: string; count: number }[];
  interim_suspensions_overdue: { case: string; respondent: string; imposed_on: string; review_due: string }[];
}

/** GET /api/v1/cases/{number}/eligible: people who may take a case in a role. */
export type EligibleRole = 'investigator' | 'panel_member' | 'appeal_panel';
export interface EligiblePerson { username: string; display_name: string; role: string }

/** A declared interest: a branch, a faction or a named person. */
export type InterestKind = 'branch' | 'faction' | 'person';
export interface Interest { id: number; kind: InterestKind; value: string }

/**
 * A published cell of the transparency report: a count, or the text that
 * stands for a hidden one ("fewer than 5", or "withheld" for a cell hidden
 * so that a small count cannot be worked out from the totals).
 */
export type PublishedCell = number | string;
export interface PublishedTable {
  id: string; title: string; row_heading: string; columns: string[];
  rows: { label: string; values: PublishedCell[]; total: PublishedCell }[];
  totals: PublishedCell[]; total: PublishedCell;
}
export interface PublishedDuration { label: string; median_days: number | null; p90_days: number | null }
export interface RecommendationFigures { report: string; total: number; overdue: number; by_status: Record<string, number> }
/** GET /api/v1/reports/transparency?period=: the public report (src/reporting/render.cpp, TransparencyJson). */
export interface TransparencyReport {
  period: { label: string; first: string; last: string };
  generated_on: string;
  suppression: { threshold: number; small: string; secondary: string };
  tables: PublishedTable[];
  days_to_stage: PublishedDuration[];
  days_to_outcome: PublishedDuration[];
  recommendations: RecommendationFigures[];
}

/** A platform-sharing alert (src/http/api/alert_routes.cpp, AlertJson). */
export type AlertStatus = 'open' | 'withdrawn' | 'dismissed' | 'case_opened';
export interface SanctionedParticipant {
  name: string; membership_number: string; role: string; sanction_id: number; kind: string; category: string;
  start: string; end: string | null; published_on: string;
}
export interface Alert {
  id: number; status: AlertStatus;
  official: { name: string; membership_number: string; role: string; office: { kind: string; title: string; start: string; end: string | null } };
  event: { id: number; title: string; starts_at: string; date: string; place: string; source: string; links: string[] };
  sanctioned: SanctionedParticipant[];
  raised_at: string; closed_at: string | null; reason: string | null;
  /** Why the rule fired, in words, one fact a line. */
  explanation: string;
  /** The case opened from the alert (newer servers). */
  case_number?: string | null;
}
export interface AlertCase { case_number: string; alert: Alert }

/** The recommendations tracker: reports into the process and what they recommended. */
export type RecommendationStatus = 'not_started' | 'in_progress' | 'implemented' | 'partly_implemented' | 'rejected';
export interface TrackedReport {
  key: string; title: string; publisher: string; published_on: string; source: string;
  total: number; implemented: number; overdue: number; by_status: Record<RecommendationStatus, number>;
}
export interface Recommendation {
  id: string; report: string; number: string; text: string; theme: string; owner: string; due: string | null;
  status: RecommendationStatus; source: string; overdue: boolean;
}
export interface RecommendationChange {
  from_status: string; to_status: string; reason: string; evidence: string; at: string;
  /** Only for signed-in staff. */
  changed_by?: string;
}
export interface RecommendationWithHistory extends Recommendation { history: RecommendationChange[] }

/** Social-media evidence (src/http/api/post_routes.cpp): posts, their flags and the accounts that wrote them. */
export type PostKind = 'post' | 'reply' | 'share' | 'like';
export type AccountLink = 'none' | 'declared' | 'confirmed';
export interface PostFlag {
  category: string; category_title: string; pattern_id: string; pattern: string;
  /** Byte offsets of the match in the UTF-8 text of the post, end exclusive. */
  begin: number; end: number;
  matched: string;
  /** The context (reporting, quoting or condemning abuse) that kept this flag from raising the priority. */
  discounted_by: string | null;
  lexicon: string; lexicon_version: string;
}
export interface SocialAccount {
  id: number; platform: string; handle: string; display_name: string; link: AccountLink;
  /** Only when the account is declared by the member or a person confirmed the link. */
  member: { name: string; membership_number: string } | null;
  decided_by: string | null; decided_at: string | null;
}
export interface PostAttachment { file_name: string; content_type: string; size: number; sha256: string }
export interface Post {
  id: number; platform: string; url: string; canonical_url: string; handle: string; display_name: string;
  posted_at: string | null; kind: PostKind; text: string; content_sha256: string; attachments: PostAttachment[];
  provenance: { captured_by: string; captured_at: string; method: string; archive_url: string; source: string };
  priority: number; lexicon_version: string; flags: PostFlag[]; account: SocialAccount;
  cases: string[]; complaints: string[];
}
export interface PostPage { items: Post[]; next: string | null; lexicon: { name: string; version: string } }
export interface PostImportReport {
  imported: number; duplicates: number; flagged: number; attached: number; new_accounts: number; proposed: number;
  ids: number[]; errors: { line: number; message: string }[];
}
export interface AccountCandidate { name: string; membership_number: string; score_percent: number; reasons: string[] }
export interface AccountDecision {
  membership_number: string; decision: 'confirmed' | 'rejected'; reason: string; decided_by: string; at: string;
}
export interface SocialAccountView extends SocialAccount {
  candidates: AccountCandidate[]; decisions: AccountDecision[];
  /** How many posts the account wrote. */
  posts: number;
}
export interface Lexicon {
  name: string; version: string;
  categories: { id: string; title: string; source: string }[];
  patterns: { id: string; category: string; expression: string; weight: number; note: string }[];
  contexts: { id: string; expression: string; note: string }[];
}

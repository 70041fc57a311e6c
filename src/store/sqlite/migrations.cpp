#include "store/sqlite/migrations.hpp"

namespace docket::store::sqlite {

// Dates are stored as ISO 8601 text (YYYY-MM-DD), instants as integer seconds
// since the epoch (UTC): both sort correctly and read the same in PostgreSQL.
// cases.due_key is the urgency key: the deadline instant, or the largest
// integer for cases with no running deadline, so the queue index orders by it
// directly and NULLs never defeat the index.
const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> kMigrations = {
      R"sql(
CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  membership_number TEXT NOT NULL UNIQUE,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  branch TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  joined_on TEXT NOT NULL
);
CREATE TABLE member_aliases (
  member_id INTEGER NOT NULL REFERENCES members(id),
  alias TEXT NOT NULL
);
CREATE INDEX member_aliases_member ON member_aliases(member_id);
CREATE TABLE offices (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT
);
CREATE INDEX offices_member ON offices(member_id);
CREATE TABLE member_status (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  status TEXT NOT NULL,
  from_date TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX member_status_member ON member_status(member_id);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  member_id INTEGER REFERENCES members(id),
  active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE case_numbers (
  year INTEGER PRIMARY KEY,
  last INTEGER NOT NULL
);
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  category TEXT NOT NULL,
  stage TEXT NOT NULL,
  waiting TEXT,
  assignee TEXT NOT NULL DEFAULT '',
  opened_at INTEGER NOT NULL,
  stage_entered_at INTEGER NOT NULL,
  closed_at INTEGER,
  is_open INTEGER NOT NULL,
  due_key INTEGER NOT NULL,
  clock_started_at INTEGER,
  clock_budget INTEGER,
  clock_paused_days INTEGER,
  clock_paused_since INTEGER,
  decision_outcome TEXT,
  decision_reasons TEXT,
  decision_term_months INTEGER,
  decided_at INTEGER,
  decided_by TEXT,
  appeal_lodged_at INTEGER,
  appeal_grounds TEXT,
  appeal_lodged_by TEXT,
  appeal_upheld INTEGER,
  appeal_reasons TEXT,
  appeal_decided_by TEXT,
  interim_imposed_at INTEGER,
  interim_review_due TEXT,
  interim_reasons TEXT,
  interim_imposed_by TEXT,
  version INTEGER NOT NULL
);
CREATE INDEX cases_queue ON cases(is_open, stage, due_key, id);
CREATE INDEX cases_due ON cases(is_open, due_key, id);
CREATE INDEX cases_assignee ON cases(assignee, is_open, due_key, id);
CREATE INDEX cases_interim ON cases(interim_review_due) WHERE interim_imposed_at IS NOT NULL;
CREATE TABLE case_respondents (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  position INTEGER NOT NULL,
  member_id INTEGER REFERENCES members(id),
  name TEXT NOT NULL,
  PRIMARY KEY (case_id, position)
);
CREATE INDEX case_respondents_member ON case_respondents(member_id);
CREATE TABLE complaints (
  id INTEGER PRIMARY KEY,
  receipt TEXT NOT NULL UNIQUE,
  received_at INTEGER NOT NULL,
  category TEXT NOT NULL,
  description TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  anonymous INTEGER NOT NULL,
  complainant_name TEXT,
  complainant_email TEXT,
  complainant_member_id INTEGER REFERENCES members(id),
  channel TEXT NOT NULL,
  case_id INTEGER REFERENCES cases(id)
);
CREATE INDEX complaints_case ON complaints(case_id);
CREATE TABLE complaint_respondents (
  complaint_id INTEGER NOT NULL REFERENCES complaints(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  membership_number TEXT,
  member_id INTEGER REFERENCES members(id),
  PRIMARY KEY (complaint_id, position)
);
CREATE TABLE case_events (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  from_stage TEXT NOT NULL,
  to_stage TEXT NOT NULL,
  fields TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, id);
CREATE TABLE sanctions (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  case_id INTEGER REFERENCES cases(id),
  kind TEXT NOT NULL,
  category TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT,
  readmission_from TEXT,
  published_on TEXT,
  overturned_at INTEGER,
  overturn_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sanctions_member ON sanctions(member_id);
CREATE INDEX sanctions_case ON sanctions(case_id);
)sql",
      // 2: the audit log, a hash chain in seq order.
      R"sql(
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  origin TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_object ON audit_log(object_type, object_id, seq);
CREATE INDEX audit_actor ON audit_log(actor, seq);
)sql",
      // 3: credentials, sessions, API tokens and rate limits, all in the
      // database so several server processes share them.
      R"sql(
ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_key_hex TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  origin TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL
);
)sql",
      // 4: the rest of a case file: messages with the parties, internal
      // notes, evidence files, and the complainant's secret.
      R"sql(
ALTER TABLE complaints ADD COLUMN secret_hash TEXT NOT NULL DEFAULT '';
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  complaint_id INTEGER REFERENCES complaints(id),
  party TEXT NOT NULL,
  author TEXT NOT NULL,
  author_role TEXT NOT NULL,
  body TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX messages_case ON messages(case_id, party, id);
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX notes_case ON notes(case_id, id);
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  at INTEGER NOT NULL,
  disclosed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX evidence_case ON evidence(case_id, id);
)sql",
      // 5: conflicts of interest: declared interests, panels, recusals.
      R"sql(
ALTER TABLE members ADD COLUMN faction TEXT NOT NULL DEFAULT '';
CREATE TABLE interests (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL REFERENCES users(username),
  kind TEXT NOT NULL,
  value TEXT NOT NULL
);
CREATE INDEX interests_user ON interests(username);
CREATE TABLE case_panel (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  username TEXT NOT NULL REFERENCES users(username),
  kind TEXT NOT NULL,
  PRIMARY KEY (case_id, username, kind)
);
CREATE INDEX case_panel_user ON case_panel(username, kind);
CREATE TABLE recusals (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  username TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX recusals_case ON recusals(case_id);
)sql",
      // 6: evidence links given with a complaint, one per line (a link has no line breaks).
      R"sql(
ALTER TABLE complaints ADD COLUMN links TEXT NOT NULL DEFAULT '';
)sql",
      // 7: the platform-sharing rule: events, who appeared at them and in
      // what role, name keys for matching listed names to members, and the
      // rule's alerts with the sanctions each rests on (kept as they were
      // when raised, so an alert still explains itself after facts change).
      R"sql(
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  links TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_starts ON events(starts_at, id);
CREATE TABLE appearances (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  membership_number TEXT NOT NULL DEFAULT '',
  member_id INTEGER REFERENCES members(id),
  role TEXT NOT NULL,
  match TEXT NOT NULL
);
CREATE INDEX appearances_event ON appearances(event_id, position);
CREATE INDEX appearances_member ON appearances(member_id, event_id) WHERE member_id IS NOT NULL;
CREATE INDEX appearances_unresolved ON appearances(id) WHERE match = 'unresolved';
CREATE TABLE member_name_keys (
  member_id INTEGER NOT NULL REFERENCES members(id),
  name_key TEXT NOT NULL
);
CREATE INDEX member_name_keys_key ON member_name_keys(name_key, member_id);
CREATE INDEX member_name_keys_member ON member_name_keys(member_id);
CREATE TABLE platform_alerts (
  id INTEGER PRIMARY KEY,
  official_id INTEGER NOT NULL REFERENCES members(id),
  event_id INTEGER NOT NULL REFERENCES events(id),
  official_name TEXT NOT NULL,
  official_number TEXT NOT NULL,
  official_role TEXT NOT NULL,
  office_kind TEXT NOT NULL,
  office_title TEXT NOT NULL,
  office_start TEXT NOT NULL,
  office_end TEXT,
  event_title TEXT NOT NULL,
  event_starts_at INTEGER NOT NULL,
  event_date TEXT NOT NULL,
  event_place TEXT NOT NULL,
  event_source TEXT NOT NULL,
  event_links TEXT NOT NULL,
  status TEXT NOT NULL,
  raised_at INTEGER NOT NULL,
  closed_at INTEGER,
  reason TEXT NOT NULL DEFAULT '',
  UNIQUE (official_id, event_id)
);
CREATE INDEX platform_alerts_status ON platform_alerts(status, id);
CREATE INDEX platform_alerts_event ON platform_alerts(event_id);
CREATE TABLE platform_alert_sanctions (
  alert_id INTEGER NOT NULL REFERENCES platform_alerts(id),
  position INTEGER NOT NULL,
  member_id INTEGER NOT NULL REFERENCES members(id),
  name TEXT NOT NULL,
  membership_number TEXT NOT NULL,
  role TEXT NOT NULL,
  sanction_id INTEGER NOT NULL REFERENCES sanctions(id),
  kind TEXT NOT NULL,
  category TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT,
  published_on TEXT NOT NULL,
  PRIMARY KEY (alert_id, position)
);
)sql",
      // 8: transparency. The recommendations tracker; and for statistics, a
      // compact copy of every case event's stage and action (as codes from
      // statistics_names), kept by a trigger so the write path is unchanged,
      // plus covering indexes so a report never reads the cases' or
      // complaints' free text.
      R"sql(
CREATE TABLE tracked_reports (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  publisher TEXT NOT NULL,
  published_on TEXT NOT NULL,
  source TEXT NOT NULL
);
CREATE TABLE recommendations (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES tracked_reports(id),
  number TEXT NOT NULL,
  text TEXT NOT NULL,
  theme TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  due_on TEXT,
  status TEXT NOT NULL DEFAULT 'not_started',
  source TEXT NOT NULL DEFAULT '',
  UNIQUE (report_id, number)
);
CREATE TABLE recommendation_changes (
  id INTEGER PRIMARY KEY,
  recommendation_id INTEGER NOT NULL REFERENCES recommendations(id),
  at INTEGER NOT NULL,
  changed_by TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  reason TEXT NOT NULL,
  evidence TEXT NOT NULL
);
CREATE INDEX recommendation_changes_recommendation ON recommendation_changes(recommendation_id, id);
CREATE TABLE statistics_names (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE case_stage_log (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  action INTEGER NOT NULL,
  to_stage INTEGER NOT NULL,
  stage_change INTEGER NOT NULL
);
INSERT OR IGNORE INTO statistics_names(name) SELECT DISTINCT action FROM case_events;
INSERT OR IGNORE INTO statistics_names(name) SELECT DISTINCT to_stage FROM case_events;
INSERT INTO case_stage_log(id, case_id, at, action, to_stage, stage_change)
  SELECT e.id, e.case_id, e.at, a.id, s.id, e.from_stage <> e.to_stage
  FROM case_events e JOIN statistics_names a ON a.name = e.action JOIN statistics_names s ON s.name = e.to_stage;
CREATE TRIGGER case_events_statistics AFTER INSERT ON case_events BEGIN
  INSERT OR IGNORE INTO statistics_names(name) VALUES (NEW.action), (NEW.to_stage);
  INSERT INTO case_stage_log(id, case_id, at, action, to_stage, stage_change)
  VALUES (NEW.id, NEW.case_id, NEW.at, (SELECT id FROM statistics_names WHERE name = NEW.action),
          (SELECT id FROM statistics_names WHERE name = NEW.to_stage), NEW.from_stage <> NEW.to_stage);
END;
CREATE INDEX cases_statistics ON cases(id, category, opened_at, closed_at, decision_outcome, appeal_lodged_at,
                                       appeal_upheld);
CREATE INDEX complaints_statistics ON complaints(case_id, received_at, category);
)sql",
      // 9: statistics read one row per case instead of one per event: each
      // case's events are packed into one text, "AT ACTION STAGE CHANGE;" per
      // event (AT in hex seconds, ACTION and STAGE statistics_names ids in
      // hex, CHANGE 1 when the stage changed), appended by the trigger. Ten
      // million events then scan as a million rows. Written so that running
      // it again rebuilds the packed table from case_events (the report
      // benchmark's bulk fill relies on that).
      R"sql(
DROP TRIGGER IF EXISTS case_events_statistics;
DROP TABLE IF EXISTS case_stage_log;
DROP TABLE IF EXISTS case_timelines;
CREATE TABLE case_timelines (
  case_id INTEGER PRIMARY KEY,
  events TEXT NOT NULL
);
INSERT OR IGNORE INTO statistics_names(name) SELECT DISTINCT action FROM case_events;
INSERT OR IGNORE INTO statistics_names(name) SELECT DISTINCT to_stage FROM case_events;
INSERT INTO case_timelines(case_id, events)
  SELECT case_id, group_concat(entry, '') FROM (
    SELECT e.case_id, printf('%x %x %x %d;', e.at, a.id, s.id, e.from_stage <> e.to_stage) AS entry
    FROM case_events e JOIN statistics_names a ON a.name = e.action JOIN statistics_names s ON s.name = e.to_stage
    ORDER BY e.case_id, e.id)
  GROUP BY case_id;
CREATE TRIGGER case_events_statistics AFTER INSERT ON case_events BEGIN
  INSERT OR IGNORE INTO statistics_names(name) VALUES (NEW.action), (NEW.to_stage);
  INSERT INTO case_timelines(case_id, events)
  VALUES (NEW.case_id, printf('%x %x %x %d;', NEW.at, (SELECT id FROM statistics_names WHERE name = NEW.action),
                              (SELECT id FROM statistics_names WHERE name = NEW.to_stage), NEW.from_stage <> NEW.to_stage))
  ON CONFLICT(case_id) DO UPDATE SET events = events || excluded.events;
END;
)sql",
      // 10: the platform-sharing case a caseworker opened from an alert.
      R"sql(
ALTER TABLE platform_alerts ADD COLUMN case_id INTEGER REFERENCES cases(id);
)sql",
      // 11: social-media evidence. A post is one capture of one post; its
      // account is the platform's (platform, handle); an account belongs to a
      // member only by the member's declaration or a person's confirmation.
      R"sql(
CREATE TABLE social_accounts (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  handle TEXT NOT NULL,
  display_name TEXT NOT NULL,
  link TEXT NOT NULL DEFAULT 'none' CHECK (link IN ('none', 'declared', 'confirmed')),
  member_id INTEGER REFERENCES members(id),
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at INTEGER,
  UNIQUE (platform, handle),
  CHECK ((link = 'none') = (member_id IS NULL))
);
CREATE INDEX social_accounts_member ON social_accounts(member_id) WHERE member_id IS NOT NULL;
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES social_accounts(id),
  platform TEXT NOT NULL,
  url TEXT NOT NULL,
  canonical_url TEXT NOT NULL,
  handle TEXT NOT NULL,
  display_name TEXT NOT NULL,
  posted_at INTEGER,
  text TEXT NOT NULL,
  kind TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  captured_by TEXT NOT NULL,
  captured_at INTEGER NOT NULL,
  capture_method TEXT NOT NULL,
  archive_url TEXT NOT NULL,
  source TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  lexicon_version TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX posts_identity ON posts(canonical_url, kind, handle);
CREATE INDEX posts_content ON posts(content_hash);
CREATE INDEX posts_priority ON posts(priority DESC, id);
CREATE INDEX posts_account ON posts(account_id, priority DESC, id);
CREATE TABLE post_attachments (
  post_id INTEGER NOT NULL REFERENCES posts(id),
  position INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (post_id, position)
);
CREATE TABLE post_flags (
  post_id INTEGER NOT NULL REFERENCES posts(id),
  position INTEGER NOT NULL,
  category_id TEXT NOT NULL,
  category_title TEXT NOT NULL,
  pattern_id TEXT NOT NULL,
  pattern TEXT NOT NULL,
  begin_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  matched TEXT NOT NULL,
  discounted_by TEXT NOT NULL,
  PRIMARY KEY (post_id, position)
);
CREATE TABLE post_links (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts(id),
  case_id INTEGER REFERENCES cases(id),
  complaint_id INTEGER REFERENCES complaints(id),
  linked_by TEXT NOT NULL,
  at INTEGER NOT NULL,
  CHECK (case_id IS NOT NULL OR complaint_id IS NOT NULL)
);
CREATE UNIQUE INDEX post_links_unique ON post_links(post_id, coalesce(case_id, 0), coalesce(complaint_id, 0));
CREATE INDEX post_links_case ON post_links(case_id, post_id) WHERE case_id IS NOT NULL;
CREATE TABLE member_handles (
  platform TEXT NOT NULL,
  handle TEXT NOT NULL,
  member_id INTEGER NOT NULL REFERENCES members(id),
  declared_at INTEGER NOT NULL,
  PRIMARY KEY (platform, handle)
);
CREATE TABLE account_candidates (
  account_id INTEGER NOT NULL REFERENCES social_accounts(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  position INTEGER NOT NULL,
  score_permille INTEGER NOT NULL,
  reasons TEXT NOT NULL,
  PRIMARY KEY (account_id, member_id)
);
CREATE TABLE account_decisions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES social_accounts(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
  reason TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX account_decisions_account ON account_decisions(account_id, id);
)sql",
  };
  return kMigrations;
}

}  // namespace docket::store::sqlite

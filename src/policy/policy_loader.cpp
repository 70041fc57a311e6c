#include "policy/policy_loader.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "domain/platform.hpp"
#include "domain/sanction.hpp"
#include "policy/text_file.hpp"
#include "policy/toml_reader.hpp"

namespace docket::policy {
namespace {

using domain::ActionEffect;
using domain::FieldType;

constexpr std::array kEffects = {
    ActionEffect::kNone,
    ActionEffect::kDecision,
    ActionEffect::kInterimSuspension,
    ActionEffect::kReviewInterimSuspension,
    ActionEffect::kLiftInterimSuspension,
    ActionEffect::kLodgeAppeal,
    ActionEffect::kAppealUpheld,
    ActionEffect::kAppealDismissed,
    ActionEffect::kAssign,
};

constexpr std::array kFieldTypes = {
    FieldType::kText, FieldType::kDate, FieldType::kInteger, FieldType::kSanction, FieldType::kChoice, FieldType::kUser,
};

template <class Enum, std::size_t N>
std::optional<Enum> Named(const std::array<Enum, N>& values, std::string_view name) {
  for (Enum value : values) {
    if (domain::Name(value) == name) return value;
  }
  return std::nullopt;
}

template <class Enum, std::size_t N>
std::string Names(const std::array<Enum, N>& values) {
  std::vector<std::string> names;
  for (Enum value : values) names.emplace_back(domain::Name(value));
  return Join(names);
}

// Where the parts of the policy that later checks point at were written. The
// domain types keep only a line, and a message should point at the very
// value that is wrong.
struct StageSource {
  Position at;
  std::optional<Position> deadline;
  bool deadline_written = false;
  std::optional<Position> first_action;
};

struct ActionSource {
  Position at;
  Position id;
  std::optional<Position> to;
  std::optional<Position> wait;
  std::optional<Position> effect;
  std::vector<Located<std::string>> roles;
  std::vector<Located<std::string>> requires_fields;
  std::vector<Located<std::string>> optional_fields;
};

struct FieldSource {
  Position at;
  Position type;  // The table's position when the type is left to its default.
};

// A policy as read, before the checks that relate one part to another.
struct ParsedPolicy {
  domain::Policy policy;
  std::optional<Located<std::string>> start_stage;
  std::vector<StageSource> stages;    // Parallel to policy.stages.
  std::vector<ActionSource> actions;  // Parallel to policy.actions.
  std::vector<FieldSource> fields;    // Parallel to policy.fields.
  std::vector<Located<std::string>> decided_by;
  std::optional<Located<std::string>> heard_by_role;
  std::vector<Located<std::string>> platform_offices;
  std::vector<Located<std::string>> platform_roles;
  std::vector<Located<std::string>> platform_sanctions;
  std::vector<Located<std::string>> platform_categories;
  std::vector<Located<std::string>> platform_published_on_decision;
  std::optional<Located<std::string>> platform_case_category;
};

Position At(Position position) { return position; }
Position At(const StageSource& source) { return source.at; }
Position At(const ActionSource& source) { return source.at; }
Position At(const FieldSource& source) { return source.at; }

// toml++ keeps the keys of a table sorted, but a policy lists its stages (and
// everything else) in the order a reader should meet them, so each list is
// put back into file order.
template <class T, class Source>
void InFileOrder(std::vector<std::pair<T, Source>> items, std::vector<T>& values, std::vector<Source>& sources) {
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return At(a.second) < At(b.second); });
  for (auto& [value, source] : items) {
    values.push_back(std::move(value));
    sources.push_back(std::move(source));
  }
}

template <class T>
void InFileOrder(std::vector<std::pair<T, Position>> items, std::vector<T>& values) {
  std::vector<Position> positions;
  InFileOrder(std::move(items), values, positions);
}

// Calls `read(id, table)` for each entry of a section such as [roles], whose
// entries are tables named by their ids.
template <class Read>
void ForEachEntry(TomlReader& reader, const toml::table& root, std::string_view section, Read&& read) {
  const toml::table* table = reader.Table(root, section);
  if (table == nullptr) return;
  for (const auto& [key, node] : *table) {
    const toml::table* entry = node.as_table();
    if (entry == nullptr) {
      reader.ReportWrongType(key.str(), Expected::kTable, node);
      continue;
    }
    read(std::string(key.str()), *entry);
  }
}

void RequireAtLeast(TomlReader& reader, std::string_view key, const std::optional<Located<int>>& value, int minimum) {
  if (value && value->value < minimum) {
    reader.Report(value->at, fmt::format("'{}' must be at least {}, not {}", key, minimum, value->value));
  }
}

std::string Text(const std::optional<Located<std::string>>& value, std::string fallback) {
  return value ? value->value : std::move(fallback);
}

void ReadPolicyTable(TomlReader& reader, const toml::table& root, ParsedPolicy& parsed) {
  if (!root.contains("policy")) {
    reader.Report(Position{1, 1}, "the policy has no [policy] table; it needs at least name, version and start_stage");
    return;
  }
  const toml::table* table = reader.Table(root, "policy");
  if (table == nullptr) return;
  reader.CheckKeys(*table, "in [policy]",
                   {"name", "version", "time_zone", "calendar", "start_stage", "warn_before_working_days",
                    "complaint_time_limit_months", "staff_second_factor"});
  for (std::string_view required : {"name", "version", "start_stage"}) {
    if (!table->contains(required)) reader.Report(PositionOf(*table), fmt::format("[policy] is missing '{}'", required));
  }
  domain::Policy& policy = parsed.policy;
  if (auto name = reader.String(*table, "name")) policy.name = name->value;
  if (auto version = reader.String(*table, "version")) policy.version = version->value;
  if (auto zone = reader.String(*table, "time_zone")) policy.time_zone = zone->value;
  if (auto calendar = reader.String(*table, "calendar")) policy.calendar = calendar->value;
  parsed.start_stage = reader.String(*table, "start_stage");
  if (parsed.start_stage) policy.start_stage = parsed.start_stage->value;
  auto warn = reader.Int(*table, "warn_before_working_days");
  RequireAtLeast(reader, "warn_before_working_days", warn, 0);
  if (warn) policy.warn_before_working_days = warn->value;
  auto limit = reader.Int(*table, "complaint_time_limit_months");
  RequireAtLeast(reader, "complaint_time_limit_months", limit, 1);
  if (limit) policy.complaint_time_limit_months = limit->value;
  if (auto second_factor = reader.Boolean(*table, "staff_second_factor")) policy.staff_second_factor = *second_factor;
}

void ReadCategories(TomlReader& reader, const toml::table& root, ParsedPolicy& parsed) {
  const toml::table* table = reader.Table(root, "categories");
  if (table == nullptr) return;
  std::vector<std::pair<domain::Category, Position>> items;
  for (const auto& [key, node] : *table) {
    if (const auto* title = node.as_string()) {
      items.emplace_back(domain::Category{std::string(key.str()), title->get()}, PositionOf(key));
    } else {
      reader.ReportWrongType(key.str(), Expected::kString, node);
    }
  }
  InFileOrder(std::move(items), parsed.policy.categories);
}

void ReadRoles(TomlReader& reader, const toml::table& root, ParsedPolicy& parsed) {
  std::vector<std::pair<domain::Role, Position>> items;
  ForEachEntry(reader, root, "roles", [&](std::string id, const toml::table& table) {
    reader.CheckKeys(table, fmt::format("in [roles.{}]", id), {"title", "staff"});
    domain::Role role;
    role.title = Text(reader.String(table, "title"), id);
    if (auto staff = reader.Boolean(table, "staff")) role.staff = *staff;
    role.id = std::move(id);
    items.emplace_back(std::move(role), PositionOf(table));
  });
  InFileOrder(std::move(items), parsed.policy.roles);
}

void ReadFields(TomlReader& reader, const toml::table& root, ParsedPolicy& parsed) {
  std::vector<std::pair<domain::FieldSpec, FieldSource>> items;
  ForEachEntry(reader, root, "fields", [&](std::string id, const toml::table& table) {
    reader.CheckKeys(table, fmt::format("in [fields.{}]", id),
                     {"label", "type", "min_length", "min", "max", "options", "help"});
    domain::FieldSpec field;
    FieldSource source{PositionOf(table), PositionOf(table)};
    field.label = Text(reader.String(table, "label"), id);
    if (auto type = reader.String(table, "type")) {
      source.type = type->at;
      if (auto known = Named(kFieldTypes, type->value)) {
        field.type = *known;
      } else {
        reader.Report(type->at, fmt::format("field '{}' has unknown type '{}'; known types: {}", id, type->value,
                                            Names(kFieldTypes)));
      }
    }
    auto min_length = reader.Int(table, "min_length");
    RequireAtLeast(reader, "min_length", min_length, 0);
    if (min_length) field.min_length = min_length->value;
    auto min = reader.Integer(table, "min");
    auto max = reader.Integer(table, "max");
    if (min) field.min = min->value;
    if (max) field.max = max->value;
    if (min && max && min->value > max->value) {
      reader.Report(min->at, fmt::format("field '{}' has min {} greater than max {}", id, min->value, max->value));
    }
    for (Located<std::string>& option : reader.Strings(table, "options")) field.options.push_back(std::move(option.value));
    if (field.type == FieldType::kChoice && field.options.empty()) {
      reader.Report(source.type, fmt::format("field '{}' has type 'choice' but no options", id));
    }
    field.help = Text(reader.String(table, "help"), "");
    field.id = std::move(id);
    items.emplace_back(std::move(field), source);
  });
  InFileOrder(std::move(items), parsed.policy.fields, parsed.fields);
}

void ReadWaitingStates(TomlReader& reader, const toml::table& root, ParsedPolicy& parsed) {
  std::vector<std::pair<domain::WaitingState, Position>> items;
  ForEachEntry(reader, root, "waiting", [&](std::string id, const toml::table& table) {
    reader.CheckKeys(table, fmt::format("in [waiting.{}]", id), {"title", "pauses_clock"});
    domain::WaitingState waiting;
    waiting.title = Text(reader.String(table, "title"), id);
    if (auto pauses = reader.Boolean(table, "pauses_clock")) waiting.pauses_clock = *pauses;
    waiting.id = std::move(id);
    items.emplace_back(std::move(waiting), PositionOf(table));
  });
  InFileOrder(std::move(items), parsed.policy.waiting_states);
}

void ReadAction(TomlReader& reader, const std::string& stage, const toml::table& table,
                std::vector<std::pair<domain::Action, ActionSource>>& actions) {
  reader.CheckKeys(table, fmt::format("in [[stages.{}.actions]]", stage),
                   {"id", "title", "to", "roles", "requires", "optional", "wait", "resume", "effect", "guidance",
                    "after_appeal_window"});
  auto id = reader.String(table, "id");
  if (!id) {
    // Without an id nothing else about the action can be named in a message.
    if (!table.contains("id")) reader.Report(PositionOf(table), fmt::format("an action in stage '{}' has no 'id'", stage));
    return;
  }
  domain::Action action;
  ActionSource source;
  source.at = PositionOf(table);
  source.id = id->at;
  action.id = id->value;
  action.from = stage;
  action.title = Text(reader.String(table, "title"), id->value);
  if (auto to = reader.String(table, "to")) {
    action.to = to->value;
    source.to = to->at;
  }
  source.roles = reader.Strings(table, "roles");
  for (const Located<std::string>& role : source.roles) action.roles.insert(role.value);
  source.requires_fields = reader.Strings(table, "requires");
  for (const Located<std::string>& field : source.requires_fields) action.requires_fields.push_back(field.value);
  source.optional_fields = reader.Strings(table, "optional");
  for (const Located<std::string>& field : source.optional_fields) action.optional_fields.push_back(field.value);
  if (auto wait = reader.String(table, "wait")) {
    action.wait = wait->value;
    source.wait = wait->at;
  }
  if (auto resume = reader.Boolean(table, "resume")) action.resume = *resume;
  if (auto effect = reader.String(table, "effect")) {
    source.effect = effect->at;
    if (auto known = Named(kEffects, effect->value)) {
      action.effect = *known;
    } else {
      reader.Report(effect->at, fmt::format("action '{}' in stage '{}' has unknown effect '{}'; known effects: {}",
                                            action.id, stage, effect->value, Names(kEffects)));
    }
  }
  action.guidance = Text(reader.String(table, "guidance"), "");
  if (auto after = reader.Boolean(table, "after_appeal_window")) action.after_appeal_window = *after;
  action.line = source.at.line;
  actions.emplace_back(std::move(action), std::move(source));
}

void ReadStages(TomlReader& reader, const toml::table& root, ParsedPolicy& parsed) {
  std::vector<std::pair<domain::Stage, StageSource>> stages;
  std::vector<std::pair<domain::Action, ActionSource>> actions;
  ForEachEntry(reader, root, "stages", [&](std::string id, const toml::table& table) {
    reader.CheckKeys(table, fmt::format("in [stages.{}]", id),
                     {"title", "deadline_days", "terminal", "open", "checklist", "guidance", "actions"});
    domain::Stage stage;
    StageSource source;
    source.at = PositionOf(table);
    stage.title = Text(reader.String(table, "title"), id);
    source.deadline_written = table.contains("deadline_days");
    if (auto deadline = reader.Int(table, "deadline_days")) {
      stage.deadline_working_days = deadline->value;
      source.deadline = deadline->at;
    }
    if (auto terminal = reader.Boolean(table, "terminal")) stage.terminal = *terminal;
    if (auto open = reader.Boolean(table, "open")) stage.open = *open;
    for (Located<std::string>& item : reader.Strings(table, "checklist")) stage.checklist.push_back(std::move(item.value));
    stage.guidance = Text(reader.String(table, "guidance"), "");
    for (const toml::table* action : reader.Tables(table, "actions")) {
      if (!source.first_action) source.first_action = PositionOf(*action);
      ReadAction(reader, id, *action, actions);
    }
    stage.line = source.at.line;
    stage.id = std::move(id);
    stages.emplace_back(std::move(stage), source);
  });
  InFileOrder(std::move(stages), parsed.policy.stages, parsed.stages);
  InFileOrder(std::move(actions), parsed.policy.actions, parsed.actions);
}

void ReadSanctions(TomlReader& reader, const toml::table& root, ParsedPolicy& parsed) {
  std::vector<std::pair<domain::SanctionKind, Position>> items;
  ForEachEntry(reader, root, "sanctions", [&](std::string id, const toml::table& table) {
    reader.CheckKeys(table, fmt::format("in [sanctions.{}]", id),
                     {"title", "severity", "has_term", "max_term_months", "readmission_bar_years",
                      "removes_membership", "requires_education"});
    domain::SanctionKind sanction;
    sanction.title = Text(reader.String(table, "title"), id);
    if (auto severity = reader.Int(table, "severity")) sanction.severity = severity->value;
    if (auto has_term = reader.Boolean(table, "has_term")) sanction.has_term = *has_term;
    auto max_term = reader.Int(table, "max_term_months");
    RequireAtLeast(reader, "max_term_months", max_term, 1);
    if (max_term) sanction.max_term_months = max_term->value;
    auto bar = reader.Int(table, "readmission_bar_years");
    RequireAtLeast(reader, "readmission_bar_years", bar, 0);
    if (bar) sanction.readmission_bar_years = bar->value;
    if (auto removes = reader.Boolean(table, "removes_membership")) sanction.removes_membership = *removes;
    if (auto education = reader.Boolean(table, "requires_education")) sanction.requires_education = *education;
    sanction.id = std::move(id);
    items.emplace_back(std::move(sanction), PositionOf(table));
  });
  InFileOrder(std::move(items), parsed.policy.sanctions);
}

void ReadInterimSuspension(TomlReader& reader, const toml::table& root, ParsedPolicy& parsed) {
  const toml::table* table = reader.Table(root, "interim_suspension");
  if (table == nullptr) return;
  reader.CheckKeys(*table, "in [interim_suspension]", {"review_every_working_days", "max_working_days", "decided_by"});
  domain::InterimSuspensionPolicy& interim = parsed.policy.interim_suspension;
  auto review = reader.Int(*table, "review_every_working_days");
  RequireAtLeast(reader, "review_every_working_days", review, 1);
  if (review) interim.review_every_working_days = review->value;
  auto max = reader.Int(*table, "max_working_days");
  RequireAtLeast(reader, "max_working_days", max, 1);
  if (max) interim.max_working_days = max->value;
  parsed.decided_by = reader.Strings(*table, "decided_by");
  for (const Located<std::string>& role : parsed.decided_by) interim.decided_by.insert(role.value);
}

void ReadAppeal(TomlReader& reader, const toml::table& root, ParsedPolicy& parsed) {
  const toml::table* table = reader.Table(root, "appeal");
  if (table == nullptr) return;
  reader.CheckKeys(*table, "in [appeal]", {"window_working_days", "heard_by_role", "different_people"});
  domain::AppealPolicy& appeal = parsed.policy.appeal;
  auto window = reader.Int(*table, "window_working_days");
  RequireAtLeast(reader, "window_working_days", window, 1);
  if (window) appeal.window_working_days = window->value;
  parsed.heard_by_role = reader.String(*table, "heard_by_role");
  if (parsed.heard_by_role) appeal.heard_by_role = parsed.heard_by_role->value;
  if (auto different = reader.Boolean(*table, "different_people")) appeal.different_people = *different;
}

// "defined roles: a, b" or "no roles are defined", to end a message about an undefined name.
template <class T>
std::string Defined(std::string_view what, const std::vector<T>& items) {
  if (items.empty()) return fmt::format("no {} are defined", what);
  std::vector<std::string> ids;
  for (const T& item : items) ids.push_back(item.id);
  return fmt::format("defined {}: {}", what, Join(ids));
}

std::string Quoted(const std::vector<std::string>& names) {
  std::vector<std::string> quoted;
  for (const std::string& name : names) quoted.push_back(fmt::format("'{}'", name));
  return Join(quoted);
}

void CheckActions(TomlReader& reader, const ParsedPolicy& parsed) {
  const domain::Policy& policy = parsed.policy;
  std::map<std::pair<std::string, std::string>, int> first_line;  // (stage, action id) -> line
  for (std::size_t i = 0; i < policy.actions.size(); ++i) {
    const domain::Action& action = policy.actions[i];
    const ActionSource& source = parsed.actions[i];
    auto [earlier, inserted] = first_line.emplace(std::pair(action.from, action.id), action.line);
    if (!inserted) {
      reader.Report(source.id, fmt::format("stage '{}' has two actions with id '{}'; the first is on line {}",
                                           action.from, action.id, earlier->second));
    }
    std::string subject = fmt::format("action '{}' in stage '{}'", action.id, action.from);
    if (action.to && policy.FindStage(*action.to) == nullptr) {
      reader.Report(*source.to, fmt::format("{} moves to undefined stage '{}'; {}", subject, *action.to,
                                            Defined("stages", policy.stages)));
    }
    for (const Located<std::string>& role : source.roles) {
      if (policy.FindRole(role.value) == nullptr) {
        reader.Report(role.at, fmt::format("{} names undefined role '{}'; {}", subject, role.value,
                                           Defined("roles", policy.roles)));
      }
    }
    for (const Located<std::string>& field : source.requires_fields) {
      if (policy.FindField(field.value) == nullptr) {
        reader.Report(field.at, fmt::format("{} requires undefined field '{}'; {}", subject, field.value,
                                            Defined("fields", policy.fields)));
      }
    }
    for (const Located<std::string>& field : source.optional_fields) {
      if (policy.FindField(field.value) == nullptr) {
        reader.Report(field.at, fmt::format("{} allows undefined optional field '{}'; {}", subject, field.value,
                                            Defined("fields", policy.fields)));
      }
    }
    if (action.wait && policy.FindWaiting(*action.wait) == nullptr) {
      reader.Report(*source.wait, fmt::format("{} waits in undefined waiting state '{}'; {}", subject, *action.wait,
                                              Defined("waiting states", policy.waiting_states)));
    }
    if (action.effect == ActionEffect::kDecision) {
      // The decision is what the parties read: its outcome and the reasons for it are never optional.
      std::vector<std::string> missing;
      for (const char* field : {"outcome", "reasons"}) {
        if (std::find(action.requires_fields.begin(), action.requires_fields.end(), field) ==
            action.requires_fields.end()) {
          missing.emplace_back(field);
        }
      }
      if (!missing.empty()) {
        reader.Report(*source.effect, fmt::format("{} has effect 'decision', so it must require both 'outcome' and "
                                                  "'reasons' (missing: {})",
                                                  subject, Quoted(missing)));
      }
    }
  }
}

std::set<std::string> ReachableStages(const domain::Policy& policy) {
  std::set<std::string> reached{policy.start_stage};
  std::deque<std::string> queue{policy.start_stage};
  while (!queue.empty()) {
    std::string stage = std::move(queue.front());
    queue.pop_front();
    for (const domain::Action* action : policy.ActionsFrom(stage)) {
      if (action->to && policy.FindStage(*action->to) != nullptr && reached.insert(*action->to).second) {
        queue.push_back(*action->to);
      }
    }
  }
  return reached;
}

void CheckStages(TomlReader& reader, const ParsedPolicy& parsed) {
  const domain::Policy& policy = parsed.policy;
  if (parsed.start_stage && policy.FindStage(policy.start_stage) == nullptr) {
    reader.Report(parsed.start_stage->at, fmt::format("start_stage '{}' is not a defined stage; {}", policy.start_stage,
                                                      Defined("stages", policy.stages)));
  }
  // Reachability means nothing without a start, and an undefined start is reported above.
  std::optional<std::set<std::string>> reachable;
  if (policy.FindStage(policy.start_stage) != nullptr) reachable = ReachableStages(policy);
  for (std::size_t i = 0; i < policy.stages.size(); ++i) {
    const domain::Stage& stage = policy.stages[i];
    const StageSource& source = parsed.stages[i];
    if (stage.deadline_working_days && *stage.deadline_working_days <= 0) {
      reader.Report(*source.deadline,
                    fmt::format("stage '{}' has deadline_days {}; a deadline must be at least 1 working day", stage.id,
                                *stage.deadline_working_days));
    }
    if (stage.terminal) {
      if (source.first_action) {
        reader.Report(*source.first_action,
                      fmt::format("stage '{}' is terminal but has actions; a terminal stage ends the case", stage.id));
      }
    } else {
      if (!source.deadline_written) {
        reader.Report(source.at, fmt::format("stage '{}' has no deadline_days; every stage that is not terminal needs "
                                             "a deadline in working days",
                                             stage.id));
      }
      std::vector<const domain::Action*> actions = policy.ActionsFrom(stage.id);
      bool way_out = std::any_of(actions.begin(), actions.end(), [&](const domain::Action* action) {
        return action->to && *action->to != stage.id;
      });
      if (!way_out) {
        reader.Report(source.at, fmt::format("stage '{}' is not terminal, but none of its actions moves a case to "
                                             "another stage",
                                             stage.id));
      }
    }
    if (reachable && !reachable->contains(stage.id)) {
      reader.Report(source.at,
                    fmt::format("stage '{}' cannot be reached from the start stage '{}'", stage.id, policy.start_stage));
    }
  }
}

void CheckReferences(TomlReader& reader, const ParsedPolicy& parsed) {
  const domain::Policy& policy = parsed.policy;
  for (std::size_t i = 0; i < policy.fields.size(); ++i) {
    if (policy.fields[i].type == FieldType::kSanction && policy.sanctions.empty()) {
      reader.Report(parsed.fields[i].type, fmt::format("field '{}' has type 'sanction' but the policy defines no "
                                                       "sanctions",
                                                       policy.fields[i].id));
    }
  }
  for (const Located<std::string>& role : parsed.decided_by) {
    if (policy.FindRole(role.value) == nullptr) {
      reader.Report(role.at, fmt::format("interim_suspension.decided_by names undefined role '{}'; {}", role.value,
                                         Defined("roles", policy.roles)));
    }
  }
  if (parsed.heard_by_role && policy.FindRole(parsed.heard_by_role->value) == nullptr) {
    reader.Report(parsed.heard_by_role->at, fmt::format("appeal.heard_by_role names undefined role '{}'; {}",
                                                        parsed.heard_by_role->value, Defined("roles", policy.roles)));
  }
}

// [platform_rule]: every list replaces its default when present; each name
// must be one the rest of the policy defines, except office kinds, which
// come from the membership list.
void ReadPlatformRule(TomlReader& reader, const toml::table& root, ParsedPolicy& parsed) {
  const toml::table* table = reader.Table(root, "platform_rule");
  if (table == nullptr) return;
  reader.CheckKeys(*table, "in [platform_rule]",
                   {"enabled", "offices", "platform_roles", "sanctions", "categories", "case_category",
                    "published_on_decision"});
  domain::PlatformRulePolicy& rule = parsed.policy.platform_rule;
  if (auto enabled = reader.Boolean(*table, "enabled")) rule.enabled = *enabled;
  auto read = [&](std::string_view key, std::set<std::string>& into, std::vector<Located<std::string>>& sources) {
    if (!table->contains(key)) return;
    sources = reader.Strings(*table, key);
    into.clear();
    for (const Located<std::string>& item : sources) {
      if (item.value.empty()) reader.Report(item.at, fmt::format("platform_rule.{} has an empty name", key));
      into.insert(item.value);
    }
  };
  read("offices", rule.offices, parsed.platform_offices);
  read("platform_roles", rule.platform_roles, parsed.platform_roles);
  read("sanctions", rule.sanctions, parsed.platform_sanctions);
  read("categories", rule.categories, parsed.platform_categories);
  read("published_on_decision", rule.published_on_decision, parsed.platform_published_on_decision);
  parsed.platform_case_category = reader.String(*table, "case_category");
  if (parsed.platform_case_category) rule.case_category = parsed.platform_case_category->value;
}

void CheckPlatformRule(TomlReader& reader, const ParsedPolicy& parsed) {
  const domain::Policy& policy = parsed.policy;
  for (const Located<std::string>& role : parsed.platform_roles) {
    if (!domain::ParsePlatformRole(role.value)) {
      reader.Report(role.at, fmt::format("platform_rule.platform_roles names unknown role '{}'; known roles: speaker, "
                                         "chair, organiser, host, attendee",
                                         role.value));
    }
  }
  for (const Located<std::string>& sanction : parsed.platform_sanctions) {
    if (sanction.value != domain::kInterimSuspensionKind && policy.FindSanction(sanction.value) == nullptr) {
      reader.Report(sanction.at, fmt::format("platform_rule.sanctions names undefined sanction '{}'; {} (or "
                                             "'interim_suspension')",
                                             sanction.value, Defined("sanctions", policy.sanctions)));
    }
  }
  for (const Located<std::string>& category : parsed.platform_categories) {
    if (policy.FindCategory(category.value) == nullptr) {
      reader.Report(category.at, fmt::format("platform_rule.categories names undefined category '{}'; {}",
                                             category.value, Defined("categories", policy.categories)));
    }
  }
  for (const Located<std::string>& sanction : parsed.platform_published_on_decision) {
    if (policy.FindSanction(sanction.value) == nullptr) {
      reader.Report(sanction.at, fmt::format("platform_rule.published_on_decision names undefined sanction '{}'; {}",
                                             sanction.value, Defined("sanctions", policy.sanctions)));
    }
  }
  if (parsed.platform_case_category && policy.FindCategory(parsed.platform_case_category->value) == nullptr) {
    reader.Report(parsed.platform_case_category->at,
                  fmt::format("platform_rule.case_category names undefined category '{}'; {}",
                              parsed.platform_case_category->value, Defined("categories", policy.categories)));
  }
}

ParsedPolicy ReadPolicy(TomlReader& reader, const toml::table& root) {
  reader.CheckKeys(root, "at the top level",
                   {"policy", "categories", "roles", "fields", "waiting", "stages", "sanctions", "interim_suspension",
                    "appeal", "platform_rule"});
  ParsedPolicy parsed;
  ReadPolicyTable(reader, root, parsed);
  ReadCategories(reader, root, parsed);
  ReadRoles(reader, root, parsed);
  ReadFields(reader, root, parsed);
  ReadWaitingStates(reader, root, parsed);
  ReadStages(reader, root, parsed);
  ReadSanctions(reader, root, parsed);
  ReadInterimSuspension(reader, root, parsed);
  ReadAppeal(reader, root, parsed);
  ReadPlatformRule(reader, root, parsed);
  CheckActions(reader, parsed);
  CheckStages(reader, parsed);
  CheckReferences(reader, parsed);
  CheckPlatformRule(reader, parsed);
  return parsed;
}

}  // namespace

Result<domain::Policy> LoadPolicy(std::string_view text, std::string_view file_name) {
  TomlReader reader(file_name);
  std::optional<toml::table> root = reader.Parse(text);
  std::optional<ParsedPolicy> parsed;
  if (root) parsed = ReadPolicy(reader, *root);
  std::vector<Diagnostic> diagnostics = reader.TakeDiagnostics();
  if (!diagnostics.empty()) return Fail(DiagnosticsError(diagnostics));
  return std::move(parsed->policy);
}

Result<domain::Policy> LoadPolicyFile(const std::filesystem::path& path) {
  DOCKET_TRY_ASSIGN(std::string text, ReadTextFile(path));
  return LoadPolicy(text, path.string());
}

std::vector<Diagnostic> CheckPolicy(std::string_view text, std::string_view file_name) {
  TomlReader reader(file_name);
  std::optional<toml::table> root = reader.Parse(text);
  if (root) ReadPolicy(reader, *root);
  return reader.TakeDiagnostics();
}

}  // namespace docket::policy

#include "app/demo.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "security/crypto.hpp"

namespace docket::app {
namespace {

using domain::Action;
using domain::Case;
using domain::FieldMap;

// SplitMix64: tiny, fast and identical on every platform, unlike the
// standard distributions, so a seed always gives the same organisation.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n).
  std::int64_t Below(std::int64_t n) { return n <= 0 ? 0 : static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(n)); }
  std::int64_t Between(std::int64_t low, std::int64_t high) { return low + Below(high - low + 1); }
  bool Chance(int percent) { return Below(100) < percent; }
  template <class T, std::size_t N>
  const T& Pick(const std::array<T, N>& items) { return items[static_cast<std::size_t>(Below(N))]; }

 private:
  std::uint64_t state_;
};

// Names from the many backgrounds of a national membership, grouped so that a
// given name usually goes with a family name of the same background.
struct NameGroup {
  std::array<std::string_view, 12> given;
  std::array<std::string_view, 10> family;
};
constexpr std::array<NameGroup, 10> kNameGroups = {{
    {{"Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Emily", "Thomas", "Sophie", "James", "Grace"},
     {"Smith", "Jones", "Taylor", "Brown", "Wilson", "Robinson", "Wright", "Thompson", "Walker", "Clarke"}},
    {{"Aoife", "Niamh", "Ciaran", "Siobhan", "Sean", "Orla", "Padraig", "Roisin", "Declan", "Aisling", "Eoin", "Grainne"},
     {"Byrne", "Murphy", "Kelly", "O'Brien", "Walsh", "O'Sullivan", "Doyle", "McCarthy", "Gallagher", "Quinn"}},
    {{"Rhys", "Cerys", "Dafydd", "Eilidh", "Callum", "Morag", "Gareth", "Bethan", "Iain", "Catriona", "Owain", "Mairi"},
     {"Griffiths", "Llewellyn", "Pritchard", "Evans", "MacLeod", "Campbell", "Stewart", "McDonald", "Morgan", "Fraser"}},
    {{"Mohammed", "Aisha", "Omar", "Fatima", "Yusuf", "Maryam", "Ibrahim", "Zainab", "Imran", "Nadia", "Tariq", "Shabana"},
     {"Khan", "Ahmed", "Hussain", "Ali", "Rahman", "Begum", "Iqbal", "Malik", "Haddad", "Mansour"}},
    {{"Priya", "Arjun", "Anjali", "Rohan", "Deepa", "Sanjay", "Harpreet", "Gurpreet", "Rajinder", "Kiran", "Sunita", "Vikram"},
     {"Patel", "Sharma", "Singh", "Kaur", "Gill", "Mistry", "Shah", "Chopra", "Sandhu", "Desai"}},
    {{"Rachel", "David", "Miriam", "Daniel", "Esther", "Benjamin", "Hannah", "Samuel", "Leah", "Jonathan", "Ruth", "Naomi"},
     {"Cohen", "Levy", "Rosen", "Goldberg", "Stein", "Friedman", "Katz", "Shapiro", "Klein", "Green"}},
    {{"Kwame", "Ama", "Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Kofi", "Abena", "Tunde", "Folake", "Emeka", "Yaa"},
     {"Okafor", "Mensah", "Asante", "Adeyemi", "Okoro", "Boateng", "Owusu", "Obi", "Nwosu", "Adebayo"}},
    {{"Marcus", "Shanice", "Andre", "Keisha", "Delroy", "Monique", "Winston", "Marcia", "Leroy", "Jade", "Tyrone", "Simone"},
     {"Francis", "Grant", "Henry", "Campbell", "Williams", "Brown", "Edwards", "Reid", "Thomas", "Johnson"}},
    {{"Wei", "Mei", "Jun", "Li", "Hui", "Ming", "Piotr", "Agnieszka", "Tomasz", "Katarzyna", "Olena", "Andriy"},
     {"Chen", "Wang", "Zhang", "Liu", "Wong", "Kowalski", "Nowak", "Wisniewski", "Kovalenko", "Shevchenko"}},
    {{"Mehmet", "Elif", "Emre", "Zeynep", "Giorgos", "Eleni", "Marco", "Giulia", "Joao", "Ines", "Kemal", "Leyla"},
     {"Demir", "Yilmaz", "Kaya", "Papadopoulos", "Georgiou", "Rossi", "Russo", "Ferreira", "Silva", "Santos"}},
}};

constexpr auto kBranches = std::to_array<std::string_view>({
    "Birmingham Ladywood", "Bristol West", "Cardiff Central", "Leeds Central", "Liverpool Riverside",
    "Manchester Gorton", "Newcastle Central", "Sheffield Central", "Nottingham East", "Leicester South",
    "Bradford West", "Glasgow Central", "Edinburgh North", "Swansea West", "Brighton Pavilion", "Hackney North",
    "Tottenham", "Islington North", "Finchley and Golders Green", "Ilford South", "Barking", "Lewisham Deptford",
    "Croydon North", "Luton South", "Coventry South", "Wolverhampton South East", "Stoke-on-Trent Central",
    "Derby North", "Hull East", "York Central", "Norwich South", "Cambridge", "Oxford East", "Reading East",
    "Southampton Test", "Plymouth Sutton", "Exeter", "Bath", "Gloucester", "Swindon South", "Ipswich", "Peterborough",
    "Lincoln", "Preston", "Blackburn", "Bolton South East", "Oldham West", "Salford", "Stockport", "Wigan",
    "Sunderland Central", "Middlesbrough", "Durham", "Carlisle", "Lancaster", "Chester", "Wrexham", "Newport West",
    "Aberdeen North", "Dundee West"});

struct StaffAccount {
  std::string_view username;
  std::string_view display_name;
  std::string_view role;
};

constexpr std::array<StaffAccount, 26> kStaff = {{
    {DemoStaff::kCaseworker, "Aoife Byrne", "caseworker"},
    {"tariq.hussain", "Tariq Hussain", "caseworker"},
    {"grace.mensah", "Grace Mensah", "caseworker"},
    {"daniel.cohen", "Daniel Cohen", "caseworker"},
    {"mei.lin", "Mei Lin", "caseworker"},
    {DemoStaff::kInvestigator, "Rachel Levy", "investigator"},
    {"kwame.asante", "Kwame Asante", "investigator"},
    {"priya.sharma", "Priya Sharma", "investigator"},
    {"tom.evans", "Tom Evans", "investigator"},
    {"olena.kovalenko", "Olena Kovalenko", "investigator"},
    {"samuel.adeyemi", "Samuel Adeyemi", "investigator"},
    {DemoStaff::kPanelMember, "Helen Clarke", "panel_member"},
    {"yusuf.demir", "Yusuf Demir", "panel_member"},
    {"miriam.rosen", "Miriam Rosen", "panel_member"},
    {"james.okoro", "James Okoro", "panel_member"},
    {"fiona.campbell", "Fiona Campbell", "panel_member"},
    {"arjun.patel", "Arjun Patel", "panel_member"},
    {DemoStaff::kAppealPanel, "Deborah Stein", "appeal_panel"},
    {"michael.obi", "Michael Obi", "appeal_panel"},
    {"catherine.walsh", "Catherine Walsh", "appeal_panel"},
    {DemoStaff::kOversight, "Independent Reviewer", "oversight"},
    {DemoStaff::kAdministrator, "System Administrator", "administrator"},
    {DemoStaff::kPoliticalOffice, "Leader's Office", "political_office"},
    {"nadia.rahman", "Nadia Rahman", "caseworker"},
    {"hannah.friedman", "Hannah Friedman", "investigator"},
    {"kofi.boateng", "Kofi Boateng", "panel_member"},
}};

struct WeightedCategory {
  std::string_view id;
  int weight;
};
// domain.md: about two thirds of panel cases were antisemitism; the rest spread across conduct complaints.
constexpr std::array<WeightedCategory, 6> kCategories = {{{"antisemitism", 45},
                                                          {"other_racism", 12},
                                                          {"sexual_harassment", 8},
                                                          {"bullying", 17},
                                                          {"platform_sharing", 5},
                                                          {"other_misconduct", 13}}};

struct WeightedOutcome {
  std::string_view sanction;
  int weight;
};
// Panel outcomes May 2020 - March 2022 (domain.md): 18% expulsion, 9% suspension,
// 20% formal warning, 18% reminder; the rest education and no further action.
constexpr std::array<WeightedOutcome, 7> kOutcomes = {{{"expulsion", 18},
                                                      {"suspension", 11},
                                                      {"formal_warning", 20},
                                                      {"reminder_of_conduct", 18},
                                                      {"reminder_of_values", 10},
                                                      {"mandatory_education", 10},
                                                      {"no_further_action", 13}}};

constexpr auto kDescriptions = std::to_array<std::string_view>({
    "Posted on social media that a named Jewish councillor 'answers to a foreign government', and repeated it at a "
    "branch meeting when challenged.",
    "Shared an image repeating a conspiracy theory about Jewish control of the banks, with a comment endorsing it.",
    "At a branch meeting, shouted abuse at a member about her ethnicity and told her to 'go back where she came "
    "from'.",
    "Sent repeated unwanted messages of a sexual nature to a younger member after a campaign event.",
    "Spoke at a public meeting alongside a person expelled from the party for antisemitism, and promoted the event.",
    "Belittled and excluded a branch officer over several months, including in the branch's group chat."});

// Scripted paths through the shipped policy. Each step is an action id; the
// demo stops a case wherever the next step would fall after "now".
enum class Path { kRejected, kNoCase, kInsufficient, kPanel, kFastTrack, kHearing, kStalled };

struct WeightedPath {
  Path path;
  int weight;
};
// domain.md, Apr 2018 - Jan 2019: of 673 complaints, 220 closed for
// insufficient evidence, 146 reminders, 211 notices of investigation, 96 suspended.
constexpr std::array<WeightedPath, 7> kPaths = {{{Path::kRejected, 6},
                                                {Path::kNoCase, 22},
                                                {Path::kInsufficient, 18},
                                                {Path::kPanel, 28},
                                                {Path::kFastTrack, 7},
                                                {Path::kHearing, 13},
                                                {Path::kStalled, 6}}};

std::vector<std::string_view> Steps(Path path, bool appeal) {
  switch (path) {
    case Path::kRejected: return {"reject"};
    case Path::kNoCase: return {"accept", "no_case_to_answer"};
    case Path::kInsufficient:
      return {"accept", "open_investigation", "send_notice_of_investigation", "record_response",
              "close_insufficient_evidence"};
    case Path::kPanel: {
      std::vector<std::string_view> steps = {"accept", "open_investigation", "send_notice_of_investigation",
                                             "record_response", "refer_to_panel", "decide"};
      if (appeal) {
        steps.insert(steps.end(), {"lodge_appeal", "dismiss_appeal"});
      } else {
        steps.push_back("close");
      }
      return steps;
    }
    case Path::kFastTrack: return {"accept", "fast_track", "decide", "close"};
    case Path::kHearing: {
      std::vector<std::string_view> steps = {"accept", "open_investigation", "impose_interim_suspension",
                                             "send_notice_of_investigation", "record_response", "refer_to_panel",
                                             "refer_to_hearing", "schedule_hearing", "decide"};
      if (appeal) {
        steps.insert(steps.end(), {"lodge_appeal", "uphold_appeal"});
      } else {
        steps.push_back("close");
      }
      return steps;
    }
    case Path::kStalled:
      // The respondent never answers and nobody reviews the suspension: the
      // backlog the founding story complains of.
      return {"accept", "open_investigation", "impose_interim_suspension", "send_notice_of_investigation"};
  }
  return {};
}

template <class Item, std::size_t N>
const Item& PickWeighted(Rng& rng, const std::array<Item, N>& items) {
  int total = 0;
  for (const Item& item : items) total += item.weight;
  std::int64_t roll = rng.Below(total);
  for (const Item& item : items) {
    if (roll < item.weight) return item;
    roll -= item.weight;
  }
  return items.back();
}

std::string Sentence(std::string_view field, std::string_view action) {
  if (field == "reasons") {
    if (action == "decide") {
      return "The panel found the allegation proved on the respondent's own published words, read in context "
             "against the rule on conduct, and considered the respondent's response and any mitigation.";
    }
    return fmt::format("Recorded at '{}': the evidence was reviewed against the rule on conduct and the policy's "
                       "checklist for this stage.",
                       action);
  }
  if (field == "allegations") {
    return "That the respondent published statements that breach the rule on conduct, as set out in the complaint "
           "and its evidence.";
  }
  if (field == "grounds") return "The decision did not take proper account of the respondent's evidence.";
  if (field == "questions") return "Please send links to the posts and the dates they were made.";
  if (field == "response") return "The respondent denies the allegations and has supplied a written statement.";
  if (field == "companion") return "A trade union representative";
  return "Recorded by the demo.";
}

class DemoBuilder {
 public:
  DemoBuilder(store::Store& store, const domain::Workflow& workflow, const DemoOptions& options,
              const Progress& progress)
      : store_(store), workflow_(workflow), options_(options), progress_(progress), rng_(options.seed) {}

  Result<DemoReport> Run() {
    DOCKET_TRY(CheckPolicy());
    DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kWrite));
    DOCKET_TRY_ASSIGN(std::int64_t existing, tx->Members().Count());
    if (existing > 0) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("the database already has {} members; the demo fills an empty database only", existing));
    }
    DOCKET_TRY(WriteStaff(*tx));
    DOCKET_TRY(WriteMembers(*tx));
    DOCKET_TRY(WriteCases(*tx));
    DOCKET_TRY(tx->Commit());
    return report_;
  }

 private:
  const Schedule& schedule() const { return workflow_.GetSchedule(); }

  Result<void> CheckPolicy() {
    const domain::Policy& policy = workflow_.GetPolicy();
    for (const WeightedPath& wp : kPaths) {
      for (bool appeal : {false, true}) {
        for (std::string_view step : Steps(wp.path, appeal)) {
          bool found = std::any_of(policy.actions.begin(), policy.actions.end(),
                                   [&](const Action& a) { return a.id == step; });
          if (!found) {
            return Fail(ErrorCode::kFailedPrecondition,
                        fmt::format("the demo walks cases through the shipped policy's actions, and this policy has "
                                    "no action '{}'",
                                    step));
          }
        }
      }
    }
    for (const WeightedCategory& c : kCategories) {
      if (policy.FindCategory(c.id) == nullptr) {
        return Fail(ErrorCode::kFailedPrecondition, fmt::format("the policy has no category '{}'", c.id));
      }
    }
    return Ok();
  }

  Result<void> WriteStaff(store::Transaction& tx) {
    // One argon2id hash for every demo account: hashing is slow by design.
    DOCKET_TRY_ASSIGN(password_hash_, security::HashPassword(DemoStaff::kPassword));
    const std::string key(DemoStaff::kTotpKey);
    const std::string key_hex = security::ToHex(reinterpret_cast<const std::uint8_t*>(key.data()), key.size());
    for (const StaffAccount& account : kStaff) {
      store::User user;
      user.username = account.username;
      user.display_name = account.display_name;
      user.role = account.role;
      user.password_hash = password_hash_;
      user.totp_key_hex = key_hex;
      user.totp_enabled = true;
      DOCKET_TRY(tx.Users().Insert(user));
      staff_by_role_[std::string(account.role)].push_back(std::string(account.username));
      ++report_.users;
    }
    return Ok();
  }

  Instant WorkingTime(Date date) {
    // Somewhere between 09:00 and 17:30 local time.
    return schedule().zone.StartOfDay(date).AddSeconds(9 * 3600 + rng_.Below(8 * 3600 + 1800));
  }

  Result<void> WriteMembers(store::Transaction& tx) {
    const Date today = schedule().zone.LocalDate(options_.now);
    const std::int64_t n = std::max<std::int64_t>(options_.members, 10);
    const std::int64_t mps = std::clamp<std::int64_t>(n / 2500, 3, 200);
    const std::int64_t mayors = std::clamp<std::int64_t>(n / 20000, 2, 50);
    const std::int64_t councillors = std::max<std::int64_t>(n / 200, 10);
    member_ids_.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
      domain::Member m;
      m.membership_number = fmt::format("A{:07}", i + 1);
      const NameGroup& group = rng_.Pick(kNameGroups);
      // Families mix: some members' names come from two backgrounds.
      const NameGroup& family = rng_.Chance(12) ? rng_.Pick(kNameGroups) : group;
      m.given_name = std::string(rng_.Pick(group.given));
      m.family_name = std::string(rng_.Pick(family.family));
      if (rng_.Chance(3)) m.family_name += "-" + std::string(rng_.Pick(rng_.Pick(kNameGroups).family));
      m.branch = std::string(rng_.Pick(kBranches));
      m.email = fmt::format("member{}@example.org", i + 1);
      m.joined_on = today.AddDays(-static_cast<std::int32_t>(rng_.Between(30, 40 * 365)));
      if (rng_.Chance(4)) m.aliases.push_back(fmt::format("{}. {}", m.given_name.substr(0, 1), m.family_name));
      // Officials first, so every organisation size has some.
      if (i < mps) {
        m.offices.push_back({"mp", fmt::format("MP for {}", m.branch), today.AddDays(-static_cast<std::int32_t>(rng_.Between(200, 5000))), std::nullopt});
      } else if (i < mps + mayors) {
        m.offices.push_back({"mayor", fmt::format("Mayor of {}", m.branch), today.AddDays(-static_cast<std::int32_t>(rng_.Between(100, 2500))), std::nullopt});
      } else if (i < mps + mayors + councillors) {
        Date start = today.AddDays(-static_cast<std::int32_t>(rng_.Between(100, 4000)));
        std::optional<Date> end;
        if (rng_.Chance(25)) end = start.AddDays(static_cast<std::int32_t>(rng_.Between(365, 1460)));
        if (end && *end >= today) end.reset();
        m.offices.push_back({"councillor", fmt::format("Councillor, {} ward {}", m.branch, rng_.Between(1, 12)), start, end});
      }
      if (!m.offices.empty()) ++report_.officials;
      if (rng_.Chance(8)) {
        m.status_history.push_back({domain::MembershipStatus::kLapsed, today.AddDays(-static_cast<std::int32_t>(rng_.Between(1, 900))), "subscription not renewed"});
      } else if (rng_.Chance(2)) {
        m.status_history.push_back({domain::MembershipStatus::kResigned, today.AddDays(-static_cast<std::int32_t>(rng_.Between(1, 900))), "resigned"});
      }
      DOCKET_TRY_ASSIGN(MemberId id, tx.Members().Insert(m));
      member_ids_.push_back(id);
      names_.push_back(m.FullName());
      numbers_.push_back(m.membership_number);
      ++report_.members;
      if (progress_ && (i + 1) % 20000 == 0) progress_("members", i + 1, n);
    }
    if (progress_) progress_("members", n, n);
    return Ok();
  }

  const std::string& StaffOf(std::string_view role) {
    const auto& list = staff_by_role_[std::string(role)];
    return list[static_cast<std::size_t>(rng_.Below(static_cast<std::int64_t>(list.size())))];
  }

  FieldMap FieldsFor(const Action& action, const Case& c, std::string_view outcome, const std::string& investigator) {
    FieldMap fields;
    const domain::Policy& policy = workflow_.GetPolicy();
    for (const std::string& id : action.requires_fields) {
      const domain::FieldSpec* spec = policy.FindField(id);
      if (spec == nullptr) continue;
      switch (spec->type) {
        case domain::FieldType::kText: fields[id] = Sentence(id, action.id); break;
        case domain::FieldType::kDate:
          fields[id] = schedule().calendar.AddWorkingDays(schedule().zone.LocalDate(c.stage_entered_at), 15).ToString();
          break;
        case domain::FieldType::kInteger: fields[id] = std::to_string(spec->min.value_or(1)); break;
        case domain::FieldType::kSanction: fields[id] = std::string(outcome); break;
        case domain::FieldType::kChoice: fields[id] = spec->options.empty() ? "" : spec->options.front(); break;
        case domain::FieldType::kUser: fields[id] = investigator; break;
      }
    }
    if (action.id == "open_investigation") fields["assignee"] = investigator;
    if (action.effect == domain::ActionEffect::kDecision) {
      const domain::SanctionKind* kind = policy.FindSanction(outcome);
      if (kind && kind->has_term) fields["term_months"] = std::to_string(rng_.Between(3, kind->max_term_months.value_or(12)));
    }
    return fields;
  }

  std::string ActorRole(const Action& action) {
    for (std::string_view role : {"caseworker", "investigator", "panel_member", "appeal_panel"}) {
      if (action.roles.contains(std::string(role))) return std::string(role);
    }
    return *action.roles.begin();
  }

  Result<void> WriteCases(store::Transaction& tx) {
    const domain::Policy& policy = workflow_.GetPolicy();
    const Date today = schedule().zone.LocalDate(options_.now);
    const std::int64_t count = std::max<std::int64_t>(options_.cases, 0);
    // Opening dates over three years, more of them recent, in order so case numbers run with time.
    std::vector<Date> opened;
    opened.reserve(static_cast<std::size_t>(count));
    for (std::int64_t i = 0; i < count; ++i) {
      std::int64_t back = std::min(rng_.Below(3 * 365), rng_.Below(3 * 365));
      opened.push_back(today.AddDays(-static_cast<std::int32_t>(back)));
    }
    std::sort(opened.begin(), opened.end());
    std::vector<std::string> respondent_users;

    for (std::int64_t i = 0; i < count; ++i) {
      const std::string category(PickWeighted(rng_, kCategories).id);
      std::size_t respondent = static_cast<std::size_t>(rng_.Below(static_cast<std::int64_t>(member_ids_.size())));
      std::vector<domain::Respondent> respondents = {{member_ids_[respondent], names_[respondent]}};
      if (rng_.Chance(5)) {
        std::size_t second = static_cast<std::size_t>(rng_.Below(static_cast<std::int64_t>(member_ids_.size())));
        if (second != respondent) respondents.push_back({member_ids_[second], names_[second]});
      }
      Instant at = WorkingTime(opened[static_cast<std::size_t>(i)]);
      if (at > options_.now) at = options_.now;
      Case c = workflow_.Open(category, respondents, at);
      DOCKET_TRY_ASSIGN(c.number, tx.Cases().NextNumber(schedule().zone.LocalDate(at).Year()));

      // Walk the case through its path in memory, then write its final state once.
      std::vector<domain::CaseEvent> events;
      domain::CaseEvent received;
      received.at = at;
      received.actor = "system";
      received.role = "system";
      received.action = "received";
      received.to_stage = c.stage;
      const domain::Channel channel = rng_.Chance(70) ? domain::Channel::kWeb : domain::Channel::kApi;
      received.fields["channel"] = std::string(domain::Name(channel));
      events.push_back(received);
      std::vector<domain::Sanction> sanctions;
      const Path path = PickWeighted(rng_, kPaths).path;
      const bool appeal = rng_.Chance(20);
      const std::string outcome(path == Path::kFastTrack ? (rng_.Chance(70) ? "expulsion" : "suspension")
                                                         : PickWeighted(rng_, kOutcomes).sanction);
      const std::string investigator = StaffOf("investigator");
      const std::string panel = StaffOf("panel_member");
      const std::string appeal_member = StaffOf("appeal_panel");
      Instant clock = at;
      for (std::string_view step : Steps(path, appeal)) {
        const Action* action = policy.FindAction(c.stage, step);
        if (action == nullptr) break;
        // Most steps land within the stage's budget; some take far longer,
        // which leaves the overdue cases a real backlog has.
        int budget = 5;
        if (const domain::Stage* stage = policy.FindStage(c.stage); stage && stage->deadline_working_days) {
          budget = *stage->deadline_working_days;
        }
        int delay = static_cast<int>(rng_.Between(1, std::max(1, budget * 3 / 4)));
        if (rng_.Chance(12)) delay = static_cast<int>(rng_.Between(budget, budget * 4));
        if (action->after_appeal_window) delay = policy.appeal.window_working_days + static_cast<int>(rng_.Between(1, 4));
        if (step == "record_response" && rng_.Chance(15)) delay += 15;
        // Appeals are lodged within the window; the demo never fakes a late one.
        if (step == "lodge_appeal") delay = static_cast<int>(rng_.Between(1, policy.appeal.window_working_days));
        Date day = schedule().calendar.AddWorkingDays(schedule().zone.LocalDate(clock), delay);
        Instant when = WorkingTime(day);
        if (when > options_.now) break;
        // The complaints unit seats a panel before it acts, and a separate appeal panel for an appeal.
        if (action->roles.contains("panel_member") && !c.Seats(panel, domain::PanelKind::kPanel)) {
          c.panel.push_back({panel, domain::PanelKind::kPanel});
        }
        if (step == "lodge_appeal") c.panel.push_back({appeal_member, domain::PanelKind::kAppeal});
        std::string role = ActorRole(*action);
        domain::Actor actor;
        actor.role = role;
        actor.username = role == "investigator"   ? investigator
                         : role == "panel_member" ? panel
                         : role == "appeal_panel" ? appeal_member
                                                  : StaffOf(role);
        FieldMap fields = FieldsFor(*action, c, outcome, investigator);
        auto applied = workflow_.Apply(c, actor, step, fields, when);
        if (!applied) {
          return Fail(ErrorCode::kInternal, fmt::format("demo case {}: '{}' failed: {}", c.number, step,
                                                        applied.error().message));
        }
        if (applied->interim_ended_on) {
          for (domain::Sanction& s : sanctions) {
            if (s.kind == domain::kInterimSuspensionKind && !s.end) s.end = *applied->interim_ended_on;
          }
        }
        if (applied->overturned) {
          for (domain::Sanction& s : sanctions) {
            if (s.kind != domain::kInterimSuspensionKind && !s.overturned_at) {
              s.overturned_at = when;
              s.overturn_reason = applied->overturn_reason;
            }
          }
        }
        for (domain::Sanction& s : applied->imposed) {
          // Expulsions and suspensions are announced a few days after the decision.
          if (s.kind != domain::kInterimSuspensionKind && rng_.Chance(60)) s.published_on = s.start.AddDays(static_cast<std::int32_t>(rng_.Between(1, 10)));
          sanctions.push_back(s);
        }
        events.push_back(applied->event);
        c = std::move(applied->next);
        clock = when;
      }

      DOCKET_TRY_ASSIGN(c.id, tx.Cases().Insert(c, workflow_.DueAtForOrdering(c)));
      for (const domain::PanelSeat& seat : c.panel) DOCKET_TRY(tx.CaseFiles().Seat(c.id, seat));
      for (domain::CaseEvent& e : events) {
        e.case_id = c.id;
        DOCKET_TRY(tx.Cases().AppendEvent(e));
      }
      for (domain::Sanction& s : sanctions) {
        s.case_id = c.id;
        DOCKET_TRY(tx.Sanctions().Insert(s));
      }
      report_.events += static_cast<std::int64_t>(events.size());
      report_.sanctions += static_cast<std::int64_t>(sanctions.size());

      domain::Complaint complaint;
      complaint.receipt = fmt::format("{:016}", rng_.Next() % 10000000000000000ULL);
      complaint.received_at = at;
      complaint.category = category;
      complaint.description = std::string(kDescriptions[static_cast<std::size_t>(rng_.Below(kDescriptions.size()))]);
      complaint.occurred_on = schedule().zone.LocalDate(at).AddDays(-static_cast<std::int32_t>(rng_.Between(0, 60)));
      complaint.place = std::string(rng_.Pick(kBranches));
      complaint.channel = channel;
      if (rng_.Chance(20)) {
        complaint.anonymity = domain::Anonymity::kAnonymous;
      } else {
        std::size_t who = static_cast<std::size_t>(rng_.Below(static_cast<std::int64_t>(member_ids_.size())));
        bool member = rng_.Chance(50) && who != respondent;
        complaint.complainant = domain::Complainant{member ? names_[who] : std::string("A member of the public"),
                                                    member ? fmt::format("member{}@example.org", who + 1)
                                                           : fmt::format("public{}@example.net", i + 1),
                                                    member ? std::optional<MemberId>(member_ids_[who]) : std::nullopt};
      }
      for (const domain::Respondent& r : respondents) {
        std::size_t index = static_cast<std::size_t>(r.member->value - member_ids_.front().value);
        complaint.respondents.push_back({r.name, numbers_[index], r.member});
      }
      complaint.case_id = c.id;
      auto inserted = tx.Complaints().Insert(complaint);
      if (!inserted && inserted.error().code == ErrorCode::kAlreadyExists) {
        complaint.receipt = fmt::format("{:016}", rng_.Next() % 10000000000000000ULL);
        inserted = tx.Complaints().Insert(complaint);
      }
      if (!inserted) return Fail(inserted.error());

      // The first respondents of open cases get accounts, so the respondent's view can be tried.
      if (!c.closed_at && respondent_users.size() < 25) {
        store::User user;
        user.username = fmt::format("member.{}", numbers_[respondent]);
        user.display_name = names_[respondent];
        user.role = "respondent";
        user.member = member_ids_[respondent];
        user.password_hash = password_hash_;
        // A member who is respondent in two cases gets one account.
        if (std::find(respondent_users.begin(), respondent_users.end(), user.username) == respondent_users.end()) {
          DOCKET_TRY(tx.Users().Insert(user));
          respondent_users.push_back(user.username);
          ++report_.users;
        }
      }
      ++report_.cases;
      if (!c.closed_at) ++report_.open_cases;
      if (progress_ && (i + 1) % 5000 == 0) progress_("cases", i + 1, count);
    }
    if (progress_) progress_("cases", count, count);
    return Ok();
  }

  store::Store& store_;
  const domain::Workflow& workflow_;
  const DemoOptions& options_;
  const Progress& progress_;
  Rng rng_;
  DemoReport report_;
  std::string password_hash_;
  std::map<std::string, std::vector<std::string>> staff_by_role_;
  std::vector<MemberId> member_ids_;
  std::vector<std::string> names_;
  std::vector<std::string> numbers_;
};

}  // namespace

Result<DemoReport> GenerateDemo(store::Store& store, const domain::Workflow& workflow, const DemoOptions& options,
                                const Progress& progress) {
  DemoBuilder builder(store, workflow, options, progress);
  return builder.Run();
}

}  // namespace docket::app

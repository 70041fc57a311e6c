#include "app/intake_service.hpp"

#include <algorithm>
#include <random>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "security/crypto.hpp"

namespace docket::app {
namespace {

constexpr std::size_t kMaxDescription = 20000;
constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxLinks = 20;
constexpr std::size_t kMaxLink = 2000;

bool Blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// Why a link is not an evidence address, if it is not: http or https with a
// host, no spaces or control characters, at most kMaxLink bytes.
std::optional<std::string> LinkProblem(std::string_view link) {
  if (link.size() > kMaxLink) return fmt::format("at most {} bytes", kMaxLink);
  std::string_view rest;
  if (link.starts_with("https://")) {
    rest = link.substr(8);
  } else if (link.starts_with("http://")) {
    rest = link.substr(7);
  } else {
    return std::string("must start with http:// or https://");
  }
  for (unsigned char c : link) {
    if (c <= 0x20 || c == 0x7F) return std::string("must not contain spaces or control characters");
  }
  if (rest.empty() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#') {
    return std::string("must name a host after the scheme");
  }
  return std::nullopt;
}

}  // namespace

std::string SystemRandomDigits(int count) {
  std::random_device device;  // Reads the kernel's random source on Linux.
  std::uniform_int_distribution<int> digit(0, 9);
  std::string out;
  for (int i = 0; i < count; ++i) out += static_cast<char>('0' + digit(device));
  return out;
}

Result<domain::Complaint> IntakeService::Validate(const ComplaintInput& input) const {
  const domain::Policy& policy = workflow_.GetPolicy();
  auto invalid = [](std::string field, std::string why) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("field '{}': {}", field, why));
  };
  if (policy.FindCategory(input.category) == nullptr) {
    std::vector<std::string> ids;
    for (const domain::Category& c : policy.categories) ids.push_back(c.id);
    return invalid("category", fmt::format("unknown category '{}'; one of: {}", input.category, fmt::join(ids, ", ")));
  }
  if (Blank(input.description)) return invalid("description", "say what happened");
  if (input.description.size() > kMaxDescription) {
    return invalid("description", fmt::format("at most {} bytes", kMaxDescription));
  }
  auto occurred = Date::Parse(input.occurred_on);
  if (!occurred) return invalid("occurred_on", occurred.error().message);
  const Instant now = clock_.Now();
  if (*occurred > workflow_.GetSchedule().zone.LocalDate(now)) return invalid("occurred_on", "is in the future");
  if (input.respondents.empty()) return invalid("respondents", "name at least one person the complaint is about");
  for (std::size_t i = 0; i < input.respondents.size(); ++i) {
    if (Blank(input.respondents[i].name)) return invalid(fmt::format("respondents[{}].name", i), "is empty");
    if (input.respondents[i].name.size() > kMaxName) {
      return invalid(fmt::format("respondents[{}].name", i), fmt::format("at most {} bytes", kMaxName));
    }
  }
  if (input.links.size() > kMaxLinks) {
    return invalid("links", fmt::format("at most {} links; it has {}", kMaxLinks, input.links.size()));
  }
  for (std::size_t i = 0; i < input.links.size(); ++i) {
    if (auto why = LinkProblem(input.links[i])) return invalid(fmt::format("links[{}]", i), *why);
  }
  if (input.anonymity == domain::Anonymity::kNamed) {
    if (!input.complainant) return invalid("complainant", "required unless the complaint is anonymous");
    if (Blank(input.complainant->name)) return invalid("complainant.name", "is empty");
    if (input.complainant->name.size() > kMaxName) {
      return invalid("complainant.name", fmt::format("at most {} bytes", kMaxName));
    }
    const std::string& email = input.complainant->email;
    auto at = email.find('@');
    if (at == std::string::npos || at == 0 || email.find('.', at) == std::string::npos || email.size() > 254) {
      return invalid("complainant.email", fmt::format("'{}' is not an email address", email));
    }
  } else if (input.complainant) {
    return invalid("complainant", "an anonymous complaint must not carry the complainant's identity");
  }
  domain::Complaint complaint;
  complaint.received_at = now;
  complaint.category = input.category;
  complaint.description = input.description;
  complaint.occurred_on = *occurred;
  complaint.place = input.place;
  complaint.anonymity = input.anonymity;
  complaint.complainant = input.complainant;
  complaint.respondents = input.respondents;
  complaint.links = input.links;
  complaint.channel = input.channel;
  return complaint;
}

Result<Receipt> IntakeService::Submit(const ComplaintInput& input) {
  DOCKET_TRY_ASSIGN(domain::Complaint complaint, Validate(input));
  Receipt receipt;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(receipt, Store(tx, complaint, input.origin));
    return Ok();
  }));
  return receipt;
}

Result<Receipt> IntakeService::Record(store::Transaction& tx, domain::Complaint complaint, const domain::Actor& staff) {
  return Store(tx, std::move(complaint), "staff", &staff);
}

Result<Receipt> IntakeService::Store(store::Transaction& tx_ref, domain::Complaint complaint,
                                     const std::string& origin, const domain::Actor* staff) {
  store::Transaction* tx = &tx_ref;
  for (domain::RespondentRef& r : complaint.respondents) {
    if (!r.membership_number) continue;
    if (auto member = tx->Members().FindByNumber(*r.membership_number)) {
      r.member = member->id;
    } else if (member.error().code != ErrorCode::kNotFound) {
      return Fail(member.error());
    }
    // An unknown number is kept as given: the complaints team checks membership at triage.
  }

  Receipt receipt;
  // Group with an open case about the same incident: same category, a member respondent in common.
  std::optional<domain::Case> existing;
  for (const domain::RespondentRef& r : complaint.respondents) {
    if (!r.member || existing) continue;
    DOCKET_TRY_ASSIGN(std::vector<CaseId> open, tx->Cases().OpenCasesOfRespondent(*r.member, complaint.category));
    for (CaseId id : open) {
      DOCKET_TRY_ASSIGN(auto others, tx->Complaints().ForCase(id));
      bool same_day = std::any_of(others.begin(), others.end(), [&](const domain::Complaint& other) {
        return other.occurred_on == complaint.occurred_on;
      });
      if (same_day) {
        DOCKET_TRY_ASSIGN(existing, tx->Cases().Find(id));
        break;
      }
    }
  }

  const Instant now = complaint.received_at;
  if (existing) {
    complaint.case_id = existing->id;
    receipt.case_number = existing->number;
    receipt.grouped = true;
    domain::CaseEvent event;
    event.case_id = existing->id;
    event.at = now;
    event.actor = "system";
    event.role = "system";
    event.action = "complaint_grouped";
    event.from_stage = existing->stage;
    event.to_stage = existing->stage;
    DOCKET_TRY(tx->Cases().AppendEvent(event));
  } else {
    std::vector<domain::Respondent> respondents;
    for (const domain::RespondentRef& r : complaint.respondents) respondents.push_back({r.member, r.name});
    domain::Case c = workflow_.Open(complaint.category, std::move(respondents), now);
    DOCKET_TRY_ASSIGN(c.number, tx->Cases().NextNumber(workflow_.GetSchedule().zone.LocalDate(now).Year()));
    DOCKET_TRY_ASSIGN(c.id, tx->Cases().Insert(c, workflow_.DueAtForOrdering(c)));
    complaint.case_id = c.id;
    receipt.case_number = c.number;
    domain::CaseEvent event;
    event.case_id = c.id;
    event.at = now;
    event.actor = "system";
    event.role = "system";
    event.action = "received";
    event.to_stage = c.stage;
    event.fields["channel"] = std::string(domain::Name(complaint.channel));
    DOCKET_TRY(tx->Cases().AppendEvent(event));
  }
  // A receipt collision is astronomically rare but cheap to survive.
  ComplaintId complaint_id;
  for (int attempt = 0;; ++attempt) {
    complaint.receipt = random_(16);
    auto inserted = tx->Complaints().Insert(complaint);
    if (inserted) {
      complaint_id = *inserted;
      break;
    }
    if (inserted.error().code != ErrorCode::kAlreadyExists || attempt == 4) return Fail(inserted.error());
  }
  receipt.receipt = complaint.receipt;
  // 128 random bits: a fast hash is enough, and a slow one would cap intake.
  receipt.secret = security::RandomToken(16);
  DOCKET_TRY(tx->CaseFiles().SetComplaintSecret(complaint_id, security::Sha256Hex(receipt.secret)));
  domain::AuditRecord record;
  record.at = now;
  record.actor = complaint.anonymity == domain::Anonymity::kAnonymous ? "anonymous" : "complainant";
  record.role = "complainant";
  record.action = "complaint.submit";
  record.object_type = "case";
  record.object_id = receipt.case_number;
  record.origin = origin;
  record.detail = fmt::format("channel={}{}", domain::Name(complaint.channel), receipt.grouped ? " grouped" : "");
  if (staff != nullptr) {
    record.actor = staff->username;
    record.role = staff->role;
    record.action = "complaint.record";
  }
  DOCKET_TRY(tx->Audit().Append(record));
  return receipt;
}

}  // namespace docket::app

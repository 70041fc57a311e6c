// Intake: a complaint becomes a stored complaint and a case, in one
// transaction, and the complainant gets a receipt. A complaint about the same
// incident as an open case (same category, a respondent in common, the same
// day) joins that case instead of opening another.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "domain/complaint.hpp"
#include "domain/workflow.hpp"
#include "store/store.hpp"

namespace docket::app {

/// A complaint as submitted, before validation.
struct ComplaintInput {
  std::string category;
  std::string description;
  std::string occurred_on;  //!< YYYY-MM-DD.
  std::string place;
  domain::Anonymity anonymity = domain::Anonymity::kNamed;
  std::optional<domain::Complainant> complainant;
  std::vector<domain::RespondentRef> respondents;
  std::vector<std::string> links;  //!< Evidence links: at most 20 http(s) addresses.
  domain::Channel channel = domain::Channel::kWeb;
  std::string origin = "cli";  //!< Where it came from (a client address), for the audit log.
};

/// What the complainant is told.
struct Receipt {
  std::string receipt;      //!< 16 digits.
  std::string secret;       //!< Shown once; with the receipt it opens the complaint's status and messages.
  std::string case_number;
  bool grouped = false;     //!< Joined an existing case about the same incident.
};

/// Draws random numbers for receipts; tests and the demo pass a seeded one.
using RandomDigits = std::function<std::string(int count)>;

/// Cryptographically unpredictable digits from the operating system.
std::string SystemRandomDigits(int count);

class IntakeService {
 public:
  IntakeService(store::Store& store, const domain::Workflow& workflow, const Clock& clock, RandomDigits random)
      : store_(store), workflow_(workflow), clock_(clock), random_(std::move(random)) {}

  /// kInvalidArgument naming the field when the input is not a complaint.
  Result<domain::Complaint> Validate(const ComplaintInput& input) const;
  /// Validates, stores and acknowledges. Durable when it returns.
  Result<Receipt> Submit(const ComplaintInput& input);
  /// Stores a complaint that staff raise themselves (e.g. from a
  /// platform-sharing alert) inside the caller's transaction, opening or
  /// joining a case as Submit does; the audit log names `staff`.
  Result<Receipt> Record(store::Transaction& tx, domain::Complaint complaint, const domain::Actor& staff);

 private:
  Result<Receipt> Store(store::Transaction& tx, domain::Complaint complaint, const std::string& origin,
                        const domain::Actor* staff = nullptr);

  store::Store& store_;
  const domain::Workflow& workflow_;
  const Clock& clock_;
  RandomDigits random_;
};

}  // namespace docket::app

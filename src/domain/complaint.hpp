// A complaint as the complainant made it. Several complaints about the same
// incident are grouped into one case; the complaint itself never changes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"

namespace docket::domain {

/// Whether the complainant's identity is withheld from every staff role.
enum class Anonymity { kNamed, kAnonymous };

/// How the complaint reached docket.
enum class Channel { kWeb, kApi, kImport, kStaff, kRule };

/// Someone a complaint is about, by name and, when known, membership number.
struct RespondentRef {
  std::string name;
  std::optional<std::string> membership_number;
  std::optional<MemberId> member;  //!< Resolved member, when the number matched.
};

/// The complainant's identity, absent for anonymous complaints.
struct Complainant {
  std::string name;
  std::string email;
  std::optional<MemberId> member;
};

/// A complaint. `receipt` is a 16-digit number given to the complainant.
struct Complaint {
  ComplaintId id;
  std::string receipt;
  Instant received_at;
  std::string category;
  std::string description;
  Date occurred_on;
  std::string place;
  Anonymity anonymity = Anonymity::kNamed;
  std::optional<Complainant> complainant;  //!< Present iff kNamed.
  std::vector<RespondentRef> respondents;
  std::vector<std::string> links;  //!< Web addresses of evidence (posts, articles, videos), http or https.
  Channel channel = Channel::kWeb;
  std::optional<CaseId> case_id;
};

std::string_view Name(Channel channel);
std::optional<Channel> ParseChannel(std::string_view text);

}  // namespace docket::domain

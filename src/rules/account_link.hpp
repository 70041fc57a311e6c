// Proposing which members an undeclared social-media account may belong to,
// from its display name and handle. Only ever candidates with a score and the
// reasons for it: a person confirms or rejects each link, and only a confirmed
// link attaches a post to a member.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"

namespace docket::rules {

//! A member's names as the index needs them.
struct MemberNames {
  MemberId member;
  std::string given_name;
  std::string family_name;
  std::vector<std::string> aliases;
};

//! What an account shows of itself.
struct AccountIdentity {
  std::string handle;        //!< Without the leading '@'.
  std::string display_name;
};

struct LinkCandidate {
  MemberId member;
  double score = 0;                  //!< 0..1; higher is a closer match.
  std::vector<std::string> reasons;  //!< Sentences, e.g. "display name equals the member's name after transliteration".
};

//! An index over all members' names (normalised forms, variants, trigrams),
//! built once; Propose is const and safe from several threads.
class MemberNameIndex {
 public:
  static MemberNameIndex Build(const std::vector<MemberNames>& members);
  MemberNameIndex(MemberNameIndex&&) noexcept;
  MemberNameIndex& operator=(MemberNameIndex&&) noexcept;
  ~MemberNameIndex();

  //! The best candidates first, at most `limit`, none below `minimum_score`.
  std::vector<LinkCandidate> Propose(const AccountIdentity& account, std::size_t limit = 5,
                                     double minimum_score = 0.5) const;
  std::size_t size() const;

  struct Data;  // defined in account_link.cpp

 private:
  explicit MemberNameIndex(std::unique_ptr<Data> data);
  std::unique_ptr<Data> data_;
};

/// The words of a handle as an index compares them: split at separators,
/// digits and camelCase ("JaneDoeMP" is jane, doe), transliterated to Latin
/// ASCII, lower case, honorifics dropped. A run of letters such as "jsmith"
/// stays one word: only an index knows which names it may hold.
std::vector<std::string> SplitHandle(std::string_view handle);

}  // namespace docket::rules

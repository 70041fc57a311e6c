// Triage of post text against a published lexicon: which posts a person
// should read first, and why. A flag names the category (an IHRA example or
// conduct guidance), the pattern and the matched span; it never decides
// anything and never changes a case by itself.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/lexicon.hpp"

namespace docket::rules {

//! One reason to read a post: a pattern of the lexicon matched a span of its text.
struct TriageFlag {
  std::string category_id;
  std::string category_title;
  std::string pattern_id;
  std::string pattern;   //!< The lexicon expression that matched.
  std::size_t begin = 0; //!< Byte offsets of the match in the original (un-normalised) UTF-8 text.
  std::size_t end = 0;
  std::string matched;   //!< The original text of the span.
  //! Set when a context marker shows the post reports or condemns what it quotes;
  //! the flag is still shown but does not raise the priority.
  std::string discounted_by;
  std::string lexicon_name;     //!< The lexicon the pattern comes from, shown with the flag.
  std::string lexicon_version;  //!< Its published version, e.g. "2026.1".
};

struct TriageAssessment {
  int priority = 0;  //!< 0: nothing to read first; higher: read sooner.
  std::vector<TriageFlag> flags;  //!< In order of position in the text.
  //! Set when the text could not be scanned (4 GiB or longer, or out of memory): read such a post in full.
  std::string error;
  bool Flagged() const { return priority > 0; }
};

//! A compiled lexicon. Create once (compiling is slow); Assess is const and
//! safe to call from several threads at once.
class Triage {
 public:
  static Result<Triage> Create(domain::Lexicon lexicon);
  Triage(Triage&&) noexcept;
  Triage& operator=(Triage&&) noexcept;
  ~Triage();

  //! Priority: the sum of the weights of the distinct patterns that matched outside a discounting context.
  TriageAssessment Assess(std::string_view text) const;
  const domain::Lexicon& lexicon() const;
  //! Scans the raw text with the same compiled patterns and a callback that does nothing (the benchmark's baseline).
  Result<void> ScanBare(std::string_view text) const;

  struct Compiled;  // Hyperscan databases and the pattern tables; defined in triage.cpp.

 private:
  explicit Triage(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace docket::rules

// A set of regular expressions compiled together and matched in one pass
// over a text. Hyperscan does the work; this header carries none of its
// types, so the rules layer can use it and stay free of Hyperscan headers.
//
// Every expression is compiled case-insensitively, in block mode, over bytes
// (not UTF-8: post text may be invalid UTF-8, and Hyperscan's UTF-8 mode is
// undefined on that), into two databases: one that only finds whether
// anything matches, and one with leftmost start-of-match reporting that finds
// the spans. Start-of-match tracking made the lexicon's scan about four times
// slower, and most texts match nothing, so only a text that matches is
// scanned the second time. Hyperscan reports every end of a match, so one
// expression can report several overlapping spans; callers merge them.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace docket::scan {

//! One expression to compile; the id names it in compile errors.
struct PatternSource {
  std::string id;
  std::string expression;
};

//! Receives each match: the expression's index in the list given to Compile and the byte span [begin, end).
using MatchSink = void (*)(void* context, unsigned pattern, std::size_t begin, std::size_t end);

/// A compiled set of expressions. Compile once (slow); Scan is const and safe
/// from several threads at once, each thread using its own scratch space.
class PatternSet {
 public:
  /// kInvalidArgument naming the pattern id and Hyperscan's reason when an
  /// expression does not compile. An empty list gives a set that never matches.
  static Result<PatternSet> Compile(const std::vector<PatternSource>& patterns);

  PatternSet(PatternSet&&) noexcept;
  PatternSet& operator=(PatternSet&&) noexcept;
  ~PatternSet();

  /// Calls sink for every match in text. kInvalidArgument when text is 4 GiB
  /// or longer (Hyperscan's limit); kUnavailable when scratch space cannot be allocated.
  Result<void> Scan(std::string_view text, MatchSink sink, void* context) const;

  /// Scans text with the first database (no start of match) and a callback
  /// that does nothing, to the end: the bare baseline of the triage benchmark.
  Result<void> ScanIgnoringMatches(std::string_view text) const;

  //! How many expressions were compiled.
  std::size_t size() const;

  struct Database;  // The Hyperscan databases and prototype scratch; defined in pattern_set.cpp.

 private:
  explicit PatternSet(std::unique_ptr<Database> database);
  std::unique_ptr<Database> database_;
};

}  // namespace docket::scan

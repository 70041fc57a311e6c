// A published triage lexicon: patterns of text for a person to read first,
// grouped by the example of the IHRA working definition or the conduct
// guidance they touch. Data only; loading it is the policy layer's job and
// matching it the rules layer's.
#pragma once

#include <string>
#include <vector>

namespace docket::domain {

//! One group a flag can name: an IHRA example or an item of conduct guidance.
struct LexiconCategory {
  std::string id;      //!< Stable key, e.g. "ihra-02-conspiracy".
  std::string title;   //!< Shown beside every flag, e.g. "Conspiracy myths of Jewish collective power".
  std::string source;  //!< Where the category comes from (the IHRA example's number, the guidance).
};

//! One pattern: a regular expression over normalised text (lower case, confusables folded).
struct LexiconPattern {
  std::string id;          //!< Stable key, shown with the flag.
  std::string category;    //!< A LexiconCategory id.
  std::string expression;  //!< Hyperscan-compatible regular expression.
  int weight = 1;          //!< How much a match raises a post's reading priority.
  std::string note;        //!< Why the pattern is here, in a sentence.
};

//! A context marker: text that shows a post reports or condemns what it quotes.
struct LexiconContext {
  std::string id;
  std::string expression;
  std::string note;
};

struct Lexicon {
  std::string name;     //!< e.g. "docket antisemitism lexicon".
  std::string version;  //!< Shown with every flag, e.g. "2026.1".
  std::vector<LexiconCategory> categories;
  std::vector<LexiconPattern> patterns;
  std::vector<LexiconContext> contexts;
};

}  // namespace docket::domain

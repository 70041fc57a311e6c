#include "rules/triage.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "scan/pattern_set.hpp"

namespace docket::rules {
namespace {

// How the text is normalised before matching, so that lexicon patterns are
// written once over plain lower-case Latin letters:
//
//  1. Each non-ASCII character is folded on its own with ICU: compatibility
//     decomposition (fullwidth "Ｚ" -> "Z", ligatures, odd spaces), case
//     folding, combining marks dropped ("é" -> "e"), format characters dropped
//     (zero-width spaces that split a word), then Cyrillic and Greek letters
//     that look like Latin ones replaced by those ("о" -> "o"). Results are
//     cached per thread, so ICU runs once per distinct character.
//  2. Runs of three or more single characters separated by one or two of
//     " .-_*" are joined: "Z i o" and "Z.i.o" -> "Zio".
//  3. Digits and symbols used for letters (1 i, 0 o, 3 e, 4 @ a, 5 $ s) are
//     folded when they touch a letter, so "Z1o" -> "Zio" but "1488" and
//     "6 million" stay; "@" or "$" that starts a word (a handle, an amount) stays.
//
// Case is left to Hyperscan (every pattern is caseless). Steps 1 and 3 are
// the common ones and keep every byte in place, so most text is scanned
// as it is, or as a same-length copy; only text with non-ASCII characters or
// spaced letters gets an offset map back to the original bytes.

enum ByteClass : std::uint8_t {
  kLetter = 1,      // a-z, A-Z
  kConfusable = 2,  // a digit or symbol that stands in for a letter
  kWordChar = 4,    // letters, digits, '@', '$': what a spaced-out word is made of
  kSpacer = 8,      // what goes between the letters of a spaced-out word
  kHigh = 16,       // a byte of a non-ASCII character
};

constexpr std::array<std::uint8_t, 256> MakeClasses() {
  std::array<std::uint8_t, 256> classes{};
  for (int c = 'a'; c <= 'z'; ++c) classes[static_cast<std::size_t>(c)] = kLetter | kWordChar;
  for (int c = 'A'; c <= 'Z'; ++c) classes[static_cast<std::size_t>(c)] = kLetter | kWordChar;
  for (int c = '0'; c <= '9'; ++c) classes[static_cast<std::size_t>(c)] = kWordChar;
  for (char c : {'0', '1', '3', '4', '5', '@', '$'}) {
    classes[static_cast<unsigned char>(c)] |= kConfusable | kWordChar;
  }
  for (char c : {' ', '.', '-', '_', '*'}) classes[static_cast<unsigned char>(c)] = kSpacer;
  for (int c = 0x80; c <= 0xFF; ++c) classes[static_cast<std::size_t>(c)] = kHigh;
  return classes;
}
constexpr std::array<std::uint8_t, 256> kClasses = MakeClasses();

inline std::uint8_t ClassOf(char c) { return kClasses[static_cast<unsigned char>(c)]; }

char LetterFor(char c) {
  switch (c) {
    case '1': return 'i';
    case '0': return 'o';
    case '3': return 'e';
    case '4':
    case '@': return 'a';
    case '5':
    case '$': return 's';
    default: return c;
  }
}

// Folds runs of confusables that touch a letter, in place; lengths never change.
void FoldConfusables(char* text, std::size_t size) {
  std::size_t i = 0;
  while (i < size) {
    if ((ClassOf(text[i]) & kConfusable) == 0) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < size && (ClassOf(text[end]) & kConfusable) != 0) ++end;
    const bool letter_before = i > 0 && (ClassOf(text[i - 1]) & kLetter) != 0;
    const bool letter_after = end < size && (ClassOf(text[end]) & kLetter) != 0;
    if (letter_before || letter_after) {
      std::size_t k = i;
      const bool starts_word = i == 0 || (ClassOf(text[i - 1]) & kWordChar) == 0;
      if (starts_word && (text[k] == '@' || text[k] == '$')) ++k;
      for (; k < end; ++k) text[k] = LetterFor(text[k]);
    }
    i = end;
  }
}

// What a text needs before it can be scanned.
struct Shape {
  bool non_ascii = false;
  bool confusables = false;  // some word mixes letters with confusables
  bool spaced = false;       // three or more single characters separated by spacers
};

// One pass over the bytes, word by word; this is the cost every post pays,
// so it does no writing and no Unicode work.
Shape ShapeOf(std::string_view text) {
  Shape shape;
  const char* data = text.data();
  const std::size_t size = text.size();
  std::uint8_t seen = 0;
  int singles = 0;                 // single characters in a row, separated by spacers
  std::size_t last_single_end = 0;  // where the last single character ended
  std::size_t i = 0;
  while (i < size) {
    std::uint8_t c = ClassOf(data[i]);
    if ((c & kWordChar) == 0) {
      seen |= c;
      ++i;
      continue;
    }
    std::size_t start = i;
    std::uint8_t word = 0;
    while (i < size && ((c = ClassOf(data[i])) & kWordChar) != 0) {
      word |= c;
      ++i;
    }
    if ((word & kLetter) != 0 && (word & kConfusable) != 0) shape.confusables = true;
    if (i - start == 1) {
      std::size_t gap = start - last_single_end;
      bool spaced_gap = singles > 0 && gap >= 1 && gap <= 2 && (ClassOf(data[start - 1]) & kSpacer) != 0 &&
                        (ClassOf(data[start - gap]) & kSpacer) != 0;
      singles = spaced_gap ? singles + 1 : 1;
      last_single_end = i;
      if (singles >= 3) shape.spaced = true;
    } else {
      singles = 0;
    }
  }
  shape.non_ascii = (seen & kHigh) != 0;
  return shape;
}

// Latin letters that Cyrillic and Greek letters (after case folding) are
// written to imitate, and typographic punctuation that patterns write in ASCII.
constexpr std::array<std::pair<UChar32, char>, 44> kLookAlikes = {{
    {0x03B1, 'a'}, {0x03B2, 'b'}, {0x03B3, 'y'}, {0x03B5, 'e'}, {0x03B6, 'z'}, {0x03B7, 'n'}, {0x03B9, 'i'},
    {0x03BA, 'k'}, {0x03BD, 'v'}, {0x03BF, 'o'}, {0x03C1, 'p'}, {0x03C4, 't'}, {0x03C5, 'u'}, {0x03C7, 'x'},
    {0x03C9, 'w'}, {0x0430, 'a'}, {0x0432, 'b'}, {0x0435, 'e'}, {0x043A, 'k'}, {0x043C, 'm'}, {0x043D, 'h'},
    {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0442, 't'}, {0x0443, 'y'}, {0x0445, 'x'}, {0x0455, 's'},
    {0x0456, 'i'}, {0x0458, 'j'}, {0x04BB, 'h'}, {0x0501, 'd'}, {0x051B, 'q'}, {0x051D, 'w'}, {0x0131, 'i'},
    {0x2010, '-'}, {0x2013, '-'}, {0x2014, '-'}, {0x2018, '\''}, {0x2019, '\''}, {0x201C, '"'}, {0x201D, '"'},
    {0x02BC, '\''}, {0x2212, '-'},
}};

std::string FoldCharacter(UChar32 character) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  icu::UnicodeString folded(character);
  if (U_SUCCESS(status)) folded = nfkd->normalize(folded, status);
  if (U_FAILURE(status)) folded = icu::UnicodeString(character);
  folded.foldCase();
  std::string out;
  for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
    UChar32 c = folded.char32At(i);
    int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) continue;
    auto look_alike = std::find_if(kLookAlikes.begin(), kLookAlikes.end(),
                                   [c](const std::pair<UChar32, char>& entry) { return entry.first == c; });
    if (look_alike != kLookAlikes.end()) {
      out.push_back(look_alike->second);
      continue;
    }
    char buffer[U8_MAX_LENGTH];
    int32_t length = 0;
    UBool error = false;
    U8_APPEND(buffer, length, U8_MAX_LENGTH, c, error);
    if (!error) out.append(buffer, static_cast<std::size_t>(length));
  }
  return out;
}

const std::string& FoldedCharacter(UChar32 character) {
  // A post in a non-Latin script repeats few distinct characters, so the cache
  // stays small; the bound is for text built to have many.
  thread_local std::unordered_map<UChar32, std::string> cache;
  if (cache.size() > 65536) cache.clear();
  auto [it, inserted] = cache.try_emplace(character);
  if (inserted) it->second = FoldCharacter(character);
  return it->second;
}

// The text actually scanned, and where each of its bytes came from.
struct Workspace {
  std::string text;
  std::vector<std::uint32_t> begin;  // per byte of text: the first original byte it came from
  std::vector<std::uint32_t> end;    // and one past the last
  bool mapped = false;               // false: byte i of text is byte i of the original
};

void Push(Workspace& work, char c, std::size_t begin, std::size_t end) {
  work.text.push_back(c);
  work.begin.push_back(static_cast<std::uint32_t>(begin));
  work.end.push_back(static_cast<std::uint32_t>(end));
}

// Step 2 over the mapped text, in place: "z i o" -> "zio", each letter keeping its origin.
void JoinSpacedLetters(Workspace& work) {
  std::string& text = work.text;
  const std::size_t size = text.size();
  auto single_at = [&](std::size_t i) {
    return i < size && (ClassOf(text[i]) & kWordChar) != 0 && (i == 0 || (ClassOf(text[i - 1]) & kWordChar) == 0) &&
           (i + 1 == size || (ClassOf(text[i + 1]) & kWordChar) == 0);
  };
  // The next single character after the one at i, if one or two spacers lead to it.
  auto next_single = [&](std::size_t i) -> std::size_t {
    std::size_t j = i + 1;
    int spacers = 0;
    while (j < size && spacers < 2 && (ClassOf(text[j]) & kSpacer) != 0) {
      ++j;
      ++spacers;
    }
    return spacers > 0 && single_at(j) ? j : std::string::npos;
  };
  std::size_t write = 0;
  std::size_t read = 0;
  auto keep = [&](std::size_t from) {
    text[write] = text[from];
    work.begin[write] = work.begin[from];
    work.end[write] = work.end[from];
    ++write;
  };
  std::vector<std::size_t> run;
  while (read < size) {
    if (!single_at(read)) {
      keep(read++);
      continue;
    }
    // A run keeps one kind of gap: in "a Z.i.o" the article "a" is not part of "Z.i.o".
    run.assign(1, read);
    std::string_view gap;
    for (std::size_t next = next_single(read); next != std::string::npos; next = next_single(next)) {
      std::string_view this_gap(text.data() + run.back() + 1, next - run.back() - 1);
      if (run.size() > 1 && this_gap != gap) break;
      gap = this_gap;
      run.push_back(next);
    }
    // "a" and "I" are words of their own: "a Z i o" is the article and "Zio".
    const char first = static_cast<char>(text[run.front()] | 0x20);
    if (run.size() >= 4 && (first == 'a' || first == 'i')) {
      keep(run.front());
      for (std::size_t k = run.front() + 1; k < run[1]; ++k) keep(k);
      run.erase(run.begin());
    }
    if (run.size() < 3) {
      keep(read++);
      continue;
    }
    for (std::size_t at : run) keep(at);
    read = run.back() + 1;
  }
  text.resize(write);
  work.begin.resize(write);
  work.end.resize(write);
}

// The text to scan: the original when nothing needs changing, else the workspace's text.
std::string_view Prepare(std::string_view original, Workspace& work) {
  Shape shape = ShapeOf(original);
  work.mapped = false;
  if (!shape.non_ascii && !shape.spaced) {
    if (!shape.confusables) return original;
    work.text.assign(original.data(), original.size());
    FoldConfusables(work.text.data(), work.text.size());
    return work.text;
  }
  work.mapped = true;
  work.text.clear();
  work.begin.clear();
  work.end.clear();
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(original.data());
  const auto size = static_cast<int32_t>(original.size());
  int32_t i = 0;
  while (i < size) {
    if (bytes[i] < 0x80) {
      Push(work, static_cast<char>(bytes[i]), static_cast<std::size_t>(i), static_cast<std::size_t>(i) + 1);
      ++i;
      continue;
    }
    int32_t start = i;
    UChar32 character = 0;
    U8_NEXT(bytes, i, size, character);
    if (character < 0) {
      // Invalid UTF-8 is kept byte for byte: Hyperscan scans bytes, and the span must still map back.
      for (int32_t k = start; k < i; ++k) Push(work, static_cast<char>(bytes[k]), static_cast<std::size_t>(k),
                                               static_cast<std::size_t>(k) + 1);
      continue;
    }
    for (char c : FoldedCharacter(character)) {
      Push(work, c, static_cast<std::size_t>(start), static_cast<std::size_t>(i));
    }
  }
  JoinSpacedLetters(work);
  FoldConfusables(work.text.data(), work.text.size());
  return work.text;
}

struct Match {
  unsigned index;  // into the pattern set: lexicon patterns first, then contexts
  std::size_t begin;
  std::size_t end;
};

void Collect(void* context, unsigned index, std::size_t begin, std::size_t end) {
  static_cast<std::vector<Match>*>(context)->push_back(Match{index, begin, end});
}

}  // namespace

struct Triage::Compiled {
  domain::Lexicon lexicon;
  std::vector<std::size_t> category_of;  // per pattern: its category's index in lexicon.categories
  scan::PatternSet set;
};

Result<Triage> Triage::Create(domain::Lexicon lexicon) {
  std::vector<std::size_t> category_of;
  std::vector<scan::PatternSource> sources;
  for (const domain::LexiconPattern& pattern : lexicon.patterns) {
    auto category = std::find_if(lexicon.categories.begin(), lexicon.categories.end(),
                                 [&](const domain::LexiconCategory& c) { return c.id == pattern.category; });
    if (category == lexicon.categories.end()) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("lexicon {} {}: pattern '{}' names category '{}', which the lexicon does not define",
                              lexicon.name, lexicon.version, pattern.id, pattern.category));
    }
    category_of.push_back(static_cast<std::size_t>(category - lexicon.categories.begin()));
    sources.push_back(scan::PatternSource{pattern.id, pattern.expression});
  }
  for (const domain::LexiconContext& context : lexicon.contexts) {
    sources.push_back(scan::PatternSource{context.id, context.expression});
  }
  Result<scan::PatternSet> set = scan::PatternSet::Compile(sources);
  if (!set) {
    return Fail(set.error().code, fmt::format("lexicon {} {}: {}", lexicon.name, lexicon.version, set.error().message));
  }
  auto compiled = std::make_unique<Compiled>(Compiled{std::move(lexicon), std::move(category_of), std::move(*set)});
  return Triage(std::move(compiled));
}

Triage::Triage(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
Triage::Triage(Triage&&) noexcept = default;
Triage& Triage::operator=(Triage&&) noexcept = default;
Triage::~Triage() = default;

const domain::Lexicon& Triage::lexicon() const { return compiled_->lexicon; }

Result<void> Triage::ScanBare(std::string_view text) const { return compiled_->set.ScanIgnoringMatches(text); }

TriageAssessment Triage::Assess(std::string_view text) const {
  // Reused across calls on each thread, so an ordinary post allocates nothing.
  thread_local Workspace work;
  thread_local std::vector<Match> matches;
  TriageAssessment assessment;
  std::string_view scanned = Prepare(text, work);
  matches.clear();
  Result<void> scan = compiled_->set.Scan(scanned, Collect, &matches);
  if (!scan) {
    assessment.error = scan.error().message;
    return assessment;
  }
  if (matches.empty()) return assessment;

  const domain::Lexicon& lexicon = compiled_->lexicon;
  const std::size_t pattern_count = lexicon.patterns.size();
  // Hyperscan reports each end of a match; one pattern's overlapping reports are one span.
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return a.index != b.index ? a.index < b.index : a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::vector<Match> merged;
  for (const Match& match : matches) {
    if (!merged.empty() && merged.back().index == match.index && match.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, match.end);
    } else {
      merged.push_back(match);
    }
  }
  // A context anywhere in the post discounts every flag in it: the post as a
  // whole reports or condemns what it quotes. The first context in the text names it.
  const domain::LexiconContext* discount = nullptr;
  std::size_t discount_at = std::string::npos;
  for (const Match& match : merged) {
    if (match.index >= pattern_count && match.begin < discount_at) {
      discount = &lexicon.contexts[match.index - pattern_count];
      discount_at = match.begin;
    }
  }
  auto original_span = [&](const Match& match) -> std::pair<std::size_t, std::size_t> {
    if (!work.mapped) return {match.begin, match.end};
    return {work.begin[match.begin], work.end[match.end - 1]};
  };
  std::vector<bool> counted(pattern_count, false);
  for (const Match& match : merged) {
    if (match.index >= pattern_count) continue;
    const domain::LexiconPattern& pattern = lexicon.patterns[match.index];
    const domain::LexiconCategory& category = lexicon.categories[compiled_->category_of[match.index]];
    auto [begin, end] = original_span(match);
    TriageFlag flag;
    flag.category_id = category.id;
    flag.category_title = category.title;
    flag.pattern_id = pattern.id;
    flag.pattern = pattern.expression;
    flag.begin = begin;
    flag.end = end;
    flag.matched = std::string(text.substr(begin, end - begin));
    if (discount != nullptr) flag.discounted_by = discount->id;
    flag.lexicon_name = lexicon.name;
    flag.lexicon_version = lexicon.version;
    // Repeating a phrase does not make a post more urgent to read; a second pattern does.
    if (discount == nullptr && !counted[match.index]) {
      counted[match.index] = true;
      assessment.priority += pattern.weight;
    }
    assessment.flags.push_back(std::move(flag));
  }
  std::sort(assessment.flags.begin(), assessment.flags.end(), [](const TriageFlag& a, const TriageFlag& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  return assessment;
}

}  // namespace docket::rules

#include "rules/account_link.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "rules/name_match.hpp"

namespace docket::rules {
namespace {

using VocabId = std::uint32_t;
constexpr VocabId kNoVocab = std::numeric_limits<VocabId>::max();
constexpr std::uint32_t kNoEntry = std::numeric_limits<std::uint32_t>::max();

constexpr std::uint8_t kGivenRole = 1;
constexpr std::uint8_t kFamilyRole = 2;

// Weights of the score: the family name and the given name count alike, and
// a display name and a handle that each name the member on their own add the
// rest. A family name alone (0.45) stays below the default threshold of 0.5:
// thousands of members share one.
constexpr double kFamilyWeight = 0.45;
constexpr double kGivenWeight = 0.45;
constexpr double kAgreementBonus = 0.10;
constexpr double kExtraWordPenalty = 0.04;
constexpr double kMaximumExtraWordPenalty = 0.12;
constexpr double kAliasScore = 0.75;

// Below this share of letter triples two names are not thought alike.
constexpr double kMinimumSimilarity = 0.6;

// Account names are cut to this many words: a display name is short, and the
// pairs of words compared grow with the square of it.
constexpr std::size_t kMaximumWords = 8;
// Word positions are packed as word index * kSlot + offset in the word.
constexpr std::uint32_t kSlot = 64;

// Titles seen in display names besides the honorifics NormaliseName drops.
constexpr std::array<std::string_view, 8> kExtraTitles = {"mep", "msp", "mla", "ms", "official", "councillor",
                                                          "cllr", "hon"};

// Family-name particles: a member "van der Berg" is also found under "berg",
// never under "van".
constexpr std::array<std::string_view, 22> kParticles = {"van", "der", "den", "de",  "la", "le",  "du",  "von",
                                                         "al",  "el",  "bin", "ben", "di", "da",  "dos", "das",
                                                         "del", "st",  "mac", "mc",  "o",  "ter"};

// Nicknames and the formal names they stand for, as people write them online.
constexpr std::pair<std::string_view, std::string_view> kNicknames[] = {
    {"bob", "robert"},       {"bobby", "robert"},      {"rob", "robert"},        {"robbie", "robert"},
    {"bert", "robert"},      {"bert", "albert"},       {"bert", "herbert"},      {"liz", "elizabeth"},
    {"lizzie", "elizabeth"}, {"lizzy", "elizabeth"},   {"beth", "elizabeth"},    {"betty", "elizabeth"},
    {"eliza", "elizabeth"},  {"libby", "elizabeth"},   {"bess", "elizabeth"},    {"mick", "michael"},
    {"mike", "michael"},     {"mickey", "michael"},    {"mikey", "michael"},     {"micky", "michael"},
    {"dave", "david"},       {"davey", "david"},       {"davy", "david"},        {"sasha", "alexander"},
    {"sasha", "alexandra"},  {"sasha", "aleksandr"},   {"sacha", "alexander"},   {"alex", "alexander"},
    {"alex", "alexandra"},   {"alec", "alexander"},    {"sandy", "alexander"},   {"sandy", "alexandra"},
    {"lexi", "alexandra"},   {"jim", "james"},         {"jimmy", "james"},       {"jamie", "james"},
    {"bill", "william"},     {"billy", "william"},     {"will", "william"},      {"willie", "william"},
    {"liam", "william"},     {"tom", "thomas"},        {"tommy", "thomas"},      {"dick", "richard"},
    {"rick", "richard"},     {"ricky", "richard"},     {"rich", "richard"},      {"richie", "richard"},
    {"chris", "christopher"}, {"chris", "christine"},  {"chris", "christina"},   {"kit", "christopher"},
    {"kate", "katherine"},   {"kate", "catherine"},    {"katie", "katherine"},   {"katie", "catherine"},
    {"cathy", "catherine"},  {"kathy", "katherine"},   {"kat", "katherine"},     {"jen", "jennifer"},
    {"jenny", "jennifer"},   {"sue", "susan"},         {"susie", "susan"},       {"suzy", "susan"},
    {"pat", "patrick"},      {"pat", "patricia"},      {"paddy", "patrick"},     {"patsy", "patricia"},
    {"trish", "patricia"},   {"tony", "anthony"},      {"ant", "anthony"},       {"andy", "andrew"},
    {"drew", "andrew"},      {"steve", "stephen"},     {"steve", "steven"},      {"stevie", "stephen"},
    {"ed", "edward"},        {"eddie", "edward"},      {"ted", "edward"},        {"ned", "edward"},
    {"ted", "theodore"},     {"nick", "nicholas"},     {"nicky", "nicholas"},    {"sam", "samuel"},
    {"sam", "samantha"},     {"sammy", "samuel"},      {"ben", "benjamin"},      {"benny", "benjamin"},
    {"dan", "daniel"},       {"danny", "daniel"},      {"joe", "joseph"},        {"joey", "joseph"},
    {"jo", "joanne"},        {"jo", "joanna"},         {"jo", "josephine"},      {"peggy", "margaret"},
    {"maggie", "margaret"},  {"meg", "margaret"},      {"mags", "margaret"},     {"greta", "margaret"},
    {"nell", "helen"},       {"nell", "eleanor"},      {"ellie", "eleanor"},     {"nellie", "helen"},
    {"harry", "henry"},      {"hal", "henry"},         {"hank", "henry"},        {"harry", "harold"},
    {"jack", "john"},        {"johnny", "john"},       {"charlie", "charles"},   {"chuck", "charles"},
    {"chas", "charles"},     {"fred", "frederick"},    {"freddie", "frederick"}, {"greg", "gregory"},
    {"jeff", "jeffrey"},     {"geoff", "geoffrey"},    {"ken", "kenneth"},       {"kenny", "kenneth"},
    {"larry", "lawrence"},   {"matt", "matthew"},      {"matty", "matthew"},     {"pete", "peter"},
    {"phil", "philip"},      {"ray", "raymond"},       {"ron", "ronald"},        {"ronnie", "ronald"},
    {"tim", "timothy"},      {"vicky", "victoria"},    {"vic", "victor"},        {"gerry", "gerald"},
    {"gerry", "gerard"},     {"terry", "terence"},     {"len", "leonard"},       {"lenny", "leonard"},
    {"leo", "leonard"},      {"nat", "nathan"},        {"nat", "natalie"},       {"nate", "nathan"},
    {"abby", "abigail"},     {"becky", "rebecca"},     {"becca", "rebecca"},     {"debbie", "deborah"},
    {"deb", "deborah"},      {"mandy", "amanda"},      {"sally", "sarah"},       {"jess", "jessica"},
    {"jessie", "jessica"},   {"di", "diana"},          {"fran", "frances"},      {"frank", "francis"},
    {"val", "valerie"},      {"gill", "gillian"},      {"jill", "gillian"},      {"jan", "janet"},
    {"bea", "beatrice"},     {"connie", "constance"},  {"dot", "dorothy"},       {"dottie", "dorothy"},
    {"lou", "louise"},       {"lou", "louis"},         {"mo", "maureen"},        {"mo", "mohammed"},
    {"toby", "tobias"},      {"zac", "zachary"},       {"zak", "zachary"},       {"tash", "natasha"},
    {"dima", "dmitry"},      {"misha", "mikhail"},     {"kolya", "nikolai"},     {"vanya", "ivan"},
    {"volodya", "vladimir"}, {"vova", "vladimir"},     {"lena", "elena"},        {"katya", "ekaterina"},
    {"masha", "maria"},      {"olya", "olga"},         {"yura", "yuri"},         {"zhenya", "yevgeny"},
    {"tanya", "tatiana"},    {"nastya", "anastasia"},  {"yiannis", "ioannis"},   {"giannis", "ioannis"},
    {"kostas", "konstantinos"}, {"nikos", "nikolaos"}, {"dimitris", "dimitrios"}, {"panos", "panagiotis"},
    {"seamus", "james"},     {"izzy", "isabel"},
};

// Spellings of one name in other languages and transliterations; any two in
// a group are forms of each other.
constexpr std::string_view kNameForms[] = {
    "alexander aleksandr oleksandr alexandr aleksander alessandro alejandro",
    "dmitry dmitri dmitrii dmitriy dmitrij dimitri dmytro",
    "sergei sergey serhiy serhii sergej",
    "yuri yury yurii iurii jurij",
    "mikhail mihail mykhailo michael",
    "mohammed muhammad mohamed mohammad muhammed mohamad",
    "yusuf yousef yosef yousuf joseph iosif",
    "ibrahim abraham avraham",
    "ahmed ahmad",
    "hussein husain hussain husayn",
    "giorgos georgios george yorgos",
    "yevgeny evgeny evgeniy yevhen evgenij",
    "nikolai nikolay mykola",
    "natalia natalya nataliya",
    "tatiana tatyana",
    "elena yelena olena",
    "ekaterina yekaterina kateryna katerina",
    "olga olha",
    "vladimir volodymyr",
    "andrei andrey andriy",
    "eleni elene",
    "moshe moses",
    "yitzhak isaac itzhak",
    "yaakov jacob yakov",
    "shlomo solomon",
    "chaim haim hayim",
    "fatima fatimah fatma",
    "stephen steven",
    "sean shaun shawn",
};

enum class MatchKind : std::uint8_t {
  kExact,       // the same word, perhaps after transliteration
  kSpelling,    // the same after folding common spelling variants (y/i, kh/h, ks/x)
  kConsonants,  // Arabic or Hebrew script: the same consonants
  kSimilar,     // enough letter triples shared
  kOneSlip,     // one letter dropped, added, changed, or two swapped
  kNickname,    // given names only
  kForm,        // given names only: another language's form of the name
};

enum class Source : std::uint8_t { kDisplay, kHandle };

struct Match {
  VocabId vocab = kNoVocab;
  float quality = 0;
  MatchKind kind = MatchKind::kExact;
};

// One word of an account, as compared with the members' names.
struct Word {
  std::string text;  // lower-case Latin ASCII
  std::string raw;   // as the account wrote it
  Source source = Source::kDisplay;
  std::uint32_t begin = 0;  // packed position (kSlot), for overlap and order
  std::uint32_t end = 0;
  bool whole_token = true;      // false for a join of words or a piece of a handle word
  bool transliterated = false;  // raw was not Latin ASCII
  bool abjad = false;           // raw was Arabic or Hebrew script
  bool weak_family = false;     // cut from a handle beside an initial, under four letters: needs a given name elsewhere
  std::vector<Match> matches;
};

bool IsAsciiText(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool IsAsciiLetterOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsTitle(std::string_view word) {
  return IsHonorific(word) || std::find(kExtraTitles.begin(), kExtraTitles.end(), word) != kExtraTitles.end();
}

bool IsParticle(std::string_view word) { return std::find(kParticles.begin(), kParticles.end(), word) != kParticles.end(); }

// Arabic (U+0600..06FF) and Hebrew (U+0590..05FF) write few vowels, so their
// transliterations are compared by consonants.
bool IsAbjad(std::string_view raw) {
  for (std::size_t i = 0; i + 1 < raw.size(); ++i) {
    auto lead = static_cast<unsigned char>(raw[i]);
    auto next = static_cast<unsigned char>(raw[i + 1]);
    if ((lead == 0xD6 && next >= 0x90) || lead == 0xD7 || (lead >= 0xD8 && lead <= 0xDB)) return true;
  }
  return false;
}

std::size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Splits transliterated text into words. Apostrophes, modifier letters
// (U+02B0..02FF, the ʿ of Arabic) and combining marks join the parts of a
// word (O'Brien is obrien); anything else ICU leaves, such as an emoji,
// separates words.
void SplitLatinWords(std::string_view text, std::vector<std::string>& out) {
  std::string word;
  auto end_word = [&] {
    if (!word.empty()) out.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (IsAsciiLetterOrDigit(static_cast<char>(c))) {
        word.push_back(LowerAscii(static_cast<char>(c)));
      } else if (c != '\'') {
        end_word();
      }
      ++i;
      continue;
    }
    std::size_t length = std::min(Utf8Length(c), text.size() - i);
    auto next = length > 1 ? static_cast<unsigned char>(text[i + 1]) : 0;
    bool joins = (c == 0xCA && next >= 0xB0) || c == 0xCB || c == 0xCC || (c == 0xCD && next < 0xB0);
    if (!joins) end_word();
    i += length;
  }
  end_word();
}

// Caches what ICU makes of the raw words of members' names: a register of a
// million members holds only some thousands of distinct words.
using TransliterationCache = std::unordered_map<std::string, std::vector<std::string>>;

struct RawWord {
  std::string text;
  std::string raw;
  bool transliterated = false;
  bool abjad = false;
};

// Splits a name into words: ASCII separators first (so each word keeps what
// it was written as, for the reasons), then ICU for the words not in plain
// ASCII, which is the slow path.
std::vector<RawWord> Tokenise(std::string_view name, TransliterationCache* cache) {
  std::vector<RawWord> out;
  std::size_t start = 0;
  auto flush = [&](std::size_t end) {
    std::string_view raw = name.substr(start, end - start);
    start = end + 1;
    if (raw.empty()) return;
    if (IsAsciiText(raw)) {
      RawWord word;
      for (char c : raw) {
        if (c != '\'') word.text.push_back(LowerAscii(c));
      }
      if (word.text.empty()) return;
      word.raw = std::string(raw);
      out.push_back(std::move(word));
      return;
    }
    std::vector<std::string> parts;
    const std::vector<std::string>* found = nullptr;
    if (cache != nullptr) {
      if (auto it = cache->find(std::string(raw)); it != cache->end()) found = &it->second;
    }
    if (found == nullptr) {
      SplitLatinWords(TransliterateToLatinAscii(raw), parts);
      if (cache != nullptr) found = &cache->emplace(std::string(raw), parts).first->second;
    }
    const std::vector<std::string>& words = found != nullptr ? *found : parts;
    bool abjad = IsAbjad(raw);
    for (const std::string& text : words) {
      out.push_back(RawWord{text, std::string(raw), true, abjad});
    }
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80 && !IsAsciiLetterOrDigit(static_cast<char>(c)) && c != '\'') flush(i);
  }
  flush(name.size());
  return out;
}

std::vector<RawWord> NameWords(std::string_view name, TransliterationCache* cache) {
  std::vector<RawWord> words = Tokenise(name, cache);
  std::erase_if(words, [](const RawWord& w) { return IsTitle(w.text) || IsDigits(w.text); });
  return words;
}

// Folds spelling variants common in transliteration and anglicisation, so
// Dmitrij, Dmitriy and Dmitry, or Smyth and Smith, share one key.
std::string LooseKey(std::string_view word) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    char next = i + 1 < word.size() ? word[i + 1] : '\0';
    if ((c == 'k' || c == 's' || c == 'p' || c == 'c' || c == 't') && next == 'h') {
      c = c == 'p' ? 'f' : c;
      ++i;
    } else if (c == 'k' && next == 's') {
      c = 'x';
      ++i;
    } else if (c == 'c' && next == 'k') {
      c = 'k';
      ++i;
    } else if (c == 'y' || c == 'j') {
      c = 'i';
    } else if (c == 'w') {
      c = 'v';
    }
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

// The consonants of a name, as Arabic and Hebrew script write it: vowels
// (and the y and w that also serve as vowels there) dropped, letters the
// scripts do not tell apart merged. `keep_w` chooses whether w is the
// consonant v (David, dwd) or a vowel (Yusuf, ywsf).
std::string Skeleton(std::string_view word, bool keep_w) {
  std::string consonants;
  for (char c : word) {
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case '\'':
        continue;
      case 'w':
        if (keep_w) consonants.push_back('v');
        continue;
      case 'b': consonants.push_back('v'); continue;
      case 'p': consonants.push_back('f'); continue;
      case 'c': case 'q': consonants.push_back('k'); continue;
      default: consonants.push_back(c);
    }
  }
  std::string out;
  for (std::size_t i = 0; i < consonants.size(); ++i) {
    char c = consonants[i];
    char next = i + 1 < consonants.size() ? consonants[i + 1] : '\0';
    if ((c == 'k' || c == 's' || c == 't') && next == 'h') ++i;
    if (!out.empty() && out.back() == c) continue;
    out.push_back(c);
  }
  if (out.size() > 1 && out.back() == 'h') out.pop_back();
  return out;
}

// Trigrams of a word padded with '$' at both ends, without repeats.
void Trigrams(std::string_view word, std::vector<std::uint32_t>& out) {
  out.clear();
  std::string padded;
  padded.reserve(word.size() + 2);
  padded.push_back('$');
  padded.append(word);
  padded.push_back('$');
  for (std::size_t i = 0; i + 3 <= padded.size(); ++i) {
    out.push_back(static_cast<std::uint32_t>(static_cast<unsigned char>(padded[i])) << 16 |
                  static_cast<std::uint32_t>(static_cast<unsigned char>(padded[i + 1])) << 8 |
                  static_cast<std::uint32_t>(static_cast<unsigned char>(padded[i + 2])));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

// The tables are keyed by LooseKey, so a nickname transliterated another
// way is still found (Саша is "sasa", as Latin-ASCII drops the caron of š).
struct NameTables {
  std::unordered_map<std::string, std::vector<std::string_view>> nickname_to_formal;
  std::unordered_map<std::string, std::vector<std::string_view>> formal_to_nickname;
  std::unordered_map<std::string, std::vector<std::string_view>> forms;
};

const NameTables& Tables() {
  static const NameTables tables = [] {
    NameTables t;
    for (const auto& [nickname, formal] : kNicknames) {
      t.nickname_to_formal[LooseKey(nickname)].push_back(formal);
      t.formal_to_nickname[LooseKey(formal)].push_back(nickname);
    }
    for (std::string_view group : kNameForms) {
      std::vector<std::string_view> names;
      for (std::size_t start = 0; start < group.size();) {
        std::size_t space = std::min(group.find(' ', start), group.size());
        names.push_back(group.substr(start, space - start));
        start = space + 1;
      }
      for (std::string_view a : names) {
        for (std::string_view b : names) {
          if (a != b) t.forms[LooseKey(a)].push_back(b);
        }
      }
    }
    return t;
  }();
  return tables;
}

std::string Capitalised(std::string_view word) {
  std::string out(word);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string Joined(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += separator;
    out += w;
  }
  return out;
}

// A member's name as one entry of the index: the declared name, or an alias
// of at least two words.
struct NameEntry {
  MemberId member;
  std::uint32_t tokens_begin = 0;  // given words, then family words, in Data::tokens
  std::uint8_t given_count = 0;
  std::uint8_t family_count = 0;
  bool alias = false;  // an alias of the member, not its declared name
  VocabId given_compact = kNoVocab;  // "jeanluc" for Jean-Luc; the one word otherwise
  VocabId family_compact = kNoVocab;
};

struct Candidate {
  std::uint32_t entry = 0;
  double score = 0;
  std::uint32_t family_word = 0;
  std::uint32_t given_word = 0;
  double family_quality = 0;
  double given_quality = 0;
  bool agreement = false;
  bool alias = false;
};

}  // namespace

struct MemberNameIndex::Data {
  std::size_t member_count = 0;

  // The vocabulary: every distinct word of members' names, in sorted order,
  // so the words with one initial are one range of ids.
  std::vector<std::string> vocab;
  std::vector<std::uint8_t> roles;
  std::vector<std::uint8_t> trigram_counts;
  std::unordered_map<std::string_view, VocabId> by_text;
  std::unordered_map<std::uint32_t, std::vector<VocabId>> by_trigram;
  std::unordered_map<std::string, std::vector<VocabId>> by_loose;
  std::unordered_map<std::string, std::vector<VocabId>> by_skeleton;
  // Each word of five to twelve letters under each of its one-letter
  // deletions: two words one slip apart share a key (smith, smtih: smih).
  std::unordered_map<std::string, std::vector<VocabId>> by_deletion;
  std::array<std::pair<VocabId, VocabId>, 26> initial_ranges{};

  std::vector<NameEntry> entries;
  std::vector<VocabId> tokens;
  // Each entry's name as the register wrote it ("Seán O'Brien"), for the
  // reasons: entry i is recorded_names[recorded_offsets[i], recorded_offsets[i + 1]).
  std::string recorded_names;
  std::vector<std::uint32_t> recorded_offsets{0};

  std::string_view RecordedName(std::uint32_t entry) const {
    return std::string_view(recorded_names)
        .substr(recorded_offsets[entry], recorded_offsets[entry + 1] - recorded_offsets[entry]);
  }

  // Blocking: for each family key, the entries under it sorted by the id of
  // their first given name, so a given name or an initial is a binary search.
  std::vector<std::uint32_t> family_offsets;
  std::vector<std::pair<VocabId, std::uint32_t>> family_postings;

  // Aliases of one word ("BoJo"), matched whole: the member and the entry
  // of its declared name (kNoEntry when it has none), for the reasons.
  std::unordered_map<std::string, std::vector<std::pair<MemberId, std::uint32_t>>> single_aliases;

  VocabId Find(std::string_view text) const {
    auto it = by_text.find(text);
    return it == by_text.end() ? kNoVocab : it->second;
  }

  void AddMatch(std::vector<Match>& matches, VocabId id, float quality, MatchKind kind) const {
    for (Match& m : matches) {
      if (m.vocab == id) {
        if (quality > m.quality) m = Match{id, quality, kind};
        return;
      }
    }
    matches.push_back(Match{id, quality, kind});
  }

  void AddNamed(std::vector<Match>& matches, const std::vector<std::string_view>* names, float quality,
                MatchKind kind) const {
    if (names == nullptr) return;
    for (std::string_view name : *names) {
      if (VocabId id = Find(name); id != kNoVocab && (roles[id] & kGivenRole) != 0) AddMatch(matches, id, quality, kind);
    }
  }

  // Every vocabulary word this account word may be, with how closely.
  void Lookup(Word& word, bool fuzzy) const {
    const std::string loose = LooseKey(word.text);
    if (VocabId id = Find(word.text); id != kNoVocab) AddMatch(word.matches, id, 1.0F, MatchKind::kExact);
    if (word.text.size() >= 3) {
      if (auto it = by_loose.find(loose); it != by_loose.end()) {
        for (VocabId id : it->second) AddMatch(word.matches, id, 0.9F, MatchKind::kSpelling);
      }
    }
    if (word.abjad) {
      for (bool keep_w : {true, false}) {
        std::string skeleton = Skeleton(word.text, keep_w);
        // A final t is often the ta marbuta of a feminine name (fatmt, Fatima).
        std::string without_t = skeleton.size() > 2 && skeleton.back() == 't' ? skeleton.substr(0, skeleton.size() - 1) : "";
        for (const std::string& key : {skeleton, without_t}) {
          if (key.empty()) continue;
          if (auto it = by_skeleton.find(key); it != by_skeleton.end()) {
            for (VocabId id : it->second) AddMatch(word.matches, id, 0.8F, MatchKind::kConsonants);
          }
        }
      }
    }
    const NameTables& tables = Tables();
    auto named = [&](const auto& table) -> const std::vector<std::string_view>* {
      auto it = table.find(loose);
      return it == table.end() ? nullptr : &it->second;
    };
    AddNamed(word.matches, named(tables.nickname_to_formal), 0.8F, MatchKind::kNickname);
    AddNamed(word.matches, named(tables.formal_to_nickname), 0.8F, MatchKind::kNickname);
    AddNamed(word.matches, named(tables.forms), 0.85F, MatchKind::kForm);
    if (fuzzy && word.text.size() >= 4) LookupSimilar(word);
    if (fuzzy && word.text.size() >= 5 && word.text.size() <= 13) LookupOneSlip(word);
  }

  void LookupOneSlip(Word& word) const {
    auto add = [&](const std::string& key) {
      if (auto it = by_deletion.find(key); it != by_deletion.end()) {
        for (VocabId id : it->second) AddMatch(word.matches, id, 0.8F, MatchKind::kOneSlip);
      }
    };
    add(word.text);  // a letter missing from the account's word
    std::string deleted;
    for (std::size_t i = 0; i < word.text.size(); ++i) {
      if (i > 0 && word.text[i] == word.text[i - 1]) continue;
      deleted = word.text;
      deleted.erase(i, 1);
      if (VocabId id = Find(deleted); id != kNoVocab) AddMatch(word.matches, id, 0.8F, MatchKind::kOneSlip);
      add(deleted);
    }
  }

  // The trigram index: only vocabulary words sharing enough letter triples
  // with the account's word are considered at all.
  void LookupSimilar(Word& word) const {
    thread_local std::vector<std::uint32_t> word_trigrams;
    thread_local std::vector<std::uint8_t> counts;
    thread_local std::vector<VocabId> touched;
    Trigrams(word.text, word_trigrams);
    if (counts.size() < vocab.size()) counts.resize(vocab.size());
    touched.clear();
    for (std::uint32_t trigram : word_trigrams) {
      auto it = by_trigram.find(trigram);
      if (it == by_trigram.end()) continue;
      for (VocabId id : it->second) {
        if (counts[id]++ == 0) touched.push_back(id);
      }
    }
    for (VocabId id : touched) {
      double similarity = 2.0 * counts[id] / static_cast<double>(word_trigrams.size() + trigram_counts[id]);
      counts[id] = 0;
      if (similarity >= kMinimumSimilarity && similarity < 1.0) {
        AddMatch(word.matches, id, static_cast<float>(0.9 * similarity), MatchKind::kSimilar);
      }
    }
  }

  std::vector<Word> Analyse(const AccountIdentity& account) const;
  void AddSegments(const Word& token, std::vector<Word>& words) const;
  void Score(const std::vector<Word>& words, std::uint32_t entry, Candidate& out) const;
  std::vector<std::string> Reasons(const AccountIdentity& account, const std::vector<Word>& words,
                                   const Candidate& c) const;
};

namespace {

// Splits a handle at separators, digits and camelCase, before any
// transliteration (which lower-cases), so "JaneDoeMP" is Jane, Doe, MP.
std::vector<std::string> RawHandleParts(std::string_view handle) {
  if (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
  std::vector<std::string> parts;
  std::string part;
  auto end_part = [&] {
    if (!part.empty()) parts.push_back(std::move(part));
    part.clear();
  };
  auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto is_lower = [](char c) { return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80; };
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i < handle.size(); ++i) {
    char c = handle[i];
    char previous = i > 0 ? handle[i - 1] : '\0';
    char next = i + 1 < handle.size() ? handle[i + 1] : '\0';
    if (!is_upper(c) && !is_lower(c) && !is_digit(c) && c != '\'') {
      end_part();
      continue;
    }
    bool boundary = (is_digit(c) != is_digit(previous) && i > 0) || (is_upper(c) && is_lower(previous)) ||
                    (is_upper(c) && is_upper(previous) && is_lower(next) && static_cast<unsigned char>(next) < 0x80);
    if (boundary) end_part();
    part.push_back(c);
  }
  end_part();
  return parts;
}

}  // namespace

std::vector<std::string> SplitHandle(std::string_view handle) {
  std::vector<std::string> out;
  for (const std::string& part : RawHandleParts(handle)) {
    for (RawWord& w : NameWords(part, nullptr)) out.push_back(std::move(w.text));
  }
  return out;
}

void MemberNameIndex::Data::AddSegments(const Word& token, std::vector<Word>& words) const {
  // A run of letters such as "jsmith" or "janedoemp" is cut in two where the
  // index knows both pieces: a given name (or nickname) and a family name in
  // either order, or an initial and a family name. A title may lead or end
  // the run. Beside an initial, a family name under four letters is weak:
  // nearly any word could be cut so ("king" is not Kin, G), so it counts
  // only with a given name found elsewhere ("James" shown, "@jcol").
  const std::string& text = token.text;
  const std::size_t n = text.size();
  if (n < 4 || n > 2 * kSlot / 3) return;
  const NameTables& tables = Tables();
  auto view = [&](std::size_t b, std::size_t e) { return std::string_view(text.data() + b, e - b); };
  auto is_family = [&](std::size_t b, std::size_t e) {
    VocabId id = Find(view(b, e));
    return e - b >= 2 && id != kNoVocab && (roles[id] & kFamilyRole) != 0;
  };
  auto is_given = [&](std::size_t b, std::size_t e) {
    if (e - b < 2) return false;
    VocabId id = Find(view(b, e));
    if (id != kNoVocab) return (roles[id] & kGivenRole) != 0;
    return tables.nickname_to_formal.contains(LooseKey(view(b, e)));
  };
  std::vector<std::pair<std::uint32_t, std::uint32_t>> found;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> weak;
  auto cut = [&](std::size_t b, std::size_t e) {
    for (std::size_t middle = b + 1; middle < e; ++middle) {
      bool initial_first = middle - b == 1 && is_family(middle, e);
      bool initial_last = e - middle == 1 && is_family(b, middle);
      if (initial_first && e - middle < 4) weak.emplace_back(middle, e);
      if (initial_last && middle - b < 4) weak.emplace_back(b, middle);
      bool names = (is_given(b, middle) && is_family(middle, e)) || (is_family(b, middle) && is_given(middle, e));
      if (initial_first || initial_last || names) {
        found.emplace_back(static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(middle));
        found.emplace_back(static_cast<std::uint32_t>(middle), static_cast<std::uint32_t>(e));
      }
    }
  };
  cut(0, n);
  for (std::size_t length = 2; length <= 4 && length + 4 <= n; ++length) {
    if (IsTitle(view(0, length))) cut(length, n);
    if (IsTitle(view(n - length, n))) cut(0, n - length);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  for (auto [b, e] : found) {
    Word w;
    w.text = text.substr(b, e - b);
    w.raw = w.text;
    w.source = token.source;
    w.begin = token.begin + b;
    w.end = token.begin + e;
    w.whole_token = false;
    w.weak_family = std::find(weak.begin(), weak.end(), std::make_pair(b, e)) != weak.end();
    Lookup(w, false);
    if (!w.matches.empty() || w.text.size() == 1) words.push_back(std::move(w));
  }
}

std::vector<Word> MemberNameIndex::Data::Analyse(const AccountIdentity& account) const {
  std::vector<Word> words;
  auto add_source = [&](std::vector<RawWord> tokens, Source source) {
    if (tokens.size() > kMaximumWords) tokens.resize(kMaximumWords);
    std::size_t first = words.size();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      RawWord& t = tokens[i];
      if (t.text.size() >= kSlot) t.text.resize(kSlot - 1);
      Word w;
      w.text = t.text;
      w.raw = t.raw;
      w.source = source;
      w.begin = static_cast<std::uint32_t>(i) * kSlot;
      w.end = w.begin + static_cast<std::uint32_t>(t.text.size());
      w.transliterated = t.transliterated;
      w.abjad = t.abjad;
      Lookup(w, true);
      words.push_back(std::move(w));
    }
    // Names of several words ("van der Berg", "O Brien", "Jean Luc") are
    // also tried written as one.
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      std::string text = tokens[i].text;
      std::string raw = tokens[i].raw;
      for (std::size_t j = i + 1; j < tokens.size() && j < i + 3; ++j) {
        text += tokens[j].text;
        if (tokens[j].raw != tokens[j - 1].raw) raw += " " + tokens[j].raw;
        Word w;
        w.text = text;
        w.raw = raw;
        w.source = source;
        w.begin = static_cast<std::uint32_t>(i) * kSlot;
        w.end = static_cast<std::uint32_t>(j) * kSlot + static_cast<std::uint32_t>(tokens[j].text.size());
        w.whole_token = false;
        w.transliterated = tokens[i].transliterated || tokens[j].transliterated;
        w.abjad = tokens[i].abjad || tokens[j].abjad;
        Lookup(w, false);
        if (!w.matches.empty()) words.push_back(std::move(w));
      }
    }
    if (source == Source::kHandle) {
      std::size_t last = words.size();
      for (std::size_t i = first; i < last; ++i) {
        if (words[i].whole_token) AddSegments(Word(words[i]), words);
      }
    }
  };
  add_source(NameWords(account.display_name, nullptr), Source::kDisplay);
  std::vector<RawWord> handle_tokens;
  for (const std::string& part : RawHandleParts(account.handle)) {
    for (RawWord& w : NameWords(part, nullptr)) handle_tokens.push_back(std::move(w));
  }
  add_source(std::move(handle_tokens), Source::kHandle);
  return words;
}

namespace {

bool Overlap(const Word& a, const Word& b) { return a.source == b.source && a.begin < b.end && b.begin < a.end; }

// Whether a family word and a given word may be read as one name. An initial
// cut from a handle word belongs to that word's own family piece ("jsmith"),
// never to another word ("king_fan" is not G. Fan); a weak family piece
// needs a given name, not an initial.
bool MayPair(const Word& family, const Word& given, double given_quality) {
  if (Overlap(family, given)) return false;
  bool cut_initial = !given.whole_token && given.text.size() == 1;
  if (cut_initial && (family.source != given.source || family.begin / kSlot != given.begin / kSlot)) return false;
  return !(family.weak_family && given_quality <= 0.5);
}

const Match* FindMatch(const Word& word, VocabId id) {
  for (const Match& m : word.matches) {
    if (m.vocab == id) return &m;
  }
  return nullptr;
}

}  // namespace

void MemberNameIndex::Data::Score(const std::vector<Word>& words, std::uint32_t entry_index, Candidate& out) const {
  const NameEntry& e = entries[entry_index];
  const VocabId* given = tokens.data() + e.tokens_begin;
  const VocabId* family = given + e.given_count;
  const std::size_t n = words.size();
  thread_local std::vector<double> family_quality;
  thread_local std::vector<double> given_quality;
  family_quality.assign(n, 0.0);
  given_quality.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const Word& w = words[i];
    if (const Match* m = FindMatch(w, e.family_compact); m != nullptr && m->kind != MatchKind::kNickname &&
                                                         m->kind != MatchKind::kForm) {
      family_quality[i] = m->quality;
    } else if (e.family_count > 1) {
      for (std::size_t k = 0; k < e.family_count; ++k) {
        const Match* part = FindMatch(w, family[k]);
        if (part != nullptr && part->kind == MatchKind::kExact && !IsParticle(vocab[family[k]])) {
          family_quality[i] = std::max(family_quality[i], 0.85 * part->quality);
        }
      }
    }
    if (e.given_count == 0) continue;
    if (const Match* m = FindMatch(w, given[0])) given_quality[i] = m->quality;
    if (e.given_count > 1) {
      if (const Match* m = FindMatch(w, e.given_compact)) given_quality[i] = std::max<double>(given_quality[i], m->quality);
      for (std::size_t k = 1; k < e.given_count; ++k) {
        if (const Match* m = FindMatch(w, given[k]); m != nullptr && m->kind == MatchKind::kExact) {
          given_quality[i] = std::max(given_quality[i], 0.85);
        }
      }
    }
    if (given_quality[i] == 0 && w.text.size() == 1 && !vocab[given[0]].empty() && w.text[0] == vocab[given[0]][0]) {
      given_quality[i] = 0.45;
    }
    if (given_quality[i] == 0 && w.text.size() == 2 && e.given_count >= 2 && w.text[0] == vocab[given[0]][0] &&
        w.text[1] == vocab[given[1]][0]) {
      given_quality[i] = 0.5;
    }
  }
  double best = 0;
  std::uint32_t best_covered = 0;
  std::array<double, 2> best_in_source{0, 0};
  for (std::size_t f = 0; f < n; ++f) {
    if (family_quality[f] == 0) continue;
    for (std::size_t g = 0; g < n; ++g) {
      if (given_quality[g] == 0 || g == f || !MayPair(words[f], words[g], given_quality[g])) continue;
      double pair = kFamilyWeight * family_quality[f] + kGivenWeight * given_quality[g];
      // Of equal pairs the one covering more of the account wins
      // ("jeanlucdupre" is jeanluc + dupre rather than jean + dupre).
      std::uint32_t covered = words[f].end - words[f].begin + words[g].end - words[g].begin;
      if (pair > best + 1e-9 || (pair > best - 1e-9 && covered > best_covered)) {
        best_covered = covered;
        best = pair;
        out.family_word = static_cast<std::uint32_t>(f);
        out.given_word = static_cast<std::uint32_t>(g);
        out.family_quality = family_quality[f];
        out.given_quality = given_quality[g];
      }
      if (words[f].source == words[g].source) {
        auto s = static_cast<std::size_t>(words[f].source);
        best_in_source[s] = std::max(best_in_source[s], pair);
      }
    }
  }
  out.entry = entry_index;
  out.score = best;
  if (best == 0) return;
  out.agreement = best_in_source[0] >= 0.5 && best_in_source[1] >= 0.5;
  if (out.agreement) out.score += kAgreementBonus;
  // A display name that says more than the name ("Jane Smith Fan Club") is
  // less surely the member's own account.
  const Word& fw = words[out.family_word];
  const Word& gw = words[out.given_word];
  if (fw.source == Source::kDisplay || gw.source == Source::kDisplay) {
    double penalty = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const Word& w = words[i];
      if (w.source != Source::kDisplay || !w.whole_token || Overlap(w, fw) || Overlap(w, gw)) continue;
      if (family_quality[i] > 0 || given_quality[i] > 0 || w.text.size() < 2) continue;
      penalty += kExtraWordPenalty;
    }
    out.score -= std::min(penalty, kMaximumExtraWordPenalty);
  }
  out.score = std::clamp(out.score, 0.0, 1.0);
}

std::vector<std::string> MemberNameIndex::Data::Reasons(const AccountIdentity& account, const std::vector<Word>& words,
                                                        const Candidate& c) const {
  std::vector<std::string> reasons;
  if (c.alias) {
    const Word& w = words[c.family_word];
    std::string where = w.source == Source::kDisplay ? "display name" : "handle";
    reasons.push_back(where + " is the member's alias " + (w.raw == w.text ? Capitalised(w.text) : w.raw));
    return reasons;
  }
  const NameEntry& e = entries[c.entry];
  const VocabId* given = tokens.data() + e.tokens_begin;
  const VocabId* family = given + e.given_count;
  const std::string_view member_name = RecordedName(c.entry);
  const std::string the_name = e.alias ? "the member's alias" : "the member's name";
  const Word& fw = words[c.family_word];
  const Word& gw = words[c.given_word];
  const Match* fm = FindMatch(fw, e.family_compact);
  const Match* gm = nullptr;
  if (e.given_count > 0) gm = FindMatch(gw, given[0]);
  if (gm == nullptr && e.given_count > 1) gm = FindMatch(gw, e.given_compact);
  const bool family_exact = fm != nullptr && fm->kind == MatchKind::kExact;
  const bool given_exact = gm != nullptr && gm->kind == MatchKind::kExact;
  const bool initial = gm == nullptr && gw.text.size() <= 2 && c.given_quality <= 0.5;
  const bool same_source = fw.source == gw.source;
  const bool family_first = same_source && fw.begin < gw.begin;
  const std::string handle = account.handle.starts_with('@') ? account.handle : "@" + account.handle;
  auto shown = [](const Word& w) { return w.transliterated ? w.raw + " (" + w.text + ")" : w.raw; };

  // Where the name was found, and in what shape.
  bool transliteration_said = false;
  if (same_source && fw.source == Source::kDisplay) {
    if (family_exact && given_exact && (fw.transliterated || gw.transliterated)) {
      // One written word may hold both names (张伟 is zhang wei).
      std::vector<std::string> changes;
      std::string last_raw;
      for (const Word* w : family_first ? std::array{&fw, &gw} : std::array{&gw, &fw}) {
        if (!w->transliterated) continue;
        if (w->raw == last_raw) {
          changes.back() += " " + w->text;
        } else {
          changes.push_back(w->raw + " → " + w->text);
        }
        last_raw = w->raw;
      }
      reasons.push_back("display name matches " + the_name + " after transliteration (" + Joined(changes, ", ") + ")");
      transliteration_said = true;
    } else if (family_exact && given_exact) {
      reasons.push_back("display name matches " + the_name + (e.alias ? " " + std::string(member_name) : ""));
    } else {
      std::string written = family_first ? fw.raw + " " + gw.raw : gw.raw + " " + fw.raw;
      if (fw.raw == gw.raw) written = fw.raw;
      reasons.push_back("display name " + written + " is close to " + the_name + " " + std::string(member_name));
    }
    if (family_first) reasons.push_back("name written family name first");
  } else if (same_source) {
    std::string shape = initial ? "initial" : "given name";
    std::string cut = family_first ? fw.text + " + " + gw.text : gw.text + " + " + fw.text;
    reasons.push_back("handle is " + (family_first ? "family name + " + shape : shape + " + family name") + " (" +
                      handle + " → " + cut + ")");
  } else {
    auto from = [&](const Word& w) { return w.source == Source::kDisplay ? std::string("the display name") : handle; };
    std::string given_part = initial ? "initial " + gw.raw : "given name " + gw.raw;
    reasons.push_back(given_part + " from " + from(gw) + ", family name " + fw.raw + " from " + from(fw));
  }

  // How each half matched, when it is not simply the same word.
  auto describe = [&](const Word& w, const Match& m, std::string_view half, const std::string& member_word) {
    const std::string name = std::string(half) + " name " + shown(w);
    switch (m.kind) {
      case MatchKind::kExact:
        if (w.transliterated && !transliteration_said) {
          reasons.push_back(std::string(half) + " name " + w.raw + " is " + member_word + " after transliteration");
        }
        return;
      case MatchKind::kSpelling:
        reasons.push_back(name + " is a spelling variant of " + member_word);
        return;
      case MatchKind::kConsonants:
        reasons.push_back(name + " has the consonants of " + member_word +
                          ", as Arabic and Hebrew script write few vowels");
        return;
      case MatchKind::kOneSlip:
        reasons.push_back(name + " is one slip (a letter dropped, added, changed or swapped) from " + member_word);
        return;
      case MatchKind::kSimilar:
        reasons.push_back(name + " is close to " + member_word + " (" +
                          std::to_string(static_cast<int>(m.quality / 0.9 * 100 + 0.5)) + "% of letter triples shared)");
        return;
      case MatchKind::kNickname:
        reasons.push_back("nickname " + (w.transliterated ? shown(w) : Capitalised(w.text)) + " for " + member_word);
        return;
      case MatchKind::kForm:
        reasons.push_back((w.transliterated ? shown(w) : Capitalised(w.text)) + " is another form of the name " +
                          member_word);
        return;
    }
  };
  std::vector<std::string> family_words;
  for (std::size_t k = 0; k < e.family_count; ++k) family_words.push_back(Capitalised(vocab[family[k]]));
  if (fm != nullptr) {
    describe(fw, *fm, "family", Capitalised(vocab[e.family_compact]));
  } else {
    reasons.push_back("family name " + shown(fw) + " is part of the member's family name " + Joined(family_words, " "));
  }
  const std::string first_given = e.given_count > 0 ? Capitalised(vocab[given[0]]) : std::string();
  if (gm != nullptr) {
    describe(gw, *gm, "given", first_given);
  } else if (initial) {
    std::string upper = gw.text;
    for (char& ch : upper) ch = static_cast<char>(ch - 'a' + 'A');
    reasons.push_back((upper.size() == 1 ? "initial " : "initials ") + upper + " for " + first_given);
  } else {
    reasons.push_back("uses the member's middle name " + Capitalised(gw.text));
  }
  if (c.agreement) reasons.push_back("display name and handle agree");
  std::vector<std::string> extra;
  if (fw.source == Source::kDisplay || gw.source == Source::kDisplay) {
    for (const Word& w : words) {
      if (w.source != Source::kDisplay || !w.whole_token || Overlap(w, fw) || Overlap(w, gw) || w.text.size() < 2) {
        continue;
      }
      bool explained = false;
      for (std::size_t k = 0; k < std::size_t{e.given_count} + e.family_count; ++k) {
        explained = explained || FindMatch(w, given[k]) != nullptr;
      }
      if (!explained) extra.push_back(w.raw);
    }
  }
  if (!extra.empty()) reasons.push_back("display name has other words too (" + Joined(extra, ", ") + ")");
  return reasons;
}

MemberNameIndex::MemberNameIndex(std::unique_ptr<Data> data) : data_(std::move(data)) {}
MemberNameIndex::MemberNameIndex(MemberNameIndex&&) noexcept = default;
MemberNameIndex& MemberNameIndex::operator=(MemberNameIndex&&) noexcept = default;
MemberNameIndex::~MemberNameIndex() = default;

std::size_t MemberNameIndex::size() const { return data_->member_count; }

MemberNameIndex MemberNameIndex::Build(const std::vector<MemberNames>& members) {
  auto data = std::make_unique<Data>();
  Data& d = *data;
  d.member_count = members.size();
  TransliterationCache cache;

  // Words get provisional ids in order of first sight; the vocabulary is
  // sorted and the ids renumbered once all are known.
  std::unordered_map<std::string, VocabId> provisional;
  std::vector<std::string> words;
  std::vector<std::uint8_t> roles;
  auto intern = [&](const std::string& text, std::uint8_t role) {
    auto [it, inserted] = provisional.try_emplace(text, static_cast<VocabId>(words.size()));
    if (inserted) {
      words.push_back(text);
      roles.push_back(0);
    }
    roles[it->second] |= role;
    return it->second;
  };
  auto add_entry = [&](MemberId member, const std::vector<RawWord>& given, const std::vector<RawWord>& family,
                       std::string_view recorded, bool alias) {
    if (family.empty()) return kNoEntry;
    NameEntry e;
    e.member = member;
    e.alias = alias;
    e.tokens_begin = static_cast<std::uint32_t>(d.tokens.size());
    e.given_count = static_cast<std::uint8_t>(std::min<std::size_t>(given.size(), 8));
    e.family_count = static_cast<std::uint8_t>(std::min<std::size_t>(family.size(), 8));
    std::string given_compact;
    std::string family_compact;
    for (std::size_t k = 0; k < e.given_count; ++k) {
      d.tokens.push_back(intern(given[k].text, kGivenRole));
      given_compact += given[k].text;
    }
    for (std::size_t k = 0; k < e.family_count; ++k) {
      d.tokens.push_back(intern(family[k].text, k + 1 == e.family_count ? kFamilyRole : 0));
      family_compact += family[k].text;
    }
    if (e.given_count > 0) e.given_compact = intern(given_compact, kGivenRole);
    e.family_compact = intern(family_compact, kFamilyRole);
    d.entries.push_back(e);
    d.recorded_names.append(recorded);
    d.recorded_offsets.push_back(static_cast<std::uint32_t>(d.recorded_names.size()));
    return static_cast<std::uint32_t>(d.entries.size() - 1);
  };
  d.entries.reserve(members.size());
  d.tokens.reserve(members.size() * 2 + members.size() / 4);
  for (const MemberNames& m : members) {
    std::uint32_t declared = add_entry(m.member, NameWords(m.given_name, &cache), NameWords(m.family_name, &cache),
                                       m.given_name + " " + m.family_name, false);
    for (const std::string& alias : m.aliases) {
      std::vector<RawWord> alias_words = NameWords(alias, &cache);
      if (alias_words.size() == 1) {
        d.single_aliases[alias_words[0].text].emplace_back(m.member, declared);
      } else if (alias_words.size() > 1) {
        std::vector<RawWord> family{alias_words.back()};
        alias_words.pop_back();
        add_entry(m.member, alias_words, family, alias, true);
      }
    }
  }

  std::vector<VocabId> order(words.size());
  for (VocabId i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](VocabId a, VocabId b) { return words[a] < words[b]; });
  std::vector<VocabId> renumbered(words.size());
  d.vocab.reserve(words.size());
  d.roles.reserve(words.size());
  for (VocabId i = 0; i < order.size(); ++i) {
    renumbered[order[i]] = i;
    d.vocab.push_back(std::move(words[order[i]]));
    d.roles.push_back(roles[order[i]]);
  }
  for (VocabId& id : d.tokens) id = renumbered[id];
  for (NameEntry& e : d.entries) {
    if (e.given_compact != kNoVocab) e.given_compact = renumbered[e.given_compact];
    e.family_compact = renumbered[e.family_compact];
  }

  // Names written as one for matching ("jeanluc", "smithjones") are many
  // (every pairing of two names) and matched whole: only single words go in
  // the trigram and deletion indexes, which keeps their lists short.
  std::vector<bool> single_word(d.vocab.size(), false);
  for (VocabId id : d.tokens) single_word[id] = true;
  std::vector<std::uint32_t> trigrams;
  d.trigram_counts.resize(d.vocab.size());
  for (VocabId id = 0; id < d.vocab.size(); ++id) {
    const std::string& text = d.vocab[id];
    d.by_text.emplace(text, id);
    Trigrams(text, trigrams);
    d.trigram_counts[id] = static_cast<std::uint8_t>(std::min<std::size_t>(trigrams.size(), 255));
    if (single_word[id]) {
      for (std::uint32_t t : trigrams) d.by_trigram[t].push_back(id);
    }
    if (text.size() >= 3) d.by_loose[LooseKey(text)].push_back(id);
    if (std::string skeleton = Skeleton(text, true); !skeleton.empty()) d.by_skeleton[skeleton].push_back(id);
    if (single_word[id] && text.size() >= 5 && text.size() <= 12) {
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (i > 0 && text[i] == text[i - 1]) continue;
        std::string deleted = text;
        deleted.erase(i, 1);
        std::vector<VocabId>& ids = d.by_deletion[deleted];
        if (ids.empty() || ids.back() != id) ids.push_back(id);
      }
    }
  }
  for (char letter = 'a'; letter <= 'z'; ++letter) {
    auto first = std::lower_bound(d.vocab.begin(), d.vocab.end(), std::string(1, letter));
    auto last = std::lower_bound(d.vocab.begin(), d.vocab.end(), std::string(1, static_cast<char>(letter + 1)));
    d.initial_ranges[static_cast<std::size_t>(letter - 'a')] = {static_cast<VocabId>(first - d.vocab.begin()),
                                                                static_cast<VocabId>(last - d.vocab.begin())};
  }

  // The blocking postings: an entry is filed under its whole family name
  // and, for a family name of several words, under each word that is not a
  // particle.
  struct Filing {
    VocabId family;
    VocabId given;
    std::uint32_t entry;
  };
  std::vector<Filing> filings;
  filings.reserve(d.entries.size() + d.entries.size() / 8);
  for (std::uint32_t i = 0; i < d.entries.size(); ++i) {
    const NameEntry& e = d.entries[i];
    VocabId given = e.given_count > 0 ? d.tokens[e.tokens_begin] : kNoVocab;
    filings.push_back({e.family_compact, given, i});
    // A given name of several words is also found whole ("jeanlucdupre").
    if (e.given_count > 1) filings.push_back({e.family_compact, e.given_compact, i});
    if (e.family_count > 1) {
      for (std::size_t k = 0; k < e.family_count; ++k) {
        VocabId part = d.tokens[e.tokens_begin + e.given_count + k];
        if (part != e.family_compact && d.vocab[part].size() >= 3 && !IsParticle(d.vocab[part])) {
          filings.push_back({part, given, i});
          d.roles[part] |= kFamilyRole;
        }
      }
    }
  }
  std::sort(filings.begin(), filings.end(), [](const Filing& a, const Filing& b) {
    return std::tie(a.family, a.given, a.entry) < std::tie(b.family, b.given, b.entry);
  });
  d.family_offsets.assign(d.vocab.size() + 1, 0);
  d.family_postings.reserve(filings.size());
  for (const Filing& f : filings) {
    ++d.family_offsets[f.family + 1];
    d.family_postings.emplace_back(f.given, f.entry);
  }
  for (std::size_t i = 1; i < d.family_offsets.size(); ++i) d.family_offsets[i] += d.family_offsets[i - 1];
  return MemberNameIndex(std::move(data));
}

std::vector<LinkCandidate> MemberNameIndex::Propose(const AccountIdentity& account, std::size_t limit,
                                                    double minimum_score) const {
  const Data& d = *data_;
  std::vector<LinkCandidate> result;
  if (limit == 0 || d.entries.empty()) return result;
  const std::vector<Word> words = d.Analyse(account);

  // Blocking: an entry is scored only when some word of the account may be
  // its family name and another, apart from it, its given name or initial.
  std::vector<std::uint32_t> blocked;
  for (std::size_t f = 0; f < words.size(); ++f) {
    for (const Match& fm : words[f].matches) {
      if ((d.roles[fm.vocab] & kFamilyRole) == 0 || fm.kind == MatchKind::kNickname || fm.kind == MatchKind::kForm) {
        continue;
      }
      auto first = d.family_postings.begin() + d.family_offsets[fm.vocab];
      auto last = d.family_postings.begin() + d.family_offsets[fm.vocab + 1];
      if (first == last) continue;
      auto add_range = [&](VocabId low, VocabId high) {
        auto from = std::lower_bound(first, last, std::make_pair(low, std::uint32_t{0}));
        for (auto it = from; it != last && it->first < high; ++it) blocked.push_back(it->second);
      };
      for (std::size_t g = 0; g < words.size(); ++g) {
        if (g == f || !MayPair(words[f], words[g], 1.0)) continue;
        const Word& gw = words[g];
        for (const Match& gm : gw.matches) {
          if ((d.roles[gm.vocab] & kGivenRole) != 0) add_range(gm.vocab, gm.vocab + 1);
        }
        // An initial ("J Smith", "jsmith") or two ("JR Smith") reaches every
        // given name with that first letter.
        bool initials = gw.text.size() == 1 || (gw.text.size() == 2 && gw.matches.empty());
        if (initials && MayPair(words[f], gw, 0.45) && gw.text[0] >= 'a' && gw.text[0] <= 'z') {
          auto [low, high] = d.initial_ranges[static_cast<std::size_t>(gw.text[0] - 'a')];
          add_range(low, high);
        }
        // Middle names: entries whose first given name differs are found
        // under the family name and sorted out by the score.
      }
    }
  }
  std::sort(blocked.begin(), blocked.end());
  blocked.erase(std::unique(blocked.begin(), blocked.end()), blocked.end());

  std::unordered_map<std::int64_t, Candidate> best;
  for (std::uint32_t entry : blocked) {
    Candidate c;
    d.Score(words, entry, c);
    if (c.score < minimum_score || c.score == 0) continue;
    auto [it, inserted] = best.try_emplace(d.entries[entry].member.value, c);
    if (!inserted && c.score > it->second.score) it->second = c;
  }
  for (std::uint32_t i = 0; i < words.size() && kAliasScore >= minimum_score; ++i) {
    if (!words[i].whole_token) continue;
    auto it = d.single_aliases.find(words[i].text);
    if (it == d.single_aliases.end()) continue;
    for (auto [member, entry] : it->second) {
      auto [found, inserted] = best.try_emplace(member.value, Candidate{});
      if (inserted || found->second.score < kAliasScore) {
        found->second = Candidate{};
        found->second.entry = entry;
        found->second.family_word = i;
        found->second.score = kAliasScore;
        found->second.alias = true;
      }
    }
  }

  std::vector<std::pair<MemberId, const Candidate*>> ranked;
  ranked.reserve(best.size());
  for (const auto& [member, c] : best) ranked.emplace_back(MemberId{member}, &c);
  auto before = [](const auto& a, const auto& b) {
    if (a.second->score != b.second->score) return a.second->score > b.second->score;
    return a.first < b.first;
  };
  std::size_t keep = std::min(limit, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(), before);
  for (std::size_t i = 0; i < keep; ++i) {
    LinkCandidate candidate;
    candidate.member = ranked[i].first;
    candidate.score = ranked[i].second->score;
    candidate.reasons = d.Reasons(account, words, *ranked[i].second);
    result.push_back(std::move(candidate));
  }
  return result;
}

}  // namespace docket::rules

// Proposing members for social-media accounts at national scale (issue 8):
// an index over 1,000,000 synthetic members, then candidates for 100,000
// synthetic accounts. Goal: build + propose under 30 s on the 2-core machine.
//
// Names follow a skewed distribution over a few thousand given and family
// names: common real names (some with accents, some in Cyrillic, Greek,
// Arabic or Hebrew script) and generated ones. 80% of the accounts are
// derived from a member (display names as recorded, reordered, with titles
// and emoji, nicknames, misspelt; handles such as "janesmith84", "jsmith",
// "JaneSmithMP"), 20% are unrelated. Propose runs on all hardware threads
// (std::thread, one index shared: Propose is const); the build is one thread.
//
// Usage: link_benchmark [members] [accounts] [threads] [misses]
// ("misses" prints a few accounts of each kind whose top candidate is wrong).
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "rules/account_link.hpp"

namespace docket::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point from, Clock::time_point to) { return std::chrono::duration<double>(to - from).count(); }

const std::vector<std::string> kRealGiven = {
    "James", "John", "Robert", "Michael", "William", "David", "Richard", "Thomas", "Christopher", "Daniel",
    "Matthew", "Anthony", "Andrew", "Joseph", "Peter", "Stephen", "Paul", "Mark", "Steven", "Edward",
    "Mary", "Elizabeth", "Sarah", "Margaret", "Jennifer", "Susan", "Patricia", "Catherine", "Helen", "Emma",
    "Jane", "Anne", "Rachel", "Laura", "Rebecca", "Victoria", "Claire", "Louise", "Jessica", "Amanda",
    "Priya", "Ravi", "Amit", "Sunita", "Mohammed", "Ahmed", "Fatima", "Aisha", "Ali", "Omar",
    "Seán", "Siobhán", "Niamh", "Aoife", "Ciarán", "Dafydd", "Rhiannon", "Gareth", "Eilidh", "Mhairi",
    "Zoë", "Chloé", "José", "María", "Łukasz", "Katarzyna", "Søren", "Björn", "François", "Hélène",
    "Dmitry", "Sergei", "Olga", "Natalia", "Alexander", "Georgios", "Eleni", "Yosef", "Rivka", "Wei",
    "Oluwaseun", "Chidi", "Kwame", "Ama", "Tunde", "Nkechi", "Hamza", "Yusuf", "Zainab", "Bilal",
};

// Recorded in their own script by ~3% of members.
const std::vector<std::string> kScriptGiven = {"Дмитрий", "Ольга", "Сергей", "Наталья", "Γιώργος", "Ελένη",
                                               "محمد", "فاطمة", "أحمد", "יוסף", "שרה", "דוד"};
const std::vector<std::string> kScriptFamily = {"Иванов", "Петрова", "Смирнов", "Παπαδόπουλος", "Κωνσταντίνου",
                                                "حسن", "خان", "علي", "כהן", "לוי", "מזרחי"};

const std::vector<std::string> kRealFamily = {
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
    "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
    "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
    "Khan", "Ahmed", "Hussain", "Begum", "Ali", "Singh", "Kaur", "Shah", "Sharma", "Chowdhury",
    "O'Brien", "O'Connor", "Murphy", "Kelly", "MacDonald", "Campbell", "Ó Súilleabháin", "McLaughlin", "Byrne", "Doyle",
    "Müller", "Dupré", "Nowak", "Kowalski", "García", "Fernández", "Jørgensen", "Öztürk", "Ivanov", "Papadopoulos",
    "van der Berg", "de la Cruz", "Adeyemi", "Okafor", "Mensah", "Cohen", "Levi", "Zhang", "Wang", "Nguyen",
};

const std::vector<std::pair<std::string, std::string>> kNicknames = {
    {"Bob", "Robert"},   {"Rob", "Robert"},     {"Mike", "Michael"}, {"Mick", "Michael"}, {"Bill", "William"},
    {"Will", "William"}, {"Dave", "David"},     {"Rich", "Richard"}, {"Tom", "Thomas"},   {"Chris", "Christopher"},
    {"Dan", "Daniel"},   {"Matt", "Matthew"},   {"Tony", "Anthony"}, {"Andy", "Andrew"},  {"Joe", "Joseph"},
    {"Pete", "Peter"},   {"Steve", "Stephen"},  {"Ed", "Edward"},    {"Liz", "Elizabeth"}, {"Maggie", "Margaret"},
    {"Jen", "Jennifer"}, {"Sue", "Susan"},      {"Kate", "Catherine"}, {"Becky", "Rebecca"}, {"Vicky", "Victoria"},
    {"Jim", "James"},    {"Jack", "John"},      {"Sasha", "Alexander"}, {"Jess", "Jessica"}, {"Mandy", "Amanda"},
};

// Made-up names from syllables, a few with accents, so the vocabulary has
// thousands of names with realistic overlaps of letter triples.
std::string MadeUpName(std::mt19937_64& random, bool family) {
  static const std::vector<std::string> onsets = {"b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k",
                                                  "l", "m", "n", "p", "r", "s", "sh", "st", "t", "th", "v", "w"};
  static const std::vector<std::string> vowels = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "a", "e", "o", "é", "ö"};
  static const std::vector<std::string> codas = {"", "", "n", "r", "l", "s", "th", "rd", "ck", "nd", "m", "x"};
  static const std::vector<std::string> suffixes = {"son", "ley", "ton", "ford", "berg", "ski", "ova", "ez", "ini",
                                                    "well", "wood", "by", "ham", "more", "field", "stein"};
  auto pick = [&](const std::vector<std::string>& from) { return from[random() % from.size()]; };
  std::string name;
  std::size_t syllables = family ? 1 + random() % 2 : 2;
  for (std::size_t i = 0; i < syllables; ++i) name += pick(onsets) + pick(vowels) + pick(codas);
  if (family && random() % 2 == 0) name += pick(suffixes);
  if (!family && random() % 3 == 0) name += random() % 2 == 0 ? "a" : "ie";
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

std::vector<std::string> NameList(const std::vector<std::string>& real, std::size_t total, bool family,
                                  std::mt19937_64& random) {
  std::vector<std::string> names = real;
  std::set<std::string> seen(real.begin(), real.end());
  while (names.size() < total) {
    std::string name = MadeUpName(random, family);
    if (seen.insert(name).second) names.push_back(name);
  }
  return names;
}

// Picks index i with weight 1/(i+20): common names are common, and the tail
// is long (Smith is about 1 in 100 families, as in the UK).
class SkewedPick {
 public:
  explicit SkewedPick(std::size_t n) {
    std::vector<double> weights(n);
    for (std::size_t i = 0; i < n; ++i) weights[i] = 1.0 / (static_cast<double>(i) + 20.0);
    distribution_ = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
  }
  std::size_t operator()(std::mt19937_64& random) { return distribution_(random); }

 private:
  std::discrete_distribution<std::size_t> distribution_;
};

std::string Capitalised(std::string word) {
  if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  return word;
}

std::string Lower(std::string text) {
  for (char& c : text) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return text;
}

// Plain ASCII letters only, as people type handles ("O'Brien" is obrien,
// "Müller" muller); empty for names in other scripts.
std::string HandleWord(const std::string& name) {
  static const std::map<std::string, char> accents = {{"é", 'e'}, {"ö", 'o'}, {"ë", 'e'}, {"á", 'a'}, {"ó", 'o'},
                                                      {"ú", 'u'}, {"í", 'i'}, {"ü", 'u'}, {"ø", 'o'}, {"ç", 'c'},
                                                      {"ł", 'l'}, {"Ł", 'l'}, {"Ö", 'o'}, {"Ó", 'o'}};
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if (std::isalpha(c)) out.push_back(static_cast<char>(std::tolower(c)));
      ++i;
      continue;
    }
    std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    auto it = accents.find(name.substr(i, length));
    if (it == accents.end()) return "";
    out.push_back(it->second);
    i += length;
  }
  return out;
}

enum class Kind { kDisplayAsRecorded, kDisplayLower, kDisplayReversed, kDisplayDecorated, kHandleRun, kHandleInitial,
                  kHandleCamel, kNickname, kGivenAndInitialHandle, kMisspelt, kUnrelated };
constexpr int kKinds = 11;
const char* Name(Kind kind) {
  switch (kind) {
    case Kind::kDisplayAsRecorded: return "display name as recorded";
    case Kind::kDisplayLower: return "display name in lower case";
    case Kind::kDisplayReversed: return "display name family-first";
    case Kind::kDisplayDecorated: return "display name with title/emoji";
    case Kind::kHandleRun: return "handle given+family+digits";
    case Kind::kHandleInitial: return "handle initial+family";
    case Kind::kHandleCamel: return "handle CamelCase+MP";
    case Kind::kNickname: return "display name with a nickname";
    case Kind::kGivenAndInitialHandle: return "given in display, initial in handle";
    case Kind::kMisspelt: return "family name misspelt";
    case Kind::kUnrelated: return "unrelated account";
  }
  return "";
}

struct Account {
  rules::AccountIdentity identity;
  Kind kind = Kind::kUnrelated;
  std::size_t source = 0;  // index of the member it was derived from
};

int Run(std::size_t member_count, std::size_t account_count, unsigned threads, bool show_misses) {
  std::mt19937_64 random(8);
  std::vector<std::string> given_names = NameList(kRealGiven, 3000, false, random);
  std::vector<std::string> family_names = NameList(kRealFamily, 6000, true, random);
  SkewedPick pick_given(given_names.size());
  SkewedPick pick_family(family_names.size());

  std::vector<rules::MemberNames> members(member_count);
  for (std::size_t i = 0; i < member_count; ++i) {
    rules::MemberNames& m = members[i];
    m.member = MemberId{static_cast<std::int64_t>(i + 1)};
    if (random() % 100 < 3) {
      m.given_name = kScriptGiven[random() % kScriptGiven.size()];
      m.family_name = kScriptFamily[random() % kScriptFamily.size()];
      continue;
    }
    m.given_name = given_names[pick_given(random)];
    if (random() % 100 < 5) m.given_name += " " + given_names[pick_given(random)];
    m.family_name = family_names[pick_family(random)];
    if (random() % 100 < 3) m.family_name += "-" + family_names[pick_family(random)];
  }

  // Unrelated accounts: words that are no one's name, and names made from
  // another syllable stock.
  const std::vector<std::string> unrelated_words = {"news", "daily", "crypto", "king", "fan", "club", "official",
                                                    "updates", "proud", "dad", "mum", "football", "music", "bot",
                                                    "world", "truth", "patriot", "gamer", "art", "photo"};
  std::vector<Account> accounts(account_count);
  for (Account& a : accounts) {
    std::size_t roll = random() % 100;
    if (roll < 20) {
      a.kind = Kind::kUnrelated;
      std::string w1 = unrelated_words[random() % unrelated_words.size()];
      std::string w2 = unrelated_words[random() % unrelated_words.size()];
      if (random() % 2 == 0) {
        a.identity.handle = w1 + "_" + w2 + std::to_string(random() % 1000);
      } else {
        static const std::vector<std::string> given = {"Quentin", "Ysolde", "Bartholomew", "Persephone", "Ignatius",
                                                       "Octavia", "Leopold", "Griselda", "Montgomery", "Philippa"};
        static const std::vector<std::string> family = {"Featherstonehaugh", "Zwicky", "Quackenbush", "Vauxhall",
                                                        "Oyelaran-Quist", "Throckmorton", "Xiberras", "Yglesias"};
        a.identity.display_name = given[random() % given.size()] + " " + family[random() % family.size()];
      }
      continue;
    }
    a.source = random() % member_count;
    const rules::MemberNames& m = members[a.source];
    std::string given = m.given_name.substr(0, m.given_name.find(' '));
    const std::string& family = m.family_name;
    std::string given_word = HandleWord(given);
    std::string family_word = HandleWord(family);
    bool handle_possible = !given_word.empty() && !family_word.empty();
    auto kind = static_cast<Kind>(random() % (kKinds - 1));
    if (!handle_possible && kind >= Kind::kHandleRun) kind = Kind::kDisplayAsRecorded;
    a.kind = kind;
    switch (kind) {
      case Kind::kDisplayAsRecorded:
        a.identity.display_name = m.given_name + " " + family;
        break;
      case Kind::kDisplayLower:
        a.identity.display_name = Lower(given) + " " + Lower(family);
        break;
      case Kind::kDisplayReversed:
        a.identity.display_name = family + ", " + given;
        break;
      case Kind::kDisplayDecorated: {
        static const std::vector<std::string> before = {"Cllr ", "Dr ", "", "Rt Hon "};
        static const std::vector<std::string> after = {" MP", " 🌹", " 🇬🇧", " | Labour", ""};
        a.identity.display_name = before[random() % before.size()] + given + " " + family + after[random() % after.size()];
        break;
      }
      case Kind::kHandleRun:
        a.identity.handle = given_word + family_word + std::to_string(random() % 100);
        break;
      case Kind::kHandleInitial:
        a.identity.handle = given_word.substr(0, 1) + family_word;
        if (random() % 2 == 0) a.identity.handle.append(1, '_').append(std::to_string(random() % 100));
        break;
      case Kind::kHandleCamel:
        a.identity.handle = Capitalised(given_word) + Capitalised(family_word) + "MP";
        break;
      case Kind::kNickname: {
        std::string nickname = given;
        for (const auto& [nick, formal] : kNicknames) {
          if (formal == given) nickname = nick;
        }
        a.identity.display_name = nickname + " " + family;
        break;
      }
      case Kind::kGivenAndInitialHandle:
        a.identity.display_name = given + " 🌹";
        a.identity.handle = given_word.substr(0, 1) + family_word;
        break;
      case Kind::kMisspelt: {
        // Two neighbouring letters of the family name swapped, away from
        // its first letter: "Smtih".
        std::string misspelt = family_word;
        if (misspelt.size() >= 5) std::swap(misspelt[2], misspelt[3]);
        a.identity.display_name = given + " " + Capitalised(misspelt);
        break;
      }
      case Kind::kUnrelated:
        break;
    }
  }

  std::printf("members: %zu (%zu given names, %zu family names), accounts: %zu, threads for Propose: %u\n",
              member_count, given_names.size(), family_names.size(), account_count, threads);

  Clock::time_point build_start = Clock::now();
  rules::MemberNameIndex index = rules::MemberNameIndex::Build(members);
  Clock::time_point build_end = Clock::now();

  std::vector<std::vector<rules::LinkCandidate>> proposals(accounts.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (;;) {
      std::size_t from = next.fetch_add(256);
      if (from >= accounts.size()) return;
      std::size_t to = std::min(from + 256, accounts.size());
      for (std::size_t i = from; i < to; ++i) proposals[i] = index.Propose(accounts[i].identity);
    }
  };
  Clock::time_point propose_start = Clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
  for (std::thread& t : pool) t.join();
  Clock::time_point propose_end = Clock::now();

  // A hit: the top candidate is the member the account was made from, or a
  // namesake (same recorded name), whom no name could tell apart.
  struct Tally {
    int accounts = 0;
    int top_is_member = 0;
    int top_is_member_or_namesake = 0;
    int member_in_list = 0;
    int proposed = 0;
  };
  std::vector<Tally> tallies(kKinds);
  std::size_t candidates = 0;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const Account& a = accounts[i];
    const std::vector<rules::LinkCandidate>& found = proposals[i];
    Tally& t = tallies[static_cast<std::size_t>(a.kind)];
    ++t.accounts;
    candidates += found.size();
    t.proposed += found.empty() ? 0 : 1;
    if (show_misses && t.accounts <= 400 && (a.kind == Kind::kUnrelated) != found.empty()) {
      std::printf("%s: @%s \"%s\" from %s %s:", Name(a.kind), a.identity.handle.c_str(), a.identity.display_name.c_str(),
                  a.kind == Kind::kUnrelated ? "-" : members[a.source].given_name.c_str(),
                  a.kind == Kind::kUnrelated ? "-" : members[a.source].family_name.c_str());
      for (const rules::LinkCandidate& c : found) {
        const rules::MemberNames& m = members[static_cast<std::size_t>(c.member.value - 1)];
        std::printf(" [%s %s %.2f: %s]", m.given_name.c_str(), m.family_name.c_str(), c.score, c.reasons.front().c_str());
      }
      std::printf("\n");
    }
    if (a.kind == Kind::kUnrelated || found.empty()) continue;
    const rules::MemberNames& source = members[a.source];
    const rules::MemberNames& top = members[static_cast<std::size_t>(found[0].member.value - 1)];
    t.top_is_member += found[0].member == source.member ? 1 : 0;
    t.top_is_member_or_namesake +=
        (top.given_name == source.given_name && top.family_name == source.family_name) ? 1 : 0;
    t.member_in_list += std::any_of(found.begin(), found.end(),
                                    [&](const rules::LinkCandidate& c) { return c.member == source.member; })
                            ? 1
                            : 0;
  }
  double build = Seconds(build_start, build_end);
  double propose = Seconds(propose_start, propose_end);
  std::printf("\n%-38s %8s %10s %12s %10s\n", "account kind", "accounts", "top=member", "top=namesake", "in top 5");
  Tally all;
  for (int k = 0; k < kKinds - 1; ++k) {
    const Tally& t = tallies[static_cast<std::size_t>(k)];
    auto pct = [&](int n) { return t.accounts == 0 ? 0.0 : 100.0 * n / t.accounts; };
    std::printf("%-38s %8d %9.1f%% %11.1f%% %9.1f%%\n", Name(static_cast<Kind>(k)), t.accounts, pct(t.top_is_member),
                pct(t.top_is_member_or_namesake), pct(t.member_in_list));
    all.accounts += t.accounts;
    all.top_is_member += t.top_is_member;
    all.top_is_member_or_namesake += t.top_is_member_or_namesake;
    all.member_in_list += t.member_in_list;
  }
  auto pct = [&](int n) { return all.accounts == 0 ? 0.0 : 100.0 * n / all.accounts; };
  std::printf("%-38s %8d %9.1f%% %11.1f%% %9.1f%%\n", "all derived accounts", all.accounts, pct(all.top_is_member),
              pct(all.top_is_member_or_namesake), pct(all.member_in_list));
  const Tally& unrelated = tallies[static_cast<std::size_t>(Kind::kUnrelated)];
  std::printf("unrelated accounts with any candidate at or above 0.5: %d of %d (%.2f%%)\n", unrelated.proposed,
              unrelated.accounts, unrelated.accounts == 0 ? 0.0 : 100.0 * unrelated.proposed / unrelated.accounts);
  std::printf("candidates proposed: %zu (%.2f per account)\n", candidates,
              static_cast<double>(candidates) / static_cast<double>(accounts.size()));
  std::printf("\nbuild %zu members: %.2f s (1 thread)\n", index.size(), build);
  std::printf("propose for %zu accounts: %.2f s (%u thread%s; %.1f us per account per thread)\n", accounts.size(),
              propose, threads, threads == 1 ? "" : "s", propose * threads * 1e6 / static_cast<double>(accounts.size()));
  std::printf("total: %.2f s (goal: under 30 s)\n", build + propose);
  return build + propose < 30.0 ? 0 : 1;
}

}  // namespace
}  // namespace docket::bench

int main(int argc, char** argv) {
  std::size_t members = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  std::size_t accounts = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100'000;
  unsigned threads = argc > 3 ? static_cast<unsigned>(std::strtoul(argv[3], nullptr, 10))
                              : std::max(1U, std::thread::hardware_concurrency());
  bool show_misses = argc > 4 && std::string(argv[4]) == "misses";
  return docket::bench::Run(std::max<std::size_t>(members, 1), accounts, std::max(threads, 1U), show_misses);
}

#include "rules/name_match.hpp"

#include <array>
#include <memory>
#include <mutex>
#include <vector>

#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace docket::rules {
namespace {

constexpr std::array<std::string_view, 17> kHonorifics = {"cllr", "councillor", "mp", "dr", "mr", "mrs", "ms", "miss",
                                                         "sir", "dame", "lord", "lady", "baroness", "baron", "rt",
                                                         "hon", "prof"};

// ICU builds a transliterator from its rules once (slow); using one is
// cheap but not safe from two threads at once, so each thread has its own.
const icu::Transliterator* ToAscii() {
  thread_local std::unique_ptr<icu::Transliterator> transliterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) made.reset();
    return made;
  }();
  return transliterator.get();
}

}  // namespace

std::string TransliterateToLatinAscii(std::string_view name) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  if (const icu::Transliterator* transliterator = ToAscii()) {
    transliterator->transliterate(text);
  } else {
    text.toLower();
  }
  std::string out;
  text.toUTF8String(out);
  return out;
}

bool IsHonorific(std::string_view lower_word) {
  for (std::string_view h : kHonorifics) {
    if (lower_word == h) return true;
  }
  return false;
}

std::string NormaliseName(std::string_view name) {
  std::string ascii = TransliterateToLatinAscii(name);
  std::vector<std::string> words;
  std::string word;
  auto end_word = [&] {
    if (word.empty()) return;
    if (!IsHonorific(word)) words.push_back(word);
    word.clear();
  };
  for (char c : ascii) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      word.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c == ' ' || c == '-' || c == '\t' || c == ',' || c == '.') {
      end_word();
    }
    // Apostrophes and other marks join the parts of a word: O'Brien -> obrien.
  }
  end_word();
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace docket::rules

// Matching names as events list them ("Cllr Seán O'Brien") to members
// ("Sean OBrien"). A name only ever yields candidates: a person confirms or
// rejects each match, and until then the name never counts for a rule.
#pragma once

#include <string>
#include <string_view>

namespace docket::rules {

/// The key two spellings of one name share: transliterated to Latin ASCII,
/// lower case, punctuation dropped (so "O'Brien" is "obrien"), hyphens and
/// runs of spaces made single spaces, and honorifics (cllr, mp, dr, mr, mrs,
/// ms, sir, dame, lord, lady, baroness, rt hon) removed. Empty for a name of
/// only honorifics or punctuation.
std::string NormaliseName(std::string_view name);

/// Text in any script transliterated to Latin ASCII and lower-cased, and
/// nothing else: punctuation, spaces, honorifics and anything ICU leaves
/// alone (emoji, modifier letters such as the ʿ of Arabic) stay.
std::string TransliterateToLatinAscii(std::string_view text);

/// Whether a lower-case ASCII word is one of the honorifics NormaliseName drops.
bool IsHonorific(std::string_view lower_word);

}  // namespace docket::rules

// Lexicon files: the published patterns triage matches, as TOML, e.g.
// data/lexicon/antisemitism.toml:
//
//   name = "docket antisemitism lexicon"
//   version = "2026.1"
//
//   [[category]]
//   id = "conduct-epithet"
//   title = "Epithets"
//   source = "Conduct guidance"
//
//   [[pattern]]
//   id = "epithet-zio"
//   category = "conduct-epithet"
//   expression = '''\bzios?\b'''
//   weight = 3
//   note = "Why the pattern is here."
//
//   [[context]]
//   id = "context-reported"
//   expression = '''\breported (this|it)\b'''
//   note = "The post reports abuse it quotes."
//
// Loading checks the file's shape; whether each expression compiles is
// checked by rules::Triage::Create, which names the pattern.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.hpp"
#include "domain/lexicon.hpp"

namespace docket::policy {

/// Parses and checks a lexicon: unknown keys, missing fields, a pattern naming
/// an unknown category, duplicate ids, weights outside 1..100. kInvalidArgument
/// when it has any problem; the message is every problem as FILE:LINE:COL, one per line.
Result<domain::Lexicon> LoadLexicon(std::string_view text, std::string_view file_name);

/// The lexicon file in use: `chosen` when given (--lexicon), else the shipped
/// DATA_DIR/lexicon/antisemitism.toml.
std::filesystem::path LexiconFile(const std::filesystem::path& data_dir, std::string_view chosen);

/// Reads the file, then LoadLexicon with the path as the file name. kNotFound
/// (naming the path) when it cannot be read.
Result<domain::Lexicon> LoadLexicon(const std::filesystem::path& path);

}  // namespace docket::policy

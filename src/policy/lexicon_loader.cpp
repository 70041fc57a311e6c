#include "policy/lexicon_loader.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "policy/text_file.hpp"
#include "policy/toml_reader.hpp"

namespace docket::policy {
namespace {

constexpr int kMaxWeight = 100;

// Reports each required key that a table lacks, at the table's header.
void RequireKeys(TomlReader& reader, const toml::table& table, std::string_view what,
                 std::initializer_list<std::string_view> required) {
  for (std::string_view key : required) {
    if (!table.contains(key)) reader.Report(PositionOf(table), fmt::format("{} is missing '{}'", what, key));
  }
}

// Ids must be unique within their kind; a pattern and a context may not share
// one either, because a flag names both and a reader must tell them apart.
class IdRegister {
 public:
  explicit IdRegister(TomlReader& reader) : reader_(reader) {}
  void Add(std::string_view kind, const Located<std::string>& id, std::map<std::string, int>& seen) {
    if (id.value.empty()) {
      reader_.Report(id.at, fmt::format("a {} id must not be empty", kind));
      return;
    }
    auto [earlier, inserted] = seen.emplace(id.value, id.at.line);
    if (!inserted) {
      reader_.Report(id.at, fmt::format("{} id '{}' is used twice; the first is on line {}", kind, id.value,
                                        earlier->second));
    }
  }

 private:
  TomlReader& reader_;
};

std::optional<domain::Lexicon> ReadLexicon(TomlReader& reader, const toml::table& root) {
  reader.CheckKeys(root, "at the top level of a lexicon", {"name", "version", "category", "pattern", "context"});
  // Keys at the top level have no table header to point at, so a missing one is reported at the start of the file.
  for (std::string_view required : {"name", "version"}) {
    if (!root.contains(required)) reader.Report(Position{1, 1}, fmt::format("the lexicon is missing '{}'", required));
  }
  domain::Lexicon lexicon;
  auto name = reader.String(root, "name");
  auto version = reader.String(root, "version");
  if (name) lexicon.name = name->value;
  if (version) lexicon.version = version->value;
  IdRegister ids(reader);

  std::map<std::string, int> category_ids;
  for (const toml::table* table : reader.Tables(root, "category")) {
    reader.CheckKeys(*table, "in [[category]]", {"id", "title", "source"});
    RequireKeys(reader, *table, "a category", {"id", "title"});
    auto id = reader.String(*table, "id");
    auto title = reader.String(*table, "title");
    auto source = reader.String(*table, "source");
    if (!id) continue;
    ids.Add("category", *id, category_ids);
    lexicon.categories.push_back(domain::LexiconCategory{id->value, title ? title->value : std::string(),
                                                         source ? source->value : std::string()});
  }

  std::map<std::string, int> matcher_ids;  // patterns and contexts together
  for (const toml::table* table : reader.Tables(root, "pattern")) {
    reader.CheckKeys(*table, "in [[pattern]]", {"id", "category", "expression", "weight", "note"});
    RequireKeys(reader, *table, "a pattern", {"id", "category", "expression", "weight", "note"});
    auto id = reader.String(*table, "id");
    auto category = reader.String(*table, "category");
    auto expression = reader.String(*table, "expression");
    auto weight = reader.Int(*table, "weight");
    auto note = reader.String(*table, "note");
    if (id) ids.Add("pattern", *id, matcher_ids);
    if (category && !category_ids.contains(category->value)) {
      std::vector<std::string> known;
      for (const auto& [known_id, line] : category_ids) known.push_back(known_id);
      reader.Report(category->at, fmt::format("pattern names category '{}', which no [[category]] defines; defined: {}",
                                              category->value, Join(known)));
    }
    if (expression && expression->value.empty()) reader.Report(expression->at, "an expression must not be empty");
    if (weight && (weight->value < 1 || weight->value > kMaxWeight)) {
      reader.Report(weight->at, fmt::format("'weight' must be between 1 and {}", kMaxWeight));
    }
    if (!id || !category || !expression || !weight || !note) continue;
    lexicon.patterns.push_back(
        domain::LexiconPattern{id->value, category->value, expression->value, weight->value, note->value});
  }

  for (const toml::table* table : reader.Tables(root, "context")) {
    reader.CheckKeys(*table, "in [[context]]", {"id", "expression", "note"});
    RequireKeys(reader, *table, "a context", {"id", "expression", "note"});
    auto id = reader.String(*table, "id");
    auto expression = reader.String(*table, "expression");
    auto note = reader.String(*table, "note");
    if (id) ids.Add("context", *id, matcher_ids);
    if (expression && expression->value.empty()) reader.Report(expression->at, "an expression must not be empty");
    if (!id || !expression || !note) continue;
    lexicon.contexts.push_back(domain::LexiconContext{id->value, expression->value, note->value});
  }
  return lexicon;
}

}  // namespace

Result<domain::Lexicon> LoadLexicon(std::string_view text, std::string_view file_name) {
  TomlReader reader(file_name);
  std::optional<toml::table> root = reader.Parse(text);
  std::optional<domain::Lexicon> lexicon;
  if (root) lexicon = ReadLexicon(reader, *root);
  std::vector<Diagnostic> diagnostics = reader.TakeDiagnostics();
  if (!diagnostics.empty()) return Fail(DiagnosticsError(diagnostics));
  return std::move(*lexicon);
}

Result<domain::Lexicon> LoadLexicon(const std::filesystem::path& path) {
  DOCKET_TRY_ASSIGN(std::string text, ReadTextFile(path));
  return LoadLexicon(text, path.string());
}

std::filesystem::path LexiconFile(const std::filesystem::path& data_dir, std::string_view chosen) {
  return chosen.empty() ? data_dir / "lexicon" / "antisemitism.toml" : std::filesystem::path(chosen);
}

}  // namespace docket::policy

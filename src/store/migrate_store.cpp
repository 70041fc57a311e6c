#include "store/migrate_store.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "domain/audit.hpp"
#include "store/audit_chain.hpp"
#include "store/store.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/migrations.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/migrations.hpp"

namespace docket::store {
namespace {

namespace fs = std::filesystem;

// Rows per pipelined batch, and the most text one batch holds in memory.
constexpr std::size_t kBatchRows = 2000;
constexpr std::size_t kBatchBytes = std::size_t{8} << 20;
// The bookkeeping table of postgres::Migrate, which is not part of the data.
constexpr std::string_view kSchemaTable = "docket_schema";

// An identifier in double quotes, for SQLite and PostgreSQL alike.
std::string Quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string Joined(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// Prefixes an error's message with where it happened, keeping its code.
Error Within(std::string_view place, Error error) {
  error.message = fmt::format("{}: {}", place, error.message);
  return error;
}

struct Column {
  std::string name;
  bool integer = false;  // BIGINT on the target: the source must hold an integer (or NULL)
};

// A table as both databases have it: the source's columns, which the target
// has too, and what the rows are ordered and named by.
struct Table {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::string> key;  // the primary key's columns; empty: the rowid
  std::int64_t rows = 0;         // in the source's snapshot
};

// ---- The source ---------------------------------------------------------

Result<std::vector<std::string>> SourceTables(sqlite::Connection& db) {
  // Creation order, so that the copy order stays close to the schema's.
  DOCKET_TRY_ASSIGN(sqlite::Statement * stmt,
                    db.Prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                               "ESCAPE '\\' ORDER BY rowid"));
  std::vector<std::string> tables;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    tables.push_back(stmt->Text(0));
  }
  return tables;
}

Result<Table> SourceTable(sqlite::Connection& db, const std::string& name) {
  Table table{name, {}, {}, 0};
  DOCKET_TRY_ASSIGN(sqlite::Statement * stmt, db.Prepare("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid"));
  stmt->Bind(1, name);
  std::vector<std::pair<std::int64_t, std::string>> key;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    table.columns.push_back({stmt->Text(0), false});
    if (stmt->Int(1) > 0) key.emplace_back(stmt->Int(1), stmt->Text(0));
  }
  std::sort(key.begin(), key.end());
  for (auto& [position, column] : key) table.key.push_back(std::move(column));
  DOCKET_TRY_ASSIGN(sqlite::Statement * count, db.Prepare(fmt::format("SELECT count(*) FROM {}", Quoted(name))));
  DOCKET_TRY(count->Step());
  table.rows = count->Int(0);
  DOCKET_TRY(count->Step());
  return table;
}

Result<int> SourceVersion(sqlite::Connection& db) {
  DOCKET_TRY_ASSIGN(sqlite::Statement * stmt, db.Prepare("PRAGMA user_version"));
  DOCKET_TRY_ASSIGN(bool row, stmt->Step());
  const int version = row ? static_cast<int>(stmt->Int(0)) : 0;
  if (row) DOCKET_TRY(stmt->Step());
  return version;
}

// The last audit record's hash in the source (the genesis hash when the log is empty).
Result<std::string> SourceAuditHead(sqlite::Connection& db) {
  DOCKET_TRY_ASSIGN(sqlite::Statement * stmt, db.Prepare("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  DOCKET_TRY_ASSIGN(bool row, stmt->Step());
  std::string head = row ? stmt->Text(0) : std::string(domain::kGenesisHash);
  if (row) DOCKET_TRY(stmt->Step());
  return head;
}

// ---- The target ---------------------------------------------------------

// table -> column -> data type, for the tables of the current schema.
using TargetColumns = std::map<std::string, std::map<std::string, std::string>>;

Result<TargetColumns> ReadTargetColumns(postgres::Connection& db) {
  DOCKET_TRY_ASSIGN(postgres::Rows rows,
                    db.Exec("SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
                            "JOIN information_schema.tables t "
                            "  ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                            "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
                            "  AND c.table_name <> $1",
                            {std::string(kSchemaTable)}));
  TargetColumns columns;
  for (int i = 0; i < rows.Count(); ++i) {
    columns[std::string(rows.Text(i, 0))][std::string(rows.Text(i, 1))] = std::string(rows.Text(i, 2));
  }
  return columns;
}

// (table, referenced table) for every foreign key of the current schema.
Result<std::vector<std::pair<std::string, std::string>>> TargetReferences(postgres::Connection& db) {
  DOCKET_TRY_ASSIGN(postgres::Rows rows,
                    db.Exec("SELECT child.relname, parent.relname FROM pg_constraint k "
                            "JOIN pg_class child ON child.oid = k.conrelid "
                            "JOIN pg_class parent ON parent.oid = k.confrelid "
                            "WHERE k.contype = 'f' "
                            "  AND child.relnamespace = "
                            "      (SELECT oid FROM pg_namespace WHERE nspname = current_schema())"));
  std::vector<std::pair<std::string, std::string>> references;
  for (int i = 0; i < rows.Count(); ++i) references.emplace_back(rows.Text(i, 0), rows.Text(i, 1));
  return references;
}

// The schemas must match column for column: a column only the source has
// would be lost, one only the target has would be filled with a default.
Result<void> CheckSameSchema(std::vector<Table>& tables, const TargetColumns& target, const std::string& target_name) {
  std::vector<std::string> differences;
  std::set<std::string> source_tables;
  for (Table& table : tables) {
    source_tables.insert(table.name);
    auto found = target.find(table.name);
    if (found == target.end()) {
      differences.push_back(fmt::format("table {} is missing in the target", table.name));
      continue;
    }
    std::set<std::string> source_columns;
    for (Column& column : table.columns) {
      source_columns.insert(column.name);
      auto type = found->second.find(column.name);
      if (type == found->second.end()) {
        differences.push_back(fmt::format("column {}.{} is missing in the target", table.name, column.name));
      } else {
        column.integer = type->second == "bigint" || type->second == "integer" || type->second == "smallint";
      }
    }
    for (const auto& [column, type] : found->second) {
      if (!source_columns.contains(column)) {
        differences.push_back(fmt::format("column {}.{} is missing in the source", table.name, column));
      }
    }
  }
  for (const auto& [table, columns] : target) {
    if (!source_tables.contains(table)) differences.push_back(fmt::format("table {} is missing in the source", table));
  }
  if (differences.empty()) return Ok();
  return Fail(ErrorCode::kFailedPrecondition,
              fmt::format("the source's and {}'s schemas differ: {} (give docket a database of its own, and both "
                          "databases this docket's schema)",
                          target_name, Joined(differences, "; ")));
}

// ---- The copy -------------------------------------------------------------

// "id 5", "(case_id, position) (3, 1)" or "rowid 7": how an error names a source row.
std::string RowName(const Table& table, const std::vector<std::optional<std::string>>& key_values) {
  auto value = [](const std::optional<std::string>& v) { return v ? *v : std::string("NULL"); };
  if (table.key.empty()) return fmt::format("rowid {}", value(key_values.front()));
  if (table.key.size() == 1) return fmt::format("{} {}", table.key.front(), value(key_values.front()));
  std::vector<std::string> values;
  for (const auto& v : key_values) values.push_back(value(v));
  return fmt::format("({}) ({})", Joined(table.key), Joined(values));
}

class TableCopier {
 public:
  TableCopier(sqlite::Connection& source, postgres::Connection& target, const Table& table,
              const MigrationProgress& progress)
      : source_(source),
        target_(target),
        table_(table),
        progress_(progress),
        width_(table.columns.size()),
        rows_per_statement_(std::clamp<std::size_t>(kMaxParameters / std::max<std::size_t>(width_, 1), 1,
                                                    kRowsPerStatement)),
        insert_one_(InsertOf(1)),
        insert_full_(InsertOf(rows_per_statement_)) {}

  Result<std::int64_t> Run() {
    // Selected: the first unfit column's number (0 when none), the row's key
    // when it is the rowid, then every column. SQLite stores any type in any
    // column; the target's integer columns take integers only, and a message
    // naming the column beats the server's "invalid input syntax".
    std::vector<std::string> checks, select;
    for (std::size_t i = 0; i < width_; ++i) {
      const Column& column = table_.columns[i];
      checks.push_back(fmt::format("WHEN typeof({}) {} THEN {}", Quoted(column.name),
                                   column.integer ? "NOT IN ('integer', 'null')" : "= 'blob'", i + 1));
      select.push_back(Quoted(column.name));
    }
    std::vector<std::string> order;
    for (const std::string& column : table_.key) order.push_back(Quoted(column));
    const bool by_rowid = table_.key.empty();
    const std::string sql = fmt::format("SELECT CASE {} ELSE 0 END, {}{} FROM {} ORDER BY {}", Joined(checks, " "),
                                        by_rowid ? "rowid, " : "", Joined(select), Quoted(table_.name),
                                        by_rowid ? "rowid" : Joined(order));
    DOCKET_TRY_ASSIGN(sqlite::Statement * stmt, source_.Prepare(sql));
    const int first_column = by_rowid ? 2 : 1;
    std::vector<int> key_columns;
    if (by_rowid) key_columns.push_back(1);
    for (const std::string& key : table_.key) {
      for (std::size_t i = 0; i < width_; ++i) {
        if (table_.columns[i].name == key) key_columns.push_back(first_column + static_cast<int>(i));
      }
    }
    if (progress_) progress_(table_.name, 0, table_.rows);
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, stmt->Step());
      if (!row) break;
      std::vector<std::optional<std::string>> key;
      for (int column : key_columns) key.push_back(stmt->OptionalText(column));
      std::string name = RowName(table_, key);
      if (const std::int64_t unfit = stmt->Int(0); unfit > 0) {
        const Column& column = table_.columns[static_cast<std::size_t>(unfit - 1)];
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("table {}, row {}, column {}: the source holds '{}', which is not {}", table_.name,
                                name, column.name, stmt->Text(first_column + static_cast<int>(unfit - 1)).substr(0, 40),
                                column.integer ? "an integer" : "text"));
      }
      postgres::Params& params = rest_;
      for (std::size_t i = 0; i < width_; ++i) {
        const int index = first_column + static_cast<int>(i);
        if (stmt->IsNull(index)) {
          params.emplace_back(std::nullopt);
          continue;
        }
        std::string_view value = stmt->TextView(index);
        // libpq passes text parameters up to the first NUL: refuse rather than cut.
        if (value.find('\0') != std::string_view::npos) {
          return Fail(ErrorCode::kInvalidArgument,
                      fmt::format("table {}, row {}, column {}: the text holds a NUL character, which PostgreSQL's "
                                  "text cannot",
                                  table_.name, name, table_.columns[i].name));
        }
        batch_bytes_ += value.size();
        params.emplace_back(std::string(value));
      }
      names_.push_back(std::move(name));
      if (rest_.size() == rows_per_statement_ * width_) full_.push_back(std::exchange(rest_, {}));
      if (names_.size() >= kBatchRows || batch_bytes_ >= kBatchBytes) DOCKET_TRY(Flush());
    }
    DOCKET_TRY(Flush());
    return copied_;
  }

 private:
  // INSERT INTO t (c1, c2) VALUES ($1, $2), ($3, $4), ... for `rows` rows.
  std::string InsertOf(std::size_t rows) const {
    std::vector<std::string> names, tuples;
    for (const Column& column : table_.columns) names.push_back(Quoted(column.name));
    for (std::size_t row = 0; row < rows; ++row) {
      std::vector<std::string> placeholders;
      for (std::size_t i = 0; i < width_; ++i) placeholders.push_back(fmt::format("${}", row * width_ + i + 1));
      tuples.push_back("(" + Joined(placeholders) + ")");
    }
    return fmt::format("INSERT INTO {} ({}) VALUES {}", Quoted(table_.name), Joined(names), Joined(tuples));
  }

  // Sends the batch, as INSERTs of many rows each in pipeline mode, under a
  // savepoint: when a row fails, the batch is undone and replayed row by row
  // to name the row.
  Result<void> Flush() {
    if (names_.empty()) return Ok();
    DOCKET_TRY(target_.Run("SAVEPOINT docket_copy_batch"));
    auto sent = Send();
    if (!sent) {
      DOCKET_TRY(target_.Run("ROLLBACK TO SAVEPOINT docket_copy_batch"));
      for (std::size_t row = 0; row < names_.size(); ++row) {
        if (auto one = target_.Exec(insert_one_, RowParams(row)); !one) {
          return Fail(Within(fmt::format("table {}, row {}", table_.name, names_[row]), std::move(one).error()));
        }
      }
      return Fail(Within(fmt::format("table {}, rows {} to {}", table_.name, names_.front(), names_.back()),
                         std::move(sent).error()));
    }
    if (*sent != static_cast<std::int64_t>(names_.size())) {
      return Fail(ErrorCode::kInternal, fmt::format("table {}: the target took {} of a batch of {} rows", table_.name,
                                                    *sent, names_.size()));
    }
    DOCKET_TRY(target_.Run("RELEASE SAVEPOINT docket_copy_batch"));
    copied_ += *sent;
    full_.clear();
    rest_.clear();
    names_.clear();
    batch_bytes_ = 0;
    if (progress_) progress_(table_.name, copied_, table_.rows);
    return Ok();
  }

  // The full statements in one pipeline, then the shorter rest.
  Result<std::int64_t> Send() {
    std::int64_t sent = 0;
    if (!full_.empty()) {
      DOCKET_TRY_ASSIGN(sent, target_.Pipeline(insert_full_, full_));
    }
    if (!rest_.empty()) {
      DOCKET_TRY_ASSIGN(postgres::Rows rows, target_.Exec(InsertOf(rest_.size() / width_), rest_));
      sent += rows.Affected();
    }
    return sent;
  }

  // Row `row` of the batch, as the parameters of a one-row INSERT.
  postgres::Params RowParams(std::size_t row) const {
    const std::size_t statement = row / rows_per_statement_;
    const postgres::Params& params = statement < full_.size() ? full_[statement] : rest_;
    const auto first = params.begin() + static_cast<std::ptrdiff_t>((row % rows_per_statement_) * width_);
    return postgres::Params(first, first + static_cast<std::ptrdiff_t>(width_));
  }

  // Rows per INSERT, and the most parameters one statement may have (PostgreSQL's limit is 65535).
  static constexpr std::size_t kRowsPerStatement = 100;
  static constexpr std::size_t kMaxParameters = 60000;

  sqlite::Connection& source_;
  postgres::Connection& target_;
  const Table& table_;
  const MigrationProgress& progress_;
  const std::size_t width_;
  const std::size_t rows_per_statement_;
  const std::string insert_one_;
  const std::string insert_full_;
  std::vector<postgres::Params> full_;  // the parameters of full statements, rows_per_statement_ rows each
  postgres::Params rest_;               // the parameters of the rows after them
  std::vector<std::string> names_;            // each row's name, for errors
  std::size_t batch_bytes_ = 0;
  std::int64_t copied_ = 0;
};

// ---- Inside the target's transaction ------------------------------------

Result<void> LockAndCheckEmpty(postgres::Connection& target, const std::vector<Table>& tables,
                               const std::string& target_name) {
  std::vector<std::string> names;
  for (const Table& table : tables) names.push_back(Quoted(table.name));
  DOCKET_TRY(target.Run("SET LOCAL lock_timeout = '10s'"));
  // Writers wait until the copy commits; readers may read the empty tables.
  if (auto locked = target.Run(fmt::format("LOCK TABLE {} IN EXCLUSIVE MODE", Joined(names))); !locked) {
    return Fail(Within(fmt::format("locking the tables of {} (is a docket server using it?)", target_name),
                       std::move(locked).error()));
  }
  std::vector<std::string> probes;
  for (const Table& table : tables) {
    probes.push_back(fmt::format("SELECT '{}' WHERE EXISTS (SELECT 1 FROM {})", table.name, Quoted(table.name)));
  }
  DOCKET_TRY_ASSIGN(postgres::Rows filled, target.Exec(Joined(probes, " UNION ALL ")));
  if (filled.Count() == 0) return Ok();
  std::vector<std::string> names_with_rows;
  for (int i = 0; i < filled.Count(); ++i) names_with_rows.emplace_back(filled.Text(i, 0));
  return Fail(ErrorCode::kFailedPrecondition,
              fmt::format("{} already holds data (tables {}); migrate-store copies into an empty database only, so "
                          "that a copy is never merged into live data",
                          target_name, Joined(names_with_rows)));
}

// The target's enabled user triggers, as (table, trigger).
Result<std::vector<std::pair<std::string, std::string>>> UserTriggers(postgres::Connection& target) {
  DOCKET_TRY_ASSIGN(postgres::Rows rows,
                    target.Exec("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                                "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' "
                                "  AND c.relnamespace = "
                                "      (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) "
                                "ORDER BY 1, 2"));
  std::vector<std::pair<std::string, std::string>> triggers;
  for (int i = 0; i < rows.Count(); ++i) triggers.emplace_back(rows.Text(i, 0), rows.Text(i, 1));
  return triggers;
}

Result<void> SetTriggers(postgres::Connection& target, const std::vector<std::pair<std::string, std::string>>& triggers,
                         std::string_view state) {
  for (const auto& [table, trigger] : triggers) {
    DOCKET_TRY(target.Run(fmt::format("ALTER TABLE {} {} TRIGGER {}", Quoted(table), state, Quoted(trigger))));
  }
  return Ok();
}

// Every identity sequence continues after the largest copied id.
Result<void> ContinueSequences(postgres::Connection& target) {
  DOCKET_TRY_ASSIGN(postgres::Rows identities,
                    target.Exec("SELECT table_name, column_name FROM information_schema.columns "
                                "WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY 1"));
  for (int i = 0; i < identities.Count(); ++i) {
    const std::string table(identities.Text(i, 0)), column(identities.Text(i, 1));
    DOCKET_TRY(target.Exec(fmt::format("SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max({}), 0) + 1, false) "
                                       "FROM {}",
                                       Quoted(column), Quoted(table)),
                           {Quoted(table), column}));
  }
  return Ok();
}

Result<void> CheckCounts(postgres::Connection& target, const std::vector<Table>& tables) {
  std::vector<std::string> counts;
  for (const Table& table : tables) {
    counts.push_back(fmt::format("SELECT '{}', count(*) FROM {}", table.name, Quoted(table.name)));
  }
  DOCKET_TRY_ASSIGN(postgres::Rows rows, target.Exec(Joined(counts, " UNION ALL ")));
  std::map<std::string, std::int64_t> found;
  for (int i = 0; i < rows.Count(); ++i) {
    DOCKET_TRY_ASSIGN(found[std::string(rows.Text(i, 0))], rows.Int(i, 1));
  }
  for (const Table& table : tables) {
    if (found[table.name] != table.rows) {
      return Fail(ErrorCode::kInternal, fmt::format("table {}: the source has {} rows, but the target has {}",
                                                    table.name, table.rows, found[table.name]));
    }
  }
  return Ok();
}

// Recomputes the chain from the target's own rows, in seq order.
Result<std::int64_t> CheckAuditChain(postgres::Connection& target, const std::string& source_head,
                                     std::int64_t source_records, const MigrationProgress& progress) {
  ChainVerifier verifier;
  while (true) {
    DOCKET_TRY_ASSIGN(postgres::Rows rows,
                      target.Exec("SELECT seq, at, actor, role, action, object_type, object_id, origin, detail, "
                                  "prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 10000",
                                  {std::to_string(verifier.Check().records)}));
    if (rows.Count() == 0) break;
    for (int i = 0; i < rows.Count(); ++i) {
      domain::AuditRecord record;
      DOCKET_TRY_ASSIGN(record.seq, rows.Int(i, 0));
      DOCKET_TRY_ASSIGN(const std::int64_t at, rows.Int(i, 1));
      record.at = Instant(at);
      record.actor = rows.Text(i, 2);
      record.role = rows.Text(i, 3);
      record.action = rows.Text(i, 4);
      record.object_type = rows.Text(i, 5);
      record.object_id = rows.Text(i, 6);
      record.origin = rows.Text(i, 7);
      record.detail = rows.Text(i, 8);
      record.prev_hash = rows.Text(i, 9);
      record.hash = rows.Text(i, 10);
      if (!verifier.Add(record)) {
        const ChainCheck& check = verifier.Check();
        return Fail(ErrorCode::kInternal,
                    fmt::format("the audit chain does not verify on the target at record {}: {} (`docket audit "
                                "verify` on the source shows whether it was broken there already)",
                                *check.first_bad_seq, check.problem));
      }
    }
    if (progress) progress("verifying audit chain", verifier.Check().records, source_records);
  }
  if (verifier.Check().records != source_records || verifier.Head() != source_head) {
    return Fail(ErrorCode::kInternal,
                fmt::format("the audit chain on the target ends at record {} with hash {}, but the source's ends at "
                            "record {} with hash {}",
                            verifier.Check().records, verifier.Head(), source_records, source_head));
  }
  return verifier.Check().records;
}

// Why a source at `version` cannot be copied by a docket whose schema is at `current`.
std::string VersionProblem(const std::string& path, int version, int current) {
  if (version == 0) return fmt::format("'{}' is not a docket database (schema version 0)", path);
  if (version < current) {
    return fmt::format("'{}' is at schema version {}, this docket's is {}: run `docket init --db {}` first, which "
                       "migrates it",
                       path, version, current, path);
  }
  return fmt::format("'{}' is at schema version {}, newer than this docket's {}: upgrade docket", path, version,
                     current);
}

}  // namespace

Result<std::vector<std::string>> CopyOrder(const std::vector<std::string>& tables,
                                           const std::vector<std::pair<std::string, std::string>>& references) {
  std::map<std::string, std::set<std::string>> waits_for;
  for (const auto& [table, referenced] : references) {
    // A table that refers to itself orders its own rows (by key); tables
    // outside the list are no concern of the copy.
    if (table != referenced && std::find(tables.begin(), tables.end(), referenced) != tables.end()) {
      waits_for[table].insert(referenced);
    }
  }
  std::vector<std::string> order;
  std::set<std::string> placed;
  while (order.size() < tables.size()) {
    bool progressed = false;
    for (const std::string& table : tables) {
      if (placed.contains(table)) continue;
      const auto& needs = waits_for[table];
      if (std::all_of(needs.begin(), needs.end(), [&](const std::string& t) { return placed.contains(t); })) {
        order.push_back(table);
        placed.insert(table);
        progressed = true;
      }
    }
    if (!progressed) {
      std::vector<std::string> stuck;
      for (const std::string& table : tables) {
        if (!placed.contains(table)) stuck.push_back(table);
      }
      return Fail(ErrorCode::kInternal,
                  fmt::format("the foreign keys among tables {} form a cycle: no copy order satisfies them",
                              Joined(stuck)));
    }
  }
  return order;
}

Result<MigrationReport> CopySqliteToPostgres(std::string_view source, std::string_view target_url,
                                             const MigrationProgress& progress) {
  MigrationReport report;
  const std::optional<std::string_view> source_file = SqliteFilePath(source);
  if (!source_file) return Fail(ErrorCode::kInvalidArgument, "--from: give the SQLite database (sqlite:PATH), not a URL");
  report.source = std::string(*source_file);
  if (report.source.empty()) return Fail(ErrorCode::kInvalidArgument, "--from: the SQLite database's path is empty");
  if (!IsPostgresUrl(target_url)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("--to: '{}...' is not a PostgreSQL URL; give postgresql://USER@HOST:PORT/DATABASE",
                            target_url.substr(0, target_url.find("://"))));
  }
  std::error_code ignored;
  if (!fs::is_regular_file(report.source, ignored)) {
    return Fail(ErrorCode::kNotFound, fmt::format("no SQLite database at '{}'", report.source));
  }

  // The source: one read transaction, so every table is read from one snapshot.
  DOCKET_TRY_ASSIGN(std::unique_ptr<sqlite::Connection> db, sqlite::Connection::Open(report.source));
  DOCKET_TRY(db->Exec("PRAGMA busy_timeout = 10000; PRAGMA query_only = ON; BEGIN"));
  DOCKET_TRY_ASSIGN(report.schema_version, SourceVersion(*db));
  const int current = static_cast<int>(sqlite::Migrations().size());
  if (report.schema_version != current) {
    return Fail(ErrorCode::kFailedPrecondition, VersionProblem(report.source, report.schema_version, current));
  }
  std::vector<Table> tables;
  DOCKET_TRY_ASSIGN(std::vector<std::string> names, SourceTables(*db));
  for (const std::string& name : names) {
    DOCKET_TRY_ASSIGN(Table table, SourceTable(*db, name));
    tables.push_back(std::move(table));
  }
  DOCKET_TRY_ASSIGN(const std::string source_head, SourceAuditHead(*db));

  // The target: brought to this docket's schema (its own transaction), then
  // compared with the source's table for table and column for column.
  DOCKET_TRY_ASSIGN(std::unique_ptr<postgres::Connection> pg, postgres::Connection::Open(std::string(target_url)));
  report.target = pg->Describe();
  DOCKET_TRY_ASSIGN(const int target_version, postgres::Migrate(*pg));
  if (postgres::kFirstMatchingSqliteVersion + target_version - 1 != report.schema_version) {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("{} is at PostgreSQL schema version {}, which is not SQLite's version {}", report.target,
                            target_version, report.schema_version));
  }
  DOCKET_TRY_ASSIGN(const TargetColumns target_columns, ReadTargetColumns(*pg));
  DOCKET_TRY(CheckSameSchema(tables, target_columns, report.target));
  DOCKET_TRY_ASSIGN(const auto references, TargetReferences(*pg));
  DOCKET_TRY_ASSIGN(const std::vector<std::string> order, CopyOrder(names, references));
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  std::sort(tables.begin(), tables.end(),
            [&](const Table& a, const Table& b) { return position[a.name] < position[b.name]; });
  const Table* audit = nullptr;
  for (const Table& table : tables) {
    if (table.name == "audit_log") audit = &table;
  }
  if (audit == nullptr) return Fail(ErrorCode::kFailedPrecondition, "the source has no audit_log table");

  // One transaction on the target: nothing of the copy is seen, or kept,
  // unless all of it is there and checked.
  DOCKET_TRY(pg->Run("BEGIN"));
  auto copy = [&]() -> Result<void> {
    DOCKET_TRY(LockAndCheckEmpty(*pg, tables, report.target));
    // The triggers that keep derived tables (the packed statistics) would
    // write those rows a second time: the copy brings them as they are.
    DOCKET_TRY_ASSIGN(const auto triggers, UserTriggers(*pg));
    DOCKET_TRY(SetTriggers(*pg, triggers, "DISABLE"));
    for (const auto& [table, trigger] : triggers) report.held_triggers.push_back(table + "." + trigger);
    for (const Table& table : tables) {
      TableCopier copier(*db, *pg, table, progress);
      DOCKET_TRY_ASSIGN(const std::int64_t rows, copier.Run());
      report.tables.push_back({table.name, rows});
      report.rows += rows;
    }
    DOCKET_TRY(SetTriggers(*pg, triggers, "ENABLE"));
    DOCKET_TRY(ContinueSequences(*pg));
    DOCKET_TRY(CheckCounts(*pg, tables));
    DOCKET_TRY_ASSIGN(report.audit_records, CheckAuditChain(*pg, source_head, audit->rows, progress));
    report.audit_head = source_head;
    return Ok();
  };
  if (auto copied = copy(); !copied) {
    (void)pg->Run("ROLLBACK");
    Error error = std::move(copied).error();
    error.message += "; the copy was rolled back, and the target holds none of it";
    return Fail(std::move(error));
  }
  DOCKET_TRY(pg->Run("COMMIT"));
  db->ResetStatements();
  (void)db->Exec("COMMIT");
  return report;
}

}  // namespace docket::store

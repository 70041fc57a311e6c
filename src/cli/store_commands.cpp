#include "cli/store_commands.hpp"

#include <chrono>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/progress_bar.hpp"
#include "store/migrate_store.hpp"

namespace docket::cli {

void RegisterStoreCommands(const CommandSet& commands) {
  struct Options {
    std::string from;
    std::string to;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = commands.cli.add_subcommand(
      "migrate-store",
      "Copy a SQLite database into an empty PostgreSQL database: every table, ids and audit chain included, in one "
      "transaction, checked on the target before it commits");
  // The source and target are named explicitly: $DOCKET_DB is not used here.
  command->add_option("--from", options->from, "The SQLite database: sqlite:PATH or PATH")->required();
  command->add_option("--to", options->to, "The PostgreSQL database: postgresql://USER@HOST:PORT/DATABASE")
      ->required();
  command->callback(commands.Run([options]() -> Result<void> {
    const auto started = std::chrono::steady_clock::now();
    ProgressBar bar;
    DOCKET_TRY_ASSIGN(store::MigrationReport report,
                      store::CopySqliteToPostgres(options->from, options->to, [&](std::string_view stage,
                                                                                  std::int64_t done,
                                                                                  std::int64_t total) {
                        bar.Update(stage, done, total);
                      }));
    bar.Finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << fmt::format("copied {} to {} (schema version {}) in {:.1f} s\n", report.source, report.target,
                             report.schema_version, seconds);
    std::cout << fmt::format("  {:<28} {:>10}\n", "TABLE", "ROWS");
    for (const store::TableCopy& table : report.tables) {
      std::cout << fmt::format("  {:<28} {:>10}\n", table.table, table.rows);
    }
    std::cout << fmt::format("  {:<28} {:>10}\n", "total", report.rows);
    for (const std::string& trigger : report.held_triggers) {
      std::cout << fmt::format("held during the copy: trigger {} (the tables it keeps were copied as they are)\n",
                               trigger);
    }
    std::cout << "row counts verified: every table matches the source\n";
    std::cout << fmt::format("audit chain verified: {} records\n", report.audit_records);
    return Ok();
  }));
}

}  // namespace docket::cli

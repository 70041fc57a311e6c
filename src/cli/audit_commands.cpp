#include "cli/audit_commands.hpp"

#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "domain/audit.hpp"

namespace docket::cli {
namespace {

// A JSON string: quotes, backslashes and control characters escaped; other
// bytes (UTF-8) as they are.
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

std::string Line(const domain::AuditRecord& r) {
  return fmt::format(
      "{{\"seq\":{},\"at\":{},\"at_utc\":{},\"actor\":{},\"role\":{},\"action\":{},\"object_type\":{},"
      "\"object_id\":{},\"origin\":{},\"detail\":{},\"prev_hash\":{},\"hash\":{}}}\n",
      r.seq, r.at.SecondsSinceEpoch(), Quoted(r.at.ToString()), Quoted(r.actor), Quoted(r.role), Quoted(r.action),
      Quoted(r.object_type), Quoted(r.object_id), Quoted(r.origin), Quoted(r.detail), Quoted(r.prev_hash),
      Quoted(r.hash));
}

}  // namespace

void RegisterAuditExport(const CommandSet& commands, CLI::App* audit) {
  auto output = std::make_shared<std::string>();
  CLI::App* command = audit->add_subcommand(
      "export", "Write the whole audit log as JSON Lines (one record per line, oldest first) for independent checking");
  commands.AddDb(command);
  command->add_option("--output", *output, "File to write (default: standard output)");
  command->callback(commands.Run([&commands, output]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(commands.globals, store::Durability::kFull));
    std::ofstream file;
    if (!output->empty()) {
      file.open(*output, std::ios::binary | std::ios::trunc);
      if (!file) return Fail(ErrorCode::kNotFound, fmt::format("cannot write '{}'", *output));
    }
    std::ostream& out = output->empty() ? std::cout : file;
    std::int64_t written = 0;
    {
      // One read transaction: a consistent snapshot of the chain.
      DOCKET_TRY_ASSIGN(auto tx, context->store->Begin(store::TransactionMode::kRead));
      for (std::int64_t after = 0;;) {
        DOCKET_TRY_ASSIGN(std::vector<domain::AuditRecord> page, tx->Audit().Scan(after, 10000));
        if (page.empty()) break;
        for (const domain::AuditRecord& record : page) out << Line(record);
        written += static_cast<std::int64_t>(page.size());
        after = page.back().seq;
      }
    }
    out.flush();
    if (!out) return Fail(ErrorCode::kUnavailable, "writing the export failed (disk full?)");
    // The export is itself a read of every case's record: on the log, after the snapshot.
    DOCKET_TRY(context->store->Write([&](store::Transaction& tx) -> Result<void> {
      domain::AuditRecord record;
      record.at = context->clock.Now();
      record.actor = "cli:" + UnixUser();
      record.role = "oversight";
      record.action = "audit.export";
      record.object_type = "audit";
      record.origin = "cli";
      record.detail = fmt::format("{} records", written);
      DOCKET_TRY(tx.Audit().Append(record));
      return Ok();
    }));
    std::cerr << fmt::format("docket: exported {} audit records\n", written);
    return Ok();
  }));
}

}  // namespace docket::cli

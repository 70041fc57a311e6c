#include "scan/pattern_set.hpp"

#include <atomic>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <hs/hs.h>

namespace docket::scan {

struct PatternSet::Database {
  hs_database_t* detect = nullptr;    // Finds whether anything matches; fast.
  hs_database_t* locate = nullptr;    // Reports each match with its leftmost start.
  hs_scratch_t* prototype = nullptr;  // Fits both; cloned once per thread, never used for scanning itself.
  std::uint64_t serial = 0;           // Tells databases apart in the per-thread scratch cache, unlike a reused address.
  std::size_t size = 0;

  ~Database() {
    hs_free_scratch(prototype);
    hs_free_database(detect);
    hs_free_database(locate);
  }
};

namespace {

std::atomic<std::uint64_t> g_next_serial{1};

// Hyperscan needs one scratch space per scanning thread. Each thread keeps a
// clone of every database's prototype it has used, keyed by serial; the
// last one used is checked first because a thread almost always scans with
// the same lexicon. Clones are freed when the thread ends (a database that is
// destroyed earlier leaves its clones until then: a few kilobytes each).
class ThreadScratch {
 public:
  ~ThreadScratch() {
    for (auto& [serial, scratch] : by_serial_) hs_free_scratch(scratch);
  }

  hs_scratch_t* For(const PatternSet::Database& database) {
    if (last_serial_ == database.serial) return last_;
    hs_scratch_t*& scratch = by_serial_[database.serial];
    if (scratch == nullptr && hs_clone_scratch(database.prototype, &scratch) != HS_SUCCESS) {
      by_serial_.erase(database.serial);
      return nullptr;
    }
    last_serial_ = database.serial;
    last_ = scratch;
    return scratch;
  }

 private:
  std::uint64_t last_serial_ = 0;
  hs_scratch_t* last_ = nullptr;
  std::unordered_map<std::uint64_t, hs_scratch_t*> by_serial_;
};

hs_scratch_t* ScratchFor(const PatternSet::Database& database) {
  thread_local ThreadScratch scratch;
  return scratch.For(database);
}

struct SinkCall {
  MatchSink sink;
  void* context;
};

int OnMatch(unsigned int id, unsigned long long from, unsigned long long to, unsigned int /*flags*/, void* context) {
  const auto* call = static_cast<const SinkCall*>(context);
  call->sink(call->context, id, static_cast<std::size_t>(from), static_cast<std::size_t>(to));
  return 0;  // Keep scanning: every match is wanted.
}

int IgnoreMatch(unsigned int, unsigned long long, unsigned long long, unsigned int, void*) { return 0; }

int StopAtFirstMatch(unsigned int, unsigned long long, unsigned long long, unsigned int, void* context) {
  *static_cast<bool*>(context) = true;
  return 1;
}

Result<void> Run(const hs_database_t* database, hs_scratch_t* scratch, std::string_view text,
                 match_event_handler handler, void* context) {
  hs_error_t status = hs_scan(database, text.data(), static_cast<unsigned int>(text.size()), 0, scratch, handler,
                              context);
  if (status != HS_SUCCESS && status != HS_SCAN_TERMINATED) {
    return Fail(ErrorCode::kInternal, fmt::format("scanning: Hyperscan error {}", status));
  }
  return Ok();
}

// The scratch space for this thread, or the reason there is none.
Result<hs_scratch_t*> Prepare(const PatternSet::Database& database, std::string_view text) {
  if (text.size() >= std::numeric_limits<unsigned int>::max()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("a text of {} bytes is too long to scan; the limit is 4 GiB", text.size()));
  }
  hs_scratch_t* scratch = ScratchFor(database);
  if (scratch == nullptr) return Fail(ErrorCode::kUnavailable, "scanning: could not allocate Hyperscan scratch space");
  return scratch;
}

Result<hs_database_t*> CompileAll(const std::vector<PatternSource>& patterns, unsigned int flag) {
  std::vector<const char*> expressions;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    expressions.push_back(patterns[i].expression.c_str());
    flags.push_back(flag);
    ids.push_back(static_cast<unsigned int>(i));
  }
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  hs_error_t status = hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                                       static_cast<unsigned int>(patterns.size()), HS_MODE_BLOCK, nullptr, &database,
                                       &error);
  if (status == HS_SUCCESS) return database;
  std::string message;
  if (error != nullptr && error->expression >= 0 && static_cast<std::size_t>(error->expression) < patterns.size()) {
    const PatternSource& source = patterns[static_cast<std::size_t>(error->expression)];
    message = fmt::format("pattern '{}' does not compile: {} (expression: {})", source.id, error->message,
                          source.expression);
  } else {
    message = fmt::format("the patterns do not compile together: {}",
                          error != nullptr ? error->message : "unknown Hyperscan error");
  }
  hs_free_compile_error(error);
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace

Result<PatternSet> PatternSet::Compile(const std::vector<PatternSource>& patterns) {
  auto database = std::make_unique<Database>();
  database->serial = g_next_serial.fetch_add(1);
  database->size = patterns.size();
  // Hyperscan refuses to compile an empty set; a set that never matches is what the caller means.
  if (patterns.empty()) return PatternSet(std::move(database));

  // The start-of-match database refuses more expressions ("Pattern is too large"), so it is compiled first.
  DOCKET_TRY_ASSIGN(database->locate, CompileAll(patterns, HS_FLAG_CASELESS | HS_FLAG_SOM_LEFTMOST));
  DOCKET_TRY_ASSIGN(database->detect, CompileAll(patterns, HS_FLAG_CASELESS));
  // One scratch space can serve several databases once allocated for each.
  if (hs_alloc_scratch(database->locate, &database->prototype) != HS_SUCCESS ||
      hs_alloc_scratch(database->detect, &database->prototype) != HS_SUCCESS) {
    return Fail(ErrorCode::kUnavailable, "compiling patterns: could not allocate Hyperscan scratch space");
  }
  return PatternSet(std::move(database));
}

PatternSet::PatternSet(std::unique_ptr<Database> database) : database_(std::move(database)) {}
PatternSet::PatternSet(PatternSet&&) noexcept = default;
PatternSet& PatternSet::operator=(PatternSet&&) noexcept = default;
PatternSet::~PatternSet() = default;

Result<void> PatternSet::Scan(std::string_view text, MatchSink sink, void* context) const {
  if (!database_ || database_->detect == nullptr) return Ok();
  DOCKET_TRY_ASSIGN(hs_scratch_t * scratch, Prepare(*database_, text));
  bool matched = false;
  DOCKET_TRY(Run(database_->detect, scratch, text, StopAtFirstMatch, &matched));
  if (!matched) return Ok();
  SinkCall call{sink, context};
  return Run(database_->locate, scratch, text, OnMatch, &call);
}

Result<void> PatternSet::ScanIgnoringMatches(std::string_view text) const {
  if (!database_ || database_->detect == nullptr) return Ok();
  DOCKET_TRY_ASSIGN(hs_scratch_t * scratch, Prepare(*database_, text));
  return Run(database_->detect, scratch, text, IgnoreMatch, nullptr);
}

std::size_t PatternSet::size() const { return database_ ? database_->size : 0; }

}  // namespace docket::scan

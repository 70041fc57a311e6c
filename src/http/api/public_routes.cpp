// The routes anyone may call: making a complaint, following it with the
// receipt and secret, and reading how the process works.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "http/api/openapi_document.hpp"
#include "http/api/route_support.hpp"
#include "http/api/routes.hpp"
#include "http/api/views.hpp"
#include "http/static_files.hpp"

namespace docket::http::api {
namespace {

namespace bj = boost::json;

// Complaints per client address per minute (the figure).
constexpr std::size_t kMaxRespondents = 20;
constexpr std::size_t kMaxReceipt = 32;
constexpr std::size_t kMaxSecret = 128;

tl::unexpected<Error> FieldError(const std::string& path, std::string_view what) {
  return Fail(ErrorCode::kInvalidArgument, fmt::format("field '{}': {}", path, what));
}

Result<std::string> StringMember(const bj::object& object, const std::string& path, std::string_view name,
                                 StringLimits limits, bool required) {
  const bj::value* value = object.if_contains(bj::string_view(name.data(), name.size()));
  const std::string field = fmt::format("{}.{}", path, name);
  if (value == nullptr || value->is_null()) {
    if (required) return FieldError(field, "is required");
    return std::string();
  }
  if (!value->is_string()) return FieldError(field, "must be a string");
  const bj::string& text = value->get_string();
  const std::size_t length = Length(std::string_view(text.data(), text.size()));
  if (length > limits.max_length) {
    return FieldError(field, fmt::format("must be at most {} characters; it has {}", limits.max_length, length));
  }
  if (length < limits.min_length) return FieldError(field, "must not be empty");
  return std::string(text.data(), text.size());
}

// JsonObjectReader reads objects and arrays of strings, not arrays of
// objects, so the respondents are read here with the same strictness: every
// element an object, no unknown members, every string within its limits.
Result<std::vector<domain::RespondentRef>> ReadRespondents(const JsonDocument& document, JsonObjectReader& reader) {
  // Asking the reader for the field marks it as known, so that Finish() does
  // not report it; its own type check (strings only) does not apply here.
  (void)reader.OptionalStringList("respondents");
  const bj::value* value = document.Root().as_object().if_contains("respondents");
  if (value == nullptr || value->is_null()) return FieldError("respondents", "is required");
  if (!value->is_array()) return FieldError("respondents", "must be an array of objects");
  const bj::array& array = value->get_array();
  if (array.empty()) return FieldError("respondents", "name at least one person the complaint is about");
  if (array.size() > kMaxRespondents) {
    return FieldError("respondents", fmt::format("must have at most {} items; it has {}", kMaxRespondents, array.size()));
  }
  std::vector<domain::RespondentRef> respondents;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string path = fmt::format("respondents[{}]", i);
    if (!array[i].is_object()) return FieldError(path, "must be an object with 'name' and 'membership_number'");
    const bj::object& object = array[i].get_object();
    for (const auto& member : object) {
      if (member.key() != "name" && member.key() != "membership_number") {
        return FieldError(fmt::format("{}.{}", path, std::string_view(member.key().data(), member.key().size())),
                          "is not a known field; known fields: name, membership_number");
      }
    }
    domain::RespondentRef ref;
    DOCKET_TRY_ASSIGN(ref.name, StringMember(object, path, "name", {.max_length = 200, .min_length = 1}, true));
    DOCKET_TRY_ASSIGN(std::string number,
                      StringMember(object, path, "membership_number", {.max_length = 32, .min_length = 1}, false));
    if (!number.empty()) ref.membership_number = std::move(number);
    respondents.push_back(std::move(ref));
  }
  return respondents;
}

Result<app::ComplaintInput> ReadComplaint(const Request& request) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
  app::ComplaintInput input;
  DOCKET_TRY_ASSIGN(input.category, reader.String("category", {.max_length = 64, .min_length = 1}));
  DOCKET_TRY_ASSIGN(input.description, reader.String("description", {.max_length = 20000, .min_length = 1}));
  DOCKET_TRY_ASSIGN(input.occurred_on, reader.String("occurred_on", {.max_length = 10, .min_length = 1}));
  DOCKET_TRY_ASSIGN(bool anonymous, reader.Boolean("anonymous"));
  input.anonymity = anonymous ? domain::Anonymity::kAnonymous : domain::Anonymity::kNamed;
  DOCKET_TRY_ASSIGN(std::optional<JsonObjectReader> complainant, reader.OptionalObject("complainant"));
  if (complainant) {
    domain::Complainant who;
    DOCKET_TRY_ASSIGN(who.name, complainant->String("name", {.max_length = 200, .min_length = 1}));
    DOCKET_TRY_ASSIGN(who.email, complainant->String("email", {.max_length = 254, .min_length = 1}));
    input.complainant = std::move(who);
  }
  DOCKET_TRY_ASSIGN(input.respondents, ReadRespondents(document, reader));
  DOCKET_TRY_ASSIGN(std::optional<std::string> place, reader.OptionalString("place", {.max_length = 200}));
  input.place = place.value_or("");
  DOCKET_TRY_ASSIGN(std::optional<std::vector<std::string>> links,
                    reader.OptionalStringList("links", {.max_items = 20, .item = {.max_length = 2000, .min_length = 1}}));
  if (links) input.links = std::move(*links);
  DOCKET_TRY(reader.Finish());
  return input;
}

Result<std::string> ReadMessage(const Request& request) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
  DOCKET_TRY_ASSIGN(std::string body, reader.String("body", {.max_length = 10000, .min_length = 1}));
  DOCKET_TRY(reader.Finish());
  return body;
}

Response SubmitComplaint(ApiState& state, const Request& request) {
  ApiContext& context = state.context;
  auto identified = state.auth.Optional(request, Scope::kComplaintsWrite);
  if (auto* refusal = std::get_if<Response>(&identified)) return std::move(*refusal);
  const std::optional<Caller>& caller = std::get<std::optional<Caller>>(identified);
  if (auto refused = RequireJsonBody(request)) return std::move(*refused);
  auto input = ReadComplaint(request);
  if (!input) return ErrorResponse(input.error(), request);
  input->channel = caller ? domain::Channel::kApi : domain::Channel::kWeb;
  input->origin = ClientAddress(request);
  // Validation writes nothing, so a malformed complaint is refused before it counts against the limit.
  if (auto valid = context.intake.Validate(*input); !valid) return ErrorResponse(valid.error(), request);
  if (auto limited = context.accounts.CheckRateLimit("complaint:" + input->origin, context.complaints_per_minute, 60);
      !limited) {
    if (limited.error().code != ErrorCode::kUnavailable) return ErrorResponse(limited.error(), request);
    Response response = HttpError(429, limited.error().message);
    response.headers["Retry-After"] = "60";
    return response;
  }
  auto receipt = context.intake.Submit(*input);
  if (!receipt) return ErrorResponse(receipt.error(), request);
  Response response = JsonResponse(201, ReceiptJson(*receipt));
  response.headers["Location"] = "/api/v1/complaints/" + receipt->receipt;
  return response;
}

// The receipt and the secret, or the problem that refuses the request.
Result<std::pair<std::string, std::string>> ComplaintKey(const Request& request) {
  DOCKET_TRY_ASSIGN(std::string receipt, PathText(request, "receipt", kMaxReceipt));
  std::string_view secret = request.Header("X-Complaint-Secret").value_or("");
  if (secret.empty() || secret.size() > kMaxSecret) {
    return FieldError("X-Complaint-Secret", "send the secret you were given with the receipt in this header");
  }
  return std::make_pair(std::move(receipt), std::string(secret));
}

Response AddComplaintEvidence(ApiState& state, const Request& request) {
  auto key = ComplaintKey(request);
  if (!key) return ErrorResponse(key.error(), request);
  auto name = UploadFileName(request);
  if (!name) return ErrorResponse(name.error(), request);
  if (request.body_size == 0) {
    return ErrorResponse(Error{ErrorCode::kInvalidArgument, "the body is empty; send the file's bytes as the body"},
                         request);
  }
  const std::string origin = ClientAddress(request);
  // Uploads count against the same per-address limit as complaints.
  if (auto limited = state.context.accounts.CheckRateLimit("complaint:" + origin, state.context.complaints_per_minute, 60);
      !limited) {
    if (limited.error().code != ErrorCode::kUnavailable) return ErrorResponse(limited.error(), request);
    Response response = HttpError(429, limited.error().message);
    response.headers["Retry-After"] = "60";
    return response;
  }
  app::SubmittedFile recorded;
  auto stored = state.evidence->PutFile(request.body_file, [&](const EvidenceFiles::Stored& file) -> Result<void> {
    store::Evidence evidence;
    evidence.file_name = *name;
    evidence.content_type = std::string(ContentTypeFor(*name));
    evidence.size = file.size;
    evidence.sha256 = file.sha256;
    DOCKET_TRY_ASSIGN(recorded, state.context.complainants.AddEvidence(key->first, key->second, std::move(evidence),
                                                                       origin));
    return Ok();
  });
  if (!stored) return ErrorResponse(stored.error(), request);
  return JsonResponse(201, SubmittedFileJson(recorded));
}

}  // namespace

Result<void> RegisterPublicRoutes(ApiRoutes& routes) {
  std::shared_ptr<ApiState> state = routes.SharedState();
  DOCKET_TRY(routes.Public(Method::kPost, "/api/v1/complaints",
                           [state](const Request& request) { return SubmitComplaint(*state, request); }));

  DOCKET_TRY(routes.Public(Method::kGet, "/api/v1/complaints/{receipt}", [state](const Request& request) {
    auto key = ComplaintKey(request);
    if (!key) return ErrorResponse(key.error(), request);
    auto status = state->context.complainants.Status(key->first, key->second, ClientAddress(request));
    if (!status) return ErrorResponse(status.error(), request);
    return JsonResponse(200, ComplaintStatusJson(*status));
  }));

  DOCKET_TRY(routes.Public(
      Method::kPost, "/api/v1/complaints/{receipt}/evidence",
      [state](const Request& request) { return AddComplaintEvidence(*state, request); }, Execution::kBlocking,
      routes.Upload(kEvidenceBodyLimit)));

  DOCKET_TRY(routes.Public(Method::kPost, "/api/v1/complaints/{receipt}/messages", [state](const Request& request) {
    auto key = ComplaintKey(request);
    if (!key) return ErrorResponse(key.error(), request);
    if (auto refused = RequireJsonBody(request)) return std::move(*refused);
    auto body = ReadMessage(request);
    if (!body) return ErrorResponse(body.error(), request);
    auto status = state->context.complainants.PostMessage(key->first, key->second, *body, ClientAddress(request));
    if (!status) return ErrorResponse(status.error(), request);
    return JsonResponse(201, ComplaintStatusJson(*status));
  }));

  // The policy is fixed while the server runs, so its public form is made
  // once and served from the I/O threads.
  const std::string process = bj::serialize(ProcessJson(state->context.policy));
  DOCKET_TRY(routes.Public(
      Method::kGet, "/api/v1/process",
      [process](const Request&) {
        Response response = Response::Json(200, process);
        response.headers["Cache-Control"] = "public, max-age=300";
        return response;
      },
      Execution::kIoThread));

  DOCKET_TRY(routes.Public(
      Method::kGet, "/api/v1/openapi.json",
      [](const Request&) {
        Response response = Response::Json(200, std::string(OpenApiDocument()));
        response.headers["Cache-Control"] = "no-cache";
        return response;
      },
      Execution::kIoThread));
  return Ok();
}

}  // namespace docket::http::api

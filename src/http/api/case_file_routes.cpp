// The rest of a case file: internal notes, messages with the parties, and evidence.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "http/api/route_support.hpp"
#include "http/api/routes.hpp"
#include "http/api/views.hpp"
#include "http/static_files.hpp"

namespace docket::http::api {
namespace {

namespace bj = boost::json;

constexpr std::size_t kMaxCaseRef = 32;

template <class T, class F>
Response ListResponse(const Request& request, const Result<std::vector<T>>& items, F&& render) {
  if (!items) return ErrorResponse(items.error(), request);
  bj::array out;
  for (const T& item : *items) out.push_back(render(item));
  bj::object body;
  body["items"] = std::move(out);
  return JsonResponse(200, body);
}

struct TextInput {
  std::string body;
  std::optional<std::string> receipt;
};

// Reads {"body": ...} and, where `with_receipt`, an optional "receipt".
Result<TextInput> ReadText(const Request& request, std::size_t max_length, bool with_receipt) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
  TextInput input;
  DOCKET_TRY_ASSIGN(input.body, reader.String("body", {.max_length = max_length, .min_length = 1}));
  if (with_receipt) {
    DOCKET_TRY_ASSIGN(input.receipt, reader.OptionalString("receipt", {.max_length = 32, .min_length = 1}));
  }
  DOCKET_TRY(reader.Finish());
  return input;
}

Result<store::Party> ReadParty(const Request& request) {
  DOCKET_TRY(CheckQuery(request, {"party"}));
  auto party = request.Query("party");
  if (!party) return Fail(ErrorCode::kInvalidArgument, "field 'party': give party=complainant or party=respondent");
  if (*party == "complainant") return store::Party::kComplainant;
  if (*party == "respondent") return store::Party::kRespondent;
  return Fail(ErrorCode::kInvalidArgument, "field 'party': must be complainant or respondent");
}

Response Notes(ApiContext& context, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto number = PathText(request, "number", kMaxCaseRef);
  if (!number) return ErrorResponse(number.error(), request);
  return ListResponse(request, context.case_files.Notes(caller.actor, *number), NoteJson);
}

Response AddNote(ApiContext& context, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto number = PathText(request, "number", kMaxCaseRef);
  if (!number) return ErrorResponse(number.error(), request);
  if (auto refused = RequireJsonBody(request)) return std::move(*refused);
  auto input = ReadText(request, 20000, false);
  if (!input) return ErrorResponse(input.error(), request);
  auto note = context.case_files.AddNote(caller.actor, *number, input->body);
  if (!note) return ErrorResponse(note.error(), request);
  return JsonResponse(201, NoteJson(*note));
}

Response Messages(ApiContext& context, const Request& request, const Caller& caller) {
  auto number = PathText(request, "number", kMaxCaseRef);
  if (!number) return ErrorResponse(number.error(), request);
  auto party = ReadParty(request);
  if (!party) return ErrorResponse(party.error(), request);
  return ListResponse(request, context.case_files.Messages(caller.actor, *number, *party), MessageJson);
}

Response SendMessage(ApiContext& context, const Request& request, const Caller& caller) {
  auto number = PathText(request, "number", kMaxCaseRef);
  if (!number) return ErrorResponse(number.error(), request);
  auto party = ReadParty(request);
  if (!party) return ErrorResponse(party.error(), request);
  if (auto refused = RequireJsonBody(request)) return std::move(*refused);
  auto input = ReadText(request, 20000, true);
  if (!input) return ErrorResponse(input.error(), request);
  auto sent = context.case_files.SendMessage(caller.actor, *number, *party, input->body, input->receipt);
  if (!sent) return ErrorResponse(sent.error(), request);
  return JsonResponse(201, MessageJson(*sent));
}

Response Evidence(ApiContext& context, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto number = PathText(request, "number", kMaxCaseRef);
  if (!number) return ErrorResponse(number.error(), request);
  return ListResponse(request, context.case_files.Evidence(caller.actor, *number), EvidenceJson);
}

Response AddEvidence(ApiState& state, const Request& request, const Caller& caller) {
  ApiContext& context = state.context;
  auto number = PathText(request, "number", kMaxCaseRef);
  if (!number) return ErrorResponse(number.error(), request);
  auto name = UploadFileName(request);
  if (!name) return ErrorResponse(name.error(), request);
  if (request.body_size == 0) {
    return ErrorResponse(Error{ErrorCode::kInvalidArgument, "the body is empty; send the file's bytes as the body"},
                         request);
  }
  store::Evidence recorded;
  auto stored = state.evidence->PutFile(request.body_file, [&](const EvidenceFiles::Stored& file) -> Result<void> {
    store::Evidence evidence;
    evidence.file_name = *name;
    // The type comes from the name, never from the client's header, and is
    // only ever served as an attachment with nosniff.
    evidence.content_type = std::string(ContentTypeFor(*name));
    evidence.size = file.size;
    evidence.sha256 = file.sha256;
    DOCKET_TRY_ASSIGN(recorded, context.case_files.AddEvidence(caller.actor, *number, std::move(evidence)));
    return Ok();
  });
  if (!stored) return ErrorResponse(stored.error(), request);
  return JsonResponse(201, EvidenceJson(recorded));
}

Response Download(ApiState& state, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto id = PathId(request, "id");
  if (!id) return ErrorResponse(id.error(), request);
  auto evidence = state.context.case_files.GetEvidence(caller.actor, *id);
  if (!evidence) return ErrorResponse(evidence.error(), request);
  auto content = state.evidence->Read(evidence->sha256);
  if (!content) return ErrorResponse(content.error(), request);
  Response response;
  response.status = 200;
  response.content_type = evidence->content_type.empty() ? "application/octet-stream" : evidence->content_type;
  response.body = std::move(*content);
  response.headers["Content-Disposition"] = AttachmentDisposition(evidence->file_name);
  response.headers["X-Content-Type-Options"] = "nosniff";
  response.headers["Cache-Control"] = "no-store";
  // Should a browser render it anyway, it runs nothing and loads nothing.
  response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox";
  return response;
}

Result<bool> ReadDisclosure(const Request& request) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
  DOCKET_TRY_ASSIGN(bool disclosed, reader.Boolean("disclosed"));
  DOCKET_TRY(reader.Finish());
  return disclosed;
}

Response Disclose(ApiContext& context, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto id = PathId(request, "id");
  if (!id) return ErrorResponse(id.error(), request);
  if (auto refused = RequireJsonBody(request)) return std::move(*refused);
  auto disclosed = ReadDisclosure(request);
  if (!disclosed) return ErrorResponse(disclosed.error(), request);
  auto evidence = context.case_files.Disclose(caller.actor, *id, *disclosed);
  if (!evidence) return ErrorResponse(evidence.error(), request);
  return JsonResponse(200, EvidenceJson(*evidence));
}

}  // namespace

Result<void> RegisterCaseFileRoutes(ApiRoutes& routes) {
  std::shared_ptr<ApiState> state = routes.SharedState();
  auto with_context = [state](Response (*handler)(ApiContext&, const Request&, const Caller&)) {
    return [state, handler](const Request& request, const Caller& caller) {
      return handler(state->context, request, caller);
    };
  };
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/cases/{number}/notes", Scope::kCasesRead, with_context(Notes)));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/cases/{number}/notes", Scope::kCasesWrite, with_context(AddNote)));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/cases/{number}/messages", Scope::kCasesRead,
                              with_context(Messages)));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/cases/{number}/messages", Scope::kCasesWrite,
                              with_context(SendMessage)));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/cases/{number}/evidence", Scope::kCasesRead,
                              with_context(Evidence)));
  DOCKET_TRY(routes.ForCaller(
      Method::kPost, "/api/v1/cases/{number}/evidence", Scope::kCasesWrite,
      [state](const Request& request, const Caller& caller) { return AddEvidence(*state, request, caller); },
      routes.Upload(kEvidenceBodyLimit)));
  DOCKET_TRY(routes.ForCaller(
      Method::kGet, "/api/v1/evidence/{id}", Scope::kCasesRead,
      [state](const Request& request, const Caller& caller) { return Download(*state, request, caller); }));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/evidence/{id}/disclosure", Scope::kCasesWrite,
                              with_context(Disclose)));
  return Ok();
}

}  // namespace docket::http::api

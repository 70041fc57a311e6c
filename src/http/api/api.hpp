// The JSON API of `docket serve`, under /api/v1.
//
// RegisterApi() puts every route on a router; each route is thin glue: it
// authenticates the request (one place: authenticator.hpp), reads the body
// strictly, calls one app service, and writes the result as JSON or the error
// as a problem document. Anything that touches the database, argon2id or the
// evidence folder runs on the server's worker pool (Execution::kBlocking).
//
// Who may do what is decided by the services (per object, audited); the API
// adds only what belongs to HTTP: sessions and CSRF tokens, API token
// scopes, If-Match preconditions, rate limits on the public routes, and the
// shape of the JSON. The routes are described in openapi.json next to this
// file, served at /api/v1/openapi.json; a test fails when the two disagree.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "app/account_service.hpp"
#include "app/case_file_service.hpp"
#include "app/case_service.hpp"
#include "app/complainant_service.hpp"
#include "app/intake_service.hpp"
#include "app/panel_service.hpp"
#include "app/platform_service.hpp"
#include "app/post_service.hpp"
#include "app/recommendation_service.hpp"
#include "app/report_service.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/policy.hpp"
#include "domain/workflow.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace docket::http::api {

/// What the routes work with. Everything is referenced, not owned, and must
/// outlive the router (and so the server) the routes were registered on.
struct ApiContext {
  store::Store& store;                        //!< For the reads no service covers yet (members, audit log).
  const domain::Policy& policy;               //!< The policy in force, for titles and GET /api/v1/process.
  const domain::Workflow& workflow;           //!< Its schedule gives "today" in the organisation's time zone.
  const Clock& clock;                         //!< The same clock the services use.
  app::AccountService& accounts;              //!< Sign-in, sessions, API tokens, rate limits.
  app::IntakeService& intake;                 //!< Public complaints.
  app::ComplainantService& complainants;      //!< The complainant's view by receipt and secret.
  app::CaseService& cases;                    //!< The queue, one case, actions.
  app::CaseFileService& case_files;           //!< Notes, messages, evidence records.
  std::filesystem::path evidence_dir;  //!< Evidence files, each named by its SHA-256; created if missing.
  bool secure_cookies = false;         //!< Marks the session cookie Secure (set it whenever served over HTTPS).
  int complaints_per_minute = 30;      //!< Public complaints (and their uploads) accepted per client address per minute.
  app::PanelService* panels = nullptr; //!< Panels, recusals, interests; required.
  app::ReportService* reports = nullptr;  //!< Statistics and the transparency report; required.
  app::PlatformService* platform = nullptr;  //!< Alerts of the platform-sharing rule; required.
  app::RecommendationService* recommendations = nullptr;  //!< The recommendations tracker; required.
  app::PostService* posts = nullptr;  //!< Social-media evidence and account links; required.
};

/// Registers every /api/v1 route on `router`. kUnavailable when the evidence
/// folder cannot be created; kAlreadyExists when a route is already taken.
Result<void> RegisterApi(Router& router, ApiContext& context);

/// The options of `docket serve`.
struct ServeOptions {
  std::string db_url;                   //!< A database path or "sqlite:PATH".
  std::string policy;                   //!< The policy file; empty means data_dir/policy/party.toml.
  std::string data_dir;                 //!< Holds calendars/<policy.calendar>.toml (and the default policy).
  std::string listen = "127.0.0.1:8080";  //!< HOST:PORT, with IPv6 hosts in brackets ("[::1]:8080").
  std::string evidence_dir;             //!< Empty means "evidence" next to the database file.
  std::string web_dir;                  //!< The built web app to serve for other paths; empty serves none.
  std::string lexicon;                  //!< The triage lexicon; empty means data_dir/lexicon/antisemitism.toml.
  bool secure_cookies = false;          //!< Mark the session cookie Secure (behind HTTPS).
  int complaints_per_minute = 30;       //!< Per client address; raise it behind a proxy that shares one address.
  std::size_t workers = 0;              //!< Threads for database work; 0 picks the default (see serve.cpp).
  std::vector<std::string> trusted_proxies;  //!< Reverse proxies whose X-Forwarded-For names the client.
};

/// Opens the policy, calendar and store, serves the API until SIGTERM or
/// SIGINT, and returns the process exit status (0 after a clean stop; 2 for
/// bad options or a bad policy; 4 when the database or the address fails).
/// Errors are printed to standard error.
int Serve(const ServeOptions& options);

}  // namespace docket::http::api

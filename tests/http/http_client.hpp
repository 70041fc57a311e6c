// A small synchronous HTTP/1.1 client for tests: one connection, kept alive
// between requests, with a deadline on every operation. It never reconnects
// behind the caller's back, so a test can tell whether two requests shared a
// connection (ConnectionsOpened) and whether the server closed it
// (WaitForClose). No Beast type appears here.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/request.hpp"

namespace docket::http::testing {

/// A response as the client received it.
struct ClientResponse {
  int status = 0;
  HeaderMap headers;
  std::string body;
  bool keep_alive = false;  //!< False when the server said it will close the connection.

  /// The value of a header field, if present.
  std::optional<std::string_view> Header(std::string_view name) const;
};

class HttpClient {
 public:
  /// A client for the server at host:port; it connects on the first request.
  HttpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Opens a connection if none is open. kUnavailable when the server refuses it.
  Result<void> Connect();

  /// Sends one request on the open connection (opening one if none is open)
  /// and reads the response. kUnavailable when the connection fails or the
  /// server closes it without answering; the connection is then closed.
  Result<ClientResponse> Send(std::string_view method, std::string_view target, std::string body = {},
                              HeaderMap headers = {});

  /// GET `target`.
  Result<ClientResponse> Get(std::string_view target, HeaderMap headers = {});

  /// POST `body` to `target` with the given Content-Type.
  Result<ClientResponse> Post(std::string_view target, std::string body,
                              std::string_view content_type = "application/json");

  /// Writes `bytes` to the connection verbatim (a hand-made request) and reads one response.
  Result<ClientResponse> SendRaw(std::string_view bytes);

  /// Reads one more response from the open connection (after WriteRaw, a
  /// pipelined request or an interim 100 Continue).
  Result<ClientResponse> Receive();

  /// Writes `bytes` verbatim without reading anything.
  Result<void> WriteRaw(std::string_view bytes);

  /// Waits for the server to close the connection. Ok when it closed within
  /// `timeout`; kUnavailable when it was still open (or sent data) by then.
  Result<void> WaitForClose(std::chrono::milliseconds timeout);

  /// Closes the connection, if open.
  void Close();

  /// Whether a connection is open.
  bool IsOpen() const;

  /// How many connections this client has opened so far.
  int ConnectionsOpened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace docket::http::testing

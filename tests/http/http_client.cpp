#include "tests/http/http_client.hpp"

#include <array>
#include <utility>

#include <fmt/format.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace docket::http::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

}  // namespace

std::optional<std::string_view> ClientResponse::Header(std::string_view name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

struct HttpClient::Impl {
  Impl(std::string host_name, std::uint16_t port_number, std::chrono::milliseconds deadline)
      : host(std::move(host_name)), port(port_number), timeout(deadline), stream(ioc) {}

  // Runs the io_context until the operation started by `start` completes;
  // the stream's own timer bounds it. Synchronous calls would need socket
  // options for timeouts; this way tcp_stream's deadline does the work.
  template <class Start>
  error_code Await(Start start) {
    error_code result;
    start([&result](error_code ec, std::size_t) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  Result<ClientResponse> ReadResponse(bool head) {
    bh::response_parser<bh::string_body> parser;
    parser.body_limit(boost::none);
    if (head) parser.skip(true);
    stream.expires_after(timeout);
    const error_code ec = Await([&](auto handler) { bh::async_read(stream, buffer, parser, std::move(handler)); });
    if (ec) {
      Shut();
      return Fail(ErrorCode::kUnavailable, fmt::format("reading the response failed: {}", ec.message()));
    }
    ClientResponse response;
    const auto& message = parser.get();
    response.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      auto [it, inserted] = response.headers.emplace(std::string(field.name_string()), std::string(field.value()));
      if (!inserted) it->second.append(", ").append(field.value());
    }
    response.keep_alive = message.keep_alive();
    response.body = message.body();
    if (!response.keep_alive) Shut();
    return response;
  }

  void Shut() {
    error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    buffer.clear();
    open = false;
  }

  std::string host;
  std::uint16_t port;
  std::chrono::milliseconds timeout;
  asio::io_context ioc;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool open = false;
  int connections_opened = 0;
};

HttpClient::HttpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(std::move(host), port, timeout)) {}

HttpClient::~HttpClient() { Close(); }

Result<void> HttpClient::Connect() {
  if (impl_->open) return Ok();
  error_code ec;
  const auto address = asio::ip::make_address(impl_->host, ec);
  if (ec) return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not an IP address", impl_->host));
  impl_->buffer.clear();
  impl_->stream.expires_after(impl_->timeout);
  ec = impl_->Await([&](auto handler) {
    impl_->stream.async_connect(
        tcp::endpoint(address, impl_->port),
        [handler = std::move(handler)](error_code connect_ec) mutable { handler(connect_ec, 0); });
  });
  if (ec) {
    impl_->stream.close();
    return Fail(ErrorCode::kUnavailable,
                fmt::format("cannot connect to {}:{}: {}", impl_->host, impl_->port, ec.message()));
  }
  impl_->open = true;
  ++impl_->connections_opened;
  return Ok();
}

Result<ClientResponse> HttpClient::Send(std::string_view method, std::string_view target, std::string body,
                                        HeaderMap headers) {
  DOCKET_TRY(Connect());
  bh::request<bh::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(bh::field::host, fmt::format("{}:{}", impl_->host, impl_->port));
  request.set(bh::field::user_agent, "docket-test-client");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::move(body);
  request.prepare_payload();
  impl_->stream.expires_after(impl_->timeout);
  const error_code ec =
      impl_->Await([&](auto handler) { bh::async_write(impl_->stream, request, std::move(handler)); });
  if (ec) {
    impl_->Shut();
    return Fail(ErrorCode::kUnavailable, fmt::format("writing the request failed: {}", ec.message()));
  }
  return impl_->ReadResponse(method == "HEAD");
}

Result<ClientResponse> HttpClient::Get(std::string_view target, HeaderMap headers) {
  return Send("GET", target, {}, std::move(headers));
}

Result<ClientResponse> HttpClient::Post(std::string_view target, std::string body, std::string_view content_type) {
  HeaderMap headers;
  headers.emplace("Content-Type", std::string(content_type));
  return Send("POST", target, std::move(body), std::move(headers));
}

Result<void> HttpClient::WriteRaw(std::string_view bytes) {
  DOCKET_TRY(Connect());
  impl_->stream.expires_after(impl_->timeout);
  const error_code ec = impl_->Await([&](auto handler) {
    asio::async_write(impl_->stream, asio::buffer(bytes.data(), bytes.size()), std::move(handler));
  });
  if (ec) {
    impl_->Shut();
    return Fail(ErrorCode::kUnavailable, fmt::format("writing failed: {}", ec.message()));
  }
  return Ok();
}

Result<ClientResponse> HttpClient::SendRaw(std::string_view bytes) {
  DOCKET_TRY(WriteRaw(bytes));
  return impl_->ReadResponse(false);
}

Result<ClientResponse> HttpClient::Receive() {
  if (!impl_->open) return Fail(ErrorCode::kUnavailable, "no connection is open");
  return impl_->ReadResponse(false);
}

Result<void> HttpClient::WaitForClose(std::chrono::milliseconds timeout) {
  if (!impl_->open) return Ok();
  if (impl_->buffer.size() != 0) {
    return Fail(ErrorCode::kUnavailable, "the server sent data that nobody read");
  }
  std::array<char, 1024> scratch{};
  impl_->stream.expires_after(timeout);
  const error_code ec =
      impl_->Await([&](auto handler) { impl_->stream.async_read_some(asio::buffer(scratch), std::move(handler)); });
  if (ec == beast::error::timeout) {
    // tcp_stream closes its socket when its deadline passes.
    impl_->Shut();
    return Fail(ErrorCode::kUnavailable, "the connection was still open");
  }
  if (!ec) {
    impl_->Shut();
    return Fail(ErrorCode::kUnavailable, "the server sent data instead of closing");
  }
  impl_->Shut();
  return Ok();
}

void HttpClient::Close() {
  if (impl_->open) impl_->Shut();
}

bool HttpClient::IsOpen() const { return impl_->open; }

int HttpClient::ConnectionsOpened() const { return impl_->connections_opened; }

}  // namespace docket::http::testing

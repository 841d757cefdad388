#pragma once
// A small HTTP/1.1 server on Boost.Beast for the console and the companies' API.
// Runs on the caller's io_context (its own thread in the center: never the dispatch strand).
// The handler is asynchronous: it gets the request and a `reply` it may call from any thread,
// once; the session writes the response on its own strand. Every read has a body limit and a
// timeout; expected errors (closed, aborted) are not logged. A failed accept (EMFILE: out of file
// descriptors) is retried after a growing delay and logged once per interval (accept_backoff.hpp).
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>

#include "lw/center/api/router.hpp"

namespace lw::center {

using http_request = api::request;
using http_response = api::response;
using http_reply = std::function<void(http_response)>;
using http_handler = std::function<void(http_request, http_reply)>;

class http_server {
public:
    // Requests are small forms and JSON (64 KiB); the registry import takes whole city files.
    static constexpr std::size_t body_limit = 64 * 1024;
    static constexpr std::size_t registry_body_limit = 256 * 1024 * 1024;

    // Binds address:port (port 0 picks a free one). Throws on bind failure.
    http_server(boost::asio::io_context& ioc, const std::string& address, unsigned short port, http_handler handler);
    ~http_server();
    unsigned short port() const;
    void stop();

private:
    struct impl;
    std::shared_ptr<impl> p_;
};

}  // namespace lw::center

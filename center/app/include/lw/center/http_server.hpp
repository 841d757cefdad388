#pragma once
// A small HTTP/1.1 server on Boost.Beast for the console and the companies' API.
// Runs on the caller's io_context (one thread: handlers may touch the center's state directly).
// Every read has a body limit and a timeout; expected errors (closed, aborted) are not logged.
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>

namespace lw::center {

struct http_request {
    std::string method;   // GET, POST, ...
    std::string target;   // path without the query
    std::string query;    // after '?', raw
    std::string body;
    std::string content_type;
};

struct http_response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
};

using http_handler = std::function<http_response(const http_request&)>;

class http_server {
public:
    // Binds address:port (port 0 picks a free one). Throws on bind failure.
    http_server(boost::asio::io_context& ioc, const std::string& address, unsigned short port, http_handler handler);
    ~http_server();
    unsigned short port() const;
    void stop();

private:
    struct impl;
    std::shared_ptr<impl> p_;
};

// Value of `key` in an application/x-www-form-urlencoded or query string, decoded.
std::string form_value(const std::string& query, const std::string& key);

}  // namespace lw::center

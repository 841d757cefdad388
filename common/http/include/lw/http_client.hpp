#pragma once
// A small synchronous HTTP/1.1 client (Boost.Beast) for the operator CLI, the drill runner's
// operator persona and the tests: one request per connection, a timeout on the whole exchange.
// Never throws: when there is no answer, status is 0 and body says why.
#include <chrono>
#include <string>

namespace lw::http_client {

struct reply {
    int status = 0;     // HTTP status; 0: no answer
    std::string body;
    bool ok() const { return status == 200; }
};

inline constexpr std::chrono::milliseconds default_timeout{3000};

reply get(const std::string& host, int port, const std::string& target,
          std::chrono::milliseconds timeout = default_timeout);
// POST with an application/x-www-form-urlencoded body.
reply post_form(const std::string& host, int port, const std::string& target, const std::string& body,
                std::chrono::milliseconds timeout = default_timeout);

// POST with a JSON body.
reply post_json(const std::string& host, int port, const std::string& target, const std::string& body,
                std::chrono::milliseconds timeout = default_timeout);

}  // namespace lw::http_client

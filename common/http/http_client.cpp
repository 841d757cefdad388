#include "lw/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace lw::http_client {
namespace {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

reply call(http::verb verb, const std::string& host, int port, const std::string& target, const std::string* body,
           const char* content_type, std::chrono::milliseconds timeout) {
    try {
        net::io_context ioc;
        beast::tcp_stream stream(ioc);
        net::ip::tcp::resolver resolver(ioc);
        stream.expires_after(timeout);
        stream.connect(resolver.resolve(host, std::to_string(port)));
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, host);
        if (body) {
            req.set(http::field::content_type, content_type);
            req.body() = *body;
        }
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::read(stream, buf, res);
        beast::error_code ec;
        stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
        return {static_cast<int>(res.result_int()), res.body()};
    } catch (const std::exception& e) {
        return {0, "no answer from " + host + ":" + std::to_string(port) + ": " + e.what()};
    }
}
}  // namespace

reply get(const std::string& host, int port, const std::string& target, std::chrono::milliseconds timeout) {
    return call(http::verb::get, host, port, target, nullptr, nullptr, timeout);
}

reply post_form(const std::string& host, int port, const std::string& target, const std::string& body,
                std::chrono::milliseconds timeout) {
    return call(http::verb::post, host, port, target, &body, "application/x-www-form-urlencoded", timeout);
}

reply post_json(const std::string& host, int port, const std::string& target, const std::string& body,
                std::chrono::milliseconds timeout) {
    return call(http::verb::post, host, port, target, &body, "application/json", timeout);
}

}  // namespace lw::http_client

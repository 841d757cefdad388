#include "lw/center/http_server.hpp"

#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>

#include <cctype>

#include "lw/log.hpp"

namespace lw::center {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
constexpr std::string_view component = "http";
constexpr std::size_t body_limit = 64 * 1024;          // requests are small forms and JSON
constexpr auto read_timeout = std::chrono::seconds{15};

void fail(beast::error_code ec, const char* what) {
    if (ec == net::error::operation_aborted || ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == beast::error::timeout || ec == net::error::connection_reset)
        return;
    log::warn(component, std::string(what) + ": " + ec.message());
}

class session : public std::enable_shared_from_this<session> {
public:
    session(tcp::socket&& s, std::shared_ptr<const http_handler> h) : stream_(std::move(s)), handler_(std::move(h)) {}
    void run() { do_read(); }

private:
    void do_read() {
        parser_.emplace();
        parser_->body_limit(body_limit);
        stream_.expires_after(read_timeout);
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::body_limit) {
            respond(413, "text/plain", "request body too large (limit 64 KiB)\n", false);
            return;
        }
        if (ec) return fail(ec, "read");
        auto req = parser_->release();
        http_request r;
        r.method = std::string(req.method_string());
        const std::string target(req.target());
        const auto q = target.find('?');
        r.target = target.substr(0, q);
        if (q != std::string::npos) r.query = target.substr(q + 1);
        r.body = req.body();
        r.content_type = std::string(req[http::field::content_type]);
        http_response out;
        try {
            out = (*handler_)(r);
        } catch (const std::exception& e) {
            out = {500, "text/plain", std::string("internal error: ") + e.what() + "\n"};
            log::error(component, r.method + " " + r.target + ": " + e.what());
        }
        respond(out.status, out.content_type, std::move(out.body), req.keep_alive());
    }

    void respond(int status, const std::string& type, std::string body, bool keep_alive) {
        auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
        res->set(http::field::server, "lw-center");
        res->set(http::field::content_type, type);
        res->set(http::field::cache_control, "no-store");
        res->keep_alive(keep_alive);
        res->body() = std::move(body);
        res->prepare_payload();
        http::async_write(stream_, *res, [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
            if (ec) return fail(ec, "write");
            if (!keep_alive) {
                beast::error_code ignored;
                self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                return;
            }
            self->do_read();
        });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<const http_handler> handler_;
};
}  // namespace

struct http_server::impl : std::enable_shared_from_this<impl> {
    impl(net::io_context& ioc, http_handler h)
        : ioc(ioc), acceptor(ioc), handler(std::make_shared<const http_handler>(std::move(h))) {}
    net::io_context& ioc;
    tcp::acceptor acceptor;
    std::shared_ptr<const http_handler> handler;

    void do_accept() {
        acceptor.async_accept(net::make_strand(ioc), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
            if (ec) {
                fail(ec, "accept");
                if (ec == net::error::operation_aborted) return;
            } else {
                std::make_shared<session>(std::move(s), self->handler)->run();
            }
            if (self->acceptor.is_open()) self->do_accept();
        });
    }
};

http_server::http_server(net::io_context& ioc, const std::string& address, unsigned short port, http_handler handler)
    : p_(std::make_shared<impl>(ioc, std::move(handler))) {
    const tcp::endpoint ep{net::ip::make_address(address), port};
    p_->acceptor.open(ep.protocol());
    p_->acceptor.set_option(net::socket_base::reuse_address(true));
    p_->acceptor.bind(ep);
    p_->acceptor.listen(net::socket_base::max_listen_connections);
    p_->do_accept();
}

http_server::~http_server() { stop(); }

unsigned short http_server::port() const { return p_->acceptor.local_endpoint().port(); }

void http_server::stop() {
    beast::error_code ec;
    if (p_->acceptor.is_open()) p_->acceptor.close(ec);
}

std::string form_value(const std::string& query, const std::string& key) {
    std::size_t pos = 0;
    while (pos <= query.size()) {
        auto amp = query.find('&', pos);
        if (amp == std::string::npos) amp = query.size();
        const auto part = query.substr(pos, amp - pos);
        const auto eq = part.find('=');
        if (part.substr(0, eq) == key) {
            std::string raw = eq == std::string::npos ? std::string{} : part.substr(eq + 1), out;
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '+') out += ' ';
                else if (raw[i] == '%' && i + 2 < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
                         std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
                    out += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
                    i += 2;
                } else out += raw[i];
            }
            return out;
        }
        pos = amp + 1;
    }
    return {};
}

}  // namespace lw::center

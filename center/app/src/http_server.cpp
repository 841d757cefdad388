#include "lw/center/http_server.hpp"

#include <optional>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>

#include "lw/center/accept_backoff.hpp"
#include "lw/log.hpp"

namespace lw::center {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
constexpr std::string_view component = "http";
constexpr auto read_timeout = std::chrono::seconds{15};
constexpr std::string_view registry_target = "/api/registry";

void fail(beast::error_code ec, const char* what) {
    if (ec == net::error::operation_aborted || ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == beast::error::timeout || ec == net::error::connection_reset)
        return;
    log::warn(component, std::string(what) + ": " + ec.message());
}

class session : public std::enable_shared_from_this<session> {
public:
    session(tcp::socket&& s, std::shared_ptr<const http_handler> h) : stream_(std::move(s)), handler_(std::move(h)) {}
    void run() { net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); }); }

private:
    void do_read() {
        parser_.emplace();
        parser_->body_limit(http_server::body_limit);
        stream_.expires_after(read_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&session::on_header, shared_from_this()));
    }

    void on_header(beast::error_code ec, std::size_t) {
        if (ec) return fail(ec, "read");
        // Whole city files go to the registry import; everything else is small.
        const auto target = parser_->get().target();
        if (std::string_view(target.data(), target.size()).substr(0, registry_target.size()) == registry_target)
            parser_->body_limit(http_server::registry_body_limit);
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::body_limit) {
            respond({413, "text/plain", "request body too large\n"}, false);
            return;
        }
        if (ec) return fail(ec, "read");
        auto req = parser_->release();
        http_request r;
        r.method = std::string(req.method_string());
        const std::string target(req.target());
        const auto q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) r.query = target.substr(q + 1);
        r.body = std::move(req.body());
        r.content_type = std::string(req[http::field::content_type]);
        const bool keep_alive = req.keep_alive();
        stream_.expires_never();   // the answer may take a while (a read thread, the strand)
        auto reply = [self = shared_from_this(), keep_alive](http_response out) {
            net::post(self->stream_.get_executor(),
                      [self, keep_alive, out = std::move(out)]() mutable { self->respond(std::move(out), keep_alive); });
        };
        try {
            (*handler_)(std::move(r), std::move(reply));
        } catch (const std::exception& e) {
            log::error(component, std::string("handler: ") + e.what());
            respond({500, "text/plain", std::string("internal error: ") + e.what() + "\n"}, false);
        }
    }

    void respond(http_response out, bool keep_alive) {
        auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(out.status), 11);
        res->set(http::field::server, "lw-center");
        res->set(http::field::content_type, out.content_type);
        res->set(http::field::cache_control, "no-store");
        res->keep_alive(keep_alive);
        res->body() = std::move(out.body);
        res->prepare_payload();
        stream_.expires_after(read_timeout);
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
        : ioc(ioc), acceptor(ioc), retry(ioc), handler(std::make_shared<const http_handler>(std::move(h))) {}
    net::io_context& ioc;
    tcp::acceptor acceptor;
    net::steady_timer retry;   // the next accept after a failed one (accept_backoff)
    accept_backoff backoff;
    std::shared_ptr<const http_handler> handler;

    void do_accept() {
        acceptor.async_accept(net::make_strand(ioc), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
            if (ec == net::error::operation_aborted || !self->acceptor.is_open()) return;
            const auto now = accept_backoff::clock::now();
            if (ec) {
                // Out of file descriptors (EMFILE) and the like: the pending connection keeps the
                // socket readable, so wait before the next try instead of spinning.
                const auto d = self->backoff.failed(now, ec.message());
                if (d.log) log::warn(component, *d.log);
                self->retry.expires_after(d.delay);
                self->retry.async_wait([self](beast::error_code wait_ec) {
                    if (!wait_ec && self->acceptor.is_open()) self->do_accept();
                });
                return;
            }
            if (auto line = self->backoff.succeeded(now)) log::info(component, *line);
            std::make_shared<session>(std::move(s), self->handler)->run();
            self->do_accept();
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
    net::post(p_->ioc, [p = p_] {
        beast::error_code ec;
        if (p->acceptor.is_open()) p->acceptor.close(ec);
        p->retry.cancel();
    });
}

}  // namespace lw::center

#include "lw/sim/city_network.hpp"

#include <array>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <list>
#include <mutex>
#include <thread>

namespace lw::sim {
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
constexpr std::size_t relay_buffer_bytes = 16 * 1024;

// One relayed connection: client <-> broker, two pumps; closing either side closes both.
class relay : public std::enable_shared_from_this<relay> {
public:
    explicit relay(tcp::socket client) : client_(std::move(client)), broker_(client_.get_executor()) {}

    void start(const tcp::resolver::results_type& broker) {
        auto self = shared_from_this();
        net::async_connect(broker_, broker, [self](const boost::system::error_code& ec, const tcp::endpoint&) {
            if (ec) return self->close();
            self->pump(self->client_, self->broker_, self->up_);
            self->pump(self->broker_, self->client_, self->down_);
        });
    }

    void close() {
        boost::system::error_code ec;
        client_.close(ec);
        broker_.close(ec);
    }

private:
    void pump(tcp::socket& from, tcp::socket& to, std::array<char, relay_buffer_bytes>& buf) {
        auto self = shared_from_this();
        from.async_read_some(net::buffer(buf), [self, &from, &to, &buf](const boost::system::error_code& ec, std::size_t n) {
            if (ec) return self->close();
            net::async_write(to, net::buffer(buf.data(), n), [self, &from, &to, &buf](const boost::system::error_code& ec2, std::size_t) {
                if (ec2) return self->close();
                self->pump(from, to, buf);
            });
        });
    }

    tcp::socket client_, broker_;
    std::array<char, relay_buffer_bytes> up_{}, down_{};
};
}  // namespace

struct city_network::impl {
    net::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    tcp::resolver::results_type broker;
    std::list<std::weak_ptr<relay>> relays;   // io thread only
    std::atomic<bool> is_down{false};
    std::atomic<std::size_t> cut{0};
    int port = 0;
    std::thread thread;

    void accept() {
        acceptor.async_accept([this](const boost::system::error_code& ec, tcp::socket s) {
            if (ec == net::error::operation_aborted) return;
            if (!ec) {
                if (is_down) {
                    boost::system::error_code ignored;
                    s.close(ignored);
                } else {
                    auto r = std::make_shared<relay>(std::move(s));
                    r->start(broker);
                    relays.remove_if([](const std::weak_ptr<relay>& w) { return w.expired(); });
                    relays.push_back(r);
                }
            }
            accept();
        });
    }

    void cut_all() {
        for (auto& w : relays)
            if (auto r = w.lock()) {
                r->close();
                ++cut;
            }
        relays.clear();
    }
};

city_network::city_network(const std::string& broker_host, int broker_port) : impl_(std::make_shared<impl>()) {
    tcp::resolver resolver(impl_->ioc);
    impl_->broker = resolver.resolve(broker_host, std::to_string(broker_port));
    const tcp::endpoint ep(net::ip::make_address("127.0.0.1"), 0);
    impl_->acceptor.open(ep.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(ep);
    impl_->acceptor.listen();
    impl_->port = impl_->acceptor.local_endpoint().port();
    impl_->accept();
    impl_->thread = std::thread([i = impl_] { i->ioc.run(); });
}

city_network::~city_network() {
    net::post(impl_->ioc, [i = impl_] {
        boost::system::error_code ec;
        i->acceptor.close(ec);
        i->cut_all();
        i->ioc.stop();
    });
    if (impl_->thread.joinable()) impl_->thread.join();
}

int city_network::port() const { return impl_->port; }

void city_network::set_down(bool down) {
    if (impl_->is_down.exchange(down) == down) return;
    if (down) net::post(impl_->ioc, [i = impl_] { i->cut_all(); });
}

bool city_network::down() const { return impl_->is_down; }

std::size_t city_network::connections_cut() const { return impl_->cut; }

}  // namespace lw::sim

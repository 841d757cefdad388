#include "read_side.hpp"

#include <boost/asio/post.hpp>

#include "lw/center/store_reader.hpp"
#include "lw/log.hpp"

namespace lw::center {
namespace {
// One read-only connection per read thread, opened at its first request.
store_reader& reader_of_this_thread(const std::string& path) {
    thread_local std::unique_ptr<store_reader> reader;
    if (!reader) reader = std::make_unique<store_reader>(path);
    return *reader;
}
}  // namespace

read_side::read_side(std::string db_path, unsigned threads, response_limits limits, duration test_alarm_limit,
                     const center_clock& clock)
    : db_path_(std::move(db_path)),
      limits_(limits),
      test_alarm_limit_(test_alarm_limit),
      clock_(clock),
      reg_(std::make_shared<const registry>()),
      pool_(threads == 0 ? 1 : threads) {}

read_side::~read_side() { stop(); }

void read_side::stop() {
    intake_.stop();
    pool_.stop();
    intake_.join();
    pool_.join();
}

void read_side::publish(std::shared_ptr<const registry> reg) {
    std::lock_guard lock(m_);
    reg_ = std::move(reg);
}

std::shared_ptr<const registry> read_side::snapshot() const {
    std::lock_guard lock(m_);
    return reg_;
}

void read_side::intake(std::function<void(const registry&)> f) {
    boost::asio::post(intake_, [this, f = std::move(f)] {
        const auto reg = snapshot();
        f(*reg);
    });
}

void read_side::run(const api::read_handler& h, api::request req, api::path_params params,
                    std::function<void(api::response)> done) {
    boost::asio::post(pool_, [this, h, req = std::move(req), params = std::move(params), done = std::move(done)] {
        ++in_progress_;
        api::response out;
        try {
            api::read_context c{snapshot(), view_.read(), reader_of_this_thread(db_path_), limits_, clock_.now(),
                                 test_alarm_limit_};
            out = h(req, params, c);
        } catch (const std::exception& e) {
            log::error("http", req.method + " " + req.path + ": " + e.what());
            out = api::error(500, std::string("could not read: ") + e.what());
        }
        --in_progress_;
        ++done_;
        done(std::move(out));
    });
}

}  // namespace lw::center

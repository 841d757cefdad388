#pragma once
// The console's reads, off the dispatch strand: a pool of read threads, each with its own
// read-only connection to the store (WAL lets them read while the strand writes), the registry
// snapshot the strand last published, and the live view the strand keeps current.
//
// Threading: publish() from the strand; run() from any thread; the handler runs on a read thread.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "lw/center/center_clock.hpp"
#include "lw/center/api/live_view.hpp"
#include "lw/center/api/router.hpp"

namespace lw::center {

class read_side {
public:
    read_side(std::string db_path, unsigned threads, response_limits limits, duration test_alarm_limit,
              const center_clock& clock);
    ~read_side();

    api::live_view& view() { return view_; }
    void publish(std::shared_ptr<const registry> reg);

    // Runs `h` on a read thread; `done` gets its response (or a 500 naming what failed).
    void run(const api::read_handler& h, api::request req, api::path_params params,
             std::function<void(api::response)> done);
    // Runs `f` on the intake thread, with the registry as the strand last published it: the
    // parsing of operators' writes (a hotline alarm, an action, a registry import), which must run
    // neither on the strand nor behind the reads.
    void intake(std::function<void(const registry&)> f);

    std::uint64_t in_progress() const { return in_progress_; }
    std::uint64_t done() const { return done_; }
    void stop();

private:
    std::shared_ptr<const registry> snapshot() const;

    std::string db_path_;
    response_limits limits_;
    duration test_alarm_limit_;
    const center_clock& clock_;
    api::live_view view_;
    mutable std::mutex m_;
    std::shared_ptr<const registry> reg_;
    std::atomic<std::uint64_t> in_progress_{0}, done_{0};
    boost::asio::thread_pool pool_;
    boost::asio::thread_pool intake_{1};
};

}  // namespace lw::center

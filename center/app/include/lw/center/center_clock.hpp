#pragma once
// The center's clock: wall time, or the simulator's city time during drills (docs/drill-clock.md).
// City time is interpolated between clock messages with the announced scale so timers fire
// smoothly, and never runs backwards. After the last clock message it keeps moving: a drill that
// is over (running = false) runs on at real speed from its last instant, and a simulator that
// stops sending runs on at the drill's speed up to two clock periods, then at real speed.
// Thread-safe: the strand advances it, read threads ask it the time for the figures they compute.
#include <chrono>
#include <functional>
#include <mutex>

#include "lw/time.hpp"

namespace lw::center {

class center_clock {
public:
    // Where the elapsed wall time comes from: the steady clock, or a fake one in tests.
    using steady_source = std::function<std::chrono::steady_clock::time_point()>;

    explicit center_clock(bool drill, steady_source steady = [] { return std::chrono::steady_clock::now(); })
        : drill_(drill), steady_(std::move(steady)) {}
    bool drill() const { return drill_; }
    bool ready() const;
    timestamp now() const;
    // A clock message from the simulator (drill mode only); running = false: the drill is over.
    void on_sim_clock(std::int64_t city_ms, double scale, bool running = true);
    // The time for an input, never earlier than any time handed out before.
    timestamp take();

private:
    timestamp now_locked() const;

    const bool drill_;
    const steady_source steady_;
    mutable std::mutex m_;
    bool have_city_ = false;
    bool running_ = true;
    timestamp city_at_{};
    timestamp last_now_{};
    std::chrono::steady_clock::time_point steady_at_{};
    double scale_ = 1.0;
};

}  // namespace lw::center

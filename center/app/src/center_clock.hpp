#pragma once
// The center's clock: wall time, or the simulator's city time during drills (docs/drill-clock.md).
// City time is interpolated between clock messages with the announced scale so timers fire
// smoothly, and never runs backwards. Thread-safe: the strand advances it, read threads ask it
// the time for the figures they compute.
#include <chrono>
#include <mutex>

#include "lw/time.hpp"

namespace lw::center {

class center_clock {
public:
    explicit center_clock(bool drill) : drill_(drill) {}
    bool drill() const { return drill_; }
    bool ready() const;
    timestamp now() const;
    // A clock message from the simulator (drill mode only).
    void on_sim_clock(std::int64_t city_ms, double scale);
    // The time for an input, never earlier than any time handed out before.
    timestamp take();

private:
    timestamp now_locked() const;

    const bool drill_;
    mutable std::mutex m_;
    bool have_city_ = false;
    timestamp city_at_{};
    timestamp last_now_{};
    std::chrono::steady_clock::time_point steady_at_{};
    double scale_ = 1.0;
};

}  // namespace lw::center

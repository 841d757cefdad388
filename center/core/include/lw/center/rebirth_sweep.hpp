#pragma once
// After a center restart every board reads "unknown" until it speaks (issue 9 item 7): births
// are not retained on the broker, and a node's statuses come only every status period. The
// sweep asks each board the center knew before (the store's boards) and has not heard a birth
// from since it started for a rebirth: spread evenly over `spread_over` so that every state is
// known within one status period, and never faster than `max_per_second` (each request costs a
// command log row, a publish, and the board's birth and answer).
//
// Pure: the schedule only; the core skips boards heard from meanwhile and sends the requests.
// Threading: thread-compatible (the center's strand). Time is the center's clock.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lw/time.hpp"

namespace lw::center {

struct rebirth_sweep_config {
    // All asked within this much time after the start: below the boards' default status period
    // (30 s), so each state is known within one period. 0: all at once (still rate-limited).
    duration spread_over = std::chrono::seconds{20};
    // At most this many requests per second (0: no sweep). 500/s: 10,000 boards within 20 s; a
    // larger city takes longer than one period (1,000,000 boards: about 33 min), by design: the
    // broker and the store set the bound, and a live board's own next status asks for its
    // rebirth at once anyway (center_core's reactive request).
    std::uint32_t max_per_second = 500;
};

class rebirth_sweep {
public:
    explicit rebirth_sweep(rebirth_sweep_config cfg = {}) : cfg_(cfg) {}

    // Schedules `ids` (in this order) from `now`: the i-th is due at now + i x gap, gap being
    // spread_over / n, but at least 1 s / max_per_second. Replaces a schedule not finished yet.
    void start(std::vector<std::string> ids, timestamp now);
    // The ids whose time has come (each returned once), in schedule order.
    std::vector<std::string> take_due(timestamp now);

    bool started() const { return started_; }
    std::size_t scheduled() const { return scheduled_; }      // by the last start()
    std::size_t pending() const { return ids_.size() - next_; }
    duration gap() const { return gap_; }
    // When the last one is due (the start when nothing was scheduled).
    timestamp last_due() const { return last_due_; }

private:
    rebirth_sweep_config cfg_;
    bool started_ = false;
    std::vector<std::string> ids_;
    std::size_t next_ = 0;
    std::size_t scheduled_ = 0;
    timestamp start_{}, last_due_{};
    duration gap_{};
};

}  // namespace lw::center

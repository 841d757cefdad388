#include "center_clock.hpp"

#include <algorithm>

namespace lw::center {

bool center_clock::ready() const {
    std::lock_guard lock(m_);
    return !drill_ || have_city_;
}

timestamp center_clock::now() const {
    std::lock_guard lock(m_);
    return now_locked();
}

timestamp center_clock::now_locked() const {
    if (!drill_) return wall_now();
    if (!have_city_) return city_at_;
    const auto wall_elapsed = std::chrono::steady_clock::now() - steady_at_;
    const auto city_elapsed = std::chrono::duration_cast<duration>(wall_elapsed * scale_);
    // Never run more than two clock periods (lw-sim: 100 ms wall each, x scale) ahead of the last
    // message (a stalled simulator); at least 5 s of city time.
    const auto ahead_max = std::max(duration{std::chrono::seconds{5}},
                                    std::chrono::duration_cast<duration>(std::chrono::milliseconds{200} * scale_));
    return std::max(last_now_, city_at_ + std::min(city_elapsed, ahead_max));
}

void center_clock::on_sim_clock(std::int64_t city_ms, double scale) {
    std::lock_guard lock(m_);
    const auto next = from_ms(city_ms);
    last_now_ = std::max(last_now_, now_locked());
    have_city_ = true;
    city_at_ = std::max(next, city_at_);
    steady_at_ = std::chrono::steady_clock::now();
    scale_ = scale > 0 ? scale : 1.0;
}

timestamp center_clock::take() {
    std::lock_guard lock(m_);
    last_now_ = std::max(last_now_, now_locked());
    return last_now_;
}

}  // namespace lw::center

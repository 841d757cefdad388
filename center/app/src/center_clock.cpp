#include "lw/center/center_clock.hpp"

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
    const auto wall_elapsed = std::chrono::duration_cast<duration>(steady_() - steady_at_);
    // The drill is over: its clock runs on at real speed from the last drill instant, so what
    // the operator does afterwards is stamped as it happens (not all at one frozen instant).
    if (!running_) return std::max(last_now_, city_at_ + wall_elapsed);
    // Between messages: at the drill's speed, but never more than two clock periods (lw-sim:
    // 100 ms wall each, x scale; at least 5 s of city time) ahead of the last message, so a
    // stalled simulator does not let the center's time run away; past that, at real speed.
    const auto ahead_max = std::max(duration{std::chrono::seconds{5}},
                                    std::chrono::duration_cast<duration>(std::chrono::milliseconds{200} * scale_));
    const auto city_elapsed = std::chrono::duration_cast<duration>(wall_elapsed * scale_);
    if (city_elapsed <= ahead_max) return std::max(last_now_, city_at_ + city_elapsed);
    const auto wall_to_cap = std::chrono::duration_cast<duration>(ahead_max / scale_);
    return std::max(last_now_, city_at_ + ahead_max + (wall_elapsed - wall_to_cap));
}

void center_clock::on_sim_clock(std::int64_t city_ms, double scale, bool running) {
    std::lock_guard lock(m_);
    const auto next = from_ms(city_ms);
    last_now_ = std::max(last_now_, now_locked());
    have_city_ = true;
    city_at_ = std::max(next, city_at_);
    steady_at_ = steady_();
    scale_ = scale > 0 ? scale : 1.0;
    running_ = running;
}

timestamp center_clock::take() {
    std::lock_guard lock(m_);
    last_now_ = std::max(last_now_, now_locked());
    return last_now_;
}

}  // namespace lw::center

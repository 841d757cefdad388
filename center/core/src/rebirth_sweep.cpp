#include "lw/center/rebirth_sweep.hpp"

#include <algorithm>

namespace lw::center {

void rebirth_sweep::start(std::vector<std::string> ids, timestamp now) {
    started_ = true;
    ids_ = std::move(ids);
    next_ = 0;
    scheduled_ = ids_.size();
    start_ = last_due_ = now;
    if (cfg_.max_per_second == 0) {   // no sweep
        ids_.clear();
        scheduled_ = 0;
        gap_ = duration::zero();
        return;
    }
    // Rounded up to the millisecond, so that the rate is never exceeded.
    const auto min_gap = duration{(1000 + cfg_.max_per_second - 1) / cfg_.max_per_second};
    const auto spread = ids_.size() > 1 ? cfg_.spread_over / static_cast<std::int64_t>(ids_.size()) : duration::zero();
    gap_ = std::max(min_gap, spread);
    if (!ids_.empty()) last_due_ = start_ + gap_ * static_cast<std::int64_t>(ids_.size() - 1);
}

std::vector<std::string> rebirth_sweep::take_due(timestamp now) {
    std::vector<std::string> out;
    while (next_ < ids_.size() && start_ + gap_ * static_cast<std::int64_t>(next_) <= now) out.push_back(ids_[next_++]);
    if (next_ == ids_.size() && !ids_.empty()) {
        ids_.clear();   // done: give the memory back
        ids_.shrink_to_fit();
        next_ = 0;
    }
    return out;
}

}  // namespace lw::center

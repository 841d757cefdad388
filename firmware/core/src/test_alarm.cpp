#include "lw/agent/test_alarm.hpp"

#include <algorithm>

namespace lw::agent {

test_alarm_scheduler::test_alarm_scheduler(timestamp started, test_alarm_config cfg)
    : cfg_(cfg), started_(started) {}

duration test_alarm_scheduler::period() const {
    return std::clamp(cfg_.test_alarm_every, min_test_interval, en81_28_max_test_interval);
}

timestamp test_alarm_scheduler::next_due() const {
    if (last_sent_) return *last_sent_ + period();
    // The first test never later than the standard's period either.
    return started_ + std::clamp(cfg_.first_test_after, duration::zero(), period());
}

bool test_alarm_scheduler::due(timestamp now) const {
    const timestamp reference = last_sent_ ? *last_sent_ : started_;
    return now < reference || now >= next_due();
}

void test_alarm_scheduler::sent(timestamp now) { last_sent_ = now; }

}  // namespace lw::agent

#pragma once
// EN 81-28 automatic test alarm: the remote-alarm channel is proven at least every 3 days by
// a test alarm sent the same way as real alarms. A pure scheduler, fed with `now`; the outbox
// re-sends the test alarm until acknowledged, this only decides when one is due.
// Contract: calls come with non-decreasing `now`; no I/O; thread-compatible (one owner).
#include <optional>

#include "lw/time.hpp"

namespace lw::agent {

// EN 81-28: a test alarm at least every 3 days. Configuration may shorten the period, never
// lengthen it past this.
inline constexpr duration en81_28_max_test_interval = std::chrono::hours{72};
// Floor for a configured period, so a typo cannot flood the center with test alarms.
inline constexpr duration min_test_interval = std::chrono::minutes{1};

struct test_alarm_config {
    // Period between test alarms; clamped to [min_test_interval, en81_28_max_test_interval].
    duration test_alarm_every = en81_28_max_test_interval;
    // The first test after start-up: proves the freshly installed or rebooted channel early.
    duration first_test_after = std::chrono::minutes{1};
};

class test_alarm_scheduler {
public:
    // `started`: when the agent came up.
    explicit test_alarm_scheduler(timestamp started, test_alarm_config cfg = {});

    // A test alarm is due now (and stays due until sent()). Also true when `now` is earlier
    // than the last reference time: a backwards wall-clock step costs one extra test alarm
    // rather than a gap of 72 h plus the step.
    bool due(timestamp now) const;
    // When the next test alarm falls due.
    timestamp next_due() const;
    // A test alarm was handed to the outbox at `now`; the next one is due test_alarm_every later.
    void sent(timestamp now);

    std::optional<timestamp> last_sent() const { return last_sent_; }
    // The period actually used (the configured one, clamped).
    duration period() const;
    const test_alarm_config& config() const { return cfg_; }
    // Takes effect at once: the next due time is recomputed from the last test (or start-up).
    void set_config(const test_alarm_config& cfg) { cfg_ = cfg; }

private:
    test_alarm_config cfg_;
    timestamp started_;
    std::optional<timestamp> last_sent_;
};

}  // namespace lw::agent

#include "lw/agent/test_alarm.hpp"

#include <gtest/gtest.h>

#include "timeline.hpp"

namespace lw::agent {
namespace {

using namespace std::chrono_literals;
using timeline::t0;   // the agent starts at t0

TEST(test_alarm, first_test_one_minute_after_start) {
    test_alarm_scheduler s{t0};
    EXPECT_EQ(s.next_due(), t0 + 1min);
    EXPECT_FALSE(s.due(t0));
    EXPECT_FALSE(s.due(t0 + 59999ms));
    EXPECT_TRUE(s.due(t0 + 1min));
    EXPECT_EQ(s.last_sent(), std::nullopt);
}

TEST(test_alarm, stays_due_until_sent_then_every_72h) {
    test_alarm_scheduler s{t0};
    EXPECT_TRUE(s.due(t0 + 5min));  // the link was down: still due
    s.sent(t0 + 5min);
    EXPECT_EQ(s.last_sent(), t0 + 5min);
    EXPECT_FALSE(s.due(t0 + 5min));
    EXPECT_EQ(s.next_due(), t0 + 5min + 72h);
    EXPECT_FALSE(s.due(t0 + 5min + 72h - 1ms));
    EXPECT_TRUE(s.due(t0 + 5min + 72h));
    s.sent(t0 + 5min + 72h);
    EXPECT_EQ(s.next_due(), t0 + 5min + 144h);
}

TEST(test_alarm, period_is_configurable_shorter) {
    test_alarm_scheduler s{t0, test_alarm_config{24h, 10min}};
    EXPECT_FALSE(s.due(t0 + 9min));
    EXPECT_TRUE(s.due(t0 + 10min));
    s.sent(t0 + 10min);
    EXPECT_EQ(s.next_due(), t0 + 10min + 24h);
}

TEST(test_alarm, period_never_longer_than_en81_28_allows) {
    test_alarm_scheduler s{t0, test_alarm_config{168h, 1min}};
    EXPECT_EQ(s.period(), 72h);
    s.sent(t0 + 1min);
    EXPECT_TRUE(s.due(t0 + 1min + 72h));

    test_alarm_scheduler flood{t0, test_alarm_config{1s, 0s}};
    EXPECT_EQ(flood.period(), 1min);
    EXPECT_TRUE(flood.due(t0));
}

TEST(test_alarm, new_config_applies_from_the_last_test) {
    test_alarm_scheduler s{t0};
    s.sent(t0 + 1min);
    s.set_config(test_alarm_config{12h, 1min});
    EXPECT_EQ(s.next_due(), t0 + 1min + 12h);
}

TEST(test_alarm, a_backwards_clock_step_makes_a_test_due) {
    test_alarm_scheduler s{t0};
    s.sent(t0 + 1min);
    EXPECT_FALSE(s.due(t0 + 2h));
    EXPECT_TRUE(s.due(t0 - 1h));  // wall clock stepped back: prove the channel now
    s.sent(t0 - 1h);
    EXPECT_FALSE(s.due(t0 - 1h + 1s));
}

}  // namespace
}  // namespace lw::agent

#include "lw/center/rebirth_sweep.hpp"

#include <gtest/gtest.h>

namespace lw::center {
namespace {

using namespace std::chrono_literals;
const timestamp t0 = from_ms(1'795'000'000'000);

std::vector<std::string> ids(int n) {
    std::vector<std::string> v;
    for (int i = 0; i < n; ++i) v.push_back("E" + std::to_string(i));
    return v;
}

TEST(rebirth_sweep, spreads_the_requests_evenly_over_the_period) {
    rebirth_sweep s({20s, 500});
    s.start(ids(4), t0);
    EXPECT_EQ(s.gap(), 5s);
    EXPECT_EQ(s.last_due(), t0 + 15s);
    EXPECT_EQ(s.take_due(t0).size(), 1U);
    EXPECT_TRUE(s.take_due(t0 + 4999ms).empty());
    EXPECT_EQ(s.take_due(t0 + 5s), std::vector<std::string>{"E1"});
    EXPECT_EQ(s.take_due(t0 + 1min), (std::vector<std::string>{"E2", "E3"})) << "a late tick catches up";
    EXPECT_EQ(s.pending(), 0U);
    EXPECT_EQ(s.scheduled(), 4U);
    EXPECT_TRUE(s.take_due(t0 + 2min).empty());
}

TEST(rebirth_sweep, never_faster_than_the_rate_limit) {
    rebirth_sweep s({20s, 100});
    s.start(ids(10'000), t0);   // 20 s / 10,000 = 2 ms, but at most 100 per second
    EXPECT_EQ(s.gap(), 10ms);
    EXPECT_EQ(s.take_due(t0 + 1s).size(), 101U) << "t0 .. t0 + 1 s inclusive";
    EXPECT_EQ(s.last_due(), t0 + 99'990ms);
}

TEST(rebirth_sweep, rate_zero_asks_nobody) {
    rebirth_sweep s({20s, 0});
    s.start(ids(3), t0);
    EXPECT_TRUE(s.started());
    EXPECT_TRUE(s.take_due(t0 + 1h).empty());
    EXPECT_EQ(s.pending(), 0U);
}

}  // namespace
}  // namespace lw::center

// The center's drill clock (center_clock) on a fake steady clock: it follows the simulator's
// clock messages, and keeps moving after the last one (issue 9, item 10: a finished drill froze
// the center's time, so every later action was stamped with one instant, "trapped 0 s").
#include <gtest/gtest.h>

#include "lw/center/center_clock.hpp"

namespace {
using namespace std::chrono_literals;
using lw::center::center_clock;
using steady = std::chrono::steady_clock;

constexpr std::int64_t eight_am_ms = 1'790'000'000'000;  // some city instant

struct fake_steady {
    steady::time_point t{std::chrono::hours{1}};
    center_clock::steady_source source() {
        return [this] { return t; };
    }
};

std::int64_t ms(lw::timestamp t) { return lw::to_ms(t); }

TEST(center_clock, between_messages_city_time_runs_at_the_drill_speed) {
    fake_steady wall;
    center_clock c(true, wall.source());
    EXPECT_FALSE(c.ready());
    c.on_sim_clock(eight_am_ms, 60, true);
    EXPECT_TRUE(c.ready());
    EXPECT_EQ(ms(c.take()), eight_am_ms);
    wall.t += 50ms;   // half a clock period: 3 s of city time at x60
    EXPECT_EQ(ms(c.take()), eight_am_ms + 3'000);
}

TEST(center_clock, after_the_drill_ends_the_clock_runs_on_at_real_speed_from_the_last_drill_instant) {
    fake_steady wall;
    center_clock c(true, wall.source());
    for (int i = 0; i < 10; ++i) {   // a second of drill at x60: one minute of city time
        c.on_sim_clock(eight_am_ms + i * 6'000, 60, true);
        wall.t += 100ms;
    }
    c.on_sim_clock(eight_am_ms + 60'000, 60, false);   // the simulator's last message: over
    const auto end = c.take();
    EXPECT_EQ(ms(end), eight_am_ms + 60'000);
    // The operator acts afterwards, at wall pace: each action gets its own, later instant.
    wall.t += 10s;
    const auto released = c.take();
    wall.t += 26min;
    const auto closed = c.take();
    EXPECT_EQ(ms(released) - ms(end), 10'000);
    EXPECT_EQ(ms(closed) - ms(released), 26 * 60'000);
}

TEST(center_clock, a_simulator_that_stops_sending_moves_the_clock_at_real_speed_past_two_periods) {
    fake_steady wall;
    center_clock c(true, wall.source());
    c.on_sim_clock(eight_am_ms, 60, true);   // and then nothing more (killed, stalled)
    wall.t += 200ms;   // two clock periods: 12 s of city time at x60, the cap
    EXPECT_EQ(ms(c.take()), eight_am_ms + 12'000);
    wall.t += 1min;    // past the cap: real speed, not x60, and not stopped
    EXPECT_EQ(ms(c.take()), eight_am_ms + 12'000 + 60'000);
    wall.t += 1min;
    EXPECT_EQ(ms(c.take()), eight_am_ms + 12'000 + 120'000);
}

TEST(center_clock, time_never_runs_backwards_when_a_new_drill_message_is_behind) {
    fake_steady wall;
    center_clock c(true, wall.source());
    c.on_sim_clock(eight_am_ms, 60, false);
    wall.t += 1min;
    const auto before = c.take();
    EXPECT_EQ(ms(before), eight_am_ms + 60'000);
    c.on_sim_clock(eight_am_ms + 30'000, 60, true);   // behind what was handed out
    wall.t += 100ms;   // 6 s of city time from the message: still behind, so the clock holds
    EXPECT_EQ(c.take(), before);
    c.on_sim_clock(eight_am_ms + 90'000, 60, true);   // the new drill catches up
    EXPECT_EQ(ms(c.take()), eight_am_ms + 90'000);
}

TEST(center_clock, a_wall_clock_center_ignores_the_fake_steady_clock) {
    fake_steady wall;
    center_clock c(false, wall.source());
    EXPECT_TRUE(c.ready());
    const auto a = lw::wall_now();
    const auto t = c.now();
    EXPECT_GE(t, a);
}
}  // namespace

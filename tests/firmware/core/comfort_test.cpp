#include "lw/agent/comfort.hpp"

#include <gtest/gtest.h>

#include <string>

#include "timeline.hpp"

namespace lw::agent {
namespace {

using namespace std::chrono_literals;
using timeline::rel;
using timeline::t0;

// A fake-clock timeline: feeds (trapped, doors_open) every `every` up to `until` (inclusive) and
// lists the plays as "at#repetition".
class comfort : public ::testing::Test {
protected:
    std::string run_until(timestamp until, bool trapped, bool doors_open, duration every = 100ms) {
        std::string out;
        while (t + every <= until) {
            t += every;
            add(out, sched.update(trapped, doors_open, t));
        }
        return out;
    }
    static void add(std::string& out, const std::optional<play_request>& p) {
        if (!p) return;
        if (!out.empty()) out += ' ';
        out += rel(p->at) + '#' + std::to_string(p->repetition);
    }
    static std::string one(const std::optional<play_request>& p) {
        std::string out;
        add(out, p);
        return out;
    }

    comfort_scheduler sched;
    timestamp t = t0;
};

TEST_F(comfort, plays_at_once_on_entrapment_then_every_60s) {
    EXPECT_EQ(run_until(t0 + 10s, false, false), "");
    t += 100ms;
    const auto first = sched.update(true, false, t);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->at, t0 + 10100ms);
    EXPECT_EQ(first->trigger, comfort_trigger::entrapment);
    EXPECT_EQ(first->repetition, 0u);
    EXPECT_EQ(run_until(t0 + 70s, true, false), "");
    EXPECT_EQ(sched.next_due(), t0 + 70100ms);
    EXPECT_EQ(run_until(t0 + 200s, true, false), "70100ms#1 130100ms#2 190100ms#3");
    EXPECT_TRUE(sched.running());
}

TEST_F(comfort, stops_when_the_doors_open_and_does_not_restart_without_a_new_entrapment) {
    EXPECT_EQ(run_until(t0 + 61s, true, false, 1s), "1s#0 61s#1");
    EXPECT_EQ(run_until(t0 + 62s, true, true, 1s), "");
    EXPECT_FALSE(sched.running());
    EXPECT_EQ(sched.ended_at(), t0 + 62s);
    EXPECT_EQ(sched.next_due(), std::nullopt);
    EXPECT_EQ(run_until(t0 + 10min, true, false, 1s), "");
}

TEST_F(comfort, stops_when_the_entrapment_clears) {
    EXPECT_EQ(run_until(t0 + 100s, true, false, 1s), "1s#0 61s#1");
    EXPECT_EQ(run_until(t0 + 10min, false, false, 1s), "");
    EXPECT_EQ(sched.ended_at(), t0 + 101s);
}

TEST_F(comfort, center_stop_ends_it_until_the_next_entrapment) {
    EXPECT_EQ(run_until(t0 + 30s, true, false, 1s), "1s#0");
    sched.stop(t0 + 30500ms);
    EXPECT_EQ(sched.ended_at(), t0 + 30500ms);
    EXPECT_EQ(run_until(t0 + 5min, true, false, 1s), "");
    EXPECT_EQ(run_until(t0 + 6min, false, false, 1s), "");
    EXPECT_EQ(run_until(t0 + 8min, true, false, 1s), "361s#0 421s#1");  // a new entrapment
}

TEST_F(comfort, center_order_plays_at_once_and_repeats_until_the_doors_open) {
    EXPECT_EQ(run_until(t0 + 5s, false, false, 1s), "");
    const auto r = sched.order(t0 + 5500ms);
    EXPECT_EQ(r.what, comfort_scheduler::order_result::answer::started);
    const auto& p = r.play;
    ASSERT_TRUE(p);
    EXPECT_EQ(p->trigger, comfort_trigger::center_order);
    EXPECT_EQ(one(p), "5500ms#0");
    EXPECT_EQ(run_until(t0 + 126s, false, false, 1s), "65500ms#1 125500ms#2");
    EXPECT_EQ(run_until(t0 + 127s, false, true, 1s), "");
    EXPECT_FALSE(sched.running());
}

TEST_F(comfort, center_order_is_ignored_while_the_doors_are_open) {
    EXPECT_EQ(run_until(t0 + 5s, false, true, 1s), "");
    const auto r = sched.order(t0 + 5s);
    EXPECT_EQ(r.what, comfort_scheduler::order_result::answer::doors_open);
    EXPECT_EQ(r.play, std::nullopt);
    EXPECT_FALSE(sched.running());
}

// The center orders comfort when it opens the incident, ~100 ms after the board started it on
// its own: the message is played once, the order answered "already playing".
TEST_F(comfort, center_order_while_the_entrapment_is_comforted_is_already_playing_and_not_played_again) {
    EXPECT_EQ(run_until(t0 + 1s, true, false, 100ms), "100ms#0");
    const auto r = sched.order(t0 + 1100ms);
    EXPECT_EQ(r.what, comfort_scheduler::order_result::answer::already_playing);
    EXPECT_EQ(one(r.play), "");
    EXPECT_EQ(sched.trigger(), comfort_trigger::entrapment);
    EXPECT_EQ(run_until(t0 + 100s, true, false, 100ms), "60100ms#1");   // the cadence goes on unchanged
    EXPECT_EQ(run_until(t0 + 101s, false, false, 1s), "");  // the entrapment clears: stop
    EXPECT_FALSE(sched.running());
    EXPECT_EQ(sched.order(t0 + 102s).what, comfort_scheduler::order_result::answer::started);   // a new order
}

TEST_F(comfort, a_long_gap_plays_once_and_restarts_the_cadence) {
    EXPECT_EQ(one(sched.update(true, false, t0)), "0s#0");
    EXPECT_EQ(one(sched.update(true, false, t0 + 200s)), "60s#1");  // missed 120 s and 180 s
    EXPECT_EQ(sched.next_due(), t0 + 260s);
    EXPECT_EQ(one(sched.update(true, false, t0 + 259s)), "");
    EXPECT_EQ(one(sched.update(true, false, t0 + 260s)), "260s#2");
}

TEST_F(comfort, repeat_period_is_configurable) {
    sched.set_config(comfort_config{30s});
    EXPECT_EQ(run_until(t0 + 95s, true, false, 1s), "1s#0 31s#1 61s#2 91s#3");
}

TEST(comfort_trigger, names) {
    EXPECT_EQ(to_string(comfort_trigger::entrapment), "entrapment");
    EXPECT_EQ(to_string(comfort_trigger::center_order), "center_order");
}

}  // namespace
}  // namespace lw::agent

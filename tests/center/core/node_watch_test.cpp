// What the center watches about each board apart from its alarms (issue 9 items 3, 7, 8), as
// timelines on a fake clock: test alarms recorded as test alarms and each real fault counted
// once; a node stale when its status is overdue; missing EN 81-28 test alarms; the rebirth
// requests after a restart, spread out and rate-limited.
#include <gtest/gtest.h>

#include <algorithm>

#include "lw/center/center_core.hpp"
#include "lw/test/sample_registry.hpp"

namespace lw::center {
namespace {

using namespace std::chrono_literals;

city two_lifts() {
    auto c = lw::test::sample_city();
    auto e2 = c.elevators.at(0);
    e2.id = "E2";
    e2.rescue_code = "223456";
    c.elevators.push_back(e2);
    return c;
}

// The sample city with n elevators, E1..En.
city lifts(int n) {
    auto c = lw::test::sample_city();
    const auto first = c.elevators.at(0);
    c.elevators.clear();
    for (int i = 1; i <= n; ++i) {
        auto e = first;
        e.id = "E" + std::to_string(i);
        e.rescue_code = std::to_string(100000 + i);
        c.elevators.push_back(e);
    }
    return c;
}

std::vector<std::string> rebirths_in(const effects& fx) {
    std::vector<std::string> out;
    for (const auto& c : fx.commands)
        if (c.kind == node_command_kind::rebirth) out.push_back(c.elevator_id);
    return out;
}

class node_watch_test : public ::testing::Test {
protected:
    const timestamp t0 = from_ms(1'795'000'000'000);
    const std::string region{lw::test::sample_region};
    std::unique_ptr<center_core> core = make(core_config{});
    std::uint64_t seq = 0;

    std::unique_ptr<center_core> make(core_config cfg, city c = two_lifts()) {
        return std::make_unique<center_core>(cfg, registry::build(c));
    }
    effects at(duration since_t0, input in) { return core->handle(in, t0 + since_t0); }
    effects birth(duration t, const std::string& id = "E1", std::uint32_t status_interval_s = 0) {
        node_birth_input b{region, id, {}, "lw-agent test"};
        b.birth.bd_seq = 1;
        if (status_interval_s > 0) b.birth.status_interval = std::chrono::seconds{status_interval_s};
        return at(t, b);
    }
    effects status(duration t, const std::string& id = "E1") {
        node_status_input s{region, id, {}};
        s.status.sampled_at = t0 + t;
        return at(t, s);
    }
    effects event(duration t, fault_code code, node_event_kind kind = node_event_kind::fault_raised,
                  const std::string& id = "E1") {
        node_event_input e{region, id, kind, {}, "test"};
        e.event = node_event{++seq, code, kind != node_event_kind::fault_cleared, false, t0 + t};
        return at(t, e);
    }
    effects raise(duration t, fault_code code) { return event(t, code); }
    effects clear(duration t, fault_code code) { return event(t, code, node_event_kind::fault_cleared); }
    effects test_alarm(duration t, const std::string& id = "E1") {
        return event(t, fault_code::test_alarm, node_event_kind::test_alarm, id);
    }
    effects tick(duration t) { return at(t, tick_input{}); }
};

// ---- item 3: test alarms are not faults; each real fault once ----------------------------

TEST_F(node_watch_test, test_alarm_is_recorded_as_a_test_alarm_not_a_fault) {
    birth(0s);
    const auto fx = test_alarm(10s);
    EXPECT_TRUE(fx.records.faults.empty());
    ASSERT_EQ(fx.records.test_alarms.size(), 1U);
    const auto& t = fx.records.test_alarms[0];
    EXPECT_EQ(t.elevator_id, "E1");
    EXPECT_EQ(t.seq, seq);
    EXPECT_EQ(t.at, t0 + 10s);
    EXPECT_EQ(t.received, t0 + 10s);
    EXPECT_EQ(fx.counted, std::vector<counter>{counter::test_alarm});
}

TEST_F(node_watch_test, a_car_stuck_between_floors_counts_as_one_fault) {
    birth(0s);
    // The board raises both codes for one stuck car (and the passenger presses the button).
    auto fx = raise(15s, fault_code::entrapment_between_floors);
    ASSERT_EQ(fx.records.faults.size(), 1U);
    EXPECT_TRUE(fx.records.faults[0].counted);
    fx = raise(15s, fault_code::stopped_outside_door_zone);
    ASSERT_EQ(fx.records.faults.size(), 1U);
    EXPECT_FALSE(fx.records.faults[0].counted) << "the same stop under another code";
    fx = raise(20s, fault_code::passenger_alarm);
    ASSERT_EQ(fx.records.faults.size(), 1U);
    EXPECT_FALSE(fx.records.faults[0].counted);
    // An unrelated fault during the entrapment is a fault of its own.
    fx = raise(30s, fault_code::battery_low);
    ASSERT_EQ(fx.records.faults.size(), 1U);
    EXPECT_TRUE(fx.records.faults[0].counted);
    // Released: the clears are not faults; the next stuck car is a new fault.
    for (auto c : {fault_code::entrapment_between_floors, fault_code::stopped_outside_door_zone,
                   fault_code::passenger_alarm}) {
        fx = clear(10min, c);
        ASSERT_EQ(fx.records.faults.size(), 1U);
        EXPECT_FALSE(fx.records.faults[0].counted);
    }
    fx = raise(1h, fault_code::stopped_outside_door_zone);
    ASSERT_EQ(fx.records.faults.size(), 1U);
    EXPECT_TRUE(fx.records.faults[0].counted);
}

TEST_F(node_watch_test, a_fault_raised_again_while_active_is_not_a_new_fault) {
    birth(0s);
    EXPECT_TRUE(raise(1s, fault_code::door_close_failure).records.faults.at(0).counted);
    // The board restarted and detected it anew (its birth listed it as active).
    node_birth_input b{region, "E1", {}, "lw-agent test"};
    b.birth.bd_seq = 2;
    b.birth.active_faults = domain::mask_of(fault_code::door_close_failure);
    at(2min, b);
    EXPECT_FALSE(raise(2min + 1s, fault_code::door_close_failure).records.faults.at(0).counted);
    clear(3min, fault_code::door_close_failure);
    EXPECT_TRUE(raise(4min, fault_code::door_close_failure).records.faults.at(0).counted);
}

// ---- item 7: offline by silence --------------------------------------------------------

bool touched(const effects& fx, const std::string& id) {
    return std::find(fx.elevators_touched.begin(), fx.elevators_touched.end(), id) != fx.elevators_touched.end();
}

TEST_F(node_watch_test, node_is_stale_after_one_and_a_half_status_periods_not_before) {
    birth(0s, "E1", 2);   // status every 2 s: overdue after 3 s without one
    status(1s);
    EXPECT_FALSE(touched(tick(4s), "E1"));
    EXPECT_FALSE(core->live().get("E1")->status_overdue) << "exactly 1.5 periods: not yet";
    const auto fx = tick(4s + 1ms);
    EXPECT_TRUE(touched(fx, "E1")) << "the console's view must be refreshed";
    const auto* st = core->live().get("E1");
    EXPECT_TRUE(st->status_overdue);
    EXPECT_TRUE(st->online()) << "the broker has said nothing: still online, but stale";
    EXPECT_EQ(core->live().status_overdue_count(), 1U);
    EXPECT_EQ(core->live().counters().statuses_overdue, 1U);
    EXPECT_TRUE(std::any_of(fx.notes.begin(), fx.notes.end(),
                            [](const note& n) { return n.text.find("E1: stale") != std::string::npos; }));
    // Reported once per episode.
    EXPECT_FALSE(touched(tick(10s), "E1"));
    EXPECT_EQ(core->live().counters().statuses_overdue, 1U);
}

TEST_F(node_watch_test, node_without_any_status_is_stale_one_and_a_half_periods_after_its_birth) {
    birth(0s, "E1", 10);
    EXPECT_FALSE(touched(tick(15s), "E1"));
    EXPECT_TRUE(touched(tick(15s + 1ms), "E1"));
    EXPECT_TRUE(core->live().get("E1")->status_overdue);
}

TEST_F(node_watch_test, status_resets_the_stale_mark_and_the_watch_starts_again) {
    birth(0s, "E1", 2);
    tick(3s + 1ms);
    ASSERT_TRUE(core->live().get("E1")->status_overdue);
    const auto fx = status(6s);
    EXPECT_TRUE(touched(fx, "E1"));
    EXPECT_FALSE(core->live().get("E1")->status_overdue);
    EXPECT_EQ(core->live().status_overdue_count(), 0U);
    EXPECT_FALSE(touched(tick(9s), "E1"));
    EXPECT_TRUE(touched(tick(9s + 1ms), "E1"));
    EXPECT_EQ(core->live().counters().statuses_overdue, 2U);
    // A birth also resets it (with the new session's period).
    birth(10s, "E1", 30);
    EXPECT_FALSE(core->live().get("E1")->status_overdue);
    EXPECT_FALSE(touched(tick(55s), "E1"));
    EXPECT_TRUE(touched(tick(55s + 1ms), "E1"));
}

TEST_F(node_watch_test, death_ends_the_status_watch) {
    birth(0s, "E1", 2);
    tick(3s + 1ms);
    at(4s, node_death_input{region, "E1", 1, false});
    const auto* st = core->live().get("E1");
    EXPECT_FALSE(st->status_overdue) << "offline says more than stale";
    EXPECT_EQ(core->live().status_overdue_count(), 0U);
    birth(10s, "E2", 2);
    at(11s, node_death_input{region, "E2", 1, true});
    EXPECT_FALSE(touched(tick(1h), "E2"));
    EXPECT_EQ(core->live().status_watched_count(), 0U);
    EXPECT_EQ(core->live().counters().statuses_overdue, 1U);
}

TEST_F(node_watch_test, node_without_a_reported_status_period_is_not_watched) {
    birth(0s, "E1", 0);
    EXPECT_FALSE(touched(tick(1h), "E1"));
    EXPECT_FALSE(core->live().get("E1")->status_overdue);
    EXPECT_EQ(core->live().status_watched_count(), 0U);
}

TEST_F(node_watch_test, status_watch_off_marks_nothing_stale) {
    core_config cfg;
    cfg.watch_status = false;   // the drill clock
    core = make(cfg);
    birth(0s, "E1", 2);
    EXPECT_FALSE(touched(tick(1h), "E1"));
    EXPECT_FALSE(core->live().get("E1")->status_overdue);
}

TEST_F(node_watch_test, every_watched_node_is_checked_on_each_tick) {
    birth(0s, "E1", 2);
    birth(0s, "E2", 4);
    auto fx = tick(3s + 1ms);
    EXPECT_TRUE(touched(fx, "E1"));
    EXPECT_FALSE(touched(fx, "E2"));
    status(5s, "E2");
    fx = tick(11s + 1ms);
    EXPECT_TRUE(touched(fx, "E2"));
    EXPECT_EQ(core->live().status_overdue_count(), 2U);
}

// ---- item 7: the boards the center knows, and the rebirths after a restart ----------------

TEST_F(node_watch_test, first_birth_of_a_board_is_recorded_as_first_seen_once) {
    auto fx = birth(5s, "E1", 2);
    ASSERT_EQ(fx.records.boards_first_seen.size(), 1U);
    EXPECT_EQ(fx.records.boards_first_seen[0].first, "E1");
    EXPECT_EQ(fx.records.boards_first_seen[0].second, t0 + 5s);
    EXPECT_TRUE(birth(1min, "E1", 2).records.boards_first_seen.empty());
    // A board the store knew from an earlier run is not first seen again.
    core = make(core_config{});
    core->restore_boards({{"E2", t0 - 10 * 24h, std::nullopt}});
    EXPECT_TRUE(birth(2min, "E2", 2).records.boards_first_seen.empty());
    EXPECT_EQ(birth(2min, "E1", 2).records.boards_first_seen.size(), 1U);
}

TEST_F(node_watch_test, after_restart_known_boards_still_unknown_are_asked_for_a_rebirth_spread_over_the_period) {
    core_config cfg;
    cfg.restart_rebirths = {20s, 500};
    core = make(cfg, lifts(10));
    // E1..E8 were heard from in earlier runs; E9 and E10 never (perhaps no board at all).
    std::vector<board_watch> known;
    for (int i = 1; i <= 8; ++i) known.push_back({"E" + std::to_string(i), t0 - 24h, std::nullopt});
    core->restore_boards(known);
    birth(0s, "E3", 30);   // speaks before the first tick: known, nothing to ask

    std::vector<std::pair<duration, std::string>> asked;
    for (auto t = 100ms; t <= 30s; t += 100ms)
        for (const auto& id : rebirths_in(tick(t))) asked.emplace_back(t, id);
    ASSERT_EQ(asked.size(), 7U);
    std::vector<std::string> ids;
    for (const auto& [t, id] : asked) ids.push_back(id);
    EXPECT_EQ(ids, (std::vector<std::string>{"E1", "E2", "E4", "E5", "E6", "E7", "E8"}));
    EXPECT_EQ(asked.front().first, 100ms) << "the first at once";
    EXPECT_LT(asked.back().first, 20s + 100ms) << "all within the spread (one status period)";
    for (std::size_t i = 1; i < asked.size(); ++i)
        EXPECT_GE(asked[i].first - asked[i - 1].first, 2500ms) << "spread out, not all at once";
    EXPECT_EQ(core->restart_sweep().pending(), 0U);
}

TEST_F(node_watch_test, restart_rebirths_are_rate_limited) {
    core_config cfg;
    cfg.restart_rebirths = {0s, 2};   // as fast as allowed: at most 2 per second
    core = make(cfg, lifts(6));
    std::vector<board_watch> known;
    for (int i = 1; i <= 6; ++i) known.push_back({"E" + std::to_string(i), t0 - 24h, std::nullopt});
    core->restore_boards(known);
    std::vector<duration> at_times;
    for (auto t = 0ms; t <= 5s; t += 50ms)
        for (std::size_t n = rebirths_in(tick(t)).size(); n > 0; --n) at_times.push_back(t);
    ASSERT_EQ(at_times.size(), 6U);
    for (std::size_t i = 0; i + 2 < at_times.size(); ++i)
        EXPECT_GE(at_times[i + 2] - at_times[i], 1s) << "never three within one second";
    EXPECT_EQ(at_times.back(), 2500ms);
}

TEST_F(node_watch_test, restart_rebirth_skips_a_board_heard_from_or_just_asked_meanwhile) {
    core_config cfg;
    cfg.restart_rebirths = {10s, 500};
    core = make(cfg, lifts(3));
    core->restore_boards({{"E1", t0 - 24h, std::nullopt}, {"E2", t0 - 24h, std::nullopt}, {"E3", t0 - 24h, std::nullopt}});
    EXPECT_EQ(rebirths_in(tick(0s)), std::vector<std::string>{"E1"});
    // E2's status arrives first: the center asks it at once (the reactive request) ...
    EXPECT_EQ(rebirths_in(status(1s, "E2")), std::vector<std::string>{"E2"});
    // ... and E3 is born before its turn.
    birth(2s, "E3", 30);
    std::vector<std::string> later;
    for (auto t = 2100ms; t <= 15s; t += 100ms)
        for (const auto& id : rebirths_in(tick(t))) later.push_back(id);
    EXPECT_TRUE(later.empty()) << later.size() << " more requests, the first to " << later.front();
    EXPECT_EQ(core->restart_sweep().pending(), 0U);
}

TEST_F(node_watch_test, no_restart_rebirths_without_boards_known_from_earlier_runs) {
    core = make(core_config{}, lifts(3));
    std::size_t n = 0;
    for (auto t = 0ms; t <= 30s; t += 200ms) n += rebirths_in(tick(t)).size();
    EXPECT_EQ(n, 0U) << "an elevator never heard from may have no board: not asked";
}

// ---- item 8: missing EN 81-28 test alarms ------------------------------------------------

TEST_F(node_watch_test, board_without_a_test_alarm_for_longer_than_the_limit_is_flagged) {
    core_config cfg;
    cfg.test_alarm_limit = 72h;
    core = make(cfg);
    birth(0s, "E1", 30);   // first seen: the watch starts
    for (auto t = 1h; t <= 72h; t += 1h) status(t);   // alive and reporting all along
    EXPECT_FALSE(touched(tick(72h), "E1")) << "exactly the limit: not yet";
    EXPECT_FALSE(core->live().get("E1")->test_alarm_overdue);
    const auto fx = tick(72h + 1ms);
    EXPECT_TRUE(touched(fx, "E1"));
    EXPECT_TRUE(core->live().get("E1")->test_alarm_overdue);
    EXPECT_FALSE(core->live().get("E1")->status_overdue) << "a board can be alive and still miss its test alarms";
    EXPECT_EQ(core->live().test_alarm_overdue_count(), 1U);
    EXPECT_EQ(core->live().counters().test_alarms_overdue, 1U);
    EXPECT_TRUE(std::any_of(fx.notes.begin(), fx.notes.end(), [](const note& n) {
        return n.text.find("E1: no EN 81-28 test alarm since") != std::string::npos;
    }));
    tick(100h);
    EXPECT_EQ(core->live().counters().test_alarms_overdue, 1U) << "reported once per episode";
    // E2 never had a birth: no board known, nothing to watch.
    EXPECT_FALSE(core->live().get("E2")->test_alarm_overdue);
}

TEST_F(node_watch_test, test_alarm_clears_the_missing_flag_and_the_watch_starts_again_from_it) {
    core_config cfg;
    cfg.test_alarm_limit = 72h;
    core = make(cfg);
    birth(0s, "E1", 0);
    tick(72h + 1ms);
    ASSERT_TRUE(core->live().get("E1")->test_alarm_overdue);
    const auto fx = test_alarm(80h);
    EXPECT_TRUE(touched(fx, "E1"));
    EXPECT_FALSE(core->live().get("E1")->test_alarm_overdue);
    EXPECT_EQ(core->live().test_alarm_overdue_count(), 0U);
    EXPECT_FALSE(touched(tick(152h), "E1"));
    EXPECT_TRUE(touched(tick(152h + 1ms), "E1"));
    // A test alarm in time keeps the board off the list.
    test_alarm(153h);
    test_alarm(200h);
    EXPECT_FALSE(touched(tick(272h), "E1"));
    EXPECT_EQ(core->live().counters().test_alarms_overdue, 2U);
}

TEST_F(node_watch_test, after_restart_the_test_alarm_watch_carries_on_from_the_stores_history) {
    core_config cfg;
    cfg.test_alarm_limit = 72h;
    core = make(cfg);
    // E1's last test alarm was 71 h before the restart; E2 never sent one, first seen 80 h before.
    core->restore_boards({{"E1", t0 - 30 * 24h, t0 - 71h}, {"E2", t0 - 80h, std::nullopt}});
    auto fx = tick(0s);
    EXPECT_TRUE(touched(fx, "E2")) << "overdue already: flagged at the first tick";
    EXPECT_FALSE(touched(fx, "E1"));
    birth(10min, "E1", 0);   // its birth after the restart does not restart the watch
    EXPECT_FALSE(touched(tick(1h), "E1"));
    EXPECT_TRUE(touched(tick(1h + 1ms), "E1")) << "due 72 h after its last test alarm, not after the restart";
    EXPECT_EQ(core->live().test_alarm_overdue_count(), 2U);
}

TEST_F(node_watch_test, live_test_alarm_watch_and_the_supervision_figures_agree_on_the_limit) {
    core_config cfg;
    cfg.test_alarm_limit = 3h;
    core = make(cfg);
    core->restore_boards({{"E1", t0 - 10h, t0 - 3h}});
    tick(0s);
    const bool live = core->live().get("E1")->test_alarm_overdue;
    EXPECT_EQ(live, test_alarm_missing(t0 - 3h, t0, 3h));
    EXPECT_FALSE(live);
    tick(1ms);
    EXPECT_EQ(core->live().get("E1")->test_alarm_overdue, test_alarm_missing(t0 - 3h, t0 + 1ms, 3h));
    EXPECT_TRUE(core->live().get("E1")->test_alarm_overdue);
}

}  // namespace
}  // namespace lw::center

#include "lw/center/alarm_rules.hpp"

#include <gtest/gtest.h>

#include <string>

#include "lw/center/live_state.hpp"

namespace lw::center {
namespace {

using namespace std::chrono_literals;

const timestamp t0 = from_ms(1'700'000'000'000);
constexpr std::string_view lift = "31103201022012000001";
constexpr fault_code door_close_failure = fault_code::door_close_failure;

// Car stopped between floors, doors closed, someone inside: what an entrapment looks like.
car_status trapped_status(timestamp at) {
    car_status s;
    s.sampled_at = at;
    s.floor = 5;
    s.in_door_zone = false;
    s.moving = false;
    s.door = door_state::closed;
    s.occupied = true;
    return s;
}

// Timeline fixture: the real live_state_table feeds the rules, as in the center.
class alarm_rules_test : public ::testing::Test {
protected:
    void SetUp() override {
        table.register_elevator(lift);
        table.on_birth(lift, 1, t);
    }

    // Apply to the table, then ask the rules (the center's order).
    std::optional<alarm_decision> event(fault_code code, bool raised, bool historical = false,
                                        std::optional<timestamp> happened = std::nullopt) {
        const node_event ev{++seq, code, raised, historical, happened.value_or(t)};
        EXPECT_TRUE(table.on_event(lift, ev, t).accepted());
        return rules.on_event(live(), ev, t);
    }
    void status(const car_status& s) { table.on_status(lift, s, t); }
    const elevator_live& live() const { return *table.get(lift); }

    live_state_table table;
    alarm_rules rules;
    timestamp t = t0;
    std::uint64_t seq = 0;
};

TEST_F(alarm_rules_test, entrapment_confirmed_by_an_agreeing_recent_status) {
    status(trapped_status(t));
    t += 15s;
    const auto d = event(fault_code::entrapment_between_floors, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::raise_alarm);
    EXPECT_EQ(d->alarm, alarm_source::iot_auto);
    EXPECT_EQ(d->confirm, confirmation::confirmed_by_status);
    EXPECT_EQ(d->code, fault_code::entrapment_between_floors);
    EXPECT_EQ(d->details, "entrapment_between_floors");
    EXPECT_EQ(d->occurred_at, t);
    EXPECT_FALSE(d->historical);
    EXPECT_TRUE(d->reason.empty());
}

TEST_F(alarm_rules_test, entrapment_with_doors_locked_counts_as_closed) {
    auto s = trapped_status(t);
    s.door = door_state::locked;
    status(s);
    const auto d = event(fault_code::entrapment_at_floor, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->confirm, confirmation::confirmed_by_status);
}

TEST_F(alarm_rules_test, entrapment_confirmed_at_once_without_status) {
    const auto d = event(fault_code::entrapment_at_floor, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::raise_alarm);
    EXPECT_EQ(d->confirm, confirmation::confirmed_no_recent_status);
    EXPECT_EQ(d->reason, "no status received");
}

TEST_F(alarm_rules_test, status_older_than_the_recent_window_does_not_count) {
    auto s = trapped_status(t);
    s.door = door_state::open;  // would contradict, but it is old
    status(s);
    t += rules.config().status_recent_within;
    auto d = event(fault_code::entrapment_at_floor, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->confirm, confirmation::unconfirmed);  // exactly at the window: still recent
    t += 1ms;
    d = event(fault_code::entrapment_at_floor, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->confirm, confirmation::confirmed_no_recent_status);
    EXPECT_NE(d->reason.find("old"), std::string::npos);
}

TEST_F(alarm_rules_test, entrapment_contradicted_by_open_doors_is_raised_unconfirmed) {
    auto s = trapped_status(t);
    s.door = door_state::open;
    s.in_door_zone = true;
    status(s);
    t += 1s;
    const auto d = event(fault_code::entrapment_at_floor, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::raise_alarm);  // never dropped
    EXPECT_EQ(d->confirm, confirmation::unconfirmed);
    EXPECT_EQ(d->reason, "status shows doors open");
}

TEST_F(alarm_rules_test, entrapment_contradicted_by_a_moving_car_is_raised_unconfirmed) {
    auto s = trapped_status(t);
    s.moving = true;
    s.direction = travel_direction::up;
    status(s);
    const auto d = event(fault_code::entrapment_between_floors, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::raise_alarm);
    EXPECT_EQ(d->confirm, confirmation::unconfirmed);
    EXPECT_EQ(d->reason, "status shows the car moving");
}

TEST_F(alarm_rules_test, entrapment_with_nobody_inside_or_in_inspection_is_unconfirmed_with_all_reasons) {
    auto s = trapped_status(t);
    s.occupied = false;
    s.mode = service_mode::inspection;
    status(s);
    const auto d = event(fault_code::entrapment_between_floors, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::raise_alarm);
    EXPECT_EQ(d->confirm, confirmation::unconfirmed);
    EXPECT_EQ(d->reason, "status shows nobody inside; service mode inspection");
}

TEST_F(alarm_rules_test, stale_status_of_a_dead_node_does_not_contradict) {
    auto s = trapped_status(t);
    s.moving = true;
    status(s);
    t += 5s;
    table.on_death(lift, 1, t);
    t += 1s;
    // Replayed later or arriving without a birth: the status from before the death is stale.
    const auto d = event(fault_code::entrapment_between_floors, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->confirm, confirmation::confirmed_no_recent_status);
    EXPECT_EQ(d->reason, "node offline: last status is stale");
}

TEST_F(alarm_rules_test, historical_entrapment_still_active_raises_the_alarm) {
    table.on_death(lift, 1, t);
    t += 10min;
    table.on_birth(lift, 2, t);
    seq = 0;
    status(trapped_status(t));
    const auto d = event(fault_code::entrapment_between_floors, true, true, t - 8min);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::raise_alarm);
    EXPECT_TRUE(d->historical);
    EXPECT_EQ(d->occurred_at, t - 8min);
    EXPECT_EQ(d->confirm, confirmation::confirmed_by_status);
}

TEST_F(alarm_rules_test, historical_entrapment_already_cleared_is_recorded_not_raised) {
    // The center applied a replay burst (raise then clear) before evaluating it.
    const node_event raise{1, fault_code::entrapment_at_floor, true, true, t - 9min};
    const node_event clear{2, fault_code::entrapment_at_floor, false, true, t - 6min};
    ASSERT_TRUE(table.on_event(lift, raise, t).accepted());
    ASSERT_TRUE(table.on_event(lift, clear, t).accepted());
    const auto d = rules.on_event(live(), raise, t);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::no_alarm);
    EXPECT_TRUE(d->historical);
    EXPECT_EQ(d->reason, "historical entrapment already cleared by the node");
    const auto c = rules.on_event(live(), clear, t);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->kind, decision_kind::entrapment_cleared);
}

TEST_F(alarm_rules_test, live_entrapment_cleared_is_reported_to_the_incident) {
    event(fault_code::entrapment_between_floors, true);
    t += 20min;
    const auto d = event(fault_code::entrapment_between_floors, false);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::entrapment_cleared);
    EXPECT_EQ(d->code, fault_code::entrapment_between_floors);
    EXPECT_EQ(d->occurred_at, t);
}

TEST_F(alarm_rules_test, passenger_alarm_with_the_car_stopped_raises_passenger_button) {
    auto s = trapped_status(t);
    s.in_door_zone = true;
    status(s);
    t += 2s;
    const auto d = event(fault_code::passenger_alarm, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::raise_alarm);
    EXPECT_EQ(d->alarm, alarm_source::passenger_button);
    EXPECT_EQ(d->confirm, confirmation::not_applicable);
    EXPECT_EQ(d->details, "passenger_alarm");
}

TEST_F(alarm_rules_test, passenger_alarm_while_moving_is_no_alarm_with_a_reason) {
    auto s = trapped_status(t);
    s.moving = true;
    s.speed_mm_s = 1'000;
    status(s);
    t += 1s;
    const auto d = event(fault_code::passenger_alarm, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::no_alarm);
    EXPECT_EQ(d->alarm, alarm_source::passenger_button);
    EXPECT_EQ(d->reason, "passenger alarm while the car is moving");
    // The car stops and the passenger presses again: now it is an alarm.
    t += 10s;
    s.moving = false;
    s.speed_mm_s = 0;
    status(s);
    event(fault_code::passenger_alarm, false);
    const auto again = event(fault_code::passenger_alarm, true);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->kind, decision_kind::raise_alarm);
}

TEST_F(alarm_rules_test, passenger_alarm_without_recent_status_is_raised) {
    const auto d = event(fault_code::passenger_alarm, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::raise_alarm);
    EXPECT_EQ(d->alarm, alarm_source::passenger_button);
    EXPECT_EQ(d->reason, "no recent status: car assumed stopped");
}

TEST_F(alarm_rules_test, passenger_alarm_released_or_replayed_after_release_raises_nothing) {
    event(fault_code::passenger_alarm, true);
    EXPECT_FALSE(event(fault_code::passenger_alarm, false));
    const node_event press{++seq, fault_code::passenger_alarm, true, true, t - 5min};
    const node_event release{++seq, fault_code::passenger_alarm, false, true, t - 4min};
    table.on_event(lift, press, t);
    table.on_event(lift, release, t);
    const auto d = rules.on_event(live(), press, t);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::no_alarm);
    EXPECT_EQ(d->reason, "historical passenger alarm already cleared by the node");
}

TEST_F(alarm_rules_test, test_alarm_is_acknowledged_never_raised) {
    auto d = event(fault_code::test_alarm, true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::ack_test_alarm);
    EXPECT_EQ(d->details, "test_alarm");
    EXPECT_FALSE(live().is_active(fault_code::test_alarm));
    // A test alarm made while offline is still an EN 81-28 test on record.
    d = event(fault_code::test_alarm, true, true, t - 1h);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::ack_test_alarm);
    EXPECT_TRUE(d->historical);
    EXPECT_EQ(d->occurred_at, t - 1h);
    EXPECT_FALSE(event(fault_code::test_alarm, false));
}

TEST_F(alarm_rules_test, ordinary_faults_are_not_the_rules_business) {
    EXPECT_FALSE(event(door_close_failure, true));
    EXPECT_FALSE(event(door_close_failure, false));
}

TEST_F(alarm_rules_test, node_silent_with_a_fault_at_exactly_the_limit_not_before) {
    event(door_close_failure, true);
    const timestamp heard = t;
    const duration limit = rules.config().silence_limit;
    EXPECT_EQ(limit, 90s);

    t = heard + limit - 1ms;
    EXPECT_TRUE(table.take_newly_silent(t, limit).empty());
    EXPECT_FALSE(rules.on_silence_check(live(), t));

    t = heard + limit;
    const auto silent = table.take_newly_silent(t, limit);
    ASSERT_EQ(silent.size(), 1U);
    const auto d = rules.on_silence_check(*table.get(silent.front()), t);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->kind, decision_kind::raise_alarm);
    EXPECT_EQ(d->alarm, alarm_source::node_silent);
    EXPECT_EQ(d->occurred_at, heard);
    EXPECT_EQ(d->details, "active: door_close_failure");
    EXPECT_EQ(d->reason, "silent for 1 min 30 s");
}

TEST_F(alarm_rules_test, node_silent_needs_an_active_fault) {
    status(trapped_status(t));
    t += 1h;
    EXPECT_FALSE(rules.on_silence_check(live(), t));
    EXPECT_TRUE(table.take_newly_silent(t, rules.config().silence_limit).empty());
}

TEST_F(alarm_rules_test, node_silent_after_death_says_offline_and_limit_is_configurable) {
    alarm_rules_config quick_config;
    quick_config.silence_limit = 30s;
    const alarm_rules quick{quick_config};
    event(fault_code::entrapment_at_floor, true);
    const timestamp heard = t;
    t += 5s;
    table.on_death(lift, 1, t);
    EXPECT_FALSE(quick.on_silence_check(live(), heard + 30s - 1ms));
    const auto d = quick.on_silence_check(live(), heard + 30s);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->reason, "silent for 30 s (node offline)");
    EXPECT_EQ(d->details, "active: entrapment_at_floor");
}

TEST(alarm_rules_names, to_string) {
    EXPECT_EQ(to_string(alarm_source::iot_auto), "iot_auto");
    EXPECT_EQ(to_string(alarm_source::passenger_button), "passenger_button");
    EXPECT_EQ(to_string(alarm_source::node_silent), "node_silent");
    EXPECT_EQ(to_string(decision_kind::ack_test_alarm), "ack_test_alarm");
    EXPECT_EQ(to_string(decision_kind::no_alarm), "no_alarm");
    EXPECT_EQ(to_string(decision_kind::entrapment_cleared), "entrapment_cleared");
    EXPECT_EQ(to_string(confirmation::unconfirmed), "unconfirmed");
    EXPECT_EQ(to_string(confirmation::confirmed_no_recent_status), "confirmed_no_recent_status");
}

}  // namespace
}  // namespace lw::center

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

}  // namespace
}  // namespace lw::center

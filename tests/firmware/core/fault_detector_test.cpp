#include "lw/agent/fault_detector.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "timeline.hpp"

// Timelines on a fake clock. Changes are compared as a compact text, e.g.
// "+entrapment_between_floors@15s -passenger_alarm@600ms": sign = raised/cleared, time relative
// to the start of the test, in the order update() returned them.

namespace lw::agent {
namespace {

using namespace std::chrono_literals;
using timeline::rel;
using timeline::t0;

std::string text(const std::vector<fault_change>& changes) {
    std::string out;
    for (const auto& c : changes) {
        if (!out.empty()) out += ' ';
        out += (c.raised ? '+' : '-') + std::string(to_string(c.code)) + '@' + rel(c.at);
    }
    return out;
}

detector_config test_config() {
    detector_config cfg;
    cfg.top_floor = 10;
    cfg.bottom_floor = 1;
    return cfg;
}

// Idle at floor 3: stopped in the door zone, doors closed, nobody inside, all circuits fine.
car_sample parked() {
    car_sample s;
    s.floor = 3;
    s.in_door_zone = true;
    s.door = door_state::closed;
    return s;
}

class detector : public ::testing::Test {
protected:
    // Feeds the current sample at the current time.
    std::string feed() {
        last_ = det.update(s, t);
        return text(last_);
    }
    std::string step(duration d = 1s) {
        t += d;
        return feed();
    }
    // Feeds the current sample every `every` until `until` (inclusive); all changes seen.
    std::string run_until(timestamp until, duration every = 1s) {
        std::vector<fault_change> all;
        while (t + every <= until) {
            t += every;
            auto ch = det.update(s, t);
            all.insert(all.end(), ch.begin(), ch.end());
        }
        last_ = all;
        return text(all);
    }
    std::string active() const {
        std::string out;
        for (auto c : det.active()) out += (out.empty() ? "" : " ") + std::string(to_string(c));
        return out;
    }
    // The detail of the last returned change of `code`.
    std::string detail_of(fault_code code) const {
        for (auto it = last_.rbegin(); it != last_.rend(); ++it)
            if (it->code == code) return it->detail;
        return "<none>";
    }

    void trapped_between_floors() {
        s.in_door_zone = false;
        s.door = door_state::locked;
        s.occupied = true;
    }
    void running_between_floors(double speed_mps = 1.5) {
        s.moving = true;
        s.direction = travel_direction::up;
        s.speed_mps = speed_mps;
        s.in_door_zone = false;
        s.door = door_state::locked;
    }

    fault_detector det{test_config()};
    car_sample s = parked();
    timestamp t = t0;
    std::vector<fault_change> last_;
};

TEST_F(detector, quiet_car_reports_nothing_and_allocates_nothing) {
    EXPECT_EQ(feed(), "");
    for (int i = 0; i < 100; ++i) {
        t += 100ms;
        const auto ch = det.update(s, t);
        EXPECT_TRUE(ch.empty());
        EXPECT_EQ(ch.capacity(), 0u);  // the no-change path must not touch the heap
    }
    EXPECT_EQ(run_until(t0 + 1h), "");
    EXPECT_EQ(active(), "");
}

// --- entrapment between floors ---

TEST_F(detector, entrapment_between_floors_raised_at_15s_not_14s) {
    trapped_between_floors();
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 14s), "");
    EXPECT_EQ(run_until(t0 + 15s), "+entrapment_between_floors@15s +stopped_outside_door_zone@15s");
    EXPECT_EQ(active(), "stopped_outside_door_zone entrapment_between_floors");
}

TEST_F(detector, entrapment_between_floors_at_10hz_is_exact) {
    trapped_between_floors();
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 14900ms, 100ms), "");
    EXPECT_EQ(step(100ms), "+entrapment_between_floors@15s +stopped_outside_door_zone@15s");
}

TEST_F(detector, raise_time_is_when_the_threshold_elapsed_even_after_a_sample_gap) {
    trapped_between_floors();
    s.battery_pct = 20;
    EXPECT_EQ(feed(), "");
    // The next sample comes 20 s late: every change carries its own time, in time order.
    EXPECT_EQ(step(20s), "+battery_low@10s +entrapment_between_floors@15s +stopped_outside_door_zone@15s");
}

TEST_F(detector, entrapment_between_floors_not_raised_with_doors_open) {
    trapped_between_floors();
    s.door = door_state::open;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 5min), "");
}

TEST_F(detector, entrapment_between_floors_restarts_when_the_doors_open_briefly) {
    trapped_between_floors();
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 10s), "");
    s.door = door_state::opening;
    EXPECT_EQ(run_until(t0 + 12s), "");
    s.door = door_state::locked;  // closed again from 13 s
    EXPECT_EQ(run_until(t0 + 27s), "");
    EXPECT_EQ(step(), "+entrapment_between_floors@28s +stopped_outside_door_zone@28s");
}

TEST_F(detector, entrapment_between_floors_not_raised_with_nobody_inside) {
    trapped_between_floors();
    s.occupied = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 5min), "+stopped_outside_door_zone@15s");
    EXPECT_EQ(active(), "stopped_outside_door_zone");
}

TEST_F(detector, entrapment_between_floors_bridges_a_short_presence_dropout) {
    trapped_between_floors();
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 4s), "");
    s.occupied = false;  // one sample without presence (5 s)
    EXPECT_EQ(step(), "");
    s.occupied = true;
    EXPECT_EQ(run_until(t0 + 15s), "+entrapment_between_floors@15s +stopped_outside_door_zone@15s");
}

TEST_F(detector, entrapment_between_floors_restarts_after_a_long_presence_gap) {
    trapped_between_floors();
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 4s), "");
    s.occupied = false;  // 5, 6, 7 s: gone for the 2 s tolerance
    EXPECT_EQ(run_until(t0 + 7s), "");
    s.occupied = true;  // seen again from 8 s
    EXPECT_EQ(run_until(t0 + 22s), "+stopped_outside_door_zone@15s");
    EXPECT_EQ(step(), "+entrapment_between_floors@23s");
}

TEST_F(detector, entrapment_between_floors_cleared_only_when_the_doors_open) {
    trapped_between_floors();
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 15s), "+entrapment_between_floors@15s +stopped_outside_door_zone@15s");
    s.occupied = false;  // a still passenger the sensor no longer sees
    EXPECT_EQ(run_until(t0 + 60s), "");
    s.occupied = true;
    s.moving = true;  // rescue moves the car to the landing, doors still closed
    s.speed_mps = 0.3;
    EXPECT_EQ(step(), "");
    s.moving = false;
    s.speed_mps = 0;
    s.in_door_zone = true;
    EXPECT_EQ(step(), "-stopped_outside_door_zone@62s");
    EXPECT_EQ(active(), "entrapment_between_floors");
    s.door = door_state::opening;
    EXPECT_EQ(step(), "-entrapment_between_floors@63s");
    EXPECT_EQ(detail_of(fault_code::entrapment_between_floors), "doors opened");
    EXPECT_EQ(active(), "");
}

// --- entrapment at floor ---

TEST_F(detector, entrapment_at_floor_raised_at_90s_not_89s) {
    s.occupied = true;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 89s), "");
    EXPECT_EQ(step(), "+entrapment_at_floor@90s");
    EXPECT_EQ(active(), "entrapment_at_floor");
}

TEST_F(detector, entrapment_at_floor_cleared_when_the_doors_open) {
    s.occupied = true;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 100s), "+entrapment_at_floor@90s");
    s.door = door_state::opening;
    EXPECT_EQ(step(), "-entrapment_at_floor@101s");
    EXPECT_EQ(active(), "");
}

TEST_F(detector, entrapment_at_floor_cleared_when_presence_is_gone_for_30s) {
    s.occupied = true;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 99s), "+entrapment_at_floor@90s");
    s.occupied = false;  // from 100 s
    EXPECT_EQ(run_until(t0 + 129s), "");
    EXPECT_EQ(step(), "-entrapment_at_floor@130s");
    EXPECT_EQ(detail_of(fault_code::entrapment_at_floor), "nobody seen inside any more");
}

TEST_F(detector, entrapment_at_floor_needs_presence_throughout) {
    s.occupied = true;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 39s), "");
    s.occupied = false;  // 40..42 s: longer than the dropout tolerance
    EXPECT_EQ(run_until(t0 + 42s), "");
    s.occupied = true;  // from 43 s
    EXPECT_EQ(run_until(t0 + 132s), "");
    EXPECT_EQ(step(), "+entrapment_at_floor@133s");
}

TEST_F(detector, entrapment_at_floor_not_raised_with_nobody_inside_or_doors_open) {
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 10min), "");
    s.occupied = true;
    s.door = door_state::open;
    EXPECT_EQ(run_until(t0 + 20min), "");
}

// --- stopped outside the door zone ---

TEST_F(detector, stopped_outside_door_zone_raised_at_15s_and_cleared_at_a_landing) {
    s.in_door_zone = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 14s), "");
    EXPECT_EQ(step(), "+stopped_outside_door_zone@15s");
    s.moving = true;
    s.speed_mps = 1.0;
    EXPECT_EQ(step(), "");  // moving again, still between floors
    s.moving = false;
    s.speed_mps = 0;
    s.in_door_zone = true;
    EXPECT_EQ(step(), "-stopped_outside_door_zone@17s");
    EXPECT_EQ(active(), "");
}

// --- overtravel ---

TEST_F(detector, overtravel_top_raised_past_the_top_landing_and_cleared_back_at_a_landing) {
    running_between_floors(1.0);
    s.floor = 10;
    EXPECT_EQ(feed(), "");
    s.floor = 11;  // from 100 ms
    EXPECT_EQ(step(100ms), "");
    EXPECT_EQ(step(100ms), "");
    EXPECT_EQ(step(100ms), "+overtravel_top@300ms");
    s.moving = false;  // stopped on the final limit
    s.speed_mps = 0;
    EXPECT_EQ(step(100ms), "");
    s.floor = 10;  // brought back down to the top landing
    s.in_door_zone = true;
    EXPECT_EQ(step(1s), "-overtravel_top@1400ms");
}

TEST_F(detector, overtravel_bottom_raised_below_the_bottom_landing_and_cleared_back_at_a_landing) {
    running_between_floors(1.0);
    s.direction = travel_direction::down;
    s.floor = 0;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(step(100ms), "");
    EXPECT_EQ(step(100ms), "+overtravel_bottom@200ms");
    s.floor = 1;  // not yet level with the landing
    EXPECT_EQ(step(100ms), "");
    s.moving = false;
    s.speed_mps = 0;
    s.in_door_zone = true;
    EXPECT_EQ(step(100ms), "-overtravel_bottom@400ms");
}

TEST_F(detector, overtravel_ignores_one_corrupted_floor_reading_and_needs_configured_landings) {
    running_between_floors(1.0);
    s.floor = 11;  // one corrupted floor frame
    EXPECT_EQ(feed(), "");
    s.floor = 9;
    EXPECT_EQ(run_until(t0 + 1s, 100ms), "");

    fault_detector unconfigured;  // no terminal landings configured
    s.floor = 99;
    EXPECT_TRUE(unconfigured.update(s, t).empty());
    EXPECT_TRUE(unconfigured.update(s, t + 10s).empty());
}

// --- speed ---

TEST_F(detector, overspeed_raised_above_115_percent_and_cleared_at_rated) {
    running_between_floors(2.1);  // 1.75 m/s rated: limit 2.0125 m/s
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(step(100ms), "");
    EXPECT_EQ(step(100ms), "+overspeed@200ms");
    s.speed_mps = 1.9;  // below the trip point, above rated: still overspeed
    EXPECT_EQ(run_until(t0 + 1200ms, 100ms), "");
    s.speed_mps = 1.7;
    EXPECT_EQ(step(100ms), "-overspeed@1300ms");
}

TEST_F(detector, overspeed_ignores_a_single_spike) {
    running_between_floors(2.1);
    EXPECT_EQ(feed(), "");
    s.speed_mps = 1.5;
    EXPECT_EQ(run_until(t0 + 10s, 100ms), "");
}

TEST_F(detector, abnormal_speed_raised_after_10s_creeping_and_cleared_when_stopped) {
    running_between_floors(0.5);  // below half of 1.75 m/s
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 9s), "");
    EXPECT_EQ(step(), "+abnormal_speed@10s");
    s.moving = false;
    s.speed_mps = 0;
    EXPECT_EQ(step(), "-abnormal_speed@11s");
}

TEST_F(detector, abnormal_speed_masked_in_emergency_power_mode) {
    running_between_floors(0.3);
    s.mode = service_mode::emergency_power;  // rescue run to the nearest landing, slow on purpose
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 1min), "");
}

// --- doors while moving ---

TEST_F(detector, moving_with_door_open_raised_when_leaving_the_zone_and_cleared_at_a_landing) {
    s.door = door_state::open;
    EXPECT_EQ(feed(), "");
    s.moving = true;  // creeping inside the zone with the door open: re-levelling, allowed
    s.direction = travel_direction::up;
    s.speed_mps = 0.2;
    EXPECT_EQ(step(100ms), "");
    s.in_door_zone = false;
    EXPECT_EQ(step(100ms), "+moving_with_door_open@200ms");
    EXPECT_EQ(run_until(t0 + 2s, 100ms), "");  // not also door_open_while_running
    s.moving = false;  // stopped by the UCM brake, still outside the zone
    s.speed_mps = 0;
    EXPECT_EQ(run_until(t0 + 5s, 100ms), "");
    s.in_door_zone = true;  // brought back to the landing
    EXPECT_EQ(step(100ms), "-moving_with_door_open@5100ms");
    EXPECT_EQ(active(), "");
}

TEST_F(detector, door_open_while_running_raised_after_500ms_and_cleared_when_closed) {
    running_between_floors();
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 2s, 100ms), "");
    s.door = door_state::not_fully_closed;  // from 2.1 s
    EXPECT_EQ(run_until(t0 + 2500ms, 100ms), "");
    EXPECT_EQ(step(100ms), "+door_open_while_running@2600ms");
    s.door = door_state::locked;
    EXPECT_EQ(step(100ms), "-door_open_while_running@2700ms");
}

// --- circuits and power ---

TEST_F(detector, power_failure_debounced_both_ways) {
    s.mains_ok = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 2s), "");
    EXPECT_EQ(step(), "+power_failure@3s");
    EXPECT_EQ(run_until(t0 + 9s), "");
    s.mains_ok = true;  // from 10 s
    EXPECT_EQ(run_until(t0 + 12s), "");
    EXPECT_EQ(step(), "-power_failure@13s");
}

TEST_F(detector, power_dip_shorter_than_3s_is_ignored) {
    s.mains_ok = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 2s), "");
    s.mains_ok = true;
    EXPECT_EQ(run_until(t0 + 1min), "");
}

TEST_F(detector, safety_circuit_open_raised_after_500ms_and_cleared_when_closed) {
    s.safety_circuit_ok = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 400ms, 100ms), "");
    EXPECT_EQ(step(100ms), "+safety_circuit_open@500ms");
    s.safety_circuit_ok = true;
    EXPECT_EQ(step(100ms), "-safety_circuit_open@600ms");
}

TEST_F(detector, door_lock_circuit_open_while_running_and_cleared_when_made) {
    running_between_floors();
    s.door = door_state::closed;
    s.door_lock_ok = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 1s), "");
    EXPECT_EQ(step(), "+door_lock_circuit_open@2s");
    s.door_lock_ok = true;
    EXPECT_EQ(step(), "-door_lock_circuit_open@3s");
}

TEST_F(detector, door_lock_circuit_open_is_normal_at_a_landing_with_the_door_open) {
    s.door = door_state::open;
    s.door_lock_ok = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 1min), "");
}

// --- doors at a landing ---

TEST_F(detector, door_open_failure_raised_after_10s_opening_and_cleared_when_open) {
    s.door = door_state::opening;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 9s), "");
    EXPECT_EQ(step(), "+door_open_failure@10s");
    s.door = door_state::open;
    EXPECT_EQ(step(), "-door_open_failure@11s");
}

TEST_F(detector, door_close_failure_raised_after_10s_not_closed_and_cleared_when_closed) {
    s.door = door_state::closing;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 5s), "");
    s.door = door_state::not_fully_closed;  // still not closed: same attempt
    EXPECT_EQ(run_until(t0 + 9s), "");
    EXPECT_EQ(step(), "+door_close_failure@10s");
    EXPECT_EQ(run_until(t0 + 20s), "");
    s.door = door_state::locked;
    EXPECT_EQ(step(), "-door_close_failure@21s");
}

TEST_F(detector, door_blocked_while_closing_raised_at_the_third_reversal_and_cleared_when_closed) {
    s.door = door_state::open;
    EXPECT_EQ(feed(), "");
    // 1..8 s; reversals (closing -> opening) at 2, 5 and 8 s
    const door_state seq[] = {door_state::closing, door_state::opening, door_state::open, door_state::closing,
                              door_state::opening, door_state::open,    door_state::closing};
    for (auto d : seq) {
        s.door = d;
        EXPECT_EQ(step(), "") << rel(t);
    }
    s.door = door_state::opening;
    EXPECT_EQ(step(), "+door_blocked_while_closing@8s");
    s.door = door_state::open;
    EXPECT_EQ(step(), "");
    s.door = door_state::closing;
    EXPECT_EQ(run_until(t0 + 12s), "");
    s.door = door_state::locked;
    EXPECT_EQ(step(), "-door_blocked_while_closing@13s");
}

TEST_F(detector, door_reversals_count_within_one_closing_attempt_and_window) {
    // open until 2 s before, closing 1 s before, opening (a reversal) at `when`
    auto reverse_at = [&](timestamp when) {
        s.door = door_state::open;
        EXPECT_EQ(run_until(when - 2s), "");
        s.door = door_state::closing;
        EXPECT_EQ(run_until(when - 1s), "");
        s.door = door_state::opening;
        return run_until(when);
    };
    s.door = door_state::open;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(reverse_at(t0 + 3s), "");
    EXPECT_EQ(reverse_at(t0 + 6s), "");
    s.door = door_state::locked;  // the door made it: a new attempt starts from zero
    EXPECT_EQ(run_until(t0 + 8s), "");
    EXPECT_EQ(reverse_at(t0 + 10s), "");
    EXPECT_EQ(reverse_at(t0 + 70s), "");  // 10 and 70 s
    EXPECT_EQ(reverse_at(t0 + 75s), "");  // 60 s window: 10 s has left it
    EXPECT_EQ(reverse_at(t0 + 79s), "+door_blocked_while_closing@79s");  // 70, 75, 79 s
}

// --- other equipment faults ---

TEST_F(detector, button_stuck_raised_after_5s_and_cleared_when_released) {
    s.button_stuck_mask = 0b100;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 4s), "");
    EXPECT_EQ(step(), "+button_stuck@5s");
    s.button_stuck_mask = 0;
    EXPECT_EQ(step(), "-button_stuck@6s");
}

TEST_F(detector, brake_fault_raised_after_500ms_and_cleared_when_normal) {
    s.brake_ok = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 400ms, 100ms), "");
    EXPECT_EQ(step(100ms), "+brake_fault@500ms");
    s.brake_ok = true;
    EXPECT_EQ(step(1s), "-brake_fault@1500ms");
}

TEST_F(detector, run_time_limiter_raised_at_once_and_cleared_on_reset) {
    s.run_time_limiter_tripped = true;
    EXPECT_EQ(feed(), "+run_time_limiter_tripped@0s");
    EXPECT_EQ(run_until(t0 + 30s), "");
    s.run_time_limiter_tripped = false;
    EXPECT_EQ(step(), "-run_time_limiter_tripped@31s");
}

TEST_F(detector, temperature_sensor_fault_raised_after_5s_and_cleared_when_normal) {
    s.temperature_sensor_ok = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 4s), "");
    EXPECT_EQ(step(), "+temperature_sensor_fault@5s");
    EXPECT_EQ(detail_of(fault_code::temperature_sensor_fault), "temperature sensor fault");
    s.temperature_sensor_ok = true;
    EXPECT_EQ(step(), "-temperature_sensor_fault@6s");
}

TEST_F(detector, temperature_sensor_fault_raised_on_implausible_readings) {
    s.temperature_c = 200;  // an open NTC reads off the scale
    EXPECT_EQ(feed(), "");
    s.temperature_c = std::nan("");
    EXPECT_EQ(run_until(t0 + 4s), "");
    EXPECT_EQ(step(), "+temperature_sensor_fault@5s");
    EXPECT_EQ(detail_of(fault_code::temperature_sensor_fault), "temperature reading implausible");
    s.temperature_c = 31;
    EXPECT_EQ(step(), "-temperature_sensor_fault@6s");
}

TEST_F(detector, floor_information_lost_raised_after_2s_and_cleared_when_back) {
    s.floor.reset();
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(step(), "");
    EXPECT_EQ(step(), "+floor_information_lost@2s");
    s.floor = 3;
    EXPECT_EQ(step(), "-floor_information_lost@3s");
}

TEST_F(detector, battery_low_raised_below_30_percent_and_cleared_at_35) {
    s.battery_pct = 30;  // not below
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 1min), "");
    s.battery_pct = 29;  // from 61 s
    EXPECT_EQ(run_until(t0 + 70s), "");
    EXPECT_EQ(step(), "+battery_low@71s");
    s.battery_pct = 34;  // inside the hysteresis band
    EXPECT_EQ(run_until(t0 + 5min), "");
    s.battery_pct = 35;
    EXPECT_EQ(step(), "-battery_low@301s");
}

// --- passenger alarm and its filtering ---

TEST_F(detector, passenger_alarm_counts_once_held_500ms_and_clears_on_release_while_riding) {
    running_between_floors();
    s.alarm_button = true;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 400ms, 100ms), "");
    EXPECT_EQ(step(100ms), "+passenger_alarm@500ms");
    s.alarm_button = false;
    EXPECT_EQ(step(100ms), "-passenger_alarm@600ms");
}

TEST_F(detector, passenger_alarm_tap_shorter_than_the_debounce_is_ignored) {
    s.alarm_button = true;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 300ms, 100ms), "");
    s.alarm_button = false;
    EXPECT_EQ(run_until(t0 + 1min, 100ms), "");
}

TEST_F(detector, passenger_alarm_at_a_landing_with_doors_open_ignored_unless_held_5s) {
    s.door = door_state::open;
    s.occupied = true;
    s.alarm_button = true;  // held 0..3 s
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 3s), "");
    s.alarm_button = false;
    EXPECT_EQ(run_until(t0 + 9s), "");
    s.alarm_button = true;  // held from 10 s
    EXPECT_EQ(run_until(t0 + 14s), "");
    EXPECT_EQ(step(), "+passenger_alarm@15s");
    EXPECT_EQ(detail_of(fault_code::passenger_alarm), "alarm button held at a landing with doors open");
    s.alarm_button = false;
    EXPECT_EQ(step(), "-passenger_alarm@16s");
}

TEST_F(detector, passenger_alarm_held_at_a_landing_counts_when_the_doors_close) {
    s.door = door_state::open;
    s.alarm_button = true;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(step(), "");
    s.door = door_state::closing;  // 2 s: no longer an open landing, already held > 500 ms
    EXPECT_EQ(step(), "+passenger_alarm@2s");
}

TEST_F(detector, passenger_alarm_stays_active_after_release_while_trapped_until_doors_open) {
    trapped_between_floors();
    s.alarm_button = true;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 500ms, 100ms), "+passenger_alarm@500ms");
    s.alarm_button = false;  // released at 600 ms
    EXPECT_EQ(run_until(t0 + 14900ms, 100ms), "");
    EXPECT_EQ(step(100ms), "+entrapment_between_floors@15s +stopped_outside_door_zone@15s");
    EXPECT_EQ(run_until(t0 + 20s, 100ms), "");
    s.in_door_zone = true;  // car at the landing, doors opening: released
    s.door = door_state::opening;
    EXPECT_EQ(step(100ms),
              "-entrapment_between_floors@20100ms -stopped_outside_door_zone@20100ms -passenger_alarm@20100ms");
    EXPECT_EQ(active(), "");
}

TEST_F(detector, inspection_masks_faults_and_clears_active_ones) {
    s.safety_circuit_ok = false;
    s.brake_ok = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(step(), "+safety_circuit_open@500ms +brake_fault@500ms");
    s.mode = service_mode::inspection;
    EXPECT_EQ(step(), "-safety_circuit_open@2s -brake_fault@2s");
    EXPECT_EQ(detail_of(fault_code::safety_circuit_open), "masked: inspection");
    EXPECT_EQ(detail_of(fault_code::brake_fault), "masked: inspection");
    EXPECT_EQ(active(), "");
    s.mains_ok = false;  // nothing new is raised either
    s.alarm_button = true;
    trapped_between_floors();
    EXPECT_EQ(run_until(t0 + 10min), "");
    s.mode = service_mode::normal;  // back at 601 s: every rule starts from scratch, and a masked
    s.mains_ok = true;              // clear did not start a suppression window
    s.alarm_button = false;
    EXPECT_EQ(step(), "");
    EXPECT_EQ(step(), "+safety_circuit_open@601500ms +brake_fault@601500ms");
    EXPECT_EQ(run_until(t0 + 616s), "+entrapment_between_floors@616s +stopped_outside_door_zone@616s");
}

TEST_F(detector, inspection_keeps_an_entrapment_already_raised_until_the_doors_open) {
    trapped_between_floors();
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 15s), "+entrapment_between_floors@15s +stopped_outside_door_zone@15s");
    s.mode = service_mode::inspection;  // rescuer moves the car in inspection operation
    EXPECT_EQ(step(), "-stopped_outside_door_zone@16s");
    EXPECT_EQ(detail_of(fault_code::stopped_outside_door_zone), "masked: inspection");
    EXPECT_EQ(active(), "entrapment_between_floors");
    EXPECT_EQ(run_until(t0 + 40s), "");
    s.door = door_state::opening;
    EXPECT_EQ(step(), "-entrapment_between_floors@41s");
    s.door = door_state::locked;  // still in inspection: no new entrapment
    EXPECT_EQ(run_until(t0 + 5min), "");
}

TEST_F(detector, out_of_service_masks_faults_but_not_entrapment_or_passenger_alarm) {
    s.mode = service_mode::out_of_service;
    s.brake_ok = false;
    s.occupied = true;
    s.alarm_button = true;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 89s), "+passenger_alarm@500ms");
    EXPECT_EQ(step(), "+entrapment_at_floor@90s");
    EXPECT_EQ(active(), "entrapment_at_floor passenger_alarm");
}

TEST_F(detector, fire_and_emergency_modes_do_not_mask_entrapment) {
    for (auto mode : {service_mode::fire_return, service_mode::firefighter, service_mode::emergency_power,
                      service_mode::earthquake}) {
        fault_detector d{test_config()};
        car_sample x = parked();
        x.mode = mode;
        x.in_door_zone = false;
        x.door = door_state::locked;
        x.occupied = true;
        std::vector<fault_change> seen;
        for (auto at = t0; at <= t0 + 15s; at += 1s)
            for (auto& c : d.update(x, at)) seen.push_back(c);
        EXPECT_EQ(text(seen), "+entrapment_between_floors@15s +stopped_outside_door_zone@15s") << to_string(mode);
    }
}

TEST_F(detector, repeat_within_the_window_is_not_reported_nor_its_clear) {
    s.safety_circuit_ok = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(step(), "+safety_circuit_open@500ms");
    s.safety_circuit_ok = true;
    EXPECT_EQ(step(), "-safety_circuit_open@2s");  // window until 602 s
    s.safety_circuit_ok = false;                   // open again 3..70 s
    EXPECT_EQ(run_until(t0 + 70s), "");
    EXPECT_EQ(active(), "");
    s.safety_circuit_ok = true;
    EXPECT_EQ(run_until(t0 + 300s), "");
    s.safety_circuit_ok = false;
    EXPECT_EQ(run_until(t0 + 310s), "");
    s.safety_circuit_ok = true;
    EXPECT_EQ(run_until(t0 + 699s), "");
    s.safety_circuit_ok = false;  // from 700 s: the window is over
    EXPECT_EQ(step(), "");
    EXPECT_EQ(step(), "+safety_circuit_open@700500ms");
    EXPECT_EQ(active(), "safety_circuit_open");
}

TEST_F(detector, suppressed_repeat_still_active_after_the_window_is_reported_then) {
    s.safety_circuit_ok = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(step(), "+safety_circuit_open@500ms");
    s.safety_circuit_ok = true;
    EXPECT_EQ(step(), "-safety_circuit_open@2s");
    s.safety_circuit_ok = false;  // open again from 3 s, and held
    EXPECT_EQ(run_until(t0 + 601s), "");
    EXPECT_EQ(step(), "+safety_circuit_open@3500ms");  // at 602 s, with when it really began
    EXPECT_EQ(detail_of(fault_code::safety_circuit_open), "repeat, still active after the suppression window");
    EXPECT_EQ(active(), "safety_circuit_open");
    s.safety_circuit_ok = true;
    EXPECT_EQ(run_until(t0 + 610s), "-safety_circuit_open@603s");
}

TEST_F(detector, entrapment_repeats_are_never_suppressed) {
    trapped_between_floors();
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 15s), "+entrapment_between_floors@15s +stopped_outside_door_zone@15s");
    s.door = door_state::opening;
    EXPECT_EQ(step(), "-entrapment_between_floors@16s");
    s.door = door_state::locked;  // closed again from 17 s, still between floors
    EXPECT_EQ(run_until(t0 + 32s), "+entrapment_between_floors@32s");
}

// The contradiction: door reported locked while the door-lock circuit is open.
TEST_F(detector, inconsistent_sensor_reported_once_and_its_dependent_fault_masked) {
    running_between_floors();
    s.door = door_state::closed;
    s.door_lock_ok = false;
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 2s), "+door_lock_circuit_open@2s");
    // door flaps closed/locked with the lock circuit open: contradictions start at 3, 5, 7, 9, 11 s
    for (int i = 3; i <= 10; ++i) {
        s.door = i % 2 ? door_state::locked : door_state::closed;
        EXPECT_EQ(step(), "") << i;
    }
    s.door = door_state::locked;
    EXPECT_EQ(step(), "+sensor_inconsistent@11s -door_lock_circuit_open@11s");
    EXPECT_EQ(detail_of(fault_code::door_lock_circuit_open), "masked: sensor_inconsistent");
    for (int i = 12; i <= 40; ++i) {  // keeps flapping: reported once
        s.door = i % 2 ? door_state::locked : door_state::closed;
        EXPECT_EQ(step(), "") << i;
    }
    s.door = door_state::locked;  // a long contradiction: door_lock_circuit_open stays masked
    EXPECT_EQ(run_until(t0 + 70s), "");
    EXPECT_EQ(active(), "sensor_inconsistent");
    s.door_lock_ok = true;  // the signals agree from 71 s
    EXPECT_EQ(run_until(t0 + 370s), "");
    EXPECT_EQ(step(), "-sensor_inconsistent@371s");
    s.door = door_state::closed;  // a genuine lock fault is reported again (the masked clear
    s.door_lock_ok = false;       // started no suppression window)
    EXPECT_EQ(run_until(t0 + 373s), "");
    EXPECT_EQ(step(), "+door_lock_circuit_open@374s");
}

TEST_F(detector, inconsistency_needs_5_flaps_within_60s) {
    s.door = door_state::locked;
    EXPECT_EQ(feed(), "");
    // bursts of 4 short contradictions, a minute apart: never 5 within 60 s
    for (int burst = 0; burst < 5; ++burst) {
        for (int i = 0; i < 4; ++i) {
            s.door_lock_ok = false;
            EXPECT_EQ(step(), "");
            s.door_lock_ok = true;
            EXPECT_EQ(step(), "");
        }
        EXPECT_EQ(run_until(t + 60s), "");
    }
    EXPECT_EQ(active(), "");
    s.door_lock_ok = false;  // a fifth within the minute of a burst of 4
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(step(), "");
        s.door_lock_ok = !s.door_lock_ok;
        EXPECT_EQ(step(), "");
        s.door_lock_ok = !s.door_lock_ok;
    }
    const auto fifth = t + 1s;
    EXPECT_EQ(step(), "+sensor_inconsistent@" + rel(fifth));
}

TEST_F(detector, config_thresholds_take_effect) {
    auto cfg = det.config();
    cfg.entrapment_between_floors_after = 20s;
    cfg.stopped_outside_door_zone_after = 30s;
    det.set_config(cfg);
    trapped_between_floors();
    EXPECT_EQ(feed(), "");
    EXPECT_EQ(run_until(t0 + 19s), "");
    EXPECT_EQ(run_until(t0 + 30s), "+entrapment_between_floors@20s +stopped_outside_door_zone@30s");
}

}  // namespace
}  // namespace lw::agent

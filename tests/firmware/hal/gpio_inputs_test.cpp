#include "lw/agent/gpio_inputs.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {
using namespace lw::agent;
using namespace std::chrono_literals;
using lw::timestamp;

const timestamp t0 = lw::from_ms(1'800'000'000'000);

std::array<bool, gpio_signal_count> levels(std::initializer_list<gpio_signal> asserted) {
    std::array<bool, gpio_signal_count> l{};
    for (auto s : asserted) l[static_cast<std::size_t>(s)] = true;
    return l;
}

gpio_config config(const std::map<std::string, std::string>& kv) {
    gpio_config c;
    const auto err = parse_gpio_config(kv, c);
    EXPECT_EQ(err, "");
    return c;
}
}  // namespace

TEST(gpio_line_spec, parses_chip_line_polarity_and_debounce) {
    gpio_line_spec s;
    ASSERT_EQ(parse_line_spec("gpiochip0:17", s), "");
    EXPECT_EQ(s.chip, "gpiochip0");
    EXPECT_EQ(s.line, 17u);
    EXPECT_FALSE(s.active_low);
    EXPECT_EQ(s.debounce, 50ms);
    ASSERT_EQ(parse_line_spec("/dev/gpiochip1:3 active_low debounce_ms=120", s), "");
    EXPECT_EQ(s.chip, "/dev/gpiochip1");
    EXPECT_EQ(s.line, 3u);
    EXPECT_TRUE(s.active_low);
    EXPECT_EQ(s.debounce, 120ms);
}

TEST(gpio_line_spec, rejects_bad_specs_with_a_reason) {
    gpio_line_spec s;
    EXPECT_NE(parse_line_spec("", s), "");
    EXPECT_NE(parse_line_spec("gpiochip0", s), "");
    EXPECT_NE(parse_line_spec("gpiochip0:x", s), "");
    EXPECT_NE(parse_line_spec(":4", s), "");
    EXPECT_NE(parse_line_spec("gpiochip0:4 inverted", s), "");
    EXPECT_NE(parse_line_spec("gpiochip0:4 debounce_ms=-1", s), "");
    EXPECT_NE(parse_line_spec("gpiochip0:4 debounce_ms=5000", s), "");  // longer than max_debounce
}

TEST(gpio_config, reads_gpio_keys_and_ignores_the_others) {
    gpio_config c;
    ASSERT_EQ(parse_gpio_config({{"elevator_id", "TS-1"},
                                 {"gpio.door_closed", "gpiochip0:1"},
                                 {"gpio.alarm_button", "gpiochip0:2 active_low"},
                                 {"gpio.floor_initial", "3"},
                                 {"gpio.reference_floor", "-1"},
                                 {"gpio.nominal_speed_mps", "1.6"}},
                                c),
              "");
    ASSERT_TRUE(c.input(gpio_signal::door_closed));
    EXPECT_EQ(c.input(gpio_signal::door_closed)->line, 1u);
    EXPECT_TRUE(c.input(gpio_signal::alarm_button)->active_low);
    EXPECT_FALSE(c.input(gpio_signal::presence));
    EXPECT_EQ(c.floor_initial, 3);
    EXPECT_EQ(c.floor_reference, -1);
    EXPECT_DOUBLE_EQ(c.nominal_speed_mps, 1.6);
}

TEST(gpio_config, rejects_unknown_signals_shared_lines_and_bad_numbers) {
    gpio_config c;
    EXPECT_NE(parse_gpio_config({{"gpio.door_closd", "gpiochip0:1"}}, c), "");
    EXPECT_NE(parse_gpio_config({{"gpio.door_closed", "gpiochip0:1"}, {"gpio.door_zone", "gpiochip0:1"}}, c), "");
    EXPECT_EQ(parse_gpio_config({{"gpio.door_closed", "gpiochip0:1"}, {"gpio.door_zone", "gpiochip1:1"}}, c), "");
    EXPECT_NE(parse_gpio_config({{"gpio.floor_initial", "three"}}, c), "");
    EXPECT_NE(parse_gpio_config({{"gpio.nominal_speed_mps", "0"}}, c), "");
    const auto err = parse_gpio_config({{"gpio.alarm_button", "gpiochip0:9 loud"}}, c);
    EXPECT_NE(err.find("gpio.alarm_button"), std::string::npos) << err;
}

TEST(debouncer, a_change_counts_only_once_stable_for_the_hold_time) {
    debouncer d(50ms);
    auto t = t0;
    EXPECT_FALSE(d.update(false, t));  // first sample taken as is
    t += 100ms;
    EXPECT_FALSE(d.update(true, t));   // new level seen
    t += 30ms;
    EXPECT_FALSE(d.update(true, t));   // 30 ms < 50 ms
    t += 20ms;
    EXPECT_TRUE(d.update(true, t));    // stable 50 ms
    t += 10ms;
    EXPECT_TRUE(d.update(false, t));   // a glitch...
    t += 10ms;
    EXPECT_TRUE(d.update(true, t));    // ...that bounced back: ignored
    t += 100ms;
    EXPECT_TRUE(d.update(true, t));
}

TEST(debouncer, zero_hold_follows_every_sample) {
    debouncer d;
    EXPECT_TRUE(d.update(true, t0));
    EXPECT_FALSE(d.update(false, t0 + 100ms));
    EXPECT_TRUE(d.update(true, t0 + 200ms));
}

TEST(floor_counter, counts_pulses_by_direction_and_ignores_bounce) {
    floor_counter f(1, 1, 100ms);
    auto t = t0;
    f.pulse(t, travel_direction::up);
    EXPECT_EQ(f.floor(), 2);
    f.pulse(t + 20ms, travel_direction::up);  // bounce of the same vane
    EXPECT_EQ(f.floor(), 2);
    t += 2s;
    f.pulse(t, travel_direction::up);
    EXPECT_EQ(f.floor(), 3);
    t += 2s;
    f.pulse(t, travel_direction::down);
    EXPECT_EQ(f.floor(), 2);
}

TEST(floor_counter, a_pulse_without_direction_loses_the_floor_until_the_reference) {
    floor_counter f(5, 1, 100ms);
    f.pulse(t0, travel_direction::none);
    EXPECT_FALSE(f.floor().has_value());
    f.pulse(t0 + 2s, travel_direction::down);  // still unknown: counting from nothing
    EXPECT_FALSE(f.floor().has_value());
    f.reference(false);
    EXPECT_FALSE(f.floor().has_value());
    f.reference(true);
    EXPECT_EQ(f.floor(), 1);
    f.pulse(t0 + 4s, travel_direction::up);
    EXPECT_EQ(f.floor(), 2);
}

TEST(gpio_sampler, maps_debounced_inputs_to_a_car_sample) {
    const auto cfg = config({{"gpio.door_closed", "c:0 debounce_ms=0"},
                             {"gpio.door_zone", "c:1 debounce_ms=0"},
                             {"gpio.presence", "c:2 debounce_ms=0"},
                             {"gpio.alarm_button", "c:3 debounce_ms=0"},
                             {"gpio.mains_ok", "c:4 debounce_ms=0"},
                             {"gpio.safety_circuit", "c:5 debounce_ms=0"},
                             {"gpio.door_lock", "c:6 debounce_ms=0"},
                             {"gpio.direction_up", "c:7 debounce_ms=0"},
                             {"gpio.direction_down", "c:8 debounce_ms=0"},
                             {"gpio.inspection", "c:9 debounce_ms=0"},
                             {"gpio.battery_low", "c:10 debounce_ms=0"},
                             {"gpio.floor_initial", "4"},
                             {"gpio.nominal_speed_mps", "1.5"}});
    gpio_sampler g(cfg);
    auto s = g.update(levels({gpio_signal::door_closed, gpio_signal::door_zone, gpio_signal::mains_ok,
                              gpio_signal::safety_circuit, gpio_signal::door_lock}),
                      nullptr, 0, t0);
    EXPECT_EQ(s.at, t0);
    EXPECT_EQ(s.door, door_state::closed);
    EXPECT_TRUE(s.in_door_zone);
    EXPECT_FALSE(s.occupied);
    EXPECT_FALSE(s.alarm_button);
    EXPECT_TRUE(s.mains_ok);
    EXPECT_TRUE(s.safety_circuit_ok);
    EXPECT_TRUE(s.door_lock_ok);
    EXPECT_FALSE(s.moving);
    EXPECT_EQ(s.speed_mps, 0);
    EXPECT_EQ(s.floor, 4);
    EXPECT_EQ(s.mode, service_mode::normal);
    EXPECT_EQ(s.battery_pct, 100);

    // Running up with someone inside; mains lost, alarm pressed, inspection, battery low.
    s = g.update(levels({gpio_signal::door_closed, gpio_signal::presence, gpio_signal::alarm_button,
                         gpio_signal::direction_up, gpio_signal::inspection, gpio_signal::battery_low,
                         gpio_signal::safety_circuit, gpio_signal::door_lock}),
                 nullptr, 0, t0 + 100ms);
    EXPECT_TRUE(s.moving);  // no `moving` input: moving = a direction is set
    EXPECT_EQ(s.direction, travel_direction::up);
    EXPECT_DOUBLE_EQ(s.speed_mps, 1.5);
    EXPECT_FALSE(s.in_door_zone);
    EXPECT_TRUE(s.occupied);
    EXPECT_TRUE(s.alarm_button);
    EXPECT_FALSE(s.mains_ok);
    EXPECT_EQ(s.mode, service_mode::inspection);
    EXPECT_EQ(s.battery_pct, 0);
    // Both directions at once is a wiring fault: no direction, not moving.
    s = g.update(levels({gpio_signal::direction_up, gpio_signal::direction_down}), nullptr, 0, t0 + 200ms);
    EXPECT_EQ(s.direction, travel_direction::none);
    EXPECT_FALSE(s.moving);
}

TEST(gpio_sampler, door_between_the_limit_switches_is_opening_or_closing) {
    const auto cfg = config({{"gpio.door_closed", "c:0 debounce_ms=0"}, {"gpio.door_open", "c:1 debounce_ms=0"}});
    gpio_sampler g(cfg);
    auto t = t0;
    EXPECT_EQ(g.update(levels({gpio_signal::door_closed}), nullptr, 0, t).door, door_state::closed);
    EXPECT_EQ(g.update(levels({}), nullptr, 0, t += 100ms).door, door_state::opening);
    EXPECT_EQ(g.update(levels({gpio_signal::door_open}), nullptr, 0, t += 100ms).door, door_state::open);
    EXPECT_EQ(g.update(levels({}), nullptr, 0, t += 100ms).door, door_state::closing);
    EXPECT_EQ(g.update(levels({gpio_signal::door_closed}), nullptr, 0, t += 100ms).door, door_state::closed);
    // Only a closed switch: anything else is open.
    gpio_sampler one(config({{"gpio.door_closed", "c:0 debounce_ms=0"}}));
    EXPECT_EQ(one.update(levels({}), nullptr, 0, t0).door, door_state::open);
}

TEST(gpio_sampler, debounce_hides_a_short_glitch_of_the_safety_circuit) {
    gpio_sampler g(config({{"gpio.safety_circuit", "c:0 debounce_ms=300"}}));
    auto t = t0;
    EXPECT_TRUE(g.update(levels({gpio_signal::safety_circuit}), nullptr, 0, t).safety_circuit_ok);
    EXPECT_TRUE(g.update(levels({}), nullptr, 0, t += 100ms).safety_circuit_ok);  // 100 ms open: a glitch
    EXPECT_TRUE(g.update(levels({gpio_signal::safety_circuit}), nullptr, 0, t += 100ms).safety_circuit_ok);
    EXPECT_TRUE(g.update(levels({}), nullptr, 0, t += 100ms).safety_circuit_ok);
    EXPECT_TRUE(g.update(levels({}), nullptr, 0, t += 200ms).safety_circuit_ok);  // open 200 ms
    EXPECT_FALSE(g.update(levels({}), nullptr, 0, t += 100ms).safety_circuit_ok);  // open 300 ms: real
}

TEST(gpio_sampler, floor_from_pulses_in_the_travel_direction_and_the_reference_switch) {
    gpio_sampler g(config({{"gpio.floor_pulse", "c:0 debounce_ms=100"},
                           {"gpio.floor_reference", "c:1 debounce_ms=0"},
                           {"gpio.direction_up", "c:2 debounce_ms=0"},
                           {"gpio.direction_down", "c:3 debounce_ms=0"}}));
    auto t = t0;
    // No floor_initial: unknown until the reference switch is seen.
    EXPECT_FALSE(g.update(levels({}), nullptr, 0, t).floor.has_value());
    EXPECT_EQ(g.update(levels({gpio_signal::floor_reference}), nullptr, 0, t += 100ms).floor, 1);
    const std::vector<timestamp> two_floors{t + 1s, t + 1s + 30ms /* bounce */, t + 3s};
    t += 3s + 50ms;
    EXPECT_EQ(g.update(levels({gpio_signal::direction_up}), two_floors.data(), two_floors.size(), t).floor, 3);
    const std::vector<timestamp> one_floor{t + 1s};
    t += 1s + 50ms;
    EXPECT_EQ(g.update(levels({gpio_signal::direction_down}), one_floor.data(), one_floor.size(), t).floor, 2);
}

TEST(gpio_sampler, without_floor_inputs_the_floor_is_the_configured_one) {
    gpio_sampler fixed(config({{"gpio.door_closed", "c:0"}, {"gpio.floor_initial", "7"}}));
    EXPECT_EQ(fixed.update(levels({}), nullptr, 0, t0).floor, 7);
    gpio_sampler unset(config({{"gpio.door_closed", "c:0"}}));
    EXPECT_EQ(unset.update(levels({}), nullptr, 0, t0).floor, 1);
}

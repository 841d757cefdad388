#include "lw/domain/car.hpp"
#include "lw/domain/fault.hpp"
#include "lw/domain/rescue.hpp"
#include "lw/time.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <set>
#include <string>

namespace lw::domain {
namespace {

// Every value has a distinct, non-empty name that parses back to it; nothing else parses.
template <class E>
void expect_names_round_trip() {
    std::set<std::string_view> seen;
    for (const E e : all_values<E>()) {
        const auto name = to_string(e);
        ASSERT_FALSE(name.empty());
        ASSERT_NE(name, "invalid");
        EXPECT_TRUE(seen.insert(name).second) << "duplicate name " << name;
        EXPECT_EQ(parse<E>(name), e) << name;
        EXPECT_EQ(from_number<E>(static_cast<std::int64_t>(e)), e) << name;
    }
    EXPECT_EQ(parse<E>(""), std::nullopt);
    EXPECT_EQ(parse<E>("pigeon"), std::nullopt);
}

TEST(domain_names, every_enum_round_trips) {
    expect_names_round_trip<fault_code>();
    expect_names_round_trip<fault_family>();
    expect_names_round_trip<service_mode>();
    expect_names_round_trip<travel_direction>();
    expect_names_round_trip<door_state>();
    expect_names_round_trip<alarm_source>();
    expect_names_round_trip<response_level>();
    expect_names_round_trip<incident_phase>();
    expect_names_round_trip<cause_category>();
    expect_names_round_trip<crew_kind>();
    expect_names_round_trip<crew_status>();
    expect_names_round_trip<crew_report_kind>();
    expect_names_round_trip<party>();
    expect_names_round_trip<timeline_step>();
    expect_names_round_trip<assignment_status>();
    expect_names_round_trip<operator_action>();
}

TEST(domain_names, names_are_the_stored_words) {
    // These strings are in databases, scenario files and scripts: they must never change.
    EXPECT_EQ(to_string(fault_code::entrapment_between_floors), "entrapment_between_floors");
    EXPECT_EQ(to_string(fault_code::moving_with_door_open), "moving_with_door_open");
    EXPECT_EQ(to_string(door_state::not_fully_closed), "not_fully_closed");
    EXPECT_EQ(to_string(service_mode::out_of_service), "out_of_service");
    EXPECT_EQ(to_string(travel_direction::down), "down");
    EXPECT_EQ(to_string(response_level::l2), "L2");
    EXPECT_EQ(to_string(alarm_source::hotline_96333), "hotline_96333");
    EXPECT_EQ(to_string(timeline_step::stood_down), "stood_down");
    EXPECT_EQ(to_string(party::fire_119), "fire_119");
    EXPECT_EQ(to_string(incident_phase::on_site), "on_site");
    EXPECT_EQ(to_string(cause_category::door_system), "door_system");
    EXPECT_EQ(parse<response_level>("l2"), std::nullopt);  // exact spelling only
    EXPECT_EQ(parse<fault_code>("Overspeed"), std::nullopt);
}

TEST(domain_names, values_outside_the_table) {
    EXPECT_EQ(to_string(static_cast<door_state>(42)), "invalid");
    EXPECT_EQ(to_string(static_cast<fault_code>(999)), "invalid");
    EXPECT_EQ(from_number<fault_code>(25), std::nullopt);
    EXPECT_EQ(from_number<fault_code>(-1), std::nullopt);
    EXPECT_EQ(from_number<response_level>(0), std::nullopt);
    EXPECT_EQ(from_number<crew_report_kind>(0), std::nullopt);
}

TEST(fault_code, wire_numbers_are_stable) {
    EXPECT_EQ(static_cast<int>(fault_code::entrapment_at_floor), 7);
    EXPECT_EQ(static_cast<int>(fault_code::entrapment_between_floors), 8);
    EXPECT_EQ(static_cast<int>(fault_code::passenger_alarm), 21);
    EXPECT_EQ(static_cast<int>(fault_code::test_alarm), 23);
    EXPECT_EQ(static_cast<int>(fault_code::sensor_inconsistent), 24);
    for (std::int64_t n = 0; n <= 24; ++n) {
        const auto c = from_number<fault_code>(n);
        ASSERT_TRUE(c) << n;
        EXPECT_EQ(static_cast<std::int64_t>(*c), n);
    }
}

TEST(fault_code, families) {
    EXPECT_EQ(family_of(fault_code::entrapment_at_floor), fault_family::entrapment);
    EXPECT_EQ(family_of(fault_code::entrapment_between_floors), fault_family::entrapment);
    EXPECT_EQ(family_of(fault_code::overtravel_top), fault_family::travel);
    EXPECT_EQ(family_of(fault_code::door_lock_circuit_open), fault_family::door);
    EXPECT_EQ(family_of(fault_code::power_failure), fault_family::electrical);
    EXPECT_EQ(family_of(fault_code::floor_information_lost), fault_family::signal);
    EXPECT_EQ(family_of(fault_code::passenger_alarm), fault_family::alarm);
    EXPECT_EQ(family_of(fault_code::unknown), fault_family::none);
    EXPECT_EQ(family_of(static_cast<fault_code>(40)), fault_family::none);
    for (const auto c : all_values<fault_code>())
        if (c != fault_code::unknown) EXPECT_NE(family_of(c), fault_family::none) << to_string(c);
}

TEST(fault_code, entrapment_codes) {
    EXPECT_TRUE(is_entrapment(fault_code::entrapment_at_floor));
    EXPECT_TRUE(is_entrapment(fault_code::entrapment_between_floors));
    EXPECT_FALSE(is_entrapment(fault_code::passenger_alarm));
    EXPECT_FALSE(is_entrapment(fault_code::stopped_outside_door_zone));
}

TEST(fault_code, masks_labels_and_lists) {
    EXPECT_EQ(mask_of(fault_code::overtravel_top), fault_mask{1} << 1);
    EXPECT_EQ(mask_of(static_cast<fault_code>(63)), fault_mask{1} << 63);
    EXPECT_EQ(mask_of(static_cast<fault_code>(64)), 0U);  // outside the mask: never set
    EXPECT_EQ(fault_label(fault_code::battery_low), "battery_low");
    EXPECT_EQ(fault_label(static_cast<fault_code>(40)), "fault_40");  // a newer board's code
    EXPECT_EQ(fault_names(0), "");
    EXPECT_EQ(fault_names(mask_of(fault_code::overtravel_top) | mask_of(static_cast<fault_code>(40))),
              "overtravel_top, fault_40");
    EXPECT_EQ(fault_names(mask_of(fault_code::battery_low) | mask_of(fault_code::door_close_failure)),
              "door_close_failure, battery_low");
}

TEST(alarm_source, manual_sources) {
    EXPECT_TRUE(is_manual(alarm_source::hotline_96333));
    EXPECT_TRUE(is_manual(alarm_source::transfer_110));
    EXPECT_TRUE(is_manual(alarm_source::transfer_119));
    EXPECT_TRUE(is_manual(alarm_source::using_unit));
    EXPECT_FALSE(is_manual(alarm_source::iot_auto));
    EXPECT_FALSE(is_manual(alarm_source::passenger_button));
    EXPECT_FALSE(is_manual(alarm_source::node_silent));
}

TEST(domain_names, names_list_for_messages) {
    EXPECT_EQ(names_list<travel_direction>(), "none, up or down");
    EXPECT_EQ(names_list<response_level>(), "L1, L2 or L3");
}

// Old databases hold `notified` and `renotified` in their hash-chained timelines: the names still
// parse (the chain and the console read them), and they read as what they were.
TEST(timeline_step, old_notified_names_still_parse_and_read_as_not_delivered) {
    EXPECT_EQ(parse<timeline_step>("notified"), timeline_step::notified);
    EXPECT_EQ(parse<timeline_step>("renotified"), timeline_step::renotified);
    EXPECT_EQ(step_label("notified"), "requested - not delivered (no gateway; old record)");
    EXPECT_EQ(step_label("renotified"), "dispatch_resent (old record)");
    EXPECT_EQ(step_label("notify_requested"), "notification requested");
    EXPECT_EQ(step_label("notify_undelivered"), "not delivered");
    EXPECT_EQ(step_label("dispatched"), "dispatched");
    EXPECT_EQ(step_label("something new"), "something new");
}

// Issue 9 item 5: times are printed in logs and timelines from whatever a message carried;
// every int64 gives a defined text (no signed overflow, no failed gmtime_r printed as a date).
TEST(lw_time, format_utc_and_format_duration_are_defined_at_the_edges_of_int64) {
    constexpr auto max = std::numeric_limits<std::int64_t>::max(), min = std::numeric_limits<std::int64_t>::min();
    EXPECT_EQ(format_utc(from_ms(0)), "1970-01-01 00:00:00.000");
    EXPECT_EQ(format_utc(from_ms(-1)), "1969-12-31 23:59:59.999");
    EXPECT_EQ(format_utc(from_ms(253'402'300'799'999)), "9999-12-31 23:59:59.999");
    EXPECT_EQ(format_utc(from_ms(max)), "(time out of range: 9223372036854775807 ms)");
    EXPECT_EQ(format_utc(from_ms(min)), "(time out of range: -9223372036854775808 ms)");
    EXPECT_EQ(format_duration(duration{min}), "-2562047788015 h 12 min 55 s");
    EXPECT_EQ(format_duration(duration{max}), "2562047788015 h 12 min 55 s");
    EXPECT_EQ(format_duration(-90s), "-1 min 30 s");
}

}  // namespace
}  // namespace lw::domain

#include "lw/domain/fault.hpp"

#include <array>

namespace lw::domain {
namespace {

constexpr auto& fault_names_table = enum_table<fault_code>::entries;

// The family of code i, in wire order. Append here when appending to the enum.
constexpr std::array<fault_family, 25> families{{
    fault_family::none,        // unknown
    fault_family::travel,      // overtravel_top
    fault_family::travel,      // overtravel_bottom
    fault_family::travel,      // overspeed
    fault_family::door,        // door_open_while_running
    fault_family::travel,      // moving_with_door_open
    fault_family::travel,      // stopped_outside_door_zone
    fault_family::entrapment,  // entrapment_at_floor
    fault_family::entrapment,  // entrapment_between_floors
    fault_family::electrical,  // power_failure
    fault_family::electrical,  // safety_circuit_open
    fault_family::door,        // door_open_failure
    fault_family::door,        // door_close_failure
    fault_family::door,        // door_lock_circuit_open
    fault_family::signal,      // button_stuck
    fault_family::travel,      // abnormal_speed
    fault_family::travel,      // brake_fault
    fault_family::travel,      // run_time_limiter_tripped
    fault_family::signal,      // temperature_sensor_fault
    fault_family::signal,      // floor_information_lost
    fault_family::door,        // door_blocked_while_closing
    fault_family::alarm,       // passenger_alarm
    fault_family::electrical,  // battery_low
    fault_family::alarm,       // test_alarm
    fault_family::signal,      // sensor_inconsistent
}};

constexpr bool rows_in_wire_order() {
    for (std::size_t i = 0; i < fault_names_table.size(); ++i)
        if (static_cast<std::size_t>(fault_names_table[i].first) != i) return false;
    return true;
}
static_assert(rows_in_wire_order(), "enum_table<fault_code> row i must be code i");
static_assert(families.size() == fault_names_table.size(), "give the new fault_code its family");

}  // namespace

fault_family family_of(fault_code c) {
    const auto i = static_cast<std::size_t>(c);
    return i < families.size() ? families[i] : fault_family::none;
}

std::string fault_label(fault_code c) {
    if (const auto name = to_string(c); name != "invalid") return std::string{name};
    return "fault_" + std::to_string(static_cast<unsigned>(c));
}

std::string fault_names(fault_mask mask) {
    std::string out;
    for (std::uint16_t n = 0; n <= max_fault_code_in_mask; ++n) {
        if ((mask & (fault_mask{1} << n)) == 0) continue;
        if (!out.empty()) out += ", ";
        out += fault_label(static_cast<fault_code>(n));
    }
    return out;
}

}  // namespace lw::domain

#include "lw/agent/fault_code.hpp"

#include <array>
#include <utility>

namespace lw::agent {

namespace {

// Every code with its name, identical to the enumerator name. Append here when appending to the
// enum; the fault_code tests walk this range and fail on a missing entry.
constexpr std::array<std::pair<fault_code, std::string_view>, 25> names{{
    {fault_code::unknown, "unknown"},
    {fault_code::overtravel_top, "overtravel_top"},
    {fault_code::overtravel_bottom, "overtravel_bottom"},
    {fault_code::overspeed, "overspeed"},
    {fault_code::door_open_while_running, "door_open_while_running"},
    {fault_code::moving_with_door_open, "moving_with_door_open"},
    {fault_code::stopped_outside_door_zone, "stopped_outside_door_zone"},
    {fault_code::entrapment_at_floor, "entrapment_at_floor"},
    {fault_code::entrapment_between_floors, "entrapment_between_floors"},
    {fault_code::power_failure, "power_failure"},
    {fault_code::safety_circuit_open, "safety_circuit_open"},
    {fault_code::door_open_failure, "door_open_failure"},
    {fault_code::door_close_failure, "door_close_failure"},
    {fault_code::door_lock_circuit_open, "door_lock_circuit_open"},
    {fault_code::button_stuck, "button_stuck"},
    {fault_code::abnormal_speed, "abnormal_speed"},
    {fault_code::brake_fault, "brake_fault"},
    {fault_code::run_time_limiter_tripped, "run_time_limiter_tripped"},
    {fault_code::temperature_sensor_fault, "temperature_sensor_fault"},
    {fault_code::floor_information_lost, "floor_information_lost"},
    {fault_code::door_blocked_while_closing, "door_blocked_while_closing"},
    {fault_code::passenger_alarm, "passenger_alarm"},
    {fault_code::battery_low, "battery_low"},
    {fault_code::test_alarm, "test_alarm"},
    {fault_code::sensor_inconsistent, "sensor_inconsistent"},
}};

static_assert(names.back().first == fault_code::sensor_inconsistent,
              "append the new fault_code to the names table");

}  // namespace

// A value outside the table (a wire number from a newer peer) reads "invalid", never "unknown":
// "unknown" is a real code (0) and must round-trip.
std::string_view to_string(fault_code c) {
    const auto i = static_cast<std::size_t>(c);
    return i < names.size() && names[i].first == c ? names[i].second : std::string_view{"invalid"};
}

std::optional<fault_code> fault_code_from_string(std::string_view s) {
    for (const auto& [code, name] : names)
        if (name == s) return code;
    return std::nullopt;
}

}  // namespace lw::agent

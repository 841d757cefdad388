#pragma once
// Fault and event codes (DESIGN §1: the list a Shanghai IoT vendor pushes to city platforms,
// grouped in GB/T 24476 families). One enum for the board, the center, the simulator and the
// store. The numbering is the wire value of liftwatch.v1.FaultCode: never renumber, only
// append (and add the code's row to the table in fault.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lw/domain/names.hpp"

namespace lw::domain {

enum class fault_code : std::uint16_t {
    unknown = 0,
    overtravel_top = 1,              // 冲顶
    overtravel_bottom = 2,           // 蹲底
    overspeed = 3,
    door_open_while_running = 4,
    moving_with_door_open = 5,       // UCM, unintended car movement
    stopped_outside_door_zone = 6,
    entrapment_at_floor = 7,
    entrapment_between_floors = 8,
    power_failure = 9,
    safety_circuit_open = 10,
    door_open_failure = 11,
    door_close_failure = 12,
    door_lock_circuit_open = 13,
    button_stuck = 14,
    abnormal_speed = 15,
    brake_fault = 16,
    run_time_limiter_tripped = 17,
    temperature_sensor_fault = 18,
    floor_information_lost = 19,
    door_blocked_while_closing = 20,
    passenger_alarm = 21,
    battery_low = 22,
    test_alarm = 23,                 // EN 81-28 periodic test alarm (an event, never "active")
    sensor_inconsistent = 24,        // a sensor that keeps contradicting itself; masked after report
};

template <>
struct enum_table<fault_code> {
    static constexpr std::array<std::pair<fault_code, std::string_view>, 25> entries{{
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
};

// The GB/T 24476 family a code belongs to (how the console and the statistics group faults).
enum class fault_family : std::uint8_t {
    none,         // unknown
    entrapment,   // 困人: people trapped in the car
    travel,       // 运行: overtravel, speed, unintended movement, brake, run-time limiter
    door,         // 门系统: door and door-lock faults
    electrical,   // 电气 / 安全回路: power, battery, safety circuit
    signal,       // 信号 / 传感器: sensors, floor information, stuck buttons
    alarm,        // 报警: passenger alarm button, EN 81-28 test alarm
};

template <>
struct enum_table<fault_family> {
    static constexpr std::array<std::pair<fault_family, std::string_view>, 7> entries{{
        {fault_family::none, "none"},
        {fault_family::entrapment, "entrapment"},
        {fault_family::travel, "travel"},
        {fault_family::door, "door"},
        {fault_family::electrical, "electrical"},
        {fault_family::signal, "signal"},
        {fault_family::alarm, "alarm"},
    }};
};

// Codes as a bit mask (bit n = code n) for the center's live state: codes up to 63 fit.
inline constexpr std::uint16_t max_fault_code_in_mask = 63;
using fault_mask = std::uint64_t;

// to_string(c), parse<fault_code>(name) and from_number<fault_code>(n) come from names.hpp; a
// number no row has (a newer board's code) reads "invalid" ("unknown" is a real code, 0).
fault_family family_of(fault_code c);

constexpr bool is_entrapment(fault_code c) {
    return c == fault_code::entrapment_at_floor || c == fault_code::entrapment_between_floors;
}
constexpr fault_mask mask_of(fault_code c) {
    const auto n = static_cast<std::uint16_t>(c);
    return n <= max_fault_code_in_mask ? fault_mask{1} << n : 0;
}
// The code's name, or "fault_<n>" for a number this build has no name for (a newer board).
std::string fault_label(fault_code c);
// "door_close_failure, battery_low": the codes in `mask`, lowest first; bits this build has no
// name for read "fault_<n>".
std::string fault_names(fault_mask mask);

}  // namespace lw::domain

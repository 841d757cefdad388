#pragma once
// Fault and event codes (DESIGN §1, GB/T 24476 families). The numbering is the wire value of
// liftwatch.v1.FaultCode: never renumber, only append.
#include <cstdint>
#include <optional>
#include <string_view>

namespace lw::agent {

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

std::string_view to_string(fault_code c);
std::optional<fault_code> fault_code_from_string(std::string_view s);

// Entrapment codes are the ones the center turns into a rescue.
constexpr bool is_entrapment(fault_code c) {
    return c == fault_code::entrapment_at_floor || c == fault_code::entrapment_between_floors;
}

}  // namespace lw::agent

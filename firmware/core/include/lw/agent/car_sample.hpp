#pragma once
// One reading of an elevator's signals, as the HAL delivers it (GB/T 24476-style fields,
// DESIGN §1). Plain data: no I/O, no protobuf. The link adapter converts it to the wire status.
#include <cstdint>
#include <optional>
#include <string_view>

#include "lw/domain/car.hpp"
#include "lw/time.hpp"

namespace lw::agent {

using domain::door_state;
using domain::service_mode;
using domain::travel_direction;

struct car_sample {
    timestamp at{};                         // when the HAL read it
    service_mode mode = service_mode::normal;
    travel_direction direction = travel_direction::none;
    bool moving = false;
    double speed_mps = 0;                   // metres per second, >= 0
    std::optional<int> floor;               // nullopt when the floor information is lost
    bool in_door_zone = true;
    door_state door = door_state::closed;
    bool occupied = false;                  // someone inside (presence / load sensor)
    bool alarm_button = false;              // passenger alarm button currently pressed
    bool mains_ok = true;
    int battery_pct = 100;                  // backup battery, 0..100 %
    bool safety_circuit_ok = true;
    bool door_lock_ok = true;               // door-lock circuit closed
    bool overload = false;
    double temperature_c = 25;              // machine-room / motor temperature, degrees Celsius
    bool brake_ok = true;
    bool run_time_limiter_tripped = false;
    bool temperature_sensor_ok = true;
    std::int32_t button_stuck_mask = 0;     // bit i set: landing/car button i stuck (as reported)
};

}  // namespace lw::agent

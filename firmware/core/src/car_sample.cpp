#include "lw/agent/car_sample.hpp"

namespace lw::agent {

// Names are the enumerator names (snake_case): they appear in logs, details and the simulator's
// scripts, so they must stay stable. An out-of-range value (a bad cast at an edge) reads "invalid".

std::string_view to_string(service_mode m) {
    switch (m) {
        case service_mode::normal: return "normal";
        case service_mode::inspection: return "inspection";
        case service_mode::fire_return: return "fire_return";
        case service_mode::firefighter: return "firefighter";
        case service_mode::emergency_power: return "emergency_power";
        case service_mode::earthquake: return "earthquake";
        case service_mode::out_of_service: return "out_of_service";
    }
    return "invalid";
}

std::string_view to_string(travel_direction d) {
    switch (d) {
        case travel_direction::none: return "none";
        case travel_direction::up: return "up";
        case travel_direction::down: return "down";
    }
    return "invalid";
}

std::string_view to_string(door_state d) {
    switch (d) {
        case door_state::closed: return "closed";
        case door_state::opening: return "opening";
        case door_state::open: return "open";
        case door_state::closing: return "closing";
        case door_state::locked: return "locked";
        case door_state::not_fully_closed: return "not_fully_closed";
    }
    return "invalid";
}

}  // namespace lw::agent

#pragma once
// The car's state words (DESIGN §1, GB/T 24476-style status): what a node reports and the center
// keeps. Numbering is the wire value of the liftwatch.v1 enum of the same name.
#include <cstdint>

#include "lw/domain/names.hpp"

namespace lw::domain {

enum class service_mode : std::uint8_t {
    normal,
    inspection,
    fire_return,
    firefighter,
    emergency_power,
    earthquake,
    out_of_service,
};

enum class travel_direction : std::uint8_t { none, up, down };

enum class door_state : std::uint8_t { closed, opening, open, closing, locked, not_fully_closed };

template <>
struct enum_table<service_mode> {
    static constexpr std::array<std::pair<service_mode, std::string_view>, 7> entries{{
        {service_mode::normal, "normal"},
        {service_mode::inspection, "inspection"},
        {service_mode::fire_return, "fire_return"},
        {service_mode::firefighter, "firefighter"},
        {service_mode::emergency_power, "emergency_power"},
        {service_mode::earthquake, "earthquake"},
        {service_mode::out_of_service, "out_of_service"},
    }};
};

template <>
struct enum_table<travel_direction> {
    static constexpr std::array<std::pair<travel_direction, std::string_view>, 3> entries{{
        {travel_direction::none, "none"},
        {travel_direction::up, "up"},
        {travel_direction::down, "down"},
    }};
};

template <>
struct enum_table<door_state> {
    static constexpr std::array<std::pair<door_state, std::string_view>, 6> entries{{
        {door_state::closed, "closed"},
        {door_state::opening, "opening"},
        {door_state::open, "open"},
        {door_state::closing, "closing"},
        {door_state::locked, "locked"},
        {door_state::not_fully_closed, "not_fully_closed"},
    }};
};

}  // namespace lw::domain

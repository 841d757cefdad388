#pragma once
// A virtual Tianshui, generated from a seed: Qinzhou (秦州区, around 34.58 N 105.72 E) and Maiji
// (麦积区, around 34.57 N 105.90 E), buildings with elevators of several types, using units,
// maintenance companies each with a zone, their crews, emergency workstations next to named crowd
// places (schools, kindergartens, stations, malls, parks, hospitals), the expert team and a 119
// station. Pure and deterministic: the same options give the same city.
#include <cstdint>

#include <string>
#include <vector>

#include "lw/center/registry.hpp"
#include "lw/sim/scenario.hpp"

namespace lw::sim {

struct city_options {
    std::uint64_t seed = 1;
    int elevators = 2000;                 // demo default
    int companies = 6;                    // maintenance companies (at least 2)
    int crews_per_company = 4;
    int elevators_per_building = 4;       // average; 1..2x this
    double machine_room_less_share = 0.2; // DESIGN: MRL elevators are what L1 crews cannot always handle
    double rural_share = 0.1;             // elevators outside the urban area (1 h limit)
};

center::city generate_city(const city_options& o);

// The scenario's city: its seed, size, companies and crews per company.
city_options city_options_from(const scenario& sc);

// Applies the scenario's elevator overrides (type, machine-room-less). Returns an error naming
// the scenario line of an unknown elevator, or "" (then every override was applied).
std::string apply_overrides(center::city& c, const std::vector<elevator_override>& overrides);

// Every elevator and crew the scenario names, checked against the city it is played on: the
// elevators of its actions (at ...), expectations (expect ...) and overrides (elevator ...), the
// crews of its crew lines (a pattern such as mc01-* must match one crew at least). Returns the
// first problem as "line N: no elevator 'X' in the city", or "" when everything is there.
std::string check_against_city(const scenario& sc, const center::city& c);
// "mc01-c02" names one crew; "mc01-*" every crew whose id starts with "mc01-".
bool crew_matches(const std::string& pattern, const std::string& crew_id);

}  // namespace lw::sim

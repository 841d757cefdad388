#pragma once
// The registry records the center's tests share: one company, one using unit and elevator E1 of
// both, in region "testcity". A test takes them and changes or adds what it is about, so the
// values it relies on stand in the test itself.
#include <string_view>

#include "lw/center/registry.hpp"
#include "lw/geo.hpp"

namespace lw::test {

inline constexpr std::string_view sample_region = "testcity";

// North Lifts: id "north", phone 0938-1, zone Qinzhou, no star rating.
lw::center::company_record north_lifts();
// Tower One: id "uu1", in charge Ms Li, phone 138.
lw::center::using_unit_record tower_one();
// E1: rescue code 123456, region testcity, 1 Test Road, Qinzhou, at (34.58, 105.72), using unit
// uu1, maintained by north, traction_machine_room, 10 floors, urban; no grid, year or due dates.
lw::center::elevator_record elevator_e1();
// Region testcity with north_lifts(), tower_one() and elevator_e1(); no crews, no workstations.
lw::center::city sample_city();

// `p` moved `north_m` metres north and `east_m` metres east (a sphere of the mean Earth radius:
// what great_circle_m measures; good to a metre within a city).
lw::geo_point offset(lw::geo_point p, double north_m, double east_m);

}  // namespace lw::test

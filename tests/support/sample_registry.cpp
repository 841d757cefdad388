#include "lw/test/sample_registry.hpp"

#include <cmath>
#include <numbers>

namespace lw::test {

lw::center::company_record north_lifts() { return {"north", "North Lifts", "0938-1", {"Qinzhou"}, 0}; }

lw::center::using_unit_record tower_one() { return {"uu1", "Tower One", "Ms Li", "138"}; }

lw::center::elevator_record elevator_e1() {
    lw::center::elevator_record e;
    e.id = "E1";
    e.rescue_code = "123456";
    e.region = std::string(sample_region);
    e.address = "1 Test Road";
    e.district = "Qinzhou";
    e.position = {34.58, 105.72};
    e.using_unit_id = "uu1";
    e.company_id = "north";
    e.type = "traction_machine_room";
    e.floors = 10;
    e.urban = true;
    return e;
}

lw::center::city sample_city() {
    lw::center::city c;
    c.region = std::string(sample_region);
    c.companies = {north_lifts()};
    c.using_units = {tower_one()};
    c.elevators = {elevator_e1()};
    return c;
}

lw::geo_point offset(lw::geo_point p, double north_m, double east_m) {
    constexpr double m_per_deg = 111'195.08;   // 6,371,008.8 m x pi / 180
    return {p.lat_deg + north_m / m_per_deg,
            p.lon_deg + east_m / (m_per_deg * std::cos(p.lat_deg * std::numbers::pi / 180))};
}

}  // namespace lw::test

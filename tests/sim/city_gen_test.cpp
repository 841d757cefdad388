#include "lw/sim/city_gen.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "lw/center/city_json.hpp"
#include "lw/geo.hpp"

namespace lw::sim {
namespace {

city_options small(std::uint64_t seed) {
    city_options o;
    o.seed = seed;
    o.elevators = 400;
    return o;
}

TEST(city_gen, same_seed_gives_the_same_city) {
    EXPECT_EQ(center::to_json(generate_city(small(11))), center::to_json(generate_city(small(11))));
    EXPECT_NE(center::to_json(generate_city(small(11))), center::to_json(generate_city(small(12))));
}

TEST(city_gen, makes_the_requested_size_with_unique_ids) {
    const auto c = generate_city(small(3));
    ASSERT_EQ(c.elevators.size(), 400u);
    std::set<std::string> ids, codes, crews, units;
    for (const auto& e : c.elevators) {
        EXPECT_TRUE(ids.insert(e.id).second) << e.id;
        codes.insert(e.rescue_code);
    }
    for (const auto& cr : c.crews) EXPECT_TRUE(crews.insert(cr.id).second) << cr.id;
    for (const auto& u : c.using_units) EXPECT_TRUE(units.insert(u.id).second) << u.id;
    for (const auto& e : c.elevators) EXPECT_TRUE(units.count(e.using_unit_id)) << e.id;
}

TEST(city_gen, both_districts_with_every_elevator_in_its_company_zone) {
    const auto c = generate_city(small(5));
    std::map<std::string, std::vector<std::string>> zones;
    for (const auto& co : c.companies) zones[co.id] = co.zones;
    std::map<std::string, int> per_district;
    for (const auto& e : c.elevators) {
        ++per_district[e.district];
        ASSERT_TRUE(zones.count(e.company_id)) << e.id;
        const auto& z = zones[e.company_id];
        EXPECT_NE(std::find(z.begin(), z.end(), e.district), z.end()) << e.id << " in " << e.district;
        EXPECT_EQ(e.id.substr(0, 6), e.district == "Qinzhou" ? "TS-QZ-" : "TS-MJ-") << e.id;
    }
    EXPECT_GT(per_district["Qinzhou"], 100);
    EXPECT_GT(per_district["Maiji"], 100);
    EXPECT_EQ(c.elevators.front().district, "Qinzhou");   // ids read naturally: TS-QZ-00001
}

TEST(city_gen, several_elevator_types_including_machine_room_less) {
    const auto c = generate_city(small(8));
    std::set<std::string> types;
    int mrl = 0;
    for (const auto& e : c.elevators) {
        types.insert(e.type);
        if (e.machine_room_less) {
            ++mrl;
            EXPECT_EQ(e.type, "machine_room_less");
        }
    }
    EXPECT_GE(types.size(), 3u);
    EXPECT_GT(mrl, 40);   // about 20 % of 400
}

TEST(city_gen, crews_workstations_experts_and_fire) {
    city_options o = small(9);
    o.companies = 4;
    o.crews_per_company = 3;
    const auto c = generate_city(o);
    ASSERT_EQ(c.companies.size(), 4u);
    std::map<std::string, int> kinds, per_company;
    for (const auto& cr : c.crews) {
        ++kinds[cr.kind];
        if (cr.kind == "maintenance") ++per_company[cr.company_id];
    }
    EXPECT_EQ(kinds["maintenance"], 12);
    for (const auto& co : c.companies) EXPECT_EQ(per_company[co.id], 3) << co.id;
    EXPECT_EQ(kinds["rescue_team"], static_cast<int>(c.workstations.size()));
    EXPECT_EQ(kinds["expert"], 1);
    EXPECT_GE(kinds["fire"], 1);
}

TEST(city_gen, workstations_stand_near_named_crowd_places_in_both_districts) {
    const auto c = generate_city(small(1));
    std::set<std::string> kinds_seen, districts;
    for (const auto& w : c.workstations) {
        districts.insert(w.district);
        const auto open = w.near.rfind('('), close = w.near.rfind(')');
        ASSERT_NE(open, std::string::npos) << w.near;
        EXPECT_GT(open, 3u) << "the place has a name: " << w.near;
        kinds_seen.insert(w.near.substr(open + 1, close - open - 1));
        // The workstation's rescue team is based at it.
        bool team = false;
        for (const auto& cr : c.crews)
            if (cr.workstation_id == w.id && great_circle_m(cr.position, w.position) < 50) team = true;
        EXPECT_TRUE(team) << w.id;
    }
    for (const char* k : {"school", "kindergarten", "station", "mall", "park", "hospital"})
        EXPECT_TRUE(kinds_seen.count(k)) << k;
    EXPECT_EQ(districts, (std::set<std::string>{"Qinzhou", "Maiji"}));
}

TEST(city_gen, demo_default_is_about_two_thousand_elevators) {
    EXPECT_EQ(city_options{}.elevators, 2000);
    EXPECT_EQ(generate_city(city_options{}).elevators.size(), 2000u);
}

TEST(city_gen, overrides_make_an_elevator_machine_room_less) {
    auto c = generate_city(small(2));
    const auto id = c.elevators[5].id;
    c.elevators[5].machine_room_less = false;
    c.elevators[5].type = "hydraulic";
    EXPECT_EQ(apply_overrides(c, {{id, true, "", 4}}), "");
    EXPECT_TRUE(c.elevators[5].machine_room_less);
    EXPECT_EQ(c.elevators[5].type, "machine_room_less");
    EXPECT_EQ(apply_overrides(c, {{"TS-QZ-99999", true, "", 7}}),
              "scenario line 7: no elevator 'TS-QZ-99999' in the city");
}

TEST(city_gen, scenario_sets_the_city_options) {
    scenario sc;
    ASSERT_EQ(parse_scenario("seed 4\nelevators 30\ncompanies 3\ncrews_per_company 2\n", sc), "");
    const auto o = city_options_from(sc);
    EXPECT_EQ(o.seed, 4u);
    EXPECT_EQ(o.elevators, 30);
    EXPECT_EQ(o.companies, 3);
    EXPECT_EQ(o.crews_per_company, 2);
}

}  // namespace
}  // namespace lw::sim

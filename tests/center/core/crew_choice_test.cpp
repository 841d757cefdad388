#include "lw/center/crew_choice.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "lw/test/sample_registry.hpp"

namespace lw::center {
namespace {

using namespace std::chrono_literals;

// Tianshui, Qinzhou district.
constexpr geo_point city{34.58, 105.72};

crew make_crew(std::string id, std::string company, crew_kind kind, geo_point p,
               crew_status s = crew_status::available) {
    return crew{std::move(id), std::move(company), kind, p, s};
}

using lw::test::offset;

TEST(straight_line_estimator, one_degree_of_latitude_at_60_kmh_with_no_detour) {
    const straight_line_estimator est{{.road_factor = 1.0, .speed_kmh = 60}};
    // 1 degree of latitude on the mean sphere is 111.195 km: 1.85325 h = 6671.7 s at 60 km/h.
    const auto t = est.travel_time({34.0, 105.0}, {35.0, 105.0});
    EXPECT_NEAR(std::chrono::duration<double>(t).count(), 6671.7, 1.0);
}

TEST(straight_line_estimator, default_applies_road_factor_and_urban_speed) {
    const straight_line_estimator est;   // x1.4 road factor, 30 km/h
    const auto t = est.travel_time({34.0, 105.0}, {35.0, 105.0});
    // 111.195 km x 1.4 = 155.673 km at 30 km/h = 5.1891 h = 18680.8 s.
    EXPECT_NEAR(std::chrono::duration<double>(t).count(), 18680.8, 1.0);
    EXPECT_EQ(est.travel_time(city, city), 0ms);
}

TEST(straight_line_estimator, max_reach_bounds_travel_time) {
    const straight_line_estimator est;
    const geo_point to = offset(city, 3000, 0);
    const auto t = est.travel_time(city, to);
    EXPECT_GE(est.max_reach_m(t), great_circle_m(city, to));
    EXPECT_LT(est.max_reach_m(t - 10ms), great_circle_m(city, to));
}

TEST(crew_roster, nearest_of_the_elevators_own_company_wins_over_a_nearer_crew_of_another) {
    const straight_line_estimator est;
    crew_roster roster{est};
    roster.upsert(make_crew("other-1", "mc-b", crew_kind::maintenance, offset(city, 200, 0)));
    roster.upsert(make_crew("own-far", "mc-a", crew_kind::maintenance, offset(city, 0, 5000)));
    roster.upsert(make_crew("own-near", "mc-a", crew_kind::maintenance, offset(city, 2000, 0)));

    const auto own = roster.nearest(city, crew_kind::maintenance, "mc-a");
    ASSERT_TRUE(own);
    EXPECT_EQ(own->crew_id, "own-near");
    EXPECT_EQ(own->eta, est.travel_time(city, roster.find("own-near")->position));

    const auto any = roster.nearest(city, crew_kind::maintenance);
    ASSERT_TRUE(any);
    EXPECT_EQ(any->crew_id, "other-1");
}

TEST(crew_roster, busy_dispatched_and_off_duty_crews_are_skipped) {
    const straight_line_estimator est;
    crew_roster roster{est};
    roster.upsert(make_crew("a", "mc-a", crew_kind::maintenance, offset(city, 100, 0)));
    roster.upsert(make_crew("b", "mc-a", crew_kind::maintenance, offset(city, 400, 0)));
    roster.upsert(make_crew("c", "mc-a", crew_kind::maintenance, offset(city, 900, 0)));
    roster.upsert(make_crew("d", "mc-a", crew_kind::maintenance, offset(city, 1500, 0)));

    ASSERT_TRUE(roster.set_status("a", crew_status::busy));
    EXPECT_EQ(roster.nearest(city, crew_kind::maintenance, "mc-a")->crew_id, "b");
    ASSERT_TRUE(roster.set_status("b", crew_status::dispatched));
    EXPECT_EQ(roster.nearest(city, crew_kind::maintenance, "mc-a")->crew_id, "c");
    ASSERT_TRUE(roster.set_status("c", crew_status::off_duty));
    EXPECT_EQ(roster.nearest(city, crew_kind::maintenance, "mc-a")->crew_id, "d");
    ASSERT_TRUE(roster.set_status("a", crew_status::available));
    EXPECT_EQ(roster.nearest(city, crew_kind::maintenance, "mc-a")->crew_id, "a");
    EXPECT_EQ(roster.find("b")->status, crew_status::dispatched);
    EXPECT_FALSE(roster.set_status("nobody", crew_status::busy));
    EXPECT_FALSE(roster.set_position("nobody", city));
}

TEST(crew_roster, excluded_ids_and_other_kinds_are_skipped) {
    const straight_line_estimator est;
    crew_roster roster{est};
    roster.upsert(make_crew("team-1", "ws-1", crew_kind::rescue_team, offset(city, 100, 100)));
    roster.upsert(make_crew("team-2", "ws-2", crew_kind::rescue_team, offset(city, 3000, 0)));
    roster.upsert(make_crew("fire-1", "119", crew_kind::fire, city));

    EXPECT_EQ(roster.nearest(city, crew_kind::rescue_team)->crew_id, "team-1");
    EXPECT_EQ(roster.nearest(city, crew_kind::rescue_team, {}, {"team-1"})->crew_id, "team-2");
    EXPECT_FALSE(roster.nearest(city, crew_kind::rescue_team, {}, {"team-1", "team-2"}));
    EXPECT_FALSE(roster.nearest(city, crew_kind::expert));
    EXPECT_FALSE(roster.nearest(city, crew_kind::maintenance, "no-such-company"));
    EXPECT_EQ(roster.nearest(city, crew_kind::fire)->crew_id, "fire-1");
    EXPECT_EQ(roster.nearest(city, crew_kind::fire)->eta, 0ms);
}

TEST(crew_roster, upsert_replaces_and_set_position_moves_a_crew) {
    const straight_line_estimator est;
    crew_roster roster{est};
    roster.upsert(make_crew("a", "mc-a", crew_kind::maintenance, offset(city, 500, 0)));
    roster.upsert(make_crew("b", "mc-a", crew_kind::maintenance, offset(city, 1000, 0)));
    EXPECT_EQ(roster.nearest(city, crew_kind::maintenance, "mc-a")->crew_id, "a");

    ASSERT_TRUE(roster.set_position("a", offset(city, 20'000, 0)));
    EXPECT_EQ(roster.nearest(city, crew_kind::maintenance, "mc-a")->crew_id, "b");

    roster.upsert(make_crew("b", "mc-z", crew_kind::rescue_team, offset(city, 1000, 0)));   // changed company/kind
    EXPECT_EQ(roster.size(), 2u);
    EXPECT_EQ(roster.nearest(city, crew_kind::maintenance, "mc-a")->crew_id, "a");
    EXPECT_EQ(roster.nearest(city, crew_kind::rescue_team, "mc-z")->crew_id, "b");
    EXPECT_FALSE(roster.nearest(city, crew_kind::rescue_team, "mc-a"));
    EXPECT_EQ(roster.all().size(), 2u);
}

TEST(crew_roster, finds_crews_far_away_and_across_the_antimeridian) {
    const straight_line_estimator est;
    crew_roster roster{est};
    roster.upsert(make_crew("lanzhou", "mc-a", crew_kind::maintenance, {36.06, 103.83}));   // ~270 km
    auto c = roster.nearest(city, crew_kind::maintenance, "mc-a");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->crew_id, "lanzhou");

    roster.upsert(make_crew("fiji-west", "mc-f", crew_kind::maintenance, {-17.8, 179.99}));
    roster.upsert(make_crew("fiji-far", "mc-f", crew_kind::maintenance, {-17.8, 178.0}));
    c = roster.nearest({-17.8, -179.99}, crew_kind::maintenance, "mc-f");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->crew_id, "fiji-west");

    roster.upsert(make_crew("pole", "mc-p", crew_kind::maintenance, {89.99, 10.0}));
    roster.upsert(make_crew("pole-far", "mc-p", crew_kind::maintenance, {88.0, 10.0}));
    c = roster.nearest({89.99, -170.0}, crew_kind::maintenance, "mc-p");   // 2.2 km away via the pole
    ASSERT_TRUE(c);
    EXPECT_EQ(c->crew_id, "pole");
}

// Travel time that is not a function of distance alone (slower heading north), with the default
// max_reach_m (no pruning): nearest() must still agree with a scan.
class northbound_slow_estimator final : public travel_estimator {
public:
    duration travel_time(geo_point from, geo_point to) const override {
        const double factor = to.lat_deg > from.lat_deg ? 3.0 : 1.0;
        return duration{std::llround(great_circle_m(from, to) * factor)};
    }
};

std::optional<crew_choice> brute_force(const crew_roster& roster, geo_point at, crew_kind kind,
                                       const std::string& company, const std::vector<std::string>& exclude) {
    std::optional<crew_choice> best;
    for (const auto& c : roster.all()) {
        if (c.kind != kind || c.status != crew_status::available) continue;
        if (!company.empty() && c.company_id != company) continue;
        if (std::find(exclude.begin(), exclude.end(), c.id) != exclude.end()) continue;
        const auto eta = roster.estimator().travel_time(at, c.position);
        if (!best || eta < best->eta || (eta == best->eta && c.id < best->crew_id)) best = crew_choice{c.id, eta};
    }
    return best;
}

void compare_with_brute_force(const travel_estimator& est, unsigned seed, int queries) {
    constexpr int crews = 10'000, companies = 20;
    constexpr double spread_deg = 0.3;   // a city about 65 km across
    std::mt19937 rng{seed};
    std::uniform_real_distribution<double> around(-spread_deg, spread_deg);
    std::uniform_int_distribution<int> kind_of(0, 3), company_of(0, companies - 1), percent(0, 99);

    crew_roster roster{est};
    auto random_point = [&] { return geo_point{city.lat_deg + around(rng), city.lon_deg + around(rng)}; };
    for (int i = 0; i < crews; ++i) {
        const auto status = percent(rng) < 15 ? crew_status::busy : crew_status::available;
        roster.upsert(make_crew("crew-" + std::to_string(i), "co-" + std::to_string(company_of(rng)),
                                static_cast<crew_kind>(kind_of(rng)), random_point(), status));
    }
    // A few crews far outside the city.
    roster.upsert(make_crew("far-1", "co-far", crew_kind::maintenance, {30.0, 100.0}));
    roster.upsert(make_crew("far-2", "co-far", crew_kind::maintenance, {45.0, 125.0}));

    int found = 0;
    for (int q = 0; q < queries; ++q) {
        // Shake the roster as the live system does.
        for (int m = 0; m < 5; ++m) {
            const auto id = "crew-" + std::to_string(std::uniform_int_distribution<int>(0, crews - 1)(rng));
            if (percent(rng) < 50)
                roster.set_position(id, random_point());
            else
                roster.set_status(id, percent(rng) < 50 ? crew_status::available : crew_status::busy);
        }
        geo_point at = random_point();
        if (percent(rng) < 5) at = {city.lat_deg + 3 * around(rng) * 10, city.lon_deg + 3 * around(rng) * 10};
        const auto kind = static_cast<crew_kind>(kind_of(rng));
        std::string company;
        const int pick = percent(rng);
        if (pick < 50) company = "co-" + std::to_string(company_of(rng));
        else if (pick < 53) company = "co-far";
        std::vector<std::string> exclude;
        if (const auto first = brute_force(roster, at, kind, company, {}); first && percent(rng) < 30)
            exclude.push_back(first->crew_id);

        const auto expected = brute_force(roster, at, kind, company, exclude);
        const auto got = roster.nearest(at, kind, company, exclude);
        ASSERT_EQ(expected.has_value(), got.has_value()) << "query " << q;
        if (!expected) continue;
        ++found;
        EXPECT_EQ(got->crew_id, expected->crew_id) << "query " << q;
        EXPECT_EQ(got->eta, expected->eta) << "query " << q;
    }
    EXPECT_GT(found, queries / 2);
}

TEST(crew_roster, grid_agrees_with_brute_force_on_random_crews) {
    const straight_line_estimator est;
    compare_with_brute_force(est, 20261123, 1500);
}

TEST(crew_roster, grid_agrees_with_brute_force_for_an_estimator_without_reach) {
    const northbound_slow_estimator est;
    compare_with_brute_force(est, 7, 200);
}

}  // namespace
}  // namespace lw::center

#include "lw/agent/thresholds.hpp"

#include <gtest/gtest.h>

namespace lw::agent {
namespace {

using namespace std::chrono_literals;

TEST(thresholds, good_values_take_effect_in_the_detector_config) {
    detector_config c;
    const std::map<std::string, std::string> changes{
        {"entrapment_between_floors_s", "5"}, {"battery_low_pct", "25"}, {"rated_speed_mps", "2.5"}};
    EXPECT_EQ(apply_thresholds(c, changes), "");
    EXPECT_EQ(c.entrapment_between_floors_after, 5s);
    EXPECT_EQ(c.battery_low_pct, 25);
    EXPECT_DOUBLE_EQ(c.rated_speed_mps, 2.5);
    EXPECT_EQ(describe_thresholds(c, changes), "battery_low_pct=25, entrapment_between_floors_s=5, rated_speed_mps=2.5");
}

TEST(thresholds, an_unknown_name_is_refused_with_the_known_names_and_nothing_changes) {
    detector_config c;
    const auto before = c.entrapment_between_floors_after;
    const auto why = apply_thresholds(c, {{"entrapment_between_floors_s", "5"}, {"warp_factor", "9"}});
    EXPECT_NE(why.find("unknown threshold 'warp_factor'"), std::string::npos) << why;
    EXPECT_NE(why.find("entrapment_at_floor_s"), std::string::npos) << why;
    EXPECT_EQ(c.entrapment_between_floors_after, before);   // all or nothing
}

TEST(thresholds, bad_values_are_refused_with_the_reason) {
    detector_config c;
    EXPECT_NE(apply_thresholds(c, {{"entrapment_at_floor_s", "abc"}}).find("is not a number"), std::string::npos);
    EXPECT_NE(apply_thresholds(c, {{"entrapment_at_floor_s", "5x"}}).find("is not a number"), std::string::npos);
    EXPECT_NE(apply_thresholds(c, {{"entrapment_at_floor_s", "nan"}}).find("is not a number"), std::string::npos);
    // From the center's command: infinite or beyond double's range is not a number either.
    for (const char* bad : {"inf", "-inf", "1e999", "-1e999", "infinity"})
        EXPECT_NE(apply_thresholds(c, {{"entrapment_at_floor_s", bad}}).find("is not a number"), std::string::npos)
            << bad;
    EXPECT_NE(apply_thresholds(c, {{"entrapment_at_floor_s", "0"}}).find("out of range 1..3600"), std::string::npos);
    EXPECT_NE(apply_thresholds(c, {{"battery_low_pct", "101"}}).find("out of range 0..100"), std::string::npos);
    EXPECT_NE(apply_thresholds(c, {}).find("no thresholds given"), std::string::npos);
    EXPECT_EQ(c.entrapment_at_floor_after, detector_config{}.entrapment_at_floor_after);
}

}  // namespace
}  // namespace lw::agent

// GET /api/stats on the running lw-center (real broker, real process, real SQLite file): a real
// entrapment from a node, answered by the crew over MQTT, shows in the supervision figures of
// the running center; bad dates get HTTP 400 and the center stays up.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "center_harness.hpp"

namespace {
using namespace std::chrono_literals;
using json = nlohmann::json;
using namespace lw::test::center;

const json* group(const json& list, const std::string& key) {
    for (const auto& g : list)
        if (g.value("key", "") == key) return &g;
    return nullptr;
}

TEST(center_supervision_api, stats_show_a_real_rescue) {
    center_harness h;
    ASSERT_TRUE(h.started());

    h.entrapment("E1");
    ASSERT_TRUE(h.wait_order_for("north-near")) << h.center_log();
    h.report("north", "north-near", 1, pb::CREW_REPORT_KIND_ACKNOWLEDGED);
    ASSERT_TRUE(h.wait_step(1, "acknowledged")) << h.center_log();
    h.report("north", "north-near", 1, pb::CREW_REPORT_KIND_ARRIVED);
    ASSERT_TRUE(h.wait_step(1, "arrived")) << h.center_log();
    h.report("north", "north-near", 1, pb::CREW_REPORT_KIND_RELEASED);
    ASSERT_TRUE(h.wait_step(1, "released")) << h.center_log();

    // Default period: the 30 days up to the center's today, so the rescue just done is in it.
    const auto r = http_get(h.http_port(), "/api/stats");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto j = json::parse(r.body, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.body;
    EXPECT_DOUBLE_EQ(j.at("period").at("days").get<double>(), 30.0);
    const auto* north = group(j.at("companies"), "north");
    ASSERT_NE(north, nullptr) << r.body;
    EXPECT_EQ(north->at("elevators"), 2);
    EXPECT_EQ(north->at("entrapments"), 1);
    EXPECT_EQ(north->at("false_alarms"), 0);
    EXPECT_EQ(north->at("response").at("count"), 1);
    EXPECT_EQ(north->at("arrival").at("count"), 1);
    EXPECT_EQ(north->at("on_site").at("count"), 1);
    // Wall-clock minutes at most: well within the 30-min limit.
    EXPECT_DOUBLE_EQ(north->at("arrived_within_limit").at("share").get<double>(), 1.0);
    EXPECT_EQ(north->at("escalated_l2"), 0);
    EXPECT_TRUE(north->at("rating").at("stars").is_number());
    const auto* qinzhou = group(j.at("districts"), "Qinzhou");
    ASSERT_NE(qinzhou, nullptr) << r.body;
    EXPECT_EQ(qinzhou->at("entrapments"), 1);
    EXPECT_EQ(j.at("limits").at("arrival_urban_ms"), 30 * 60 * 1000);

    // A period before the rescue: nothing in it, no data.
    const auto old = http_get(h.http_port(), "/api/stats?from=2020-01-01&to=2020-01-31");
    ASSERT_EQ(old.status, 200) << old.body;
    const auto o = json::parse(old.body, nullptr, false);
    ASSERT_FALSE(o.is_discarded());
    EXPECT_EQ(o.at("period").at("from"), "2020-01-01");
    EXPECT_EQ(o.at("period").at("to"), "2020-01-31");
    EXPECT_EQ(o.at("city").at("entrapments"), 0);
    EXPECT_TRUE(o.at("city").at("arrival").at("mean_ms").is_null());

    // Bad dates: a clear 400, and the center is still there.
    const auto bad = http_get(h.http_port(), "/api/stats?from=2026-02-30");
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("from date must be YYYY-MM-DD"), std::string::npos) << bad.body;
    const auto reversed = http_get(h.http_port(), "/api/stats?from=2026-02-01&to=2026-01-01");
    EXPECT_EQ(reversed.status, 400);
    EXPECT_TRUE(h.center_running());
    EXPECT_EQ(http_get(h.http_port(), "/api/metrics").status, 200);
}

}  // namespace

#include "lw/sim/report.hpp"

#include <gtest/gtest.h>

namespace lw::sim {
namespace {
using namespace std::chrono_literals;
using json = nlohmann::json;
namespace api = center::api;

const timestamp start = from_ms(1'800'000'000'000);

api::timeline_record entry(duration after_start, const std::string& step, const std::string& details = {}) {
    const auto at = start + after_start;
    return {.id = 0, .at_ms = to_ms(at), .at = format_utc(at), .step = step, .actor = "center", .details = details};
}

api::incident_summary summary(std::int64_t id, const std::string& elevator, const std::string& source, int level,
                              const std::string& phase) {
    api::incident_summary s;
    s.id = id;
    s.elevator_id = elevator;
    s.source = source;
    s.level = level;
    s.phase = phase;
    s.opened_ms = to_ms(start + 1min);
    s.opened = format_utc(start + 1min);
    return s;
}

// An L1-silent incident: alarm at 1 min, L2 at 4 min, rescue team on site at 20 min, released,
// handed over, closed.
api::incident_detail escalated_incident() {
    return {summary(1, "TS-QZ-00001", "iot_auto", 2, "closed"),
            {entry(1min, "alarm_received", "source iot_auto; elevator TS-QZ-00001, urban"),
             entry(1min, "dispatched", "L1 crew mc01-c01"),
             entry(4min + 6s, "escalated", "L1 -> L2: not acknowledged within 3 min"),
             entry(4min + 6s, "dispatched", "L2 rescue team rt01"), entry(5min, "acknowledged"),
             entry(20min, "arrived"), entry(25min, "released"), entry(27min, "handed_over"), entry(28min, "closed")},
            {}};
}

// A 119 transfer nobody reached in time: L3 at 31 min.
api::incident_detail late_incident() {
    return {summary(2, "TS-MJ-00002", "transfer_119", 3, "released"),
            {entry(1min, "alarm_received", "source transfer_119, from caller 119; urban"),
             entry(1min, "dispatched", "L1 crew mc02-c01"), entry(2min, "acknowledged"),
             entry(31min + 10s, "escalated", "L1 -> L3: nobody on site within 30 min"), entry(40min, "arrived"),
             entry(45min, "released")},
            {}};
}

report_inputs inputs() {
    report_inputs in;
    in.scenario_name = "unit";
    in.city_start = start;
    in.city_end = start + 50min;
    in.scale = 60;
    in.resolution = 18s;
    in.incidents = {escalated_incident(), late_incident()};
    return in;
}

TEST(report, derives_times_against_the_limits) {
    const auto r = build_report(inputs(), {});
    ASSERT_EQ(r["incidents"].size(), 2u);
    const auto& a = r["incidents"][0];
    EXPECT_DOUBLE_EQ(a["launch_min"].get<double>(), 0.0);
    EXPECT_TRUE(a["launch_within_limit"].get<bool>());
    EXPECT_DOUBLE_EQ(a["arrival_min"].get<double>(), 19.0);
    EXPECT_TRUE(a["arrival_within_limit"].get<bool>());
    EXPECT_TRUE(a["handed_over"].get<bool>());
    ASSERT_EQ(a["escalations"].size(), 1u);
    EXPECT_DOUBLE_EQ(a["escalations"][0]["after_alarm_min"].get<double>(), 3.1);
    const auto& b = r["incidents"][1];
    EXPECT_DOUBLE_EQ(b["arrival_min"].get<double>(), 39.0);
    EXPECT_FALSE(b["arrival_within_limit"].get<bool>());
    EXPECT_TRUE(b["closed_min"].is_null());

    const auto& o = r["overall"];
    EXPECT_EQ(o["incidents"].get<int>(), 2);
    EXPECT_EQ(o["closed"].get<int>(), 1);
    EXPECT_DOUBLE_EQ(o["arrival_mean_min"].get<double>(), 29.0);
    EXPECT_DOUBLE_EQ(o["arrival_max_min"].get<double>(), 39.0);
    EXPECT_DOUBLE_EQ(o["arrived_within_limit_pct"].get<double>(), 50.0);
    EXPECT_DOUBLE_EQ(o["launched_within_limit_pct"].get<double>(), 100.0);
    EXPECT_EQ(o["escalations_l2"].get<int>(), 1);
    EXPECT_EQ(o["escalations_l3"].get<int>(), 1);
    EXPECT_EQ(o["transfers"].get<int>(), 1);
    EXPECT_EQ(o["handovers"].get<int>(), 1);
}

TEST(report, checks_expectations_within_the_resolution) {
    std::vector<expectation> x(5);
    x[0] = {"TS-QZ-00001", "escalated", "->_L2", std::nullopt, 3min, std::nullopt, 10};   // 6 s off: met
    x[1] = {"TS-MJ-00002", "escalated", "-> L3", std::nullopt, 30min, std::nullopt, 11};  // 10 s off: met
    x[2] = {"TS-MJ-00002", "alarm_received", "transfer 119", 1min, std::nullopt, std::nullopt, 12};
    x[3] = {"TS-QZ-00001", "handed_over", "", 20min, std::nullopt, std::nullopt, 13};    // 7 min off: not met
    x[4] = {"TS-QZ-00001", "escalated", "-> L3", std::nullopt, std::nullopt, std::nullopt, 14};  // never
    const auto r = build_report(inputs(), x);
    ASSERT_EQ(r["expectations"].size(), 5u);
    EXPECT_TRUE(r["expectations"][0]["ok"].get<bool>());
    EXPECT_DOUBLE_EQ(r["expectations"][0]["deviation_s"].get<double>(), 6.0);
    EXPECT_TRUE(r["expectations"][1]["ok"].get<bool>());
    EXPECT_TRUE(r["expectations"][2]["ok"].get<bool>());
    EXPECT_FALSE(r["expectations"][3]["ok"].get<bool>());
    EXPECT_FALSE(r["expectations"][4]["ok"].get<bool>());
    EXPECT_EQ(r["expectations"][4]["actual"], "did not happen");
    EXPECT_EQ(r["expectations_failed"].get<int>(), 2);

    auto tight = x;
    tight[0].within = 5s;
    EXPECT_FALSE(build_report(inputs(), tight)["expectations"][0]["ok"].get<bool>());
}

TEST(report, html_is_self_contained_with_the_arrival_chart) {
    std::vector<expectation> x(1);
    x[0] = {"TS-QZ-00001", "escalated", "-> L2", std::nullopt, 3min, std::nullopt, 10};
    const auto html = render_html(build_report(inputs(), x));
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));   // only the SVG namespace
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_NE(html.find("class='late'"), std::string::npos);   // the 39-min arrival is drawn red
    EXPECT_NE(html.find("class='ok'"), std::string::npos);
    EXPECT_NE(html.find("L1 -&gt; L2"), std::string::npos);    // details escaped
    EXPECT_NE(html.find(">met<"), std::string::npos);
}

// Issue 9, item 14: a 26.8-minute entrapment whose first crew was on site at 6.5 minutes. The
// arrival is within its limit (green), the trapped time is not (red): both are shown, each by
// its own limit.
TEST(report, trapped_time_is_shown_beside_the_arrival_and_coloured_by_its_own_limit) {
    report_inputs in = inputs();
    in.incidents = {{summary(3, "TS-QZ-00003", "iot_auto", 1, "closed"),
                     {entry(1min, "alarm_received", "source iot_auto; elevator TS-QZ-00003, urban"),
                      entry(1min, "dispatched", "L1 crew mc01-c01"), entry(2min, "acknowledged"),
                      entry(7min + 30s, "arrived"), entry(27min + 48s, "released"), entry(30min, "closed")},
                     {}}};
    const auto r = build_report(in, {});
    const auto& i = r["incidents"][0];
    EXPECT_DOUBLE_EQ(i["arrival_min"].get<double>(), 6.5);
    EXPECT_TRUE(i["arrival_within_limit"].get<bool>());
    EXPECT_DOUBLE_EQ(i["trapped_min"].get<double>(), 26.8);
    EXPECT_DOUBLE_EQ(i["trapped_limit_min"].get<double>(), 20.0);
    EXPECT_FALSE(i["trapped_within_limit"].get<bool>());
    EXPECT_DOUBLE_EQ(r["overall"]["trapped_max_min"].get<double>(), 26.8);
    EXPECT_DOUBLE_EQ(r["overall"]["trapped_within_limit_pct"].get<double>(), 0.0);
    EXPECT_DOUBLE_EQ(r["overall"]["arrived_within_limit_pct"].get<double>(), 100.0);

    const auto html = render_html(r);
    // The arrival bar green, the trapped bar beside it red, each with its value.
    EXPECT_NE(html.find("class='ok'><title>arrived 6.50 min</title>"), std::string::npos) << html;
    EXPECT_NE(html.find("class='tlate'><title>trapped 26.80 min</title>"), std::string::npos) << html;
    EXPECT_EQ(html.find("class='tok'>"), std::string::npos);
    EXPECT_NE(html.find(">trapped 26.8<"), std::string::npos);
    // In the incidents' table the trapped time is red too.
    EXPECT_NE(html.find("<td class='bad'>26.8 min</td>"), std::string::npos);

    // Released within 20 min: the trapped bar is green; never released: red, said so.
    in.incidents[0].timeline[4] = entry(15min, "released");
    const auto quick = render_html(build_report(in, {}));
    EXPECT_NE(quick.find("class='tok'><title>trapped 14.00 min</title>"), std::string::npos);
    in.incidents[0].timeline.resize(4);
    const auto still = build_report(in, {});
    EXPECT_TRUE(still["incidents"][0]["trapped_min"].is_null());
    EXPECT_FALSE(still["incidents"][0]["trapped_within_limit"].get<bool>());
    EXPECT_NE(render_html(still).find("not released"), std::string::npos);
}

// The drill report's timelines say what happened to each notification: requested, then not
// delivered (no gateway), never a delivery.
TEST(report, html_shows_notifications_as_requested_not_delivered) {
    auto in = inputs();
    auto& tl = in.incidents[0].timeline;
    tl.insert(tl.begin() + 2, {entry(1min, "notify_requested", "maintenance company mc01: Incident 1: ..."),
                               entry(1min, "notify_undelivered",
                                     "maintenance_company mc01: not delivered: no notification gateway configured")});
    const auto r = build_report(in, {});
    const auto html = render_html(r);
    EXPECT_NE(html.find("<td>notification requested</td>"), std::string::npos);
    EXPECT_NE(html.find("<td>not delivered</td><td>center</td><td>maintenance_company mc01: not delivered: no "
                        "notification gateway configured</td>"),
              std::string::npos);
    EXPECT_EQ(html.find(">notify_requested<"), std::string::npos);
    EXPECT_EQ(html.find("notified"), std::string::npos);
    // The JSON keeps the step names, for tools.
    EXPECT_EQ(r["incidents"][0]["timeline"][3]["step"], "notify_undelivered");
}

}  // namespace
}  // namespace lw::sim

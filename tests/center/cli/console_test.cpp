// The operators' command line against a real lw-center: alarm intake and operator actions
// through the console API, crew edits, the elevator dossier, and export (CLI and API).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "center_harness.hpp"

namespace {
using namespace std::chrono_literals;
using json = nlohmann::json;
using namespace lw::test::center;

TEST(center_cli, hotline_alarm_actions_crew_edit_dossier_and_export) {
    center_harness h;
    ASSERT_TRUE(h.started());
    const auto console = h.console();
    const auto db = h.db().string();

    // north-near goes off duty: a hotline alarm for E1 goes to north-far.
    auto r = run_cli({"crew", "set", "--console", console, "north-near", "--status", "off_duty"}, h.dir());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(run_cli({"crew", "set", "--console", console, "nobody", "--status", "off_duty"}, h.dir()).exit_code, 1);
    // An unknown status is refused by the CLI (exit 2) and by the API behind it.
    EXPECT_EQ(run_cli({"crew", "set", "--console", console, "north-far", "--status", "asleep"}, h.dir()).exit_code, 2);
    EXPECT_EQ(http_post(h.http_port(), "/api/crews/north-far", "status=asleep").status, 400);

    r = run_cli({"alarm", "--console", console, "--rescue-code", "123456", "--source", "hotline_96333", "--caller",
                 "13900001111", "--notes", "stuck, between floors"},
                h.dir());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    ASSERT_TRUE(h.wait_order_for("north-far")) << h.center_log();
    EXPECT_TRUE(h.orders_for("north-near").empty());
    EXPECT_EQ(run_cli({"alarm", "--console", console, "--elevator", "E404"}, h.dir()).exit_code, 1);
    EXPECT_EQ(run_cli({"alarm", "--console", console, "--elevator", "E1", "--source", "iot_auto"}, h.dir()).exit_code,
              2);
    EXPECT_EQ(http_post(h.http_port(), "/api/alarms", "elevator=E1&source=iot_auto").status, 400);
    // A repeat call joins the open incident.
    r = run_cli({"alarm", "--console", console, "--elevator", "E1", "--source", "transfer_110"}, h.dir());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("\"joined\": true"), std::string::npos) << r.output;

    // An action the engine refuses (call-back before release) fails with its reason.
    r = run_cli({"act", "--console", console, "1", "callback"}, h.dir());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("409"), std::string::npos) << r.output;
    EXPECT_EQ(run_cli({"act", "--console", console, "1", "explode"}, h.dir()).exit_code, 2);
    h.report("north", "north-far", 1, pb::CREW_REPORT_KIND_ARRIVED);
    h.report("north", "north-far", 1, pb::CREW_REPORT_KIND_RELEASED);
    ASSERT_TRUE(h.wait_step(1, "released"));
    for (const auto& action : {"callback", "cause=external", "close"}) {
        r = run_cli({"act", "--console", console, "1", action, "--operator", "op7"}, h.dir());
        EXPECT_EQ(r.exit_code, 0) << action << ": " << r.output;
    }
    EXPECT_EQ(h.incident_phase(1), "closed");

    // API export.
    const auto csv = http_get(h.http_port(), "/api/incidents/1/export?format=csv");
    EXPECT_EQ(csv.status, 200);
    EXPECT_NE(csv.body.find(",\"source hotline_96333, from caller 13900001111: stuck, between floors;"), std::string::npos)
        << csv.body;
    EXPECT_EQ(http_get(h.http_port(), "/api/incidents/1/export?format=xml").status, 400);
    EXPECT_EQ(http_get(h.http_port(), "/api/incidents/9/export").status, 404);
    EXPECT_EQ(h.stop_center(), 0);

    // Dossier with the incident history.
    r = run_cli({"elevator", "show", "--db", db, "E1"}, h.dir());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("rescue code 123456"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Incidents (1"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("hotline_96333"), std::string::npos) << r.output;
    EXPECT_EQ(run_cli({"elevator", "show", "--db", db, "E404"}, h.dir()).exit_code, 1);

    // CLI export: one incident, and a date range that holds today.
    r = run_cli({"export", "--db", db, "--incident", "1", "--format", "json"}, h.dir());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = json::parse(r.output, nullptr, false);
    ASSERT_TRUE(j.is_array()) << r.output;
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0].value("phase", ""), "closed");
    EXPECT_EQ(j[0].value("cause", ""), "external");
    EXPECT_FALSE(j[0]["figures_ms"]["trapped"].is_null());
    const auto today = lw::format_utc(lw::wall_now()).substr(0, 10);
    const auto out = h.dir() / "range.csv";
    r = run_cli({"export", "--db", db, "--from", today, "--to", today, "--format", "csv", "--out", out.string()},
                h.dir());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("exported 1 incident"), std::string::npos) << r.output;
    EXPECT_EQ(run_cli({"export", "--db", db, "--from", "2026-13-01", "--to", today}, h.dir()).exit_code, 2);
    EXPECT_EQ(run_cli({"export", "--db", db, "--incident", "7"}, h.dir()).exit_code, 1);

    // Registry edit of a crew's home position (picked up at the next start).
    EXPECT_EQ(run_cli({"crew", "set", "--db", db, "north-far", "--lat", "34.6", "--lon", "105.7"}, h.dir()).exit_code, 0);
    EXPECT_EQ(run_cli({"crew", "set", "--db", db, "nobody", "--lat", "34.6", "--lon", "105.7"}, h.dir()).exit_code, 1);

    // Elevators from CSV (header = the city file's keys), validated against the registry.
    const auto good = h.dir() / "more.csv";
    std::ofstream(good) << "id,rescue_code,address,district,lat,lon,company,using_unit,floors,machine_room_less\r\n"
                        << "E3,333333,\"7 Long Road, block \"\"B\"\"\",Maiji,34.59,105.73,north,uu1,18,1\r\n";
    r = run_cli({"import", "--db", db, good.string()}, h.dir());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run_cli({"elevator", "show", "--db", db, "E3"}, h.dir());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("7 Long Road, block \"B\""), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("machine-room-less"), std::string::npos) << r.output;
    const auto bad = h.dir() / "bad.csv";
    std::ofstream(bad) << "id,lat,lon,company\nE4,34.5,105.7,nobody-lifts\n";
    r = run_cli({"import", "--db", db, bad.string()}, h.dir());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("unknown maintenance company 'nobody-lifts'"), std::string::npos) << r.output;
    EXPECT_EQ(run_cli({"elevator", "show", "--db", db, "E4"}, h.dir()).exit_code, 1);
}

}  // namespace

// Recovery of the real lw-center process over a real broker (issue 4, "What it must show"):
// kill -9 in the middle of an incident, restart, the incident finishes; exactly one dispatch
// order per crew; crew reports queued by the broker while the center was down are processed;
// crew states and timers carry on; the timeline is complete and `lw-center verify` passes; an
// edited, deleted or truncated record makes `verify` fail and name it.
//
// "Exactly one dispatch per crew": every message on lw/v1/dispatch/# that is an order (not a
// stand-down) is counted, re-sends (attempt > 1) included. After a restart the center publishes
// only the orders the broker never acknowledged (sent = 0 in the store); the orders in these
// tests were acknowledged before the kill, so nothing may be published again, and the crews
// acknowledge before the engine's re-notify timer (1 min) would re-send.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "center_harness.hpp"
#include "lw/center/store_reader.hpp"

namespace {
using namespace std::chrono_literals;
using json = nlohmann::json;
using namespace lw::test::center;

// Runs one SQL script on the database file the way an attacker with file access would: a new
// connection, the append-only triggers dropped first.
void tamper(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* c = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &c), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(c, sql.c_str(), nullptr, nullptr, &err);
    const std::string why = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(c);
    ASSERT_EQ(rc, SQLITE_OK) << why;
}

std::int64_t record_of(const std::filesystem::path& db, std::int64_t incident, const std::string& step) {
    lw::center::store_reader s(db.string());
    for (const auto& r : s.timeline(incident))
        if (r.step == step) return r.id;
    return 0;
}

TEST(center_recovery, kill9_mid_incident_then_finish_with_one_dispatch_per_crew_and_verified_timeline) {
    center_harness h;
    ASSERT_TRUE(h.started());

    h.entrapment("E1");
    ASSERT_TRUE(h.wait_order_for("north-near")) << h.center_log();
    const auto first = h.orders_for("north-near").front();
    EXPECT_EQ(first.topic, "lw/v1/dispatch/north/north-near");
    EXPECT_EQ(first.order.incident_id(), 1);
    EXPECT_EQ(first.order.attempt(), 1u);
    EXPECT_EQ(first.order.elevator_id(), "E1");

    h.report("north", "north-near", 1, pb::CREW_REPORT_KIND_ACKNOWLEDGED);
    ASSERT_TRUE(h.wait_step(1, "acknowledged"));
    // The PUBACK of the order has been recorded (sent = 1) before the kill.
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            const auto r = http_get(h.http_port(), "/api/incidents/1");
            const auto j = json::parse(r.body, nullptr, false);
            return !j.is_discarded() && j["dispatches"].size() == 1 && j["dispatches"][0].value("sent", false);
        },
        5s));

    h.kill9_center();
    ASSERT_FALSE(h.center_running());
    // While the center is down: the crew goes on; the broker queues its reports (QoS 1,
    // the center's persistent session).
    h.report("north", "north-near", 1, pb::CREW_REPORT_KIND_EN_ROUTE);
    h.report("north", "north-near", 1, pb::CREW_REPORT_KIND_ARRIVED);

    ASSERT_TRUE(h.started());
    ASSERT_TRUE(h.wait_step(1, "arrived")) << h.center_log();
    EXPECT_EQ(h.incident_phase(1), "on_site");

    // Crew states carried on: north-near is still busy on incident 1, so an entrapment in E2
    // (300 m away) goes to north-far.
    h.birth("E2", 1);
    h.event("E2", 1, pb::FAULT_CODE_ENTRAPMENT_AT_FLOOR);
    ASSERT_TRUE(h.wait_order_for("north-far")) << h.center_log();
    EXPECT_EQ(h.orders_for("north-far").front().order.incident_id(), 2);

    h.report("north", "north-near", 1, pb::CREW_REPORT_KIND_RELEASED);
    ASSERT_TRUE(h.wait_step(1, "released"));
    // Operator actions through the console API.
    EXPECT_EQ(http_post(h.http_port(), "/api/incidents/1/close", "operator=op1").status, 409)
        << "closing before call-back and cause must be refused";
    EXPECT_EQ(http_post(h.http_port(), "/api/incidents/1/callback", "operator=op1&notes=all+fine").status, 200);
    EXPECT_EQ(http_post(h.http_port(), "/api/incidents/1/cause", "operator=op1&cause=bogus").status, 400);
    EXPECT_EQ(http_post(h.http_port(), "/api/incidents/1/cause", "operator=op1&cause=door_system").status, 200);
    EXPECT_EQ(http_post(h.http_port(), "/api/incidents/1/close", "operator=op1").status, 200);
    EXPECT_EQ(h.incident_phase(1), "closed");
    // Incident 2 was a false alarm, closed from the operators' command line.
    const auto console = h.console();
    const auto act = run_cli({"act", "--console", console, "2", "false_alarm", "--notes", "drill"}, h.dir());
    EXPECT_EQ(act.exit_code, 0) << act.output;
    EXPECT_EQ(h.incident_phase(2), "closed");
    const auto v = json::parse(http_get(h.http_port(), "/api/verify").body, nullptr, false);
    ASSERT_FALSE(v.is_discarded());
    EXPECT_TRUE(v.value("ok", false)) << v.dump();
    EXPECT_EQ(v.value("head_hash", "").size(), 64u);

    EXPECT_EQ(h.stop_center(), 0);

    // Exactly one order per crew, no re-send.
    std::map<std::string, int> per_crew;
    for (const auto& d : h.dispatches())
        if (!d.order.stand_down()) ++per_crew[d.order.crew_id()];
    EXPECT_EQ(per_crew, (std::map<std::string, int>{{"north-near", 1}, {"north-far", 1}}));

    // The timeline is complete, in order, with non-decreasing times.
    lw::center::store_reader s(h.db().string());
    const auto rows = s.timeline(1);
    std::vector<std::string> key_steps;
    const std::vector<std::string> expected{"alarm_received", "dispatched",     "acknowledged", "en_route", "arrived",
                                            "released",       "callback",       "cause_recorded", "closed"};
    for (const auto& r : rows)
        if (std::find(expected.begin(), expected.end(), r.step) != expected.end()) key_steps.push_back(r.step);
    EXPECT_EQ(key_steps, expected);
    EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.step == "notify_requested"; }));
    EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.step == "notify_undelivered"; }));
    EXPECT_FALSE(std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.step == "notified"; }));
    for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_LE(rows[i - 1].at, rows[i].at) << rows[i].step;

    const auto ok = run_cli({"verify", "--db", h.db().string()}, h.dir());
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
    EXPECT_NE(ok.output.find("OK"), std::string::npos);

    // An edited record: the triggers refuse UPDATE, so the attacker drops them first.
    const auto arrived = record_of(h.db(), 1, "arrived");
    ASSERT_GT(arrived, 0);
    std::filesystem::copy_file(h.db(), h.dir() / "pristine.db");
    tamper(h.db(), "DROP TRIGGER timeline_no_update; UPDATE timeline SET at_ms = at_ms - 600000 WHERE id = " +
                       std::to_string(arrived) + ";");
    const auto edited = run_cli({"verify", "--db", h.db().string()}, h.dir());
    EXPECT_EQ(edited.exit_code, 1) << edited.output;
    EXPECT_NE(edited.output.find("row " + std::to_string(arrived) + " (incident 1, arrived): content does not match"),
              std::string::npos)
        << edited.output;
}

TEST(center_recovery, deleted_and_truncated_records_are_detected) {
    center_harness h;
    ASSERT_TRUE(h.started());
    h.entrapment("E1");
    ASSERT_TRUE(h.wait_order_for("north-near"));
    h.report("north", "north-near", 1, pb::CREW_REPORT_KIND_ACKNOWLEDGED);
    ASSERT_TRUE(h.wait_step(1, "acknowledged"));
    EXPECT_EQ(h.stop_center(), 0);

    const auto ok = run_cli({"verify", "--db", h.db().string()}, h.dir());
    ASSERT_EQ(ok.exit_code, 0) << ok.output;
    // The anchor operators note: "chain head: record N hash H".
    const auto at = ok.output.find("chain head: record ");
    ASSERT_NE(at, std::string::npos) << ok.output;
    std::istringstream head(ok.output.substr(at + std::string("chain head: record ").size()));
    std::int64_t head_id = 0;
    std::string word, head_hash;
    head >> head_id >> word >> head_hash;
    ASSERT_GT(head_id, 3);
    ASSERT_EQ(head_hash.size(), 64u);
    const auto anchor = std::to_string(head_id) + ":" + head_hash;
    EXPECT_EQ(run_cli({"verify", "--db", h.db().string(), "--anchor", anchor}, h.dir()).exit_code, 0);

    const auto dispatched = record_of(h.db(), 1, "dispatched");
    ASSERT_GT(dispatched, 1);
    const auto copy = h.dir() / "copy.db";
    std::filesystem::copy_file(h.db(), copy);

    // A record deleted in the middle.
    tamper(h.db(), "DROP TRIGGER timeline_no_delete; DELETE FROM timeline WHERE id = " + std::to_string(dispatched) + ";");
    const auto deleted = run_cli({"verify", "--db", h.db().string()}, h.dir());
    EXPECT_EQ(deleted.exit_code, 1);
    EXPECT_NE(deleted.output.find("rows " + std::to_string(dispatched) + ".." + std::to_string(dispatched) +
                                  " are missing (deleted)"),
              std::string::npos)
        << deleted.output;

    // The last record deleted: the chain alone is still consistent; the anchor is not.
    tamper(copy, "DROP TRIGGER timeline_no_delete; DELETE FROM timeline WHERE id = " + std::to_string(head_id) + ";");
    EXPECT_EQ(run_cli({"verify", "--db", copy.string()}, h.dir()).exit_code, 0);
    const auto truncated = run_cli({"verify", "--db", copy.string(), "--anchor", anchor}, h.dir());
    EXPECT_EQ(truncated.exit_code, 1);
    EXPECT_NE(truncated.output.find("anchor record " + std::to_string(head_id) + " is missing"), std::string::npos)
        << truncated.output;
}

// E1 traps someone, the L1 order to north-near goes out and is recorded as sent (PUBACK), then
// the center is killed with SIGKILL. `l1` receives the order as the crew saw it.
void entrapment_dispatched_then_kill9(center_harness& h, pb::DispatchOrder& l1) {
    h.entrapment("E1");
    ASSERT_TRUE(h.wait_order_for("north-near"));
    l1 = h.orders_for("north-near").front().order;
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            const auto j = json::parse(http_get(h.http_port(), "/api/incidents/1").body, nullptr, false);
            return !j.is_discarded() && j["dispatches"].size() == 1 && j["dispatches"][0].value("sent", false);
        },
        5s));
    h.kill9_center();
}

// Timers are absolute deadlines in the store: an acknowledgement deadline that passes while
// the center is down fires once at the restart (L1 silent -> L2), and the superseded crew is
// stood down. The L1 order is not sent again.
TEST(center_recovery, ack_deadline_passed_while_down_escalates_at_restart) {
    constexpr int ack_limit_s = 3;
    center_harness h({"--ack-limit-s", std::to_string(ack_limit_s)});
    ASSERT_TRUE(h.started());
    pb::DispatchOrder l1;
    ASSERT_NO_FATAL_FAILURE(entrapment_dispatched_then_kill9(h, l1));
    const auto deadline = lw::from_ms(l1.issued_ms()) + std::chrono::seconds{ack_limit_s};
    // Wait (poll the wall clock) until the deadline has passed while the center is down.
    ASSERT_TRUE(lw::test::wait_until([&] { return lw::wall_now() > deadline + 500ms; }, 10s, 50ms));
    EXPECT_TRUE(h.orders_for("rt1").empty());

    ASSERT_TRUE(h.started());
    const auto restarted = lw::wall_now();
    ASSERT_TRUE(h.wait_order_for("rt1")) << h.center_log();
    const auto l2 = h.orders_for("rt1").front().order;
    EXPECT_EQ(l2.incident_id(), 1);
    EXPECT_EQ(l2.level(), pb::RESPONSE_LEVEL_L2);
    // Fired at the first tick after the restart, not a full ack limit later.
    EXPECT_LT(lw::from_ms(l2.issued_ms()) - restarted, std::chrono::seconds{ack_limit_s});
    ASSERT_TRUE(h.wait_step(1, "escalated"));
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            for (const auto& d : h.dispatches())
                if (d.order.crew_id() == "north-near" && d.order.stand_down()) return true;
            return false;
        },
        5s));
    EXPECT_EQ(h.orders_for("north-near").size(), 1u);
    EXPECT_EQ(h.orders_for("rt1").size(), 1u);
}

// A deadline still ahead at the restart fires at its stored time (alarm + ack limit), not an
// ack limit after the restart: timers are absolute, not restarted.
TEST(center_recovery, ack_deadline_pending_at_restart_fires_at_its_stored_time) {
    constexpr auto ack_limit = std::chrono::seconds{4};
    constexpr auto tick_slack = std::chrono::milliseconds{1000};   // tick period 200 ms + broker
    center_harness h({"--ack-limit-s", std::to_string(ack_limit.count())});
    ASSERT_TRUE(h.started());
    pb::DispatchOrder l1;
    ASSERT_NO_FATAL_FAILURE(entrapment_dispatched_then_kill9(h, l1));
    // Down for half the ack limit, so a timer restarted from zero would fire 2 s late.
    const auto issued = lw::from_ms(l1.issued_ms());
    ASSERT_TRUE(lw::test::wait_until([&] { return lw::wall_now() >= issued + ack_limit / 2; }, 10s, 20ms));
    ASSERT_TRUE(h.started());
    const auto restarted = lw::wall_now();
    ASSERT_LT(restarted, issued + ack_limit - 500ms) << "the restart took too long for this test";
    ASSERT_TRUE(h.wait_order_for("rt1", 1, 15s)) << h.center_log();
    const auto fired = lw::from_ms(h.orders_for("rt1").front().order.issued_ms());
    const auto due = lw::from_ms(l1.issued_ms()) + ack_limit;
    EXPECT_GE(fired, due);
    EXPECT_LT(fired, due + tick_slack);
    EXPECT_LT(fired, restarted + ack_limit - 1s) << "the timer was restarted instead of carried on";
    EXPECT_EQ(h.orders_for("north-near").size(), 1u);
}

// An order issued while the broker is down is handed to libmosquitto (queued), delivered after
// the reconnect, and marked sent on its PUBACK: a later kill -9 and restart does not publish it
// again. The broker keeps the sessions across its restart (persistence).
TEST(center_recovery, order_issued_while_the_broker_is_down_is_delivered_once) {
    center_harness h({}, true);
    ASSERT_TRUE(h.started());
    h.birth("E1", 1);
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            const auto j = json::parse(http_get(h.http_port(), "/api/elevators/E1").body, nullptr, false);
            return !j.is_discarded() && j["live"].value("state", "") == "online";
        },
        5s));
    h.stop_broker();
    const auto alarm = http_post(h.http_port(), "/api/alarms", "elevator=E1&source=hotline_96333&caller=139");
    ASSERT_EQ(alarm.status, 200) << alarm.body;
    h.start_broker();
    ASSERT_TRUE(h.wait_order_for("north-near", 1, 20s)) << h.center_log();
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            const auto j = json::parse(http_get(h.http_port(), "/api/incidents/1").body, nullptr, false);
            return !j.is_discarded() && j["dispatches"].size() == 1 && j["dispatches"][0].value("sent", false);
        },
        10s))
        << h.center_log();
    h.kill9_center();
    ASSERT_TRUE(h.started());
    h.report("north", "north-near", 1, pb::CREW_REPORT_KIND_ACKNOWLEDGED);
    ASSERT_TRUE(h.wait_step(1, "acknowledged")) << h.center_log();
    EXPECT_EQ(h.orders_for("north-near").size(), 1u);
    EXPECT_EQ(h.stop_center(), 0);
}

// A store that refuses writes (here another program holds the database's write lock; a full or
// read-only disk fails the same way): the center still dispatches, keeps the timeline entries
// in memory (metrics: store_pending_entries), and records them, in order, once it can write.
TEST(center_store_failure, locked_database_keeps_entries_and_records_them_later) {
    center_harness h({"--db-busy-timeout-ms", "50"});
    ASSERT_TRUE(h.started());
    h.birth("E1", 1);
    auto pending = [&] {
        const auto j = json::parse(http_get(h.http_port(), "/api/metrics").body, nullptr, false);
        return j.is_discarded() ? -1 : j.value("store_pending_entries", -1);
    };
    ASSERT_EQ(pending(), 0);

    sqlite3* lock = nullptr;
    ASSERT_EQ(sqlite3_open(h.db().c_str(), &lock), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(lock, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    h.event("E1", 1, pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
    ASSERT_TRUE(h.wait_order_for("north-near")) << h.center_log();
    EXPECT_TRUE(lw::test::wait_until([&] { return pending() > 0; }, 5s));
    EXPECT_EQ(http_get(h.http_port(), "/api/incidents/1").status, 404) << "nothing is stored while locked";
    sqlite3_exec(lock, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(lock);

    ASSERT_TRUE(lw::test::wait_until([&] { return pending() == 0; }, 15s)) << h.center_log();
    const auto steps = h.timeline_steps(1);
    ASSERT_GE(steps.size(), 3u);
    EXPECT_EQ(steps.front(), "alarm_received");
    EXPECT_NE(std::find(steps.begin(), steps.end(), "dispatched"), steps.end());
    const auto j = json::parse(http_get(h.http_port(), "/api/incidents/1").body, nullptr, false);
    ASSERT_EQ(j["dispatches"].size(), 1u);
    EXPECT_TRUE(j["dispatches"][0].value("sent", false)) << "the PUBACK that came while queued is kept";
    EXPECT_EQ(h.stop_center(), 0);
    EXPECT_EQ(run_cli({"verify", "--db", h.db().string()}, h.dir()).exit_code, 0);
}

}  // namespace

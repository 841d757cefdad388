// The full Tianshui drill against the real center: mosquitto + lw-center --clock drill +
// lw-sim drill --scenario scenarios/tianshui.drill, as child processes. Reads the drill's JSON
// report and checks that every scripted escalation (L2, L3), the 119 transfer and the handovers
// happened at the scripted city time within the clock's resolution, and that the drill took at
// most 2 minutes of wall time.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <unistd.h>

#include "liftwatch/v1/liftwatch.pb.h"
#include "lw/center/api/types.hpp"
#include "lw/http_client.hpp"
#include "lw/mqtt_client.hpp"
#include "lw/test/broker.hpp"

namespace {
using namespace std::chrono_literals;
using json = nlohmann::json;
using lw::test::child_process;
using lw::test::program;

constexpr auto drill_wall_limit = 2min;   // issue 5: the Tianshui drill in at most 2 minutes

std::string slurp(const std::filesystem::path& p) {
    std::ifstream f(p);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string scenario_path(const std::string& name = "tianshui.drill") {
    return std::string(LW_SOURCE_DIR) + "/scenarios/" + name;
}

// The first expectation of the report about `step` whose match text contains `match`.
const json* expectation_for(const json& report, const std::string& step, const std::string& match) {
    for (const auto& x : report["expectations"])
        if (x["step"] == step && x["match"].get<std::string>().find(match) != std::string::npos) return &x;
    return nullptr;
}

// Broker + lw-center + a generated city, as child processes.
struct drill_rig {
    lw::test::temp_dir dir;
    lw::test::mosquitto_broker broker;
    std::filesystem::path city = dir.path() / "city.json";
    child_process center;
    int console_port = 0;

    std::string broker_address() const { return "127.0.0.1:" + std::to_string(broker.port()); }

    // lw-sim city ARGS --out city.json. Returns "" or what failed.
    std::string generate(std::vector<std::string> args) {
        args.insert(args.begin(), "city");
        args.push_back("--out");
        args.push_back(city.string());
        child_process gen(program("lw-sim"), args, dir.path() / "city.log");
        if (gen.wait(30s) != 0) return "lw-sim city failed: " + slurp(dir.path() / "city.log");
        return {};
    }
    // lw-center serve on the city (drill clock or wall clock). Returns "" or what failed.
    std::string start_center(bool drill_clock) {
        const auto port_file = dir.path() / "console.port";
        std::vector<std::string> args{"serve", "--db", (dir.path() / "drill.db").string(), "--city", city.string(),
                                      "--broker", broker_address(), "--http", "127.0.0.1:0", "--port-file",
                                      port_file.string()};
        if (drill_clock) args.insert(args.end(), {"--clock", "drill"});
        center = child_process(program("lw-center"), args, dir.path() / "center.log");
        if (!lw::test::wait_until([&] { return !slurp(port_file).empty(); }, 20s, 20ms))
            return "lw-center did not start: " + slurp(dir.path() / "center.log");
        console_port = std::stoi(slurp(port_file));
        return {};
    }
    std::string start(const std::string& scenario) {
        if (auto e = generate({"--scenario", scenario}); !e.empty()) return e;
        return start_center(true);
    }
};

// GET http://127.0.0.1:port/target -> the body ("" on any failure).
std::string http_get(int port, const std::string& target) {
    const auto r = lw::http_client::get("127.0.0.1", port, target, std::chrono::seconds{2});
    return r.ok() ? r.body : std::string{};
}

TEST(tianshui_drill, escalations_transfer_and_handover_at_the_scripted_city_times) {
    drill_rig rig;
    ASSERT_EQ(rig.start(scenario_path()), "");
    const auto& dir = rig.dir;
    auto& center = rig.center;

    const auto report_file = dir.path() / "report.json";
    const auto html_file = dir.path() / "report.html";
    const auto wall0 = std::chrono::steady_clock::now();
    child_process sim(program("lw-sim"),
                      {"drill", "--scenario", scenario_path(), "--city", rig.city.string(), "--broker",
                       rig.broker_address(), "--center", "127.0.0.1:" + std::to_string(rig.console_port),
                       "--report", report_file.string(), "--report-html", html_file.string()},
                      dir.path() / "sim.log");
    const int rc = sim.wait(drill_wall_limit + 15s);
    const auto wall = std::chrono::steady_clock::now() - wall0;
    ASSERT_NE(rc, -1000) << "the drill did not finish within " << (drill_wall_limit + 15s).count() << " s\n"
                         << slurp(dir.path() / "sim.log");
    EXPECT_LE(wall, drill_wall_limit);
    std::cout << "tianshui drill: " << std::chrono::duration<double>(wall).count() << " s wall\n";

    const auto report = json::parse(slurp(report_file), nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << slurp(dir.path() / "sim.log");
    EXPECT_FALSE(report["timed_out"].get<bool>());
    // Resolution: (clock period 100 ms + the center's 200 ms timer) x 60 = 18 s of city time.
    EXPECT_DOUBLE_EQ(report["resolution_s"].get<double>(), 18.0);

    // Every scripted expectation, and at least these: L2 (silent L1), L2 (MRL cannot handle),
    // L3 (nobody on site by 30 min), the 119 transfer, the handovers.
    ASSERT_GE(report["expectations"].size(), 6u);
    for (const auto& x : report["expectations"])
        EXPECT_TRUE(x["ok"].get<bool>()) << "scenario line " << x["line"] << ": " << x["elevator"] << " "
                                         << x["step"] << " expected " << x["expected"] << ", happened "
                                         << x["actual"];
    for (const auto& [step, match] : std::vector<std::pair<std::string, std::string>>{
             {"escalated", "L1_->_L2"}, {"escalated", "->_L3"}, {"alarm_received", "transfer_119"},
             {"handed_over", ""}}) {
        const auto* x = expectation_for(report, step, match);
        ASSERT_NE(x, nullptr) << "the scenario scripts no " << step << " " << match;
        EXPECT_TRUE((*x)["ok"].get<bool>()) << step << " " << match;
        if (x->contains("deviation_s")) {
            EXPECT_LE(std::abs((*x)["deviation_s"].get<double>()), (*x)["tolerance_s"].get<double>());
        }
    }
    EXPECT_EQ(report["expectations_failed"].get<int>(), 0);
    EXPECT_EQ(rc, 0) << slurp(dir.path() / "sim.log");

    // The overall figures agree with the timelines the center returned.
    const auto& o = report["overall"];
    EXPECT_GE(o["escalations_l2"].get<int>(), 2);
    EXPECT_GE(o["escalations_l3"].get<int>(), 1);
    EXPECT_GE(o["transfers"].get<int>(), 1);
    EXPECT_GE(o["handovers"].get<int>(), 1);
    EXPECT_EQ(o["closed"].get<int>(), o["incidents"].get<int>());
    // Timelines carry city time: every entry lies inside the drill's city window.
    const auto city_start = report["city_start_ms"].get<std::int64_t>();
    for (const auto& inc : report["incidents"])
        for (const auto& e : inc["timeline"]) {
            EXPECT_GE(e["at_ms"].get<std::int64_t>(), city_start);
            EXPECT_LE(e["at_ms"].get<std::int64_t>(), city_start + 3 * 3600 * 1000);
        }
    const auto html = slurp(html_file);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    center.stop();
}


// A network outage of the virtual city: the entrapment during the outage reaches the center only
// after the link is back (the node's outbox replays it); the broker and the clock never stop.
TEST(outage_drill, an_entrapment_during_the_outage_is_alarmed_when_the_link_is_back) {
    drill_rig rig;
    ASSERT_EQ(rig.start(scenario_path("outage.drill")), "");
    const auto report_file = rig.dir.path() / "report.json";
    child_process sim(program("lw-sim"),
                      {"drill", "--scenario", scenario_path("outage.drill"), "--city", rig.city.string(), "--broker",
                       rig.broker_address(), "--center", "127.0.0.1:" + std::to_string(rig.console_port),
                       "--report", report_file.string()},
                      rig.dir.path() / "sim.log");
    const int rc = sim.wait(90s);
    ASSERT_NE(rc, -1000) << slurp(rig.dir.path() / "sim.log");
    const auto report = json::parse(slurp(report_file), nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << slurp(rig.dir.path() / "sim.log");
    ASSERT_EQ(report["incidents"].size(), 1u);
    const auto& inc = report["incidents"][0];
    // Trapped at 3 min, the network back at 6 min: the alarm is after 6 min, not at 3.
    EXPECT_GT(inc["alarm_after_start_min"].get<double>(), 6.0);
    EXPECT_LT(inc["alarm_after_start_min"].get<double>(), 9.0);
    EXPECT_TRUE(report["incidents"][0]["closed_min"].is_number());
    EXPECT_EQ(report["expectations_failed"].get<int>(), 0);
    EXPECT_EQ(rc, 0);
    bool down = false, up = false;
    for (const auto& e : report["events"]) {
        down = down || e["what"] == "outage starts";
        up = up || e["what"] == "outage ends";
    }
    EXPECT_TRUE(down && up);
}

// Issue 9, item 11: orders an earlier center left on the broker — queued in the crews' persistent
// session and retained on a dispatch topic, with this center's incident numbers (1) and others
// (6, 7) — do not leak into a new drill: it plays only its own center's incidents and says how
// many it ignored.
TEST(clean_start_drill, orders_another_center_left_on_the_broker_are_ignored_and_counted) {
    drill_rig rig;
    ASSERT_EQ(rig.start(scenario_path("basic.drill")), "");
    const auto city = json::parse(slurp(rig.city));
    const auto crew = city["crews"][0]["id"].get<std::string>();
    const auto company = city["crews"][0]["company"].get<std::string>();
    const auto other_crew = city["crews"][1]["id"].get<std::string>();
    const auto other_company = city["crews"][1]["company"].get<std::string>();

    auto connect = [&](lw::mqtt::client& c) {
        EXPECT_EQ(c.start(), "");
        return lw::test::wait_until([&] { return c.connected(); }, 5s, 10ms);
    };
    {   // The crews' session as an earlier drill left it: subscribed, then away.
        lw::mqtt::options o;
        o.port = rig.broker.port();
        o.client_id = "lw-sim-crews";
        o.clean_session = false;
        lw::mqtt::client session(o);
        std::atomic<bool> subscribed{false};
        session.on_connect([&](bool) { subscribed = session.subscribe("lw/v1/dispatch/+/+", 1) == 0; });
        ASSERT_TRUE(connect(session));
        ASSERT_TRUE(lw::test::wait_until([&] { return subscribed.load(); }, 5s, 10ms));
        session.stop();
    }
    std::atomic<int> acked{0};
    lw::mqtt::options po;
    po.port = rig.broker.port();
    po.client_id = "an-earlier-center";
    lw::mqtt::client earlier(po);
    earlier.on_published([&](int) { ++acked; });
    ASSERT_TRUE(connect(earlier));
    auto order = [&](std::int64_t incident, const std::string& cr, const std::string& co) {
        liftwatch::v1::DispatchOrder d;
        d.set_incident_id(incident);
        d.set_crew_id(cr);
        d.set_company_id(co);
        d.set_level(liftwatch::v1::RESPONSE_LEVEL_L1);
        d.set_elevator_id(city["elevators"][0]["id"].get<std::string>());
        d.set_attempt(1);
        d.set_center_instance(0x5eed0000000000a1);   // not the running center's
        return d.SerializeAsString();
    };
    const auto topic = "lw/v1/dispatch/" + company + "/" + crew;
    ASSERT_TRUE(earlier.publish(topic, order(1, crew, company), 1).ok());
    ASSERT_TRUE(earlier.publish(topic, order(6, crew, company), 1).ok());
    ASSERT_TRUE(earlier.publish("lw/v1/dispatch/" + other_company + "/" + other_crew, order(7, other_crew, other_company),
                                1, true).ok());
    ASSERT_TRUE(lw::test::wait_until([&] { return acked.load() == 3; }, 5s, 10ms));
    earlier.stop();

    const auto report_file = rig.dir.path() / "report.json";
    const auto out = rig.dir.path() / "sim.out";
    child_process sim(program("lw-sim"),
                      {"drill", "--scenario", scenario_path("basic.drill"), "--city", rig.city.string(), "--broker",
                       rig.broker_address(), "--center", "127.0.0.1:" + std::to_string(rig.console_port), "--report",
                       report_file.string()},
                      out);
    const int rc = sim.wait(90s);
    const auto text = slurp(out);
    ASSERT_NE(rc, -1000) << text;
    EXPECT_EQ(rc, 0) << text;
    EXPECT_NE(text.find("finished: 1 incidents (1), 1 closed"), std::string::npos) << text;
    // 1 and 6 queued in the session, 7 retained (delivered once more as retained on subscribe).
    const auto ignored = text.find("ignored ");
    ASSERT_NE(ignored, std::string::npos) << text;
    EXPECT_GE(std::stoi(text.substr(ignored + 8)), 3) << text;
    EXPECT_NE(text.find(" dispatch orders from another center instance", ignored), std::string::npos) << text;
    EXPECT_NE(text.find("from center instance 5eed0000000000a1"), std::string::npos) << text;
    const auto report = json::parse(slurp(report_file), nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << text;
    ASSERT_EQ(report["incidents"].size(), 1u);
    EXPECT_EQ(report["incidents"][0]["id"].get<int>(), 1);
    EXPECT_EQ(report["expectations_failed"].get<int>(), 0);
}

// Load mode: 200 elevators over 3 connections; the real center sees every one of them online.
TEST(load_mode, many_elevators_over_a_few_connections_reach_the_center) {
    drill_rig rig;
    ASSERT_EQ(rig.generate({"--elevators", "200"}), "");
    ASSERT_EQ(rig.start_center(false), "");
    const auto out = rig.dir.path() / "load.log";
    // Births spread over min(status period, a quarter of the run) = 1 s, then statuses for 3 s.
    child_process load(program("lw-sim"),
                       {"load", "--city", rig.city.string(), "--broker", rig.broker_address(), "--elevators", "200",
                        "--connections", "3", "--status-every", "2s", "--duration", "4s"},
                       out);
    int online = 0;
    const bool all_online = lw::test::wait_until(
        [&] {
            const auto m = lw::center::api::from_json<lw::center::api::metrics_reply>(
                http_get(rig.console_port, "/api/metrics"));
            if (m) online = static_cast<int>(m->online);
            return online == 200;
        },
        10s, 50ms);
    EXPECT_TRUE(all_online) << online << " online";
    EXPECT_EQ(load.wait(30s), 0) << slurp(out);
    const auto text = slurp(out);
    EXPECT_NE(text.find("load done: 200 elevators; delivered (broker PUBACK) 200 of 200 births"), std::string::npos) << text;
    EXPECT_NE(text.find(" 0 failed publishes"), std::string::npos) << text;
    EXPECT_NE(text.find("messages/s"), std::string::npos) << text;
}

// The numbers in "load done: N elevators; delivered (broker PUBACK) B of B births and D of D
// goodbyes; sent (QoS 0, not acknowledged) S of S statuses; ..." (0 when absent).
std::uint64_t load_figure(const std::string& text, const std::string& before) {
    const auto at = text.find(before);
    return at == std::string::npos ? 0 : std::stoull(text.substr(at + before.size()));
}

// Issue 9, item 12: after load's goodbye the center shows every elevator offline (the goodbyes
// are delivered before load disconnects), and what load says it delivered and sent is what the
// center received.
TEST(load_mode, after_the_goodbye_the_center_shows_none_online_and_received_what_load_reports) {
    constexpr int n = 1500;
    drill_rig rig;
    ASSERT_EQ(rig.generate({"--elevators", std::to_string(n)}), "");
    ASSERT_EQ(rig.start_center(false), "");
    const auto out = rig.dir.path() / "load.log";
    child_process load(program("lw-sim"),
                       {"load", "--city", rig.city.string(), "--broker", rig.broker_address(), "--elevators",
                        std::to_string(n), "--connections", "4", "--status-every", "2s", "--duration", "3s"},
                       out);
    ASSERT_EQ(load.wait(60s), 0) << slurp(out);
    const auto text = slurp(out);
    const auto births = load_figure(text, "delivered (broker PUBACK) ");
    const auto goodbyes = load_figure(text, " births and ");
    const auto statuses = load_figure(text, "sent (QoS 0, not acknowledged) ");
    EXPECT_EQ(births, static_cast<std::uint64_t>(n)) << text;
    EXPECT_EQ(goodbyes, static_cast<std::uint64_t>(n)) << text;
    EXPECT_GT(statuses, static_cast<std::uint64_t>(n)) << text;   // one after each birth at least

    lw::center::api::metrics_reply m;
    auto ingested = [&] {
        std::uint64_t sum = 0;
        for (const auto& [result, count] : m.ingest) sum += count;
        return sum;
    };
    const bool settled = lw::test::wait_until(
        [&] {
            auto r = lw::center::api::from_json<lw::center::api::metrics_reply>(http_get(rig.console_port, "/api/metrics"));
            if (!r) return false;
            m = *r.value;
            return m.online == 0 && ingested() == births + goodbyes + statuses;
        },
        20s, 50ms);
    EXPECT_TRUE(settled) << m.online << " online at the center after the goodbye; it ingested " << ingested()
                         << ", load reports " << births << " births + " << goodbyes << " goodbyes + " << statuses
                         << " statuses\n" << text;
    EXPECT_EQ(m.ingest["accepted"], births + goodbyes + statuses);
}

}  // namespace

// What the center notices about a real board that stops talking (issue 9 item 7): the real
// lw-center process, a real mosquitto and a real lw-agent (`--script`). A frozen board (SIGSTOP:
// its TCP connection stays open, so the broker's Will waits for the keep-alive) is stale at the
// center within 1.5 x its status period plus one second; after a center restart the board is
// asked for a rebirth and known long before its next periodic status.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "lw/center/api/types.hpp"
#include "lw/center/city_json.hpp"
#include "lw/http_client.hpp"
#include "lw/test/broker.hpp"
#include "lw/test/sample_registry.hpp"

namespace {
using namespace std::chrono_literals;
namespace api = lw::center::api;
using clock_type = std::chrono::steady_clock;

// A car at rest at a floor, nobody inside: nothing to alarm about.
constexpr const char* idle_script = "0 floor=1 in_door_zone=true door=closed occupied=false moving=false\n";

class node_watch : public ::testing::Test {
protected:
    void SetUp() override {
        std::ofstream(dir_.path() / "city.json") << lw::center::to_json(lw::test::sample_city());
        std::ofstream(dir_.path() / "idle.script") << idle_script;
        db_ = (dir_.path() / "center.db").string();
        start_center();
    }
    void TearDown() override {
        if (agent_.running()) agent_.signal(SIGCONT);   // a stopped process would ignore SIGTERM
    }

    void start_center() {
        std::filesystem::remove(dir_.path() / "port");
        port_ = 0;
        center_ = lw::test::child_process(
            lw::test::program("lw-center"),
            {"serve", "--db", db_, "--city", (dir_.path() / "city.json").string(), "--regions", "testcity",
             "--broker", "127.0.0.1:" + std::to_string(broker_.port()), "--http", "127.0.0.1:0", "--port-file",
             (dir_.path() / "port").string(), "--center-id", "center-under-test"},
            dir_.path() / "center.log");
        ASSERT_TRUE(lw::test::wait_until(
            [&] {
                std::ifstream f(dir_.path() / "port");
                return static_cast<bool>(f >> port_) && port_ > 0;
            },
            10s))
            << "lw-center did not start";
    }

    void start_agent(int status_every_s) {
        agent_ = lw::test::child_process(
            lw::test::program("lw-agent"),
            {"--elevator_id", "E1", "--region", "testcity", "--broker", "127.0.0.1:" + std::to_string(broker_.port()),
             "--outbox", (dir_.path() / "outbox.db").string(), "--script", (dir_.path() / "idle.script").string(),
             "--status_every_s", std::to_string(status_every_s)},
            dir_.path() / "agent.log");
        ASSERT_TRUE(lw::test::wait_until([&] { return live_state() == "online"; }, 15s, 50ms))
            << "the board never came online at the center\n"
            << file("center.log");
    }

    template <class T>
    std::optional<T> get(const std::string& target) {
        const auto r = lw::http_client::get("127.0.0.1", port_, target, 5s);
        if (r.status != 200) return std::nullopt;
        auto p = api::from_json<T>(r.body);
        if (!p) return std::nullopt;
        return *p;
    }
    std::optional<api::live_summary> live() {
        const auto d = get<api::elevator_dossier>("/api/elevators/E1");
        if (!d || !d->live) return std::nullopt;
        return d->live;
    }
    std::string live_state() {
        const auto l = live();
        return l ? l->state : "";
    }
    std::string file(const std::string& name) {
        std::ifstream f(dir_.path() / name);
        std::stringstream ss;
        ss << f.rdbuf();
        return ss.str();
    }

    lw::test::mosquitto_broker broker_;
    lw::test::temp_dir dir_;
    std::string db_;
    int port_ = 0;
    lw::test::child_process center_, agent_;
};

TEST_F(node_watch, frozen_board_is_stale_at_the_center_within_one_and_a_half_periods_plus_one_second) {
    constexpr int period_s = 1;
    start_agent(period_s);
    // Online and reporting: not stale while its statuses come.
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            const auto l = live();
            return l && l->state == "online" && !l->status_overdue;
        },
        5s, 50ms));

    agent_.signal(SIGSTOP);   // frozen: the process stops, its connection stays open
    const auto frozen_at = clock_type::now();
    const auto limit = std::chrono::milliseconds{period_s * 1500} + 1s;
    std::optional<api::live_summary> seen;
    lw::test::wait_until(
        [&] {
            const auto l = live();
            if (l && l->status_overdue) seen = l;
            return seen.has_value();
        },
        limit + 2s, 20ms);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - frozen_at);
    ASSERT_TRUE(seen) << "never stale\n" << file("center.log");
    std::printf("[ measured ] stale %lld ms after SIGSTOP (status every %d s, limit %lld ms)\n",
                static_cast<long long>(took.count()), period_s, static_cast<long long>(limit.count()));
    EXPECT_LE(took, limit) << "stale too late";
    EXPECT_EQ(seen->state, "stale") << "the broker's Will has not come yet: online, but stale";
    EXPECT_TRUE(seen->stale);

    // Everywhere the console looks: the metrics, the list of boards to look at, the map.
    const auto m = get<api::metrics_reply>("/api/metrics");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->watch.stale, 1U);
    EXPECT_GE(m->watch.statuses_overdue, 1U);
    const auto flagged = get<std::vector<api::elevator_state>>("/api/elevators?watch=1");
    ASSERT_TRUE(flagged);
    ASSERT_EQ(flagged->size(), 1U);
    EXPECT_EQ(flagged->at(0).id, "E1");
    EXPECT_EQ(flagged->at(0).state, "stale");
    const auto map = get<api::map_reply>("/api/map");
    ASSERT_TRUE(map);
    ASSERT_EQ(map->elevators.size(), 1U);
    EXPECT_TRUE(map->elevators[0].status_overdue);
    EXPECT_FALSE(map->elevators[0].online);
    EXPECT_NE(file("center.log").find("E1: stale: no status for"), std::string::npos);

    // Thawed: its next status makes it online again.
    agent_.signal(SIGCONT);
    EXPECT_TRUE(lw::test::wait_until(
        [&] {
            const auto l = live();
            return l && l->state == "online" && !l->status_overdue;
        },
        5s, 50ms))
        << file("center.log");
    EXPECT_EQ(agent_.stop(), 0);
}

TEST_F(node_watch, after_a_center_restart_a_known_board_is_asked_for_a_rebirth_and_known_within_one_status_period) {
    constexpr auto period = 30s;   // the agents' default: the next periodic status is far away
    start_agent(static_cast<int>(period.count()));
    ASSERT_EQ(center_.stop(), 0);
    start_center();
    const auto restarted_at = clock_type::now();
    EXPECT_EQ(live_state(), "unknown") << "a fresh center has heard nothing yet";
    ASSERT_TRUE(lw::test::wait_until([&] { return live_state() == "online"; }, 10s, 50ms))
        << "the board stayed unknown\n"
        << file("center.log");
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - restarted_at);
    std::printf("[ measured ] known %lld ms after the restart (status every %lld s)\n",
                static_cast<long long>(took.count()), static_cast<long long>(period.count()));
    EXPECT_LT(took, period);

    // The center asked, and the request and the board's answer are in the command log.
    std::optional<api::command_record> asked;
    EXPECT_TRUE(lw::test::wait_until(
        [&] {
            for (const auto& c : get<std::vector<api::command_record>>("/api/elevators/E1/commands")
                                     .value_or(std::vector<api::command_record>{}))
                if (c.kind == "rebirth" && c.issued_by == "center" && c.answered) asked = c;
            return asked.has_value();
        },
        5s, 50ms));
    ASSERT_TRUE(asked);
    EXPECT_EQ(asked->result, "done");
    EXPECT_NE(file("center.log").find("1 boards known from earlier runs not heard from yet"), std::string::npos)
        << file("center.log");
    EXPECT_EQ(agent_.stop(), 0);
}

}  // namespace

// Every command from the center to a real board: the real lw-center process, a real mosquitto
// and a real lw-agent (`--script`, ALSA's "null" device for the comfort message). Each command is
// sent through the center's API (and the CLI), reaches the board through the broker, has its
// effect there, and the board's answer comes back and is recorded in the command log. The voice
// comfort of an entrapment is played once, and its played / failed outcome is on the incident's
// timeline (issue 9, items 2 and 6).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "lw/center/api/types.hpp"
#include "lw/center/city_json.hpp"
#include "lw/http_client.hpp"
#include "lw/test/broker.hpp"
#include "lw/test/sample_registry.hpp"
#include "lw/test/wav.hpp"

namespace {
using namespace std::chrono_literals;
namespace api = lw::center::api;

using lw::test::silence_wav;

// Stopped between floors with someone inside from the start: an entrapment as soon as the
// board's threshold allows (the tests start it with one hour, then lower it by command).
constexpr const char* trapped_script = "0 floor=3 in_door_zone=false door=closed occupied=true moving=false\n";

class board_commands : public ::testing::Test {
protected:
    void SetUp() override {
        std::ofstream(dir_.path() / "city.json") << lw::center::to_json(lw::test::sample_city());
        std::ofstream(dir_.path() / "trapped.script") << trapped_script;
        std::ofstream(dir_.path() / "comfort.wav", std::ios::binary) << silence_wav();
        db_ = (dir_.path() / "center.db").string();
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

    void start_agent(const std::string& alsa_device, int entrapment_s) {
        agent_ = lw::test::child_process(
            lw::test::program("lw-agent"),
            {"--elevator_id", "E1", "--region", "testcity", "--broker", "127.0.0.1:" + std::to_string(broker_.port()),
             "--outbox", (dir_.path() / "outbox.db").string(), "--script", (dir_.path() / "trapped.script").string(),
             "--audio", "alsa", "--alsa_device", alsa_device, "--comfort_wav", (dir_.path() / "comfort.wav").string(),
             "--entrapment_between_floors_s", std::to_string(entrapment_s), "--status_every_s", "1"},
            dir_.path() / "agent.log");
        ASSERT_TRUE(lw::test::wait_until(
            [&] {
                const auto d = get<api::elevator_dossier>("/api/elevators/E1");
                return d && d->live && d->live->state == "online";
            },
            15s, 100ms))
            << "the board never came online at the center";
    }

    template <class T>
    std::optional<T> get(const std::string& target) {
        const auto r = lw::http_client::get("127.0.0.1", port_, target, 5s);
        if (r.status != 200) return std::nullopt;
        auto p = api::from_json<T>(r.body);
        if (!p) return std::nullopt;
        return *p;
    }

    // POST /api/elevators/E1/commands: the command's id (0 when refused; `refusal` says why).
    std::uint64_t send(const std::string& kind, std::map<std::string, std::string> thresholds = {},
                       std::string* refusal = nullptr) {
        api::command_request req{kind, std::move(thresholds), "operator Li"};
        const auto r = lw::http_client::post_form("127.0.0.1", port_, "/api/elevators/E1/commands", api::to_form(req), 5s);
        if (r.status != 200) {
            if (refusal) *refusal = std::to_string(r.status) + " " + r.body;
            return 0;
        }
        const auto c = api::from_json<api::command_reply>(r.body);
        return c ? c->command_id : 0;
    }

    std::vector<api::command_record> command_log() {
        return get<std::vector<api::command_record>>("/api/elevators/E1/commands").value_or(std::vector<api::command_record>{});
    }

    // The logged command `id` once the board's answer is recorded (nullopt after 10 s).
    std::optional<api::command_record> answered(std::uint64_t id) {
        std::optional<api::command_record> found;
        lw::test::wait_until(
            [&] {
                for (const auto& c : command_log())
                    if (c.id == id && c.answered) found = c;
                return found.has_value();
            },
            10s, 50ms);
        return found;
    }

    std::vector<api::timeline_record> timeline(std::int64_t incident) {
        const auto d = get<api::incident_detail>("/api/incidents/" + std::to_string(incident));
        return d ? d->timeline : std::vector<api::timeline_record>{};
    }
    std::size_t count_steps(std::int64_t incident, const std::string& step) {
        std::size_t n = 0;
        for (const auto& r : timeline(incident)) n += r.step == step;
        return n;
    }
    std::optional<std::int64_t> open_incident() {
        const auto l = get<std::vector<api::incident_summary>>("/api/incidents?open=1");
        if (!l || l->empty()) return std::nullopt;
        return l->front().id;
    }
    std::string agent_log() {
        std::ifstream f(dir_.path() / "agent.log");
        std::stringstream ss;
        ss << f.rdbuf();
        return ss.str();
    }
    static std::size_t occurrences(const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
        return n;
    }

    lw::test::mosquitto_broker broker_;
    lw::test::temp_dir dir_;
    std::string db_;
    int port_ = 0;
    lw::test::child_process center_, agent_;
};

TEST_F(board_commands, every_command_reaches_a_real_board_has_its_effect_and_its_answer_is_recorded) {
    start_agent("null", 3600);

    // rebirth: the board publishes a birth again.
    const auto births_before = occurrences(agent_log(), "birth bd_seq=");
    auto id = send("rebirth");
    ASSERT_GT(id, 0U);
    auto c = answered(id);
    ASSERT_TRUE(c) << "no answer to rebirth";
    EXPECT_EQ(c->result, "done");
    EXPECT_EQ(c->issued_by, "operator Li");
    EXPECT_NE(c->reason.find("birth published"), std::string::npos) << c->reason;
    EXPECT_TRUE(lw::test::wait_until([&] { return occurrences(agent_log(), "birth bd_seq=") > births_before; }, 5s));

    // test_alarm: the board runs an EN 81-28 test alarm; the usual TEST_ALARM event reaches the center.
    id = send("test_alarm");
    c = answered(id);
    ASSERT_TRUE(c) << "no answer to test_alarm";
    EXPECT_EQ(c->result, "done") << c->reason;
    EXPECT_TRUE(lw::test::wait_until(
        [&] {
            const auto m = get<api::metrics_reply>("/api/metrics");
            return m && m->test_alarms == 1;
        },
        5s));

    // set_thresholds: unknown names and bad values are refused by the board with the reason.
    id = send("set_thresholds", {{"warp_factor", "9"}});
    c = answered(id);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->result, "refused");
    EXPECT_NE(c->reason.find("unknown threshold 'warp_factor'"), std::string::npos) << c->reason;
    EXPECT_EQ(c->parameters, "warp_factor=9");
    id = send("set_thresholds", {{"entrapment_between_floors_s", "abc"}});
    c = answered(id);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->result, "refused");
    EXPECT_NE(c->reason.find("is not a number"), std::string::npos) << c->reason;
    EXPECT_FALSE(open_incident()) << "a refused threshold changed nothing";

    // A good one takes effect in the fault detector: the car stopped between floors with
    // someone inside is now an entrapment (after 1 s instead of an hour): an incident opens.
    id = send("set_thresholds", {{"entrapment_between_floors_s", "1"}});
    c = answered(id);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->result, "done") << c->reason;
    EXPECT_NE(c->reason.find("entrapment_between_floors_s=1"), std::string::npos) << c->reason;
    ASSERT_TRUE(lw::test::wait_until([&] { return open_incident().has_value(); }, 10s)) << "no entrapment";
    const auto incident = *open_incident();

    // Played once: the board started the comfort message itself; the center's order of the
    // incident (~100 ms later) is answered "already playing" and not played again.
    std::optional<api::command_record> center_order;
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            for (const auto& x : command_log())
                if (x.kind == "play_comfort" && x.issued_by == "center" && x.answered) center_order = x;
            return center_order.has_value() && count_steps(incident, "comfort_played") >= 1;
        },
        10s, 50ms))
        << "no answer to the center's comfort order, or no comfort_played step";
    EXPECT_EQ(center_order->incident, incident);
    EXPECT_EQ(center_order->result, "done");
    EXPECT_NE(center_order->reason.find("already playing"), std::string::npos) << center_order->reason;
    EXPECT_EQ(count_steps(incident, "comfort_ordered"), 1U);
    EXPECT_EQ(count_steps(incident, "comfort_played"), 1U);

    // play_comfort while it plays: "already playing"; stop_comfort; play_comfort again: played.
    c = answered(send("play_comfort"));
    ASSERT_TRUE(c);
    EXPECT_NE(c->reason.find("already playing"), std::string::npos) << c->reason;
    c = answered(send("stop_comfort"));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->result, "done");
    EXPECT_EQ(c->reason, "comfort stopped");
    c = answered(send("play_comfort"));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->reason, "comfort message started");
    ASSERT_TRUE(lw::test::wait_until([&] { return count_steps(incident, "comfort_played") == 2; }, 10s));
    bool center_order_played = false;
    for (const auto& r : timeline(incident))
        center_order_played |= r.step == "comfort_played" && r.details.find("center_order, play 1") != std::string::npos;
    EXPECT_TRUE(center_order_played);

    // The CLI sends a command the same way and prints the board's answer.
    const auto cli = lw::test::run_program(
        "lw-center", {"command", "--console", "127.0.0.1:" + std::to_string(port_), "E1", "test_alarm"});
    EXPECT_EQ(cli.exit_code, 0) << cli.err;
    EXPECT_NE(cli.out.find("(test_alarm) done at"), std::string::npos) << cli.out;
    const auto bad = lw::test::run_program(
        "lw-center", {"command", "--console", "127.0.0.1:" + std::to_string(port_), "E1", "set_thresholds", "--thresholds", "x=1"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.out.find("refused by the board"), std::string::npos) << bad.out << bad.err;

    // Unknown kinds are refused by the center, and counted.
    std::string why;
    EXPECT_EQ(send("self_destruct", {}, &why), 0U);
    EXPECT_NE(why.find("400"), std::string::npos) << why;
    const auto m = get<api::metrics_reply>("/api/metrics");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->refused.at("command refused"), 1U);
    EXPECT_GE(m->commands.at("sent"), 10U);
    EXPECT_EQ(m->refused.count("unknown command result"), 0U);

    // The command log is in the store, readable while the center runs.
    const auto log = lw::test::run_program("lw-center", {"commands", "--db", db_, "E1"});
    EXPECT_EQ(log.exit_code, 0) << log.err;
    EXPECT_NE(log.out.find("(set_thresholds) refused by the board"), std::string::npos) << log.out;
    EXPECT_NE(log.out.find("(rebirth) done"), std::string::npos) << log.out;
}

TEST_F(board_commands, comfort_that_alsa_cannot_play_is_reported_failed_with_the_reason_on_the_timeline) {
    start_agent("no_such_pcm_device", 1);
    ASSERT_TRUE(lw::test::wait_until([&] { return open_incident().has_value(); }, 10s)) << "no entrapment";
    const auto incident = *open_incident();
    ASSERT_TRUE(lw::test::wait_until([&] { return count_steps(incident, "comfort_failed") >= 1; }, 10s))
        << "no comfort_failed step";
    EXPECT_EQ(count_steps(incident, "comfort_played"), 0U) << "nothing was played";
    for (const auto& r : timeline(incident))
        if (r.step == "comfort_failed")
            EXPECT_NE(r.details.find("cannot open ALSA device no_such_pcm_device"), std::string::npos) << r.details;
}

}  // namespace

// The real lw-agent binary over a real mosquitto: store-and-forward across broker outages and
// agent crashes (SIGKILL), birth/death bd_seq pairing. Integration: real broker, real SQLite.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "liftwatch/v1/liftwatch.pb.h"
#include "lw/mqtt_client.hpp"
#include "lw/test/broker.hpp"
#include "lw/topics.hpp"

namespace {
namespace pb = liftwatch::v1;
using namespace std::chrono_literals;

constexpr const char* region = "linktest";
constexpr const char* elevator = "TS-LINK-0001";

// Raises and clears three faults in the first 3 s (safety circuit, passenger alarm, brake):
// six events per run of the agent, then nothing.
constexpr const char* fault_script = R"(0    floor=1 in_door_zone=true door=closed occupied=false
0.3  safety_circuit_ok=false
1.2  safety_circuit_ok=true
1.4  alarm_button=true
2.1  alarm_button=false
2.3  brake_ok=false
3.0  brake_ok=true
)";
constexpr int events_per_run = 6;
constexpr const char* idle_script = "0 floor=1 in_door_zone=true door=closed occupied=false\n";

// Everything the center would see of this elevator, recorded in arrival order. The
// subscription is persistent (clean_session=false, QoS 1), so while the watcher is away the
// broker queues for it, and with broker persistence that queue survives a broker restart.
class bus_watcher {
public:
    explicit bus_watcher(int port) {
        lw::mqtt::options o;
        o.port = port;
        o.client_id = "lw-link-test-watcher";
        o.clean_session = false;
        o.reconnect_min = 1s;
        o.reconnect_max = 1s;
        client_ = std::make_unique<lw::mqtt::client>(o);
        client_->on_connect([this](bool) {
            client_->subscribe(std::string("lw/v1/") + region + "/" + elevator + "/#", 1);
        });
        client_->on_message([this](lw::mqtt::message&& m) { record(std::move(m)); });
        EXPECT_EQ(client_->start(), "");
    }
    ~bus_watcher() { client_->stop(); }

    // Publishes a probe on the watched topics and waits for it: the subscription is active.
    bool ready() {
        const auto topic = std::string("lw/v1/") + region + "/" + elevator + "/probe";
        return lw::test::wait_until(
            [&] {
                if (client_->connected()) client_->publish(topic, "probe", 1);
                std::lock_guard lock(mutex_);
                return probes_ > 0;
            },
            10s, 100ms);
    }

    std::vector<pb::Event> events() {
        std::lock_guard lock(mutex_);
        return events_;
    }
    std::vector<pb::NodeBirth> births() {
        std::lock_guard lock(mutex_);
        return births_;
    }
    std::vector<pb::NodeDeath> deaths() {
        std::lock_guard lock(mutex_);
        return deaths_;
    }
    std::set<std::uint64_t> event_seqs() {
        std::set<std::uint64_t> s;
        for (const auto& e : events()) s.insert(e.seq());
        return s;
    }

private:
    void record(lw::mqtt::message&& m) {
        std::lock_guard lock(mutex_);
        const auto kind = m.topic.substr(m.topic.rfind('/') + 1);
        if (kind == "event") {
            pb::Event e;
            if (e.ParseFromString(m.payload)) events_.push_back(e);
        } else if (kind == "birth") {
            pb::NodeBirth b;
            if (b.ParseFromString(m.payload)) births_.push_back(b);
        } else if (kind == "death") {
            pb::NodeDeath d;
            if (d.ParseFromString(m.payload)) deaths_.push_back(d);
        } else if (kind == "probe") {
            ++probes_;
        }
    }

    std::unique_ptr<lw::mqtt::client> client_;
    std::mutex mutex_;
    std::vector<pb::Event> events_;
    std::vector<pb::NodeBirth> births_;
    std::vector<pb::NodeDeath> deaths_;
    int probes_ = 0;
};

// The seqs in the agent's outbox file, read by a separate read-only connection.
std::vector<std::uint64_t> outbox_seqs(const std::filesystem::path& path) {
    std::vector<std::uint64_t> out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 1000);
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT seq FROM outbox ORDER BY seq", -1, &st, nullptr) == SQLITE_OK)
            while (sqlite3_step(st) == SQLITE_ROW) out.push_back(static_cast<std::uint64_t>(sqlite3_column_int64(st, 0)));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

class agent_link : public ::testing::Test {
protected:
    void SetUp() override {
        write(dir_.path() / "faults.script", fault_script);
        write(dir_.path() / "idle.script", idle_script);
    }

    static void write(const std::filesystem::path& p, const std::string& text) {
        std::ofstream f(p);
        f << text;
    }

    lw::test::child_process start_agent(int port, const std::string& script, int run) {
        return lw::test::child_process(
            lw::test::program("lw-agent"),
            {"--elevator_id", elevator, "--region", region, "--broker", "127.0.0.1:" + std::to_string(port),
             "--outbox", outbox_.string(), "--script", (dir_.path() / script).string(), "--reconnect_min_s", "1",
             "--reconnect_max_s", "1", "--status_every_s", "3600"},
            dir_.path() / ("agent-" + std::to_string(run) + ".log"));
    }

    std::string agent_log(int run) const {
        std::ifstream f(dir_.path() / ("agent-" + std::to_string(run) + ".log"));
        return std::string(std::istreambuf_iterator<char>(f), {});
    }

    lw::test::temp_dir dir_;
    std::filesystem::path outbox_ = dir_.path() / "outbox.db";
};

TEST_F(agent_link, events_made_offline_across_a_crash_all_arrive_in_order_historical_and_leave_the_outbox) {
    lw::test::mosquitto_broker broker(/*persistence=*/true);
    bus_watcher watcher(broker.port());
    ASSERT_TRUE(watcher.ready());

    // Run 1: online, births with some bd_seq.
    auto a1 = start_agent(broker.port(), "idle.script", 1);
    ASSERT_TRUE(lw::test::wait_until([&] { return !watcher.births().empty(); }, 15s)) << agent_log(1);
    const auto first_bd = watcher.births().front().bd_seq();

    // The broker goes away; run 1 dies hard, run 2 makes events and dies hard, run 3 makes more.
    // Each run gets a minute (polled): beside two builds and the suite, one lw-agent took 20 s
    // to start and the 20 s bound failed the test with nothing wrong.
    broker.stop();
    a1.kill9();
    auto a2 = start_agent(broker.port(), "faults.script", 2);
    ASSERT_TRUE(lw::test::wait_until([&] { return outbox_seqs(outbox_).size() >= 3; }, 60s)) << agent_log(2);
    a2.kill9();
    const auto after_crash = outbox_seqs(outbox_).size();
    auto a3 = start_agent(broker.port(), "faults.script", 3);
    ASSERT_TRUE(lw::test::wait_until([&] { return outbox_seqs(outbox_).size() >= after_crash + events_per_run; }, 60s))
        << agent_log(3);
    const auto stored = outbox_seqs(outbox_);
    ASSERT_EQ(stored.size(), after_crash + events_per_run) << agent_log(3);
    for (std::size_t i = 0; i < stored.size(); ++i) ASSERT_EQ(stored[i], i + 1) << "outbox seqs have a gap";
    EXPECT_TRUE(watcher.events().empty());

    // The broker returns: everything stored arrives, once, in seq order, flagged historical.
    broker.start();
    const std::set<std::uint64_t> expected(stored.begin(), stored.end());
    ASSERT_TRUE(lw::test::wait_until([&] { return watcher.event_seqs() == expected; }, 30s))
        << "got " << watcher.event_seqs().size() << " of " << expected.size() << "\n" << agent_log(3);
    const auto events = watcher.events();
    ASSERT_EQ(events.size(), stored.size()) << "duplicates";
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i].seq(), stored[i]) << "out of order at " << i;
        EXPECT_TRUE(events[i].historical()) << "seq " << events[i].seq();
        EXPECT_EQ(events[i].elevator_id(), elevator);
    }
    // Raised and cleared pairs from both runs.
    const auto raised = std::count_if(events.begin(), events.end(),
                                      [](const pb::Event& e) { return e.kind() == pb::EVENT_KIND_FAULT_RAISED; });
    EXPECT_GE(raised, 3);
    EXPECT_TRUE(lw::test::wait_until([&] { return outbox_seqs(outbox_).empty(); }, 10s))
        << outbox_seqs(outbox_).size() << " left in the outbox";

    // Run 3's birth: a later session than run 1, announcing the next seq.
    ASSERT_TRUE(lw::test::wait_until([&] { return watcher.births().size() >= 2; }, 10s));
    const auto birth = watcher.births().back();
    EXPECT_GT(birth.bd_seq(), first_bd);
    EXPECT_EQ(birth.next_event_seq(), stored.back() + 1);

    // Run 3 dies hard while connected: the broker sends its Will, with the same bd_seq.
    a3.kill9();
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            for (const auto& d : watcher.deaths())
                if (d.bd_seq() == birth.bd_seq()) return true;
            return false;
        },
        30s))
        << "no death with bd_seq " << birth.bd_seq();
    for (const auto& d : watcher.deaths()) EXPECT_FALSE(d.clean());
}

TEST_F(agent_link, a_broker_restart_mid_run_loses_nothing_and_pairs_each_birth_with_its_will) {
    lw::test::mosquitto_broker broker(/*persistence=*/true);
    bus_watcher watcher(broker.port());
    ASSERT_TRUE(watcher.ready());

    auto agent = start_agent(broker.port(), "faults.script", 1);
    ASSERT_TRUE(lw::test::wait_until([&] { return !watcher.births().empty(); }, 15s)) << agent_log(1);
    const auto first = watcher.births().front();
    // Drop the broker while the faults are being raised, bring it back once some were stored.
    ASSERT_TRUE(lw::test::wait_until([&] { return !watcher.events().empty(); }, 15s)) << agent_log(1);
    broker.stop();
    ASSERT_TRUE(lw::test::wait_until([&] { return !outbox_seqs(outbox_).empty(); }, 15s)) << agent_log(1);
    broker.start();

    std::set<std::uint64_t> expected;
    for (std::uint64_t s = 1; s <= events_per_run; ++s) expected.insert(s);
    ASSERT_TRUE(lw::test::wait_until([&] { return watcher.event_seqs() == expected; }, 30s))
        << "got " << watcher.event_seqs().size() << " events\n" << agent_log(1);
    // In order; a copy of an already delivered seq is tolerated only as an exact repeat
    // (QoS 1 is at-least-once when a PUBACK is lost in the drop), never as a reordering.
    std::uint64_t highest = 0;
    for (const auto& e : watcher.events()) {
        if (e.seq() <= highest) continue;
        EXPECT_EQ(e.seq(), highest + 1) << "out of order";
        highest = e.seq();
    }
    EXPECT_TRUE(lw::test::wait_until([&] { return outbox_seqs(outbox_).empty(); }, 10s));

    // The reconnect is a new session: bd_seq + 1 in the birth, and the Will carries it too.
    ASSERT_TRUE(lw::test::wait_until([&] { return watcher.births().size() >= 2; }, 10s));
    const auto second = watcher.births().back();
    EXPECT_EQ(second.bd_seq(), first.bd_seq() + 1);
    agent.kill9();
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            for (const auto& d : watcher.deaths())
                if (d.bd_seq() == second.bd_seq()) return true;
            return false;
        },
        30s))
        << "no death with bd_seq " << second.bd_seq();
    for (const auto& d : watcher.deaths()) EXPECT_LE(d.bd_seq(), second.bd_seq());
}

}  // namespace

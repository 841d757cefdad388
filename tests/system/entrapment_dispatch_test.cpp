// The thin path of the whole system over a real broker: a node's entrapment event reaches the
// real lw-center process, which dispatches the nearest available crew of the elevator's own
// maintenance company (and no other crew), and stores the rescue timeline step by step as the
// crew reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <vector>

#include "liftwatch/v1/liftwatch.pb.h"
#include "lw/center/city_json.hpp"
#include "lw/center/store_reader.hpp"
#include "lw/mqtt_client.hpp"
#include "lw/test/broker.hpp"
#include "lw/test/sample_registry.hpp"
#include "lw/topics.hpp"

namespace {
namespace pb = liftwatch::v1;
using namespace std::chrono_literals;

// The sample city (lw/test/sample_registry.hpp): elevator E1 belongs to company "north"; here
// also company "south", elevator E2 and these crews, nearest first from E1:
//   south-1 (another company, 200 m), north-busy (own company, 300 m, will be busy),
//   north-near (own company, 1 km), north-far (own company, 5 km).
lw::center::city test_city() {
    auto c = lw::test::sample_city();
    c.companies.push_back({"south", "South Lifts", "0938-2", {"Maiji"}, 0});
    const auto e1 = c.elevators[0].position;
    auto north_of = [&](double metres) { return lw::test::offset(e1, metres, 0); };
    c.crews = {{"south-1", "south", "maintenance", "S1", "1", "", north_of(200)},
               {"north-busy", "north", "maintenance", "NB", "2", "", north_of(300)},
               {"north-near", "north", "maintenance", "NN", "3", "", north_of(1000)},
               {"north-far", "north", "maintenance", "NF", "4", "", north_of(5000)},
               {"rt1", "rescue", "rescue_team", "RT", "5", "ws1", north_of(2000)}};
    c.workstations = {{"ws1", "WS 1", "hospital", "Qinzhou", north_of(2000)}};
    // A second elevator of the same company, whose incident keeps north-busy busy.
    auto e = c.elevators[0];
    e.id = "E2";
    e.position = north_of(310);
    c.elevators.push_back(e);
    return c;
}

struct received {
    std::string topic;
    pb::DispatchOrder order;
};

class center_fixture : public ::testing::Test {
protected:
    void SetUp() override {
        city_path_ = dir_.path() / "city.json";
        std::ofstream(city_path_) << lw::center::to_json(test_city());
        db_path_ = dir_.path() / "center.db";
        center_ = lw::test::child_process(
            lw::test::program("lw-center"),
            {"serve", "--db", db_path_.string(), "--city", city_path_.string(), "--regions", "testcity", "--broker",
             "127.0.0.1:" + std::to_string(broker_.port()), "--http", "127.0.0.1:0", "--port-file",
             (dir_.path() / "port").string(), "--center-id", "center-under-test"},
            dir_.path() / "center.log");
        ASSERT_TRUE(lw::test::wait_until([&] { return std::filesystem::exists(dir_.path() / "port"); }, 10s))
            << "lw-center did not start";

        lw::mqtt::options o;
        o.port = broker_.port();
        o.client_id = "test-peer";
        peer_ = std::make_unique<lw::mqtt::client>(o);
        peer_->on_connect([this](bool) { peer_->subscribe("lw/v1/dispatch/#", 1); });
        peer_->on_message([this](lw::mqtt::message&& m) {
            pb::DispatchOrder d;
            if (!d.ParseFromString(m.payload)) return;
            std::lock_guard lock(mutex_);
            orders_.push_back({m.topic, d});
        });
        ASSERT_EQ(peer_->start(), "");
        ASSERT_TRUE(lw::test::wait_until([&] { return peer_->connected(); }, 5s));
        // The center subscribes in its connect callback: its retained "online" state says it is up.
        ASSERT_TRUE(wait_center_online());
    }

    bool wait_center_online() {
        std::atomic<bool> online{false};
        lw::mqtt::options o;
        o.port = broker_.port();
        o.client_id = "test-watch";
        lw::mqtt::client watch(o);
        watch.on_connect([&](bool) { watch.subscribe(lw::topics::center_state, 1); });
        watch.on_message([&](lw::mqtt::message&& m) {
            pb::CenterState s;
            if (s.ParseFromString(m.payload) && s.online()) online = true;
        });
        watch.start();
        const bool ok = lw::test::wait_until([&] { return online.load(); }, 10s);
        watch.stop();
        return ok;
    }

    void publish(const std::string& elevator, lw::topics::node_kind kind, const std::string& payload) {
        ASSERT_TRUE(peer_->publish(lw::topics::node("testcity", elevator, kind), payload, 1).ok());
    }

    void birth(const std::string& elevator) {
        pb::NodeBirth b;
        b.set_elevator_id(elevator);
        b.set_bd_seq(1);
        b.set_next_event_seq(1);
        b.set_time_ms(lw::to_ms(lw::wall_now()));
        publish(elevator, lw::topics::node_kind::birth, b.SerializeAsString());
    }

    void entrapment(const std::string& elevator, std::uint64_t seq) {
        pb::Event e;
        e.set_elevator_id(elevator);
        e.set_seq(seq);
        e.set_bd_seq(1);
        e.set_time_ms(lw::to_ms(lw::wall_now()));
        e.set_kind(pb::EVENT_KIND_FAULT_RAISED);
        e.set_code(pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
        e.set_detail("stopped between floors, doors closed, occupied for 15 s");
        publish(elevator, lw::topics::node_kind::event, e.SerializeAsString());
    }

    void report(const std::string& company, const std::string& crew, std::int64_t incident, pb::CrewReportKind k) {
        pb::CrewReport r;
        r.set_crew_id(crew);
        r.set_company_id(company);
        r.set_incident_id(incident);
        r.set_kind(k);
        r.set_time_ms(lw::to_ms(lw::wall_now()));
        if (k == pb::CREW_REPORT_KIND_ACKNOWLEDGED) r.set_eta_s(240);
        ASSERT_TRUE(peer_->publish(lw::topics::crew_report(company, crew), r.SerializeAsString(), 1).ok());
    }

    std::vector<received> orders() {
        std::lock_guard lock(mutex_);
        return orders_;
    }

    std::vector<std::string> steps(std::int64_t incident) {
        lw::center::store_reader db(db_path_.string());  // a second connection: WAL readers do not block
        std::vector<std::string> out;
        for (const auto& r : db.timeline(incident)) out.push_back(r.step + (r.actor.empty() ? "" : "@" + r.actor));
        return out;
    }

    bool has_step(std::int64_t incident, const std::string& step) {
        lw::center::store_reader db(db_path_.string());
        for (const auto& r : db.timeline(incident))
            if (r.step == step) return true;
        return false;
    }

    lw::test::mosquitto_broker broker_;
    lw::test::temp_dir dir_;
    std::filesystem::path city_path_, db_path_;
    lw::test::child_process center_;
    std::unique_ptr<lw::mqtt::client> peer_;
    std::mutex mutex_;
    std::vector<received> orders_;
};

TEST_F(center_fixture, entrapment_over_the_broker_dispatches_the_nearest_crew_of_the_own_company_only) {
    // First keep north-busy busy with an incident on E2 (it is the nearest north crew to E2).
    birth("E2");
    entrapment("E2", 1);
    ASSERT_TRUE(lw::test::wait_until([&] { return orders().size() == 1; }, 10s)) << "no dispatch for E2";
    EXPECT_EQ(orders()[0].topic, lw::topics::dispatch("north", "north-busy"));

    birth("E1");
    entrapment("E1", 1);
    ASSERT_TRUE(lw::test::wait_until([&] { return orders().size() >= 2; }, 10s)) << "no dispatch for E1";
    // Let any stray order arrive before counting (bounded, polls the count).
    lw::test::wait_until([&] { return orders().size() > 2; }, 300ms);
    const auto all = orders();
    ASSERT_EQ(all.size(), 2u) << "exactly one order per incident, on exactly one crew's topic";
    const auto& o = all[1];
    // Nearest available crew of E1's own company: south-1 is nearer but of another company,
    // north-busy is nearer but busy.
    EXPECT_EQ(o.topic, lw::topics::dispatch("north", "north-near"));
    EXPECT_EQ(o.order.crew_id(), "north-near");
    EXPECT_EQ(o.order.company_id(), "north");
    EXPECT_EQ(o.order.elevator_id(), "E1");
    EXPECT_EQ(o.order.level(), pb::RESPONSE_LEVEL_L1);
    EXPECT_EQ(o.order.rescue_code(), "123456");
    EXPECT_EQ(o.order.attempt(), 1u);
    const auto incident = o.order.incident_id();
    ASSERT_GT(incident, 0);

    // The crew reports each step; the center records each with its time.
    report("north", "north-near", incident, pb::CREW_REPORT_KIND_ACKNOWLEDGED);
    ASSERT_TRUE(lw::test::wait_until([&] { return has_step(incident, "acknowledged"); }, 5s));
    report("north", "north-near", incident, pb::CREW_REPORT_KIND_EN_ROUTE);
    report("north", "north-near", incident, pb::CREW_REPORT_KIND_ARRIVED);
    report("north", "north-near", incident, pb::CREW_REPORT_KIND_RELEASED);
    ASSERT_TRUE(lw::test::wait_until([&] { return has_step(incident, "released"); }, 5s));

    lw::center::store_reader db(db_path_.string());
    const auto rows = db.timeline(incident);
    std::vector<std::string> kinds;
    for (const auto& r : rows) kinds.push_back(r.step);
    auto pos = [&](const std::string& s) {
        return std::find(kinds.begin(), kinds.end(), s) - kinds.begin();
    };
    for (const char* s : {"alarm_received", "dispatched", "notify_requested", "notify_undelivered", "comfort_ordered",
                          "acknowledged", "en_route", "arrived", "released"})
        EXPECT_LT(pos(s), static_cast<long>(kinds.size())) << s << " missing";
    EXPECT_EQ(kinds.front(), "alarm_received");
    EXPECT_LT(pos("alarm_received"), pos("dispatched"));
    EXPECT_EQ(pos("notify_undelivered"), pos("notify_requested") + 1);   // each request, then its fate
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "notified"), 0);
    EXPECT_LT(pos("dispatched"), pos("acknowledged"));
    EXPECT_LT(pos("acknowledged"), pos("en_route"));
    EXPECT_LT(pos("en_route"), pos("arrived"));
    EXPECT_LT(pos("arrived"), pos("released"));
    for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_LE(rows[i - 1].at, rows[i].at) << "times in order";
    // The dispatch row names the crew and company.
    const auto d = rows[static_cast<std::size_t>(pos("dispatched"))];
    EXPECT_NE(d.details.find("north-near"), std::string::npos) << d.details;
    EXPECT_EQ(rows[static_cast<std::size_t>(pos("released"))].actor, "north-near");
    EXPECT_TRUE(db.verify().ok);

    // Still exactly one order per crew after the whole rescue (no re-sends once acknowledged).
    EXPECT_EQ(orders().size(), 2u);
}

TEST_F(center_fixture, an_entrapment_of_an_unknown_elevator_dispatches_nobody) {
    birth("NOPE");
    entrapment("NOPE", 1);
    // A real entrapment right after proves the center processed the bad one and is alive.
    birth("E1");
    entrapment("E1", 1);
    ASSERT_TRUE(lw::test::wait_until([&] { return !orders().empty(); }, 10s));
    lw::test::wait_until([&] { return orders().size() > 1; }, 300ms);
    ASSERT_EQ(orders().size(), 1u);
    EXPECT_EQ(orders()[0].order.elevator_id(), "E1");
}

}  // namespace

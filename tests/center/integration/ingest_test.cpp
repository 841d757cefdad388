// Bad input into the real lw-center over a real broker (issue 4, "What it must show"): a
// malformed payload, an unknown elevator, a stale death (old bd_seq after a newer birth), an
// oversized payload, a topic outside the contract, and crew reports that cannot apply. Each is
// counted (GET /api/metrics), the state is unchanged (the elevator stays online, no incident),
// and the center stays alive: it still dispatches a later real entrapment. Also: the
// node_silent alarm (a node silent while a fault is active) reaches a crew.
#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "center_harness.hpp"

namespace {
using namespace std::chrono_literals;
using json = nlohmann::json;
using namespace lw::test::center;

json get_json(int port, const std::string& target) {
    const auto r = http_get(port, target);
    if (r.status != 200) return json{};
    auto j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? json{} : j;
}

std::uint64_t at(const json& j, const std::string& group, const std::string& key) {
    if (!j.is_object() || !j.contains(group) || !j[group].contains(key)) return 0;
    return j[group][key].get<std::uint64_t>();
}

std::string node_topic(const std::string& elevator, const std::string& kind) {
    return "lw/v1/" + std::string(region) + "/" + elevator + "/" + kind;
}

TEST(center_ingest, bad_input_is_counted_state_unchanged_and_center_alive) {
    center_harness h;
    ASSERT_TRUE(h.started());
    const int port = h.http_port();

    h.birth("E1", 5);
    ASSERT_TRUE(lw::test::wait_until(
        [&] { return get_json(port, "/api/elevators/E1")["live"].value("state", "") == "online"; }, 5s));

    // 1. malformed payloads (not protobuf of the topic's message; an event without seq)
    h.publish_raw(node_topic("E1", "event"), std::string("\xff\xff\xff garbage", 12));
    h.publish_raw(node_topic("E1", "birth"), std::string("\x0a\xff\x01", 3));
    pb::Event no_seq;
    no_seq.set_kind(pb::EVENT_KIND_FAULT_RAISED);
    no_seq.set_code(pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
    h.publish_raw(node_topic("E1", "event"), no_seq.SerializeAsString());
    // 2. an unknown elevator, with an entrapment that must not open an incident
    h.birth("E404", 1);
    h.event("E404", 1, pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
    // 3. a stale death: the Will of session 4 arriving after the birth of session 5
    h.death("E1", 4);
    // 4. an oversized payload and a topic outside the contract
    h.publish_raw(node_topic("E1", "status"), std::string(20 * 1024, 'x'));
    h.publish_raw(node_topic("E1", "bogus"), "x");
    // 5. crew reports: unknown incident, unknown crew, a kind outside the contract (the wire
    // adapter refuses it like a malformed one), malformed
    h.report("north", "north-near", 999, pb::CREW_REPORT_KIND_ARRIVED);
    h.report("north", "nobody", 1, pb::CREW_REPORT_KIND_ACKNOWLEDGED);
    h.report("north", "north-near", 1, pb::CREW_REPORT_KIND_UNSPECIFIED);
    h.publish_raw(lw::topics::crew_report("north", "north-near"), std::string("\xff\xff", 2));

    json m;
    const bool counted = lw::test::wait_until(
        [&] {
            m = get_json(port, "/api/metrics");
            return at(m, "malformed", "event") >= 2 && at(m, "malformed", "birth") >= 1 &&
                   at(m, "ingest", "rejected_unknown_elevator") >= 2 && at(m, "ingest", "rejected_stale_death") >= 1 &&
                   at(m, "malformed", "oversized") >= 1 && at(m, "malformed", "topic") >= 1 &&
                   at(m, "refused", "crew report refused") >= 1 && at(m, "refused", "unknown crew") >= 1 &&
                   at(m, "malformed", "crew_report") >= 2;
        },
        10s, 20ms);
    ASSERT_TRUE(counted) << m.dump(1) << "\n" << h.center_log();
    // Each exactly once: nothing was counted twice or under another heading.
    EXPECT_EQ(at(m, "malformed", "event"), 2u);
    EXPECT_EQ(at(m, "malformed", "birth"), 1u);
    EXPECT_EQ(at(m, "ingest", "rejected_unknown_elevator"), 2u);
    EXPECT_EQ(at(m, "ingest", "rejected_stale_death"), 1u);
    EXPECT_EQ(at(m, "malformed", "oversized"), 1u);
    EXPECT_EQ(at(m, "malformed", "topic"), 1u);
    EXPECT_EQ(at(m, "refused", "crew report refused"), 1u);
    EXPECT_EQ(at(m, "refused", "unknown crew"), 1u);
    EXPECT_EQ(at(m, "malformed", "crew_report"), 2u);
    EXPECT_EQ(m.value("alarms_raised", 0), 0);

    // State unchanged: E1 still online (the stale death did not take it down), no incident.
    EXPECT_EQ(get_json(port, "/api/elevators/E1")["live"].value("state", ""), "online");
    EXPECT_EQ(get_json(port, "/api/incidents").size(), 0u);
    EXPECT_TRUE(h.center_running());
    // Logged once with the reason.
    const auto log = h.center_log();
    EXPECT_NE(log.find("rejected_stale_death"), std::string::npos) << log;
    EXPECT_NE(log.find("refused: oversized: 20480 bytes (limit 16384)"), std::string::npos) << log;
    EXPECT_NE(log.find("unknown report kind 0"), std::string::npos) << log;
    EXPECT_NE(log.find("unknown incident"), std::string::npos) << log;

    // Alive: a real entrapment is still dispatched, once.
    h.event("E1", 1, pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
    ASSERT_TRUE(h.wait_order_for("north-near")) << h.center_log();
    EXPECT_EQ(h.orders_for("north-near").size(), 1u);
    EXPECT_EQ(h.stop_center(), 0);
}

// Issue 9 item 4: an event whose kind the contract does not define (0 = UNSPECIFIED, 99 = none)
// once read as "raised" and opened an alarm. Both are refused as bad input and counted; the
// elevator keeps its state; the same entrapment with a real kind then opens the incident.
TEST(center_ingest, unknown_event_kinds_0_and_99_are_refused_and_counted) {
    center_harness h;
    ASSERT_TRUE(h.started());
    const int port = h.http_port();
    h.birth("E1", 1);
    ASSERT_TRUE(lw::test::wait_until(
        [&] { return get_json(port, "/api/elevators/E1")["live"].value("state", "") == "online"; }, 5s));

    h.event("E1", 1, pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS, pb::EVENT_KIND_UNSPECIFIED);
    h.event("E1", 2, pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS, static_cast<pb::EventKind>(99));
    json m;
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            m = get_json(port, "/api/metrics");
            return at(m, "malformed", "event") >= 2;
        },
        10s, 20ms))
        << m.dump(1) << "\n" << h.center_log();
    EXPECT_EQ(at(m, "malformed", "event"), 2u);
    EXPECT_EQ(m.value("alarms_raised", -1), 0);
    EXPECT_EQ(m.value("open_incidents", -1), 0);
    EXPECT_EQ(get_json(port, "/api/incidents").size(), 0u);
    const auto e1 = get_json(port, "/api/elevators/E1")["live"];
    EXPECT_EQ(e1.value("state", ""), "online");
    EXPECT_TRUE(h.orders_for("north-near").empty());
    const auto log = h.center_log();
    EXPECT_NE(log.find("unknown event kind 0"), std::string::npos) << log;   // logged once per kind of error

    // A real raise after them (seq 3) is taken: the refused ones changed nothing.
    h.event("E1", 3, pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
    ASSERT_TRUE(h.wait_order_for("north-near")) << h.center_log();
    EXPECT_EQ(get_json(port, "/api/metrics").value("alarms_raised", -1), 1);
    EXPECT_EQ(h.stop_center(), 0);
}

// Issue 9 item 5, through the real broker: NaN and infinite numbers, times at the edges of int64
// and an ETA of centuries are refused, counted under out_of_range (not as malformed), change
// nothing, and the center goes on.
TEST(center_ingest, numbers_out_of_range_are_refused_counted_and_change_nothing) {
    center_harness h;
    ASSERT_TRUE(h.started());
    const int port = h.http_port();
    h.birth("E1", 1);
    ASSERT_TRUE(lw::test::wait_until(
        [&] { return get_json(port, "/api/elevators/E1")["live"].value("state", "") == "online"; }, 5s));

    pb::Status st;
    st.set_elevator_id("E1");
    st.set_door(pb::DOOR_STATE_CLOSED);
    st.set_speed_mps(std::numeric_limits<float>::quiet_NaN());
    h.publish_raw(node_topic("E1", "status"), st.SerializeAsString());
    st.set_speed_mps(0);
    st.set_temperature_c(-std::numeric_limits<float>::infinity());
    h.publish_raw(node_topic("E1", "status"), st.SerializeAsString());
    pb::Event ev;
    ev.set_seq(1);
    ev.set_kind(pb::EVENT_KIND_FAULT_RAISED);
    ev.set_code(pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
    ev.set_time_ms(std::numeric_limits<std::int64_t>::max());
    h.publish_raw(node_topic("E1", "event"), ev.SerializeAsString());
    ev.set_time_ms(std::numeric_limits<std::int64_t>::min());
    h.publish_raw(node_topic("E1", "event"), ev.SerializeAsString());
    pb::CrewReport rep;
    rep.set_crew_id("north-near");
    rep.set_incident_id(1);
    rep.set_kind(pb::CREW_REPORT_KIND_ACKNOWLEDGED);
    rep.set_eta_s(std::numeric_limits<std::int64_t>::max());
    h.publish_raw(lw::topics::crew_report("north", "north-near"), rep.SerializeAsString());

    json m;
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            m = get_json(port, "/api/metrics");
            return at(m, "out_of_range", "status") >= 2 && at(m, "out_of_range", "event") >= 2 &&
                   at(m, "out_of_range", "crew_report") >= 1;
        },
        10s, 20ms))
        << m.dump(1) << "\n" << h.center_log();
    EXPECT_EQ(at(m, "out_of_range", "status"), 2u);
    EXPECT_EQ(at(m, "out_of_range", "event"), 2u);
    EXPECT_EQ(at(m, "out_of_range", "crew_report"), 1u);
    EXPECT_TRUE(m["malformed"].empty()) << m.dump(1);
    EXPECT_EQ(m.value("alarms_raised", -1), 0);
    EXPECT_EQ(get_json(port, "/api/incidents").size(), 0u);
    EXPECT_NE(h.center_log().find("time_ms 9223372036854775807 out of range"), std::string::npos) << h.center_log();

    // The same entrapment with a real time (seq 1 was never taken) opens the incident.
    h.event("E1", 1, pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
    ASSERT_TRUE(h.wait_order_for("north-near")) << h.center_log();
    EXPECT_EQ(h.stop_center(), 0);
}

TEST(center_ingest, node_silent_with_an_active_fault_raises_an_alarm) {
    constexpr int silence_limit_s = 2;
    center_harness h({"--silence-limit-s", std::to_string(silence_limit_s)});
    ASSERT_TRUE(h.started());
    h.birth("E2", 1);
    h.event("E2", 1, pb::FAULT_CODE_DOOR_OPEN_FAILURE);
    // Nothing more from E2: after the silence limit the center raises node_silent.
    ASSERT_TRUE(h.wait_order_for("north-near", 1, 15s)) << h.center_log();
    const auto j = get_json(h.http_port(), "/api/incidents/1");
    EXPECT_EQ(j.value("source", ""), "node_silent");
    EXPECT_EQ(j.value("elevator_id", ""), "E2");
    EXPECT_EQ(h.stop_center(), 0);
}

}  // namespace

namespace {

TEST(center_ingest, statuses_before_a_birth_ask_for_one_rebirth_not_one_per_status) {
    center_harness h;
    ASSERT_TRUE(h.started());
    const int port = h.http_port();
    // A node whose QoS 0 statuses overtake its QoS 1 birth (or a center that restarted): the
    // statuses are kept, and the center asks the node to rebirth — once, not once per status.
    pb::Status st;
    st.set_elevator_id("E1");
    st.set_door(pb::DOOR_STATE_CLOSED);
    for (int i = 0; i < 5; ++i) {
        st.set_time_ms(1000 + i);
        h.publish_raw(node_topic("E1", "status"), st.SerializeAsString());
    }
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            const auto m = get_json(port, "/api/metrics");
            return m.value("rebirths_requested", 0) + m.value("rebirths_suppressed", 0) >= 5;
        },
        5s));
    const auto m = get_json(port, "/api/metrics");
    EXPECT_EQ(m.value("rebirths_requested", 0), 1);
    EXPECT_EQ(m.value("rebirths_suppressed", 0), 4);
}

}  // namespace

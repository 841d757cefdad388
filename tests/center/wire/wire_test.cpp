#include "lw/center/wire.hpp"

#include <gtest/gtest.h>

#include "liftwatch/v1/liftwatch.pb.h"

// The wire adapter on bytes: every topic kind decodes to its input, every malformed message to a
// specific error, and the effects encode to what a crew or a node parses back.
namespace lw::center::wire {
namespace {
namespace pb = liftwatch::v1;

const std::string lift = "TS-QZ-00001";
const std::string node_topic = "lw/v1/tianshui/" + lift + "/";

template <class T>
T as(const decoded& d) {
    const auto* in = std::get_if<input>(&d);
    if (!in) {
        const auto* e = std::get_if<decode_error>(&d);
        ADD_FAILURE() << "not an input" << (e ? ": " + e->kind + ": " + e->what : std::string{});
        return T{};
    }
    return std::get<T>(*in);
}
decode_error error_of(const decoded& d) {
    if (const auto* e = std::get_if<decode_error>(&d)) return *e;
    ADD_FAILURE() << "not an error";
    return {};
}

TEST(center_wire, birth_with_active_faults_as_a_mask) {
    pb::NodeBirth b;
    b.set_bd_seq(7);
    b.set_next_event_seq(41);
    b.set_firmware_version("lw-agent 0.1");
    b.add_active_faults(pb::FAULT_CODE_BATTERY_LOW);
    b.add_active_faults(static_cast<pb::FaultCode>(40));   // a newer board's code: kept
    b.add_active_faults(static_cast<pb::FaultCode>(99));   // beyond the mask: dropped
    const auto& in = as<node_birth_input>(decode(node_topic + "birth", b.SerializeAsString()));
    EXPECT_EQ(in.region, "tianshui");
    EXPECT_EQ(in.elevator_id, lift);
    EXPECT_EQ(in.birth.bd_seq, 7U);
    EXPECT_EQ(in.birth.next_event_seq, 41U);
    EXPECT_EQ(in.birth.active_faults, domain::mask_of(fault_code::battery_low) | (fault_mask{1} << 40));
    EXPECT_EQ(in.firmware_version, "lw-agent 0.1");
}

TEST(center_wire, death_and_status) {
    pb::NodeDeath d;
    d.set_bd_seq(3);
    const auto& death = as<node_death_input>(decode(node_topic + "death", d.SerializeAsString()));
    EXPECT_EQ(death.bd_seq, 3U);
    EXPECT_FALSE(death.clean);

    pb::Status s;
    s.set_time_ms(1'795'000'000'123);
    s.set_mode(pb::SERVICE_MODE_INSPECTION);
    s.set_door(pb::DOOR_STATE_NOT_FULLY_CLOSED);
    s.set_direction(pb::DIRECTION_DOWN);
    s.set_speed_mps(1.75f);
    s.set_temperature_c(-4.25f);
    s.set_floor(-2);
    s.set_floor_known(true);
    s.set_battery_pct(250);   // clamped to 100
    s.set_occupied(true);
    const auto& st = as<node_status_input>(decode(node_topic + "status", s.SerializeAsString())).status;
    EXPECT_EQ(st.sampled_at, from_ms(1'795'000'000'123));
    EXPECT_EQ(st.mode, service_mode::inspection);
    EXPECT_EQ(st.door, door_state::not_fully_closed);
    EXPECT_EQ(st.direction, travel_direction::down);
    EXPECT_EQ(st.speed_mm_s, 1750);
    EXPECT_EQ(st.temperature_dc, -42);
    EXPECT_EQ(st.floor, -2);
    EXPECT_EQ(st.battery_pct, 100);
    EXPECT_TRUE(st.occupied);
}

TEST(center_wire, status_with_a_word_this_build_does_not_know_is_refused_by_name) {
    pb::Status s;
    s.set_mode(static_cast<pb::ServiceMode>(9));
    EXPECT_EQ(error_of(decode(node_topic + "status", s.SerializeAsString())).what, "unknown service mode 9");
    s.set_mode(pb::SERVICE_MODE_NORMAL);
    s.set_door(static_cast<pb::DoorState>(6));
    EXPECT_EQ(error_of(decode(node_topic + "status", s.SerializeAsString())).what, "unknown door state 6");
    s.set_door(pb::DOOR_STATE_CLOSED);
    s.set_speed_mps(std::numeric_limits<float>::quiet_NaN());
    EXPECT_EQ(error_of(decode(node_topic + "status", s.SerializeAsString())).kind, "status");
    s.set_speed_mps(0);
    s.set_floor(70000);
    EXPECT_NE(error_of(decode(node_topic + "status", s.SerializeAsString())).what.find("floor"), std::string::npos);
}

TEST(center_wire, events_of_every_kind) {
    pb::Event e;
    e.set_seq(5);
    e.set_time_ms(1'795'000'000'000);
    e.set_kind(pb::EVENT_KIND_FAULT_CLEARED);
    e.set_code(pb::FAULT_CODE_ENTRAPMENT_AT_FLOOR);
    e.set_historical(true);
    e.set_detail("doors opened");
    const auto& in = as<node_event_input>(decode(node_topic + "event", e.SerializeAsString()));
    EXPECT_EQ(in.kind, node_event_kind::fault_cleared);
    EXPECT_EQ(in.event.seq, 5U);
    EXPECT_EQ(in.event.code, fault_code::entrapment_at_floor);
    EXPECT_FALSE(in.event.raised);
    EXPECT_TRUE(in.event.historical);
    EXPECT_EQ(in.detail, "doors opened");

    e.set_kind(pb::EVENT_KIND_COMFORT_PLAYED);
    const auto& comfort = as<node_event_input>(decode(node_topic + "event", e.SerializeAsString()));
    EXPECT_EQ(comfort.kind, node_event_kind::comfort_played);
    EXPECT_EQ(comfort.event.code, fault_code::unknown);

    e.set_kind(pb::EVENT_KIND_TEST_ALARM);
    e.set_code(pb::FAULT_CODE_TEST_ALARM);
    EXPECT_EQ(as<node_event_input>(decode(node_topic + "event", e.SerializeAsString())).kind,
              node_event_kind::test_alarm);

    e.set_kind(pb::EVENT_KIND_UNSPECIFIED);
    EXPECT_EQ(error_of(decode(node_topic + "event", e.SerializeAsString())).kind, "event");
    e.set_kind(pb::EVENT_KIND_FAULT_RAISED);
    e.set_seq(0);
    EXPECT_EQ(error_of(decode(node_topic + "event", e.SerializeAsString())).what, "seq 0 (events are numbered from 1)");
}

// Issue 9 item 4: kinds outside the contract are not read as "raised".
TEST(center_wire, unknown_event_kinds_0_and_99_are_refused_not_raised) {
    pb::Event e;
    e.set_seq(5);
    e.set_time_ms(1'795'000'000'000);
    e.set_code(pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
    for (const int kind : {0, 99}) {
        e.set_kind(static_cast<pb::EventKind>(kind));
        const auto err = error_of(decode(node_topic + "event", e.SerializeAsString()));
        EXPECT_EQ(err.kind, "event") << kind;
        EXPECT_EQ(err.what, "unknown event kind " + std::to_string(kind));
    }
}

// Issue 9 item 5: numbers a message may carry but the center cannot take are refused whole and
// told apart from undecodable messages (out_of_range): nothing reaches a cast or a sum.
TEST(center_wire, nan_and_infinite_speed_or_temperature_are_refused_as_out_of_range) {
    constexpr float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    for (const float bad : {nan, inf, -inf}) {
        pb::Status s;
        s.set_door(pb::DOOR_STATE_CLOSED);
        s.set_speed_mps(bad);
        auto err = error_of(decode(node_topic + "status", s.SerializeAsString()));
        EXPECT_EQ(err.kind, "status");
        EXPECT_TRUE(err.out_of_range) << bad;
        s.set_speed_mps(0);
        s.set_temperature_c(bad);
        err = error_of(decode(node_topic + "status", s.SerializeAsString()));
        EXPECT_EQ(err.what, "speed or temperature is not a finite number");
        EXPECT_TRUE(err.out_of_range) << bad;
    }
}

TEST(center_wire, times_at_the_edges_of_int64_are_refused_as_out_of_range) {
    constexpr auto max = std::numeric_limits<std::int64_t>::max(), min = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t ns_overflow = max / 1'000'000 + 1;   // ms whose nanoseconds do not fit
    pb::Status s;
    s.set_door(pb::DOOR_STATE_CLOSED);
    pb::Event e;
    e.set_seq(1);
    e.set_kind(pb::EVENT_KIND_FAULT_RAISED);
    e.set_code(pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
    pb::SimClock c;
    c.set_scale(60);
    const std::int64_t year_9999 = 253'402'300'799'999;
    for (const std::int64_t bad :
         {max, min, ns_overflow, -ns_overflow, std::int64_t{-1}, max_message_time_ms + 1, year_9999}) {
        s.set_time_ms(bad);
        auto err = error_of(decode(node_topic + "status", s.SerializeAsString()));
        EXPECT_EQ(err.what, "time_ms " + std::to_string(bad) + " out of range");
        EXPECT_TRUE(err.out_of_range);
        e.set_time_ms(bad);
        err = error_of(decode(node_topic + "event", e.SerializeAsString()));
        EXPECT_EQ(err.kind, "event");
        EXPECT_TRUE(err.out_of_range) << bad;
        c.set_city_time_ms(bad);
        err = error_of(decode("lw/v1/sim/clock", c.SerializeAsString()));
        EXPECT_EQ(err.kind, "sim_clock");
        EXPECT_TRUE(err.out_of_range) << bad;
    }
    // The epoch and the last millisecond a nanosecond clock holds are still times.
    for (const std::int64_t fine : {std::int64_t{0}, max_message_time_ms}) {
        s.set_time_ms(fine);
        EXPECT_EQ(as<node_status_input>(decode(node_topic + "status", s.SerializeAsString())).status.sampled_at,
                  from_ms(fine));
        e.set_time_ms(fine);
        EXPECT_EQ(as<node_event_input>(decode(node_topic + "event", e.SerializeAsString())).event.event_time,
                  from_ms(fine));
    }
}

TEST(center_wire, crew_eta_and_drill_clock_scale_out_of_range_are_refused) {
    pb::CrewReport r;
    r.set_crew_id("mc-a-1");
    r.set_incident_id(1);
    r.set_kind(pb::CREW_REPORT_KIND_ACKNOWLEDGED);
    for (const std::int64_t bad : {std::numeric_limits<std::int64_t>::max(), std::int64_t{86'401}, std::int64_t{-5},
                                   std::numeric_limits<std::int64_t>::min()}) {
        r.set_eta_s(bad);
        const auto err = error_of(decode("lw/v1/crew/mc-a/mc-a-1/report", r.SerializeAsString()));
        EXPECT_EQ(err.kind, "crew_report");
        EXPECT_TRUE(err.out_of_range) << bad;
    }
    r.set_eta_s(86'400);
    EXPECT_EQ(as<crew_report_input>(decode("lw/v1/crew/mc-a/mc-a-1/report", r.SerializeAsString())).report.eta,
              std::chrono::hours{24});
    pb::SimClock c;
    c.set_city_time_ms(42);
    for (const double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                             1e300, 0.0, -1.0}) {
        c.set_scale(bad);
        const auto err = error_of(decode("lw/v1/sim/clock", c.SerializeAsString()));
        EXPECT_EQ(err.kind, "sim_clock");
        EXPECT_TRUE(err.out_of_range) << bad;
    }
}

TEST(center_wire, crew_reports) {
    pb::CrewReport r;
    r.set_crew_id("mc-a-1");
    r.set_incident_id(12);
    r.set_kind(pb::CREW_REPORT_KIND_ACKNOWLEDGED);
    r.set_eta_s(360);
    r.set_has_position(true);
    r.set_lat_deg(34.58);
    r.set_lon_deg(105.72);
    const auto& in = as<crew_report_input>(decode("lw/v1/crew/mc-a/mc-a-1/report", r.SerializeAsString()));
    EXPECT_EQ(in.topic_company, "mc-a");
    EXPECT_EQ(in.topic_crew, "mc-a-1");
    EXPECT_EQ(in.report.crew_id, "mc-a-1");
    EXPECT_EQ(in.report.incident, 12);
    EXPECT_EQ(in.report.kind, crew_report_kind::acknowledged);
    EXPECT_EQ(in.report.eta, std::chrono::seconds{360});
    ASSERT_TRUE(in.report.position);
    EXPECT_DOUBLE_EQ(in.report.position->lat_deg, 34.58);

    r.set_kind(pb::CREW_REPORT_KIND_UNSPECIFIED);
    EXPECT_EQ(error_of(decode("lw/v1/crew/mc-a/mc-a-1/report", r.SerializeAsString())).what, "unknown report kind 0");
    r.set_kind(pb::CREW_REPORT_KIND_POSITION);
    r.set_lat_deg(91);
    EXPECT_EQ(error_of(decode("lw/v1/crew/mc-a/mc-a-1/report", r.SerializeAsString())).what, "position out of range");
}

TEST(center_wire, garbage_oversized_and_foreign_topics) {
    EXPECT_EQ(error_of(decode(node_topic + "event", "\xff\xff\xff garbage")).kind, "event");
    EXPECT_EQ(error_of(decode(node_topic + "event", std::string(max_payload_bytes + 1, 'x'))).kind, "oversized");
    EXPECT_EQ(error_of(decode("lw/v1/somewhere/else", "")).kind, "topic");
    EXPECT_EQ(error_of(decode("lw/v1/crew/a/b/report", "\x0a\xff")).kind, "crew_report");
    EXPECT_TRUE(std::holds_alternative<not_for_us>(decode(node_topic + "cmd", "")));
    pb::SimClock c;
    c.set_city_time_ms(42);
    c.set_scale(60);
    const auto clock = std::get<sim_clock_update>(decode("lw/v1/sim/clock", c.SerializeAsString()));
    EXPECT_EQ(clock.city_time_ms, 42);
    EXPECT_EQ(clock.scale, 60);
}

TEST(center_wire, dispatch_and_stand_down_parse_back_on_the_crews_topic) {
    dispatch_message d;
    d.order = dispatch_order{12, "mc-a-1", "mc-a", response_level::l2, lift, std::chrono::minutes{6},
                             from_ms(1'795'000'001'800'000), 3};
    d.issued_at = from_ms(1'795'000'000'000);
    d.address = "1 Renmin Road";
    d.rescue_code = "100001";
    d.using_unit = "No. 1 Middle School";
    d.position = {34.58, 105.72};
    d.machine_room_less = true;
    const auto m = encode(d);
    EXPECT_EQ(m.topic, "lw/v1/dispatch/mc-a/mc-a-1");
    EXPECT_EQ(m.qos, 1);
    EXPECT_FALSE(m.retain);
    pb::DispatchOrder o;
    ASSERT_TRUE(o.ParseFromString(m.payload));
    EXPECT_EQ(o.incident_id(), 12);
    EXPECT_EQ(o.level(), pb::RESPONSE_LEVEL_L2);
    EXPECT_EQ(o.attempt(), 3U);
    EXPECT_EQ(o.eta_s(), 360);
    EXPECT_EQ(o.arrive_by_ms(), 1'795'000'001'800'000);
    EXPECT_EQ(o.issued_ms(), 1'795'000'000'000);
    EXPECT_EQ(o.rescue_code(), "100001");
    EXPECT_EQ(o.using_unit(), "No. 1 Middle School");
    EXPECT_TRUE(o.machine_room_less());
    EXPECT_FALSE(o.stand_down());

    const auto s = encode(stand_down_message{stand_down_order{12, "mc-a-1", "mc-a", "superseded"}, lift, d.issued_at});
    EXPECT_EQ(s.topic, "lw/v1/dispatch/mc-a/mc-a-1");
    ASSERT_TRUE(o.ParseFromString(s.payload));
    EXPECT_TRUE(o.stand_down());
    EXPECT_EQ(o.elevator_id(), lift);
}

node_command command_of(node_command_kind k) {
    node_command c;
    c.kind = k;
    c.region = "tianshui";
    c.elevator_id = lift;
    c.issued_at = from_ms(5);
    return c;
}

TEST(center_wire, every_command_kind_is_encoded_with_its_id_and_thresholds) {
    const std::pair<node_command_kind, pb::CommandKind> kinds[] = {
        {node_command_kind::rebirth, pb::COMMAND_KIND_REBIRTH},
        {node_command_kind::test_alarm, pb::COMMAND_KIND_TEST_ALARM},
        {node_command_kind::play_comfort, pb::COMMAND_KIND_PLAY_COMFORT},
        {node_command_kind::stop_comfort, pb::COMMAND_KIND_STOP_COMFORT},
        {node_command_kind::set_thresholds, pb::COMMAND_KIND_SET_THRESHOLDS}};
    for (const auto& [kind, wire_kind] : kinds) {
        auto cmd = command_of(kind);
        cmd.command_id = 77;
        cmd.issued_by = "operator Li";
        cmd.incident = 3;
        if (kind == node_command_kind::set_thresholds) cmd.thresholds = {{"entrapment_at_floor_s", "60"}};
        pb::Command c;
        ASSERT_TRUE(c.ParseFromString(encode(cmd, "lw-center").payload));
        EXPECT_EQ(c.kind(), wire_kind);
        EXPECT_EQ(c.command_id(), 77U);
        EXPECT_EQ(c.issued_by(), "operator Li");   // an operator's command names the operator
        EXPECT_EQ(c.incident_id(), 3);
        if (kind == node_command_kind::set_thresholds) EXPECT_EQ(c.thresholds().at("entrapment_at_floor_s"), "60");
    }
}

TEST(center_wire, comfort_outcomes_and_command_results_decode_as_events_that_are_not_faults) {
    pb::Event e;
    e.set_seq(9);
    e.set_kind(pb::EVENT_KIND_COMFORT_FAILED);
    e.set_detail("entrapment, play 1: cannot open ALSA device x");
    auto in = as<node_event_input>(decode(node_topic + "event", e.SerializeAsString()));
    EXPECT_EQ(in.kind, node_event_kind::comfort_failed);
    EXPECT_FALSE(in.event.fault);
    EXPECT_EQ(in.detail, "entrapment, play 1: cannot open ALSA device x");

    e.set_kind(pb::EVENT_KIND_COMMAND_RESULT);
    e.set_command_id(41);
    e.set_command_kind(pb::COMMAND_KIND_SET_THRESHOLDS);
    e.set_ok(false);
    e.set_detail("unknown threshold 'x'");
    in = as<node_event_input>(decode(node_topic + "event", e.SerializeAsString()));
    EXPECT_EQ(in.kind, node_event_kind::command_result);
    EXPECT_EQ(in.command_id, 41U);
    EXPECT_EQ(in.command, node_command_kind::set_thresholds);
    EXPECT_FALSE(in.ok);
    EXPECT_FALSE(in.event.fault);

    e.set_command_kind(static_cast<pb::CommandKind>(42));
    EXPECT_EQ(error_of(decode(node_topic + "event", e.SerializeAsString())).kind, "event");
    e.set_command_kind(pb::COMMAND_KIND_REBIRTH);
    e.set_command_id(0);
    EXPECT_EQ(error_of(decode(node_topic + "event", e.SerializeAsString())).kind, "event");
}

TEST(center_wire, commands_and_center_state) {
    const auto m = encode(command_of(node_command_kind::play_comfort), "lw-center");
    EXPECT_EQ(m.topic, node_topic + "cmd");
    pb::Command c;
    ASSERT_TRUE(c.ParseFromString(m.payload));
    EXPECT_EQ(c.kind(), pb::COMMAND_KIND_PLAY_COMFORT);
    EXPECT_EQ(c.issued_by(), "lw-center");
    EXPECT_EQ(c.time_ms(), 5);

    const auto st = center_state(true, "lw-center", from_ms(9), {"tianshui", "longnan"});
    EXPECT_EQ(st.topic, "lw/v1/center/state");
    EXPECT_TRUE(st.retain);
    pb::CenterState cs;
    ASSERT_TRUE(cs.ParseFromString(st.payload));
    EXPECT_TRUE(cs.online());
    EXPECT_EQ(cs.regions_size(), 2);
}

// Issue 9, item 11: every order, stand-down, command and state the center publishes carries its
// instance, so a drill or a crew tells them from those another center left on the broker.
TEST(center_wire, orders_commands_and_state_carry_the_center_instance) {
    const std::uint64_t instance = 0x5eed00000000c0deULL;
    dispatch_message d;
    d.order = dispatch_order{12, "mc-a-1", "mc-a", response_level::l1, lift, std::chrono::minutes{6}, from_ms(2), 1};
    pb::DispatchOrder o;
    ASSERT_TRUE(o.ParseFromString(with_center_instance(encode(d).payload, instance)));
    EXPECT_EQ(o.center_instance(), instance);
    EXPECT_EQ(o.incident_id(), 12);   // the rest as stored
    EXPECT_EQ(with_center_instance("not a protobuf \xff\xff", instance), "not a protobuf \xff\xff");
    ASSERT_TRUE(o.ParseFromString(
        encode(stand_down_message{stand_down_order{12, "mc-a-1", "mc-a", "superseded"}, lift, from_ms(3)}, instance).payload));
    EXPECT_EQ(o.center_instance(), instance);
    pb::Command c;
    ASSERT_TRUE(c.ParseFromString(encode(command_of(node_command_kind::rebirth), "lw-center", instance).payload));
    EXPECT_EQ(c.center_instance(), instance);
    pb::CenterState cs;
    ASSERT_TRUE(cs.ParseFromString(center_state(true, "lw-center", from_ms(9), {"tianshui"}, instance).payload));
    EXPECT_EQ(cs.center_instance(), instance);
    EXPECT_EQ(instance_text(instance), "5eed00000000c0de");
    // Drawn at random, never 0 (0 is an older center's).
    const auto a = new_center_instance(), b = new_center_instance();
    EXPECT_NE(a, 0u);
    EXPECT_NE(a, b);
}

}  // namespace
}  // namespace lw::center::wire

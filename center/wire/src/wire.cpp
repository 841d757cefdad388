#include "lw/center/wire.hpp"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <limits>
#include <random>

#include "liftwatch/v1/liftwatch.pb.h"
#include "lw/topics.hpp"

// The center's one mapping between the proto enums and the domain's (numbers are the same on
// both sides — tests/common/domain_wire_test.cpp checks it — but a value this build does not
// know is refused here, by name, instead of being cast into a wrong word).
namespace lw::center::wire {
namespace pb = liftwatch::v1;

namespace {

decode_error failed(std::string kind, std::string what) { return decode_error{std::move(kind), std::move(what)}; }
decode_error out_of_range(std::string kind, std::string what) {
    return decode_error{std::move(kind), std::move(what), true};
}

// The longest crew ETA taken: a day. Beyond it the number means nothing for a rescue, and
// seconds -> milliseconds of an arbitrary int64 would overflow.
constexpr std::int64_t max_eta_s = 24 * 3600;
// Drill clock: city seconds per wall second, at most (lw-sim runs drills at 1..600).
constexpr double max_sim_scale = 1e6;

template <class E>
std::optional<E> known(int wire_value) {
    return domain::from_number<E>(wire_value);
}

bool finite_in(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }

decoded status_of(const topics::parsed_node_topic& t, const pb::Status& m) {
    const auto mode = known<service_mode>(m.mode());
    const auto direction = known<travel_direction>(m.direction());
    const auto door = known<door_state>(m.door());
    if (!mode) return failed("status", "unknown service mode " + std::to_string(m.mode()));
    if (!direction) return failed("status", "unknown direction " + std::to_string(m.direction()));
    if (!door) return failed("status", "unknown door state " + std::to_string(m.door()));
    if (!finite_in(m.speed_mps(), -1e6, 1e6) || !finite_in(m.temperature_c(), -1e6, 1e6))
        return out_of_range("status", "speed or temperature is not a finite number");
    if (m.floor() < std::numeric_limits<std::int16_t>::min() || m.floor() > std::numeric_limits<std::int16_t>::max())
        return out_of_range("status", "floor " + std::to_string(m.floor()) + " out of range");
    if (!is_message_time_ms(m.time_ms()))
        return out_of_range("status", "time_ms " + std::to_string(m.time_ms()) + " out of range");
    car_status s;
    s.sampled_at = from_ms(m.time_ms());
    s.floor = static_cast<std::int16_t>(m.floor());
    s.floor_known = m.floor_known();
    // Units: the wire carries m/s and degrees Celsius as floats; the center keeps mm/s and
    // tenths of a degree in 16 bits.
    s.speed_mm_s = static_cast<std::uint16_t>(std::clamp(m.speed_mps() * 1000.0f, 0.0f, 65535.0f));
    s.temperature_dc = static_cast<std::int16_t>(std::clamp(m.temperature_c() * 10.0f, -32768.0f, 32767.0f));
    s.battery_pct = static_cast<std::uint8_t>(std::min<std::uint32_t>(m.battery_pct(), 100));
    s.mode = *mode;
    s.direction = *direction;
    s.door = *door;
    s.moving = m.moving();
    s.in_door_zone = m.in_door_zone();
    s.occupied = m.occupied();
    s.alarm_button = m.alarm_button();
    s.mains_ok = m.mains_ok();
    s.safety_circuit_ok = m.safety_circuit_ok();
    s.door_lock_ok = m.door_lock_ok();
    s.overload = m.overload();
    return input{node_status_input{t.region, t.elevator, s}};
}

// The wire's CommandKind as the core's; nullopt for UNSPECIFIED and numbers this build does not know.
std::optional<node_command_kind> command_kind_of(int k) {
    switch (k) {
        case pb::COMMAND_KIND_REBIRTH: return node_command_kind::rebirth;
        case pb::COMMAND_KIND_TEST_ALARM: return node_command_kind::test_alarm;
        case pb::COMMAND_KIND_PLAY_COMFORT: return node_command_kind::play_comfort;
        case pb::COMMAND_KIND_STOP_COMFORT: return node_command_kind::stop_comfort;
        case pb::COMMAND_KIND_SET_THRESHOLDS: return node_command_kind::set_thresholds;
        default: return std::nullopt;
    }
}

pb::CommandKind command_kind_of(node_command_kind k) {
    switch (k) {
        case node_command_kind::rebirth: return pb::COMMAND_KIND_REBIRTH;
        case node_command_kind::test_alarm: return pb::COMMAND_KIND_TEST_ALARM;
        case node_command_kind::play_comfort: return pb::COMMAND_KIND_PLAY_COMFORT;
        case node_command_kind::stop_comfort: return pb::COMMAND_KIND_STOP_COMFORT;
        case node_command_kind::set_thresholds: return pb::COMMAND_KIND_SET_THRESHOLDS;
    }
    return pb::COMMAND_KIND_UNSPECIFIED;
}

decoded event_of(const topics::parsed_node_topic& t, const pb::Event& m) {
    if (m.seq() == 0) return failed("event", "seq 0 (events are numbered from 1)");
    if (!is_message_time_ms(m.time_ms()))
        return out_of_range("event", "time_ms " + std::to_string(m.time_ms()) + " out of range");
    node_event_input in;
    in.region = t.region;
    in.elevator_id = t.elevator;
    switch (m.kind()) {
        case pb::EVENT_KIND_FAULT_RAISED: in.kind = node_event_kind::fault_raised; break;
        case pb::EVENT_KIND_FAULT_CLEARED: in.kind = node_event_kind::fault_cleared; break;
        case pb::EVENT_KIND_TEST_ALARM: in.kind = node_event_kind::test_alarm; break;
        case pb::EVENT_KIND_COMFORT_PLAYED: in.kind = node_event_kind::comfort_played; break;
        case pb::EVENT_KIND_COMFORT_FAILED: in.kind = node_event_kind::comfort_failed; break;
        case pb::EVENT_KIND_COMMAND_RESULT: {
            const auto command = command_kind_of(m.command_kind());
            if (!command) return failed("event", "command result for unknown command kind " + std::to_string(m.command_kind()));
            if (m.command_id() == 0) return failed("event", "command result without a command_id");
            in.kind = node_event_kind::command_result;
            in.command = *command;
            in.command_id = m.command_id();
            in.ok = m.ok();
            break;
        }
        default: return failed("event", "unknown event kind " + std::to_string(m.kind()));
    }
    const bool fault = in.kind == node_event_kind::fault_raised || in.kind == node_event_kind::fault_cleared ||
                       in.kind == node_event_kind::test_alarm;
    in.event.seq = m.seq();
    // Any code is passed on, known to this build or not: the live state keeps codes 1..63 (a
    // newer board's fault still counts) and refuses the rest with its own reason.
    const auto code = std::clamp<std::int64_t>(m.code(), 0, std::numeric_limits<std::uint16_t>::max());
    in.event.code = fault ? static_cast<fault_code>(code) : fault_code::unknown;
    in.event.fault = fault;
    in.event.raised = in.kind != node_event_kind::fault_cleared;
    in.event.historical = m.historical();
    in.event.event_time = from_ms(m.time_ms());
    in.detail = m.detail();
    return input{std::move(in)};
}

decoded node_message(const topics::parsed_node_topic& t, std::string_view payload) {
    const std::string kind(topics::to_string(t.kind));
    const auto not_parsed = [&] { return failed(kind, "not a liftwatch.v1 message of this topic"); };
    switch (t.kind) {
        case topics::node_kind::birth: {
            pb::NodeBirth m;
            if (!m.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) return not_parsed();
            node_birth_input in{t.region, t.elevator, {}, m.firmware_version()};
            in.birth.bd_seq = m.bd_seq();
            if (m.next_event_seq() > 0) in.birth.next_event_seq = m.next_event_seq();
            fault_mask mask = 0;
            for (const int c : m.active_faults())
                if (c > 0 && c <= domain::max_fault_code_in_mask) mask |= domain::mask_of(static_cast<fault_code>(c));
            in.birth.active_faults = mask;
            in.birth.status_interval = std::chrono::seconds{m.status_interval_s()};
            return input{std::move(in)};
        }
        case topics::node_kind::death: {
            pb::NodeDeath m;
            if (!m.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) return not_parsed();
            return input{node_death_input{t.region, t.elevator, m.bd_seq(), m.clean()}};
        }
        case topics::node_kind::status: {
            pb::Status m;
            if (!m.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) return not_parsed();
            return status_of(t, m);
        }
        case topics::node_kind::event: {
            pb::Event m;
            if (!m.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) return not_parsed();
            return event_of(t, m);
        }
        case topics::node_kind::cmd: return not_for_us{};   // our own commands, when subscribed
    }
    return not_parsed();
}

decoded crew_message(const topics::parsed_crew_topic& t, std::string_view payload) {
    pb::CrewReport m;
    if (!m.ParseFromArray(payload.data(), static_cast<int>(payload.size())))
        return failed("crew_report", "not a liftwatch.v1.CrewReport");
    const auto kind = known<crew_report_kind>(m.kind());
    if (!kind) return failed("crew_report", "unknown report kind " + std::to_string(m.kind()));
    crew_report_input in;
    in.topic_company = t.company;
    in.topic_crew = t.crew;
    auto& r = in.report;
    r.crew_id = m.crew_id();
    r.incident = m.incident_id();
    r.kind = *kind;
    if (m.eta_s() < 0 || m.eta_s() > max_eta_s)
        return out_of_range("crew_report", "eta_s " + std::to_string(m.eta_s()) + " out of range 0.." +
                                               std::to_string(max_eta_s));
    if (m.eta_s() > 0) r.eta = std::chrono::seconds{m.eta_s()};
    if (m.has_position()) {
        if (!finite_in(m.lat_deg(), -90, 90) || !finite_in(m.lon_deg(), -180, 180))
            return out_of_range("crew_report", "position out of range");
        r.position = geo_point{m.lat_deg(), m.lon_deg()};
    }
    r.details = m.details();
    return input{std::move(in)};
}

pb::ResponseLevel level_of(response_level l) { return static_cast<pb::ResponseLevel>(static_cast<int>(l)); }

}  // namespace

decoded decode(std::string_view topic, std::string_view payload) {
    if (payload.size() > max_payload_bytes)
        return failed("oversized", std::to_string(payload.size()) + " bytes (limit " +
                                       std::to_string(max_payload_bytes) + ")");
    if (topic == topics::sim_clock) {
        pb::SimClock c;
        if (!c.ParseFromArray(payload.data(), static_cast<int>(payload.size())))
            return failed("sim_clock", "not a liftwatch.v1.SimClock");
        if (!(c.scale() > 0 && c.scale() <= max_sim_scale))   // NaN too
            return out_of_range("sim_clock", "scale " + std::to_string(c.scale()) + " is not in (0, 1e6]");
        if (!is_message_time_ms(c.city_time_ms()))
            return out_of_range("sim_clock", "city_time_ms " + std::to_string(c.city_time_ms()) + " out of range");
        return sim_clock_update{c.city_time_ms(), c.scale(), c.running()};
    }
    if (const auto t = topics::parse_node(topic)) return node_message(*t, payload);
    if (const auto t = topics::parse_crew_report(topic)) return crew_message(*t, payload);
    if (topic == topics::center_state) return not_for_us{};
    return failed("topic", "unexpected topic");
}

message encode(const dispatch_message& d) {
    const auto& o = d.order;
    pb::DispatchOrder m;
    m.set_incident_id(o.incident);
    m.set_crew_id(o.crew_id);
    m.set_company_id(o.company_id);
    m.set_level(level_of(o.level));
    m.set_elevator_id(o.elevator_id);
    m.set_address(d.address);
    m.set_lat_deg(d.position.lat_deg);
    m.set_lon_deg(d.position.lon_deg);
    m.set_rescue_code(d.rescue_code);
    m.set_machine_room_less(d.machine_room_less);
    m.set_using_unit(d.using_unit);
    m.set_issued_ms(to_ms(d.issued_at));
    m.set_arrive_by_ms(to_ms(o.arrive_by));
    m.set_eta_s(std::chrono::duration_cast<std::chrono::seconds>(o.eta).count());
    m.set_attempt(static_cast<std::uint32_t>(o.attempt));
    return message{topics::dispatch(o.company_id, o.crew_id), m.SerializeAsString(), 1, false};
}

std::uint64_t new_center_instance() {
    std::random_device rd;
    std::mt19937_64 rng((static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^
                        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
    for (;;)
        if (const auto v = rng(); v != 0) return v;
}

std::string instance_text(std::uint64_t instance) {
    char b[17];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(instance));
    return b;
}

std::string with_center_instance(std::string_view order_payload, std::uint64_t instance) {
    pb::DispatchOrder m;
    if (!m.ParseFromArray(order_payload.data(), static_cast<int>(order_payload.size()))) return std::string(order_payload);
    m.set_center_instance(instance);
    return m.SerializeAsString();
}

message encode(const stand_down_message& s, std::uint64_t instance) {
    pb::DispatchOrder m;
    m.set_center_instance(instance);
    m.set_incident_id(s.order.incident);
    m.set_crew_id(s.order.crew_id);
    m.set_company_id(s.order.company_id);
    m.set_stand_down(true);
    m.set_issued_ms(to_ms(s.issued_at));
    m.set_elevator_id(s.elevator_id);
    return message{topics::dispatch(s.order.company_id, s.order.crew_id), m.SerializeAsString(), 1, false};
}

message encode(const node_command& c, std::string_view issued_by, std::uint64_t instance) {
    pb::Command m;
    m.set_center_instance(instance);
    m.set_elevator_id(c.elevator_id);
    m.set_kind(command_kind_of(c.kind));
    m.set_time_ms(to_ms(c.issued_at));
    m.set_issued_by(c.issued_by == "center" ? std::string(issued_by) : c.issued_by);
    m.set_command_id(c.command_id);
    if (c.incident) m.set_incident_id(*c.incident);
    for (const auto& [k, v] : c.thresholds) (*m.mutable_thresholds())[k] = v;
    return message{topics::node(c.region, c.elevator_id, topics::node_kind::cmd), m.SerializeAsString(), 1, false};
}

message center_state(bool online, std::string_view center_id, timestamp at, const std::vector<std::string>& regions,
                     std::uint64_t instance) {
    pb::CenterState m;
    m.set_center_instance(instance);
    m.set_online(online);
    m.set_center_id(std::string(center_id));
    if (at != timestamp{}) m.set_time_ms(to_ms(at));
    for (const auto& r : regions) m.add_regions(r);
    return message{std::string(topics::center_state), m.SerializeAsString(), 1, true};
}

}  // namespace lw::center::wire

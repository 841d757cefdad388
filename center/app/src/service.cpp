#include "lw/center/service.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>

#include "liftwatch/v1/liftwatch.pb.h"
#include "lw/center/city_json.hpp"
#include "lw/center/console_page.hpp"
#include "lw/center/export.hpp"
#include "lw/center/http_server.hpp"
#include "lw/center/live_state.hpp"
#include "lw/center/store.hpp"
#include "lw/center/supervision_report.hpp"
#include "lw/log.hpp"
#include "lw/mqtt_client.hpp"
#include "lw/topics.hpp"

namespace lw::center {
namespace net = boost::asio;
namespace pb = liftwatch::v1;
using json = nlohmann::json;

namespace {
constexpr std::string_view component = "center";
// The largest payload ingested: the contract's messages are a few hundred bytes; anything
// near this is not ours and is refused before decoding.
constexpr std::size_t max_payload_bytes = 16 * 1024;
// Between two attempts to write timeline batches a failed commit left queued (each attempt may
// wait the store's busy timeout on this thread).
constexpr auto store_retry_every = std::chrono::seconds{5};

crew_kind kind_from(const std::string& s) {
    if (s == "rescue_team") return crew_kind::rescue_team;
    if (s == "expert") return crew_kind::expert;
    if (s == "fire") return crew_kind::fire;
    return crew_kind::maintenance;
}

car_status status_from(const pb::Status& m) {
    car_status s;
    s.sampled_at = from_ms(m.time_ms());
    s.floor = static_cast<std::int16_t>(m.floor());
    s.floor_known = m.floor_known();
    s.speed_mm_s = static_cast<std::uint16_t>(std::clamp(m.speed_mps() * 1000.0f, 0.0f, 65535.0f));
    s.temperature_dc = static_cast<std::int16_t>(std::clamp(m.temperature_c() * 10.0f, -32768.0f, 32767.0f));
    s.battery_pct = static_cast<std::uint8_t>(std::min<std::uint32_t>(m.battery_pct(), 100));
    s.mode = static_cast<service_mode>(std::clamp<int>(m.mode(), 0, 6));
    s.direction = static_cast<travel_direction>(std::clamp<int>(m.direction(), 0, 2));
    s.door = static_cast<door_state>(std::clamp<int>(m.door(), 0, 5));
    s.moving = m.moving();
    s.in_door_zone = m.in_door_zone();
    s.occupied = m.occupied();
    s.alarm_button = m.alarm_button();
    s.mains_ok = m.mains_ok();
    s.safety_circuit_ok = m.safety_circuit_ok();
    s.door_lock_ok = m.door_lock_ok();
    s.overload = m.overload();
    return s;
}

json timeline_json(const std::vector<timeline_row>& rows) {
    json a = json::array();
    for (const auto& r : rows)
        a.push_back({{"id", r.id}, {"at_ms", to_ms(r.at)}, {"at", format_utc(r.at)}, {"step", r.step},
                     {"actor", r.actor}, {"details", r.details}});
    return a;
}

json incident_row_json(const incident_row& r) {
    return {{"id", r.id},         {"elevator_id", r.elevator_id}, {"source", r.source},
            {"phase", r.phase},   {"level", r.level},             {"opened_ms", to_ms(r.opened)},
            {"opened", format_utc(r.opened)},
            {"closed", r.closed ? json(format_utc(*r.closed)) : json(nullptr)},
            {"cause", r.cause},   {"false_alarm", r.false_alarm}};
}
}  // namespace

// The center's clock: wall time, or the simulator's city time during drills. City time is
// interpolated between clock messages with the announced scale so timers fire smoothly.
class center_clock {
public:
    explicit center_clock(clock_mode m) : mode_(m) {}
    bool ready() const { return mode_ == clock_mode::wall || have_city_; }
    timestamp now() const {
        if (mode_ == clock_mode::wall) return wall_now();
        if (!have_city_) return city_at_;
        const auto wall_elapsed = std::chrono::steady_clock::now() - steady_at_;
        const auto city_elapsed = std::chrono::duration_cast<duration>(wall_elapsed * scale_);
        // Never run more than two clock periods (lw-sim: 100 ms wall each, x scale) ahead of the
        // last message (a stalled simulator); at least 5 s of city time.
        const auto ahead_max = std::max(duration{std::chrono::seconds{5}},
                                        std::chrono::duration_cast<duration>(std::chrono::milliseconds{200} * scale_));
        return std::max(last_now_, city_at_ + std::min(city_elapsed, ahead_max));
    }
    void on_sim_clock(std::int64_t city_ms, double scale) {
        have_city_ = true;
        const auto next = from_ms(city_ms);
        last_now_ = std::max(last_now_, now());
        city_at_ = std::max(next, city_at_);
        steady_at_ = std::chrono::steady_clock::now();
        scale_ = scale > 0 ? scale : 1.0;
    }
    // Called by the service after each use so time never runs backwards.
    timestamp take() {
        auto t = now();
        last_now_ = std::max(last_now_, t);
        return last_now_;
    }
    clock_mode mode() const { return mode_; }

private:
    clock_mode mode_;
    bool have_city_ = false;
    timestamp city_at_{};
    timestamp last_now_{};
    std::chrono::steady_clock::time_point steady_at_{};
    double scale_ = 1.0;
};

struct service::impl {
    center_config cfg;
    net::io_context ioc{1};
    net::steady_timer tick_timer{ioc};
    net::signal_set signals{ioc, SIGINT, SIGTERM};
    std::unique_ptr<store> db;
    std::unique_ptr<mqtt::client> mqtt;
    std::unique_ptr<http_server> http;
    straight_line_estimator estimator;
    crew_roster roster;
    incident_engine engine;
    live_state_table live;
    alarm_rules rules;
    center_clock clock;

    std::unordered_map<std::string, elevator_record> elevators;
    std::unordered_map<std::string, company_record> companies;
    std::unordered_map<std::string, using_unit_record> using_units;
    std::unordered_map<std::string, crew_record> crews;

    // mid -> dispatch row awaiting PUBACK (marked sent in the store when it arrives).
    std::map<int, std::tuple<incident_id, std::string, int>> dispatch_in_flight;
    std::map<std::string, std::uint64_t> malformed;     // by topic kind
    std::map<std::string, std::uint64_t> refused;       // by reason (crew reports, operator actions)
    std::map<std::string, std::uint64_t> log_counts;    // "logged once" per reason
    std::uint64_t messages = 0, alarms_raised = 0, dispatches_sent = 0, store_errors = 0, test_alarms = 0;
    std::uint64_t rebirths_requested = 0, rebirths_suppressed = 0;
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> rebirth_sent;
    std::uint64_t internal_errors = 0;   // exceptions caught at the top of a handler
    std::uint64_t publish_errors = 0;    // dispatch orders libmosquitto did not take
    std::chrono::steady_clock::time_point last_store_retry{};
    std::vector<std::tuple<incident_id, std::string, int>> sent_unrecorded;  // PUBACKed, mark_sent failed

    explicit impl(center_config c)
        : cfg(std::move(c)),
          estimator(cfg.travel),
          roster(estimator),
          engine(cfg.limits, roster),
          rules(cfg.rules),
          clock(cfg.clock) {}

    // Logs the first time a reason is seen, then every 1000th, so a flood cannot fill the disk.
    void log_once(log::level lvl, const std::string& reason, const std::string& text) {
        const auto n = ++log_counts[reason];
        if (n == 1 || n % 1000 == 0)
            log::write(lvl, component, text + (n > 1 ? " (seen " + std::to_string(n) + " times)" : ""));
    }

    void load_registry() {
        if (!cfg.city_file.empty()) {
            std::ifstream f(cfg.city_file);
            std::stringstream ss;
            ss << f.rdbuf();
            city c;
            if (!f) throw std::runtime_error("cannot read city file " + cfg.city_file);
            if (auto err = parse_city(ss.str(), c); !err.empty())
                throw std::runtime_error(cfg.city_file + ": " + err);
            if (auto err = db->import_city(c); !err.empty()) throw std::runtime_error(err);
            log::info(component, "imported " + cfg.city_file + ": " + std::to_string(c.elevators.size()) +
                                     " elevators, " + std::to_string(c.crews.size()) + " crews");
        }
        for (auto& e : db->elevators()) {
            live.register_elevator(e.id);
            elevators.emplace(e.id, std::move(e));
        }
        for (auto& c : db->companies()) companies.emplace(c.id, std::move(c));
        for (auto& u : db->using_units()) using_units.emplace(u.id, std::move(u));
        for (auto& c : db->crews()) {
            roster.upsert(crew{c.id, c.company_id, kind_from(c.kind), c.position, crew_status::available});
            crews.emplace(c.id, std::move(c));
        }
    }

    void recover() {
        const auto open = db->open_incidents();
        for (const auto& inc : open) engine.restore(inc);
        engine.set_next_id(db->max_incident_id() + 1);
        auto unsent = db->unsent_dispatches();
        if (!open.empty() || !unsent.empty())
            log::info(component, "recovered " + std::to_string(open.size()) + " open incidents, " +
                                     std::to_string(unsent.size()) + " dispatch orders to (re)send");
        for (const auto& d : unsent) publish_dispatch(d);
    }

    // Exactly-once hand-over to libmosquitto: a row is published once per process; libmosquitto
    // keeps a queued QoS 1 message (also while disconnected) until PUBACK, when the row is
    // marked sent. Only rows still unsent at start are published again (at-least-once across a
    // crash between publish and PUBACK; the crew sees the same incident and attempt).
    void publish_dispatch(const dispatch_row& d) {
        const auto r = mqtt->publish(d.topic, d.payload, 1);
        if (!r.queued) {
            ++publish_errors;
            log::warn(component, "dispatch to " + d.crew_id + " not handed to MQTT (" + mqtt::client::error_text(r.rc) +
                                     "); it stays unsent in the store and is published at the next start");
            return;
        }
        dispatch_in_flight[r.mid] = {d.incident, d.crew_id, d.attempt};
        ++dispatches_sent;
    }

    dispatch_row make_dispatch(const dispatch_order& o, timestamp now) {
        pb::DispatchOrder m;
        m.set_incident_id(o.incident);
        m.set_crew_id(o.crew_id);
        m.set_company_id(o.company_id);
        m.set_level(static_cast<pb::ResponseLevel>(o.level));
        m.set_elevator_id(o.elevator_id);
        if (auto e = elevators.find(o.elevator_id); e != elevators.end()) {
            m.set_address(e->second.address);
            m.set_lat_deg(e->second.position.lat_deg);
            m.set_lon_deg(e->second.position.lon_deg);
            m.set_rescue_code(e->second.rescue_code);
            m.set_machine_room_less(e->second.machine_room_less);
            if (auto u = using_units.find(e->second.using_unit_id); u != using_units.end())
                m.set_using_unit(u->second.name);
        }
        m.set_issued_ms(to_ms(now));
        m.set_arrive_by_ms(to_ms(o.arrive_by));
        m.set_eta_s(std::chrono::duration_cast<std::chrono::seconds>(o.eta).count());
        m.set_attempt(static_cast<std::uint32_t>(o.attempt));
        dispatch_row d;
        d.incident = o.incident;
        d.crew_id = o.crew_id;
        d.company_id = o.company_id;
        d.attempt = o.attempt;
        d.topic = topics::dispatch(o.company_id, o.crew_id);
        d.payload = m.SerializeAsString();
        return d;
    }

    // Persist first, then act: a crash between the two re-sends the queued orders at restart.
    void apply(const engine_output& out, timestamp now) {
        if (out.timeline.empty() && out.actions.empty()) return;
        std::set<incident_id> touched;
        for (const auto& e : out.timeline) touched.insert(e.incident);
        std::vector<incident> changed;
        for (auto id : touched)
            if (const auto* inc = engine.find(id)) changed.push_back(*inc);
        std::vector<dispatch_row> rows;
        for (const auto& a : out.actions)
            if (const auto* o = std::get_if<dispatch_order>(&a)) rows.push_back(make_dispatch(*o, now));
        if (auto err = db->commit(out.timeline, changed, rows, wall_now()); !err.empty()) {
            ++store_errors;
            last_store_retry = std::chrono::steady_clock::now();
            log_once(log::level::error, "store commit",
                     "could not record " + std::to_string(out.timeline.size()) + " timeline entries (" + err +
                         "); " + std::to_string(db->pending_entries()) +
                         " entries kept in memory and retried; acting on them anyway");
        }
        for (const auto& e : out.timeline)
            log::info(component, "incident " + std::to_string(e.incident) + " " + std::string(to_string(e.what)) +
                                     (e.details.empty() ? "" : ": " + e.details));
        for (const auto& d : rows) publish_dispatch(d);
        for (const auto& a : out.actions) {
            if (const auto* c = std::get_if<comfort_command>(&a)) send_comfort(*c, now);
            if (const auto* s = std::get_if<stand_down_order>(&a)) send_stand_down(*s, now);
            // notify_party: recorded in the timeline (notified); delivery by phone/SMS gateways
            // is outside this build (README: "What is simulated").
        }
    }

    // Stand-down is a courtesy message (QoS 1, not queued in the store): a crew that misses it
    // learns at its next report, which the engine refuses with a clear reason.
    void send_stand_down(const stand_down_order& s, timestamp now) {
        pb::DispatchOrder m;
        m.set_incident_id(s.incident);
        m.set_crew_id(s.crew_id);
        m.set_company_id(s.company_id);
        m.set_stand_down(true);
        m.set_issued_ms(to_ms(now));
        if (const auto* inc = engine.find(s.incident)) m.set_elevator_id(inc->elevator.id);
        mqtt->publish(topics::dispatch(s.company_id, s.crew_id), m.SerializeAsString(), 1);
    }

    void send_comfort(const comfort_command& c, timestamp now) {
        auto e = elevators.find(c.elevator_id);
        if (e == elevators.end()) return;
        pb::Command m;
        m.set_elevator_id(c.elevator_id);
        m.set_kind(c.start ? pb::COMMAND_KIND_PLAY_COMFORT : pb::COMMAND_KIND_STOP_COMFORT);
        m.set_time_ms(to_ms(now));
        m.set_issued_by(cfg.center_id);
        mqtt->publish(topics::node(e->second.region, c.elevator_id, topics::node_kind::cmd), m.SerializeAsString(), 1);
    }

    // At most one rebirth request per elevator per rebirth_min_gap (wall time): a node whose
    // statuses (QoS 0) overtake its birth (QoS 1) at start-up must not be asked once per status.
    static constexpr auto rebirth_min_gap = std::chrono::seconds{30};

    void request_rebirth(const std::string& region, const std::string& id, timestamp now) {
        const auto wall = std::chrono::steady_clock::now();
        auto [it, fresh] = rebirth_sent.try_emplace(id, wall);
        if (!fresh) {
            if (wall - it->second < rebirth_min_gap) {
                ++rebirths_suppressed;
                return;
            }
            it->second = wall;
        }
        pb::Command m;
        m.set_elevator_id(id);
        m.set_kind(pb::COMMAND_KIND_REBIRTH);
        m.set_time_ms(to_ms(now));
        m.set_issued_by(cfg.center_id);
        mqtt->publish(topics::node(region, id, topics::node_kind::cmd), m.SerializeAsString(), 1);
        ++rebirths_requested;
    }

    void raise(const std::string& elevator_id, alarm_source src, const std::string& actor, const std::string& details,
               timestamp now) {
        auto e = elevators.find(elevator_id);
        if (e == elevators.end()) return;
        alarm a;
        a.elevator = elevator_ref{e->second.id, e->second.company_id, e->second.using_unit_id, e->second.position,
                                  e->second.machine_room_less, e->second.urban};
        a.source = src;
        a.actor = actor;
        a.details = details;
        ++alarms_raised;
        apply(engine.on_alarm(a, now), now);
    }

    void on_ingest_result(const ingest_outcome& o, const std::string& kind, const topics::parsed_node_topic& t,
                          timestamp now) {
        if (!o.accepted()) {
            log_once(log::level::warn, std::string(to_string(o.result)),
                     kind + " from " + t.elevator + " refused: " + std::string(to_string(o.result)));
        }
        if (o.rebirth_needed) request_rebirth(t.region, t.elevator, now);
    }

    void on_node_message(const topics::parsed_node_topic& t, const std::string& payload, timestamp now) {
        const std::string kind(topics::to_string(t.kind));
        auto malformed_payload = [&] {
            ++malformed[kind];
            log_once(log::level::warn, "malformed " + kind,
                     "malformed " + kind + " payload from " + t.elevator + " (" + std::to_string(payload.size()) +
                         " bytes) ignored");
        };
        switch (t.kind) {
            case topics::node_kind::birth: {
                pb::NodeBirth m;
                if (!m.ParseFromString(payload)) return malformed_payload();
                node_birth b;
                b.bd_seq = m.bd_seq();
                if (m.next_event_seq() > 0) b.next_event_seq = m.next_event_seq();
                std::uint64_t mask = 0;
                for (int c : m.active_faults())
                    if (c > 0 && c <= domain::max_fault_code_in_mask) mask |= 1ULL << c;
                b.active_faults = mask;
                auto o = live.on_birth(t.elevator, b, now);
                on_ingest_result(o, kind, t, now);
                if (o.accepted())
                    log::info(component, t.elevator + " online (bd_seq " + std::to_string(m.bd_seq()) + ", " +
                                             m.firmware_version() + ")");
                break;
            }
            case topics::node_kind::death: {
                pb::NodeDeath m;
                if (!m.ParseFromString(payload)) return malformed_payload();
                auto o = live.on_death(t.elevator, m.bd_seq(), now);
                on_ingest_result(o, kind, t, now);
                if (o.accepted()) log::info(component, t.elevator + " offline (" + (m.clean() ? "goodbye" : "Will") + ")");
                break;
            }
            case topics::node_kind::status: {
                pb::Status m;
                if (!m.ParseFromString(payload)) return malformed_payload();
                on_ingest_result(live.on_status(t.elevator, status_from(m), now), kind, t, now);
                break;
            }
            case topics::node_kind::event: {
                pb::Event m;
                if (!m.ParseFromString(payload) || m.seq() == 0) return malformed_payload();
                node_event ev;
                ev.seq = m.seq();
                ev.code = static_cast<fault_code>(m.code());
                ev.raised = m.kind() != pb::EVENT_KIND_FAULT_CLEARED;
                ev.historical = m.historical();
                ev.event_time = from_ms(m.time_ms());
                if (m.kind() == pb::EVENT_KIND_COMFORT_PLAYED) ev.code = fault_code::unknown;
                const auto o = m.kind() == pb::EVENT_KIND_COMFORT_PLAYED ? ingest_outcome{} : live.on_event(t.elevator, ev, now);
                on_ingest_result(o, kind, t, now);
                if (!o.accepted()) return;
                if (m.kind() == pb::EVENT_KIND_COMFORT_PLAYED) {
                    if (auto id = engine.open_incident_for(t.elevator))
                        log::info(component, "incident " + std::to_string(*id) + ": comfort played in " + t.elevator);
                    return;
                }
                if (auto err = db->record_fault({t.elevator, m.seq(), ev.event_time, m.code(),
                                                 domain::fault_label(ev.code), ev.raised, ev.historical, m.detail()});
                    !err.empty()) {
                    ++store_errors;
                    log_once(log::level::error, "fault store", "could not store a fault of " + t.elevator + ": " + err);
                }
                const auto* st = live.get(t.elevator);
                if (!st) return;
                if (auto d = rules.on_event(*st, ev, now)) handle_decision(t.elevator, *d, now);
                break;
            }
            case topics::node_kind::cmd: break;  // our own commands echo back only if subscribed
        }
    }

    void handle_decision(const std::string& elevator_id, const alarm_decision& d, timestamp now) {
        switch (d.kind) {
            case decision_kind::raise_alarm: {
                std::string details = d.details;
                if (d.confirm != confirmation::not_applicable) details += ", " + std::string(to_string(d.confirm));
                if (!d.reason.empty()) details += " (" + d.reason + ")";
                if (d.historical) details += ", historical (occurred " + format_utc(d.occurred_at) + ")";
                raise(elevator_id, d.alarm, "node " + elevator_id, details, now);
                break;
            }
            case decision_kind::ack_test_alarm:
                ++test_alarms;
                log::info(component, elevator_id + ": EN 81-28 test alarm received");
                break;
            case decision_kind::entrapment_cleared:
                if (auto id = engine.open_incident_for(elevator_id))
                    log::info(component, "incident " + std::to_string(*id) + ": node reports entrapment cleared (" +
                                             d.details + "); operator to verify");
                break;
            case decision_kind::no_alarm:
                log::info(component, elevator_id + ": no alarm: " + d.reason);
                break;
        }
    }

    void on_crew_message(const topics::parsed_crew_topic& t, const std::string& payload, timestamp now) {
        pb::CrewReport m;
        if (!m.ParseFromString(payload)) {
            ++malformed["crew_report"];
            log_once(log::level::warn, "malformed crew_report", "malformed crew report from " + t.crew + " ignored");
            return;
        }
        if (m.crew_id() != t.crew || !crews.count(t.crew)) {
            ++refused["unknown crew"];
            log_once(log::level::warn, "unknown crew", "crew report from unknown crew '" + t.crew + "' ignored");
            return;
        }
        if (m.has_position()) roster.set_position(t.crew, {m.lat_deg(), m.lon_deg()});
        if (m.kind() == pb::CREW_REPORT_KIND_POSITION) return;
        crew_report r;
        r.crew_id = m.crew_id();
        r.incident = m.incident_id();
        switch (m.kind()) {
            case pb::CREW_REPORT_KIND_ACKNOWLEDGED: r.kind = crew_report_kind::acknowledged; break;
            case pb::CREW_REPORT_KIND_EN_ROUTE: r.kind = crew_report_kind::en_route; break;
            case pb::CREW_REPORT_KIND_ARRIVED: r.kind = crew_report_kind::arrived; break;
            case pb::CREW_REPORT_KIND_CANNOT_HANDLE: r.kind = crew_report_kind::cannot_handle; break;
            case pb::CREW_REPORT_KIND_RELEASED: r.kind = crew_report_kind::released; break;
            case pb::CREW_REPORT_KIND_DECLINED: r.kind = crew_report_kind::declined; break;
            default:
                ++refused["bad report kind"];
                log_once(log::level::warn, "bad report kind", "crew report of unknown kind from " + t.crew);
                return;
        }
        if (m.eta_s() > 0) r.eta = std::chrono::seconds{m.eta_s()};
        if (m.has_position()) r.position = geo_point{m.lat_deg(), m.lon_deg()};
        r.details = m.details();
        auto out = engine.on_crew_report(r, now);
        if (!out.error.empty()) {
            ++refused["crew report refused"];
            log_once(log::level::warn, "crew report refused " + t.crew,
                     "crew report (" + std::string(to_string(r.kind)) + ", incident " + std::to_string(r.incident) +
                         ") from " + t.crew + " refused: " + out.error);
        }
        apply(out, now);
    }

    void on_message(mqtt::message&& msg) {
        ++messages;
        if (msg.topic == topics::sim_clock) {
            pb::SimClock c;
            if (c.ParseFromString(msg.payload) && clock.mode() == clock_mode::drill)
                clock.on_sim_clock(c.city_time_ms(), c.scale());
            return;
        }
        if (!clock.ready()) {
            // Drill mode before the first clock message: no city time to stamp it with.
            log_once(log::level::warn, "no clock", "message before the drill clock started; processed at city time 0");
        }
        const auto now = clock.take();
        if (msg.payload.size() > max_payload_bytes) {
            ++malformed["oversized"];
            log_once(log::level::warn, "oversized", "payload of " + std::to_string(msg.payload.size()) +
                                                        " bytes on '" + msg.topic + "' refused (limit " +
                                                        std::to_string(max_payload_bytes) + ")");
            return;
        }
        if (auto t = topics::parse_node(msg.topic)) return on_node_message(*t, msg.payload, now);
        if (auto t = topics::parse_crew_report(msg.topic)) return on_crew_message(*t, msg.payload, now);
        ++malformed["topic"];
        log_once(log::level::warn, "bad topic", "message on unexpected topic '" + msg.topic + "' ignored");
    }

    void retry_store() {
        if (db->pending_batches() == 0 && sent_unrecorded.empty()) return;
        const auto wall = std::chrono::steady_clock::now();
        if (wall - last_store_retry < store_retry_every) return;
        last_store_retry = wall;
        const auto entries = db->pending_entries();
        if (entries > 0 && db->flush().empty())
            log::info(component, "store writable again: " + std::to_string(entries) + " queued timeline entries recorded");
        if (db->pending_batches() > 0) return;   // the rows to mark may be among the queued ones
        std::erase_if(sent_unrecorded, [&](const auto& k) {
            return db->mark_sent(std::get<0>(k), std::get<1>(k), std::get<2>(k)).empty();
        });
    }

    // Runs `f`; an exception (a bug, or an error no layer below turned into a result) is
    // counted and logged, and the center goes on with the next input.
    template <class F>
    void guarded(const char* what, F&& f) {
        try {
            f();
        } catch (const std::exception& e) {
            ++internal_errors;
            log_once(log::level::error, std::string("internal ") + what,
                     std::string("internal error in ") + what + " (input skipped): " + e.what());
        }
    }

    void on_tick() {
        guarded("store retry", [&] { retry_store(); });
        if (clock.ready()) {
            guarded("timers", [&] {
                const auto now = clock.take();
                apply(engine.tick(now), now);
                for (const auto& id : live.take_newly_silent(now, rules.config().silence_limit)) {
                    const auto* st = live.get(id);
                    if (!st) continue;
                    if (auto d = rules.on_silence_check(*st, now)) handle_decision(id, *d, now);
                }
            });
        }
        tick_timer.expires_after(cfg.tick_every);
        tick_timer.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) on_tick();
        });
    }

    // ---- console and API --------------------------------------------------------------

    http_response api(const http_request& r);

    json metrics_json() {
        const auto& c = live.counters();
        json by_result = json::object();
        for (std::size_t i = 0; i < ingest_result_count; ++i)
            by_result[std::string(to_string(static_cast<ingest_result>(i)))] = c.by_result[i];
        return {{"messages", messages},
                {"elevators", live.size()},
                {"online", live.online_count()},
                {"ingest", by_result},
                {"malformed", malformed},
                {"refused", refused},
                {"seq_gaps", c.seq_gaps},
                {"events_missed", c.events_missed},
                {"alarms_raised", alarms_raised},
                {"dispatches_sent", dispatches_sent},
                {"store_errors", store_errors},
                {"internal_errors", internal_errors},
                {"publish_errors", publish_errors},
                {"store_pending_batches", db->pending_batches()},
                {"store_pending_entries", db->pending_entries()},
                {"test_alarms", test_alarms},
                {"rebirths_requested", rebirths_requested},
                {"rebirths_suppressed", rebirths_suppressed},
                {"open_incidents", engine.open_incidents().size()},
                {"clock", clock.mode() == clock_mode::drill ? "drill" : "wall"},
                {"now", format_utc(clock.now())}};
    }
};

http_response service::impl::api(const http_request& r) {
    auto ok = [](const json& j) { return http_response{200, "application/json", j.dump(1) + "\n"}; };
    auto err = [](int code, const std::string& why) {
        return http_response{code, "application/json", json{{"error", why}}.dump() + "\n"};
    };
    const auto& path = r.target;
    if (r.method == "GET" && (path == "/" || path == "/index.html")) return {200, "text/html; charset=utf-8", console_page()};
    if (r.method == "GET" && path == "/api/metrics") return ok(metrics_json());
    if (r.method == "GET" && path == "/api/map") {
        // The electronic map: every elevator with its live state and open incident, every crew
        // with its status. O(elevators): fine for a city; a national view would page by region.
        std::unordered_map<std::string, incident_id> open_by_elevator;
        for (const auto& inc : engine.open_incidents()) open_by_elevator[inc.elevator.id] = inc.id;
        json els = json::array();
        for (const auto& [id, e] : elevators) {
            const auto* st = live.get(id);
            const auto f = open_by_elevator.find(id);
            els.push_back({{"id", id},
                           {"lat", e.position.lat_deg},
                           {"lon", e.position.lon_deg},
                           {"online", st && st->online()},
                           {"faults", st && st->active_faults ? fault_names(st->active_faults) : std::string{}},
                           {"incident", f == open_by_elevator.end() ? json(nullptr) : json(f->second)}});
        }
        json crs = json::array();
        for (const auto& c : roster.all())
            crs.push_back({{"id", c.id}, {"kind", std::string(to_string(c.kind))}, {"lat", c.position.lat_deg},
                           {"lon", c.position.lon_deg}, {"status", std::string(to_string(c.status))}});
        return ok({{"elevators", els}, {"crews", crs}});
    }
    if (r.method == "GET" && path == "/api/stats") {
        // Supervision figures (docs/supervision.md); from/to are YYYY-MM-DD days, both included.
        const auto now = clock.now();
        timestamp from, to;
        if (auto e = stats_period(form_value(r.query, "from"), form_value(r.query, "to"), now, from, to); !e.empty())
            return err(400, e);
        // The registry in memory, by pointer (not copied, not re-read): the strand is held only
        // for the period's incidents, the 30-day fault window and the computation.
        std::vector<const elevator_record*> els;
        els.reserve(elevators.size());
        for (const auto& [id, e] : elevators) els.push_back(&e);
        std::vector<company_record> cos;
        for (const auto& [id, c] : companies) cos.push_back(c);
        const auto f = load_supervision(*db, from, to, now, engine.limits(), std::move(els), cos);
        return {200, "application/json", supervision_json(f, engine.limits())};
    }
    if (r.method == "GET" && path == "/api/incidents") {
        json a = json::array();
        for (const auto& row : db->incidents(200, form_value(r.query, "open") == "1")) a.push_back(incident_row_json(row));
        return ok(a);
    }
    if (path.rfind("/api/incidents/", 0) == 0) {
        const auto rest = path.substr(std::string("/api/incidents/").size());
        const auto slash = rest.find('/');
        incident_id id = 0;
        try {
            id = std::stoll(rest.substr(0, slash));
        } catch (const std::exception&) {
            return err(400, "incident id must be a number");
        }
        if (r.method == "GET" && slash == std::string::npos) {
            auto row = db->incident_summary(id);
            if (!row) return err(404, "no incident " + std::to_string(id));
            json j = incident_row_json(*row);
            j["timeline"] = timeline_json(db->timeline(id));
            json d = json::array();
            for (const auto& x : db->dispatches(id))
                d.push_back({{"crew", x.crew_id}, {"company", x.company_id}, {"attempt", x.attempt}, {"sent", x.sent}});
            j["dispatches"] = d;
            return ok(j);
        }
        if (r.method == "GET" && slash != std::string::npos && rest.substr(slash + 1) == "export") {
            const auto fmt_name = form_value(r.query, "format").empty() ? "json" : form_value(r.query, "format");
            const auto fmt = export_format_from_string(fmt_name);
            if (!fmt) return err(400, "format must be json or csv");
            auto x = load_export(*db, id);
            if (!x) return err(404, "no incident " + std::to_string(id));
            if (*fmt == export_format::csv) return {200, "text/csv; charset=utf-8", to_csv({*x})};
            return {200, "application/json", to_json({*x})};
        }
        if (r.method == "POST" && slash != std::string::npos) {
            const auto action = rest.substr(slash + 1);
            const std::string actor = form_value(r.body, "operator").empty() ? "operator" : form_value(r.body, "operator");
            const auto notes = form_value(r.body, "notes");
            const auto now = clock.take();
            engine_output out;
            if (action == "callback") out = engine.record_callback(id, actor, notes, now);
            else if (action == "handover") out = engine.record_handover(id, actor, now);
            else if (action == "cause") {
                auto c = domain::parse<cause_category>(form_value(r.body, "cause"));
                if (!c) return err(400, "cause must be one of external, human, door_system, control_system, drive, power, other");
                out = engine.record_cause(id, *c, actor, notes, now);
            } else if (action == "close") out = engine.close(id, actor, now);
            else if (action == "false_alarm") out = engine.close_false_alarm(id, actor, notes, now);
            else return err(404, "unknown action '" + action + "'");
            if (!out.error.empty()) return err(409, out.error);
            apply(out, now);
            return ok({{"ok", true}});
        }
        return err(405, "method not allowed");
    }
    if (r.method == "POST" && path == "/api/alarms") {
        // Manual alarm intake: 96333 hotline, 110/119 transfer, using unit.
        auto elevator = form_value(r.body, "elevator");
        const auto code = form_value(r.body, "rescue_code");
        if (elevator.empty() && !code.empty())
            for (const auto& [id, e] : elevators)
                if (e.rescue_code == code) elevator = id;
        if (!elevators.count(elevator)) return err(404, "unknown elevator '" + elevator + "' / rescue code '" + code + "'");
        const auto src = domain::parse<alarm_source>(form_value(r.body, "source").empty() ? "hotline_96333" : form_value(r.body, "source"));
        if (!src || *src == alarm_source::iot_auto || *src == alarm_source::node_silent || *src == alarm_source::passenger_button)
            return err(400, "source must be hotline_96333, transfer_110, transfer_119 or using_unit");
        const auto caller = form_value(r.body, "caller");
        const auto notes = form_value(r.body, "notes");
        const auto now = clock.take();
        auto before = engine.open_incident_for(elevator);
        raise(elevator, *src, caller.empty() ? "operator" : "caller " + caller, notes, now);
        auto after = engine.open_incident_for(elevator);
        return ok({{"incident", after ? json(*after) : json(nullptr)}, {"joined", before.has_value()}});
    }
    if (r.method == "GET" && path.rfind("/api/elevators/", 0) == 0) {
        const auto id = path.substr(std::string("/api/elevators/").size());
        auto e = elevators.find(id);
        if (e == elevators.end()) return err(404, "unknown elevator '" + id + "'");
        const auto& x = e->second;
        json j = {{"id", x.id}, {"rescue_code", x.rescue_code}, {"address", x.address}, {"district", x.district},
                  {"grid", x.grid}, {"lat", x.position.lat_deg}, {"lon", x.position.lon_deg},
                  {"company", x.company_id}, {"using_unit", x.using_unit_id}, {"type", x.type},
                  {"floors", x.floors}, {"year", x.year}, {"inspection_due", x.inspection_due},
                  {"maintenance_due", x.maintenance_due}};
        if (const auto* st = live.get(id)) {
            j["live"] = {{"state", std::string(to_string(st->state))}, {"stale", st->stale()},
                         {"active_faults", fault_names(st->active_faults)},
                         {"floor", st->status.floor}, {"moving", st->status.moving},
                         {"door", std::string(to_string(st->status.door))}, {"occupied", st->status.occupied}};
        }
        json incidents = json::array();
        for (const auto& row : db->incidents_of_elevator(id, 50)) incidents.push_back(incident_row_json(row));
        j["incidents"] = incidents;
        json f = json::array();
        for (const auto& x2 : db->faults(id, 50))
            f.push_back({{"at", format_utc(x2.at)}, {"code", x2.code_name}, {"raised", x2.raised}, {"historical", x2.historical}});
        j["faults"] = f;
        return ok(j);
    }
    if (r.method == "POST" && path.rfind("/api/crews/", 0) == 0) {
        // Operator edit of a crew: position (lat, lon) and/or status (available | off_duty).
        // A crew engaged on an incident keeps its status: the engine owns it until released.
        const auto id = path.substr(std::string("/api/crews/").size());
        const auto* c = roster.find(id);
        if (!c) return err(404, "unknown crew '" + id + "'");
        const auto lat = form_value(r.body, "lat"), lon = form_value(r.body, "lon"), status = form_value(r.body, "status");
        if (lat.empty() != lon.empty()) return err(400, "give both lat and lon");
        std::optional<geo_point> p;
        if (!lat.empty()) {
            try {
                p = geo_point{std::stod(lat), std::stod(lon)};
            } catch (const std::exception&) {
                return err(400, "lat and lon must be numbers");
            }
            if (!std::isfinite(p->lat_deg) || !std::isfinite(p->lon_deg) || p->lat_deg < -90 || p->lat_deg > 90 ||
                p->lon_deg < -180 || p->lon_deg > 180)
                return err(400, "position out of range");
        }
        std::optional<crew_status> st;
        if (status == "available") st = crew_status::available;
        else if (status == "off_duty") st = crew_status::off_duty;
        else if (!status.empty()) return err(400, "status must be available or off_duty");
        if (st && (c->status == crew_status::dispatched || c->status == crew_status::busy))
            return err(409, "crew " + id + " is " + std::string(to_string(c->status)) + " on an incident");
        if (p) {
            roster.set_position(id, *p);
            if (auto e = db->set_crew_position(id, *p); !e.empty()) return err(500, e);
        }
        if (st) roster.set_status(id, *st);
        const auto* now_c = roster.find(id);
        return ok({{"id", id}, {"status", std::string(to_string(now_c->status))},
                   {"lat", now_c->position.lat_deg}, {"lon", now_c->position.lon_deg}});
    }
    if (r.method == "GET" && path == "/api/verify") {
        const auto v = db->verify();
        return ok({{"ok", v.ok}, {"records", v.rows_checked}, {"problems", v.problems},
                   {"head_id", v.head_id}, {"head_hash", v.head_hash}});
    }
    if (r.method == "GET" && path == "/api/elevators") {
        json a = json::array();
        live.for_each([&](std::string_view id, const elevator_live& st) {
            if (st.active_faults == 0 && st.online()) return;  // the interesting ones
            a.push_back({{"id", std::string(id)}, {"state", std::string(to_string(st.state))},
                         {"active_faults", fault_names(st.active_faults)}});
        });
        return ok(a);
    }
    if (r.method == "GET" && path.rfind("/api/companies/", 0) == 0) {
        // The companies' API: the dispatches addressed to one maintenance company's crews.
        const auto rest = path.substr(std::string("/api/companies/").size());
        const auto company = rest.substr(0, rest.find('/'));
        if (!companies.count(company)) return err(404, "unknown company '" + company + "'");
        json a = json::array();
        for (const auto& row : db->incidents(200, false))
            for (const auto& d : db->dispatches(row.id))
                if (d.company_id == company)
                    a.push_back({{"incident", row.id}, {"elevator", row.elevator_id}, {"crew", d.crew_id},
                                 {"attempt", d.attempt}, {"phase", row.phase}});
        return ok(a);
    }
    return err(404, "no such endpoint: " + r.method + " " + path);
}

service::service(center_config cfg) : p_(std::make_unique<impl>(std::move(cfg))) {}
service::~service() = default;

void service::stop() {
    net::post(p_->ioc, [this] { p_->ioc.stop(); });
}

int service::run() {
    auto& s = *p_;
    try {
        s.db = std::make_unique<store>(s.cfg.db_path, s.cfg.db_busy_timeout);
        s.load_registry();
    } catch (const std::exception& e) {
        log::error(component, e.what());
        return 1;
    }
    log::info(component, "registry: " + std::to_string(s.elevators.size()) + " elevators, " +
                             std::to_string(s.crews.size()) + " crews, " + std::to_string(s.companies.size()) +
                             " maintenance companies; database " + s.cfg.db_path);

    mqtt::options o;
    o.host = s.cfg.broker_host;
    o.port = s.cfg.broker_port;
    o.client_id = s.cfg.center_id;
    o.clean_session = false;  // persistent: QoS 1 events queued by the broker while we are down
    o.max_inflight = 1000;
    {
        pb::CenterState w;
        w.set_online(false);
        w.set_center_id(s.cfg.center_id);
        o.will = mqtt::will_message{std::string(topics::center_state), w.SerializeAsString(), 1, true};
    }
    s.mqtt = std::make_unique<mqtt::client>(o);
    s.mqtt->on_message([&s](mqtt::message&& m) {
        net::post(s.ioc, [&s, m = std::move(m)]() mutable { s.guarded("ingest", [&] { s.on_message(std::move(m)); }); });
    });
    s.mqtt->on_published([&s](int mid) {
        net::post(s.ioc, [&s, mid] {
            auto f = s.dispatch_in_flight.find(mid);
            if (f == s.dispatch_in_flight.end()) return;
            const auto& [inc, crew, attempt] = f->second;
            if (auto err = s.db->mark_sent(inc, crew, attempt); !err.empty()) {
                // Retried with the queued batches: an unmarked row would be published again at restart.
                ++s.store_errors;
                s.sent_unrecorded.push_back(f->second);
            }
            s.dispatch_in_flight.erase(f);
        });
    });
    s.mqtt->on_connect([&s](bool session_present) {
        for (const auto& r : s.cfg.regions) s.mqtt->subscribe(topics::region_filter(r), 1);
        s.mqtt->subscribe(topics::crew_report_filter, 1);
        if (s.cfg.clock == clock_mode::drill) s.mqtt->subscribe(topics::sim_clock, 0);
        pb::CenterState st;
        st.set_online(true);
        st.set_center_id(s.cfg.center_id);
        st.set_time_ms(to_ms(wall_now()));
        for (const auto& r : s.cfg.regions) st.add_regions(r);
        s.mqtt->publish(topics::center_state, st.SerializeAsString(), 1, true);
        log::info(component, std::string("connected to broker") + (session_present ? " (session resumed)" : ""));
    });
    s.mqtt->on_disconnect([](int rc) {
        if (rc != 0) log::warn(component, "broker connection lost; reconnecting");
    });

    try {
        s.http = std::make_unique<http_server>(s.ioc, s.cfg.http_address, s.cfg.http_port,
                                               [&s](const http_request& r) { return s.api(r); });
    } catch (const std::exception& e) {
        log::error(component, "console: cannot listen on " + s.cfg.http_address + ":" +
                                  std::to_string(s.cfg.http_port) + ": " + e.what());
        return 1;
    }
    const auto port = s.http->port();
    s.db->set_owner_console(s.cfg.http_address + ":" + std::to_string(port));   // for a second writer's message
    if (!s.cfg.port_file.empty()) std::ofstream(s.cfg.port_file) << port << "\n";
    log::info(component, "console at http://" + s.cfg.http_address + ":" + std::to_string(port) + "/");

    s.recover();
    if (auto err = s.mqtt->start(); !err.empty()) {
        log::error(component, err);
        return 1;
    }
    s.signals.async_wait([&s](const boost::system::error_code& ec, int) {
        if (!ec) {
            log::info(component, "stopping");
            s.ioc.stop();
        }
    });
    s.on_tick();
    s.ioc.run();

    // Clean shutdown: say offline, stop MQTT (joins its thread), close the store.
    pb::CenterState st;
    st.set_online(false);
    st.set_center_id(s.cfg.center_id);
    st.set_time_ms(to_ms(wall_now()));
    s.mqtt->publish(topics::center_state, st.SerializeAsString(), 1, true);
    s.http->stop();
    s.mqtt->stop();
    s.db.reset();
    log::info(component, "stopped");
    return 0;
}

}  // namespace lw::center

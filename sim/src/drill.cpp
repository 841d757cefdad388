#include "lw/sim/drill.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <algorithm>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "liftwatch/v1/liftwatch.pb.h"
#include "lw/agent/hal.hpp"
#include "lw/agent/node.hpp"
#include "lw/center/api/types.hpp"
#include "lw/domain/rescue.hpp"
#include "lw/http_client.hpp"
#include "lw/log.hpp"
#include "lw/mqtt_client.hpp"
#include "lw/sim/center_orders.hpp"
#include "lw/sim/city_gen.hpp"
#include "lw/sim/city_network.hpp"
#include "lw/sim/crews.hpp"
#include "lw/sim/report.hpp"
#include "lw/sim/traffic.hpp"
#include "lw/topics.hpp"

namespace lw::sim {
namespace pb = liftwatch::v1;
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace api = center::api;
using json = nlohmann::json;

namespace {
constexpr std::string_view component = "sim";
constexpr auto loop_period = std::chrono::milliseconds{20};     // wall time per simulation step
constexpr int http_attempts = 3;                                // report fetches: a busy center may be slow
// Virtual nodes and crews retry a lost connection at most this far apart (wall time), so after
// an outage they are back within a few city minutes even at x60.
constexpr auto city_reconnect_max = std::chrono::seconds{2};

// City time: starts at `start` and runs `scale` times faster than the wall clock.
class city_clock {
public:
    city_clock(timestamp start, double scale) : start_(start), scale_(scale), wall0_(std::chrono::steady_clock::now()) {}
    timestamp now() const {
        const auto wall = std::chrono::steady_clock::now() - wall0_;
        return start_ + std::chrono::duration_cast<duration>(wall * scale_);
    }
    double scale() const { return scale_; }

private:
    timestamp start_;
    double scale_;
    std::chrono::steady_clock::time_point wall0_;
};

// Why the center did not answer 200: "404: no incident 7" (its error reply), the raw body with
// the parse error when that is not an error reply, or "no answer: ..." when it did not answer.
std::string refusal(const http_client::reply& r) {
    if (r.status == 0) return "no answer: " + r.body;
    const auto e = api::from_json<api::error_reply>(r.body);
    return std::to_string(r.status) + ": " + (e ? e->error : r.body + " (" + e.error + ")");
}

// A GET of the center's API read as its reply type T, retried a few times (a busy center may be
// slow); nullopt, each failure logged with the status or the parse error, when no attempt gave a
// 200 whose body parses as T.
template <class T>
std::optional<T> get_reply(const std::string& host, int port, const std::string& target) {
    for (int i = 0; i < http_attempts; ++i) {
        const auto r = http_client::get(host, port, target);
        if (r.status != 200) {
            log::warn(component, "GET " + target + " from the center -> " + refusal(r));
            continue;
        }
        auto p = api::from_json<T>(r.body);
        if (p) return std::move(p.value);
        log::warn(component, "GET " + target + ": the center's reply does not parse: " + p.error);
    }
    return std::nullopt;
}

// What POST /api/alarms answered, for the log: "incident 3", "incident 3 (joined)", or why not.
std::string alarm_outcome(const http_client::reply& r) {
    if (r.status != 200) return refusal(r);
    const auto p = api::from_json<api::alarm_reply>(r.body);
    if (!p) return "200, but the reply does not parse: " + p.error;
    if (!p->incident) return "no incident";
    return "incident " + std::to_string(*p->incident) + (p->joined ? " (joined)" : "");
}

struct virtual_elevator {
    center::elevator_record rec;
    agent::scripted_sensor sensors;
    agent::recording_audio audio;
    std::unique_ptr<car_traffic> traffic;
    std::unique_ptr<agent::node> node;
};

// The operator persona's view of one incident.
struct tracked_incident {
    std::int64_t id = 0;
    std::string elevator_id;
    std::optional<timestamp> released_at;
    std::string rescuer_company;
    int step = 0;           // 0 waiting, 1 callback done, 2 handover done, 3 cause done, 4 closed
    int failures = 0;
};

crew_behaviour apply_settings(crew_behaviour b, const std::vector<std::string>& settings) {
    for (const auto& s : settings) {
        const auto eq = s.find('=');
        const auto key = s.substr(0, eq), val = eq == std::string::npos ? "" : s.substr(eq + 1);
        if (key == "silent") b.silent = true;
        else if (key == "decline") b.decline = true;
        else if (key == "cannot_handle") b.cannot_handle = true;
        else if (key == "cannot_handle_mrl") b.cannot_handle_mrl = true;
        else if (key == "ack_delay") b.ack_delay_mean = parse_duration(val).value_or(b.ack_delay_mean);
        else if (key == "on_site") b.on_site_mean = parse_duration(val).value_or(b.on_site_mean);
        else if (key == "extra_travel") b.extra_travel = parse_duration(val).value_or(b.extra_travel);
        else if (key == "late") b.late = parse_duration(val).value_or(b.late);
        else if (key == "speed_kmh") b.speed_kmh = std::stod(val);
    }
    return b;
}

pb::CrewReportKind to_proto(crew_report_kind k) {
    switch (k) {
        case crew_report_kind::acknowledged: return pb::CREW_REPORT_KIND_ACKNOWLEDGED;
        case crew_report_kind::en_route: return pb::CREW_REPORT_KIND_EN_ROUTE;
        case crew_report_kind::arrived: return pb::CREW_REPORT_KIND_ARRIVED;
        case crew_report_kind::cannot_handle: return pb::CREW_REPORT_KIND_CANNOT_HANDLE;
        case crew_report_kind::released: return pb::CREW_REPORT_KIND_RELEASED;
        case crew_report_kind::declined: return pb::CREW_REPORT_KIND_DECLINED;
        case crew_report_kind::position: return pb::CREW_REPORT_KIND_POSITION;
    }
    return pb::CREW_REPORT_KIND_UNSPECIFIED;
}

// "2026-11-23 08:11:20.520" (format_utc) -> timestamp; nullopt when it does not read.
std::optional<timestamp> parse_utc(const std::string& text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
    if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d.%d", &y, &mo, &d, &h, &mi, &sec, &ms) != 7) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return timestamp{std::chrono::sys_days{ymd}.time_since_epoch() + std::chrono::hours{h} + std::chrono::minutes{mi} +
                     std::chrono::seconds{sec} + std::chrono::milliseconds{ms}};
}

std::string instance_text(std::uint64_t i) {
    if (i == 0) return "0 (an older center)";
    char b[17];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(i));
    return b;
}

// What the drill needs of the center before it starts: that it answers, its clock and time, and
// its instance. Throws, with one line saying why, when it does not answer.
struct center_facts {
    api::metrics_reply metrics;
    std::uint64_t instance = 0;
};
center_facts center_at_start(const drill_config& cfg) {
    const auto where = cfg.center_host + ":" + std::to_string(cfg.center_port);
    const auto r = http_client::get(cfg.center_host, cfg.center_port, "/api/metrics");
    if (r.status == 0)
        throw std::runtime_error("the center at " + where + " does not answer (" + r.body +
                                 "); start it first (lw-center serve --clock drill) or give --center HOST:PORT");
    if (r.status != 200) throw std::runtime_error("the center at " + where + " refused GET /api/metrics: " + refusal(r));
    auto m = api::from_json<api::metrics_reply>(r.body);
    if (!m) throw std::runtime_error("the center at " + where + " answered GET /api/metrics with what is not its metrics (" +
                                     m.error + ")");
    center_facts f{std::move(*m.value), 0};
    const auto i = parse_instance(f.metrics.instance);
    if (!i) throw std::runtime_error("the center at " + where + " gives instance '" + f.metrics.instance +
                                     "', not 16 hex digits");
    f.instance = *i;
    return f;
}

timestamp default_start() {
    // Today 08:00 UTC, so drill timelines read like a morning shift.
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return std::chrono::time_point_cast<duration>(today + std::chrono::hours{8});
}
}  // namespace

duration clock_resolution(double scale) {
    return std::chrono::duration_cast<duration>((clock_period + center_tick_period) * scale);
}

drill_summary run_drill(const center::city& c, const scenario& scripted, const drill_config& cfg) {
    drill_summary summary;
    const auto wall_start = std::chrono::steady_clock::now();
    // The whole scenario against the city before anything is connected or sent.
    if (auto err = check_against_city(scripted, c); !err.empty()) throw std::runtime_error("scenario " + err);
    // The center first, once: a drill against a center that is not there stops at once, with
    // why, instead of connecting a city and calling alarms into nothing.
    const auto center = center_at_start(cfg);
    scenario sc = scripted;
    if (sc.random_entrapments) {
        std::vector<std::string> ids;
        for (const auto& e : c.elevators) ids.push_back(e.id);
        std::set<std::string> scripted_ids;
        for (const auto& a : sc.actions) scripted_ids.insert(a.elevator_id);
        for (auto& a : draw_random_entrapments(*sc.random_entrapments, ids,
                                                std::min(sc.limit, sc.random_entrapments->until.value_or(sc.limit))))
            if (!scripted_ids.count(a.elevator_id)) sc.actions.push_back(a);
        std::stable_sort(sc.actions.begin(), sc.actions.end(),
                         [](const scenario_action& a, const scenario_action& b) { return a.at < b.at; });
    }
    timestamp start = cfg.city_start == timestamp{} ? default_start() : cfg.city_start;
    if (cfg.city_start == timestamp{}) {
        // The center's clock never runs backwards: after an earlier drill it may be past 08:00
        // already. Then this drill starts at the next whole minute after the center's time.
        if (center.metrics.clock == "drill")
            if (auto center_now = parse_utc(center.metrics.now); center_now && *center_now >= start)
                start = std::chrono::floor<std::chrono::minutes>(*center_now) + std::chrono::minutes{1};
    }
    city_clock clock(start, sc.scale);

    // Which elevators run a live agent: the scenario's first, then the first of the city.
    std::set<std::string> live_ids;
    for (const auto& a : sc.actions)
        if (a.kind == action_kind::entrapment || a.kind == action_kind::fault) live_ids.insert(a.elevator_id);
    for (const auto& e : c.elevators) {
        if (static_cast<int>(live_ids.size()) >= std::max<int>(cfg.live_elevators, live_ids.size())) break;
        live_ids.insert(e.id);
    }
    std::map<std::string, std::unique_ptr<virtual_elevator>> elevators;
    std::map<std::string, const center::elevator_record*> by_id;
    for (const auto& e : c.elevators) by_id[e.id] = &e;
    // The city's link to the broker: direct, or through a relay a scripted outage can cut.
    std::unique_ptr<city_network> network;
    std::string city_host = cfg.broker_host;
    int city_port = cfg.broker_port;
    if (!sc.outages.empty()) {
        network = std::make_unique<city_network>(cfg.broker_host, cfg.broker_port);
        city_host = "127.0.0.1";
        city_port = network->port();
    }
    std::uint64_t n = 0;
    for (const auto& id : live_ids) {
        auto v = std::make_unique<virtual_elevator>();
        v->rec = *by_id.at(id);
        v->traffic = std::make_unique<car_traffic>(v->rec.floors, sc.seed * 1000 + ++n);
        agent::node_config nc;
        nc.region = c.region;
        nc.elevator_id = id;
        nc.firmware_version = "lw-agent (lw-sim virtual node)";
        nc.outbox_path = cfg.node_dir.empty() ? ":memory:" : cfg.node_dir + "/" + id + ".outbox";
        nc.mqtt.host = city_host;
        nc.mqtt.port = city_port;
        nc.mqtt.reconnect_max = city_reconnect_max;
        nc.mqtt.client_id = "lw-sim-node-" + id;
        nc.test_alarm.first_test_after = std::chrono::hours{24};  // keep drill timelines about the drill
        v->node = std::make_unique<agent::node>(nc, v->sensors, v->audio);
        elevators.emplace(id, std::move(v));
    }

    crew_fleet fleet(c.crews, sc.seed);
    for (const auto& r : sc.crews)
        for (const auto& cr : c.crews)
            if (crew_matches(r.crew_id, cr.id)) fleet.set_behaviour(cr.id, apply_settings(fleet.behaviour(cr.id), r.settings));
    std::map<std::string, std::string> crew_company;
    for (const auto& cr : c.crews) crew_company[cr.id] = cr.company_id;

    // The crews' radio: one MQTT connection for all virtual crews, plus the drill clock.
    std::mutex orders_mutex;
    std::deque<std::pair<std::uint64_t, order>> orders;   // with the instance of the center that sent it
    std::vector<std::uint64_t> announced;                  // live CenterState "online": a (re)started center
    mqtt::options mo;
    mo.host = city_host;
    mo.port = city_port;
    mo.reconnect_max = city_reconnect_max;
    mo.client_id = "lw-sim-crews";
    mo.clean_session = false;
    mqtt::client radio(mo);
    radio.on_connect([&](bool) {
        radio.subscribe("lw/v1/dispatch/+/+", 1);
        radio.subscribe(topics::center_state, 1);
    });
    radio.on_message([&](mqtt::message&& m) {
        if (m.topic == topics::center_state) {
            pb::CenterState st;
            // The retained state is the center read at the start; a live one is a restart.
            if (m.retain || !st.ParseFromString(m.payload) || !st.online()) return;
            std::lock_guard lock(orders_mutex);
            announced.push_back(st.center_instance());
            return;
        }
        pb::DispatchOrder d;
        if (!d.ParseFromString(m.payload)) return;
        order o{d.incident_id(), d.crew_id(), d.company_id(), d.level(), d.elevator_id(),
                {d.lat_deg(), d.lon_deg()}, d.machine_room_less(), static_cast<int>(d.attempt()), d.stand_down()};
        std::lock_guard lock(orders_mutex);
        orders.emplace_back(d.center_instance(), std::move(o));
    });
    if (auto err = radio.start(); !err.empty()) throw std::runtime_error(err);
    // The drill clock has its own connection, straight to the broker: an outage of the city
    // does not stop city time, and the center keeps following it.
    mqtt::options clock_options;
    clock_options.host = cfg.broker_host;
    clock_options.port = cfg.broker_port;
    clock_options.client_id = "lw-sim-clock";
    mqtt::client clock_link(clock_options);
    if (auto err = clock_link.start(); !err.empty()) throw std::runtime_error(err);
    for (auto& [id, v] : elevators)
        if (auto err = v->node->start(); !err.empty()) throw std::runtime_error(id + ": " + err);

    auto publish_clock = [&](bool running) {
        pb::SimClock m;
        m.set_city_time_ms(to_ms(clock.now()));
        m.set_scale(clock.scale());
        m.set_running(running);
        clock_link.publish(topics::sim_clock, m.SerializeAsString(), 0, true);
    };

    // Wait (bounded) until every connection is up, so the first alarm is not raced by a birth.
    const auto connect_deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
    auto all_up = [&] {
        if (!radio.connected() || !clock_link.connected()) return false;
        for (auto& [id, v] : elevators)
            if (!v->node->connected()) return false;
        return true;
    };
    while (!all_up() && std::chrono::steady_clock::now() < connect_deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    if (!all_up()) throw std::runtime_error("could not connect every virtual node to the broker within 10 s");
    // Incidents the center already had (an earlier drill on the same database, also in city time
    // from 08:00): the report leaves them out.
    std::int64_t incidents_before = 0;
    if (auto list = get_reply<std::vector<api::incident_summary>>(cfg.center_host, cfg.center_port, "/api/incidents"))
        for (const auto& row : *list) incidents_before = std::max(incidents_before, row.id);
    center_orders ours(center.instance, incidents_before);
    city_clock drill_clock(start, sc.scale);  // restart city time now that everyone is connected
    clock = drill_clock;
    publish_clock(true);
    log::info(component, "drill '" + sc.name + "': " + std::to_string(elevators.size()) + " virtual elevators, " +
                             std::to_string(c.crews.size()) + " crews, city time starts " + format_utc(start) +
                             ", x" + std::to_string(static_cast<int>(sc.scale)) + "; center instance " +
                             (center.instance ? center.metrics.instance : std::string("(none: an older center)")));

    std::map<std::int64_t, tracked_incident> incidents;
    std::size_t next_action = 0;
    auto last_clock = std::chrono::steady_clock::now();
    auto next_step = std::chrono::steady_clock::now();
    json report_events = json::array();

    // One operator action on an incident; its 200 reply is {"ok": true}, nothing to read.
    auto operator_post = [&](tracked_incident& t, domain::operator_action action, const api::action_request& req) {
        const std::string name(domain::to_string(action));
        const auto r = http_client::post_form(cfg.center_host, cfg.center_port,
                                              "/api/incidents/" + std::to_string(t.id) + "/" + name, api::to_form(req));
        if (r.status == 200) return true;
        ++t.failures;
        log::warn(component, "operator: " + name + " on incident " + std::to_string(t.id) + " refused (" + refusal(r) + ")");
        return false;
    };

    for (;;) {
        const auto now = clock.now();
        const auto since = now - start;

        // Scripted outages of the city's network.
        if (network) {
            const bool should_be_down = std::any_of(sc.outages.begin(), sc.outages.end(), [&](const outage_window& w) {
                return since >= w.from && since < w.to;
            });
            if (should_be_down != network->down()) {
                network->set_down(should_be_down);
                log::info(component, "city " + format_utc(now) + ": network " + (should_be_down ? "DOWN" : "back up") +
                                         " (the broker keeps running)");
                report_events.push_back({{"at", to_ms(now)}, {"what", should_be_down ? "outage starts" : "outage ends"}});
            }
        }
        // Scenario actions due.
        while (next_action < sc.actions.size() && sc.actions[next_action].at <= since) {
            const auto& a = sc.actions[next_action++];
            if (a.kind == action_kind::entrapment) {
                auto& v = *elevators.at(a.elevator_id);
                v.traffic->trap(v.sensors.current(), a.between_floors, now);
                log::info(component, "city " + format_utc(now) + ": " + a.elevator_id + " stops " +
                                         (a.between_floors ? "between floors" : "at a floor") + " with " +
                                         std::to_string(a.people) + " inside");
                report_events.push_back({{"at", to_ms(now)}, {"what", "entrapment injected"}, {"elevator", a.elevator_id}});
            } else if (a.kind == action_kind::fault) {
                auto& v = *elevators.at(a.elevator_id);
                std::string fields;
                for (const auto& [f, val] : a.fields) {
                    agent::apply_field(v.sensors.current(), f, val);   // validated by the parser
                    fields += (fields.empty() ? "" : " ") + f + "=" + val;
                }
                log::info(component, "city " + format_utc(now) + ": fault on " + a.elevator_id + ": " + fields);
                report_events.push_back({{"at", to_ms(now)}, {"what", "fault injected: " + fields}, {"elevator", a.elevator_id}});
            } else {
                const std::string src(to_string(a.kind));
                api::alarm_request call;
                call.elevator = a.elevator_id;
                call.source = src;
                call.caller = a.caller;
                call.notes = a.notes;
                const auto r = http_client::post_form(cfg.center_host, cfg.center_port, "/api/alarms", api::to_form(call));
                ++summary.alarms_called_in;
                log::info(component, "city " + format_utc(now) + ": " + src + " call about " + a.elevator_id + " -> " +
                                         alarm_outcome(r));
                report_events.push_back({{"at", to_ms(now)}, {"what", src}, {"elevator", a.elevator_id}, {"status", r.status}});
            }
        }

        // Dispatch orders from the radio: this drill's center's only (a restart announced first).
        std::deque<std::pair<std::uint64_t, order>> got;
        std::vector<std::uint64_t> restarts;
        {
            std::lock_guard lock(orders_mutex);
            got.swap(orders);
            restarts.swap(announced);
        }
        for (const auto i : restarts)
            if (ours.announced(i))
                log::info(component, "the center restarted: its orders now carry instance " + instance_text(i));
        for (const auto& [instance, o] : got) {
            const auto verdict = ours.judge(instance, o.incident);
            if (verdict == center_orders::verdict::other_center) {
                if (ours.refused_instances().at(instance) == 1)
                    log::warn(component, "ignoring an order for incident " + std::to_string(o.incident) + " to " + o.crew_id +
                                             " from center instance " + instance_text(instance) +
                                             ": not the center of this drill (left on the broker by an earlier one)");
                continue;
            }
            if (verdict == center_orders::verdict::earlier_incident) continue;   // an earlier drill's, same center
            fleet.on_order(o, now);
            auto& t = incidents[o.incident];
            t.id = o.incident;
            t.elevator_id = o.elevator_id;
        }
        // Crew reports due.
        for (const auto& r : fleet.step(now)) {
            pb::CrewReport m;
            m.set_crew_id(r.crew_id);
            m.set_company_id(r.company_id);
            m.set_incident_id(r.incident);
            m.set_kind(to_proto(r.kind));
            m.set_time_ms(to_ms(r.at));
            m.set_eta_s(std::chrono::duration_cast<std::chrono::seconds>(r.eta).count());
            m.set_lat_deg(r.position.lat_deg);
            m.set_lon_deg(r.position.lon_deg);
            m.set_has_position(true);
            m.set_details(r.details);
            radio.publish(topics::crew_report(r.company_id, r.crew_id), m.SerializeAsString(), 1);
            ++summary.reports_sent;
            if (r.kind == crew_report_kind::released) {
                auto& t = incidents[r.incident];
                t.released_at = now;
                t.rescuer_company = r.company_id;
                if (auto e = elevators.find(r.elevator_id); e != elevators.end())
                    e->second->traffic->release(e->second->sensors.current(), now);
            }
        }
        // Virtual elevators: ordinary traffic, then one agent cycle each.
        for (auto& [id, v] : elevators) {
            v->traffic->step(v->sensors.current(), now);
            v->node->poll(now);
        }
        // The operator persona: call-back, handover, cause, close.
        if (cfg.auto_operator) {
            for (auto& [id, t] : incidents) {
                if (!t.released_at || t.step >= 4 || t.failures > 3 || now < *t.released_at + sc.callback_after) continue;
                using domain::operator_action;
                api::action_request op;
                op.operator_name = "drill operator";
                api::action_request callback = op, cause = op;
                callback.notes = "passengers well";
                cause.cause = sc.cause;
                if (t.step == 0 && operator_post(t, operator_action::callback, callback)) t.step = 1;
                if (t.step == 1) {
                    const auto e = by_id.find(t.elevator_id);
                    const bool other_team = e != by_id.end() && e->second->company_id != t.rescuer_company;
                    if (!other_team || operator_post(t, operator_action::handover, op)) t.step = 2;
                }
                if (t.step == 2 && operator_post(t, operator_action::cause, cause)) t.step = 3;
                if (t.step == 3 && operator_post(t, operator_action::close, op)) {
                    t.step = 4;
                    ++summary.incidents_closed;
                }
            }
        }
        // Clock to the center.
        if (std::chrono::steady_clock::now() - last_clock >= clock_period) {
            publish_clock(true);
            last_clock = std::chrono::steady_clock::now();
        }
        // Done?
        const bool actions_done = next_action >= sc.actions.size();
        bool all_closed = !incidents.empty() || sc.actions.empty();
        for (const auto& [id, t] : incidents) all_closed = all_closed && (t.step >= 4 || t.failures > 3);
        if (actions_done && all_closed && fleet.busy() == 0 && (cfg.auto_operator || incidents.empty())) break;
        if (since >= sc.limit) {
            summary.timed_out = true;
            log::warn(component, "drill reached its time limit with incidents still open");
            break;
        }
        next_step += loop_period;
        std::this_thread::sleep_until(next_step);
    }

    // Let the last acknowledgements in (bounded), then stop everything.
    const auto drain_deadline = std::chrono::steady_clock::now() + std::chrono::seconds{3};
    for (;;) {
        std::size_t pending = 0;
        for (auto& [id, v] : elevators) {
            v->node->poll(clock.now());
            pending += v->node->outbox_size();
        }
        if (pending == 0 || std::chrono::steady_clock::now() > drain_deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    publish_clock(false);
    for (auto& [id, v] : elevators) v->node->stop();
    radio.stop();
    clock_link.stop();

    summary.incidents_seen = static_cast<int>(incidents.size());
    summary.orders_from_other_centers = static_cast<int>(ours.other_center());
    summary.orders_from_earlier_incidents = static_cast<int>(ours.earlier_incidents());
    for (const auto& [id, t] : incidents) summary.incident_ids += (summary.incident_ids.empty() ? "" : " ") + std::to_string(id);
    const auto city_end = clock.now();
    summary.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    if (!cfg.report_json.empty() || !cfg.report_html.empty() || !sc.expectations.empty()) {
        // The center's record of every incident opened during the drill: those the crews were
        // dispatched to, and any other the center opened since the start (e.g. no crew available).
        std::set<std::int64_t> ids;
        for (const auto& [id, t] : incidents) ids.insert(id);
        if (auto list = get_reply<std::vector<api::incident_summary>>(cfg.center_host, cfg.center_port, "/api/incidents"))
            for (const auto& row : *list)
                if (row.id > incidents_before && row.opened_ms >= to_ms(start)) ids.insert(row.id);
        report_inputs in;
        in.scenario_name = sc.name;
        in.city_start = start;
        in.city_end = city_end;
        in.scale = sc.scale;
        in.resolution = clock_resolution(sc.scale);
        in.wall_seconds = summary.wall_seconds;
        in.timed_out = summary.timed_out;
        in.events = report_events;
        for (const auto id : ids) {
            if (auto d = get_reply<api::incident_detail>(cfg.center_host, cfg.center_port,
                                                         "/api/incidents/" + std::to_string(id)))
                in.incidents.push_back(std::move(*d));
            else
                log::warn(component, "report: incident " + std::to_string(id) + " could not be read from the center");
        }
        // A reply that did not parse was left out above (logged with its parse error): what
        // reaches the report is typed, so building it cannot fail on the center's answers.
        const json rep = build_report(in, sc.expectations);
        summary.expectations = static_cast<int>(sc.expectations.size());
        summary.expectations_failed = rep["expectations_failed"].get<int>();
        for (const auto& x : rep["expectations"])
            if (!x["ok"].get<bool>())
                log::warn(component, "expectation (scenario line " + std::to_string(x["line"].get<int>()) + ") not met: " +
                                         x["elevator"].get<std::string>() + " " + x["step"].get<std::string>() +
                                         " expected " + x["expected"].get<std::string>() + ", happened " +
                                         x["actual"].get<std::string>());
        if (!cfg.report_json.empty()) {
            std::ofstream f(cfg.report_json);
            f << rep.dump(1) << "\n";
            if (!f) log::error(component, "cannot write " + cfg.report_json);
        }
        if (!cfg.report_html.empty()) {
            std::ofstream f(cfg.report_html);
            f << render_html(rep);
            if (!f) log::error(component, "cannot write " + cfg.report_html);
        }
    }
    return summary;
}

}  // namespace lw::sim

#include "lw/sim/drill.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
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
#include "lw/log.hpp"
#include "lw/mqtt_client.hpp"
#include "lw/sim/crews.hpp"
#include "lw/sim/traffic.hpp"
#include "lw/topics.hpp"

namespace lw::sim {
namespace pb = liftwatch::v1;
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using json = nlohmann::json;

namespace {
constexpr std::string_view component = "sim";
constexpr auto loop_period = std::chrono::milliseconds{20};     // wall time per simulation step
constexpr auto clock_period = std::chrono::milliseconds{100};   // wall time between clock messages

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

struct http_result {
    int status = 0;
    std::string body;
};

// One synchronous form POST to the center's API (loopback, short timeout).
http_result post_form(const std::string& host, int port, const std::string& target, const std::string& body) {
    try {
        net::io_context ioc;
        beast::tcp_stream stream(ioc);
        net::ip::tcp::resolver resolver(ioc);
        stream.expires_after(std::chrono::seconds{3});
        stream.connect(resolver.resolve(host, std::to_string(port)));
        http::request<http::string_body> req{http::verb::post, target, 11};
        req.set(http::field::host, host);
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = body;
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::read(stream, buf, res);
        beast::error_code ec;
        stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
        return {static_cast<int>(res.result_int()), res.body()};
    } catch (const std::exception& e) {
        return {0, e.what()};
    }
}

std::string url_encode(const std::string& s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
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
        else if (key == "speed_kmh") b.speed_kmh = std::stod(val);
    }
    return b;
}

pb::CrewReportKind to_proto(report_kind k) {
    switch (k) {
        case report_kind::acknowledged: return pb::CREW_REPORT_KIND_ACKNOWLEDGED;
        case report_kind::en_route: return pb::CREW_REPORT_KIND_EN_ROUTE;
        case report_kind::arrived: return pb::CREW_REPORT_KIND_ARRIVED;
        case report_kind::cannot_handle: return pb::CREW_REPORT_KIND_CANNOT_HANDLE;
        case report_kind::released: return pb::CREW_REPORT_KIND_RELEASED;
        case report_kind::declined: return pb::CREW_REPORT_KIND_DECLINED;
    }
    return pb::CREW_REPORT_KIND_UNSPECIFIED;
}

timestamp default_start() {
    // Today 08:00 UTC, so drill timelines read like a morning shift.
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return std::chrono::time_point_cast<duration>(today + std::chrono::hours{8});
}
}  // namespace

drill_summary run_drill(const center::city& c, const scenario& sc, const drill_config& cfg) {
    drill_summary summary;
    const timestamp start = cfg.city_start == timestamp{} ? default_start() : cfg.city_start;
    city_clock clock(start, sc.scale);

    // Which elevators run a live agent: the scenario's first, then the first of the city.
    std::set<std::string> live_ids;
    for (const auto& a : sc.actions)
        if (a.kind == action_kind::entrapment) live_ids.insert(a.elevator_id);
    for (const auto& e : c.elevators) {
        if (static_cast<int>(live_ids.size()) >= std::max<int>(cfg.live_elevators, live_ids.size())) break;
        live_ids.insert(e.id);
    }
    std::map<std::string, std::unique_ptr<virtual_elevator>> elevators;
    std::map<std::string, const center::elevator_record*> by_id;
    for (const auto& e : c.elevators) by_id[e.id] = &e;
    for (const auto& a : sc.actions)
        if (!by_id.count(a.elevator_id))
            throw std::runtime_error("scenario line " + std::to_string(a.line) + ": no elevator '" + a.elevator_id +
                                     "' in the city");
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
        nc.mqtt.host = cfg.broker_host;
        nc.mqtt.port = cfg.broker_port;
        nc.mqtt.client_id = "lw-sim-node-" + id;
        nc.test_alarm.first_test_after = std::chrono::hours{24};  // keep drill timelines about the drill
        v->node = std::make_unique<agent::node>(nc, v->sensors, v->audio);
        elevators.emplace(id, std::move(v));
    }

    crew_fleet fleet(c.crews, sc.seed);
    for (const auto& r : sc.crews) fleet.set_behaviour(r.crew_id, apply_settings(fleet.behaviour(r.crew_id), r.settings));
    std::map<std::string, std::string> crew_company;
    for (const auto& cr : c.crews) crew_company[cr.id] = cr.company_id;

    // The crews' radio: one MQTT connection for all virtual crews, plus the drill clock.
    std::mutex orders_mutex;
    std::deque<order> orders;
    mqtt::options mo;
    mo.host = cfg.broker_host;
    mo.port = cfg.broker_port;
    mo.client_id = "lw-sim-crews";
    mo.clean_session = false;
    mqtt::client radio(mo);
    radio.on_connect([&](bool) { radio.subscribe("lw/v1/dispatch/+/+", 1); });
    radio.on_message([&](mqtt::message&& m) {
        pb::DispatchOrder d;
        if (!d.ParseFromString(m.payload)) return;
        order o{d.incident_id(), d.crew_id(), d.company_id(), d.level(), d.elevator_id(),
                {d.lat_deg(), d.lon_deg()}, d.machine_room_less(), static_cast<int>(d.attempt()), d.stand_down()};
        std::lock_guard lock(orders_mutex);
        orders.push_back(std::move(o));
    });
    if (auto err = radio.start(); !err.empty()) throw std::runtime_error(err);
    for (auto& [id, v] : elevators)
        if (auto err = v->node->start(); !err.empty()) throw std::runtime_error(id + ": " + err);

    auto publish_clock = [&](bool running) {
        pb::SimClock m;
        m.set_city_time_ms(to_ms(clock.now()));
        m.set_scale(clock.scale());
        m.set_running(running);
        radio.publish(topics::sim_clock, m.SerializeAsString(), 0, true);
    };

    // Wait (bounded) until every connection is up, so the first alarm is not raced by a birth.
    const auto connect_deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
    auto all_up = [&] {
        if (!radio.connected()) return false;
        for (auto& [id, v] : elevators)
            if (!v->node->connected()) return false;
        return true;
    };
    while (!all_up() && std::chrono::steady_clock::now() < connect_deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    if (!all_up()) throw std::runtime_error("could not connect every virtual node to the broker within 10 s");
    city_clock drill_clock(start, sc.scale);  // restart city time now that everyone is connected
    clock = drill_clock;
    publish_clock(true);
    log::info(component, "drill '" + sc.name + "': " + std::to_string(elevators.size()) + " virtual elevators, " +
                             std::to_string(c.crews.size()) + " crews, city time starts " + format_utc(start) +
                             ", x" + std::to_string(static_cast<int>(sc.scale)));

    std::map<std::int64_t, tracked_incident> incidents;
    std::size_t next_action = 0;
    auto last_clock = std::chrono::steady_clock::now();
    auto next_step = std::chrono::steady_clock::now();
    json report_events = json::array();

    auto operator_post = [&](tracked_incident& t, const std::string& action, const std::string& body) {
        const auto r = post_form(cfg.center_host, cfg.center_port,
                                 "/api/incidents/" + std::to_string(t.id) + "/" + action, body);
        if (r.status == 200) return true;
        ++t.failures;
        log::warn(component, "operator: " + action + " on incident " + std::to_string(t.id) + " refused (" +
                                 std::to_string(r.status) + "): " + r.body);
        return false;
    };

    for (;;) {
        const auto now = clock.now();
        const auto since = now - start;

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
            } else {
                static const char* sources[] = {"", "hotline_96333", "transfer_110", "transfer_119", "using_unit"};
                const std::string src = sources[static_cast<int>(a.kind)];
                const auto r = post_form(cfg.center_host, cfg.center_port, "/api/alarms",
                                         "elevator=" + url_encode(a.elevator_id) + "&source=" + src + "&caller=" +
                                             url_encode(a.caller) + "&notes=" + url_encode(a.notes));
                ++summary.alarms_called_in;
                log::info(component, "city " + format_utc(now) + ": " + src + " call about " + a.elevator_id + " -> " +
                                         std::to_string(r.status) + " " + r.body);
                report_events.push_back({{"at", to_ms(now)}, {"what", src}, {"elevator", a.elevator_id}, {"status", r.status}});
            }
        }

        // Dispatch orders from the radio.
        std::deque<order> got;
        {
            std::lock_guard lock(orders_mutex);
            got.swap(orders);
        }
        for (const auto& o : got) {
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
            if (r.kind == report_kind::released) {
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
                const std::string op = "operator=" + url_encode("drill operator");
                if (t.step == 0 && operator_post(t, "callback", op + "&notes=" + url_encode("passengers well"))) t.step = 1;
                if (t.step == 1) {
                    const auto e = by_id.find(t.elevator_id);
                    const bool other_team = e != by_id.end() && e->second->company_id != t.rescuer_company;
                    if (!other_team || operator_post(t, "handover", op)) t.step = 2;
                }
                if (t.step == 2 && operator_post(t, "cause", op + "&cause=" + sc.cause)) t.step = 3;
                if (t.step == 3 && operator_post(t, "close", op)) {
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

    summary.incidents_seen = static_cast<int>(incidents.size());
    for (const auto& [id, t] : incidents) summary.incident_ids += (summary.incident_ids.empty() ? "" : " ") + std::to_string(id);
    if (!cfg.report_json.empty()) {
        json j = {{"scenario", sc.name},
                  {"city_start_ms", to_ms(start)},
                  {"city_end_ms", to_ms(clock.now())},
                  {"scale", sc.scale},
                  {"incidents", json::array()},
                  {"events", report_events},
                  {"timed_out", summary.timed_out}};
        for (const auto& [id, t] : incidents)
            j["incidents"].push_back({{"id", id}, {"elevator", t.elevator_id}, {"closed", t.step >= 4},
                                      {"released_ms", t.released_at ? json(to_ms(*t.released_at)) : json(nullptr)}});
        std::ofstream(cfg.report_json) << j.dump(1) << "\n";
    }
    return summary;
}

}  // namespace lw::sim

#include "lw/sim/cli.hpp"

#include <charconv>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "lw/center/city_json.hpp"
#include "lw/sim/scenario.hpp"

namespace lw::sim {
namespace {
namespace o = lw::options;
using o::values;

constexpr int max_elevators = 1'000'000;

std::optional<std::pair<std::string, int>> host_port(const std::string& s, int default_port) {
    const auto colon = s.rfind(':');
    std::pair<std::string, int> hp{s.substr(0, colon), default_port};
    if (hp.first.empty()) return std::nullopt;
    if (colon == std::string::npos) return hp;
    int port = 0;
    const auto p = s.substr(colon + 1);
    const auto r = std::from_chars(p.data(), p.data() + p.size(), port);
    if (p.empty() || r.ec != std::errc{} || r.ptr != p.data() + p.size() || port < 1 || port > 65535)
        return std::nullopt;
    hp.second = port;
    return hp;
}

std::string host_port_problem(const std::string& s) {
    return host_port(s, 1) ? std::string{} : "'" + s + "' is not HOST:PORT (port 1..65535)";
}

std::string duration_problem(const std::string& s) {
    const auto d = parse_duration(s);
    return d && *d > duration{} ? std::string{} : "'" + s + "' is not a duration such as 30s, 5min or 1h";
}

std::string read_file(const std::string& p) {
    std::ifstream f(p);
    if (!f) throw std::runtime_error("cannot read " + p);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

center::city read_city(const std::string& path) {
    center::city c;
    if (auto err = center::parse_city(read_file(path), c); !err.empty()) throw std::runtime_error(path + ": " + err);
    return c;
}

scenario read_scenario(const std::string& path) {
    scenario sc;
    if (auto err = parse_scenario(read_file(path), sc); !err.empty()) throw std::runtime_error(path + ": " + err);
    return sc;
}

o::commands make_definitions() {
    o::commands cmds("lw-sim", "Liftwatch drill simulator");
    const auto broker = [](o::definitions& d) {
        d.add(o::text("broker", "HOST:PORT", "MQTT broker").defaults_to("127.0.0.1:1883").checked_by(host_port_problem));
    };

    auto& city = cmds.add("city", "generate a virtual Tianshui (the scenario's seed, size, companies and elevator "
                                  "overrides unless given)");
    city.usage("lw-sim city [--scenario FILE] [--seed N] [--elevators N] --out CITY.json");
    city.add(o::text("scenario", "FILE", "take seed, size, companies and elevator overrides from this scenario"));
    city.add(o::integer("seed", "random seed (default: the scenario's, else 1)").at_least(0));
    city.add(o::integer("elevators", "number of elevators (default: the scenario's, else 2000)").between(1, max_elevators));
    city.add(o::text("out", "CITY.json", "write the city file here").must_be_given());

    auto& drill = cmds.add("drill", "play a scenario against a running lw-center (started with --clock drill)");
    drill.usage("lw-sim drill --scenario FILE --city CITY.json [--broker HOST:PORT] [--center HOST:PORT]");
    drill.usage("             [--report FILE.json] [--report-html FILE.html] [--live-elevators N] [--node-dir DIR]");
    drill.usage("             [--manual-operator]");
    drill.add(o::text("scenario", "FILE", "the drill (docs/scenarios.md)").must_be_given());
    drill.add(o::text("city", "CITY.json", "the city the center imported (lw-sim city)").must_be_given());
    broker(drill);
    drill.add(o::text("center", "HOST:PORT", "the center's console / API")
                  .defaults_to("127.0.0.1:8080")
                  .checked_by(host_port_problem));
    drill.add(o::text("report", "FILE.json", "write the drill report (JSON) here"));
    drill.add(o::text("report-html", "FILE.html", "and/or as a self-contained HTML page"));
    drill.add(o::integer("live-elevators", "virtual elevators with their own agent and connection")
                  .between(0, 10'000)
                  .defaults_to(drill_config{}.live_elevators));
    drill.add(o::text("node-dir", "DIR", "outbox files of the virtual nodes (default: in memory)"));
    drill.add(o::flag("manual-operator", "leave call-back, cause and close to trainees at the console"));
    drill.note("Exit status 0 when the drill finished and every scripted expectation was met, 1 on an error or\n"
               "a time-out, 3 when an expectation was not met.");

    const load_config lc;
    auto& load = cmds.add("load", "many elevators multiplexed over few MQTT connections; prints messages/s");
    load.usage("lw-sim load --city CITY.json [--broker HOST:PORT] [--elevators N] [--connections K]");
    load.usage("            [--status-every 30s] [--duration 60s]");
    load.add(o::text("city", "CITY.json", "the city (its first N elevators are used)").must_be_given());
    broker(load);
    load.add(o::integer("elevators", "elevators (the city's first N)").between(1, max_elevators).defaults_to(lc.elevators));
    load.add(o::integer("connections", "MQTT connections they share").between(1, 1000).defaults_to(lc.connections));
    load.add(o::text("status-every", "DURATION", "periodic status of each elevator (births first, then on change "
                                                 "and every period)")
                 .defaults_to("30s")
                 .checked_by(duration_problem));
    load.add(o::text("duration", "DURATION", "how long to run").defaults_to("60s").checked_by(duration_problem));
    return cmds;
}

int city(const values& v, std::ostream& out) {
    std::optional<scenario> sc;
    if (v.given("scenario")) sc = read_scenario(v.text("scenario"));
    const auto opts = city_options_from(v, sc ? &*sc : nullptr);
    auto c = generate_city(opts);
    if (sc) {
        // The whole scenario against the city it will be played on, before anything is written.
        const auto path = v.text("scenario");
        if (auto err = check_against_city(*sc, c); !err.empty()) throw std::runtime_error(path + ": " + err);
        if (auto err = apply_overrides(c, sc->overrides); !err.empty()) throw std::runtime_error(path + ": " + err);
    }
    const auto path = v.text("out");
    std::ofstream f(path);
    f << center::to_json(c) << "\n";
    if (!f.flush()) throw std::runtime_error("cannot write " + path);
    std::map<std::string, int> per_district;
    int mrl = 0;
    for (const auto& e : c.elevators) {
        ++per_district[e.district];
        mrl += e.machine_room_less ? 1 : 0;
    }
    out << "city: " << c.elevators.size() << " elevators (";
    for (const auto& [d, k] : per_district) out << k << " " << d << ", ";
    out << mrl << " machine-room-less), " << c.companies.size() << " companies, " << c.crews.size() << " crews, "
        << c.workstations.size() << " workstations -> " << path << "\n";
    return 0;
}

int drill(const values& v, std::ostream& out) {
    const auto cfg = drill_config_from(v);
    const auto sc = read_scenario(v.text("scenario"));
    const auto c = read_city(v.text("city"));
    if (auto err = check_against_city(sc, c); !err.empty())
        throw std::runtime_error(v.text("scenario") + ": " + err + " " + v.text("city"));
    const auto s = run_drill(c, sc, cfg);
    out << "drill '" << sc.name << "' " << (s.timed_out ? "TIMED OUT" : "finished") << ": " << s.incidents_seen
        << " incidents (" << s.incident_ids << "), " << s.incidents_closed << " closed, " << s.reports_sent
        << " crew reports, " << s.alarms_called_in << " calls, " << s.wall_seconds << " s wall\n";
    if (s.orders_from_other_centers > 0)
        out << "ignored " << s.orders_from_other_centers
            << " dispatch orders from another center instance (left on the broker by an earlier center)\n";
    if (s.expectations > 0)
        out << "expectations: " << (s.expectations - s.expectations_failed) << " of " << s.expectations << " met\n";
    if (!cfg.report_json.empty()) out << "report: " << cfg.report_json << "\n";
    if (!cfg.report_html.empty()) out << "report: " << cfg.report_html << "\n";
    if (s.timed_out) return 1;
    return s.expectations_failed > 0 ? 3 : 0;
}

int load(const values& v, std::ostream& out) {
    const auto cfg = load_config_from(v);
    const auto r = run_load(v.text("city"), cfg, out);
    // What the broker confirmed, not what was handed to the client library.
    out << "load done: " << r.elevators << " elevators; delivered (broker PUBACK) " << r.births_delivered << " of "
        << r.births << " births and " << r.deaths_delivered << " of " << r.deaths << " goodbyes; sent (QoS 0, "
        << "not acknowledged) " << r.statuses_sent << " of " << r.statuses << " statuses; " << r.publish_failures
        << " failed publishes; first birth after " << r.first_birth_s << " s; " << r.seconds << " s: "
        << r.messages_per_s() << " messages/s\n";
    return r.publish_failures > 0 || !r.all_delivered() ? 1 : 0;
}

}  // namespace

const lw::options::commands& cli_definitions() {
    static const o::commands cmds = make_definitions();
    return cmds;
}

city_options city_options_from(const values& v, const scenario* sc) {
    city_options o = sc ? lw::sim::city_options_from(*sc) : city_options{};
    if (v.given("seed")) o.seed = static_cast<std::uint64_t>(v.integer("seed"));
    if (v.given("elevators")) o.elevators = static_cast<int>(v.integer("elevators"));
    if (o.elevators < 1 || o.elevators > max_elevators)
        throw v.error("the scenario's city has " + std::to_string(o.elevators) + " elevators; 1.." +
                      std::to_string(max_elevators) + " can be generated");
    return o;
}

drill_config drill_config_from(const values& v) {
    drill_config cfg;
    std::tie(cfg.broker_host, cfg.broker_port) = *host_port(v.text("broker"), 1883);   // checked by the definitions
    std::tie(cfg.center_host, cfg.center_port) = *host_port(v.text("center"), 8080);
    cfg.report_json = v.text("report");
    cfg.report_html = v.text("report-html");
    cfg.node_dir = v.text("node-dir");
    cfg.auto_operator = !v.flag("manual-operator");
    cfg.live_elevators = static_cast<int>(v.integer("live-elevators"));
    return cfg;
}

load_config load_config_from(const values& v) {
    load_config cfg;
    std::tie(cfg.broker_host, cfg.broker_port) = *host_port(v.text("broker"), 1883);
    cfg.elevators = static_cast<int>(v.integer("elevators"));
    cfg.connections = static_cast<int>(v.integer("connections"));
    cfg.status_every = *parse_duration(v.text("status-every"));
    cfg.run_for = *parse_duration(v.text("duration"));
    return cfg;
}

int run_command(const values& v, std::ostream& out) {
    if (v.command() == "city") return city(v, out);
    if (v.command() == "drill") return drill(v, out);
    if (v.command() == "load") return load(v, out);
    throw std::logic_error("lw-sim: command '" + v.command() + "' is defined but not run");
}

}  // namespace lw::sim

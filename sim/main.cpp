// lw-sim: the drill simulator. Wires the city generator, scenarios and the drill runner.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "lw/center/city_json.hpp"
#include "lw/log.hpp"
#include "lw/sim/city_gen.hpp"
#include "lw/sim/drill.hpp"
#include "lw/sim/load.hpp"
#include "lw/sim/scenario.hpp"

namespace {
const char* usage_text = R"(lw-sim: Liftwatch drill simulator

usage:
  lw-sim city  [--scenario FILE] [--seed N] [--elevators N] --out CITY.json
        generate a virtual Tianshui (the scenario's seed, size, companies and elevator
        overrides unless given)
  lw-sim drill --scenario FILE --city CITY.json [--broker HOST:PORT] [--center HOST:PORT]
               [--report FILE.json] [--report-html FILE.html] [--live-elevators N]
               [--node-dir DIR] [--manual-operator]
        play a scenario against a running lw-center (started with --clock drill); exit status
        0 when it finished and every scripted expectation was met, 1 on error or time-out,
        3 when an expectation was not met
  lw-sim load  --city CITY.json [--broker HOST:PORT] [--elevators N] [--connections K]
               [--status-every 30s] [--duration 60s]
        many elevators (the city's first N, default 1000) multiplexed over K MQTT connections
        (default 4): a birth each, then Status on change and every period; prints messages/s
)";

std::string read_file(const std::string& p) {
    std::ifstream f(p);
    if (!f) throw std::runtime_error("cannot read " + p);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// A whole non-negative number, or a clear error naming the option.
long long whole_number(const std::string& option, const std::string& text) {
    std::size_t used = 0;
    long long v = -1;
    try {
        v = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty() || v < 0)
        throw std::runtime_error("--" + option + ": expected a whole number, got '" + text + "'");
    return v;
}

std::pair<std::string, int> host_port(const std::string& option, const std::string& s, int def) {
    const auto c = s.rfind(':');
    if (c == std::string::npos) return {s, def};
    const auto port = whole_number(option, s.substr(c + 1));
    if (port < 1 || port > 65535) throw std::runtime_error("--" + option + ": port out of range in '" + s + "'");
    return {s.substr(0, c), static_cast<int>(port)};
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
        std::cout << usage_text;
        return argc < 2 ? 2 : 0;
    }
    const std::string cmd = argv[1];
    std::map<std::string, std::string> kv;
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("--", 0) != 0) {
            std::cerr << "lw-sim: unexpected '" << a << "'\n" << usage_text;
            return 2;
        }
        if (a == "--manual-operator") kv[a.substr(2)] = "1";
        else if (i + 1 < argc) kv[a.substr(2)] = argv[++i];
    }
    auto get = [&](const std::string& k, const std::string& d = {}) {
        auto f = kv.find(k);
        return f == kv.end() ? d : f->second;
    };
    try {
        lw::sim::scenario sc;
        if (auto p = get("scenario"); !p.empty())
            if (auto err = lw::sim::parse_scenario(read_file(p), sc); !err.empty()) throw std::runtime_error(p + ": " + err);
        if (cmd == "city") {
            lw::sim::city_options o = kv.count("scenario") ? lw::sim::city_options_from(sc) : lw::sim::city_options{};
            o.seed = static_cast<std::uint64_t>(whole_number("seed", get("seed", std::to_string(o.seed))));
            o.elevators = static_cast<int>(std::min<long long>(
                1000000, whole_number("elevators", get("elevators", std::to_string(o.elevators)))));
            if (o.elevators < 1) throw std::runtime_error("--elevators must be at least 1");
            const auto out = get("out");
            if (out.empty()) throw std::runtime_error("--out is required");
            auto c = lw::sim::generate_city(o);
            if (auto err = lw::sim::apply_overrides(c, sc.overrides); !err.empty()) throw std::runtime_error(err);
            std::ofstream(out) << lw::center::to_json(c) << "\n";
            std::map<std::string, int> per_district;
            int mrl = 0;
            for (const auto& e : c.elevators) {
                ++per_district[e.district];
                mrl += e.machine_room_less ? 1 : 0;
            }
            std::cout << "city: " << c.elevators.size() << " elevators (";
            for (const auto& [d, k] : per_district) std::cout << k << " " << d << ", ";
            std::cout << mrl << " machine-room-less), " << c.companies.size() << " companies, "
                      << c.crews.size() << " crews, " << c.workstations.size() << " workstations -> " << out << "\n";
            return 0;
        }
        if (cmd == "drill") {
            if (!kv.count("scenario") || !kv.count("city")) throw std::runtime_error("--scenario and --city are required");
            lw::center::city c;
            if (auto err = lw::center::parse_city(read_file(get("city")), c); !err.empty())
                throw std::runtime_error(get("city") + ": " + err);
            lw::sim::drill_config cfg;
            std::tie(cfg.broker_host, cfg.broker_port) = host_port("broker", get("broker", "127.0.0.1:1883"), 1883);
            std::tie(cfg.center_host, cfg.center_port) = host_port("center", get("center", "127.0.0.1:8080"), 8080);
            cfg.report_json = get("report");
            cfg.report_html = get("report-html");
            cfg.node_dir = get("node-dir");
            cfg.auto_operator = !kv.count("manual-operator");
            cfg.live_elevators = static_cast<int>(std::min<long long>(10000, whole_number("live-elevators", get("live-elevators", "50"))));
            const auto s = lw::sim::run_drill(c, sc, cfg);
            std::cout << "drill '" << sc.name << "' " << (s.timed_out ? "TIMED OUT" : "finished") << ": "
                      << s.incidents_seen << " incidents (" << s.incident_ids << "), " << s.incidents_closed
                      << " closed, " << s.reports_sent << " crew reports, " << s.alarms_called_in << " calls, "
                      << s.wall_seconds << " s wall\n";
            if (s.expectations > 0)
                std::cout << "expectations: " << (s.expectations - s.expectations_failed) << " of " << s.expectations
                          << " met\n";
            if (!cfg.report_json.empty()) std::cout << "report: " << cfg.report_json << "\n";
            if (!cfg.report_html.empty()) std::cout << "report: " << cfg.report_html << "\n";
            if (s.timed_out) return 1;
            return s.expectations_failed > 0 ? 3 : 0;
        }
        if (cmd == "load") {
            if (!kv.count("city")) throw std::runtime_error("--city is required");
            lw::center::city c;
            if (auto err = lw::center::parse_city(read_file(get("city")), c); !err.empty())
                throw std::runtime_error(get("city") + ": " + err);
            lw::sim::load_config cfg;
            std::tie(cfg.broker_host, cfg.broker_port) = host_port("broker", get("broker", "127.0.0.1:1883"), 1883);
            cfg.elevators = static_cast<int>(std::min<long long>(1000000, whole_number("elevators", get("elevators", "1000"))));
            cfg.connections = static_cast<int>(std::min<long long>(1000, whole_number("connections", get("connections", "4"))));
            auto dur = [&](const std::string& key, const std::string& def) {
                auto d = lw::sim::parse_duration(get(key, def));
                if (!d || *d <= lw::duration{}) throw std::runtime_error("--" + key + ": bad duration '" + get(key, def) + "'");
                return *d;
            };
            cfg.status_every = dur("status-every", "30s");
            cfg.run_for = dur("duration", "60s");
            const auto r = lw::sim::run_load(c, cfg, std::cout);
            std::cout << "load done: " << r.births << " births, " << r.statuses << " statuses, " << r.deaths
                      << " deaths, " << r.publish_failures << " failed publishes in " << r.seconds << " s: "
                      << r.messages_per_s() << " messages/s\n";
            return r.publish_failures > 0 ? 1 : 0;
        }
        std::cerr << "lw-sim: unknown command '" << cmd << "'\n" << usage_text;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lw-sim: " << e.what() << "\n";
        return 1;
    }
}

// lw-sim: the drill simulator. Wires the city generator, scenarios and the drill runner.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "lw/center/city_json.hpp"
#include "lw/log.hpp"
#include "lw/sim/city_gen.hpp"
#include "lw/sim/drill.hpp"
#include "lw/sim/scenario.hpp"

namespace {
const char* usage_text = R"(lw-sim: Liftwatch drill simulator

usage:
  lw-sim city  [--scenario FILE] [--seed N] [--elevators N] --out CITY.json
        generate a virtual Tianshui (the scenario's seed and size unless given)
  lw-sim drill --scenario FILE --city CITY.json [--broker HOST:PORT] [--center HOST:PORT]
               [--report FILE.json] [--live-elevators N] [--manual-operator]
        play a scenario against a running lw-center (started with --clock drill)
)";

std::string read_file(const std::string& p) {
    std::ifstream f(p);
    if (!f) throw std::runtime_error("cannot read " + p);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::pair<std::string, int> host_port(const std::string& s, int def) {
    const auto c = s.rfind(':');
    if (c == std::string::npos) return {s, def};
    return {s.substr(0, c), std::stoi(s.substr(c + 1))};
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
            lw::sim::city_options o;
            o.seed = std::stoull(get("seed", std::to_string(sc.seed)));
            o.elevators = std::stoi(get("elevators", std::to_string(kv.count("scenario") ? sc.elevators : o.elevators)));
            const auto out = get("out");
            if (out.empty()) throw std::runtime_error("--out is required");
            const auto c = lw::sim::generate_city(o);
            std::ofstream(out) << lw::center::to_json(c) << "\n";
            std::cout << "city: " << c.elevators.size() << " elevators, " << c.companies.size() << " companies, "
                      << c.crews.size() << " crews, " << c.workstations.size() << " workstations -> " << out << "\n";
            return 0;
        }
        if (cmd == "drill") {
            if (!kv.count("scenario") || !kv.count("city")) throw std::runtime_error("--scenario and --city are required");
            lw::center::city c;
            if (auto err = lw::center::parse_city(read_file(get("city")), c); !err.empty())
                throw std::runtime_error(get("city") + ": " + err);
            lw::sim::drill_config cfg;
            std::tie(cfg.broker_host, cfg.broker_port) = host_port(get("broker", "127.0.0.1:1883"), 1883);
            std::tie(cfg.center_host, cfg.center_port) = host_port(get("center", "127.0.0.1:8080"), 8080);
            cfg.report_json = get("report");
            cfg.auto_operator = !kv.count("manual-operator");
            cfg.live_elevators = std::stoi(get("live-elevators", "50"));
            const auto s = lw::sim::run_drill(c, sc, cfg);
            std::cout << "drill '" << sc.name << "' " << (s.timed_out ? "TIMED OUT" : "finished") << ": "
                      << s.incidents_seen << " incidents (" << s.incident_ids << "), " << s.incidents_closed
                      << " closed, " << s.reports_sent << " crew reports, " << s.alarms_called_in << " calls\n";
            return s.timed_out ? 1 : 0;
        }
        std::cerr << "lw-sim: unknown command '" << cmd << "'\n" << usage_text;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lw-sim: " << e.what() << "\n";
        return 1;
    }
}

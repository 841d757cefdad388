// lw-center: the emergency-disposal center. Wires the service (serve) and the store (operator
// commands that read the database); the logic lives in the libraries.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "lw/center/city_json.hpp"
#include "lw/center/report.hpp"
#include "lw/center/service.hpp"
#include "lw/center/store.hpp"
#include "lw/center/store_reader.hpp"
#include "lw/center/supervision_report.hpp"
#include "lw/log.hpp"
#include "operator_cli.hpp"

namespace {

const char* usage_text = R"(lw-center: Liftwatch emergency-disposal center

usage:
  lw-center serve [--key value ...]        run the center (MQTT ingest, dispatch, console)
  lw-center import --db FILE CITY.json     import or update the registry from a city file
  lw-center import --db FILE ELEVATORS.csv import or update elevators (header: the city file's keys)
  lw-center incidents --db FILE [--open]   list incidents
  lw-center timeline --db FILE ID          print one incident's rescue timeline
  lw-center stats --db FILE [--from YYYY-MM-DD --to YYYY-MM-DD] [--now YYYY-MM-DD[THH:MM:SS]] [--json]
                                           supervision figures per company and district (default:
                                           the 30 days up to today; see docs/supervision.md)
  lw-center verify --db FILE [--anchor RECORD:HASH]
                                           check the timeline's hash chain (and a noted chain head)

serve options (also "key = value" lines in --config FILE):
  --db FILE            SQLite database (default var/liftwatch.db)
  --broker HOST:PORT   MQTT broker (default 127.0.0.1:1883)
  --regions a,b        regions this center owns (default tianshui)
  --city FILE          import this city file at start
  --http ADDR:PORT     console address (default 127.0.0.1:8080; port 0 picks one)
  --port-file FILE     write the console's port here once listening
  --clock wall|drill   drill: follow the simulator's city time (lw/v1/sim/clock)
  --center-id ID       MQTT client id / persistent session name (default lw-center)
  --ack-limit-s N, --arrival-limit-urban-s N, --arrival-limit-rural-s N,
  --release-limit-s N, --renotify-every-s N, --road-factor X, --speed-kmh X
  --silence-limit-s N  a node silent this long with a fault active raises an alarm (default 90)
  --db-busy-timeout-ms N  how long a write waits for a lock held by another program (default 5000)
  --log-level debug|info|warn|error
)";

int usage(int rc) {
    (rc == 0 ? std::cout : std::cerr) << usage_text << "\noperator commands:" << lw::center::cli::usage_text;
    return rc;
}

using args = lw::center::cli::command_args;

args parse(int argc, char** argv, int from) {
    args a;
    for (int i = from; i < argc; ++i) {
        std::string s = argv[i];
        if (s.rfind("--", 0) == 0) {
            const auto key = s.substr(2);
            if (key == "open" || key == "json") a.kv[key] = "1";   // flags without a value
            else if (i + 1 < argc) a.kv[key] = argv[++i];
            else a.kv[key] = "";
        } else {
            a.positional.push_back(s);
        }
    }
    if (auto c = a.kv.find("config"); c != a.kv.end()) {
        std::ifstream f(c->second);
        if (!f) throw std::runtime_error("cannot read config " + c->second);
        std::string line;
        while (std::getline(f, line)) {
            if (auto h = line.find('#'); h != std::string::npos) line.resize(h);
            const auto eq = line.find('=');
            if (eq == std::string::npos) continue;
            auto trim = [](std::string s) {
                s.erase(0, s.find_first_not_of(" \t\r"));
                s.erase(s.find_last_not_of(" \t\r") + 1);
                return s;
            };
            a.kv.emplace(trim(line.substr(0, eq)), trim(line.substr(eq + 1)));  // command line wins
        }
    }
    return a;
}

std::pair<std::string, int> host_port(const std::string& s, int def_port) {
    const auto colon = s.rfind(':');
    if (colon == std::string::npos) return {s, def_port};
    return {s.substr(0, colon), std::stoi(s.substr(colon + 1))};
}

int serve(const args& a) {
    lw::center::center_config cfg;
    cfg.db_path = a.get("db", cfg.db_path);
    std::tie(cfg.broker_host, cfg.broker_port) = host_port(a.get("broker", "127.0.0.1:1883"), 1883);
    if (auto r = a.get("regions"); !r.empty()) {
        cfg.regions.clear();
        std::stringstream ss(r);
        for (std::string x; std::getline(ss, x, ',');) cfg.regions.push_back(x);
    }
    cfg.city_file = a.get("city");
    auto [http_host, http_port] = host_port(a.get("http", "127.0.0.1:8080"), 8080);
    cfg.http_address = http_host;
    cfg.http_port = static_cast<unsigned short>(http_port);
    cfg.port_file = a.get("port-file");
    cfg.center_id = a.get("center-id", cfg.center_id);
    const auto clock = a.get("clock", "wall");
    if (clock == "drill") cfg.clock = lw::center::clock_mode::drill;
    else if (clock != "wall") throw std::runtime_error("--clock must be wall or drill");
    auto secs = [&](const char* k, lw::duration& d) {
        if (auto v = a.get(k); !v.empty()) d = std::chrono::seconds{std::stoll(v)};
    };
    secs("ack-limit-s", cfg.limits.ack_limit);
    secs("arrival-limit-urban-s", cfg.limits.arrival_limit_urban);
    secs("arrival-limit-rural-s", cfg.limits.arrival_limit_rural);
    secs("release-limit-s", cfg.limits.release_limit_after_arrival);
    secs("renotify-every-s", cfg.limits.renotify_every);
    secs("silence-limit-s", cfg.rules.silence_limit);
    if (auto v = a.get("db-busy-timeout-ms"); !v.empty()) cfg.db_busy_timeout = std::chrono::milliseconds{std::stoll(v)};
    if (auto v = a.get("road-factor"); !v.empty()) cfg.travel.road_factor = std::stod(v);
    if (auto v = a.get("speed-kmh"); !v.empty()) cfg.travel.speed_kmh = std::stod(v);
    lw::center::service svc(cfg);
    return svc.run();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage(2);
    const std::string cmd = argv[1];
    if (cmd == "-h" || cmd == "--help" || cmd == "help") return usage(0);
    try {
        const auto a = parse(argc, argv, 2);
        const auto lvl = a.get("log-level", "info");
        if (lvl == "debug") lw::log::set_level(lw::log::level::debug);
        else if (lvl == "warn") lw::log::set_level(lw::log::level::warn);
        else if (lvl == "error") lw::log::set_level(lw::log::level::error);
        if (cmd == "serve") return serve(a);
        const auto db_path = a.get("db", "var/liftwatch.db");
        if (cmd == "import") {
            if (a.positional.size() != 1) return usage(2);
            if (const auto& f = a.positional[0]; f.size() > 4 && f.substr(f.size() - 4) == ".csv")
                return lw::center::cli::import_elevators_csv(db_path, f);
            std::ifstream f(a.positional[0]);
            if (!f) throw std::runtime_error("cannot read " + a.positional[0]);
            std::stringstream ss;
            ss << f.rdbuf();
            lw::center::city c;
            if (auto err = lw::center::parse_city(ss.str(), c); !err.empty()) throw std::runtime_error(a.positional[0] + ": " + err);
            lw::center::store db(db_path);
            if (auto err = db.import_city(c); !err.empty()) throw std::runtime_error(err);
            std::cout << "imported " << c.elevators.size() << " elevators, " << c.crews.size() << " crews, "
                      << c.companies.size() << " companies into " << db_path << "\n";
            return 0;
        }
        // Commands that read the database must not create an empty one (verify would pass on it).
        if ((cmd == "incidents" || cmd == "timeline" || cmd == "verify" || cmd == "stats" || cmd == "export" ||
             cmd == "elevator" || (cmd == "crew" && a.get("console").empty())) &&
            !std::filesystem::exists(db_path)) {
            std::cerr << "lw-center: no database " << db_path << "\n";
            return 1;
        }
        if (cmd == "incidents") {
            lw::center::store_reader db(db_path);
            std::cout << lw::center::format_incident_list(db.incidents(1000, a.get("open") == "1"));
            return 0;
        }
        if (cmd == "timeline") {
            if (a.positional.size() != 1) return usage(2);
            lw::center::store_reader db(db_path);
            const auto id = std::stoll(a.positional[0]);
            auto row = db.incident_summary(id);
            if (!row) {
                std::cerr << "lw-center: no incident " << id << " in " << db_path << "\n";
                return 1;
            }
            std::cout << lw::center::format_timeline(*row, db.timeline(id), db.elevator(row->elevator_id));
            return 0;
        }
        if (cmd == "stats") {
            // Supervision figures (docs/supervision.md). --now pins "today" for reproducible reports.
            lw::center::store_reader db(db_path);
            lw::timestamp now = lw::wall_now();
            if (const auto n = a.get("now"); !n.empty()) {
                const auto t = lw::center::parse_utc_time(n);
                if (!t) throw std::runtime_error("--now must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (UTC), got '" + n + "'");
                now = *t;
            }
            lw::timestamp from, to;
            if (auto err = lw::center::stats_period(a.get("from"), a.get("to"), now, from, to); !err.empty())
                throw std::runtime_error(err);
            lw::center::response_limits limits;   // the defaults, or the serve options given here
            auto secs = [&](const char* k, lw::duration& d) {
                if (auto v = a.get(k); !v.empty()) d = std::chrono::seconds{std::stoll(v)};
            };
            secs("arrival-limit-urban-s", limits.arrival_limit_urban);
            secs("arrival-limit-rural-s", limits.arrival_limit_rural);
            const auto figures = lw::center::load_supervision(db, from, to, now, limits);
            std::cout << (a.get("json") == "1" ? lw::center::supervision_json(figures, limits)
                                               : lw::center::format_supervision(figures, limits));
            return 0;
        }
        if (cmd == "verify") {
            lw::center::store_reader db(db_path);
            std::optional<std::pair<std::int64_t, std::string>> anchor;
            if (const auto x = a.get("anchor"); !x.empty()) {
                // --anchor ID:HASH, as printed by an earlier "chain head" line.
                const auto colon = x.find(':');
                if (colon == std::string::npos) throw std::runtime_error("--anchor must be RECORD:HASH");
                anchor = std::make_pair(std::stoll(x.substr(0, colon)), x.substr(colon + 1));
            }
            const auto v = db.verify(anchor);
            for (const auto& p : v.problems) std::cout << "TAMPERED: " << p << "\n";
            std::cout << (v.ok ? "OK" : "FAILED") << ": " << v.rows_checked << " timeline records checked in " << db_path
                      << "\n";
            // The anchor: recorded elsewhere, it lets a later run prove that history was not rewritten.
            std::cout << "chain head: record " << v.head_id << " hash " << v.head_hash << "\n";
            return v.ok ? 0 : 1;
        }
        {
            namespace cli = lw::center::cli;
            int rc = -1;
            if (cmd == "export") rc = cli::export_incidents(a);
            else if (cmd == "elevator") rc = cli::elevator(a);
            else if (cmd == "crew") rc = cli::crew(a);
            else if (cmd == "alarm") rc = cli::alarm(a);
            else if (cmd == "act") rc = cli::act(a);
            if (rc == 2) return usage(2);
            if (rc >= 0) return rc;
        }
        std::cerr << "lw-center: unknown command '" << cmd << "'\n";
        return usage(2);
    } catch (const std::exception& e) {
        std::cerr << "lw-center: " << e.what() << "\n";
        return 1;
    }
}

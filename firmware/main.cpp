// lw-agent: the elevator board's agent. Wires the HAL, the node (detector + outbox + MQTT link)
// and the clock; the logic lives in the libraries.
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "lw/agent/hal.hpp"
#include "lw/agent/node.hpp"
#include "lw/log.hpp"

namespace {
std::atomic<bool> stop_requested{false};

void usage() {
    std::cout <<
        R"(lw-agent: Liftwatch elevator agent (board firmware)

usage: lw-agent [--config FILE] [--key value ...]

Every key may be given in the config file (one "key = value" per line, '#' comments) or on the
command line as --key value; the command line wins.

  elevator_id      registration code of this elevator (required)
  region           topic region (default tianshui)
  broker           host:port of the MQTT broker (default 127.0.0.1:1883)
  tls_ca, tls_cert, tls_key   PEM files; TLS is on when tls_ca is set
  outbox           outbox SQLite file (default /var/lib/liftwatch/outbox.db)
  script           scripted HAL: a file of "<seconds> field=value ..." lines (no GPIO)
  sample_hz        sampling rate (default 10)
  status_every_s   periodic status interval (default 30)
  test_alarm_every_h  EN 81-28 test alarm interval (default 72)
  entrapment_between_floors_s, entrapment_at_floor_s  detector thresholds (15, 90)
  log_level        debug|info|warn|error
)";
}

std::map<std::string, std::string> parse_args(int argc, char** argv) {
    std::map<std::string, std::string> kv;
    std::string config;
    std::map<std::string, std::string> cli;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-h" || a == "--help") {
            usage();
            std::exit(0);
        }
        if (a.rfind("--", 0) != 0 || i + 1 >= argc) {
            std::cerr << "lw-agent: bad argument '" << a << "' (see --help)\n";
            std::exit(2);
        }
        cli[a.substr(2)] = argv[++i];
    }
    if (auto c = cli.find("config"); c != cli.end()) {
        std::ifstream f(c->second);
        if (!f) {
            std::cerr << "lw-agent: cannot read config " << c->second << "\n";
            std::exit(2);
        }
        std::string line;
        while (std::getline(f, line)) {
            if (auto h = line.find('#'); h != std::string::npos) line.resize(h);
            auto eq = line.find('=');
            if (eq == std::string::npos) continue;
            auto trim = [](std::string s) {
                s.erase(0, s.find_first_not_of(" \t\r"));
                s.erase(s.find_last_not_of(" \t\r") + 1);
                return s;
            };
            kv[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
        }
    }
    for (auto& [k, v] : cli) kv[k] = v;
    return kv;
}
}  // namespace

int main(int argc, char** argv) {
    auto kv = parse_args(argc, argv);
    auto get = [&](const std::string& k, const std::string& def) {
        auto f = kv.find(k);
        return f == kv.end() ? def : f->second;
    };
    if (get("log_level", "info") == "debug") lw::log::set_level(lw::log::level::debug);
    lw::agent::node_config cfg;
    cfg.elevator_id = get("elevator_id", "");
    if (cfg.elevator_id.empty()) {
        std::cerr << "lw-agent: elevator_id is required (see --help)\n";
        return 2;
    }
    cfg.region = get("region", "tianshui");
    const auto broker = get("broker", "127.0.0.1:1883");
    const auto colon = broker.rfind(':');
    cfg.mqtt.host = broker.substr(0, colon);
    cfg.mqtt.port = colon == std::string::npos ? 1883 : std::stoi(broker.substr(colon + 1));
    if (auto ca = get("tls_ca", ""); !ca.empty()) cfg.mqtt.tls = lw::mqtt::tls_options{ca, get("tls_cert", ""), get("tls_key", "")};
    cfg.outbox_path = get("outbox", "/var/lib/liftwatch/outbox.db");
    cfg.status_every = std::chrono::seconds{std::stoi(get("status_every_s", "30"))};
    cfg.test_alarm.test_alarm_every = std::chrono::hours{std::stoi(get("test_alarm_every_h", "72"))};
    cfg.detector.entrapment_between_floors_after = std::chrono::seconds{std::stoi(get("entrapment_between_floors_s", "15"))};
    cfg.detector.entrapment_at_floor_after = std::chrono::seconds{std::stoi(get("entrapment_at_floor_s", "90"))};
    const int hz = std::max(1, std::stoi(get("sample_hz", "10")));

    lw::agent::scripted_sensor sensors;
    lw::agent::recording_audio audio;
    const auto script = get("script", "");
    if (script.empty()) {
        std::cerr << "lw-agent: no GPIO backend in this build yet; give --script FILE for the scripted HAL\n";
        return 2;
    }
    {
        std::ifstream f(script);
        std::stringstream ss;
        ss << f.rdbuf();
        if (!f) {
            std::cerr << "lw-agent: cannot read script " << script << "\n";
            return 2;
        }
        if (auto err = sensors.load_script(ss.str(), lw::wall_now()); !err.empty()) {
            std::cerr << "lw-agent: " << script << ": " << err << "\n";
            return 2;
        }
    }

    std::unique_ptr<lw::agent::node> node;
    try {
        node = std::make_unique<lw::agent::node>(cfg, sensors, audio);
    } catch (const std::exception& e) {
        std::cerr << "lw-agent: " << e.what() << "\n";
        return 1;
    }
    if (auto err = node->start(); !err.empty()) {
        std::cerr << "lw-agent: " << err << "\n";
        return 1;
    }
    signal(SIGINT, [](int) { stop_requested = true; });
    signal(SIGTERM, [](int) { stop_requested = true; });
    lw::log::info("agent", cfg.elevator_id + ": running at " + std::to_string(hz) + " Hz, broker " + broker);
    const auto period = std::chrono::milliseconds{1000 / hz};
    auto next = std::chrono::steady_clock::now();
    while (!stop_requested) {
        node->poll(lw::wall_now());  // read the clock once per cycle, pass it down
        next += period;
        std::this_thread::sleep_until(next);
    }
    node->stop();
    lw::log::info("agent", cfg.elevator_id + ": stopped");
    return 0;
}

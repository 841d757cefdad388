// lw-agent: the elevator board's agent. Wires the HAL (GPIO or scripted sensors, ALSA or logged
// audio), the node (detector + outbox + MQTT link) and the clock; the logic lives in the
// libraries. Every option is documented in usage() and deploy/lw-agent.conf.
#include <signal.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "lw/agent/gpio_inputs.hpp"
#include "lw/agent/hal.hpp"
#include "lw/agent/node.hpp"
#include "lw/log.hpp"
#ifdef LW_HAVE_GPIOD
#include "lw/agent/gpiod_sensor.hpp"
#endif
#ifdef LW_HAVE_ALSA
#include "lw/agent/alsa_audio.hpp"
#endif

namespace {
constexpr std::string_view component = "agent";
std::atomic<bool> stop_requested{false};

void usage() {
    std::cout <<
        R"(lw-agent: Liftwatch elevator agent (board firmware)

usage: lw-agent [--config FILE] [--key value ...]

Every key may be given in the config file (one "key = value" per line, '#' comments) or on the
command line as --key value; the command line wins. Example: deploy/lw-agent.conf.

  elevator_id      registration code of this elevator (required)
  region           topic region (default tianshui)
  broker           host:port of the MQTT broker (default 127.0.0.1:1883)
  tls_ca, tls_cert, tls_key   PEM files; TLS is on when tls_ca is set (cert+key: client auth)
  username, password          MQTT credentials (optional)
  keepalive_s      MQTT keepalive (default 10)
  reconnect_min_s, reconnect_max_s   reconnect backoff, doubling between them (1, 30)
  outbox           outbox SQLite file (default /var/lib/liftwatch/outbox.db)
  outbox_capacity  events kept offline at most (default 100000, >= 24 h at 1 event/s)
  hal              gpio | script (default: script when `script` is set, else gpio)
  script           scripted HAL: a file of "<seconds> field=value ..." lines
  gpio.<signal>    GPIO HAL input: "<chip>:<line> [active_low] [debounce_ms=N]"; signals:
                   door_closed door_open door_zone alarm_button presence mains_ok battery_low
                   safety_circuit door_lock moving direction_up direction_down inspection
                   out_of_service fire_return overload brake_ok floor_pulse floor_reference
  gpio.floor_initial, gpio.reference_floor, gpio.nominal_speed_mps   floor counter, speed
  audio            alsa | log (default: alsa with the gpio HAL, log with the script HAL)
  alsa_device      ALSA PCM device (default "default")
  comfort_wav      WAV file of the voice-comfort message (default
                   /usr/share/liftwatch/comfort-zh.wav)
  comfort_every_s  comfort repeat period while trapped (default 60)
  sample_hz        sampling rate, 1..100 (default 10)
  status_every_s   periodic status interval (default 30)
  test_alarm_every_h  EN 81-28 test alarm interval, at most 72 (default 72)
  entrapment_between_floors_s, entrapment_at_floor_s  detector thresholds (15, 90)
  rated_speed_mps  rated speed of the car (default 1.75)
  top_floor, bottom_floor     terminal landings (overtravel by floor; default unset)
  log_level        debug|info|warn|error (default info)
)";
}

const std::set<std::string> known_keys = {
    "config", "elevator_id", "region", "broker", "tls_ca", "tls_cert", "tls_key", "username", "password",
    "keepalive_s", "reconnect_min_s", "reconnect_max_s", "outbox", "outbox_capacity", "hal", "script", "audio",
    "alsa_device", "comfort_wav", "comfort_every_s", "sample_hz", "status_every_s", "test_alarm_every_h",
    "entrapment_between_floors_s", "entrapment_at_floor_s", "rated_speed_mps", "top_floor", "bottom_floor",
    "log_level"};

struct config_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string trim(std::string s) {
    s.erase(0, s.find_first_not_of(" \t\r"));
    s.erase(s.find_last_not_of(" \t\r") + 1);
    return s;
}

std::map<std::string, std::string> parse_args(int argc, char** argv) {
    std::map<std::string, std::string> cli;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-h" || a == "--help") {
            usage();
            std::exit(0);
        }
        if (a.rfind("--", 0) != 0 || i + 1 >= argc) throw config_error("bad argument '" + a + "' (see --help)");
        cli[a.substr(2)] = argv[++i];
    }
    std::map<std::string, std::string> kv;
    if (auto c = cli.find("config"); c != cli.end()) {
        std::ifstream f(c->second);
        if (!f) throw config_error("cannot read config " + c->second);
        std::string line;
        int line_no = 0;
        while (std::getline(f, line)) {
            ++line_no;
            if (auto h = line.find('#'); h != std::string::npos) line.resize(h);
            if (trim(line).empty()) continue;
            auto eq = line.find('=');
            if (eq == std::string::npos)
                throw config_error(c->second + ":" + std::to_string(line_no) + ": expected 'key = value'");
            kv[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
        }
    }
    for (auto& [k, v] : cli) kv[k] = v;
    for (const auto& [k, v] : kv)
        if (!known_keys.count(k) && k.rfind("gpio.", 0) != 0) throw config_error("unknown option '" + k + "' (see --help)");
    return kv;
}

class options {
public:
    explicit options(std::map<std::string, std::string> kv) : kv_(std::move(kv)) {}
    const std::map<std::string, std::string>& all() const { return kv_; }
    std::string str(const std::string& k, const std::string& def) const {
        auto f = kv_.find(k);
        return f == kv_.end() ? def : f->second;
    }
    bool has(const std::string& k) const { return kv_.count(k) > 0; }
    long long integer(const std::string& k, long long def, long long min, long long max) const {
        auto f = kv_.find(k);
        if (f == kv_.end()) return def;
        long long v = 0;
        const auto& s = f->second;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc{} || p != s.data() + s.size())
            throw config_error(k + ": '" + s + "' is not a whole number");
        if (v < min || v > max)
            throw config_error(k + ": " + s + " is outside " + std::to_string(min) + ".." + std::to_string(max));
        return v;
    }
    double real(const std::string& k, double def, double min, double max) const {
        auto f = kv_.find(k);
        if (f == kv_.end()) return def;
        double v = 0;
        try {
            std::size_t used = 0;
            v = std::stod(f->second, &used);
            if (used != f->second.size()) throw std::invalid_argument("trailing text");
        } catch (const std::exception&) {
            throw config_error(k + ": '" + f->second + "' is not a number");
        }
        if (v < min || v > max) throw config_error(k + ": " + f->second + " is out of range");
        return v;
    }

private:
    std::map<std::string, std::string> kv_;
};

// Script HAL's audio: the clip and time go to the log (the board uses ALSA).
class logged_audio final : public lw::agent::audio_out {
public:
    void play(const std::string& clip, lw::timestamp now) override {
        lw::log::info("audio", "comfort message played: " + clip + " at " + lw::format_utc(now));
    }
};

lw::agent::node_config node_config_from(const options& o) {
    lw::agent::node_config cfg;
    cfg.elevator_id = o.str("elevator_id", "");
    if (cfg.elevator_id.empty()) throw config_error("elevator_id is required (see --help)");
    cfg.region = o.str("region", "tianshui");
    const auto broker = o.str("broker", "127.0.0.1:1883");
    const auto colon = broker.rfind(':');
    cfg.mqtt.host = broker.substr(0, colon);
    if (cfg.mqtt.host.empty()) throw config_error("broker: '" + broker + "' has no host");
    if (colon != std::string::npos) {
        const options port_only({{"broker port", broker.substr(colon + 1)}});
        cfg.mqtt.port = static_cast<int>(port_only.integer("broker port", 1883, 1, 65535));
    }
    if (auto ca = o.str("tls_ca", ""); !ca.empty()) {
        cfg.mqtt.tls = lw::mqtt::tls_options{ca, o.str("tls_cert", ""), o.str("tls_key", "")};
        if (cfg.mqtt.tls->cert_file.empty() != cfg.mqtt.tls->key_file.empty())
            throw config_error("tls_cert and tls_key go together");
    } else if (o.has("tls_cert") || o.has("tls_key")) {
        throw config_error("tls_cert/tls_key need tls_ca");
    }
    cfg.mqtt.username = o.str("username", "");
    cfg.mqtt.password = o.str("password", "");
    cfg.mqtt.keepalive = std::chrono::seconds{o.integer("keepalive_s", 10, 5, 3600)};
    cfg.mqtt.reconnect_min = std::chrono::seconds{o.integer("reconnect_min_s", 1, 1, 3600)};
    cfg.mqtt.reconnect_max = std::chrono::seconds{o.integer("reconnect_max_s", 30, 1, 3600)};
    if (cfg.mqtt.reconnect_max < cfg.mqtt.reconnect_min) throw config_error("reconnect_max_s < reconnect_min_s");
    cfg.outbox_path = o.str("outbox", "/var/lib/liftwatch/outbox.db");
    cfg.outbox_capacity = static_cast<std::size_t>(o.integer("outbox_capacity", 100'000, 100, 10'000'000));
    cfg.status_every = std::chrono::seconds{o.integer("status_every_s", 30, 1, 86'400)};
    cfg.test_alarm.test_alarm_every = std::chrono::hours{o.integer("test_alarm_every_h", 72, 1, 72)};
    cfg.detector.entrapment_between_floors_after =
        std::chrono::seconds{o.integer("entrapment_between_floors_s", 15, 1, 3600)};
    cfg.detector.entrapment_at_floor_after = std::chrono::seconds{o.integer("entrapment_at_floor_s", 90, 1, 3600)};
    cfg.detector.rated_speed_mps = o.real("rated_speed_mps", 1.75, 0.1, 20);
    if (o.has("top_floor")) cfg.detector.top_floor = static_cast<int>(o.integer("top_floor", 0, -10, 500));
    if (o.has("bottom_floor")) cfg.detector.bottom_floor = static_cast<int>(o.integer("bottom_floor", 0, -10, 500));
    cfg.comfort.comfort_repeat_every = std::chrono::seconds{o.integer("comfort_every_s", 60, 10, 3600)};
    cfg.comfort_clip = o.str("comfort_wav", "/usr/share/liftwatch/comfort-zh.wav");
    return cfg;
}

std::unique_ptr<lw::agent::sensor_source> make_sensors(const options& o, const std::string& hal) {
    if (hal == "script") {
        const auto script = o.str("script", "");
        if (script.empty()) throw config_error("hal = script needs script = FILE");
        std::ifstream f(script);
        if (!f) throw config_error("cannot read script " + script);
        std::stringstream ss;
        ss << f.rdbuf();
        auto s = std::make_unique<lw::agent::scripted_sensor>();
        if (auto err = s->load_script(ss.str(), lw::wall_now()); !err.empty()) throw config_error(script + ": " + err);
        return s;
    }
    if (hal == "gpio") {
        lw::agent::gpio_config g;
        if (auto err = lw::agent::parse_gpio_config(o.all(), g); !err.empty()) throw config_error(err);
        std::size_t inputs = 0;
        for (const auto& i : g.inputs) inputs += i.has_value();
        if (inputs == 0) throw config_error("hal = gpio but no gpio.<signal> input is configured");
#ifdef LW_HAVE_GPIOD
        return std::make_unique<lw::agent::gpiod_sensor>(g);
#else
        throw config_error("this build has no GPIO backend (libgpiod was not found at build time)");
#endif
    }
    throw config_error("hal: '" + hal + "' is not gpio or script");
}

std::unique_ptr<lw::agent::audio_out> make_audio(const options& o, const std::string& audio) {
    if (audio == "log") return std::make_unique<logged_audio>();
    if (audio == "alsa") {
#ifdef LW_HAVE_ALSA
        return std::make_unique<lw::agent::alsa_audio>(o.str("alsa_device", "default"));
#else
        throw config_error("this build has no ALSA backend (libasound was not found at build time)");
#endif
    }
    throw config_error("audio: '" + audio + "' is not alsa or log");
}

}  // namespace

int main(int argc, char** argv) {
    std::unique_ptr<lw::agent::sensor_source> sensors;
    std::unique_ptr<lw::agent::audio_out> audio;
    std::unique_ptr<lw::agent::node> node;
    lw::agent::node_config cfg;
    int hz = 10;
    try {
        const options o(parse_args(argc, argv));
        const auto level = o.str("log_level", "info");
        if (level == "debug") lw::log::set_level(lw::log::level::debug);
        else if (level == "warn") lw::log::set_level(lw::log::level::warn);
        else if (level == "error") lw::log::set_level(lw::log::level::error);
        else if (level != "info") throw config_error("log_level: '" + level + "' is not debug, info, warn or error");
        cfg = node_config_from(o);
        hz = static_cast<int>(o.integer("sample_hz", 10, 1, 100));
        const auto hal = o.str("hal", o.has("script") ? "script" : "gpio");
        sensors = make_sensors(o, hal);
        audio = make_audio(o, o.str("audio", hal == "gpio" ? "alsa" : "log"));
        node = std::make_unique<lw::agent::node>(cfg, *sensors, *audio);
        lw::log::info(component, cfg.elevator_id + ": " + cfg.firmware_version + ", hal " + hal + ", audio " +
                                     o.str("audio", hal == "gpio" ? "alsa" : "log") + ", broker " + cfg.mqtt.host +
                                     ":" + std::to_string(cfg.mqtt.port) + (cfg.mqtt.tls ? " (TLS)" : "") +
                                     ", outbox " + cfg.outbox_path + " (" + std::to_string(node->outbox_size()) +
                                     " waiting), bd_seq " + std::to_string(node->bd_seq()));
    } catch (const config_error& e) {
        std::cerr << "lw-agent: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lw-agent: " << e.what() << "\n";
        return 1;
    }
    if (auto err = node->start(); !err.empty()) {
        std::cerr << "lw-agent: " << err << "\n";
        return 1;
    }
    struct sigaction sa {};
    sa.sa_handler = [](int) { stop_requested = true; };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    lw::log::info(component, cfg.elevator_id + ": running at " + std::to_string(hz) + " Hz");
    const auto period = std::chrono::microseconds{1'000'000 / hz};
    auto next = std::chrono::steady_clock::now();
    while (!stop_requested) {
        node->poll(lw::wall_now());  // read the clock once per cycle, pass it down
        next += period;
        const auto now = std::chrono::steady_clock::now();
        if (next < now - period) next = now;  // fell behind (suspend, clock jump): do not burst
        std::this_thread::sleep_until(next);
    }
    node->stop();
    const auto& st = node->stats();
    lw::log::info(component, cfg.elevator_id + ": stopped; events stored " + std::to_string(st.events_stored) +
                                 ", acknowledged " + std::to_string(st.events_acked) + ", left in the outbox " +
                                 std::to_string(node->outbox_size()));
    return 0;
}

#include "lw/agent/app.hpp"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>
#include <utility>

#include "lw/log.hpp"
#ifdef LW_HAVE_GPIOD
#include "lw/agent/gpiod_sensor.hpp"
#endif
#ifdef LW_HAVE_ALSA
#include "lw/agent/alsa_audio.hpp"
#endif

namespace lw::agent {
namespace {
namespace o = lw::options;
using o::values;

constexpr std::string_view component = "agent";
constexpr int floor_min = -10, floor_max = 500;

std::atomic<bool> stop_requested{false};

// "host:port" or "host" (port 1883); "" when fine, else what is wrong.
std::string broker_problem(const std::string& s) {
    const auto colon = s.rfind(':');
    if (s.substr(0, colon).empty()) return "'" + s + "' has no host";
    if (colon == std::string::npos) return {};
    const auto port = s.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) < 1 || std::stoi(port) > 65535)
        return "'" + s + "': the port must be 1..65535";
    return {};
}

o::definitions make_definitions() {
    o::definitions d("lw-agent", "Liftwatch elevator agent (board firmware)");
    d.usage("lw-agent [--config FILE] [--key value ...]");
    d.config_file("config", "read \"key = value\" lines ('#' comments) for the keys below; the command line wins");
    d.add(o::text("elevator_id", "ID", "registration code of this elevator").must_be_given());
    d.add(o::text("region", "NAME", "topic region (lw/v1/{region}/{elevator}/...)").defaults_to("tianshui"));
    d.add(o::text("broker", "HOST:PORT", "the MQTT broker").defaults_to("127.0.0.1:1883").checked_by(broker_problem));
    d.add(o::text("tls_ca", "FILE", "PEM CA certificate; TLS is on when set"));
    d.add(o::text("tls_cert", "FILE", "PEM client certificate (with tls_key: client authentication)"));
    d.add(o::text("tls_key", "FILE", "PEM client key"));
    d.add(o::text("username", "NAME", "MQTT user name (optional)"));
    d.add(o::text("password", "TEXT", "MQTT password (optional)"));
    d.add(o::integer("keepalive_s", "MQTT keepalive, seconds").between(5, 3600).defaults_to(10));
    d.add(o::integer("reconnect_min_s", "reconnect backoff starts here, seconds (doubles up to the max)")
              .between(1, 3600)
              .defaults_to(1));
    d.add(o::integer("reconnect_max_s", "reconnect backoff at most, seconds").between(1, 3600).defaults_to(30));
    d.add(o::text("outbox", "FILE", "outbox SQLite file").defaults_to("/var/lib/liftwatch/outbox.db"));
    d.add(o::integer("outbox_capacity", "events kept offline at most (100000: >= 24 h at 1 event/s)")
              .between(100, 10'000'000)
              .defaults_to(100'000));
    d.add(o::word("hal", {"gpio", "script"}, "signal source (default: script when `script` is set, else gpio)"));
    d.add(o::text("script", "FILE", "scripted HAL: a file of \"<seconds> field=value ...\" lines"));
    const auto line_spec = [](const std::string& s) {
        gpio_line_spec spec;
        return parse_line_spec(s, spec);
    };
    for (std::size_t i = 0; i < gpio_signal_count; ++i) {
        const auto name = std::string(to_string(static_cast<gpio_signal>(i)));
        d.add(o::text("gpio." + name, "SPEC", "GPIO input of " + name).checked_by(line_spec));
    }
    d.add(o::integer("gpio.floor_initial", "floor assumed at start-up (default: unknown until the reference)")
              .between(floor_min, floor_max));
    d.add(o::integer("gpio.reference_floor", "landing of the floor_reference switch")
              .between(floor_min, floor_max)
              .defaults_to(gpio_config{}.floor_reference));
    d.add(o::real("gpio.nominal_speed_mps", "speed reported while moving, m/s (GPIO has no speed sensor)")
              .between(0.01, 20)
              .defaults_to(gpio_config{}.nominal_speed_mps));
    d.add(o::word("audio", {"alsa", "log"}, "voice comfort output (default: alsa with the gpio HAL, log with script)"));
    d.add(o::text("alsa_device", "PCM", "ALSA PCM device").defaults_to("default"));
    d.add(o::text("comfort_wav", "FILE", "WAV file of the voice-comfort message")
              .defaults_to("/usr/share/liftwatch/comfort-zh.wav"));
    d.add(o::integer("comfort_every_s", "comfort repeat period while trapped, seconds").between(10, 3600).defaults_to(60));
    d.add(o::integer("sample_hz", "sampling rate, Hz").between(1, 100).defaults_to(10));
    d.add(o::integer("status_every_s", "periodic status interval, seconds").between(1, 86'400).defaults_to(30));
    d.add(o::integer("test_alarm_every_h", "EN 81-28 test alarm interval, hours (72 at most)").between(1, 72).defaults_to(72));
    d.add(o::integer("entrapment_between_floors_s", "stopped between floors with someone inside this long: entrapment")
              .between(1, 3600)
              .defaults_to(15));
    d.add(o::integer("entrapment_at_floor_s", "doors closed at a floor with someone inside this long: entrapment")
              .between(1, 3600)
              .defaults_to(90));
    d.add(o::real("rated_speed_mps", "rated speed of the car, m/s").between(0.1, 20).defaults_to(1.75));
    d.add(o::integer("top_floor", "top terminal landing (overtravel by floor; default unset)").between(floor_min, floor_max));
    d.add(o::integer("bottom_floor", "bottom terminal landing (default unset)").between(floor_min, floor_max));
    d.add(o::word("log_level", {"debug", "info", "warn", "error"}, "log messages from this level up").defaults_to("info"));
    d.note("Every key may be given in the config file (one \"key = value\" per line, '#' comments) or on the\n"
           "command line as --key value; the command line wins. Example: deploy/lw-agent.conf.\n"
           "GPIO inputs: gpio.<signal> = SPEC, SPEC = <chip>:<line> [active_low] [debounce_ms=N] (default\n"
           "debounce 50 ms).");
    return d;
}

// Script HAL's audio: the clip and time go to the log (the board uses ALSA). Its outcome says
// so: "played" to the log, not to a speaker.
class logged_audio final : public audio_out {
public:
    void play(const std::string& clip, timestamp now) override {
        lw::log::info("audio", "comfort message played: " + clip + " at " + lw::format_utc(now));
        outcomes_.push_back({clip, true, {}});
    }
    std::vector<play_outcome> take_outcomes() override { return std::exchange(outcomes_, {}); }

private:
    std::vector<play_outcome> outcomes_;
};

}  // namespace

const lw::options::definitions& agent_definitions() {
    static const o::definitions d = make_definitions();
    return d;
}

node_config node_config_from(const values& v) {
    node_config cfg;
    cfg.elevator_id = v.text("elevator_id");
    if (cfg.elevator_id.empty()) throw v.error(v.where("elevator_id") + ": must not be empty");
    cfg.region = v.text("region");
    const auto broker = v.text("broker");
    const auto colon = broker.rfind(':');
    cfg.mqtt.host = broker.substr(0, colon);
    if (colon != std::string::npos) cfg.mqtt.port = std::stoi(broker.substr(colon + 1));   // checked
    if (v.given("tls_ca")) {
        cfg.mqtt.tls = lw::mqtt::tls_options{v.text("tls_ca"), v.text("tls_cert"), v.text("tls_key")};
        if (v.given("tls_cert") != v.given("tls_key")) throw v.error("tls_cert and tls_key go together");
    } else if (v.given("tls_cert") || v.given("tls_key")) {
        throw v.error("tls_cert/tls_key need tls_ca");
    }
    cfg.mqtt.username = v.text("username");
    cfg.mqtt.password = v.text("password");
    cfg.mqtt.keepalive = std::chrono::seconds{v.integer("keepalive_s")};
    cfg.mqtt.reconnect_min = std::chrono::seconds{v.integer("reconnect_min_s")};
    cfg.mqtt.reconnect_max = std::chrono::seconds{v.integer("reconnect_max_s")};
    if (cfg.mqtt.reconnect_max < cfg.mqtt.reconnect_min) throw v.error("reconnect_max_s < reconnect_min_s");
    cfg.outbox_path = v.text("outbox");
    cfg.outbox_capacity = static_cast<std::size_t>(v.integer("outbox_capacity"));
    cfg.status_every = std::chrono::seconds{v.integer("status_every_s")};
    cfg.test_alarm.test_alarm_every = std::chrono::hours{v.integer("test_alarm_every_h")};
    cfg.detector.entrapment_between_floors_after = std::chrono::seconds{v.integer("entrapment_between_floors_s")};
    cfg.detector.entrapment_at_floor_after = std::chrono::seconds{v.integer("entrapment_at_floor_s")};
    cfg.detector.rated_speed_mps = v.real("rated_speed_mps");
    if (v.given("top_floor")) cfg.detector.top_floor = static_cast<int>(v.integer("top_floor"));
    if (v.given("bottom_floor")) cfg.detector.bottom_floor = static_cast<int>(v.integer("bottom_floor"));
    cfg.comfort.comfort_repeat_every = std::chrono::seconds{v.integer("comfort_every_s")};
    cfg.comfort_clip = v.text("comfort_wav");
    return cfg;
}

gpio_config gpio_config_from(const values& v) {
    std::map<std::string, std::string> kv;
    for (const auto& opt : agent_definitions().options())
        if (opt.name.rfind("gpio.", 0) == 0 && v.given(opt.name)) kv[opt.name] = v.text(opt.name);
    gpio_config g;
    if (auto err = parse_gpio_config(kv, g); !err.empty()) throw v.error(err);
    return g;
}

std::string hal_of(const values& v) {
    if (v.given("hal")) return v.text("hal");
    return v.given("script") ? "script" : "gpio";
}

std::string audio_of(const values& v) {
    if (v.given("audio")) return v.text("audio");
    return hal_of(v) == "gpio" ? "alsa" : "log";
}

std::unique_ptr<sensor_source> make_sensors(const values& v) {
    if (hal_of(v) == "script") {
        const auto script = v.text("script");
        if (script.empty()) throw v.error("hal = script needs script = FILE");
        std::ifstream f(script);
        if (!f) throw v.error(v.where("script") + ": cannot read " + script);
        std::stringstream ss;
        ss << f.rdbuf();
        auto s = std::make_unique<scripted_sensor>();
        if (auto err = s->load_script(ss.str(), lw::wall_now()); !err.empty()) throw v.error(script + ": " + err);
        return s;
    }
    const auto g = gpio_config_from(v);
    std::size_t inputs = 0;
    for (const auto& i : g.inputs) inputs += i.has_value();
    if (inputs == 0) throw v.error("hal = gpio but no gpio.<signal> input is configured");
#ifdef LW_HAVE_GPIOD
    return std::make_unique<gpiod_sensor>(g);
#else
    throw v.error("this build has no GPIO backend (libgpiod was not found at build time)");
#endif
}

std::unique_ptr<audio_out> make_audio(const values& v) {
    if (audio_of(v) == "log") return std::make_unique<logged_audio>();
#ifdef LW_HAVE_ALSA
    return std::make_unique<alsa_audio>(v.text("alsa_device"));
#else
    throw v.error("this build has no ALSA backend (libasound was not found at build time)");
#endif
}

int run(const values& v) {
    lw::log::set_level(v.text("log_level"));
    const auto cfg = node_config_from(v);
    const auto hz = static_cast<int>(v.integer("sample_hz"));
    const auto sensors = make_sensors(v);
    const auto audio = make_audio(v);
    node n(cfg, *sensors, *audio);
    lw::log::info(component, cfg.elevator_id + ": " + cfg.firmware_version + ", hal " + hal_of(v) + ", audio " +
                                 audio_of(v) + ", broker " + cfg.mqtt.host + ":" + std::to_string(cfg.mqtt.port) +
                                 (cfg.mqtt.tls ? " (TLS)" : "") + ", outbox " + cfg.outbox_path + " (" +
                                 std::to_string(n.outbox_size()) + " waiting), bd_seq " + std::to_string(n.bd_seq()));
    if (auto err = n.start(); !err.empty()) throw std::runtime_error(err);
    struct sigaction sa {};
    sa.sa_handler = [](int) { stop_requested = true; };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    lw::log::info(component, cfg.elevator_id + ": running at " + std::to_string(hz) + " Hz");
    const auto period = std::chrono::microseconds{1'000'000 / hz};
    auto next = std::chrono::steady_clock::now();
    while (!stop_requested) {
        n.poll(lw::wall_now());  // read the clock once per cycle, pass it down
        next += period;
        const auto now = std::chrono::steady_clock::now();
        if (next < now - period) next = now;  // fell behind (suspend, clock jump): do not burst
        std::this_thread::sleep_until(next);
    }
    n.stop();
    const auto& st = n.stats();
    lw::log::info(component, cfg.elevator_id + ": stopped; events stored " + std::to_string(st.events_stored) +
                                 ", acknowledged " + std::to_string(st.events_acked) + ", left in the outbox " +
                                 std::to_string(n.outbox_size()));
    return 0;
}

}  // namespace lw::agent

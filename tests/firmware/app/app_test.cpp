// lw-agent's options -> the node's configuration: defaults, ranges, TLS rules, the GPIO keys,
// and the shipped deploy/lw-agent.conf, parsed through the option library without starting
// anything.
#include "lw/agent/app.hpp"

#include <gtest/gtest.h>

#include <map>

namespace {
using namespace std::chrono_literals;
namespace agent = lw::agent;

lw::options::parse_result parse(std::vector<std::string> args, std::map<std::string, std::string> files = {}) {
    return lw::options::parse(agent::agent_definitions(), args, [files](const std::string& p) -> std::optional<std::string> {
        auto f = files.find(p);
        if (f == files.end()) return std::nullopt;
        return f->second;
    });
}

lw::options::values ok(std::vector<std::string> args, std::map<std::string, std::string> files = {}) {
    const auto r = parse(std::move(args), std::move(files));
    if (!r.ok()) throw std::runtime_error(r.message());
    return r.values();
}

std::string refusal(std::vector<std::string> args, std::map<std::string, std::string> files = {}) {
    const auto r = parse(std::move(args), std::move(files));
    EXPECT_FALSE(r.ok());
    return r.message();
}

std::string usage_error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const lw::options::usage_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no usage_error";
    return {};
}

TEST(agent_config, deploy_conf_gives_the_board_configuration) {
    const auto r = lw::options::parse(agent::agent_definitions(), {"--config", LW_SOURCE_DIR "/deploy/lw-agent.conf"});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& v = r.values();
    const auto cfg = agent::node_config_from(v);
    EXPECT_EQ(cfg.elevator_id, "TS-QZ-00003");
    EXPECT_EQ(cfg.region, "tianshui");
    EXPECT_EQ(cfg.mqtt.host, "mqtt.example-96333.cn");
    EXPECT_EQ(cfg.mqtt.port, 8883);
    ASSERT_TRUE(cfg.mqtt.tls);
    EXPECT_EQ(cfg.mqtt.tls->ca_file, "/etc/liftwatch/ca.crt");
    EXPECT_EQ(cfg.mqtt.tls->cert_file, "/etc/liftwatch/board.crt");
    EXPECT_EQ(cfg.mqtt.tls->key_file, "/etc/liftwatch/board.key");
    EXPECT_EQ(cfg.mqtt.keepalive, 10s);
    EXPECT_EQ(cfg.mqtt.reconnect_min, 1s);
    EXPECT_EQ(cfg.mqtt.reconnect_max, 30s);
    EXPECT_EQ(cfg.outbox_path, "/var/lib/liftwatch/outbox.db");
    EXPECT_EQ(cfg.outbox_capacity, 100'000u);
    EXPECT_EQ(cfg.detector.entrapment_between_floors_after, 15s);
    EXPECT_EQ(cfg.detector.entrapment_at_floor_after, 90s);
    EXPECT_DOUBLE_EQ(cfg.detector.rated_speed_mps, 1.75);
    EXPECT_FALSE(cfg.detector.top_floor);
    EXPECT_EQ(cfg.status_every, 30s);
    EXPECT_EQ(cfg.test_alarm.test_alarm_every, 72h);
    EXPECT_EQ(cfg.comfort.comfort_repeat_every, 60s);
    EXPECT_EQ(cfg.comfort_clip, "/usr/share/liftwatch/comfort-zh.wav");
    EXPECT_EQ(v.integer("sample_hz"), 10);
    EXPECT_EQ(v.text("alsa_device"), "default");
    EXPECT_EQ(agent::hal_of(v), "gpio");
    EXPECT_EQ(agent::audio_of(v), "alsa");

    const auto g = agent::gpio_config_from(v);
    std::size_t inputs = 0;
    for (const auto& i : g.inputs) inputs += i.has_value();
    EXPECT_EQ(inputs, 15u);
    const auto& door = g.input(agent::gpio_signal::door_closed);
    ASSERT_TRUE(door);
    EXPECT_EQ(door->chip, "gpiochip0");
    EXPECT_EQ(door->line, 5u);
    EXPECT_TRUE(door->active_low);
    EXPECT_EQ(g.input(agent::gpio_signal::alarm_button)->debounce, 100ms);
    EXPECT_FALSE(g.input(agent::gpio_signal::mains_ok)->active_low);
    EXPECT_FALSE(g.input(agent::gpio_signal::moving));
    EXPECT_EQ(g.floor_reference, 1);
    EXPECT_FALSE(g.floor_initial);
    EXPECT_DOUBLE_EQ(g.nominal_speed_mps, 1.75);
}

TEST(agent_config, defaults_with_only_the_elevator) {
    const auto v = ok({"--elevator_id", "E1"});
    const auto cfg = agent::node_config_from(v);
    EXPECT_EQ(cfg.elevator_id, "E1");
    EXPECT_EQ(cfg.region, "tianshui");
    EXPECT_EQ(cfg.mqtt.host, "127.0.0.1");
    EXPECT_EQ(cfg.mqtt.port, 1883);
    EXPECT_FALSE(cfg.mqtt.tls);
    EXPECT_EQ(cfg.mqtt.keepalive, 10s);
    EXPECT_EQ(cfg.mqtt.reconnect_min, 1s);
    EXPECT_EQ(cfg.mqtt.reconnect_max, 30s);
    EXPECT_EQ(cfg.outbox_path, "/var/lib/liftwatch/outbox.db");
    EXPECT_EQ(cfg.outbox_capacity, 100'000u);
    EXPECT_EQ(cfg.status_every, 30s);
    EXPECT_EQ(cfg.test_alarm.test_alarm_every, 72h);
    EXPECT_EQ(cfg.detector.entrapment_between_floors_after, 15s);
    EXPECT_EQ(cfg.detector.entrapment_at_floor_after, 90s);
    EXPECT_EQ(cfg.comfort.comfort_repeat_every, 60s);
    EXPECT_EQ(v.integer("sample_hz"), 10);
    EXPECT_EQ(agent::hal_of(v), "gpio");
    EXPECT_EQ(agent::audio_of(v), "alsa");
    // A script makes the script HAL and logged audio the defaults.
    const auto s = ok({"--elevator_id", "E1", "--script", "x.script"});
    EXPECT_EQ(agent::hal_of(s), "script");
    EXPECT_EQ(agent::audio_of(s), "log");
    EXPECT_EQ(agent::audio_of(ok({"--elevator_id", "E1", "--script", "x", "--audio", "alsa"})), "alsa");
    EXPECT_EQ(agent::node_config_from(ok({"--elevator_id", "E1", "--broker", "mq.local"})).mqtt.port, 1883);
    const auto floors = agent::node_config_from(ok({"--elevator_id", "E1", "--top_floor", "18", "--bottom_floor", "-2"}));
    EXPECT_EQ(floors.detector.top_floor, 18);
    EXPECT_EQ(floors.detector.bottom_floor, -2);
}

TEST(agent_config, ranges_and_words_are_checked_at_parse) {
    EXPECT_EQ(refusal({"--elevator_id", "E1", "--sample_hz", "1000"}),
              "lw-agent: option '--sample_hz': 1000 is outside 1..100 (see lw-agent --help)");
    EXPECT_EQ(refusal({"--config", "a.conf"}, {{"a.conf", "elevator_id = E1\nsample_hz = 1000\n"}}),
              "lw-agent: a.conf:2: key 'sample_hz': 1000 is outside 1..100 (see lw-agent --help)");
    EXPECT_NE(refusal({"--elevator_id", "E1", "--test_alarm_every_h", "73"}).find("'--test_alarm_every_h': 73 is outside 1..72"),
              std::string::npos);
    EXPECT_NE(refusal({"--elevator_id", "E1", "--keepalive_s", "4"}).find("--keepalive_s"), std::string::npos);
    EXPECT_NE(refusal({"--elevator_id", "E1", "--rated_speed_mps", "fast"}).find("'fast' is not a number"),
              std::string::npos);
    EXPECT_NE(refusal({"--elevator_id", "E1", "--hal", "serial"}).find("'serial' is not one of gpio, script"),
              std::string::npos);
    EXPECT_NE(refusal({"--elevator_id", "E1", "--broker", "h:70000"}).find("option '--broker'"), std::string::npos);
    EXPECT_NE(refusal({"--elevator_id", "E1", "--broker", ":1883"}).find("has no host"), std::string::npos);
    EXPECT_EQ(refusal({"--region", "x"}), "lw-agent: option '--elevator_id' is required (see lw-agent --help)");
    EXPECT_EQ(refusal({"--elevator_id", "E1", "--elevatr", "x"}), "lw-agent: unknown option '--elevatr' (see lw-agent --help)");
    EXPECT_NE(usage_error_of([] { agent::node_config_from(ok({"--elevator_id", ""})); }).find("must not be empty"),
              std::string::npos);
}

TEST(agent_config, tls_rules) {
    auto cfg = agent::node_config_from(ok({"--elevator_id", "E1", "--tls_ca", "ca.crt"}));
    ASSERT_TRUE(cfg.mqtt.tls);   // server authentication only
    EXPECT_EQ(cfg.mqtt.tls->ca_file, "ca.crt");
    EXPECT_TRUE(cfg.mqtt.tls->cert_file.empty());
    cfg = agent::node_config_from(ok({"--elevator_id", "E1", "--tls_ca", "ca", "--tls_cert", "c", "--tls_key", "k"}));
    EXPECT_EQ(cfg.mqtt.tls->cert_file, "c");
    EXPECT_EQ(cfg.mqtt.tls->key_file, "k");
    EXPECT_EQ(usage_error_of([] { agent::node_config_from(ok({"--elevator_id", "E1", "--tls_ca", "ca", "--tls_cert", "c"})); }),
              "lw-agent: tls_cert and tls_key go together (see lw-agent --help)");
    EXPECT_EQ(usage_error_of([] { agent::node_config_from(ok({"--elevator_id", "E1", "--tls_key", "k"})); }),
              "lw-agent: tls_cert/tls_key need tls_ca (see lw-agent --help)");
    EXPECT_EQ(usage_error_of([] {
                  agent::node_config_from(ok({"--elevator_id", "E1", "--reconnect_min_s", "10", "--reconnect_max_s", "5"}));
              }),
              "lw-agent: reconnect_max_s < reconnect_min_s (see lw-agent --help)");
}

TEST(agent_config, every_gpio_signal_is_an_option_and_misspelt_ones_are_refused) {
    for (std::size_t i = 0; i < agent::gpio_signal_count; ++i) {
        const auto key = "--gpio." + std::string(agent::to_string(static_cast<agent::gpio_signal>(i)));
        const auto v = ok({"--elevator_id", "E1", key, "gpiochip0:3"});
        EXPECT_EQ(agent::gpio_config_from(v).inputs[i]->line, 3u) << key;
    }
    EXPECT_EQ(refusal({"--config", "a.conf"}, {{"a.conf", "elevator_id = E1\ngpio.door_clsed = gpiochip0:5\n"}}),
              "lw-agent: a.conf:2: unknown key 'gpio.door_clsed' (see lw-agent --help)");
    EXPECT_EQ(refusal({"--elevator_id", "E1", "--gpio.door_clsed", "gpiochip0:5"}),
              "lw-agent: unknown option '--gpio.door_clsed' (see lw-agent --help)");
    EXPECT_NE(refusal({"--config", "a.conf"}, {{"a.conf", "elevator_id = E1\ngpio.presence = gpiochip0\n"}})
                  .find("a.conf:2: key 'gpio.presence': 'gpiochip0' is not <chip>:<line>"),
              std::string::npos);
    EXPECT_NE(refusal({"--elevator_id", "E1", "--gpio.presence", "gpiochip0:4 debounce_ms=5000"}).find("debounce"),
              std::string::npos);
    EXPECT_NE(refusal({"--elevator_id", "E1", "--gpio.reference_floor", "first"}).find("'first' is not a whole number"),
              std::string::npos);
    const auto same_line = ok({"--elevator_id", "E1", "--gpio.door_open", "gpiochip0:5", "--gpio.door_closed", "gpiochip0:5"});
    EXPECT_EQ(usage_error_of([&] { agent::gpio_config_from(same_line); }),
              "lw-agent: gpio.door_closed and gpio.door_open use the same line gpiochip0:5 (see lw-agent --help)");
    const auto floors = agent::gpio_config_from(
        ok({"--elevator_id", "E1", "--gpio.floor_initial", "3", "--gpio.reference_floor", "0", "--gpio.nominal_speed_mps", "2.5"}));
    EXPECT_EQ(floors.floor_initial, 3);
    EXPECT_EQ(floors.floor_reference, 0);
    EXPECT_DOUBLE_EQ(floors.nominal_speed_mps, 2.5);
}

TEST(agent_config, hal_choices_need_their_inputs) {
    EXPECT_EQ(usage_error_of([] { agent::make_sensors(ok({"--elevator_id", "E1", "--hal", "script"})); }),
              "lw-agent: hal = script needs script = FILE (see lw-agent --help)");
    EXPECT_EQ(usage_error_of([] { agent::make_sensors(ok({"--elevator_id", "E1", "--hal", "gpio"})); }),
              "lw-agent: hal = gpio but no gpio.<signal> input is configured (see lw-agent --help)");
    EXPECT_NE(usage_error_of([] { agent::make_sensors(ok({"--elevator_id", "E1", "--script", "/nonexistent/x.script"})); })
                  .find("option '--script': cannot read /nonexistent/x.script"),
              std::string::npos);
    EXPECT_NE(agent::make_audio(ok({"--elevator_id", "E1", "--audio", "log"})), nullptr);
}

TEST(agent_config, help_lists_every_key) {
    const auto r = parse({"--help"});
    ASSERT_TRUE(r.help_requested());
    for (const auto& o : agent::agent_definitions().options())
        EXPECT_NE(r.message().find("--" + o.name), std::string::npos) << o.name;
    EXPECT_NE(r.message().find("deploy/lw-agent.conf"), std::string::npos);
}

}  // namespace

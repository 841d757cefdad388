// lw-sim's options -> the city, drill and load configurations.
#include "lw/sim/cli.hpp"

#include <gtest/gtest.h>

#include "lw/sim/scenario.hpp"

namespace {
using namespace std::chrono_literals;
namespace sim = lw::sim;

lw::options::values ok(std::vector<std::string> args) {
    const auto r = lw::options::parse(sim::cli_definitions(), args);
    if (!r.ok()) throw std::runtime_error(r.message());
    return r.values();
}

std::string refusal(std::vector<std::string> args) {
    const auto r = lw::options::parse(sim::cli_definitions(), args);
    EXPECT_FALSE(r.ok());
    return r.message();
}

TEST(sim_cli, drill_defaults_and_options) {
    auto cfg = sim::drill_config_from(ok({"drill", "--scenario", "s.drill", "--city", "c.json"}));
    const sim::drill_config d;
    EXPECT_EQ(cfg.broker_host, d.broker_host);
    EXPECT_EQ(cfg.broker_port, d.broker_port);
    EXPECT_EQ(cfg.center_host, d.center_host);
    EXPECT_EQ(cfg.center_port, d.center_port);
    EXPECT_TRUE(cfg.auto_operator);
    EXPECT_EQ(cfg.live_elevators, 50);
    EXPECT_TRUE(cfg.report_json.empty());
    cfg = sim::drill_config_from(ok({"drill", "--scenario", "s", "--city", "c", "--broker", "mq:1884", "--center",
                                     "console:8081", "--report", "r.json", "--report-html", "r.html",
                                     "--live-elevators", "0", "--node-dir", "nodes", "--manual-operator"}));
    EXPECT_EQ(cfg.broker_host, "mq");
    EXPECT_EQ(cfg.broker_port, 1884);
    EXPECT_EQ(cfg.center_host, "console");
    EXPECT_EQ(cfg.center_port, 8081);
    EXPECT_EQ(cfg.report_json, "r.json");
    EXPECT_EQ(cfg.report_html, "r.html");
    EXPECT_EQ(cfg.live_elevators, 0);
    EXPECT_EQ(cfg.node_dir, "nodes");
    EXPECT_FALSE(cfg.auto_operator);
}

TEST(sim_cli, drill_refusals_name_the_option) {
    EXPECT_EQ(refusal({"drill", "--scenaro", "x"}), "lw-sim drill: unknown option '--scenaro' (see lw-sim drill --help)");
    EXPECT_EQ(refusal({"drill", "--city", "c"}), "lw-sim drill: option '--scenario' is required (see lw-sim drill --help)");
    EXPECT_NE(refusal({"drill", "--scenario", "s", "--city", "c", "--live-elevators", "10001"})
                  .find("option '--live-elevators': 10001 is outside 0..10000"),
              std::string::npos);
    EXPECT_NE(refusal({"drill", "--scenario", "s", "--city", "c", "--center", "console:http"}).find("option '--center'"),
              std::string::npos);
    EXPECT_NE(refusal({"drill", "--scenario", "s", "--city", "c", "--manual-operator", "yes"})
                  .find("unexpected argument 'yes'"),
              std::string::npos);
    EXPECT_EQ(refusal({"drll"}), "lw-sim: unknown command 'drll' (see lw-sim --help)");
}

TEST(sim_cli, load_durations_and_sizes) {
    auto cfg = sim::load_config_from(ok({"load", "--city", "c"}));
    EXPECT_EQ(cfg.elevators, 1000);
    EXPECT_EQ(cfg.connections, 4);
    EXPECT_EQ(cfg.status_every, 30s);
    EXPECT_EQ(cfg.run_for, 60s);
    cfg = sim::load_config_from(ok({"load", "--city", "c", "--elevators", "200", "--connections", "3", "--status-every",
                                    "2s", "--duration", "4s", "--broker", "h:2"}));
    EXPECT_EQ(cfg.elevators, 200);
    EXPECT_EQ(cfg.connections, 3);
    EXPECT_EQ(cfg.status_every, 2s);
    EXPECT_EQ(cfg.run_for, 4s);
    EXPECT_EQ(cfg.broker_port, 2);
    EXPECT_NE(refusal({"load", "--city", "c", "--duration", "soon"}).find("option '--duration': 'soon' is not a duration"),
              std::string::npos);
    EXPECT_NE(refusal({"load", "--city", "c", "--status-every", "0s"}).find("option '--status-every'"), std::string::npos);
    EXPECT_NE(refusal({"load", "--city", "c", "--connections", "0"}).find("option '--connections'"), std::string::npos);
    EXPECT_NE(refusal({"load", "--city", "c", "--scenario", "s"}).find("unknown option '--scenario'"), std::string::npos);
}

TEST(sim_cli, city_size_and_seed_from_the_scenario_unless_given) {
    sim::scenario sc;
    ASSERT_EQ(sim::parse_scenario("name t\nseed 7\nelevators 6\n", sc), "");
    auto o = sim::city_options_from(ok({"city", "--out", "c.json"}), &sc);
    EXPECT_EQ(o.seed, 7u);
    EXPECT_EQ(o.elevators, 6);
    o = sim::city_options_from(ok({"city", "--out", "c.json", "--seed", "9", "--elevators", "12"}), &sc);
    EXPECT_EQ(o.seed, 9u);
    EXPECT_EQ(o.elevators, 12);
    o = sim::city_options_from(ok({"city", "--out", "c.json"}), nullptr);
    EXPECT_EQ(o.seed, sim::city_options{}.seed);
    EXPECT_EQ(o.elevators, 2000);
    EXPECT_EQ(refusal({"city"}), "lw-sim city: option '--out' is required (see lw-sim city --help)");
    EXPECT_NE(refusal({"city", "--out", "c", "--elevators", "1000001"}).find("outside 1..1000000"), std::string::npos);
    EXPECT_NE(refusal({"city", "--out", "c", "--seed", "-1"}).find("option '--seed'"), std::string::npos);
}

}  // namespace

// lw-center's options -> what each command will do, without a database or a network.
#include "lw/center/cli/requests.hpp"

#include <gtest/gtest.h>

#include <map>

#include "lw/center/cli/commands.hpp"

namespace {
using namespace lw::center;
using namespace std::chrono_literals;
namespace cli = lw::center::cli;

lw::options::values parsed(std::vector<std::string> args,
                           std::map<std::string, std::string> files = {}) {
    const auto r = lw::options::parse(cli::definitions(), args, [files](const std::string& p) -> std::optional<std::string> {
        auto f = files.find(p);
        if (f == files.end()) return std::nullopt;
        return f->second;
    });
    if (!r.ok()) throw std::runtime_error(r.message());
    return r.values();
}

std::string refusal(std::vector<std::string> args) {
    const auto r = lw::options::parse(cli::definitions(), args);
    EXPECT_FALSE(r.ok());
    return r.message();
}

TEST(center_cli_serve, defaults_are_center_configs) {
    const auto cfg = cli::serve_config(parsed({"serve"}));
    const center_config d;
    EXPECT_EQ(cfg.db_path, d.db_path);
    EXPECT_EQ(cfg.broker_host, d.broker_host);
    EXPECT_EQ(cfg.broker_port, d.broker_port);
    EXPECT_EQ(cfg.regions, d.regions);
    EXPECT_EQ(cfg.http_address, d.http_address);
    EXPECT_EQ(cfg.http_port, d.http_port);
    EXPECT_EQ(cfg.center_id, d.center_id);
    EXPECT_EQ(cfg.clock, clock_mode::wall);
    EXPECT_EQ(cfg.limits.ack_limit, d.limits.ack_limit);
    EXPECT_EQ(cfg.limits.arrival_limit_urban, d.limits.arrival_limit_urban);
    EXPECT_EQ(cfg.limits.arrival_limit_rural, d.limits.arrival_limit_rural);
    EXPECT_EQ(cfg.limits.release_limit_after_arrival, d.limits.release_limit_after_arrival);
    EXPECT_EQ(cfg.limits.renotify_every, d.limits.renotify_every);
    EXPECT_EQ(cfg.rules.silence_limit, d.rules.silence_limit);
    EXPECT_DOUBLE_EQ(cfg.travel.road_factor, d.travel.road_factor);
    EXPECT_DOUBLE_EQ(cfg.travel.speed_kmh, d.travel.speed_kmh);
    EXPECT_EQ(cfg.db_busy_timeout, d.db_busy_timeout);
    EXPECT_EQ(cfg.test_alarm_limit, 72h);
    EXPECT_TRUE(cfg.city_file.empty());
    EXPECT_TRUE(cfg.port_file.empty());
}

TEST(center_cli_serve, every_option_lands_in_the_config) {
    const auto cfg = cli::serve_config(parsed(
        {"serve", "--db", "d.db", "--broker", "mq.example:8883", "--regions", "north,south", "--city", "c.json",
         "--http", "0.0.0.0:0", "--port-file", "p", "--clock", "drill", "--center-id", "c2", "--ack-limit-s", "3",
         "--arrival-limit-urban-s", "600", "--arrival-limit-rural-s", "1200", "--release-limit-s", "900",
         "--renotify-every-s", "20", "--silence-limit-s", "2", "--road-factor", "1.2", "--speed-kmh", "45",
         "--db-busy-timeout-ms", "50", "--test-alarm-limit-h", "0.5", "--log-level", "error"}));
    EXPECT_EQ(cfg.db_path, "d.db");
    EXPECT_EQ(cfg.broker_host, "mq.example");
    EXPECT_EQ(cfg.broker_port, 8883);
    EXPECT_EQ(cfg.regions, (std::vector<std::string>{"north", "south"}));
    EXPECT_EQ(cfg.city_file, "c.json");
    EXPECT_EQ(cfg.http_address, "0.0.0.0");
    EXPECT_EQ(cfg.http_port, 0);
    EXPECT_EQ(cfg.port_file, "p");
    EXPECT_EQ(cfg.clock, clock_mode::drill);
    EXPECT_EQ(cfg.center_id, "c2");
    EXPECT_EQ(cfg.limits.ack_limit, 3s);
    EXPECT_EQ(cfg.limits.arrival_limit_urban, 600s);
    EXPECT_EQ(cfg.limits.arrival_limit_rural, 1200s);
    EXPECT_EQ(cfg.limits.release_limit_after_arrival, 900s);
    EXPECT_EQ(cfg.limits.renotify_every, 20s);
    EXPECT_EQ(cfg.rules.silence_limit, 2s);
    EXPECT_DOUBLE_EQ(cfg.travel.road_factor, 1.2);
    EXPECT_DOUBLE_EQ(cfg.travel.speed_kmh, 45);
    EXPECT_EQ(cfg.db_busy_timeout, 50ms);
    EXPECT_EQ(cfg.test_alarm_limit, 30min);
}

TEST(center_cli_serve, config_file_keys_are_the_option_names_and_the_command_line_wins) {
    const auto cfg = cli::serve_config(parsed({"serve", "--config", "c.conf", "--ack-limit-s", "7"},
                                              {{"c.conf", "# the center\n"
                                                          "db = /var/lib/lw/center.db\n"
                                                          "broker = 10.0.0.5   # no port: 1883\n"
                                                          "ack-limit-s = 240\n"
                                                          "regions = tianshui,longnan\n"}}));
    EXPECT_EQ(cfg.db_path, "/var/lib/lw/center.db");
    EXPECT_EQ(cfg.broker_host, "10.0.0.5");
    EXPECT_EQ(cfg.broker_port, 1883);
    EXPECT_EQ(cfg.limits.ack_limit, 7s);
    EXPECT_EQ(cfg.regions, (std::vector<std::string>{"tianshui", "longnan"}));
}

TEST(center_cli_serve, bad_values_are_refused_by_name) {
    EXPECT_NE(refusal({"serve", "--ack-limt-s", "5"}).find("unknown option '--ack-limt-s'"), std::string::npos);
    EXPECT_NE(refusal({"serve", "--ack-limit-s", "0"}).find("option '--ack-limit-s': 0 is outside"), std::string::npos);
    EXPECT_NE(refusal({"serve", "--broker", "host:0"}).find("option '--broker'"), std::string::npos);
    EXPECT_NE(refusal({"serve", "--broker", "host:port"}).find("option '--broker'"), std::string::npos);
    EXPECT_NE(refusal({"serve", "--http", ":8080"}).find("option '--http'"), std::string::npos);
    EXPECT_NE(refusal({"serve", "--regions", "a,,b"}).find("option '--regions'"), std::string::npos);
    EXPECT_NE(refusal({"serve", "--regions", "a/b"}).find("option '--regions'"), std::string::npos);
    EXPECT_NE(refusal({"serve", "--clock", "fast"}).find("'fast' is not one of wall, drill"), std::string::npos);
    EXPECT_NE(refusal({"serve", "--road-factor", "0.5"}).find("option '--road-factor'"), std::string::npos);
    EXPECT_NE(refusal({"serve", "--log-level", "loud"}).find("option '--log-level'"), std::string::npos);
    EXPECT_NE(refusal({"serve", "stray"}).find("unexpected argument 'stray'"), std::string::npos);
}

TEST(center_cli_act, actions_and_causes) {
    auto a = cli::act_request(parsed({"act", "--console", "h:1", "12", "callback"}));
    EXPECT_EQ(a.incident, 12);
    EXPECT_EQ(a.action, "callback");
    a = cli::act_request(parsed({"act", "--console", "h:1", "3", "cause=door_system", "--operator", "op7"}));
    EXPECT_EQ(a.action, "cause");
    EXPECT_EQ(a.cause, "door_system");
    for (const auto* w : {"handover", "close", "false_alarm"})
        EXPECT_EQ(cli::act_request(parsed({"act", "--console", "h:1", "3", w})).action, w);
    EXPECT_THROW(cli::act_request(parsed({"act", "--console", "h:1", "3", "explode"})), lw::options::usage_error);
    EXPECT_THROW(cli::act_request(parsed({"act", "--console", "h:1", "3", "cause="})), lw::options::usage_error);
    EXPECT_THROW(cli::act_request(parsed({"act", "--console", "h:1", "0", "close"})), lw::options::usage_error);
    EXPECT_THROW(cli::act_request(parsed({"act", "--console", "h:1", "x1", "close"})), lw::options::usage_error);
    try {
        cli::act_request(parsed({"act", "--console", "h:1", "3", "explode"}));
    } catch (const lw::options::usage_error& e) {
        EXPECT_EQ(std::string(e.what()), "lw-center act: action must be callback, cause=CATEGORY, handover, close or "
                                         "false_alarm, got 'explode' (see lw-center act --help)");
    }
    EXPECT_NE(refusal({"act", "3", "close"}).find("option '--console' is required"), std::string::npos);
    EXPECT_NE(refusal({"act", "--console", "h:1", "3"}).find("expected ID ACTION"), std::string::npos);
}

TEST(center_cli_crew, registry_or_running_center) {
    auto e = cli::crew_request(parsed({"crew", "set", "--db", "x.db", "north-far", "--lat", "34.6", "--lon", "-105.7"}));
    EXPECT_FALSE(e.live);
    EXPECT_EQ(e.crew_id, "north-far");
    ASSERT_TRUE(e.position);
    EXPECT_DOUBLE_EQ(e.position->lat_deg, 34.6);
    EXPECT_DOUBLE_EQ(e.position->lon_deg, -105.7);
    e = cli::crew_request(parsed({"crew", "set", "--console", "h:1", "n1", "--status", "off_duty"}));
    EXPECT_TRUE(e.live);
    EXPECT_FALSE(e.position);
    EXPECT_EQ(e.status, "off_duty");
    // Refused: one coordinate, status without a console, nothing to change, not "set".
    EXPECT_THROW(cli::crew_request(parsed({"crew", "set", "n1", "--lat", "34.6"})), lw::options::usage_error);
    EXPECT_THROW(cli::crew_request(parsed({"crew", "set", "n1", "--status", "available"})), lw::options::usage_error);
    EXPECT_THROW(cli::crew_request(parsed({"crew", "set", "--console", "h:1", "n1"})), lw::options::usage_error);
    EXPECT_THROW(cli::crew_request(parsed({"crew", "set", "n1"})), lw::options::usage_error);
    EXPECT_THROW(cli::crew_request(parsed({"crew", "get", "n1"})), lw::options::usage_error);
    EXPECT_NE(refusal({"crew", "set", "n1", "--lat", "91", "--lon", "0"}).find("option '--lat': 91 is outside -90..90"),
              std::string::npos);
    EXPECT_NE(refusal({"crew", "set", "--console", "h:1", "n1", "--status", "asleep"})
                  .find("'asleep' is not one of available, off_duty"),
              std::string::npos);
}

TEST(center_cli_export, one_incident_or_a_range_of_days) {
    auto r = cli::export_request_from(parsed({"export", "--incident", "4", "--format", "csv", "--out", "f.csv"}));
    EXPECT_EQ(r.incident, 4);
    EXPECT_EQ(r.format, export_format::csv);
    EXPECT_EQ(r.out_file, "f.csv");
    r = cli::export_request_from(parsed({"export", "--from", "2026-01-01", "--to", "2026-01-31"}));
    EXPECT_FALSE(r.incident);
    EXPECT_EQ(r.format, export_format::json);
    EXPECT_EQ(r.from, *parse_day("2026-01-01"));
    EXPECT_EQ(r.to, *parse_day("2026-02-01"));   // the last day included
    EXPECT_THROW(cli::export_request_from(parsed({"export"})), lw::options::usage_error);
    EXPECT_THROW(cli::export_request_from(parsed({"export", "--from", "2026-01-01"})), lw::options::usage_error);
    EXPECT_THROW(cli::export_request_from(parsed({"export", "--from", "2026-01-31", "--to", "2026-01-01"})),
                 lw::options::usage_error);
    EXPECT_THROW(cli::export_request_from(parsed({"export", "--incident", "1", "--from", "2026-01-01", "--to", "2026-01-02"})),
                 lw::options::usage_error);
    EXPECT_NE(refusal({"export", "--from", "2026-13-01", "--to", "2026-01-01"})
                  .find("option '--from': '2026-13-01' is not a date YYYY-MM-DD"),
              std::string::npos);
    EXPECT_NE(refusal({"export", "--incident", "0"}).find("option '--incident'"), std::string::npos);
    EXPECT_NE(refusal({"export", "--format", "xml", "--incident", "1"}).find("'xml' is not one of json, csv"),
              std::string::npos);
}

TEST(center_cli_alarm, sources_are_the_apis) {
    EXPECT_NO_THROW(parsed({"alarm", "--console", "h:1", "--elevator", "E1", "--source", "transfer_119"}));
    EXPECT_NE(refusal({"alarm", "--console", "h:1", "--elevator", "E1", "--source", "iot_auto"})
                  .find("option '--source': 'iot_auto' is not one of hotline_96333, transfer_110, transfer_119, using_unit"),
              std::string::npos);
    EXPECT_NE(refusal({"alarm", "--elevator", "E1"}).find("option '--console' is required"), std::string::npos);
    EXPECT_NE(refusal({"alarm", "--console", "localhost", "--elevator", "E1"}).find("option '--console': 'localhost' is not HOST:PORT"),
              std::string::npos);
}

TEST(center_cli_parts, host_port_ids_anchors_forms) {
    EXPECT_EQ(cli::parse_host_port("h:1", 9)->port, 1);
    EXPECT_EQ(cli::parse_host_port("h", 9)->port, 9);
    EXPECT_EQ(cli::parse_host_port("h", 9)->host, "h");
    EXPECT_FALSE(cli::parse_host_port("h:0", 9));
    EXPECT_EQ(cli::parse_host_port("h:0", 9, 0)->port, 0);
    EXPECT_FALSE(cli::parse_host_port("h:65536", 9));
    EXPECT_FALSE(cli::parse_host_port(":80", 9));
    EXPECT_FALSE(cli::parse_host_port("h:", 9));
    EXPECT_EQ(cli::parse_positive_id("17"), 17);
    EXPECT_FALSE(cli::parse_positive_id("0"));
    EXPECT_FALSE(cli::parse_positive_id("-3"));
    EXPECT_FALSE(cli::parse_positive_id("3x"));
    const auto a = cli::parse_anchor("42:ab12");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->first, 42);
    EXPECT_EQ(a->second, "ab12");
    EXPECT_FALSE(cli::parse_anchor("42"));
    EXPECT_FALSE(cli::parse_anchor("x:ab"));
    EXPECT_FALSE(cli::parse_anchor("42:"));
    EXPECT_TRUE(cli::is_csv_file("more.csv"));
    EXPECT_FALSE(cli::is_csv_file("city.json"));
    EXPECT_FALSE(cli::is_csv_file(".csv"));
}

TEST(center_cli_definitions, every_command_has_help_listing_its_options) {
    const auto& defs = cli::definitions();
    const auto top = lw::options::parse(defs, {"--help"});
    ASSERT_TRUE(top.help_requested());
    for (const auto& name : defs.names()) {
        EXPECT_NE(top.message().find("lw-center " + name), std::string::npos) << name;
        const auto* d = defs.find(name);
        ASSERT_NE(d, nullptr);
        const auto h = lw::options::parse(defs, {name, "--help"});
        ASSERT_TRUE(h.help_requested());
        for (const auto& o : d->options()) EXPECT_NE(h.message().find("--" + o.name), std::string::npos) << name << " " << o.name;
    }
    EXPECT_EQ(defs.names(), (std::vector<std::string>{"serve", "import", "incidents", "timeline", "stats", "verify",
                                                       "export", "elevator", "crew", "alarm", "act", "wait", "command", "commands"}));
}

}  // namespace

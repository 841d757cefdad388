// Every lw-center command's options, defined once for the command line, serve's config file
// and --help. Defaults come from the structs they fill (center_config, response_limits), so
// --help cannot drift from what the program does.
#include <chrono>

#include "lw/center/api/types.hpp"
#include "lw/center/cli/commands.hpp"
#include "lw/center/cli/requests.hpp"
#include "lw/center/export.hpp"
#include "lw/center/supervision_report.hpp"

namespace lw::center::cli {
namespace {
namespace o = lw::options;

constexpr long long max_limit_s = 7 * 24 * 3600;   // a week: longer is a typo, not a policy
constexpr long long max_test_alarm_limit_h = 30 * 24;   // a month: the statistics' window
// A fraction of an hour is allowed (0.001 h = 3.6 s) for tests and trials of the watch.
constexpr double min_test_alarm_limit_h = 0.001;

o::option test_alarm_limit_option(const char* help) {
    return o::real("test-alarm-limit-h", help)
        .between(min_test_alarm_limit_h, static_cast<double>(max_test_alarm_limit_h))
        .defaults_to(static_cast<double>(
            std::chrono::duration_cast<std::chrono::hours>(supervision_limits::test_alarm_limit).count()));
}

long long whole_seconds(duration d) { return std::chrono::duration_cast<std::chrono::seconds>(d).count(); }

std::function<std::string(const std::string&)> host_port_check(int min_port) {
    return [min_port](const std::string& s) {
        return parse_host_port(s, 1, min_port) ? std::string{}
                                               : "'" + s + "' is not HOST:PORT (port " + std::to_string(min_port) +
                                                     "..65535)";
    };
}

std::string day_check(const std::string& s) {
    return parse_day(s) ? std::string{} : "'" + s + "' is not a date YYYY-MM-DD";
}

void add_db(o::definitions& d) { d.add(o::text("db", "FILE", "SQLite database").defaults_to(center_config{}.db_path)); }

void add_log_level(o::definitions& d) {
    d.add(o::word("log-level", {"debug", "info", "warn", "error"}, "log messages from this level up").defaults_to("info"));
}

void add_console(o::definitions& d, bool required) {
    auto c = o::text("console", "HOST:PORT", "the running center's console address").checked_by([](const std::string& s) {
        // No default port: a console address is whatever `serve --http` was given.
        return s.find(':') != std::string::npos && parse_host_port(s, 0) ? std::string{}
                                                                          : "'" + s + "' is not HOST:PORT";
    });
    if (required) c.must_be_given();
    d.add(std::move(c));
}

void define_serve(o::definitions& d) {
    const center_config c;
    d.usage("lw-center serve [--config FILE] [--key value ...]");
    d.config_file("config", "read \"key = value\" lines ('#' comments) for the options below; the command line wins");
    add_db(d);
    d.add(o::text("broker", "HOST:PORT", "MQTT broker")
              .defaults_to(c.broker_host + ":" + std::to_string(c.broker_port))
              .checked_by(host_port_check(1)));
    std::string regions;
    for (const auto& r : c.regions) regions += (regions.empty() ? "" : ",") + r;
    d.add(o::text("regions", "a,b", "regions this center owns (the topic level lw/v1/{region}/...)")
              .defaults_to(regions)
              .checked_by([](const std::string& s) {
                  std::size_t start = 0;
                  for (;;) {
                      const auto end = s.find(',', start);
                      const auto r = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
                      if (r.empty() || r.find_first_of("/+# ") != std::string::npos)
                          return "'" + s + "' is not a comma-separated list of region names";
                      if (end == std::string::npos) return std::string{};
                      start = end + 1;
                  }
              }));
    d.add(o::text("city", "FILE", "import this city file (lw-sim city) at start"));
    d.add(o::text("http", "ADDR:PORT", "console address (port 0 picks a free one)")
              .defaults_to(c.http_address + ":" + std::to_string(c.http_port))
              .checked_by(host_port_check(0)));
    d.add(o::text("port-file", "FILE", "write the console's port here once listening"));
    d.add(o::word("clock", {"wall", "drill"}, "drill: follow the simulator's city time (lw/v1/sim/clock)")
              .defaults_to("wall"));
    d.add(o::text("center-id", "ID", "MQTT client id and persistent session name (keep it across restarts)")
              .defaults_to(c.center_id)
              .checked_by([](const std::string& s) { return s.empty() ? "the id must not be empty" : std::string{}; }));
    const auto seconds = [&](const char* name, const char* help, duration def) {
        d.add(o::integer(name, help).between(1, max_limit_s).defaults_to(whole_seconds(def)));
    };
    seconds("ack-limit-s", "seconds the L1 crew has to acknowledge a dispatch", c.limits.ack_limit);
    seconds("arrival-limit-urban-s", "seconds to be on site in the urban area", c.limits.arrival_limit_urban);
    seconds("arrival-limit-rural-s", "seconds to be on site elsewhere", c.limits.arrival_limit_rural);
    seconds("release-limit-s", "seconds on site with passengers still trapped before L3", c.limits.release_limit_after_arrival);
    seconds("renotify-every-s", "seconds between re-sends of an unacknowledged dispatch order", c.limits.renotify_every);
    seconds("silence-limit-s", "seconds a node with a fault active may be silent before an alarm", c.rules.silence_limit);
    d.add(test_alarm_limit_option("hours without an EN 81-28 test alarm before a board is flagged (API, console, "
                                  "/api/stats)"));
    d.add(o::real("road-factor", "road distance / straight-line distance (crew travel estimate)")
              .between(1, 10)
              .defaults_to(c.travel.road_factor));
    d.add(o::real("speed-kmh", "crews' average driving speed, km/h").between(1, 200).defaults_to(c.travel.speed_kmh));
    d.add(o::integer("db-busy-timeout-ms", "milliseconds a write waits for a lock held by another program")
              .between(0, 600'000)
              .defaults_to(static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(c.db_busy_timeout).count())));
    d.add(o::integer("read-threads", "threads answering the console's reads (map, lists, exports, statistics), each "
                                     "with its own read-only database connection")
              .between(1, 64)
              .defaults_to(static_cast<long long>(c.read_threads)));
    add_log_level(d);
}

o::commands make_definitions() {
    o::commands cmds("lw-center", "Liftwatch emergency-disposal center");
    define_serve(cmds.add("serve", "run the center (MQTT ingest, dispatch, console)"));

    auto& import = cmds.add("import", "import or update the registry from a city file, or elevators from a CSV file");
    import.usage("lw-center import --db FILE CITY.json");
    import.usage("lw-center import --db FILE ELEVATORS.csv");
    import.usage("lw-center import --console HOST:PORT CITY.json|ELEVATORS.csv   (while a center runs)");
    import.arguments("FILE", 1, 1);
    add_db(import);
    add_console(import, false);
    add_log_level(import);
    import.note("A .csv file's header names the city file's elevator keys (id, rescue_code, region, address,\n"
                "district, grid, lat, lon, using_unit, company, type, machine_room_less, floors, year,\n"
                "inspection_due, maintenance_due, urban); its companies and using units must be registered.\n"
                "A database has one writer: while a center runs on it, send the change through the center with\n"
                "--console (it is stored and in effect at once); --db then stops and says so.");

    auto& incidents = cmds.add("incidents", "list incidents (the latest 1000)");
    incidents.usage("lw-center incidents --db FILE [--open]");
    add_db(incidents);
    incidents.add(o::flag("open", "only the open ones"));
    add_log_level(incidents);

    auto& timeline = cmds.add("timeline", "print one incident's rescue timeline with its derived figures");
    timeline.usage("lw-center timeline --db FILE ID");
    timeline.arguments("ID", 1, 1);
    add_db(timeline);
    add_log_level(timeline);

    const response_limits limits;
    auto& stats = cmds.add("stats", "supervision figures per company and district (docs/supervision.md)");
    stats.usage("lw-center stats --db FILE [--from YYYY-MM-DD --to YYYY-MM-DD] [--now YYYY-MM-DD[THH:MM:SS]] [--json]");
    add_db(stats);
    stats.add(o::text("from", "YYYY-MM-DD", "first day (UTC; default: 30 days ending with --to)"));
    stats.add(o::text("to", "YYYY-MM-DD", "last day, included (UTC; default: today)"));
    stats.add(o::text("now", "YYYY-MM-DD[THH:MM:SS]", "pin \"now\" (UTC) for reproducible reports")
                  .checked_by([](const std::string& s) {
                      return parse_utc_time(s) ? std::string{}
                                               : "'" + s + "' is not YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (UTC)";
                  }));
    stats.add(o::flag("json", "JSON instead of tables"));
    stats.add(o::integer("arrival-limit-urban-s", "seconds to be on site in the urban area, as for serve")
                  .between(1, max_limit_s)
                  .defaults_to(whole_seconds(limits.arrival_limit_urban)));
    stats.add(o::integer("arrival-limit-rural-s", "seconds to be on site elsewhere, as for serve")
                  .between(1, max_limit_s)
                  .defaults_to(whole_seconds(limits.arrival_limit_rural)));
    stats.add(test_alarm_limit_option("hours without an EN 81-28 test alarm before a board is listed, as for serve"));
    add_log_level(stats);

    auto& verify = cmds.add("verify", "check the timeline's hash chain (and a chain head noted earlier)");
    verify.usage("lw-center verify --db FILE [--anchor RECORD:HASH]");
    add_db(verify);
    verify.add(o::text("anchor", "RECORD:HASH", "a chain head printed by an earlier verify").checked_by([](const std::string& s) {
        return parse_anchor(s) ? std::string{} : "'" + s + "' is not RECORD:HASH";
    }));
    add_log_level(verify);

    auto& exp = cmds.add("export", "one incident, or those opened from..to (both days included, UTC)");
    exp.usage("lw-center export --db FILE (--incident ID | --from YYYY-MM-DD --to YYYY-MM-DD) [--format json|csv] [--out FILE]");
    add_db(exp);
    exp.add(o::integer("incident", "the incident's id").at_least(1));
    exp.add(o::text("from", "YYYY-MM-DD", "first day (UTC)").checked_by(day_check));
    exp.add(o::text("to", "YYYY-MM-DD", "last day, included (UTC)").checked_by(day_check));
    exp.add(o::word("format", {"json", "csv"}, "output format").defaults_to("json"));
    exp.add(o::text("out", "FILE", "write here instead of standard output"));
    add_log_level(exp);

    auto& elevator = cmds.add("elevator", "the elevator's dossier with its fault and incident history");
    elevator.usage("lw-center elevator show --db FILE ID");
    elevator.arguments("show ID", 2, 2);
    add_db(elevator);
    add_log_level(elevator);

    auto& crew = cmds.add("crew", "change a crew's home position (registry) or its position and status (running center)");
    crew.usage("lw-center crew set --db FILE ID --lat X --lon Y");
    crew.usage("lw-center crew set --console HOST:PORT ID [--lat X --lon Y] [--status available|off_duty]");
    crew.arguments("set ID", 2, 2);
    add_db(crew);
    add_console(crew, false);
    crew.add(o::real("lat", "home latitude, degrees").between(-90, 90));
    crew.add(o::real("lon", "home longitude, degrees").between(-180, 180));
    crew.add(o::word("status", {"available", "off_duty"}, "with --console: the crew's status (not stored)"));
    add_log_level(crew);
    crew.note("With --db the position is stored in the registry and read at the center's next start; with\n"
              "--console it changes in the running center at once.");

    auto& alarm = cmds.add("alarm", "manual alarm intake through the running center");
    alarm.usage("lw-center alarm --console HOST:PORT (--elevator ID | --rescue-code C) [--source S] [--caller NUMBER] [--notes TEXT]");
    add_console(alarm, true);
    alarm.add(o::text("elevator", "ID", "the elevator's registration code"));
    alarm.add(o::text("rescue-code", "C", "or its 6-digit rescue code"));
    alarm.add(o::word("source", {"hotline_96333", "transfer_110", "transfer_119", "using_unit"}, "where the call came from")
                  .defaults_to("hotline_96333"));
    alarm.add(o::text("caller", "NUMBER", "the caller's phone number"));
    alarm.add(o::text("notes", "TEXT", "what the caller said"));
    add_log_level(alarm);

    auto& act = cmds.add("act", "an operator action on an incident, through the running center");
    act.usage("lw-center act --console HOST:PORT ID callback|cause=CATEGORY|handover|close|false_alarm [--operator NAME] [--notes TEXT]");
    act.arguments("ID ACTION", 2, 2);
    add_console(act, true);
    act.add(o::text("operator", "NAME", "who acts (recorded in the timeline)"));
    act.add(o::text("notes", "TEXT", "recorded with the action"));
    add_log_level(act);
    act.note("Causes: external, human, door_system, control_system, drive, power, other.");

    auto& wait = cmds.add("wait", "wait until a center's console answers (after starting serve in the background)");
    wait.usage("lw-center wait --console HOST:PORT [--timeout-s N]");
    add_console(wait, true);
    wait.add(o::integer("timeout-s", "give up after this many seconds").between(1, 3600).defaults_to(10));
    add_log_level(wait);
    wait.note("Exit status 0 once GET /api/metrics answers 200, 1 when it has not within the timeout.");
    auto& command = cmds.add("command", "send a command to an elevator's board through the running center");
    command.usage("lw-center command --console HOST:PORT ELEVATOR rebirth|test_alarm|play_comfort|stop_comfort [--operator NAME]");
    command.usage("lw-center command --console HOST:PORT ELEVATOR set_thresholds --thresholds NAME=VALUE[,NAME=VALUE...]");
    command.arguments("ELEVATOR KIND", 2, 2);
    add_console(command, true);
    command.add(o::text("thresholds", "NAME=VALUE,...", "with set_thresholds: the thresholds to set")
                    .checked_by([](const std::string& s) {
                        const auto t = api::parse_thresholds(s);
                        return t && !t->empty() ? std::string{} : "'" + s + "' is not NAME=VALUE[,NAME=VALUE...]";
                    }));
    command.add(o::text("operator", "NAME", "who sends it (recorded in the command log)"));
    command.add(o::integer("wait-s", "wait this long for the board's answer, seconds (0: do not wait)")
                    .between(0, 600)
                    .defaults_to(10));
    add_log_level(command);
    command.note("The board answers every command (done, or refused with the reason); the answer is recorded in\n"
                 "the center's command log (lw-center commands). Thresholds: entrapment_between_floors_s,\n"
                 "entrapment_at_floor_s, stopped_outside_door_zone_s, alarm_button_hold_at_landing_s,\n"
                 "repeat_suppression_s, battery_low_pct, rated_speed_mps (the board checks names and ranges).\n"
                 "Exit status: 0 sent (and done, when waiting), 1 refused by the center or the board, or no answer.");

    auto& commands = cmds.add("commands", "the command log of an elevator: commands sent and the board's answers");
    commands.usage("lw-center commands --db FILE ELEVATOR");
    commands.arguments("ELEVATOR", 1, 1);
    add_db(commands);
    add_log_level(commands);
    return cmds;
}

}  // namespace

const lw::options::commands& definitions() {
    static const lw::options::commands cmds = make_definitions();
    return cmds;
}

}  // namespace lw::center::cli

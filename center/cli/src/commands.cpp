// What each lw-center command does: serve runs the service; the operator commands read or write
// the database, or act through the running center's console API.
#include <filesystem>
#include <memory>
#include <fstream>
#include <ostream>
#include <sstream>
#include <thread>
#include <nlohmann/json.hpp>

#include "lw/center/city_json.hpp"
#include "lw/center/cli/commands.hpp"
#include "lw/center/cli/format.hpp"
#include "lw/center/cli/requests.hpp"
#include "lw/center/export.hpp"
#include "lw/center/report.hpp"
#include "lw/center/service.hpp"
#include "lw/center/api/types.hpp"
#include "lw/center/store.hpp"
#include "lw/center/store_reader.hpp"
#include "lw/center/supervision_report.hpp"
#include "lw/http_client.hpp"
#include "lw/log.hpp"

namespace lw::center::cli {
namespace {
using json = nlohmann::json;
using lw::options::values;

constexpr auto console_timeout = std::chrono::seconds{5};   // one request to a loopback console
// A whole city checked and written by the running center (a few seconds for 100,000 elevators).
constexpr auto import_timeout = std::chrono::seconds{120};

// An input file's text; nullopt, with the reason printed on `err`, when it cannot be read.
std::optional<std::string> read_input(const std::string& file, std::ostream& err) {
    std::ifstream f(file, std::ios::binary);
    if (!f) {
        err << "lw-center: cannot read " << file << "\n";
        return std::nullopt;
    }
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// The elevators of a CSV file's `text` as a JSON array; nullopt, with the line at fault printed
// on `err`, when the file does not parse.
std::optional<std::string> csv_elevators(const std::string& file, const std::string& text, std::ostream& err) {
    std::string elevators;
    if (auto e = csv_elevators_to_json(text, elevators); !e.empty()) {
        err << "lw-center: " << file << ": " << e << "\n";
        return std::nullopt;
    }
    return elevators;
}

// The commands that read the database must not create an empty one (verify would pass on it):
// they open it read-only, which also works while a running center owns it.
std::unique_ptr<store_reader> open_existing(const std::string& path, std::ostream& err) {
    if (!std::filesystem::exists(path)) {
        err << "lw-center: no database " << path << "\n";
        return nullptr;
    }
    return std::make_unique<store_reader>(path);
}

// Prints why the running center refused (its error reply) or did not answer; returns 1.
int refused(const http_client::reply& r, std::ostream& err) {
    const auto e = api::from_json<api::error_reply>(r.body);
    const auto why = e ? e->error : r.body;
    err << "lw-center: " << (r.status ? "refused (HTTP " + std::to_string(r.status) + "): " : "") << why << "\n";
    return 1;
}

// One form POST to the running center's console; prints the answer (200) or the reason.
int post_to_console(const values& v, const std::string& target, const std::string& body, std::ostream& out,
                    std::ostream& err) {
    const auto console = *parse_host_port(v.text("console"), 0);   // checked by the definitions
    const auto r = http_client::post_form(console.host, console.port, target, body, console_timeout);
    if (r.status != 200) return refused(r, err);
    out << r.body;
    return 0;
}

// lw-center import --console: the records go to the running center, which owns the database.
int import_through_console(const values& v, const std::string& file, std::ostream& out, std::ostream& err) {
    const auto text = read_input(file, err);
    if (!text) return 1;
    std::string body = *text;
    if (is_csv_file(file)) {
        const auto elevators = csv_elevators(file, *text, err);
        if (!elevators) return 1;
        body = "{\"elevators\": " + *elevators + "}";   // its companies and using units: the center's
    }
    const auto console = *parse_host_port(v.text("console"), 0);
    const auto r = http_client::post_json(console.host, console.port, "/api/registry", body, import_timeout);
    if (r.status != 200) return refused(r, err);
    const auto n = api::from_json<api::registry_reply>(r.body);
    if (!n) {
        err << "lw-center: unexpected answer from the center: " << n.error << "\n";
        return 1;
    }
    out << "imported " << n->elevators << " elevators, " << n->crews << " crews, " << n->companies
        << " companies into the running center at " << v.text("console") << "\n";
    return 0;
}

int import_city_file(const std::string& db_path, const std::string& file, std::ostream& out, std::ostream& err) {
    const auto text = read_input(file, err);
    if (!text) return 1;
    city c;
    if (auto e = parse_city(*text, c); !e.empty()) {
        err << "lw-center: " << file << ": " << e << "\n";
        return 1;
    }
    store db(db_path);
    if (auto e = db.import_city(c); !e.empty()) {
        err << "lw-center: " << e << "\n";
        return 1;
    }
    out << "imported " << c.elevators.size() << " elevators, " << c.crews.size() << " crews, " << c.companies.size()
        << " companies into " << db_path << "\n";
    return 0;
}

int import_elevators_csv(const std::string& db_path, const std::string& file, std::ostream& out, std::ostream& err) {
    const auto text = read_input(file, err);
    if (!text) return 1;
    const auto elevators = csv_elevators(file, *text, err);
    if (!elevators) return 1;
    // Validated like a city file, against the companies and using units already registered.
    store db(db_path);
    city known;
    known.companies = db.companies();
    known.using_units = db.using_units();
    auto j = json::parse(to_json(known));
    j.erase("region");
    j["elevators"] = json::parse(*elevators);
    city c;
    if (auto e = parse_city(j.dump(), c); !e.empty()) {
        err << "lw-center: " << file << ": " << e << "; nothing imported\n";
        return 1;
    }
    c.companies.clear();   // unchanged: only the elevators are written
    c.using_units.clear();
    if (auto e = db.import_city(c); !e.empty()) {
        err << "lw-center: " << e << "\n";
        return 1;
    }
    out << "imported " << c.elevators.size() << " elevators into " << db_path << "\n";
    return 0;
}

int timeline(const values& v, std::ostream& out, std::ostream& err) {
    const auto id = parse_positive_id(v.arguments().at(0));
    if (!id) throw v.error("incident id must be a positive number: '" + v.arguments()[0] + "'");
    const auto db_ptr = open_existing(v.text("db"), err);
    if (!db_ptr) return 1;
    auto& db = *db_ptr;
    const auto row = db.incident_summary(*id);
    if (!row) {
        err << "lw-center: no incident " << *id << " in " << db.path() << "\n";
        return 1;
    }
    out << format_timeline(*row, db.timeline(*id), db.elevator(row->elevator_id));
    return 0;
}

int stats(const values& v, std::ostream& out, std::ostream& err) {
    // --now pins "today" for reproducible reports (checked by the definitions).
    const timestamp now = v.given("now") ? *parse_utc_time(v.text("now")) : wall_now();
    timestamp from, to;
    if (auto e = stats_period(v.text("from"), v.text("to"), now, from, to); !e.empty()) throw v.error(e);
    const auto db = open_existing(v.text("db"), err);
    if (!db) return 1;
    response_limits limits;
    limits.arrival_limit_urban = std::chrono::seconds{v.integer("arrival-limit-urban-s")};
    limits.arrival_limit_rural = std::chrono::seconds{v.integer("arrival-limit-rural-s")};
    const auto figures =
        load_supervision(*db, from, to, now, limits, test_alarm_limit_of(v));
    out << (v.flag("json") ? supervision_json(figures, limits) : format_supervision(figures, limits));
    return 0;
}

int export_incidents(const values& v, std::ostream& out, std::ostream& err) {
    const auto req = export_request_from(v);
    const auto db_ptr = open_existing(v.text("db"), err);
    if (!db_ptr) return 1;
    auto& db = *db_ptr;
    std::vector<incident_export> rows;
    if (req.incident) {
        auto x = load_export(db, *req.incident);
        if (!x) {
            err << "lw-center: no incident " << *req.incident << " in " << db.path() << "\n";
            return 1;
        }
        rows.push_back(std::move(*x));
    } else {
        rows = load_export(db, req.from, req.to);
    }
    const auto text = req.format == export_format::csv ? to_csv(rows) : to_json(rows);
    if (req.out_file.empty()) {
        out << text;
        return 0;
    }
    std::ofstream f(req.out_file, std::ios::binary);
    f << text;
    if (!f.flush()) {
        err << "lw-center: cannot write " << req.out_file << "\n";
        return 1;
    }
    err << "exported " << rows.size() << " incident(s) to " << req.out_file << "\n";
    return 0;
}

int elevator(const values& v, std::ostream& out, std::ostream& err) {
    if (v.arguments().at(0) != "show") throw v.error("expected 'show ID', got '" + v.arguments()[0] + "'");
    const auto db_ptr = open_existing(v.text("db"), err);
    if (!db_ptr) return 1;
    auto& db = *db_ptr;
    const auto& id = v.arguments().at(1);
    const auto e = db.elevator(id);
    if (!e) {
        err << "lw-center: no elevator '" << id << "' in " << db.path() << "\n";
        return 1;
    }
    constexpr std::size_t history_rows = 50;
    out << format_dossier(*e, db.using_units(), db.companies(), db.incidents_of_elevator(id, history_rows),
                          db.faults(id, history_rows));
    return 0;
}

int crew(const values& v, std::ostream& out, std::ostream& err) {
    const auto req = crew_request(v);
    if (req.live) {
        return post_to_console(v, "/api/crews/" + api::url_encode(req.crew_id),
                               api::to_form(api::crew_edit_request{req.position, req.status}), out, err);
    }
    if (!std::filesystem::exists(v.text("db"))) {
        err << "lw-center: no database " << v.text("db") << "\n";
        return 1;
    }
    const auto db = std::make_unique<store>(v.text("db"));   // database_in_use while a center runs
    if (auto e = db->set_crew_position(req.crew_id, *req.position); !e.empty()) {
        err << "lw-center: " << e << "\n";
        return 1;
    }
    out << "crew " << req.crew_id << " home position set to " << req.position->lat_deg << ", " << req.position->lon_deg
        << " (a running center picks it up at its next start)\n";
    return 0;
}

int alarm(const values& v, std::ostream& out, std::ostream& err) {
    if (!v.given("elevator") && !v.given("rescue-code")) throw v.error("give --elevator ID or --rescue-code C");
    const api::alarm_request a{v.text("elevator"), v.text("rescue-code"), v.text("source"), v.text("caller"),
                               v.text("notes")};
    return post_to_console(v, "/api/alarms", api::to_form(a), out, err);
}

int act(const values& v, std::ostream& out, std::ostream& err) {
    const auto a = act_request(v);
    const api::action_request r{v.text("operator"), v.text("notes"), a.cause};
    return post_to_console(v, "/api/incidents/" + std::to_string(a.incident) + "/" + a.action, api::to_form(r), out,
                           err);
}

// lw-center wait: polls the console (GET /api/metrics) until it answers 200 or the time is up.
int wait_for_console(const values& v, std::ostream& out, std::ostream& err) {
    const auto console = *parse_host_port(v.text("console"), 0);   // checked by the definitions
    const auto timeout = std::chrono::seconds{v.integer("timeout-s")};
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    constexpr auto pause = std::chrono::milliseconds{100};
    std::string last;
    for (;;) {   // bounded: every pass ends with the deadline check
        const auto r = http_client::get(console.host, console.port, "/api/metrics", std::chrono::seconds{2});
        if (r.status == 200) {
            out << "lw-center: console http://" << v.text("console") << "/ answers\n";
            return 0;
        }
        last = r.status ? "HTTP " + std::to_string(r.status) : r.body;
        // "no answer from H:P: connect: Connection refused" -> "connect: Connection refused"
        if (const auto p = last.find(": "); !r.status && last.rfind("no answer from ", 0) == 0 && p != std::string::npos)
            last = last.substr(p + 2);
        if (std::chrono::steady_clock::now() + pause >= deadline) break;
        std::this_thread::sleep_for(pause);
    }
    err << "lw-center: no answer from the console at " << v.text("console") << " within " << timeout.count()
        << " s (" << last << ")\n";
    return 1;
}

// "42 (test_alarm) done at 2026-...: EN 81-28 test alarm raised" / "... no answer yet".
std::string command_line(std::uint64_t id, const std::string& kind, const std::string& result,
                         const std::optional<std::string>& answered, const std::string& reason) {
    std::string s = "command " + std::to_string(id) + " (" + kind + ") ";
    if (!answered) return s + "not answered yet";
    return s + (result == "done" ? "done" : "refused by the board") + " at " + *answered + ": " + reason;
}

// lw-center command: through the console; then, unless --wait-s 0, polls the command log until
// the board's answer is there or the wait is over.
int command(const values& v, std::ostream& out, std::ostream& err) {
    const auto& args = v.arguments();
    api::command_request req;
    req.kind = args.at(1);
    if (v.given("operator")) req.operator_name = v.text("operator");
    if (v.given("thresholds")) req.thresholds = *api::parse_thresholds(v.text("thresholds"));   // checked
    const auto console = *parse_host_port(v.text("console"), 0);   // checked by the definitions
    const auto target = "/api/elevators/" + api::url_encode(args[0]) + "/commands";
    const auto r = http_client::post_form(console.host, console.port, target, api::to_form(req), console_timeout);
    if (r.status != 200) return refused(r, err);
    const auto sent = api::from_json<api::command_reply>(r.body);
    if (!sent) {
        err << "lw-center: unexpected answer from the center: " << sent.error << "\n";
        return 1;
    }
    out << "command " << sent->command_id << " (" << sent->kind << ") sent to " << sent->elevator << "\n";
    const auto wait = std::chrono::seconds{v.integer("wait-s")};
    if (wait.count() == 0) return 0;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    constexpr auto poll_every = std::chrono::milliseconds{200};
    for (;;) {   // bounded by the deadline
        const auto log = http_client::get(console.host, console.port, target, console_timeout);
        if (log.status != 200) return refused(log, err);
        const auto rows = api::from_json<std::vector<api::command_record>>(log.body);
        if (!rows) {
            err << "lw-center: unexpected answer from the center: " << rows.error << "\n";
            return 1;
        }
        for (const auto& c : *rows)
            if (c.id == sent->command_id && c.answered) {
                out << command_line(c.id, c.kind, c.result, c.answered, c.reason) << "\n";
                return c.result == "done" ? 0 : 1;
            }
        if (std::chrono::steady_clock::now() >= deadline) break;
        std::this_thread::sleep_for(poll_every);
    }
    err << "lw-center: no answer from the board within " << wait.count() << " s (it may be offline: the broker "
        << "keeps the command for it; see lw-center commands)\n";
    return 1;
}

int commands(const values& v, std::ostream& out, std::ostream& err) {
    const auto db = open_existing(v.text("db"), err);
    if (!db) return 1;
    const auto& id = v.arguments().at(0);
    if (!db->elevator(id)) {
        err << "lw-center: no elevator '" << id << "' in " << db->path() << "\n";
        return 1;
    }
    constexpr std::size_t rows = 100;
    const auto log = db->commands(id, rows);
    if (log.empty()) out << "no commands sent to " << id << "\n";
    for (const auto& c : log) {
        out << format_utc(c.sent) << "  by " << c.issued_by
            << (c.incident ? " (incident " + std::to_string(*c.incident) + ")" : std::string{})
            << (c.parameters.empty() ? std::string{} : "  " + c.parameters) << "\n    "
            << command_line(c.id, c.kind, c.ok ? "done" : "refused",
                            c.answered ? std::optional<std::string>{format_utc(*c.answered)} : std::nullopt, c.reason)
            << "\n";
    }
    return 0;
}

}  // namespace

int run(const values& v, std::ostream& out, std::ostream& err) {
    lw::log::set_level(v.text("log-level"));
    const auto& cmd = v.command();
    if (cmd == "serve") {
        service svc(serve_config(v));
        return svc.run();
    }
    if (cmd == "alarm") return alarm(v, out, err);
    if (cmd == "act") return act(v, out, err);
    if (cmd == "crew") return crew(v, out, err);
    if (cmd == "wait") return wait_for_console(v, out, err);
    if (cmd == "command") return command(v, out, err);
    if (cmd == "commands") return commands(v, out, err);
    const auto db_path = v.text("db");
    if (cmd == "import") {
        const auto& file = v.arguments().at(0);
        if (v.given("console")) return import_through_console(v, file, out, err);
        return is_csv_file(file) ? import_elevators_csv(db_path, file, out, err)
                                 : import_city_file(db_path, file, out, err);
    }
    if (cmd == "timeline") return timeline(v, out, err);
    if (cmd == "stats") return stats(v, out, err);
    if (cmd == "export") return export_incidents(v, out, err);
    if (cmd == "elevator") return elevator(v, out, err);
    const auto db = open_existing(db_path, err);
    if (!db) return 1;
    if (cmd == "incidents") {
        out << format_incident_list(db->incidents(1000, v.flag("open")));
        return 0;
    }
    if (cmd == "verify") {
        const auto result = db->verify(v.given("anchor") ? parse_anchor(v.text("anchor")) : std::nullopt);
        out << format_verify(result, db_path);
        return result.ok ? 0 : 1;
    }
    throw std::logic_error("lw-center: command '" + cmd + "' is defined but not run");
}

}  // namespace lw::center::cli

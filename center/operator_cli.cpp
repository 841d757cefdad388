#include "operator_cli.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "lw/center/city_json.hpp"
#include "lw/center/export.hpp"
#include "lw/center/report.hpp"
#include "lw/center/store.hpp"
#include "lw/center/store_reader.hpp"
#include "lw/http_client.hpp"

namespace lw::center::cli {
namespace {
using json = nlohmann::json;

constexpr auto console_timeout = std::chrono::seconds{5};   // one request to a loopback console

using http_client::url_encode;

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
        if (v.empty()) continue;
        if (!out.empty()) out += '&';
        out += k + '=' + url_encode(v);
    }
    return out;
}

using http_reply = http_client::reply;

// One form POST to the running center's console. Never throws.
http_reply post(const std::string& console, const std::string& target, const std::string& body) {
    const auto colon = console.rfind(':');
    if (colon == std::string::npos) return {0, "--console must be HOST:PORT"};
    int port = 0;
    try {
        port = std::stoi(console.substr(colon + 1));
    } catch (const std::exception&) {
        return {0, "--console must be HOST:PORT"};
    }
    return http_client::post_form(console.substr(0, colon), port, target, body, console_timeout);
}

int report_reply(const http_reply& r) {
    if (r.status == 200) {
        std::cout << r.body;
        return 0;
    }
    auto j = json::parse(r.body, nullptr, false);
    const auto why = (!j.is_discarded() && j.is_object() && j.contains("error")) ? j["error"].get<std::string>() : r.body;
    std::cerr << "lw-center: " << (r.status ? "refused (HTTP " + std::to_string(r.status) + "): " : "") << why << "\n";
    return 1;
}

std::int64_t parse_id(const std::string& s) {
    std::size_t used = 0;
    std::int64_t id = 0;
    try {
        id = std::stoll(s, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != s.size() || id <= 0) throw std::invalid_argument("incident id must be a positive number: '" + s + "'");
    return id;
}

double parse_degrees(const std::string& name, const std::string& s) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(s, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != s.size() || !std::isfinite(v)) throw std::invalid_argument("--" + name + " must be a number of degrees: '" + s + "'");
    return v;
}
}  // namespace

namespace {
// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !field.empty()) {
                row.push_back(std::move(field));
                rows.push_back(std::move(row));
            }
            row.clear();
            field.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if (any || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}
}  // namespace

int import_elevators_csv(const std::string& db_path, const std::string& file) {
    std::ifstream f(file, std::ios::binary);
    if (!f) {
        std::cerr << "lw-center: cannot read " << file << "\n";
        return 1;
    }
    std::stringstream ss;
    ss << f.rdbuf();
    const auto rows = parse_csv(ss.str());
    if (rows.empty()) {
        std::cerr << "lw-center: " << file << ": empty\n";
        return 1;
    }
    const auto& header = rows.front();
    static const std::vector<std::string> numbers{"lat", "lon", "floors", "year"};
    static const std::vector<std::string> flags{"machine_room_less", "urban"};
    json els = json::array();
    for (std::size_t r = 1; r < rows.size(); ++r) {
        if (rows[r].size() != header.size()) {
            std::cerr << "lw-center: " << file << ": line " << r + 1 << " has " << rows[r].size() << " fields, the header "
                      << header.size() << "\n";
            return 1;
        }
        json e = json::object();
        for (std::size_t c = 0; c < header.size(); ++c) {
            const auto& k = header[c];
            const auto& v = rows[r][c];
            try {
                if (std::find(numbers.begin(), numbers.end(), k) != numbers.end()) {
                    std::size_t used = 0;
                    const double x = std::stod(v, &used);
                    if (used != v.size()) throw std::invalid_argument(v);
                    e[k] = (k == "floors" || k == "year") ? json(static_cast<int>(x)) : json(x);
                } else if (std::find(flags.begin(), flags.end(), k) != flags.end()) {
                    if (v != "0" && v != "1" && v != "true" && v != "false") throw std::invalid_argument(v);
                    e[k] = (v == "1" || v == "true");
                } else if (!v.empty()) {
                    e[k] = v;
                }
            } catch (const std::exception&) {
                std::cerr << "lw-center: " << file << ": line " << r + 1 << ": column " << k << " is not valid: '" << v
                          << "'\n";
                return 1;
            }
        }
        els.push_back(std::move(e));
    }
    // Validated like a city file, against the companies and using units already registered.
    store db(db_path);
    lw::center::city known;
    known.companies = db.companies();
    known.using_units = db.using_units();
    auto j = json::parse(lw::center::to_json(known));
    j.erase("region");
    j["elevators"] = std::move(els);
    lw::center::city c;
    if (auto err = lw::center::parse_city(j.dump(), c); !err.empty()) {
        std::cerr << "lw-center: " << file << ": " << err << "; nothing imported\n";
        return 1;
    }
    c.companies.clear();   // unchanged: only the elevators are written
    c.using_units.clear();
    if (auto err = db.import_city(c); !err.empty()) {
        std::cerr << "lw-center: " << err << "\n";
        return 1;
    }
    std::cout << "imported " << c.elevators.size() << " elevators into " << db_path << "\n";
    return 0;
}

const char* const usage_text = R"(
  lw-center export --db FILE (--incident ID | --from YYYY-MM-DD --to YYYY-MM-DD) [--format json|csv] [--out FILE]
                                           one incident, or those opened from..to (both days included, UTC)
  lw-center elevator show --db FILE ID     the elevator's dossier with its fault and incident history
  lw-center crew set --db FILE ID --lat X --lon Y
                                           change a crew's home position in the registry
  lw-center crew set --console HOST:PORT ID [--lat X --lon Y] [--status available|off_duty]
                                           change it in the running center (status is not stored)
  lw-center alarm --console HOST:PORT (--elevator ID | --rescue-code C) [--source hotline_96333|
                  transfer_110|transfer_119|using_unit] [--caller NUMBER] [--notes TEXT]
                                           manual alarm intake through the running center
  lw-center act --console HOST:PORT ID callback|cause=CATEGORY|handover|close|false_alarm
                [--operator NAME] [--notes TEXT]
                                           an operator action on incident ID (causes: external, human,
                                           door_system, control_system, drive, power, other)
)";

int export_incidents(const command_args& a) {
    const auto fmt = export_format_from_string(a.get("format", "json"));
    if (!fmt) {
        std::cerr << "lw-center: --format must be json or csv\n";
        return 2;
    }
    store_reader db(a.get("db", "var/liftwatch.db"));
    std::vector<incident_export> rows;
    if (const auto id = a.get("incident"); !id.empty()) {
        auto x = load_export(db, parse_id(id));
        if (!x) {
            std::cerr << "lw-center: no incident " << id << " in " << db.path() << "\n";
            return 1;
        }
        rows.push_back(std::move(*x));
    } else {
        const auto from = parse_day(a.get("from")), to = parse_day(a.get("to"));
        if (!from || !to) {
            std::cerr << "lw-center: give --incident ID, or --from and --to as YYYY-MM-DD\n";
            return 2;
        }
        if (*to < *from) {
            std::cerr << "lw-center: --to is before --from\n";
            return 2;
        }
        rows = load_export(db, *from, *to + std::chrono::days{1});
    }
    const auto text = *fmt == export_format::csv ? to_csv(rows) : to_json(rows);
    if (const auto out = a.get("out"); !out.empty()) {
        std::ofstream f(out, std::ios::binary);
        f << text;
        if (!f.flush()) {
            std::cerr << "lw-center: cannot write " << out << "\n";
            return 1;
        }
        std::cerr << "exported " << rows.size() << " incident(s) to " << out << "\n";
    } else {
        std::cout << text;
    }
    return 0;
}

int elevator(const command_args& a) {
    if (a.positional.size() != 2 || a.positional[0] != "show") return 2;
    store_reader db(a.get("db", "var/liftwatch.db"));
    const auto& id = a.positional[1];
    const auto e = db.elevator(id);
    if (!e) {
        std::cerr << "lw-center: no elevator '" << id << "' in " << db.path() << "\n";
        return 1;
    }
    std::string unit = e->using_unit_id, person, phone, company = e->company_id;
    for (const auto& u : db.using_units())
        if (u.id == e->using_unit_id) unit = u.name + " (" + u.id + ")", person = u.person_in_charge, phone = u.phone;
    for (const auto& c : db.companies())
        if (c.id == e->company_id) company = c.name + " (" + c.id + ", " + c.phone + ")";
    std::cout << "Elevator " << e->id << "  rescue code " << e->rescue_code << "\n"
              << "  address            " << e->address << "\n"
              << "  district / grid    " << e->district << " / " << e->grid << "  (" << e->position.lat_deg << ", "
              << e->position.lon_deg << ", " << (e->urban ? "urban" : "rural") << ")\n"
              << "  using unit         " << unit << (person.empty() ? "" : ", in charge " + person + " " + phone)
              << "\n"
              << "  maintenance        " << company << "\n"
              << "  type               " << e->type << (e->machine_room_less ? " (machine-room-less)" : "") << ", "
              << e->floors << " floors, " << e->year << "\n"
              << "  inspection due     " << e->inspection_due << "\n"
              << "  maintenance due    " << e->maintenance_due << "\n";
    constexpr std::size_t history_rows = 50;
    const auto incidents = db.incidents_of_elevator(id, history_rows);
    std::cout << "Incidents (" << incidents.size() << ", newest first)\n";
    if (incidents.empty()) std::cout << "  (none)\n";
    else std::cout << format_incident_list(incidents);
    const auto faults = db.faults(id, history_rows);
    std::cout << "Faults (" << faults.size() << ", newest first)\n";
    if (faults.empty()) std::cout << "  (none)\n";
    for (const auto& f : faults)
        std::cout << "  " << format_utc(f.at) << "  " << (f.raised ? "raised " : "cleared") << "  " << f.code_name
                  << (f.historical ? " (historical)" : "") << (f.detail.empty() ? "" : " - " + f.detail) << "\n";
    return 0;
}

int crew(const command_args& a) {
    if (a.positional.size() != 2 || a.positional[0] != "set") return 2;
    const auto& id = a.positional[1];
    const auto lat = a.get("lat"), lon = a.get("lon"), status = a.get("status");
    if (lat.empty() != lon.empty()) {
        std::cerr << "lw-center: give both --lat and --lon\n";
        return 2;
    }
    if (const auto console = a.get("console"); !console.empty()) {
        if (lat.empty() && status.empty()) return 2;
        return report_reply(post(console, "/api/crews/" + url_encode(id),
                                 form({{"lat", lat}, {"lon", lon}, {"status", status}})));
    }
    if (lat.empty() || !status.empty()) {
        std::cerr << "lw-center: with --db only the position (--lat, --lon) is stored; status needs --console\n";
        return 2;
    }
    const geo_point p{parse_degrees("lat", lat), parse_degrees("lon", lon)};
    if (!std::isfinite(p.lat_deg) || !std::isfinite(p.lon_deg) || p.lat_deg < -90 || p.lat_deg > 90 ||
        p.lon_deg < -180 || p.lon_deg > 180) {
        std::cerr << "lw-center: position out of range\n";
        return 2;
    }
    store db(a.get("db", "var/liftwatch.db"));
    if (auto err = db.set_crew_position(id, p); !err.empty()) {
        std::cerr << "lw-center: " << err << "\n";
        return 1;
    }
    std::cout << "crew " << id << " home position set to " << p.lat_deg << ", " << p.lon_deg
              << " (a running center picks it up at its next start)\n";
    return 0;
}

int alarm(const command_args& a) {
    const auto console = a.get("console");
    if (console.empty() || (a.get("elevator").empty() && a.get("rescue-code").empty())) return 2;
    return report_reply(post(console, "/api/alarms",
                             form({{"elevator", a.get("elevator")},
                                   {"rescue_code", a.get("rescue-code")},
                                   {"source", a.get("source", "hotline_96333")},
                                   {"caller", a.get("caller")},
                                   {"notes", a.get("notes")}})));
}

int act(const command_args& a) {
    const auto console = a.get("console");
    if (console.empty() || a.positional.size() != 2) return 2;
    const auto id = parse_id(a.positional[0]);
    std::string action = a.positional[1], cause;
    if (action.rfind("cause=", 0) == 0) {
        cause = action.substr(6);
        action = "cause";
    }
    if (action != "callback" && action != "cause" && action != "handover" && action != "close" &&
        action != "false_alarm") {
        std::cerr << "lw-center: action must be callback, cause=CATEGORY, handover, close or false_alarm\n";
        return 2;
    }
    return report_reply(post(console, "/api/incidents/" + std::to_string(id) + "/" + action,
                             form({{"cause", cause}, {"operator", a.get("operator")}, {"notes", a.get("notes")}})));
}

}  // namespace lw::center::cli

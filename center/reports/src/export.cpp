#include "lw/center/export.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "lw/center/report.hpp"

namespace lw::center {
namespace {
using json = nlohmann::json;

json duration_ms(const std::optional<duration>& d) { return d ? json(d->count()) : json(nullptr); }

// RFC 4180: quote when the field holds a comma, quote, CR or LF; double the quotes.
std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}
}  // namespace

std::optional<export_format> export_format_from_string(const std::string& s) {
    if (s == "json") return export_format::json;
    if (s == "csv") return export_format::csv;
    return std::nullopt;
}

std::optional<incident_export> load_export(store_view& db, incident_id id) {
    auto row = db.incident_summary(id);
    if (!row) return std::nullopt;
    return incident_export{*row, db.timeline(id), db.dispatches(id)};
}

std::vector<incident_export> load_export(store_view& db, timestamp from, timestamp to) {
    std::vector<incident_export> out;
    for (auto& row : db.incidents_opened_between(from, to)) {
        const auto id = row.id;
        out.push_back({std::move(row), db.timeline(id), db.dispatches(id)});
    }
    return out;
}

std::string to_json(const std::vector<incident_export>& incidents) {
    json a = json::array();
    for (const auto& x : incidents) {
        const auto& r = x.summary;
        const auto f = derive_figures(x.timeline);
        json j = {{"id", r.id},
                  {"elevator_id", r.elevator_id},
                  {"source", r.source},
                  {"phase", r.phase},
                  {"level", r.level},
                  {"opened", format_utc(r.opened)},
                  {"opened_ms", to_ms(r.opened)},
                  {"closed", r.closed ? json(format_utc(*r.closed)) : json(nullptr)},
                  {"cause", r.cause},
                  {"false_alarm", r.false_alarm},
                  {"figures_ms",
                   {{"response", duration_ms(f.response)},
                    {"arrival", duration_ms(f.arrival)},
                    {"on_site", duration_ms(f.on_site)},
                    {"trapped", duration_ms(f.trapped)}}}};
        json t = json::array();
        for (const auto& e : x.timeline)
            t.push_back({{"record", e.id},
                         {"at", format_utc(e.at)},
                         {"at_ms", to_ms(e.at)},
                         {"step", e.step},
                         {"actor", e.actor},
                         {"details", e.details},
                         {"recorded_ms", to_ms(e.recorded)},
                         {"hash", e.hash}});
        j["timeline"] = std::move(t);
        json d = json::array();
        for (const auto& o : x.dispatches)
            d.push_back({{"crew", o.crew_id}, {"company", o.company_id}, {"attempt", o.attempt}, {"sent", o.sent}});
        j["dispatches"] = std::move(d);
        a.push_back(std::move(j));
    }
    return a.dump(1) + "\n";
}

std::string to_csv(const std::vector<incident_export>& incidents) {
    std::string out =
        "incident,elevator,source,level,phase,cause,false_alarm,record,at,at_ms,step,actor,details,hash\r\n";
    for (const auto& x : incidents) {
        const auto& r = x.summary;
        const std::string head = std::to_string(r.id) + ',' + csv_field(r.elevator_id) + ',' + csv_field(r.source) +
                                 ',' + std::to_string(r.level) + ',' + csv_field(r.phase) + ',' + csv_field(r.cause) +
                                 ',' + (r.false_alarm ? "1" : "0") + ',';
        for (const auto& e : x.timeline)
            out += head + std::to_string(e.id) + ',' + format_utc(e.at) + ',' + std::to_string(to_ms(e.at)) + ',' +
                   csv_field(e.step) + ',' + csv_field(e.actor) + ',' + csv_field(e.details) + ',' + e.hash + "\r\n";
    }
    return out;
}

std::optional<timestamp> parse_day(const std::string& s) {
    int y = 0;
    unsigned m = 0, d = 0;
    char dash1 = 0, dash2 = 0;
    if (s.size() != 10 || std::sscanf(s.c_str(), "%4d%c%2u%c%2u", &y, &dash1, &m, &dash2, &d) != 5 || dash1 != '-' ||
        dash2 != '-')
        return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::time_point_cast<duration>(std::chrono::sys_days{ymd});
}

}  // namespace lw::center

#include "lw/sim/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>

#include "lw/domain/rescue.hpp"

namespace lw::sim {
using json = nlohmann::json;

namespace {
namespace api = center::api;
using domain::timeline_step;

// A field of a report's JSON as text ("" when absent or null), for render_html.
std::string text(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || j[key].is_null()) return {};
    if (j[key].is_string()) return j[key].get<std::string>();
    return j[key].dump();
}

// '_' and ' ' compare equal in expectations' match texts (scenario words cannot hold blanks).
std::string blanks(std::string s) {
    std::replace(s.begin(), s.end(), '_', ' ');
    return s;
}

bool is(const api::timeline_record& e, timeline_step step) { return e.step == domain::to_string(step); }

std::optional<std::int64_t> first_at(const std::vector<api::timeline_record>& timeline, timeline_step step) {
    for (const auto& e : timeline)
        if (is(e, step)) return e.at_ms;
    return std::nullopt;
}

// City time of the alarm: the first alarm_received, else the incident's opening.
std::int64_t alarm_ms(const api::incident_detail& inc) {
    return first_at(inc.timeline, timeline_step::alarm_received).value_or(inc.summary.opened_ms);
}

bool is_transfer(const std::string& source) {
    const auto s = domain::parse<domain::alarm_source>(source);
    return s == domain::alarm_source::transfer_110 || s == domain::alarm_source::transfer_119;
}

// The center's timeline entry as the report carries it (docs/drill-report.md).
json entry_json(const api::timeline_record& e) {
    return {{"id", e.id}, {"at_ms", e.at_ms}, {"at", e.at}, {"step", e.step}, {"actor", e.actor}, {"details", e.details}};
}

json minutes(std::optional<std::int64_t> ms) {
    if (!ms) return nullptr;
    return std::round(static_cast<double>(*ms) / 600.0) / 100.0;   // minutes, 2 decimals
}

std::string fmt_min(const json& m) {
    if (m.is_null()) return "-";
    char b[32];
    std::snprintf(b, sizeof b, "%.1f min", m.get<double>());
    return b;
}

std::string fmt_offset_ms(std::int64_t ms) {
    const auto s = ms / 1000;
    char b[32];
    std::snprintf(b, sizeof b, "%s%lldm%02llds", s < 0 ? "-" : "", static_cast<long long>(std::llabs(s) / 60),
                  static_cast<long long>(std::llabs(s) % 60));
    return b;
}

json derive_incident(const api::incident_detail& inc, const report_inputs& in) {
    const auto& tl = inc.timeline;
    const auto& sum = inc.summary;
    const auto alarm = alarm_ms(inc);
    bool urban = true;
    for (const auto& e : tl)
        if (is(e, timeline_step::alarm_received) && e.details.find(", rural") != std::string::npos) urban = false;
    auto since = [&](timeline_step step) -> std::optional<std::int64_t> {
        if (auto t = first_at(tl, step)) return *t - alarm;
        return std::nullopt;
    };
    const auto launch = since(timeline_step::dispatched), ack = since(timeline_step::acknowledged),
               arrival = since(timeline_step::arrived), released = since(timeline_step::released),
               closed = since(timeline_step::closed);
    const auto arrival_limit = urban ? in.limits.arrival_urban : in.limits.arrival_rural;
    const auto trapped_limit = urban ? in.limits.trapped_urban : in.limits.trapped_rural;
    json escalations = json::array();
    for (const auto& e : tl)
        if (is(e, timeline_step::escalated))
            escalations.push_back({{"at", e.at}, {"after_alarm_min", minutes(e.at_ms - alarm)}, {"details", e.details}});
    const bool handed_over = first_at(tl, timeline_step::handed_over).has_value();
    json crews = json::array();
    for (const auto& e : tl)
        if (is(e, timeline_step::dispatched)) crews.push_back(e.details);
    json timeline = json::array();
    for (const auto& e : tl) timeline.push_back(entry_json(e));
    return {{"id", sum.id},
            {"elevator", sum.elevator_id},
            {"source", sum.source},
            {"level", "L" + std::to_string(sum.level)},
            {"phase", sum.phase},
            {"urban", urban},
            {"alarm_at", sum.opened},
            {"alarm_after_start_min", minutes(alarm - to_ms(in.city_start))},
            {"launch_min", minutes(launch)},
            {"launch_within_limit", launch ? json(*launch <= in.limits.launch.count()) : json(nullptr)},
            {"acknowledged_min", minutes(ack)},
            {"arrival_min", minutes(arrival)},
            {"arrival_limit_min", minutes(arrival_limit.count())},
            {"arrival_within_limit", arrival ? json(*arrival <= arrival_limit.count()) : json(false)},
            {"released_min", minutes(released)},
            // The passengers' wait, alarm -> released, against its own limit: an early arrival
            // does not make a long entrapment good. Not released counts as not within the limit.
            {"trapped_min", minutes(released)},
            {"trapped_limit_min", minutes(trapped_limit.count())},
            {"trapped_within_limit", released ? json(*released <= trapped_limit.count()) : json(false)},
            {"closed_min", minutes(closed)},
            {"escalations", escalations},
            {"handed_over", handed_over},
            {"dispatches", crews},
            {"cause", sum.cause},
            {"timeline", timeline}};
}

json check(const expectation& x, const std::vector<api::incident_detail>& incidents, const report_inputs& in) {
    const auto tolerance = x.within.value_or(in.resolution);
    json r = {{"line", x.line},
              {"elevator", x.elevator_id},
              {"step", x.step},
              {"match", x.match},
              {"tolerance_s", std::chrono::duration_cast<std::chrono::seconds>(tolerance).count()}};
    if (x.at) r["expected"] = "at " + fmt_offset_ms(x.at->count()) + " after the start";
    else if (x.after) r["expected"] = fmt_offset_ms(x.after->count()) + " after the alarm";
    else r["expected"] = "happens";
    std::optional<std::int64_t> best_deviation;
    std::string best_actual;
    bool found = false;
    for (const auto& inc : incidents) {
        if (inc.summary.elevator_id != x.elevator_id) continue;
        const auto alarm = alarm_ms(inc);
        for (const auto& e : inc.timeline) {
            if (e.step != x.step) continue;
            if (!x.match.empty() && blanks(e.details).find(blanks(x.match)) == std::string::npos) continue;
            found = true;
            const auto at = e.at_ms;
            std::int64_t deviation = 0;
            std::string actual;
            if (x.at) {
                deviation = at - to_ms(in.city_start) - x.at->count();
                actual = "at " + fmt_offset_ms(at - to_ms(in.city_start)) + " after the start";
            } else if (x.after) {
                deviation = at - alarm - x.after->count();
                actual = fmt_offset_ms(at - alarm) + " after the alarm";
            } else {
                actual = "at " + fmt_offset_ms(at - to_ms(in.city_start)) + " after the start";
            }
            if (!best_deviation || std::llabs(deviation) < std::llabs(*best_deviation)) {
                best_deviation = deviation;
                best_actual = actual + " (incident " + std::to_string(inc.summary.id) + ")";
            }
        }
    }
    if (!found) {
        r["actual"] = "did not happen";
        r["ok"] = false;
        return r;
    }
    r["actual"] = best_actual;
    if (!x.at && !x.after) {
        r["ok"] = true;
        return r;
    }
    r["deviation_s"] = static_cast<double>(*best_deviation) / 1000.0;
    r["ok"] = std::llabs(*best_deviation) <= tolerance.count();
    return r;
}

std::string esc(const std::string& s) {
    std::string o;
    for (char c : s) {
        if (c == '<') o += "&lt;";
        else if (c == '>') o += "&gt;";
        else if (c == '&') o += "&amp;";
        else if (c == '"') o += "&quot;";
        else o += c;
    }
    return o;
}

std::string num(double v, int decimals = 1) {
    char b[32];
    std::snprintf(b, sizeof b, "%.*f", decimals, v);
    return b;
}

// One bar of the arrival chart: from the alarm to `value` minutes, `ok_class` within `limit`
// and `late_class` beyond, `missing` written instead when there is no value; its limit as a
// dashed line across the bar.
struct bar_spec {
    const char* what;            // "arrived", "trapped" (the bar's tooltip)
    const json& value;
    double limit;
    const char* ok_class;
    const char* late_class;
    const char* missing;
};

// Horizontal bars: two per incident, alarm -> first arrival and, beside it, alarm -> released
// (the trapped time), each coloured by its own limit (a dashed line).
std::string arrival_chart(const json& incidents) {
    constexpr int width = 900, label_w = 190, bar_h = 14, pair_gap = 2, gap = 10, top = 30, bottom = 40;
    constexpr int row_h = 2 * bar_h + pair_gap;
    double max_min = 35;
    for (const auto& i : incidents) {
        if (!i["arrival_min"].is_null()) max_min = std::max(max_min, i["arrival_min"].get<double>() + 5);
        if (i.contains("trapped_min") && !i["trapped_min"].is_null())
            max_min = std::max(max_min, i["trapped_min"].get<double>() + 5);
        max_min = std::max(max_min, i["arrival_limit_min"].get<double>() + 5);
    }
    max_min = std::ceil(max_min / 5) * 5;
    const int n = static_cast<int>(incidents.size());
    const int height = top + n * (row_h + gap) + bottom;
    const double px_per_min = (width - label_w - 20) / max_min;
    auto x_of = [&](double m) { return label_w + m * px_per_min; };
    std::ostringstream s;
    s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << width << "' height='" << height
      << "' viewBox='0 0 " << width << ' ' << height << "' role='img' aria-label='arrival times'>\n";
    s << "<text x='" << label_w << "' y='18' class='ax'>minutes from alarm to the first crew on site (upper bar) "
         "and to the passengers' release (lower bar, trapped time)</text>\n";
    for (double m = 0; m <= max_min + 0.01; m += 5) {
        s << "<line x1='" << num(x_of(m)) << "' y1='" << top - 4 << "' x2='" << num(x_of(m)) << "' y2='"
          << height - bottom + 4 << "' class='grid'/>\n";
        s << "<text x='" << num(x_of(m)) << "' y='" << height - bottom + 20 << "' class='ax' text-anchor='middle'>"
          << static_cast<int>(m) << "</text>\n";
    }
    auto draw_bar = [&](int y, const bar_spec& b) {
        if (b.value.is_null()) {
            s << "<text x='" << label_w + 4 << "' y='" << y + bar_h - 3 << "' class='miss'>" << b.missing << "</text>\n";
        } else {
            const double a = b.value.get<double>();
            s << "<rect x='" << label_w << "' y='" << y << "' width='" << num(std::max(1.0, a * px_per_min))
              << "' height='" << bar_h << "' class='" << (a <= b.limit ? b.ok_class : b.late_class) << "'><title>"
              << b.what << " " << num(a, 2) << " min</title></rect>\n";
            s << "<text x='" << num(x_of(a) + 4) << "' y='" << y + bar_h - 3 << "' class='val'>" << b.what << " "
              << num(a) << "</text>\n";
        }
        s << "<line x1='" << num(x_of(b.limit)) << "' y1='" << y - 1 << "' x2='" << num(x_of(b.limit)) << "' y2='"
          << y + bar_h + 1 << "' class='limit'><title>" << b.what << " limit " << num(b.limit, 0)
          << " min</title></line>\n";
    };
    int row = 0;
    for (const auto& i : incidents) {
        const int y = top + row++ * (row_h + gap);
        const std::string label = "#" + std::to_string(i["id"].get<int>()) + " " + i["elevator"].get<std::string>();
        s << "<text x='" << label_w - 8 << "' y='" << y + bar_h + 4 << "' text-anchor='end' class='lbl'>" << esc(label)
          << "</text>\n";
        draw_bar(y, {"arrived", i["arrival_min"], i["arrival_limit_min"].get<double>(), "ok", "late", "nobody on site"});
        static const json absent;
        const json& trapped = i.contains("trapped_min") ? i["trapped_min"] : absent;
        const double trapped_limit = i.contains("trapped_limit_min") ? i["trapped_limit_min"].get<double>() : 0;
        draw_bar(y + bar_h + pair_gap, {"trapped", trapped, trapped_limit, "tok", "tlate", "not released"});
        // Escalations: a marker at the minute the center raised the level.
        for (const auto& e : i["escalations"]) {
            const auto d = e["details"].get<std::string>();
            const auto to = d.find("-> L");
            const std::string level = to == std::string::npos ? "L?" : d.substr(to + 3, 2);
            const double m = e["after_alarm_min"].is_null() ? 0 : e["after_alarm_min"].get<double>();
            s << "<path d='M" << num(x_of(m) - 5) << ' ' << y - 3 << " L" << num(x_of(m) + 5) << ' ' << y - 3 << " L"
              << num(x_of(m)) << ' ' << y + 5 << " Z' class='esc'><title>" << esc(d) << "</title></path>\n";
            s << "<text x='" << num(x_of(m) + 6) << "' y='" << y + 6 << "' class='esct'>" << esc(level) << "</text>\n";
        }
    }
    s << "</svg>\n";
    return s.str();
}

}  // namespace

json build_report(const report_inputs& in, const std::vector<expectation>& expected) {
    json incidents = json::array();
    int transfers = 0;
    for (const auto& inc : in.incidents) {
        incidents.push_back(derive_incident(inc, in));
        if (is_transfer(inc.summary.source)) ++transfers;
    }
    int launched_ok = 0, launched = 0, arrived = 0, arrived_ok = 0, l2 = 0, l3 = 0, handovers = 0, closed = 0;
    int released = 0, trapped_ok = 0;
    double arrival_sum = 0, arrival_max = 0, trapped_sum = 0, trapped_max = 0;
    for (const auto& i : incidents) {
        if (!i["launch_min"].is_null()) {
            ++launched;
            if (i["launch_within_limit"].get<bool>()) ++launched_ok;
        }
        if (!i["arrival_min"].is_null()) {
            ++arrived;
            const double a = i["arrival_min"].get<double>();
            arrival_sum += a;
            arrival_max = std::max(arrival_max, a);
        }
        if (i["arrival_within_limit"].get<bool>()) ++arrived_ok;
        if (!i["trapped_min"].is_null()) {
            ++released;
            const double t = i["trapped_min"].get<double>();
            trapped_sum += t;
            trapped_max = std::max(trapped_max, t);
        }
        if (i["trapped_within_limit"].get<bool>()) ++trapped_ok;
        for (const auto& e : i["escalations"]) {
            const auto d = e["details"].get<std::string>();
            if (d.find("-> L2") != std::string::npos) ++l2;
            if (d.find("-> L3") != std::string::npos) ++l3;
        }
        if (i["handed_over"].get<bool>()) ++handovers;
        if (!i["closed_min"].is_null()) ++closed;
    }
    const auto n = static_cast<double>(incidents.size());
    auto share = [&](int k) { return n > 0 ? json(std::round(1000.0 * k / n) / 10.0) : json(nullptr); };
    json overall = {{"incidents", incidents.size()},
                    {"closed", closed},
                    {"launched_within_limit_pct", share(launched_ok)},
                    {"arrived_within_limit_pct", share(arrived_ok)},
                    {"arrival_mean_min", arrived ? json(std::round(100 * arrival_sum / arrived) / 100) : json(nullptr)},
                    {"arrival_max_min", arrived ? json(arrival_max) : json(nullptr)},
                    {"trapped_within_limit_pct", share(trapped_ok)},
                    {"trapped_mean_min", released ? json(std::round(100 * trapped_sum / released) / 100) : json(nullptr)},
                    {"trapped_max_min", released ? json(trapped_max) : json(nullptr)},
                    {"escalations_l2", l2},
                    {"escalations_l3", l3},
                    {"transfers", transfers},
                    {"handovers", handovers}};
    json checks = json::array();
    int failed = 0;
    for (const auto& x : expected) {
        checks.push_back(check(x, in.incidents, in));
        if (!checks.back()["ok"].get<bool>()) ++failed;
    }
    return {{"scenario", in.scenario_name},
            {"city_start", format_utc(in.city_start)},
            {"city_start_ms", to_ms(in.city_start)},
            {"city_end", format_utc(in.city_end)},
            {"city_minutes", minutes(to_ms(in.city_end) - to_ms(in.city_start))},
            {"scale", in.scale},
            {"resolution_s", std::chrono::duration<double>(in.resolution).count()},
            {"wall_seconds", std::round(in.wall_seconds * 10) / 10},
            {"timed_out", in.timed_out},
            {"limits", {{"launch_min", minutes(in.limits.launch.count())},
                        {"arrival_urban_min", minutes(in.limits.arrival_urban.count())},
                        {"arrival_rural_min", minutes(in.limits.arrival_rural.count())},
                        {"trapped_urban_min", minutes(in.limits.trapped_urban.count())},
                        {"trapped_rural_min", minutes(in.limits.trapped_rural.count())}}},
            {"overall", overall},
            {"incidents", incidents},
            {"expectations", checks},
            {"expectations_failed", failed},
            {"events", in.events}};
}

std::string render_html(const json& r) {
    std::ostringstream h;
    const auto& o = r["overall"];
    auto v = [](const json& j) {
        if (j.is_null()) return std::string("-");
        if (j.is_number_float()) return num(j.get<double>());
        return j.dump();
    };
    h << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Drill report: "
      << esc(r.value("scenario", "")) << "</title>\n<style>\n"
      << "body{font-family:system-ui,sans-serif;margin:20px;color:#222;max-width:1100px}"
         "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:22px 0 6px}h3{font-size:15px;margin:14px 0 4px}"
         "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px;text-align:left}"
         "th{background:#f1f3f5}.figs td{min-width:90px}.okc{color:#19692c;font-weight:600}"
         ".bad{color:#b3261e;font-weight:600}.sub{color:#555;font-size:13px}"
         "svg .ok{fill:#4c9a5b}svg .late{fill:#d9534f}svg .tok{fill:#93c9a0;stroke:#4c9a5b}"
         "svg .tlate{fill:#eea29f;stroke:#d9534f}svg .limit{stroke:#b3261e;stroke-width:2;stroke-dasharray:4 3}"
         "svg .grid{stroke:#e3e3e3}svg .ax{font-size:11px;fill:#555}svg .lbl{font-size:12px;fill:#222}"
         "svg .val{font-size:11px;fill:#222}svg .miss{font-size:12px;fill:#b3261e}"
         "svg .esc{fill:#e8a317;stroke:#8a5a00;stroke-width:1}svg .esct{font-size:10px;font-weight:700;fill:#8a5a00}"
         "details{margin:4px 0}summary{cursor:pointer}\n</style></head><body>\n";
    h << "<h1>Drill report: " << esc(r.value("scenario", "")) << "</h1>\n<div class='sub'>City time "
      << esc(r.value("city_start", "")) << " to " << esc(r.value("city_end", "")) << " (" << v(r["city_minutes"])
      << " min) at x" << num(r["scale"].get<double>(), 0) << ", " << v(r["wall_seconds"]) << " s of wall time; clock resolution "
      << v(r["resolution_s"]) << " s" << (r.value("timed_out", false) ? "; <span class='bad'>TIMED OUT</span>" : "")
      << "</div>\n";
    h << "<h2>Overall</h2>\n<table class='figs'><tr><th>incidents</th><th>closed</th><th>launched &le; "
      << v(r["limits"]["launch_min"]) << " min</th><th>arrived within limit</th><th>mean arrival</th><th>max arrival</th>"
      << "<th>released within limit</th><th>mean trapped</th><th>max trapped</th>"
      << "<th>L2 escalations</th><th>L3 escalations</th><th>110/119 transfers</th><th>handovers</th></tr>\n<tr><td>"
      << v(o["incidents"]) << "</td><td>" << v(o["closed"]) << "</td><td>" << v(o["launched_within_limit_pct"])
      << " %</td><td>" << v(o["arrived_within_limit_pct"]) << " %</td><td>" << fmt_min(o["arrival_mean_min"])
      << "</td><td>" << fmt_min(o["arrival_max_min"]) << "</td><td>" << v(o["trapped_within_limit_pct"])
      << " %</td><td>" << fmt_min(o["trapped_mean_min"]) << "</td><td>" << fmt_min(o["trapped_max_min"])
      << "</td><td>" << v(o["escalations_l2"]) << "</td><td>"
      << v(o["escalations_l3"]) << "</td><td>" << v(o["transfers"]) << "</td><td>" << v(o["handovers"])
      << "</td></tr></table>\n";
    h << "<h2>Arrival and trapped times</h2>\n<div class='sub'>Upper bar: alarm to the first crew on site (green "
         "within the limit, red beyond); lower, lighter bar: alarm to the passengers' release, the trapped time "
         "(green within " << v(r["limits"]["trapped_urban_min"]) << " min urban, " << v(r["limits"]["trapped_rural_min"])
      << " min rural, red beyond or not released); dashed lines: each bar's limit (arrival 30 min urban, 60 min "
         "rural); orange markers: escalations (L2, L3) at the minute the center raised the level.</div>\n"
      << arrival_chart(r["incidents"]);
    h << "<h2>Scripted expectations</h2>\n";
    if (r["expectations"].empty()) h << "<div class='sub'>The scenario scripts no expectations.</div>\n";
    else {
        h << "<table><tr><th>line</th><th>elevator</th><th>step</th><th>match</th><th>expected</th><th>happened</th>"
             "<th>deviation</th><th>result</th></tr>\n";
        for (const auto& x : r["expectations"]) {
            const bool ok = x["ok"].get<bool>();
            h << "<tr><td>" << v(x["line"]) << "</td><td>" << esc(x["elevator"]) << "</td><td>" << esc(x["step"])
              << "</td><td>" << esc(x["match"]) << "</td><td>" << esc(x["expected"]) << "</td><td>" << esc(x["actual"])
              << "</td><td>" << (x.contains("deviation_s") ? num(x["deviation_s"].get<double>()) + " s" : "-")
              << " (&plusmn;" << v(x["tolerance_s"]) << " s)</td><td class='" << (ok ? "okc'>met" : "bad'>NOT MET")
              << "</td></tr>\n";
        }
        h << "</table>\n";
    }
    h << "<h2>Incidents</h2>\n<table><tr><th>#</th><th>elevator</th><th>source</th><th>level</th><th>alarm</th>"
         "<th>launched</th><th>acknowledged</th><th>arrived</th><th>released (trapped)</th><th>closed</th><th>escalations</th>"
         "<th>handover</th></tr>\n";
    for (const auto& i : r["incidents"]) {
        auto lim = [&](const json& val, const json& ok) {
            if (val.is_null()) return std::string("<td class='bad'>-</td>");
            return std::string("<td class='") + (ok.is_boolean() && ok.get<bool>() ? "okc" : "bad") + "'>" +
                   fmt_min(val) + "</td>";
        };
        std::string esc_list;
        for (const auto& e : i["escalations"])
            esc_list += (esc_list.empty() ? "" : "<br>") + esc(e["details"].get<std::string>()) + " (+" +
                        fmt_min(e["after_alarm_min"]) + ")";
        h << "<tr><td>" << v(i["id"]) << "</td><td>" << esc(i["elevator"]) << "</td><td>" << esc(i["source"])
          << "</td><td>" << esc(i["level"]) << "</td><td>" << esc(i["alarm_at"]) << "</td>"
          << lim(i["launch_min"], i["launch_within_limit"]) << "<td>" << fmt_min(i["acknowledged_min"]) << "</td>"
          << lim(i["arrival_min"], i["arrival_within_limit"]) << lim(i["trapped_min"], i["trapped_within_limit"])
          << "<td>" << fmt_min(i["closed_min"]) << "</td><td>" << (esc_list.empty() ? "-" : esc_list) << "</td><td>"
          << (i["handed_over"].get<bool>() ? "yes" : "-") << "</td></tr>\n";
    }
    h << "</table>\n<div class='sub'>Times in minutes after the alarm (city time).</div>\n";
    h << "<h2>Timelines</h2>\n";
    for (const auto& i : r["incidents"]) {
        h << "<details><summary>Incident " << v(i["id"]) << ", elevator " << esc(i["elevator"]) << " ("
          << esc(i["source"]) << ", " << i["timeline"].size() << " entries)</summary>\n<table><tr><th>city time</th>"
          << "<th>step</th><th>actor</th><th>details</th></tr>\n";
        for (const auto& e : i["timeline"])
            h << "<tr><td>" << esc(text(e, "at")) << "</td><td>"
              << esc(std::string(domain::step_label(text(e, "step")))) << "</td><td>" << esc(text(e, "actor"))
              << "</td><td>" << esc(text(e, "details")) << "</td></tr>\n";
        h << "</table></details>\n";
    }
    h << "</body></html>\n";
    return h.str();
}

}  // namespace lw::sim

#include "lw/center/report.hpp"

#include <cstdio>

#include "lw/domain/rescue.hpp"

namespace lw::center {

rescue_figures derive_figures(const std::vector<timeline_row>& rows) {
    std::optional<timestamp> alarm, dispatched, acked, arrived, released;
    for (const auto& r : rows) {
        if (r.step == "alarm_received" && !alarm) alarm = r.at;
        else if (r.step == "dispatched" && !dispatched) dispatched = r.at;
        else if (r.step == "acknowledged" && !acked) acked = r.at;
        else if (r.step == "arrived" && !arrived) arrived = r.at;
        else if (r.step == "released" && !released) released = r.at;
    }
    rescue_figures f;
    if (dispatched && acked) f.response = *acked - *dispatched;
    if (alarm && arrived) f.arrival = *arrived - *alarm;
    if (arrived && released) f.on_site = *released - *arrived;
    if (alarm && released) f.trapped = *released - *alarm;
    return f;
}

std::string format_timeline(const incident_row& inc, const std::vector<timeline_row>& rows,
                            const std::optional<elevator_record>& elevator) {
    std::string out = "Incident " + std::to_string(inc.id) + " - elevator " + inc.elevator_id;
    if (elevator) out += " (" + elevator->address + ", rescue code " + elevator->rescue_code + ")";
    out += "\n  source " + inc.source + ", level L" + std::to_string(inc.level) + ", " + inc.phase;
    if (!inc.cause.empty()) out += ", cause " + inc.cause;
    if (inc.false_alarm) out += ", false alarm";
    out += "\n";
    const timestamp start = rows.empty() ? inc.opened : rows.front().at;
    for (const auto& r : rows) {
        char line[128];
        std::snprintf(line, sizeof line, "  %s  +%-14s %-22s ", format_utc(r.at).c_str(),
                      format_duration(r.at - start).c_str(), std::string(domain::step_label(r.step)).c_str());
        out += line + r.actor + (r.details.empty() ? "" : " - " + r.details) + "\n";
    }
    const auto f = derive_figures(rows);
    auto show = [](const std::optional<duration>& d) { return d ? format_duration(*d) : std::string("-"); };
    out += "  response (dispatch->ack) " + show(f.response) + ", arrival (alarm->on site) " + show(f.arrival) +
           ", on site (arrived->released) " + show(f.on_site) + ", trapped (alarm->released) " + show(f.trapped) +
           "\n";
    return out;
}

std::string format_incident_list(const std::vector<incident_row>& rows) {
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "%-6s %-16s %-16s %-10s %-3s %-23s %s\n", "id", "elevator", "source", "phase",
                  "lvl", "opened", "cause");
    out += line;
    for (const auto& r : rows) {
        std::snprintf(line, sizeof line, "%-6lld %-16s %-16s %-10s L%-2d %-23s %s\n", static_cast<long long>(r.id),
                      r.elevator_id.c_str(), r.source.c_str(), r.phase.c_str(), r.level, format_utc(r.opened).c_str(),
                      r.false_alarm ? "false alarm" : r.cause.c_str());
        out += line;
    }
    if (rows.empty()) out += "(no incidents)\n";
    return out;
}

}  // namespace lw::center

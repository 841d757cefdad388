// /api/elevators: the ones worth a look, one elevator's dossier with its live state, and the
// commands to its board (send one; the command log with the board's answers).
#include "convert.hpp"
#include "lw/center/api/router.hpp"

namespace lw::center::api {
namespace {

constexpr std::size_t list_limit = 5000;     // a district blackout: the first 5000, by registry order
constexpr std::size_t history_rows = 50;     // dossier: newest incidents and faults
constexpr std::size_t command_rows = 100;    // command log: newest commands

// ?watch=1: only what the center's watches flag (status overdue: stale; test alarms missing).
response list(const request& r, const path_params&, read_context& c) {
    const bool watch_only = form_value(r.query, "watch") == "1";
    std::vector<elevator_state> out;
    const auto n = std::min(c.reg->elevator_count(), c.live.elevators());
    for (std::uint32_t i = 0; i < n && out.size() < list_limit; ++i) {
        const auto v = c.live.elevator(i);
        if (watch_only ? !v.status_overdue && !v.test_alarm_overdue
                       : v.faults == 0 && v.state == node_state::online && !v.status_overdue && !v.test_alarm_overdue)
            continue;
        out.push_back({c.reg->elevator_at(i).id, std::string(state_text(v)), fault_names(v.faults),
                       v.test_alarm_overdue});
    }
    return json_reply(to_json(out));
}

response dossier(const request&, const path_params& p, read_context& c) {
    const auto& id = p[0];
    const auto index = c.reg->elevator_index(id);
    if (!index) return error(404, "unknown elevator '" + id + "'");
    const auto& x = c.reg->elevator_at(*index);
    elevator_dossier d;
    d.id = x.id;
    d.rescue_code = x.rescue_code;
    d.address = x.address;
    d.district = x.district;
    d.grid = x.grid;
    d.lat = x.position.lat_deg;
    d.lon = x.position.lon_deg;
    d.company = x.company_id;
    d.using_unit = x.using_unit_id;
    d.type = x.type;
    d.floors = x.floors;
    d.year = x.year;
    d.inspection_due = x.inspection_due;
    d.maintenance_due = x.maintenance_due;
    if (*index < c.live.elevators()) {
        const auto v = c.live.elevator(*index);
        d.live = live_summary{std::string(state_text(v)), is_stale(v), v.status_overdue, v.test_alarm_overdue,
                              fault_names(v.faults), v.floor, v.floor_known, v.moving,
                              std::string(to_string(v.door)), v.occupied};
    }
    for (const auto& row : c.db.incidents_of_elevator(id, history_rows)) d.incidents.push_back(summary_of(row));
    for (const auto& f : c.db.faults(id, history_rows))
        d.faults.push_back({format_utc(f.at), f.code_name, f.raised, f.historical});
    for (const auto& t : c.db.test_alarms(id, history_rows))
        d.test_alarms.push_back({format_utc(t.at), format_utc(t.received), t.historical});
    return json_reply(to_json(d));
}

std::variant<input, response> command_input(const request& r, const path_params& p, const registry&) {
    const auto req = command_request_from_form(r.body);
    if (!req) return error(400, req.error);
    // The kind and the elevator are checked (and refusals counted) by the core.
    return input{command_request_input{p[0], req->kind, req->thresholds, req->operator_name}};
}

response command_result(const input& in, const outcome& o) {
    if (!o.ok()) return error(status_of(o), o.error);
    const auto& c = std::get<command_request_input>(in);
    return json_reply(to_json(command_reply{o.command_id.value_or(0), c.elevator_id, c.kind}));
}

response command_log(const request&, const path_params& p, read_context& c) {
    const auto& id = p[0];
    if (!c.reg->elevator_index(id)) return error(404, "unknown elevator '" + id + "'");
    std::vector<command_record> out;
    for (const auto& row : c.db.commands(id, command_rows)) {
        command_record x;
        x.id = row.id;
        x.kind = row.kind;
        x.issued_by = row.issued_by;
        x.parameters = row.parameters;
        x.incident = row.incident;
        x.sent = format_utc(row.sent);
        if (row.answered) {
            x.result = row.ok ? "done" : "refused";
            x.answered = format_utc(*row.answered);
            x.reason = row.reason;
        }
        out.push_back(std::move(x));
    }
    return json_reply(to_json(out));
}

}  // namespace

void add_elevator_routes(router& r) {
    r.add({"GET", "/api/elevators", read_handler{list}});
    r.add({"GET", "/api/elevators/{id}", read_handler{dossier}});
    r.add({"POST", "/api/elevators/{id}/commands", write_handler{command_input, command_result}});
    r.add({"GET", "/api/elevators/{id}/commands", read_handler{command_log}});
}

}  // namespace lw::center::api

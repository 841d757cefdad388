// /api/elevators: the ones worth a look, and one elevator's dossier with its live state.
#include "convert.hpp"
#include "lw/center/api/router.hpp"

namespace lw::center::api {
namespace {

constexpr std::size_t list_limit = 5000;     // a district blackout: the first 5000, by registry order
constexpr std::size_t history_rows = 50;     // dossier: newest incidents and faults

response list(const request&, const path_params&, read_context& c) {
    std::vector<elevator_state> out;
    const auto n = std::min(c.reg->elevator_count(), c.live.elevators());
    for (std::uint32_t i = 0; i < n && out.size() < list_limit; ++i) {
        const auto v = c.live.elevator(i);
        if (v.faults == 0 && v.state == node_state::online && !v.status_overdue && !v.test_alarm_overdue) continue;
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

}  // namespace

void add_elevator_routes(router& r) {
    r.add({"GET", "/api/elevators", read_handler{list}});
    r.add({"GET", "/api/elevators/{id}", read_handler{dossier}});
}

}  // namespace lw::center::api

// POST /api/crews/{id}: an operator's edit of a crew (home position, on or off duty).
#include "lw/center/api/router.hpp"
#include "lw/center/api/types.hpp"

namespace lw::center::api {
namespace {

std::variant<input, response> crew_input(const request& r, const path_params& p, const registry&) {
    const auto req = crew_edit_request_from_form(r.body);
    if (!req) return error(400, req.error);
    crew_edit_input in;
    in.crew_id = p[0];
    in.home = req->home;
    if (!req->status.empty()) {
        in.status = domain::parse<crew_status>(req->status);
        if (!in.status || (*in.status != crew_status::available && *in.status != crew_status::off_duty))
            return error(400, "status must be available or off_duty");
    }
    return input{std::move(in)};
}

response crew_result(const input&, const outcome& o) {
    if (!o.ok()) return error(status_of(o), o.error);
    if (!o.crew_after) return error(500, "crew edit without a result");
    const auto& c = *o.crew_after;
    return json_reply(to_json(crew_reply{c.id, std::string(to_string(c.status)), c.position.lat_deg, c.position.lon_deg}));
}

}  // namespace

void add_crew_routes(router& r) { r.add({"POST", "/api/crews/{id}", write_handler{crew_input, crew_result}}); }

}  // namespace lw::center::api

// The companies' API: GET /api/companies/{id}/dispatches, the orders sent to its crews.
#include "lw/center/api/router.hpp"
#include "lw/center/api/types.hpp"
#include "lw/center/store_view.hpp"

namespace lw::center::api {
namespace {

constexpr std::size_t incidents_looked_at = 200;   // the newest incidents

response dispatches(const request&, const path_params& p, read_context& c) {
    const auto& company = p[0];
    if (!c.reg->company(company)) return error(404, "unknown company '" + company + "'");
    std::vector<company_dispatch> out;
    for (const auto& row : c.db.incidents(incidents_looked_at, false))
        for (const auto& d : c.db.dispatches(row.id))
            if (d.company_id == company) out.push_back({row.id, row.elevator_id, d.crew_id, d.attempt, row.phase});
    return json_reply(to_json(out));
}

}  // namespace

void add_company_routes(router& r) { r.add({"GET", "/api/companies/{id}/dispatches", read_handler{dispatches}}); }

}  // namespace lw::center::api

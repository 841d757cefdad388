// /api/incidents: the list, one incident with its rescue timeline, its export, and the
// operator's actions on it.
#include "convert.hpp"
#include "lw/center/api/router.hpp"
#include "lw/center/export.hpp"

namespace lw::center::api {
namespace {

constexpr std::size_t list_limit = 200;   // newest first; older ones through export by date

response list(const request& r, const path_params&, read_context& c) {
    std::vector<incident_summary> out;
    for (const auto& row : c.db.incidents(list_limit, form_value(r.query, "open") == "1"))
        out.push_back(summary_of(row));
    return json_reply(to_json(out));
}

response detail(const request&, const path_params& p, read_context& c) {
    const auto id = positive_id(p[0]);
    if (!id) return error(400, "incident id must be a positive number");
    const auto row = c.db.incident_summary(*id);
    if (!row) return error(404, "no incident " + p[0]);
    incident_detail d;
    d.summary = summary_of(*row);
    for (const auto& t : c.db.timeline(*id)) d.timeline.push_back(record_of(t));
    for (const auto& x : c.db.dispatches(*id)) d.dispatches.push_back({x.crew_id, x.company_id, x.attempt, x.sent});
    return json_reply(to_json(d));
}

response export_one(const request& r, const path_params& p, read_context& c) {
    const auto id = positive_id(p[0]);
    if (!id) return error(400, "incident id must be a positive number");
    const auto fmt_name = form_value(r.query, "format").empty() ? "json" : form_value(r.query, "format");
    const auto fmt = export_format_from_string(fmt_name);
    if (!fmt) return error(400, "format must be json or csv");
    auto x = load_export(c.db, *id);
    if (!x) return error(404, "no incident " + p[0]);
    const std::vector<incident_export> one{std::move(*x)};
    if (*fmt == export_format::csv) return {200, "text/csv; charset=utf-8", center::to_csv(one)};
    return json_reply(center::to_json(one));
}

std::variant<input, response> action_input(const request& r, const path_params& p, const registry&) {
    const auto id = positive_id(p[0]);
    if (!id) return error(400, "incident id must be a positive number");
    const auto action = domain::parse<operator_action>(p[1]);
    if (!action) return error(404, "unknown action '" + p[1] + "'");
    const auto req = action_request_from_form(r.body);
    if (!req) return error(400, req.error);
    operator_action_input in;
    in.incident = *id;
    in.action = *action;
    in.actor = req->operator_name;
    in.notes = req->notes;
    if (*action == operator_action::cause) {
        in.cause = domain::parse<cause_category>(req->cause);
        if (!in.cause) return error(400, "cause must be one of " + domain::names_list<cause_category>());
    }
    return input{std::move(in)};
}

response action_reply(const input&, const outcome& o) {
    if (!o.ok()) return error(status_of(o), o.error);
    return json_reply(ok_json());
}

}  // namespace

void add_incident_routes(router& r) {
    r.add({"GET", "/api/incidents", read_handler{list}});
    r.add({"GET", "/api/incidents/{id}", read_handler{detail}});
    r.add({"GET", "/api/incidents/{id}/export", read_handler{export_one}});
    r.add({"POST", "/api/incidents/{id}/{action}", write_handler{action_input, action_reply}});
    r.add({"GET", "/api/verify", read_handler{[](const request&, const path_params&, read_context& c) {
               const auto v = c.db.verify();
               return json_reply(to_json(verify_reply{v.ok, v.rows_checked, v.problems, v.head_id, v.head_hash}));
           }}});
}

}  // namespace lw::center::api

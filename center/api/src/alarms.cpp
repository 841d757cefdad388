// POST /api/alarms: manual alarm intake (96333 hotline, 110/119 transfer, using unit).
#include "lw/center/api/router.hpp"
#include "lw/center/api/types.hpp"

namespace lw::center::api {
namespace {

std::variant<input, response> alarm_input(const request& r, const path_params&, const registry&) {
    const auto req = alarm_request_from_form(r.body);
    if (!req) return error(400, req.error);
    const auto src = domain::parse<alarm_source>(req->source);
    if (!src || !domain::is_manual(*src))
        return error(400, "source must be hotline_96333, transfer_110, transfer_119 or using_unit");
    manual_alarm_input in;
    in.elevator_id = req->elevator;
    in.rescue_code = req->rescue_code;
    in.source = *src;
    in.caller = req->caller;
    in.notes = req->notes;
    return input{std::move(in)};
}

response alarm_result(const input&, const outcome& o) {
    if (!o.ok()) return error(status_of(o), o.error);
    return json_reply(to_json(alarm_reply{o.incident, o.joined}));
}

}  // namespace

void add_alarm_routes(router& r) { r.add({"POST", "/api/alarms", write_handler{alarm_input, alarm_result}}); }

}  // namespace lw::center::api

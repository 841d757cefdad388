// GET /api/stats?from=YYYY-MM-DD&to=YYYY-MM-DD: supervision figures (docs/supervision.md).
#include "lw/center/api/router.hpp"
#include "lw/center/api/types.hpp"
#include "lw/center/supervision_report.hpp"

namespace lw::center::api {
namespace {

response stats(const request& r, const path_params&, read_context& c) {
    timestamp from, to;
    if (auto e = stats_period(form_value(r.query, "from"), form_value(r.query, "to"), c.now, from, to); !e.empty())
        return error(400, e);
    // The registry snapshot, by pointer (it lives as long as `c.reg`).
    std::vector<const elevator_record*> els;
    els.reserve(c.reg->elevator_count());
    for (std::uint32_t i = 0; i < c.reg->elevator_count(); ++i) els.push_back(&c.reg->elevator_at(i));
    std::vector<company_record> cos;
    for (const auto* co : c.reg->companies()) cos.push_back(*co);
    const auto f = load_supervision(c.db, from, to, c.now, c.limits, std::move(els), cos, c.test_alarm_limit);
    return json_reply(supervision_json(f, c.limits));
}

}  // namespace

void add_stats_routes(router& r) { r.add({"GET", "/api/stats", read_handler{stats}}); }

}  // namespace lw::center::api

#include "convert.hpp"

#include <charconv>

#include "lw/domain/rescue.hpp"

namespace lw::center::api {

incident_summary summary_of(const incident_row& r) {
    incident_summary s;
    s.id = r.id;
    s.elevator_id = r.elevator_id;
    s.source = r.source;
    s.phase = r.phase;
    s.level = r.level;
    s.opened_ms = to_ms(r.opened);
    s.opened = format_utc(r.opened);
    if (r.closed) s.closed = format_utc(*r.closed);
    s.cause = r.cause;
    s.false_alarm = r.false_alarm;
    return s;
}

timeline_record record_of(const timeline_row& r) {
    return timeline_record{r.id,    to_ms(r.at), format_utc(r.at), r.step, std::string(domain::step_label(r.step)),
                           r.actor, r.details};
}

std::optional<std::int64_t> positive_id(const std::string& s) {
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

}  // namespace lw::center::api

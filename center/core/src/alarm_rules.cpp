#include "lw/center/alarm_rules.hpp"

#include <vector>

namespace lw::center {

namespace {

alarm_decision decision_for(decision_kind kind, alarm_source alarm, const node_event& event) {
    alarm_decision d;
    d.kind = kind;
    d.alarm = alarm;
    d.code = event.code;
    d.historical = event.historical;
    d.occurred_at = event.event_time;
    d.details = domain::fault_label(event.code);
    return d;
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) out += "; ";
        out += p;
    }
    return out;
}

// What in a recent status disagrees with "stopped, doors closed, someone inside".
std::vector<std::string> entrapment_disagreements(const car_status& s) {
    std::vector<std::string> out;
    if (s.moving) out.emplace_back("status shows the car moving");
    if (s.door != door_state::closed && s.door != door_state::locked)
        out.push_back("status shows doors " + std::string{to_string(s.door)});
    if (!s.occupied) out.emplace_back("status shows nobody inside");
    // The board masks faults in these modes (DESIGN §1): an entrapment then is suspect.
    if (s.mode == service_mode::inspection || s.mode == service_mode::out_of_service)
        out.push_back("service mode " + std::string{to_string(s.mode)});
    return out;
}

}  // namespace

bool alarm_rules::status_recent_(const elevator_live& live, timestamp now) const {
    if (!live.status_received_at) return false;
    // A status from before the death describes a node we no longer hear (Sparkplug "stale").
    if (live.stale() && *live.status_received_at <= live.state_since) return false;
    return now - *live.status_received_at <= config_.status_recent_within;
}

std::optional<alarm_decision> alarm_rules::on_event(const elevator_live& live, const node_event& event,
                                                    timestamp now) const {
    if (!event.raised) {
        if (is_entrapment(event.code)) return decision_for(decision_kind::entrapment_cleared, alarm_source::iot_auto, event);
        return std::nullopt;
    }

    if (event.code == fault_code::test_alarm)
        return decision_for(decision_kind::ack_test_alarm, alarm_source::iot_auto, event);

    if (is_entrapment(event.code)) {
        auto d = decision_for(decision_kind::raise_alarm, alarm_source::iot_auto, event);
        if (event.historical && !live.is_active(event.code)) {
            d.kind = decision_kind::no_alarm;
            d.reason = "historical entrapment already cleared by the node";
            return d;
        }
        if (!status_recent_(live, now)) {
            d.confirm = confirmation::confirmed_no_recent_status;
            if (!live.status_received_at)
                d.reason = "no status received";
            else if (live.stale() && *live.status_received_at <= live.state_since)
                d.reason = "node offline: last status is stale";
            else
                d.reason = "last status " + format_duration(now - *live.status_received_at) + " old";
            return d;
        }
        const auto disagreements = entrapment_disagreements(live.status);
        if (disagreements.empty()) {
            d.confirm = confirmation::confirmed_by_status;
        } else {
            d.confirm = confirmation::unconfirmed;
            d.reason = join(disagreements);
        }
        return d;
    }

    if (event.code == fault_code::passenger_alarm) {
        auto d = decision_for(decision_kind::raise_alarm, alarm_source::passenger_button, event);
        if (event.historical && !live.is_active(event.code)) {
            d.kind = decision_kind::no_alarm;
            d.reason = "historical passenger alarm already cleared by the node";
        } else if (!status_recent_(live, now)) {
            // Cannot tell that the car is moving: raise rather than ignore a passenger.
            d.reason = "no recent status: car assumed stopped";
        } else if (live.status.moving) {
            d.kind = decision_kind::no_alarm;
            d.reason = "passenger alarm while the car is moving";
        }
        return d;
    }

    return std::nullopt;
}

std::optional<alarm_decision> alarm_rules::on_silence_check(const elevator_live& live, timestamp now) const {
    if (live.active_faults == 0) return std::nullopt;
    const duration silent_for = now - live.last_seen;
    if (silent_for < config_.silence_limit) return std::nullopt;
    alarm_decision d;
    d.kind = decision_kind::raise_alarm;
    d.alarm = alarm_source::node_silent;
    d.code = fault_code::unknown;
    d.occurred_at = live.last_seen;
    d.reason = "silent for " + format_duration(silent_for) + (live.stale() ? " (node offline)" : "");
    d.details = "active: " + fault_names(live.active_faults);
    return d;
}

std::string_view to_string(decision_kind k) {
    switch (k) {
        case decision_kind::raise_alarm: return "raise_alarm";
        case decision_kind::ack_test_alarm: return "ack_test_alarm";
        case decision_kind::entrapment_cleared: return "entrapment_cleared";
        case decision_kind::no_alarm: return "no_alarm";
    }
    return "unknown";
}

std::string_view to_string(confirmation c) {
    switch (c) {
        case confirmation::not_applicable: return "not_applicable";
        case confirmation::confirmed_by_status: return "confirmed_by_status";
        case confirmation::confirmed_no_recent_status: return "confirmed_no_recent_status";
        case confirmation::unconfirmed: return "unconfirmed";
    }
    return "unknown";
}

}  // namespace lw::center

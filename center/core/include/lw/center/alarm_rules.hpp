#pragma once
// When the center raises an alarm from what a node reports (DESIGN §1, §2): entrapment from the
// node; a passenger alarm with the car stopped; a node that goes silent while a fault is active;
// EN 81-28 test alarms are recorded, never raised. Pure: live state + input + `now` in, a decision
// out. The center feeds the decision to the incident engine; this file does not know it.
//
// Contract:
//  - Call on_event() only for events live_state_table::on_event() accepted, right after it, with
//    the elevator's live state as it is after the event (or after a burst of replayed events).
//    Duplicates and old events never reach the rules.
//  - Call on_silence_check() for each id live_state_table::take_newly_silent(now,
//    config().silence_limit) returns; that call reports each silence episode once.
//  - Thread-compatible, const after construction; `now` is the center's clock.
//
// Entrapment confirmation ("the center confirms entrapment"): the board's detector already
// required the car stopped, doors closed and someone inside for 15 s / 90 s, so the center
// checks that its last status agrees. Confirmed at once when a recent status agrees (stopped,
// doors closed or locked, occupied, not in inspection / out of service) or when there is no
// recent status (none, older than status_recent_within, or the node is offline): the node is the
// only witness and a trapped passenger must not wait. When the status disagrees (car moving,
// doors open or opening, nobody inside, ...) the alarm is STILL raised, flagged `unconfirmed`
// with the reasons, so the operator checks by voice. An entrapment alarm is never dropped.
//
// Historical events (replayed after being offline): an entrapment or passenger alarm that
// happened while offline raises the alarm like a live one — the person may still be inside — and
// the decision says `historical`. It is not raised only when the live state already shows that
// code cleared (the center applied the later clear of the same replay before evaluating); the
// rules then return no_alarm with the reason, for the elevator's history. A clear that arrives
// after the alarm gives entrapment_cleared: the operator verifies; the rescue is not closed by it
// (EN 81-28: end of alarm only when the rescue is done).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lw/center/live_state.hpp"
#include "lw/domain/rescue.hpp"
#include "lw/time.hpp"

namespace lw::center {

using domain::alarm_source;

enum class decision_kind : std::uint8_t {
    raise_alarm,         // open (or join) an incident with source `alarm`
    ack_test_alarm,      // EN 81-28 test alarm arrived: record it and acknowledge; no incident
    entrapment_cleared,  // the node no longer sees an entrapment: attach to the open incident
    no_alarm,            // a would-be alarm deliberately not raised: log `reason`
};

enum class confirmation : std::uint8_t {
    not_applicable,             // not an entrapment alarm
    confirmed_by_status,        // a recent status agrees
    confirmed_no_recent_status, // nothing to contradict the node
    unconfirmed,                // raised anyway; `reason` says what contradicts it
};

struct alarm_decision {
    decision_kind kind = decision_kind::raise_alarm;
    alarm_source alarm = alarm_source::iot_auto;  // raise_alarm / no_alarm: which rule (iot_auto,
                                                // passenger_button or node_silent)
    fault_code code = fault_code::unknown;          // triggering code; node_silent: unknown
    bool historical = false;
    timestamp occurred_at{};  // board time of the event; node_silent: when it was last heard
    confirmation confirm = confirmation::not_applicable;
    std::string reason;       // why unconfirmed / why no alarm / which status was missing
    std::string details;      // fault code name(s), e.g. "entrapment_between_floors"
};

struct alarm_rules_config {
    // No message for this long with a fault active -> node_silent. Status comes at least every
    // 30 s (DESIGN §4 load model), so 90 s is three missed periods, not one lost QoS 0 packet.
    duration silence_limit = std::chrono::seconds{90};
    // A status older than this does not confirm or contradict anything: two status periods.
    duration status_recent_within = std::chrono::seconds{60};
};

class alarm_rules {
public:
    explicit alarm_rules(alarm_rules_config config = {}) : config_(config) {}

    const alarm_rules_config& config() const { return config_; }

    // nullopt: the event is not the rules' business (ordinary faults, passenger alarm released,
    // test alarm cleared).
    std::optional<alarm_decision> on_event(const elevator_live& live, const node_event& event, timestamp now) const;

    // node_silent when now - last_seen >= silence_limit (exactly at the limit, not before) and a
    // fault is active; nullopt otherwise.
    std::optional<alarm_decision> on_silence_check(const elevator_live& live, timestamp now) const;

private:
    bool status_recent_(const elevator_live& live, timestamp now) const;

    alarm_rules_config config_;
};

std::string_view to_string(decision_kind k);
std::string_view to_string(confirmation c);

}  // namespace lw::center

#pragma once
// The rescue's words (DESIGN §1: three-level response, the rescue timeline): shared by the
// center, its store and console, the operator CLI and the simulator's crews and reports.
// Wire-carried enums (crew_report_kind, response_level) keep the liftwatch.v1 numbering.
#include <cstdint>

#include "lw/domain/names.hpp"

namespace lw::domain {

// Where an alarm came from.
enum class alarm_source : std::uint8_t {
    iot_auto,          // the board detected entrapment
    passenger_button,  // passenger alarm with the car stopped
    node_silent,       // node went silent while a fault was active
    hotline_96333,     // a call to the 96333 hotline
    transfer_110,      // transferred by the police (110)
    transfer_119,      // transferred by the fire service (119)
    using_unit,        // the using unit called it in
};

// Raised by a person (operator intake), not by a board or the center's own rules.
constexpr bool is_manual(alarm_source s) {
    return s == alarm_source::hotline_96333 || s == alarm_source::transfer_110 || s == alarm_source::transfer_119 ||
           s == alarm_source::using_unit;
}

enum class response_level : std::uint8_t {
    l1 = 1,  // the elevator's maintenance company's crew
    l2 = 2,  // the nearest professional rescue team
    l3 = 3,  // 119 fire rescue and the expert team
};

enum class incident_phase : std::uint8_t {
    alarm,        // received, no crew has acknowledged yet
    responding,   // a crew acknowledged / is en route
    on_site,      // a crew arrived
    released,     // passengers out; awaiting call-back / handover / cause / close
    closed,
};

// Cause categories (Jinan's leading causes: external 34 %, human 29 %, door system 15 %).
enum class cause_category : std::uint8_t { external, human, door_system, control_system, drive, power, other };

enum class crew_kind : std::uint8_t {
    maintenance,      // a maintenance company's crew (L1)
    rescue_team,      // professional rescue team at an emergency workstation (L2)
    expert,           // expert team (joins at L3)
    fire,             // 119 fire rescue (L3)
};

enum class crew_status : std::uint8_t {
    available,
    dispatched,       // order sent, not yet acknowledged
    busy,             // acknowledged / en route / on site
    off_duty,
};

// What a crew reports about an order (the wire's CrewReportKind, same numbering); `position`
// is a position update with no incident.
enum class crew_report_kind : std::uint8_t {
    acknowledged = 1,
    en_route = 2,
    arrived = 3,
    cannot_handle = 4,
    released = 5,
    declined = 6,
    position = 7,
};

// Who the center informs of an incident besides the crews.
enum class party : std::uint8_t {
    maintenance_company,  // the elevator's maintenance company (office, not the crew)
    workstation,          // nearest emergency workstation: sends someone to assist and supervise
    using_unit,           // the using unit's person in charge of the elevator
    fire_119,
    expert_team,
};

// What can be written in a rescue timeline.
enum class timeline_step : std::uint8_t {
    alarm_received,
    alarm_joined,        // a repeat alarm joined the open incident
    comfort_ordered,     // voice comfort ordered on the node
    dispatched,
    // Old names, kept so that old databases still read and their hash chains still verify; never
    // written any more. `notified` claimed a delivery that never happened (no build had a
    // notification gateway: it was only a request, now notify_requested + notify_undelivered);
    // `renotified` was the re-sent crew order, now dispatch_resent.
    notified,
    renotified,
    acknowledged,
    en_route,
    arrived,
    cannot_handle,
    escalated,
    no_crew_available,
    released,
    callback,            // call-back to the released passengers
    handed_over,         // to the elevator's maintenance company after another team rescued
    cause_recorded,
    closed,
    closed_false_alarm,
    declined,            // a crew declined the order
    stood_down,          // a crew was released from the incident (superseded, released, false alarm)
    comfort_played,      // the board played the comfort message to its end in the car
    comfort_failed,      // the board could not play it (details: why)
    notify_requested,    // the center decided to inform a party (details: who, and the message)
    notify_undelivered,  // that request was not delivered (details: who, and why)
    dispatch_resent,     // the dispatch order published again to a crew that has not answered
};

// One crew's part in an incident, in the order the crew moves through it (the center compares
// these values: the order matters; stores persist the name).
enum class assignment_status : std::uint8_t {
    dispatched,
    acknowledged,
    en_route,
    arrived,
    released,       // this crew released the passengers
    cannot_handle,
    declined,
    stood_down,
};

// What an operator records on an open incident (the console's buttons, `lw-center act`).
enum class operator_action : std::uint8_t {
    callback,      // called the released passengers back
    handover,      // handed over to the elevator's maintenance company
    cause,         // recorded the cause (with a cause_category)
    close,
    false_alarm,   // closed as a false alarm (before release)
};

template <>
struct enum_table<alarm_source> {
    static constexpr std::array<std::pair<alarm_source, std::string_view>, 7> entries{{
        {alarm_source::iot_auto, "iot_auto"},
        {alarm_source::passenger_button, "passenger_button"},
        {alarm_source::node_silent, "node_silent"},
        {alarm_source::hotline_96333, "hotline_96333"},
        {alarm_source::transfer_110, "transfer_110"},
        {alarm_source::transfer_119, "transfer_119"},
        {alarm_source::using_unit, "using_unit"},
    }};
};

template <>
struct enum_table<response_level> {
    static constexpr std::array<std::pair<response_level, std::string_view>, 3> entries{{
        {response_level::l1, "L1"},
        {response_level::l2, "L2"},
        {response_level::l3, "L3"},
    }};
};

template <>
struct enum_table<incident_phase> {
    static constexpr std::array<std::pair<incident_phase, std::string_view>, 5> entries{{
        {incident_phase::alarm, "alarm"},
        {incident_phase::responding, "responding"},
        {incident_phase::on_site, "on_site"},
        {incident_phase::released, "released"},
        {incident_phase::closed, "closed"},
    }};
};

template <>
struct enum_table<cause_category> {
    static constexpr std::array<std::pair<cause_category, std::string_view>, 7> entries{{
        {cause_category::external, "external"},
        {cause_category::human, "human"},
        {cause_category::door_system, "door_system"},
        {cause_category::control_system, "control_system"},
        {cause_category::drive, "drive"},
        {cause_category::power, "power"},
        {cause_category::other, "other"},
    }};
};

template <>
struct enum_table<crew_kind> {
    static constexpr std::array<std::pair<crew_kind, std::string_view>, 4> entries{{
        {crew_kind::maintenance, "maintenance"},
        {crew_kind::rescue_team, "rescue_team"},
        {crew_kind::expert, "expert"},
        {crew_kind::fire, "fire"},
    }};
};

template <>
struct enum_table<crew_status> {
    static constexpr std::array<std::pair<crew_status, std::string_view>, 4> entries{{
        {crew_status::available, "available"},
        {crew_status::dispatched, "dispatched"},
        {crew_status::busy, "busy"},
        {crew_status::off_duty, "off_duty"},
    }};
};

template <>
struct enum_table<crew_report_kind> {
    static constexpr std::array<std::pair<crew_report_kind, std::string_view>, 7> entries{{
        {crew_report_kind::acknowledged, "acknowledged"},
        {crew_report_kind::en_route, "en_route"},
        {crew_report_kind::arrived, "arrived"},
        {crew_report_kind::cannot_handle, "cannot_handle"},
        {crew_report_kind::released, "released"},
        {crew_report_kind::declined, "declined"},
        {crew_report_kind::position, "position"},
    }};
};

template <>
struct enum_table<party> {
    static constexpr std::array<std::pair<party, std::string_view>, 5> entries{{
        {party::maintenance_company, "maintenance_company"},
        {party::workstation, "workstation"},
        {party::using_unit, "using_unit"},
        {party::fire_119, "fire_119"},
        {party::expert_team, "expert_team"},
    }};
};

template <>
struct enum_table<timeline_step> {
    static constexpr std::array<std::pair<timeline_step, std::string_view>, 25> entries{{
        {timeline_step::alarm_received, "alarm_received"},
        {timeline_step::alarm_joined, "alarm_joined"},
        {timeline_step::comfort_ordered, "comfort_ordered"},
        {timeline_step::dispatched, "dispatched"},
        {timeline_step::notified, "notified"},
        {timeline_step::renotified, "renotified"},
        {timeline_step::acknowledged, "acknowledged"},
        {timeline_step::en_route, "en_route"},
        {timeline_step::arrived, "arrived"},
        {timeline_step::cannot_handle, "cannot_handle"},
        {timeline_step::escalated, "escalated"},
        {timeline_step::no_crew_available, "no_crew_available"},
        {timeline_step::released, "released"},
        {timeline_step::callback, "callback"},
        {timeline_step::handed_over, "handed_over"},
        {timeline_step::cause_recorded, "cause_recorded"},
        {timeline_step::closed, "closed"},
        {timeline_step::closed_false_alarm, "closed_false_alarm"},
        {timeline_step::declined, "declined"},
        {timeline_step::stood_down, "stood_down"},
        {timeline_step::comfort_played, "comfort_played"},
        {timeline_step::comfort_failed, "comfort_failed"},
        {timeline_step::notify_requested, "notify_requested"},
        {timeline_step::notify_undelivered, "notify_undelivered"},
        {timeline_step::dispatch_resent, "dispatch_resent"},
    }};
};

// How a step reads to a person (the console, `lw-center timeline`, the drill report): its name,
// except for the steps about notifications, which say plainly that nothing reached the party.
// The old `notified` reads as what it was: a request that no gateway delivered.
constexpr std::string_view step_label(std::string_view step_name) {
    if (step_name == "notify_requested") return "notification requested";
    if (step_name == "notify_undelivered") return "not delivered";
    if (step_name == "notified") return "requested - not delivered (no gateway; old record)";
    if (step_name == "renotified") return "dispatch_resent (old record)";
    return step_name;
}

template <>
struct enum_table<assignment_status> {
    static constexpr std::array<std::pair<assignment_status, std::string_view>, 8> entries{{
        {assignment_status::dispatched, "dispatched"},
        {assignment_status::acknowledged, "acknowledged"},
        {assignment_status::en_route, "en_route"},
        {assignment_status::arrived, "arrived"},
        {assignment_status::released, "released"},
        {assignment_status::cannot_handle, "cannot_handle"},
        {assignment_status::declined, "declined"},
        {assignment_status::stood_down, "stood_down"},
    }};
};

template <>
struct enum_table<operator_action> {
    static constexpr std::array<std::pair<operator_action, std::string_view>, 5> entries{{
        {operator_action::callback, "callback"},
        {operator_action::handover, "handover"},
        {operator_action::cause, "cause"},
        {operator_action::close, "close"},
        {operator_action::false_alarm, "false_alarm"},
    }};
};

}  // namespace lw::domain

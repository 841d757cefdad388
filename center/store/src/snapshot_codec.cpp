// The incident snapshot (incidents.snapshot): the JSON the engine is restored from after a restart.
// Enums are written by name (to_string); snapshots written before issue 8 hold their numbers,
// which are still read, so an old database recovers.
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <utility>

#include "lw/center/crew_choice.hpp"
#include "lw/center/store.hpp"

namespace lw::center {
namespace {
using json = nlohmann::json;

json opt_ts(const std::optional<timestamp>& t) { return t ? json(to_ms(*t)) : json(nullptr); }
std::optional<timestamp> read_opt_ts(const json& j, const char* k) {
    if (!j.contains(k) || j.at(k).is_null()) return std::nullopt;
    return from_ms(j.at(k).get<std::int64_t>());
}

// The incident's optional times (milestones and deadlines), written and read under these keys.
constexpr std::pair<const char*, std::optional<timestamp> incident::*> optional_times[] = {
    {"acknowledged_at", &incident::acknowledged_at},   {"arrived_at", &incident::arrived_at},
    {"released_at", &incident::released_at},           {"closed_at", &incident::closed_at},
    {"ack_deadline", &incident::ack_deadline},         {"arrival_deadline", &incident::arrival_deadline},
    {"release_deadline", &incident::release_deadline}, {"next_renotify", &incident::next_renotify}};

template <typename E>
json enum_name(E e) {
    return std::string(to_string(e));
}

// A stored enum: its name, or (snapshots written before issue 8) its number. Anything else,
// a name or number this program does not know included, throws: the snapshot does not parse.
// A stored enum: by name (written since issue 8), or by number (older snapshots; the numbers of
// these enums never changed). A value neither way knows is refused, never cast.
template <typename E>
E read_enum(const json& v) {
    if (v.is_string()) {
        if (const auto e = domain::parse<E>(v.get<std::string>())) return *e;
    } else if (v.is_number_integer()) {
        if (const auto e = domain::from_number<E>(v.get<std::int64_t>())) return *e;
    }
    throw std::invalid_argument("not a known value: " + v.dump());
}

template <typename E>
E read_enum(const json& j, const char* key, E absent) {
    return j.contains(key) ? read_enum<E>(j.at(key)) : absent;
}
}  // namespace

std::string incident_to_json(const incident& inc) {
    json j;
    j["id"] = inc.id;
    const auto& e = inc.elevator;
    j["elevator"] = {{"id", e.id},
                     {"company_id", e.company_id},
                     {"using_unit_id", e.using_unit_id},
                     {"lat", e.position.lat_deg},
                     {"lon", e.position.lon_deg},
                     {"machine_room_less", e.machine_room_less},
                     {"urban", e.urban}};
    j["source"] = enum_name(inc.source);
    j["phase"] = enum_name(inc.phase);
    j["level"] = enum_name(inc.level);
    j["opened_at"] = to_ms(inc.opened_at);
    for (const auto& [key, member] : optional_times) j[key] = opt_ts(inc.*member);
    j["crews_dispatched"] = inc.crews_dispatched;
    j["active_crew"] = inc.active_crew;
    j["rescuing_crew"] = inc.rescuing_crew;
    j["cause"] = inc.cause ? enum_name(*inc.cause) : json(nullptr);
    j["false_alarm"] = inc.false_alarm;
    j["renotify_count"] = inc.renotify_count;
    j["callback_done"] = inc.callback_done;
    j["handed_over"] = inc.handed_over;
    j["handover_required"] = inc.handover_required;
    j["assignments"] = json::array();
    for (const auto& a : inc.assignments)
        j["assignments"].push_back({{"crew_id", a.crew_id},
                                    {"company_id", a.company_id},
                                    {"kind", enum_name(a.kind)},
                                    {"level", enum_name(a.level)},
                                    {"status", enum_name(a.status)},
                                    {"dispatched_at", to_ms(a.dispatched_at)},
                                    {"eta_ms", a.eta.count()},
                                    {"arrive_by", to_ms(a.arrive_by)},
                                    {"acknowledged_at", opt_ts(a.acknowledged_at)},
                                    {"arrived_at", opt_ts(a.arrived_at)}});
    return j.dump();
}

std::optional<incident> incident_from_json(const std::string& text) {
    auto j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    try {
        incident inc;
        inc.id = j.at("id").get<incident_id>();
        const auto& e = j.at("elevator");
        inc.elevator.id = e.at("id").get<std::string>();
        inc.elevator.company_id = e.value("company_id", std::string{});
        inc.elevator.using_unit_id = e.value("using_unit_id", std::string{});
        inc.elevator.position = {e.value("lat", 0.0), e.value("lon", 0.0)};
        inc.elevator.machine_room_less = e.value("machine_room_less", false);
        inc.elevator.urban = e.value("urban", true);
        inc.source = read_enum<alarm_source>(j.at("source"));
        inc.phase = read_enum<incident_phase>(j.at("phase"));
        inc.level = read_enum<response_level>(j.at("level"));
        inc.opened_at = from_ms(j.at("opened_at").get<std::int64_t>());
        for (const auto& [key, member] : optional_times) inc.*member = read_opt_ts(j, key);
        inc.crews_dispatched = j.value("crews_dispatched", std::vector<std::string>{});
        inc.active_crew = j.value("active_crew", std::string{});
        inc.rescuing_crew = j.value("rescuing_crew", std::string{});
        if (j.contains("cause") && !j.at("cause").is_null())
            inc.cause = read_enum<cause_category>(j.at("cause"));
        inc.false_alarm = j.value("false_alarm", false);
        inc.renotify_count = j.value("renotify_count", 0);
        inc.callback_done = j.value("callback_done", false);
        inc.handed_over = j.value("handed_over", false);
        inc.handover_required = j.value("handover_required", false);
        for (const auto& a : j.value("assignments", json::array())) {
            crew_assignment x;
            x.crew_id = a.at("crew_id").get<std::string>();
            x.company_id = a.value("company_id", std::string{});
            x.kind = read_enum(a, "kind", crew_kind::maintenance);
            x.level = read_enum(a, "level", response_level::l1);
            x.status = read_enum(a, "status", assignment_status::dispatched);
            x.dispatched_at = from_ms(a.value("dispatched_at", std::int64_t{0}));
            x.eta = duration{a.value("eta_ms", std::int64_t{0})};
            x.arrive_by = from_ms(a.value("arrive_by", std::int64_t{0}));
            x.acknowledged_at = read_opt_ts(a, "acknowledged_at");
            x.arrived_at = read_opt_ts(a, "arrived_at");
            inc.assignments.push_back(std::move(x));
        }
        return inc;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace lw::center

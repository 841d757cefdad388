#include "lw/center/api/types.hpp"

#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

namespace lw::center::api {
using json = nlohmann::json;

// ---- JSON mapping, one function pair per type (nlohmann's to_json/from_json by ADL) ----------

namespace {
template <class T>
void get_opt(const json& j, const char* k, std::optional<T>& out) {
    if (j.contains(k) && !j.at(k).is_null()) out = j.at(k).get<T>();
    else out.reset();
}
json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
json opt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
}  // namespace

void to_json(json& j, const error_reply& x) { j = {{"error", x.error}}; }
void from_json(const json& j, error_reply& x) { x.error = j.at("error").get<std::string>(); }

void to_json(json& j, const incident_summary& x) {
    j = {{"id", x.id},           {"elevator_id", x.elevator_id}, {"source", x.source},
         {"phase", x.phase},     {"level", x.level},             {"opened_ms", x.opened_ms},
         {"opened", x.opened},   {"closed", opt(x.closed)},      {"cause", x.cause},
         {"false_alarm", x.false_alarm}};
}
void from_json(const json& j, incident_summary& x) {
    x.id = j.at("id").get<std::int64_t>();
    x.elevator_id = j.at("elevator_id").get<std::string>();
    x.source = j.at("source").get<std::string>();
    x.phase = j.at("phase").get<std::string>();
    x.level = j.at("level").get<int>();
    x.opened_ms = j.at("opened_ms").get<std::int64_t>();
    x.opened = j.at("opened").get<std::string>();
    get_opt(j, "closed", x.closed);
    x.cause = j.value("cause", std::string{});
    x.false_alarm = j.value("false_alarm", false);
}

void to_json(json& j, const timeline_record& x) {
    j = {{"id", x.id},       {"at_ms", x.at_ms}, {"at", x.at},           {"step", x.step},
         {"label", x.label}, {"actor", x.actor}, {"details", x.details}};
}
void from_json(const json& j, timeline_record& x) {
    x.id = j.at("id").get<std::int64_t>();
    x.at_ms = j.at("at_ms").get<std::int64_t>();
    x.at = j.at("at").get<std::string>();
    x.step = j.at("step").get<std::string>();
    x.label = j.value("label", x.step);
    x.actor = j.at("actor").get<std::string>();
    x.details = j.at("details").get<std::string>();
}

void to_json(json& j, const dispatch_record& x) {
    j = {{"crew", x.crew}, {"company", x.company}, {"attempt", x.attempt}, {"sent", x.sent}};
}
void from_json(const json& j, dispatch_record& x) {
    x.crew = j.at("crew").get<std::string>();
    x.company = j.at("company").get<std::string>();
    x.attempt = j.at("attempt").get<int>();
    x.sent = j.at("sent").get<bool>();
}

// The detail is the summary's fields with the timeline and dispatches beside them.
void to_json(json& j, const incident_detail& x) {
    j = x.summary;
    j["timeline"] = x.timeline;
    j["dispatches"] = x.dispatches;
}
void from_json(const json& j, incident_detail& x) {
    x.summary = j.get<incident_summary>();
    x.timeline = j.at("timeline").get<std::vector<timeline_record>>();
    x.dispatches = j.value("dispatches", std::vector<dispatch_record>{});
}

void to_json(json& j, const alarm_reply& x) { j = {{"incident", opt(x.incident)}, {"joined", x.joined}}; }
void from_json(const json& j, alarm_reply& x) {
    get_opt(j, "incident", x.incident);
    x.joined = j.at("joined").get<bool>();
}

void to_json(json& j, const crew_reply& x) { j = {{"id", x.id}, {"status", x.status}, {"lat", x.lat}, {"lon", x.lon}}; }
void from_json(const json& j, crew_reply& x) {
    x.id = j.at("id").get<std::string>();
    x.status = j.at("status").get<std::string>();
    x.lat = j.at("lat").get<double>();
    x.lon = j.at("lon").get<double>();
}

void to_json(json& j, const registry_reply& x) {
    j = {{"elevators", x.elevators}, {"crews", x.crews}, {"companies", x.companies},
         {"using_units", x.using_units}, {"workstations", x.workstations}};
}
void from_json(const json& j, registry_reply& x) {
    x.elevators = j.at("elevators").get<std::size_t>();
    x.crews = j.at("crews").get<std::size_t>();
    x.companies = j.at("companies").get<std::size_t>();
    x.using_units = j.at("using_units").get<std::size_t>();
    x.workstations = j.at("workstations").get<std::size_t>();
}

void to_json(json& j, const company_dispatch& x) {
    j = {{"incident", x.incident}, {"elevator", x.elevator}, {"crew", x.crew}, {"attempt", x.attempt},
         {"phase", x.phase}};
}
void from_json(const json& j, company_dispatch& x) {
    x.incident = j.at("incident").get<std::int64_t>();
    x.elevator = j.at("elevator").get<std::string>();
    x.crew = j.at("crew").get<std::string>();
    x.attempt = j.at("attempt").get<int>();
    x.phase = j.at("phase").get<std::string>();
}

void to_json(json& j, const live_summary& x) {
    j = {{"state", x.state}, {"stale", x.stale}, {"status_overdue", x.status_overdue},
         {"test_alarm_overdue", x.test_alarm_overdue}, {"active_faults", x.active_faults}, {"floor", x.floor},
         {"floor_known", x.floor_known}, {"moving", x.moving}, {"door", x.door}, {"occupied", x.occupied}};
}
void from_json(const json& j, live_summary& x) {
    x.state = j.at("state").get<std::string>();
    x.stale = j.at("stale").get<bool>();
    x.status_overdue = j.value("status_overdue", false);
    x.test_alarm_overdue = j.value("test_alarm_overdue", false);
    x.active_faults = j.at("active_faults").get<std::string>();
    x.floor = j.at("floor").get<int>();
    x.floor_known = j.value("floor_known", false);
    x.moving = j.at("moving").get<bool>();
    x.door = j.at("door").get<std::string>();
    x.occupied = j.at("occupied").get<bool>();
}

void to_json(json& j, const fault_entry& x) {
    j = {{"at", x.at}, {"code", x.code}, {"raised", x.raised}, {"historical", x.historical}};
}
void from_json(const json& j, fault_entry& x) {
    x.at = j.at("at").get<std::string>();
    x.code = j.at("code").get<std::string>();
    x.raised = j.at("raised").get<bool>();
    x.historical = j.at("historical").get<bool>();
}

void to_json(json& j, const test_alarm_entry& x) {
    j = {{"at", x.at}, {"received", x.received}, {"historical", x.historical}};
}
void from_json(const json& j, test_alarm_entry& x) {
    x.at = j.at("at").get<std::string>();
    x.received = j.at("received").get<std::string>();
    x.historical = j.at("historical").get<bool>();
}

void to_json(json& j, const elevator_dossier& x) {
    j = {{"id", x.id},
         {"rescue_code", x.rescue_code},
         {"address", x.address},
         {"district", x.district},
         {"grid", x.grid},
         {"lat", x.lat},
         {"lon", x.lon},
         {"company", x.company},
         {"using_unit", x.using_unit},
         {"type", x.type},
         {"floors", x.floors},
         {"year", x.year},
         {"inspection_due", x.inspection_due},
         {"maintenance_due", x.maintenance_due},
         {"incidents", x.incidents},
         {"faults", x.faults},
         {"test_alarms", x.test_alarms}};
    if (x.live) j["live"] = *x.live;
}
void from_json(const json& j, elevator_dossier& x) {
    x.id = j.at("id").get<std::string>();
    x.rescue_code = j.at("rescue_code").get<std::string>();
    x.address = j.at("address").get<std::string>();
    x.district = j.at("district").get<std::string>();
    x.grid = j.at("grid").get<std::string>();
    x.lat = j.at("lat").get<double>();
    x.lon = j.at("lon").get<double>();
    x.company = j.at("company").get<std::string>();
    x.using_unit = j.at("using_unit").get<std::string>();
    x.type = j.at("type").get<std::string>();
    x.floors = j.at("floors").get<int>();
    x.year = j.at("year").get<int>();
    x.inspection_due = j.at("inspection_due").get<std::string>();
    x.maintenance_due = j.at("maintenance_due").get<std::string>();
    get_opt(j, "live", x.live);
    x.incidents = j.at("incidents").get<std::vector<incident_summary>>();
    x.faults = j.at("faults").get<std::vector<fault_entry>>();
    if (j.contains("test_alarms")) x.test_alarms = j.at("test_alarms").get<std::vector<test_alarm_entry>>();
}

void to_json(json& j, const elevator_state& x) {
    j = {{"id", x.id}, {"state", x.state}, {"active_faults", x.active_faults},
         {"test_alarm_overdue", x.test_alarm_overdue}};
}
void from_json(const json& j, elevator_state& x) {
    x.id = j.at("id").get<std::string>();
    x.state = j.at("state").get<std::string>();
    x.active_faults = j.at("active_faults").get<std::string>();
    x.test_alarm_overdue = j.value("test_alarm_overdue", false);
}

void to_json(json& j, const map_elevator& x) {
    j = {{"id", x.id}, {"lat", x.lat}, {"lon", x.lon}, {"online", x.online}, {"stale", x.stale},
         {"status_overdue", x.status_overdue}, {"test_alarm_overdue", x.test_alarm_overdue}, {"faults", x.faults},
         {"incident", opt(x.incident)}};
}
void from_json(const json& j, map_elevator& x) {
    x.id = j.at("id").get<std::string>();
    x.lat = j.at("lat").get<double>();
    x.lon = j.at("lon").get<double>();
    x.online = j.at("online").get<bool>();
    x.stale = j.value("stale", false);
    x.status_overdue = j.value("status_overdue", false);
    x.test_alarm_overdue = j.value("test_alarm_overdue", false);
    x.faults = j.at("faults").get<std::string>();
    get_opt(j, "incident", x.incident);
}
void to_json(json& j, const map_cell& x) {
    j = {{"south", x.south}, {"west", x.west}, {"north", x.north}, {"east", x.east},
         {"lat", x.lat}, {"lon", x.lon}, {"elevators", x.elevators}, {"offline", x.offline},
         {"faulted", x.faulted}, {"incidents", x.incidents}, {"stale", x.stale},
         {"test_alarms_missing", x.test_alarms_missing}};
}
void from_json(const json& j, map_cell& x) {
    x.south = j.at("south").get<double>();
    x.west = j.at("west").get<double>();
    x.north = j.at("north").get<double>();
    x.east = j.at("east").get<double>();
    x.lat = j.at("lat").get<double>();
    x.lon = j.at("lon").get<double>();
    x.elevators = j.at("elevators").get<std::uint32_t>();
    x.offline = j.at("offline").get<std::uint32_t>();
    x.faulted = j.at("faulted").get<std::uint32_t>();
    x.incidents = j.at("incidents").get<std::uint32_t>();
    x.stale = j.value("stale", 0U);
    x.test_alarms_missing = j.value("test_alarms_missing", 0U);
}
void to_json(json& j, const map_crew& x) {
    j = {{"id", x.id}, {"kind", x.kind}, {"status", x.status}, {"lat", x.lat}, {"lon", x.lon}};
}
void from_json(const json& j, map_crew& x) {
    x.id = j.at("id").get<std::string>();
    x.kind = j.at("kind").get<std::string>();
    x.status = j.at("status").get<std::string>();
    x.lat = j.at("lat").get<double>();
    x.lon = j.at("lon").get<double>();
}
void to_json(json& j, const map_reply& x) {
    j = {{"south", x.south}, {"west", x.west}, {"north", x.north}, {"east", x.east}, {"total", x.total},
         {"mode", x.mode}, {"elevators", x.elevators}, {"cells", x.cells}, {"crews", x.crews}};
}
void from_json(const json& j, map_reply& x) {
    x.south = j.at("south").get<double>();
    x.west = j.at("west").get<double>();
    x.north = j.at("north").get<double>();
    x.east = j.at("east").get<double>();
    x.total = j.at("total").get<std::uint64_t>();
    x.mode = j.at("mode").get<std::string>();
    x.elevators = j.at("elevators").get<std::vector<map_elevator>>();
    x.cells = j.at("cells").get<std::vector<map_cell>>();
    x.crews = j.at("crews").get<std::vector<map_crew>>();
}

void to_json(json& j, const command_reply& x) {
    j = {{"command_id", x.command_id}, {"elevator", x.elevator}, {"kind", x.kind}};
}
void from_json(const json& j, command_reply& x) {
    x.command_id = j.at("command_id").get<std::uint64_t>();
    x.elevator = j.at("elevator").get<std::string>();
    x.kind = j.at("kind").get<std::string>();
}
void to_json(json& j, const command_record& x) {
    j = {{"id", x.id},         {"kind", x.kind},           {"issued_by", x.issued_by},
         {"parameters", x.parameters}, {"incident", opt(x.incident)}, {"sent", x.sent},
         {"result", x.result}, {"answered", opt(x.answered)}, {"reason", x.reason}};
}
void from_json(const json& j, command_record& x) {
    x.id = j.at("id").get<std::uint64_t>();
    x.kind = j.at("kind").get<std::string>();
    x.issued_by = j.at("issued_by").get<std::string>();
    x.parameters = j.at("parameters").get<std::string>();
    get_opt(j, "incident", x.incident);
    x.sent = j.at("sent").get<std::string>();
    x.result = j.at("result").get<std::string>();
    get_opt(j, "answered", x.answered);
    x.reason = j.at("reason").get<std::string>();
}

void to_json(json& j, const node_watch_figures& x) {
    j = {{"stale", x.stale},
         {"statuses_overdue", x.statuses_overdue},
         {"status_watched", x.status_watched},
         {"restart_rebirths_pending", x.restart_rebirths_pending},
         {"test_alarms_missing", x.test_alarms_missing},
         {"test_alarms_overdue", x.test_alarms_overdue},
         {"test_alarm_watched", x.test_alarm_watched},
         {"test_alarm_limit_s", x.test_alarm_limit_s}};
}
void from_json(const json& j, node_watch_figures& x) {
    x.stale = j.value("stale", std::uint64_t{0});
    x.statuses_overdue = j.value("statuses_overdue", std::uint64_t{0});
    x.status_watched = j.value("status_watched", std::uint64_t{0});
    x.restart_rebirths_pending = j.value("restart_rebirths_pending", std::uint64_t{0});
    x.test_alarms_missing = j.value("test_alarms_missing", std::uint64_t{0});
    x.test_alarms_overdue = j.value("test_alarms_overdue", std::uint64_t{0});
    x.test_alarm_watched = j.value("test_alarm_watched", std::uint64_t{0});
    x.test_alarm_limit_s = j.value("test_alarm_limit_s", std::int64_t{0});
}

void to_json(json& j, const metrics_reply& x) {
    j = {{"messages", x.messages},
         {"elevators", x.elevators},
         {"online", x.online},
         {"ingest", x.ingest},
         {"malformed", x.malformed},
         {"out_of_range", x.out_of_range},
         {"refused", x.refused},
         {"commands", x.commands},
         {"seq_gaps", x.seq_gaps},
         {"events_missed", x.events_missed},
         {"alarms_raised", x.alarms_raised},
         {"dispatches_sent", x.dispatches_sent},
         {"store_errors", x.store_errors},
         {"internal_errors", x.internal_errors},
         {"publish_errors", x.publish_errors},
         {"store_pending_batches", x.store_pending_batches},
         {"store_pending_entries", x.store_pending_entries},
         {"test_alarms", x.test_alarms},
         {"rebirths_requested", x.rebirths_requested},
         {"rebirths_suppressed", x.rebirths_suppressed},
         {"open_incidents", x.open_incidents},
         {"reads_in_progress", x.reads_in_progress},
         {"reads_done", x.reads_done},
         {"clock", x.clock},
         {"now", x.now},
         {"instance", x.instance}};
    j["watch"] = x.watch;
}
void from_json(const json& j, metrics_reply& x) {
    auto u = [&](const char* k, std::uint64_t& v) { v = j.at(k).get<std::uint64_t>(); };
    u("messages", x.messages);
    u("elevators", x.elevators);
    u("online", x.online);
    x.ingest = j.at("ingest").get<std::map<std::string, std::uint64_t>>();
    x.malformed = j.at("malformed").get<std::map<std::string, std::uint64_t>>();
    x.out_of_range = j.value("out_of_range", std::map<std::string, std::uint64_t>{});
    x.refused = j.at("refused").get<std::map<std::string, std::uint64_t>>();
    x.commands = j.value("commands", std::map<std::string, std::uint64_t>{});
    u("seq_gaps", x.seq_gaps);
    u("events_missed", x.events_missed);
    u("alarms_raised", x.alarms_raised);
    u("dispatches_sent", x.dispatches_sent);
    u("store_errors", x.store_errors);
    u("internal_errors", x.internal_errors);
    u("publish_errors", x.publish_errors);
    u("store_pending_batches", x.store_pending_batches);
    u("store_pending_entries", x.store_pending_entries);
    u("test_alarms", x.test_alarms);
    u("rebirths_requested", x.rebirths_requested);
    u("rebirths_suppressed", x.rebirths_suppressed);
    u("open_incidents", x.open_incidents);
    u("reads_in_progress", x.reads_in_progress);
    u("reads_done", x.reads_done);
    x.clock = j.at("clock").get<std::string>();
    x.now = j.at("now").get<std::string>();
    if (j.contains("watch")) x.watch = j.at("watch").get<node_watch_figures>();
    x.instance = j.value("instance", std::string{});
}

void to_json(json& j, const verify_reply& x) {
    j = {{"ok", x.ok}, {"records", x.records}, {"problems", x.problems}, {"head_id", x.head_id},
         {"head_hash", x.head_hash}};
}
void from_json(const json& j, verify_reply& x) {
    x.ok = j.at("ok").get<bool>();
    x.records = j.at("records").get<std::int64_t>();
    x.problems = j.at("problems").get<std::vector<std::string>>();
    x.head_id = j.at("head_id").get<std::int64_t>();
    x.head_hash = j.at("head_hash").get<std::string>();
}

// ---- public codecs ---------------------------------------------------------------------

namespace {
template <class T>
std::string dump(const T& x) {
    return json(x).dump(1) + "\n";
}
}  // namespace

std::string to_json(const error_reply& x) { return json(x).dump() + "\n"; }
std::string to_json(const incident_summary& x) { return dump(x); }
std::string to_json(const std::vector<incident_summary>& x) { return dump(x); }
std::string to_json(const incident_detail& x) { return dump(x); }
std::string to_json(const alarm_reply& x) { return dump(x); }
std::string to_json(const crew_reply& x) { return dump(x); }
std::string to_json(const registry_reply& x) { return dump(x); }
std::string to_json(const std::vector<company_dispatch>& x) { return dump(x); }
std::string to_json(const elevator_dossier& x) { return dump(x); }
std::string to_json(const std::vector<elevator_state>& x) { return dump(x); }
std::string to_json(const map_reply& x) { return json(x).dump() + "\n"; }   // the largest reply: compact
std::string to_json(const metrics_reply& x) { return dump(x); }
std::string to_json(const command_reply& x) { return dump(x); }
std::string to_json(const std::vector<command_record>& x) { return dump(x); }
std::string to_json(const verify_reply& x) { return dump(x); }
std::string ok_json() { return json{{"ok", true}}.dump(1) + "\n"; }

template <class T>
parsed<T> from_json(const std::string& text) {
    const auto j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return {std::nullopt, "not JSON"};
    try {
        return {j.get<T>(), {}};
    } catch (const std::exception& e) {
        return {std::nullopt, std::string("unexpected reply: ") + e.what()};
    }
}

template parsed<error_reply> from_json<error_reply>(const std::string&);
template parsed<incident_summary> from_json<incident_summary>(const std::string&);
template parsed<std::vector<incident_summary>> from_json<std::vector<incident_summary>>(const std::string&);
template parsed<incident_detail> from_json<incident_detail>(const std::string&);
template parsed<alarm_reply> from_json<alarm_reply>(const std::string&);
template parsed<crew_reply> from_json<crew_reply>(const std::string&);
template parsed<registry_reply> from_json<registry_reply>(const std::string&);
template parsed<std::vector<company_dispatch>> from_json<std::vector<company_dispatch>>(const std::string&);
template parsed<elevator_dossier> from_json<elevator_dossier>(const std::string&);
template parsed<std::vector<elevator_state>> from_json<std::vector<elevator_state>>(const std::string&);
template parsed<map_reply> from_json<map_reply>(const std::string&);
template parsed<metrics_reply> from_json<metrics_reply>(const std::string&);
template parsed<command_reply> from_json<command_reply>(const std::string&);
template parsed<std::vector<command_record>> from_json<std::vector<command_record>>(const std::string&);
template parsed<verify_reply> from_json<verify_reply>(const std::string&);

// ---- forms -----------------------------------------------------------------------------

std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else out += '%', out += hex[c >> 4], out += hex[c & 15];
    }
    return out;
}

std::string form_value(const std::string& form, const std::string& key) {
    std::size_t pos = 0;
    while (pos <= form.size()) {
        auto amp = form.find('&', pos);
        if (amp == std::string::npos) amp = form.size();
        const std::string_view part(form.data() + pos, amp - pos);
        const auto eq = part.find('=');
        if (part.substr(0, eq) == key) {
            const auto raw = eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1);
            std::string out;
            for (std::size_t i = 0; i < raw.size(); ++i) {
                const auto hexval = [](char h) { return std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10); };
                if (raw[i] == '+') out += ' ';
                else if (raw[i] == '%' && i + 2 < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
                         std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
                    out += static_cast<char>(hexval(raw[i + 1]) * 16 + hexval(raw[i + 2]));
                    i += 2;
                } else out += raw[i];
            }
            return out;
        }
        pos = amp + 1;
    }
    return {};
}

namespace {
std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
        if (v.empty()) continue;
        if (!out.empty()) out += '&';
        out += k + '=' + url_encode(v);
    }
    return out;
}

// A number of degrees in range, or nullopt.
std::optional<double> degrees(const std::string& s, double limit) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(s, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (used != s.size() || !std::isfinite(v) || v < -limit || v > limit) return std::nullopt;
    return v;
}

std::string fmt_deg(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.7f", v);
    return buf;
}
}  // namespace

std::string to_form(const alarm_request& x) {
    return form({{"elevator", x.elevator},
                 {"rescue_code", x.rescue_code},
                 {"source", x.source},
                 {"caller", x.caller},
                 {"notes", x.notes}});
}
std::string to_form(const action_request& x) {
    return form({{"operator", x.operator_name}, {"notes", x.notes}, {"cause", x.cause}});
}
std::string to_form(const crew_edit_request& x) {
    return form({{"lat", x.home ? fmt_deg(x.home->lat_deg) : ""},
                 {"lon", x.home ? fmt_deg(x.home->lon_deg) : ""},
                 {"status", x.status}});
}

std::string to_form(const command_request& x) {
    std::string thresholds;
    for (const auto& [k, v] : x.thresholds) thresholds += (thresholds.empty() ? "" : ",") + k + "=" + v;
    return form({{"kind", x.kind}, {"thresholds", thresholds}, {"operator", x.operator_name}});
}

std::optional<std::map<std::string, std::string>> parse_thresholds(const std::string& text) {
    std::map<std::string, std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto comma = text.find(',', pos);
        if (comma == std::string::npos) comma = text.size();
        const auto part = text.substr(pos, comma - pos);
        const auto eq = part.find('=');
        if (eq == std::string::npos || eq == 0) return std::nullopt;
        out[part.substr(0, eq)] = part.substr(eq + 1);
        pos = comma + 1;
    }
    return out;
}

parsed<command_request> command_request_from_form(const std::string& body) {
    command_request x;
    x.kind = form_value(body, "kind");
    if (x.kind.empty()) return {std::nullopt, "give kind (rebirth, test_alarm, play_comfort, stop_comfort or set_thresholds)"};
    if (const auto o = form_value(body, "operator"); !o.empty()) x.operator_name = o;
    const auto t = parse_thresholds(form_value(body, "thresholds"));
    if (!t) return {std::nullopt, "thresholds must be NAME=VALUE[,NAME=VALUE...]"};
    x.thresholds = *t;
    return {x, {}};
}

parsed<alarm_request> alarm_request_from_form(const std::string& body) {
    alarm_request x;
    x.elevator = form_value(body, "elevator");
    x.rescue_code = form_value(body, "rescue_code");
    if (const auto s = form_value(body, "source"); !s.empty()) x.source = s;
    x.caller = form_value(body, "caller");
    x.notes = form_value(body, "notes");
    if (x.elevator.empty() && x.rescue_code.empty()) return {std::nullopt, "give elevator or rescue_code"};
    return {x, {}};
}

parsed<action_request> action_request_from_form(const std::string& body) {
    action_request x;
    if (const auto o = form_value(body, "operator"); !o.empty()) x.operator_name = o;
    x.notes = form_value(body, "notes");
    x.cause = form_value(body, "cause");
    return {x, {}};
}

parsed<crew_edit_request> crew_edit_request_from_form(const std::string& body) {
    crew_edit_request x;
    const auto lat = form_value(body, "lat"), lon = form_value(body, "lon");
    x.status = form_value(body, "status");
    if (lat.empty() != lon.empty()) return {std::nullopt, "give both lat and lon"};
    if (!lat.empty()) {
        const auto la = degrees(lat, 90), lo = degrees(lon, 180);
        if (!la || !lo) return {std::nullopt, "lat and lon must be numbers of degrees in range"};
        x.home = geo_point{*la, *lo};
    }
    if (!x.home && x.status.empty()) return {std::nullopt, "give lat and lon, or status"};
    return {x, {}};
}

}  // namespace lw::center::api

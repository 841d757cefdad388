#include "lw/center/incident_engine.hpp"

#include <algorithm>
#include <array>
#include <utility>

// The rules, one place each:
//  * open (on_alarm): alarm_received; the L1 choice (see open_l1); notify_requested x3
//    (maintenance company, nearest workstation, using unit); comfort_ordered. The engine only
//    requests notifications (notify_party); whether one was delivered is recorded by whoever
//    delivers it (center_core: none is, this build has no gateway).
//  * send_rescue_team: the L2 step, used for L1 -> L2 and for replacing an L2 crew; falls
//    through to L3 when no rescue team is left.
//  * escalate_l3: 119 + experts, once per incident.
//  * fire: what each timer does when due.
//  * on_crew_report: per-report rules, all validated before anything changes.
//  * close / close_false_alarm: what must be in the record first.
//
// Superseded crews: a crew replaced by another (L1 by L2, a silent L2 by the next L2) is stood
// down and set available in the roster — one responsible crew at a time keeps the orders on
// the street unambiguous. Crews are *not* stood down at L3: fire and experts come in addition
// to whoever is already on the way or on site. A crew that declines or cannot handle is set
// available too (its own reports keep the roster truthful after that).

namespace lw::center {

namespace {

constexpr std::string_view center_actor = "center";
constexpr std::string_view fire_target = "119";
constexpr std::string_view expert_target = "expert_team";

std::string str(std::string_view s) { return std::string{s}; }

std::string level_name(response_level l) { return str(to_string(l)); }

std::string crew_summary(const crew_assignment& a) {
    return level_name(a.level) + " crew " + a.crew_id + " (company " + a.company_id + ")";
}

enum class timer_kind : std::uint8_t { ack, arrival, release, renotify };   // tie order when due together

std::string_view report_verb(crew_report_kind k) {
    switch (k) {
        case crew_report_kind::acknowledged: return "acknowledgement";
        case crew_report_kind::en_route: return "en route";
        case crew_report_kind::arrived: return "arrival";
        case crew_report_kind::cannot_handle: return "cannot handle";
        case crew_report_kind::released: return "release";
        case crew_report_kind::declined: return "decline";
        case crew_report_kind::position: return "position update";
    }
    return "report";
}

}  // namespace

struct incident_engine::impl {
    using engine = incident_engine;

    // ---- small helpers ----

    static duration arrival_limit(const engine& e, const incident& inc) {
        return inc.elevator.urban ? e.limits_.arrival_limit_urban : e.limits_.arrival_limit_rural;
    }
    static timestamp arrive_by(const engine& e, const incident& inc) { return inc.opened_at + arrival_limit(e, inc); }
    static bool renotify_enabled(const engine& e) {
        return e.limits_.renotify_every > duration::zero() && e.limits_.renotify_max > 0;
    }

    static void record(engine_output& out, const incident& inc, timestamp now, step what, std::string_view actor,
                       std::string details) {
        out.timeline.push_back(timeline_entry{inc.id, now, what, str(actor), std::move(details)});
    }

    static crew_assignment* assignment_of(incident& inc, const std::string& crew_id) {
        for (auto& a : inc.assignments)
            if (a.crew_id == crew_id) return &a;
        return nullptr;
    }

    // Back to available, unless the roster already knows better (off duty, or re-upserted).
    static void free_crew(engine& e, const std::string& crew_id) {
        const crew* c = e.crews_->find(crew_id);
        if (c && (c->status == crew_status::dispatched || c->status == crew_status::busy))
            e.crews_->set_status(crew_id, crew_status::available);
    }

    static void clear_active(incident& inc) {
        inc.active_crew.clear();
        inc.ack_deadline.reset();
        inc.next_renotify.reset();
    }

    static void update_phase(incident& inc) {
        if (inc.phase == incident_phase::released || inc.phase == incident_phase::closed) return;
        auto phase = incident_phase::alarm;
        for (const auto& a : inc.assignments) {
            if (a.status == assignment_status::arrived) phase = incident_phase::on_site;
            else if ((a.status == assignment_status::acknowledged || a.status == assignment_status::en_route) &&
                     phase == incident_phase::alarm)
                phase = incident_phase::responding;
        }
        inc.phase = phase;
    }

    // ---- timers ----

    static std::optional<std::pair<timestamp, timer_kind>> earliest_timer(const incident& inc) {
        std::optional<std::pair<timestamp, timer_kind>> best;
        const std::array<std::pair<const std::optional<timestamp>*, timer_kind>, 4> timers{{
            {&inc.ack_deadline, timer_kind::ack},
            {&inc.arrival_deadline, timer_kind::arrival},
            {&inc.release_deadline, timer_kind::release},
            {&inc.next_renotify, timer_kind::renotify},
        }};
        for (const auto& [t, kind] : timers)
            if (*t && (!best || **t < best->first)) best = std::pair{**t, kind};   // ties: earlier in the list
        return best;
    }

    static void reschedule(engine& e, const incident& inc) {
        if (const auto it = e.scheduled_.find(inc.id); it != e.scheduled_.end()) {
            e.timers_.erase({it->second, inc.id});
            e.scheduled_.erase(it);
        }
        if (inc.phase == incident_phase::closed) return;
        if (const auto next = earliest_timer(inc)) {
            e.timers_.insert({next->first, inc.id});
            e.scheduled_.emplace(inc.id, next->first);
        }
    }

    // ---- dispatching ----

    static crew_assignment& dispatch(engine& e, incident& inc, const crew_choice& choice, response_level level,
                                     bool active, const std::string& note, timestamp now, engine_output& out) {
        const crew* c = e.crews_->find(choice.crew_id);
        crew_assignment a;
        a.crew_id = choice.crew_id;
        a.company_id = c ? c->company_id : std::string{};
        a.kind = c ? c->kind : crew_kind::maintenance;
        a.level = level;
        a.dispatched_at = now;
        a.eta = choice.eta;
        a.arrive_by = active ? arrive_by(e, inc) : now + choice.eta;
        e.crews_->set_status(a.crew_id, crew_status::dispatched);

        out.actions.emplace_back(dispatch_order{inc.id, a.crew_id, a.company_id, level, inc.elevator.id, a.eta,
                                                a.arrive_by, 1});
        std::string details = crew_summary(a) + ", ETA " + format_duration(a.eta) + ", arrive by " +
                              format_utc(a.arrive_by);
        if (!note.empty()) details += "; " + note;
        record(out, inc, now, step::dispatched, center_actor, std::move(details));

        if (active) {
            inc.active_crew = a.crew_id;
            inc.ack_deadline = now + e.limits_.ack_limit;
            inc.renotify_count = 0;
            if (renotify_enabled(e)) inc.next_renotify = now + e.limits_.renotify_every;
            else inc.next_renotify.reset();
        }
        inc.crews_dispatched.push_back(a.crew_id);
        inc.assignments.push_back(std::move(a));
        return inc.assignments.back();
    }

    static void stand_down(engine& e, incident& inc, crew_assignment& a, const std::string& reason, timestamp now,
                           engine_output& out) {
        a.status = assignment_status::stood_down;
        free_crew(e, a.crew_id);
        if (a.crew_id == inc.active_crew) clear_active(inc);
        out.actions.emplace_back(stand_down_order{inc.id, a.crew_id, a.company_id, reason});
        record(out, inc, now, step::stood_down, center_actor, crew_summary(a) + " stood down: " + reason);
    }

    // L2: the nearest available rescue team not yet sent. From L1 this escalates; at L2 it
    // replaces the responsible crew. The crew it replaces, if still engaged, is stood down. With
    // no rescue team left: no_crew_available and L3 (the current crew, if any, keeps going).
    static void send_rescue_team(engine& e, incident& inc, const std::string& reason, timestamp now,
                                 engine_output& out) {
        const auto choice =
            e.crews_->nearest(inc.elevator.position, crew_kind::rescue_team, {}, inc.crews_dispatched);
        if (!choice) {
            record(out, inc, now, step::no_crew_available, center_actor,
                   "no professional rescue team available (L2)");
            escalate_l3(e, inc, reason + "; no rescue team available", now, out);
            return;
        }
        std::string note;
        if (inc.level == response_level::l1) {
            record(out, inc, now, step::escalated, center_actor, "L1 -> L2: " + reason);
            inc.level = response_level::l2;
        } else {
            note = "replaces the previous crew: " + reason;
        }
        if (crew_assignment* old = assignment_of(inc, inc.active_crew); old && old->engaged())
            stand_down(e, inc, *old, "superseded by L2 crew " + choice->crew_id + ": " + reason, now, out);
        dispatch(e, inc, *choice, response_level::l2, true, note, now, out);
    }

    // L3, once: notifying 119 and the expert team is requested and their nearest crews (when the
    // roster has any) dispatched in addition to the crews already engaged. No timer escalates
    // further, so the ack, arrival and release deadlines stop; re-sending to a silent crew goes on.
    static void escalate_l3(engine& e, incident& inc, const std::string& reason, timestamp now, engine_output& out) {
        if (inc.level == response_level::l3) return;
        record(out, inc, now, step::escalated, center_actor, level_name(inc.level) + " -> L3: " + reason);
        inc.level = response_level::l3;
        inc.ack_deadline.reset();
        inc.arrival_deadline.reset();
        inc.release_deadline.reset();

        const std::string situation = "Incident " + std::to_string(inc.id) + ": passengers trapped in elevator " +
                                      inc.elevator.id + " since " + format_utc(inc.opened_at) + "; " + reason;
        out.actions.emplace_back(notify_party{inc.id, party::fire_119, str(fire_target), situation});
        record(out, inc, now, step::notify_requested, center_actor, "119 fire rescue: " + situation);
        out.actions.emplace_back(notify_party{inc.id, party::expert_team, str(expert_target), situation});
        record(out, inc, now, step::notify_requested, center_actor, "expert team: " + situation);

        if (const auto fire = e.crews_->nearest(inc.elevator.position, crew_kind::fire, {}, inc.crews_dispatched))
            dispatch(e, inc, *fire, response_level::l3, false, "119 fire rescue", now, out);
        if (const auto expert =
                e.crews_->nearest(inc.elevator.position, crew_kind::expert, {}, inc.crews_dispatched))
            dispatch(e, inc, *expert, response_level::l3, false, "expert team", now, out);
    }

    // The first dispatch of a new incident.
    static void open_l1(engine& e, incident& inc, timestamp now, engine_output& out) {
        const auto& company = inc.elevator.company_id;
        std::optional<crew_choice> l1;
        if (!company.empty()) l1 = e.crews_->nearest(inc.elevator.position, crew_kind::maintenance, company);
        if (!l1) {
            record(out, inc, now, step::no_crew_available, center_actor,
                   "no available crew of maintenance company " + (company.empty() ? "(none on file)" : company) +
                       " (L1)");
            send_rescue_team(e, inc, "no L1 crew available", now, out);
            return;
        }
        const auto limit = arrival_limit(e, inc);
        if (l1->eta <= limit) {
            dispatch(e, inc, *l1, response_level::l1, true, {}, now, out);
            return;
        }
        // The elevator's own company cannot be there in time: a rescue team instead, if one is
        // free; otherwise the L1 crew is still the best there is, and L3 is raised at once.
        const std::string reason = "nearest L1 crew " + l1->crew_id + " of " + company + " has ETA " +
                                   format_duration(l1->eta) + ", beyond the " + format_duration(limit) +
                                   " arrival limit";
        if (!e.crews_->nearest(inc.elevator.position, crew_kind::rescue_team, {}, inc.crews_dispatched))
            dispatch(e, inc, *l1, response_level::l1, true, {}, now, out);
        send_rescue_team(e, inc, reason, now, out);
    }

    static void notify_at_open(engine& e, incident& inc, const alarm& a, timestamp now, engine_output& out) {
        const auto& el = inc.elevator;
        std::string sent = "no crew dispatched yet";
        if (const crew_assignment* c = assignment_of(inc, inc.active_crew))
            sent = crew_summary(*c) + " dispatched, ETA " + format_duration(c->eta);
        const std::string head = "Incident " + std::to_string(inc.id) + ": passengers trapped in elevator " + el.id +
                                 " (using unit " + el.using_unit_id + ", " + str(to_string(a.source)) + "); ";

        if (!el.company_id.empty()) {
            const std::string msg = head + "your elevator; rescue at once. " + sent;
            out.actions.emplace_back(notify_party{inc.id, party::maintenance_company, el.company_id, msg});
            record(out, inc, now, step::notify_requested, center_actor,
                   "maintenance company " + el.company_id + ": " + msg);
        }

        // The workstation: the one whose team this incident already has at L2, else the nearest
        // with a free team; it sends someone to assist and supervise on site.
        std::optional<crew_choice> ws;
        for (const auto& c : inc.assignments)
            if (c.kind == crew_kind::rescue_team) ws = crew_choice{c.crew_id, c.eta};
        if (!ws) ws = e.crews_->nearest(el.position, crew_kind::rescue_team);
        if (ws) {
            const crew* c = e.crews_->find(ws->crew_id);
            const std::string station = c ? c->company_id : std::string{};
            const std::string msg = head + "send someone to assist and supervise on site. " + sent;
            out.actions.emplace_back(notify_party{inc.id, party::workstation, ws->crew_id, msg});
            record(out, inc, now, step::notify_requested, center_actor,
                   "workstation " + station + " (crew " + ws->crew_id + "): " + msg);
        } else {
            record(out, inc, now, step::no_crew_available, center_actor,
                   "no emergency workstation available to assist and supervise");
        }

        if (!el.using_unit_id.empty()) {
            const std::string msg = head + "person in charge, please go to the elevator. " + sent;
            out.actions.emplace_back(notify_party{inc.id, party::using_unit, el.using_unit_id, msg});
            record(out, inc, now, step::notify_requested, center_actor,
                   "using unit " + el.using_unit_id + ": " + msg);
        }
    }

    static void fire(engine& e, incident& inc, timer_kind kind, timestamp now, engine_output& out) {
        switch (kind) {
            case timer_kind::ack: {
                const auto deadline = *inc.ack_deadline;
                inc.ack_deadline.reset();
                const crew_assignment* a = assignment_of(inc, inc.active_crew);
                if (!a || a->status != assignment_status::dispatched || inc.level == response_level::l3) return;
                send_rescue_team(e, inc,
                                 "crew " + a->crew_id + " did not acknowledge within " +
                                     format_duration(e.limits_.ack_limit) + " (due " + format_utc(deadline) + ")",
                                 now, out);
                return;
            }
            case timer_kind::arrival:
                inc.arrival_deadline.reset();
                escalate_l3(e, inc,
                            "nobody on site within " + format_duration(arrival_limit(e, inc)) + " of the alarm",
                            now, out);
                return;
            case timer_kind::release:
                inc.release_deadline.reset();
                escalate_l3(e, inc,
                            "passengers not released within " +
                                format_duration(e.limits_.release_limit_after_arrival) + " of the first arrival",
                            now, out);
                return;
            case timer_kind::renotify: {
                inc.next_renotify.reset();
                const crew_assignment* a = assignment_of(inc, inc.active_crew);
                if (!a || a->status != assignment_status::dispatched) return;
                ++inc.renotify_count;
                const int attempt = inc.renotify_count + 1;
                out.actions.emplace_back(dispatch_order{inc.id, a->crew_id, a->company_id, a->level,
                                                        inc.elevator.id, a->eta, a->arrive_by, attempt});
                record(out, inc, now, step::dispatch_resent, center_actor,
                       "dispatch order re-sent to " + crew_summary(*a) + ", attempt " + std::to_string(attempt));
                if (inc.renotify_count < e.limits_.renotify_max && renotify_enabled(e))
                    inc.next_renotify = now + e.limits_.renotify_every;
                return;
            }
        }
    }

    // ---- closing ----

    static void finish(engine& e, incident& inc, timestamp now) {
        inc.phase = incident_phase::closed;
        inc.closed_at = now;
        clear_active(inc);
        inc.arrival_deadline.reset();
        inc.release_deadline.reset();
        for (auto& a : inc.assignments)
            if (a.engaged()) free_crew(e, a.crew_id);
        if (const auto it = e.open_by_elevator_.find(inc.elevator.id); it != e.open_by_elevator_.end() &&
                                                                       it->second == inc.id)
            e.open_by_elevator_.erase(it);
        reschedule(e, inc);
        remember_closed(e, inc.id);
    }

    static void remember_closed(engine& e, incident_id id) {
        e.closed_order_.push_back(id);
        while (e.closed_order_.size() > closed_kept) {
            const auto old = e.closed_order_.front();
            e.closed_order_.pop_front();
            if (const auto it = e.incidents_.find(old);
                it != e.incidents_.end() && it->second.phase == incident_phase::closed)
                e.incidents_.erase(it);
        }
    }

    // The incident for an operator action or report, or the error saying why not.
    static incident* open_incident(engine& e, incident_id id, engine_output& out) {
        const auto it = e.incidents_.find(id);
        if (it == e.incidents_.end()) {
            out.error = "unknown incident " + std::to_string(id);
            return nullptr;
        }
        if (it->second.phase == incident_phase::closed) {
            out.error = "incident " + std::to_string(id) + " is closed";
            return nullptr;
        }
        return &it->second;
    }

    static std::string figures(const incident& inc) {
        std::string s;
        auto add = [&](std::string_view name, std::optional<timestamp> from, std::optional<timestamp> to) {
            if (!from || !to) return;
            if (!s.empty()) s += ", ";
            s += str(name) + " " + format_duration(*to - *from);
        };
        std::optional<timestamp> first_dispatch;
        if (!inc.assignments.empty()) first_dispatch = inc.assignments.front().dispatched_at;
        add("response", first_dispatch, inc.acknowledged_at);
        add("arrival", inc.opened_at, inc.arrived_at);
        add("on site", inc.arrived_at, inc.released_at);
        add("trapped", inc.opened_at, inc.released_at);
        return s;
    }
};

// ---- incident_engine ----

incident_engine::incident_engine(response_limits limits, crew_roster& crews) : limits_(limits), crews_(&crews) {}

const response_limits& incident_engine::limits() const { return limits_; }

engine_output incident_engine::on_alarm(const alarm& a, timestamp now) {
    engine_output out;
    if (a.elevator.id.empty()) {
        out.error = "alarm refused: no elevator id";
        return out;
    }
    const std::string details = "source " + std::string{to_string(a.source)} +
                                (a.actor.empty() ? std::string{} : ", from " + a.actor) +
                                (a.details.empty() ? std::string{} : ": " + a.details);
    const std::string_view actor = a.actor.empty() ? to_string(a.source) : std::string_view{a.actor};

    if (const auto it = open_by_elevator_.find(a.elevator.id); it != open_by_elevator_.end()) {
        const incident& inc = incidents_.at(it->second);
        impl::record(out, inc, now, step::alarm_joined, actor,
                     details + (inc.phase == incident_phase::released ? " (after release: check for a new entrapment)"
                                                                      : ""));
        return out;
    }

    const incident_id id = next_id_++;
    incident& inc = incidents_[id];
    inc.id = id;
    inc.elevator = a.elevator;
    inc.source = a.source;
    inc.phase = incident_phase::alarm;
    inc.level = response_level::l1;
    inc.opened_at = now;
    inc.arrival_deadline = now + impl::arrival_limit(*this, inc);
    open_by_elevator_[inc.elevator.id] = id;
    out.opened = id;

    impl::record(out, inc, now, step::alarm_received, actor,
                 details + "; elevator " + inc.elevator.id + ", using unit " + inc.elevator.using_unit_id +
                     ", maintenance company " + inc.elevator.company_id + (inc.elevator.urban ? ", urban" : ", rural") +
                     (inc.elevator.machine_room_less ? ", machine-room-less" : ""));
    impl::open_l1(*this, inc, now, out);
    impl::notify_at_open(*this, inc, a, now, out);
    out.actions.emplace_back(comfort_command{inc.elevator.id, true, inc.id});
    impl::record(out, inc, now, step::comfort_ordered, center_actor,
                 "voice comfort started in the car of elevator " + inc.elevator.id);
    impl::reschedule(*this, inc);
    return out;
}

engine_output incident_engine::on_crew_report(const crew_report& r, timestamp now) {
    engine_output out;
    if (r.kind == crew_report_kind::position) {
        out.error = "a position update is not a report on an incident";
        return out;
    }
    incident* found = impl::open_incident(*this, r.incident, out);
    if (!found) return out;
    incident& inc = *found;
    crew_assignment* a = impl::assignment_of(inc, r.crew_id);
    if (!a) {
        out.error = "crew " + r.crew_id + " is not on incident " + std::to_string(inc.id);
        return out;
    }
    if (!a->engaged()) {
        out.error = "crew " + r.crew_id + " is no longer on incident " + std::to_string(inc.id) + " (" +
                    std::string{to_string(a->status)} + ")";
        return out;
    }
    std::optional<assignment_status> target;
    switch (r.kind) {
        case crew_report_kind::acknowledged: target = assignment_status::acknowledged; break;
        case crew_report_kind::en_route: target = assignment_status::en_route; break;
        case crew_report_kind::arrived: target = assignment_status::arrived; break;
        case crew_report_kind::released: target = assignment_status::released; break;
        case crew_report_kind::cannot_handle:
        case crew_report_kind::declined:
        case crew_report_kind::position: break;
    }
    if (target && a->status >= *target) {
        out.error = "crew " + r.crew_id + " already " + std::string{to_string(a->status)} + " on incident " +
                    std::to_string(inc.id) + ": " + std::string{report_verb(r.kind)} + " ignored";
        return out;
    }

    // Accepted: from here on the report changes the incident.
    if (r.position) crews_->set_position(r.crew_id, *r.position);
    const bool was_active = a->crew_id == inc.active_crew;
    const std::string suffix = r.details.empty() ? std::string{} : "; " + r.details;

    switch (r.kind) {
        case crew_report_kind::acknowledged:
        case crew_report_kind::en_route:
        case crew_report_kind::arrived: {
            if (!a->acknowledged_at) a->acknowledged_at = now;
            if (!inc.acknowledged_at) inc.acknowledged_at = now;
            if (r.eta) a->eta = *r.eta;
            a->status = *target;
            crews_->set_status(a->crew_id, crew_status::busy);
            if (was_active) {
                inc.ack_deadline.reset();
                inc.next_renotify.reset();
            }
            if (r.kind == crew_report_kind::arrived) {
                a->arrived_at = now;
                impl::record(out, inc, now, step::arrived, r.crew_id,
                             crew_summary(*a) + " on site " + format_duration(now - inc.opened_at) +
                                 " after the alarm" + suffix);
                if (!inc.arrived_at) {
                    inc.arrived_at = now;
                    inc.arrival_deadline.reset();
                    if (inc.level != response_level::l3)
                        inc.release_deadline = now + limits_.release_limit_after_arrival;
                }
                impl::update_phase(inc);
                break;
            }
            const step what = r.kind == crew_report_kind::acknowledged ? step::acknowledged : step::en_route;
            std::string eta_text = r.eta ? ", ETA " + format_duration(*r.eta) + " (about " +
                                               format_utc(now + *r.eta) + ")"
                                         : std::string{};
            impl::record(out, inc, now, what, r.crew_id, crew_summary(*a) + eta_text + suffix);
            impl::update_phase(inc);
            const timestamp limit_at = impl::arrive_by(*this, inc);
            if (r.eta && was_active && inc.level == response_level::l1 && now + *r.eta > limit_at)
                impl::send_rescue_team(*this, inc,
                                       "crew " + a->crew_id + " reports ETA " + format_duration(*r.eta) +
                                           ", arriving after the " +
                                           format_duration(impl::arrival_limit(*this, inc)) + " limit",
                                       now, out);
            break;
        }
        case crew_report_kind::cannot_handle:
        case crew_report_kind::declined: {
            const bool declined = r.kind == crew_report_kind::declined;
            a->status = declined ? assignment_status::declined : assignment_status::cannot_handle;
            impl::free_crew(*this, a->crew_id);
            const std::string who = crew_summary(*a);
            const std::string reason = who + (declined ? " declined" : " cannot handle the elevator") + suffix;
            impl::record(out, inc, now, declined ? step::declined : step::cannot_handle, r.crew_id, reason);
            if (was_active) impl::clear_active(inc);
            impl::update_phase(inc);
            if (!was_active) break;   // an L3 crew: 119 / experts already involved
            if (inc.level == response_level::l1 || (inc.level == response_level::l2 && declined))
                impl::send_rescue_team(*this, inc, reason, now, out);
            else if (inc.level == response_level::l2)
                impl::escalate_l3(*this, inc, reason, now, out);
            break;
        }
        case crew_report_kind::released: {
            a->status = assignment_status::released;
            if (!a->acknowledged_at) a->acknowledged_at = now;
            if (!a->arrived_at) a->arrived_at = now;
            if (!inc.acknowledged_at) inc.acknowledged_at = now;
            if (!inc.arrived_at) inc.arrived_at = now;
            inc.phase = incident_phase::released;
            inc.released_at = now;
            inc.rescuing_crew = a->crew_id;
            inc.handover_required = a->company_id != inc.elevator.company_id;
            impl::clear_active(inc);
            inc.arrival_deadline.reset();
            inc.release_deadline.reset();
            impl::free_crew(*this, a->crew_id);
            impl::record(out, inc, now, step::released, r.crew_id,
                         "passengers released by " + crew_summary(*a) + ", trapped " +
                             format_duration(now - inc.opened_at) +
                             (inc.handover_required ? "; handover to maintenance company " + inc.elevator.company_id +
                                                          " required"
                                                    : std::string{}) +
                             suffix);
            const std::string why = "passengers released by crew " + a->crew_id;
            for (auto& other : inc.assignments)
                if (other.engaged()) impl::stand_down(*this, inc, other, why, now, out);
            out.actions.emplace_back(comfort_command{inc.elevator.id, false, inc.id});
            break;
        }
        case crew_report_kind::position: break;  // refused above
    }
    impl::reschedule(*this, inc);
    return out;
}

engine_output incident_engine::tick(timestamp now) {
    engine_output out;
    while (!timers_.empty() && timers_.begin()->first <= now) {
        incident& inc = incidents_.at(timers_.begin()->second);
        const auto due = impl::earliest_timer(inc);
        if (due) impl::fire(*this, inc, due->second, now, out);
        impl::reschedule(*this, inc);
    }
    return out;
}

engine_output incident_engine::record_callback(incident_id id, const std::string& actor, const std::string& notes,
                                               timestamp now) {
    engine_output out;
    incident* inc = impl::open_incident(*this, id, out);
    if (!inc) return out;
    if (inc->phase != incident_phase::released) {
        out.error = "call-back refused: passengers of incident " + std::to_string(id) + " not released yet (" +
                    std::string{to_string(inc->phase)} + ")";
        return out;
    }
    inc->callback_done = true;
    impl::record(out, *inc, now, step::callback, actor, notes.empty() ? "call-back to the released passengers" : notes);
    return out;
}

engine_output incident_engine::record_comfort(const std::string& elevator_id, bool played, const std::string& actor,
                                              const std::string& details, timestamp now) {
    engine_output out;
    const auto it = open_by_elevator_.find(elevator_id);
    if (it == open_by_elevator_.end()) {
        out.error = "no open incident for elevator " + elevator_id;
        return out;
    }
    impl::record(out, incidents_.at(it->second), now, played ? step::comfort_played : step::comfort_failed, actor,
                 details);
    return out;
}

engine_output incident_engine::record_handover(incident_id id, const std::string& actor, timestamp now) {
    engine_output out;
    incident* inc = impl::open_incident(*this, id, out);
    if (!inc) return out;
    if (inc->phase != incident_phase::released) {
        out.error = "handover refused: passengers of incident " + std::to_string(id) + " not released yet";
        return out;
    }
    if (!inc->handover_required) {
        out.error = "handover refused: incident " + std::to_string(id) + " was rescued by the elevator's own " +
                    "maintenance company " + inc->elevator.company_id;
        return out;
    }
    if (inc->handed_over) {
        out.error = "handover refused: incident " + std::to_string(id) + " already handed over";
        return out;
    }
    inc->handed_over = true;
    impl::record(out, *inc, now, step::handed_over, actor,
                 "elevator " + inc->elevator.id + " handed over by crew " + inc->rescuing_crew +
                     " to maintenance company " + inc->elevator.company_id);
    return out;
}

engine_output incident_engine::record_cause(incident_id id, cause_category c, const std::string& actor,
                                            const std::string& notes, timestamp now) {
    engine_output out;
    incident* inc = impl::open_incident(*this, id, out);
    if (!inc) return out;
    inc->cause = c;
    impl::record(out, *inc, now, step::cause_recorded, actor,
                 "cause: " + std::string{to_string(c)} + (notes.empty() ? std::string{} : "; " + notes));
    return out;
}

engine_output incident_engine::close(incident_id id, const std::string& actor, timestamp now) {
    engine_output out;
    incident* inc = impl::open_incident(*this, id, out);
    if (!inc) return out;
    std::vector<std::string> missing;
    if (inc->phase != incident_phase::released) missing.emplace_back("release of the passengers");
    if (inc->handover_required && !inc->handed_over) missing.emplace_back("handover to the maintenance company");
    if (!inc->callback_done) missing.emplace_back("call-back");
    if (!inc->cause) missing.emplace_back("cause");
    if (!missing.empty()) {
        out.error = "close refused for incident " + std::to_string(id) + ": missing ";
        for (std::size_t i = 0; i < missing.size(); ++i) out.error += (i ? ", " : "") + missing[i];
        return out;
    }
    impl::record(out, *inc, now, step::closed, actor, impl::figures(*inc));
    impl::finish(*this, *inc, now);
    return out;
}

engine_output incident_engine::close_false_alarm(incident_id id, const std::string& actor, const std::string& reason,
                                                 timestamp now) {
    engine_output out;
    incident* inc = impl::open_incident(*this, id, out);
    if (!inc) return out;
    if (inc->phase == incident_phase::released) {
        out.error = "false alarm refused: passengers of incident " + std::to_string(id) + " were released; use close";
        return out;
    }
    const std::string why = "false alarm: " + reason;
    for (auto& a : inc->assignments)
        if (a.engaged()) impl::stand_down(*this, *inc, a, why, now, out);
    out.actions.emplace_back(comfort_command{inc->elevator.id, false, inc->id});
    inc->false_alarm = true;
    impl::record(out, *inc, now, step::closed_false_alarm, actor, reason);
    impl::finish(*this, *inc, now);
    return out;
}

void incident_engine::restore(const incident& restored) {
    incident& inc = incidents_[restored.id] = restored;
    if (inc.phase == incident_phase::closed) {
        impl::reschedule(*this, inc);
        impl::remember_closed(*this, inc.id);
    } else {
        open_by_elevator_[inc.elevator.id] = inc.id;
        for (const auto& a : inc.assignments)
            if (a.engaged())
                crews_->set_status(a.crew_id, a.status == assignment_status::dispatched ? crew_status::dispatched
                                                                                         : crew_status::busy);
        impl::reschedule(*this, inc);
    }
    next_id_ = std::max(next_id_, restored.id + 1);
}

void incident_engine::set_next_id(incident_id next) {
    incident_id floor = 1;
    if (!incidents_.empty()) floor = incidents_.rbegin()->first + 1;
    next_id_ = std::max({next, floor, next_id_});
}

incident_id incident_engine::next_id() const { return next_id_; }

const incident* incident_engine::find(incident_id id) const {
    const auto it = incidents_.find(id);
    return it == incidents_.end() ? nullptr : &it->second;
}

std::optional<incident_id> incident_engine::open_incident_for(const std::string& elevator_id) const {
    const auto it = open_by_elevator_.find(elevator_id);
    if (it == open_by_elevator_.end()) return std::nullopt;
    return it->second;
}

std::vector<incident> incident_engine::open_incidents() const {
    std::vector<incident> v;
    for (const auto& [id, inc] : incidents_)
        if (inc.phase != incident_phase::closed) v.push_back(inc);
    return v;
}

std::optional<timestamp> incident_engine::next_deadline() const {
    if (timers_.empty()) return std::nullopt;
    return timers_.begin()->first;
}

}  // namespace lw::center

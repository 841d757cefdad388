#include "lw/center/center_core.hpp"

#include <algorithm>
#include <set>
#include <type_traits>

namespace lw::center {

struct center_core::impl {
    using core = center_core;

    static void add_note(effects& fx, note::level lvl, std::string key, std::string text) {
        fx.notes.push_back(note{lvl, std::move(key), std::move(text)});
    }
    static void refuse(effects& fx, outcome::status s, std::string why) {
        fx.reply.result = s;
        fx.reply.error = std::move(why);
    }

    static elevator_ref ref_of(const elevator_record& e) {
        return elevator_ref{e.id, e.company_id, e.using_unit_id, e.position, e.machine_room_less, e.urban};
    }

    static crew roster_entry(const crew_record& c, crew_status status) {
        return crew{c.id, c.company_id, domain::parse<crew_kind>(c.kind).value_or(crew_kind::maintenance), c.position,
                    status};
    }

    // ---- commands to boards ----

    static node_command command_to(node_command_kind k, const std::string& region, const std::string& elevator_id,
                                   timestamp now) {
        node_command cmd;
        cmd.kind = k;
        cmd.region = region;
        cmd.elevator_id = elevator_id;
        cmd.issued_at = now;
        return cmd;
    }
    static node_command command_to(node_command_kind k, const elevator_record& e, timestamp now) {
        return command_to(k, e.region, e.id, now);
    }

    // The oldest commands still awaiting an answer are forgotten beyond the configured bound.
    static void trim_awaiting(core& c) {
        while (c.awaiting_.size() > c.cfg_.commands_awaiting_max) c.awaiting_.erase(c.awaiting_.begin());
    }

    // Every command leaves with a fresh id, remembered until the board answers.
    static std::uint64_t send(core& c, effects& fx, node_command cmd) {
        cmd.command_id = c.next_command_id_++;
        c.awaiting_[cmd.command_id] = command_awaiting{cmd.command_id, cmd.elevator_id, cmd.kind};
        trim_awaiting(c);
        fx.counted.push_back(counter::command_sent);
        const auto id = cmd.command_id;
        fx.commands.push_back(std::move(cmd));
        return id;
    }

    static void on_command_result(core& c, effects& fx, const node_event_input& in, timestamp now) {
        const auto name = std::string(domain::to_string(in.command));
        const auto f = c.awaiting_.find(in.command_id);
        if (f == c.awaiting_.end() || f->second.elevator_id != in.elevator_id || f->second.kind != in.command) {
            fx.counted.push_back(counter::command_result_unknown);
            add_note(fx, note::level::warn, "unknown command result",
                     in.elevator_id + ": answer to command " + std::to_string(in.command_id) + " (" + name +
                         ") refused: " +
                         (f == c.awaiting_.end() ? "no such command awaiting an answer"
                                                 : "it was a " + std::string(domain::to_string(f->second.kind)) +
                                                       " to " + f->second.elevator_id));
            return;
        }
        c.awaiting_.erase(f);
        fx.counted.push_back(in.ok ? counter::command_result_ok : counter::command_result_failed);
        fx.records.command_results.push_back(command_result_record{in.command_id, in.elevator_id, now, in.ok, in.detail});
        add_note(fx, in.ok ? note::level::info : note::level::warn, {},
                 in.elevator_id + ": command " + std::to_string(in.command_id) + " (" + name + ") " +
                     (in.ok ? "done: " : "refused: ") + in.detail);
    }

    static void on(core& c, effects& fx, const command_request_input& in, timestamp now) {
        const auto kind = domain::parse<node_command_kind>(in.kind);
        if (!kind) {
            fx.counted.push_back(counter::command_refused);
            return refuse(fx, outcome::status::bad_request,
                          "unknown command '" + in.kind + "': kind must be " + domain::names_list<node_command_kind>());
        }
        const auto* e = c.registry_->elevator(in.elevator_id);
        if (!e) {
            fx.counted.push_back(counter::command_refused);
            return refuse(fx, outcome::status::not_found, "unknown elevator '" + in.elevator_id + "'");
        }
        if ((*kind == node_command_kind::set_thresholds) == in.thresholds.empty()) {
            fx.counted.push_back(counter::command_refused);
            return refuse(fx, outcome::status::bad_request,
                          *kind == node_command_kind::set_thresholds ? "set_thresholds needs thresholds NAME=VALUE"
                                                                     : "thresholds go with set_thresholds only");
        }
        auto cmd = command_to(*kind, *e, now);
        cmd.issued_by = in.actor.empty() ? "operator" : in.actor;
        cmd.thresholds = in.thresholds;
        const auto by = cmd.issued_by;
        fx.reply.command_id = send(c, fx, std::move(cmd));
        add_note(fx, note::level::info, {},
                 e->id + ": command " + std::to_string(*fx.reply.command_id) + " (" + in.kind + ") sent for " + by);
    }

    // ---- engine output -> effects ----

    static dispatch_message dispatch_of(const core& c, const dispatch_order& o, timestamp now) {
        dispatch_message m;
        m.order = o;
        m.issued_at = now;
        if (const auto* e = c.registry_->elevator(o.elevator_id)) {
            m.address = e->address;
            m.position = e->position;
            m.rescue_code = e->rescue_code;
            m.machine_room_less = e->machine_room_less;
            if (const auto* u = c.registry_->using_unit(e->using_unit_id)) m.using_unit = u->name;
        }
        return m;
    }

    // This build has no notification gateway (README, "What is simulated"): each request the
    // engine records (notify_requested, one per notify_party, in the same order) is followed at
    // once by what became of it, notify_undelivered, so that no record claims a delivery.
    static timeline_entry undelivered(const notify_party& n, timestamp now) {
        return timeline_entry{n.incident, now, step::notify_undelivered, "center",
                              std::string(to_string(n.who)) + " " + n.target_id +
                                  ": not delivered: no notification gateway configured"};
    }

    static void take(core& c, effects& fx, engine_output&& out, timestamp now) {
        std::vector<const notify_party*> notices;
        for (const auto& a : out.actions)
            if (const auto* n = std::get_if<notify_party>(&a)) notices.push_back(n);
        std::size_t next_notice = 0;
        for (auto& e : out.timeline) {
            const bool requested = e.what == step::notify_requested;
            fx.records.timeline.push_back(std::move(e));
            if (requested && next_notice < notices.size())
                fx.records.timeline.push_back(undelivered(*notices[next_notice++], now));
        }
        for (; next_notice < notices.size(); ++next_notice)   // a request without its entry: still said
            fx.records.timeline.push_back(undelivered(*notices[next_notice], now));
        for (auto& a : out.actions) {
            if (auto* o = std::get_if<dispatch_order>(&a)) {
                fx.dispatches.push_back(dispatch_of(c, *o, now));
            } else if (auto* s = std::get_if<stand_down_order>(&a)) {
                const auto* inc = c.engine_.find(s->incident);
                fx.stand_downs.push_back(stand_down_message{*s, inc ? inc->elevator.id : std::string{}, now});
            } else if (auto* k = std::get_if<comfort_command>(&a)) {
                if (const auto* e = c.registry_->elevator(k->elevator_id)) {
                    auto cmd = command_to(k->start ? node_command_kind::play_comfort : node_command_kind::stop_comfort,
                                          *e, now);
                    cmd.incident = k->incident;
                    send(c, fx, std::move(cmd));
                }
            } else if (auto* n = std::get_if<notify_party>(&a)) {
                fx.notifications.push_back(std::move(*n));
            }
        }
    }

    // After the input: one snapshot of each incident the timeline touched (its final state), and
    // what the read side must refresh.
    static void finish(core& c, effects& fx) {
        std::set<incident_id> touched;
        for (const auto& e : fx.records.timeline) touched.insert(e.incident);
        for (const auto id : touched) {
            const auto* inc = c.engine_.find(id);
            if (!inc) continue;
            fx.records.incidents.push_back(*inc);
            fx.elevators_touched.push_back(inc->elevator.id);
            for (const auto& a : inc->assignments) fx.crews_touched.push_back(a.crew_id);
        }
        auto unique = [](std::vector<std::string>& v) {
            std::sort(v.begin(), v.end());
            v.erase(std::unique(v.begin(), v.end()), v.end());
        };
        unique(fx.elevators_touched);
        unique(fx.crews_touched);
    }

    // ---- alarms ----

    static void raise(core& c, effects& fx, const elevator_record& e, alarm_source src, std::string actor,
                      std::string details, timestamp now) {
        alarm a;
        a.elevator = ref_of(e);
        a.source = src;
        a.actor = std::move(actor);
        a.details = std::move(details);
        fx.counted.push_back(counter::alarm_raised);
        take(c, fx, c.engine_.on_alarm(a, now), now);
    }

    static void decide(core& c, effects& fx, const std::string& elevator_id, const alarm_decision& d, timestamp now) {
        switch (d.kind) {
            case decision_kind::raise_alarm: {
                const auto* e = c.registry_->elevator(elevator_id);
                if (!e) return;
                std::string details = d.details;
                if (d.confirm != confirmation::not_applicable) details += ", " + std::string(to_string(d.confirm));
                if (!d.reason.empty()) details += " (" + d.reason + ")";
                if (d.historical) details += ", historical (occurred " + format_utc(d.occurred_at) + ")";
                raise(c, fx, *e, d.alarm, "node " + elevator_id, std::move(details), now);
                return;
            }
            case decision_kind::ack_test_alarm:
                fx.counted.push_back(counter::test_alarm);
                add_note(fx, note::level::info, {}, elevator_id + ": EN 81-28 test alarm received");
                return;
            case decision_kind::entrapment_cleared:
                if (const auto id = c.engine_.open_incident_for(elevator_id))
                    add_note(fx, note::level::info, {},
                             "incident " + std::to_string(*id) + ": node reports entrapment cleared (" + d.details +
                                 "); operator to verify");
                return;
            case decision_kind::no_alarm:
                add_note(fx, note::level::info, {}, elevator_id + ": no alarm: " + d.reason);
                return;
        }
    }

    // ---- nodes ----

    // The codes one stopped car with someone inside is reported under: a car stuck between
    // floors raises entrapment_between_floors and stopped_outside_door_zone at the same moment
    // (both after 15 s by default), and the passenger presses the alarm button. One fault.
    static constexpr fault_mask one_stop_group =
        domain::mask_of(fault_code::entrapment_between_floors) | domain::mask_of(fault_code::entrapment_at_floor) |
        domain::mask_of(fault_code::stopped_outside_door_zone) | domain::mask_of(fault_code::passenger_alarm);

    // A raise is a new fault unless the center already holds it active, or holds another code of
    // the same stop active.
    static bool counts_as_new_fault(fault_code code, fault_mask active_before) {
        const fault_mask m = domain::mask_of(code);
        if (active_before & m) return false;
        if ((one_stop_group & m) && (active_before & one_stop_group)) return false;
        return true;
    }

    // A status or event from a node without a live session: ask it for a birth, at most once per
    // rebirth_min_gap of center time.
    static void ask_rebirth(core& c, effects& fx, const std::string& region, const std::string& id, timestamp now) {
        auto [it, fresh] = c.rebirth_asked_.try_emplace(id, now);
        if (!fresh) {
            if (now - it->second < c.cfg_.rebirth_min_gap) {
                fx.counted.push_back(counter::rebirth_suppressed);
                return;
            }
            it->second = now;
        }
        send(c, fx, command_to(node_command_kind::rebirth, region, id, now));
        fx.counted.push_back(counter::rebirth_requested);
    }

    static bool ingested(core& c, effects& fx, const ingest_outcome& o, std::string_view kind,
                         const std::string& region, const std::string& id, timestamp now) {
        if (!o.accepted())
            add_note(fx, note::level::warn, std::string(to_string(o.result)),
                     std::string(kind) + " from " + id + " refused: " + std::string(to_string(o.result)));
        if (o.rebirth_needed) ask_rebirth(c, fx, region, id, now);
        if (o.accepted() || o.result != ingest_result::rejected_unknown_elevator) fx.elevators_touched.push_back(id);
        return o.accepted();
    }

    static void on(core& c, effects& fx, const node_birth_input& in, timestamp now) {
        const auto* before = c.live_.get(in.elevator_id);
        const bool known_before = before && before->board_known;
        const auto o = c.live_.on_birth(in.elevator_id, in.birth, now);
        if (!ingested(c, fx, o, "birth", in.region, in.elevator_id, now)) return;
        if (!known_before) fx.records.boards_first_seen.emplace_back(in.elevator_id, now);
        add_note(fx, note::level::info, {},
                 in.elevator_id + " online (bd_seq " + std::to_string(in.birth.bd_seq) + ", " + in.firmware_version +
                     (in.birth.status_interval > duration::zero()
                          ? ", status every " + format_duration(in.birth.status_interval)
                          : ", no status period: not watched") +
                     ")");
    }

    static void on(core& c, effects& fx, const node_death_input& in, timestamp now) {
        const auto o = c.live_.on_death(in.elevator_id, in.bd_seq, now);
        if (ingested(c, fx, o, "death", in.region, in.elevator_id, now))
            add_note(fx, note::level::info, {},
                     in.elevator_id + " offline (" + (in.clean ? "goodbye" : "Will") + ")");
    }

    static void on(core& c, effects& fx, const node_status_input& in, timestamp now) {
        const auto* before = c.live_.get(in.elevator_id);
        const bool was_overdue = before && before->status_overdue;
        const auto since = before && before->status_received_at ? *before->status_received_at : now;
        if (ingested(c, fx, c.live_.on_status(in.elevator_id, in.status, now), "status", in.region, in.elevator_id,
                     now) &&
            was_overdue)
            add_note(fx, note::level::info, "status resumed",
                     in.elevator_id + ": status again after " + format_duration(now - since) + ", no longer stale");
    }

    static void on(core& c, effects& fx, const node_event_input& in, timestamp now) {
        const auto& ev = in.event;
        const auto* before = c.live_.get(in.elevator_id);
        const fault_mask active_before = before ? before->active_faults : 0;
        if (!ingested(c, fx, c.live_.on_event(in.elevator_id, ev, now), "event", in.region, in.elevator_id, now))
            return;
        switch (in.kind) {
            case node_event_kind::comfort_played:
            case node_event_kind::comfort_failed: {
                const bool played = in.kind == node_event_kind::comfort_played;
                const auto details = std::string(played ? "comfort message played in the car" : "comfort message not played") +
                                     (in.detail.empty() ? "" : " (" + in.detail + ")") +
                                     (ev.historical ? ", reported late (" + format_utc(ev.event_time) + ")" : "");
                auto out = c.engine_.record_comfort(in.elevator_id, played, "node " + in.elevator_id, details, now);
                if (!out.error.empty())
                    add_note(fx, played ? note::level::info : note::level::warn, {},
                             in.elevator_id + ": " + details + "; " + out.error);
                take(c, fx, std::move(out), now);
                return;
            }
            case node_event_kind::command_result: return on_command_result(c, fx, in, now);
            case node_event_kind::fault_raised:
            case node_event_kind::fault_cleared:
            case node_event_kind::test_alarm: break;
        }
        if (in.kind == node_event_kind::test_alarm || ev.code == fault_code::test_alarm) {
            fx.records.test_alarms.push_back(
                test_alarm_record{in.elevator_id, ev.seq, ev.event_time, now, ev.historical, in.detail});
            const bool was_overdue = before && before->test_alarm_overdue;
            c.live_.test_alarm_received(in.elevator_id, now);
            if (was_overdue)
                add_note(fx, note::level::info, "test alarms again",
                         in.elevator_id + ": EN 81-28 test alarm received again: no longer missing its test alarms");
        } else
            fx.records.faults.push_back(fault_record{in.elevator_id, ev.seq, ev.event_time, ev.code, ev.raised,
                                                     ev.historical, in.detail,
                                                     ev.raised && counts_as_new_fault(ev.code, active_before)});
        const auto* st = c.live_.get(in.elevator_id);
        if (!st) return;
        if (const auto d = c.rules_.on_event(*st, ev, now)) decide(c, fx, in.elevator_id, *d, now);
    }

    // ---- crews ----

    static void on(core& c, effects& fx, const crew_report_input& in, timestamp now) {
        const auto& r = in.report;
        const auto* rec = c.registry_->crew(in.topic_crew);
        if (r.crew_id != in.topic_crew || !rec) {
            fx.counted.push_back(counter::crew_report_unknown_crew);
            add_note(fx, note::level::warn, "unknown crew",
                     "crew report from unknown crew '" + in.topic_crew + "' ignored");
            refuse(fx, outcome::status::not_found, "unknown crew '" + in.topic_crew + "'");
            return;
        }
        if (rec->company_id != in.topic_company) {
            // The topic names another company than the crew's own: a misconfigured or forged sender.
            fx.counted.push_back(counter::crew_report_unknown_crew);
            add_note(fx, note::level::warn, "crew of another company",
                     "crew report for crew '" + in.topic_crew + "' on company '" + in.topic_company +
                         "''s topic ignored: the crew belongs to '" + rec->company_id + "'");
            refuse(fx, outcome::status::not_found, "crew '" + in.topic_crew + "' is not of company '" +
                                                       in.topic_company + "'");
            return;
        }
        if (r.position) {
            c.roster_.set_position(r.crew_id, *r.position);
            fx.crews_touched.push_back(r.crew_id);
        }
        if (r.kind == crew_report_kind::position) return;
        auto out = c.engine_.on_crew_report(r, now);
        if (!out.error.empty()) {
            fx.counted.push_back(counter::crew_report_refused);
            add_note(fx, note::level::warn, "crew report refused " + r.crew_id,
                     "crew report (" + std::string(to_string(r.kind)) + ", incident " + std::to_string(r.incident) +
                         ") from " + r.crew_id + " refused: " + out.error);
            refuse(fx, outcome::status::conflict, out.error);
        }
        take(c, fx, std::move(out), now);
    }

    // ---- operators ----

    static void on(core& c, effects& fx, const operator_action_input& in, timestamp now) {
        const auto* inc = c.engine_.find(in.incident);
        if (!inc) return refuse(fx, outcome::status::not_found, "no open incident " + std::to_string(in.incident));
        engine_output out;
        switch (in.action) {
            case operator_action::callback: out = c.engine_.record_callback(in.incident, in.actor, in.notes, now); break;
            case operator_action::handover: out = c.engine_.record_handover(in.incident, in.actor, now); break;
            case operator_action::cause:
                if (!in.cause)
                    return refuse(fx, outcome::status::bad_request,
                                  "cause must be one of " + domain::names_list<cause_category>());
                out = c.engine_.record_cause(in.incident, *in.cause, in.actor, in.notes, now);
                break;
            case operator_action::close: out = c.engine_.close(in.incident, in.actor, now); break;
            case operator_action::false_alarm:
                out = c.engine_.close_false_alarm(in.incident, in.actor, in.notes, now);
                break;
        }
        if (!out.error.empty()) return refuse(fx, outcome::status::conflict, out.error);
        fx.reply.incident = in.incident;
        take(c, fx, std::move(out), now);
    }

    static void on(core& c, effects& fx, const manual_alarm_input& in, timestamp now) {
        if (!domain::is_manual(in.source))
            return refuse(fx, outcome::status::bad_request,
                          "source must be hotline_96333, transfer_110, transfer_119 or using_unit");
        const elevator_record* e = nullptr;
        if (!in.elevator_id.empty()) e = c.registry_->elevator(in.elevator_id);
        else if (!in.rescue_code.empty()) e = c.registry_->elevator_by_rescue_code(in.rescue_code);
        if (!e)
            return refuse(fx, outcome::status::not_found,
                          "unknown elevator '" + in.elevator_id + "' / rescue code '" + in.rescue_code + "'");
        const auto before = c.engine_.open_incident_for(e->id);
        raise(c, fx, *e, in.source, in.caller.empty() ? "operator" : "caller " + in.caller, in.notes, now);
        fx.reply.incident = c.engine_.open_incident_for(e->id);
        fx.reply.joined = before.has_value();
    }

    static void on(core& c, effects& fx, const registry_import_input& in, timestamp now) {
        c.registry_ = c.registry_->merged(in.records);
        for (const auto& e : in.records.elevators)
            if (c.live_.register_elevator(e.id)) fx.elevators_touched.push_back(e.id);
        for (const auto& r : in.records.crews) {
            // A crew on an incident keeps its status: the engine owns it until released.
            const auto* now_in_roster = c.roster_.find(r.id);
            const auto status = now_in_roster ? now_in_roster->status : crew_status::available;
            c.roster_.upsert(roster_entry(r, status));
            fx.crews_touched.push_back(r.id);
        }
        fx.records.registry_upsert = in.records;
        fx.registry_changed = true;
        add_note(fx, note::level::info, {},
                 "registry: " + std::to_string(in.records.elevators.size()) + " elevators, " +
                     std::to_string(in.records.crews.size()) + " crews, " +
                     std::to_string(in.records.companies.size()) + " companies added or updated at " +
                     format_utc(now));
    }

    static void on(core& c, effects& fx, const crew_edit_input& in, timestamp) {
        const auto* cr = c.roster_.find(in.crew_id);
        if (!cr) return refuse(fx, outcome::status::not_found, "unknown crew '" + in.crew_id + "'");
        if (in.status && *in.status != crew_status::available && *in.status != crew_status::off_duty)
            return refuse(fx, outcome::status::bad_request, "status must be available or off_duty");
        if (in.status && (cr->status == crew_status::dispatched || cr->status == crew_status::busy))
            return refuse(fx, outcome::status::conflict,
                          "crew " + in.crew_id + " is " + std::string(to_string(cr->status)) + " on an incident");
        if (in.home) {
            c.roster_.set_position(in.crew_id, *in.home);
            if (auto r = c.registry_->with_crew_home(in.crew_id, *in.home)) c.registry_ = std::move(r);
            fx.records.crew_homes.emplace_back(in.crew_id, *in.home);
            fx.registry_changed = true;
        }
        if (in.status) c.roster_.set_status(in.crew_id, *in.status);
        fx.crews_touched.push_back(in.crew_id);
        fx.reply.crew_after = *c.roster_.find(in.crew_id);
    }

    // ---- time ----

    // Online nodes whose status is overdue: stale (the console shows it).
    static void watch_statuses(core& c, effects& fx, timestamp now) {
        if (!c.cfg_.watch_status) return;
        for (auto& id : c.live_.take_status_overdue(now)) {
            const auto* st = c.live_.get(id);
            const auto period = st ? st->status_interval : duration::zero();
            const auto last = st && st->status_received_at && *st->status_received_at >= st->state_since
                                  ? *st->status_received_at
                                  : (st ? st->state_since : now);
            add_note(fx, note::level::warn, "status overdue",
                     id + ": stale: no status for " + format_duration(now - last) + " (status every " +
                         format_duration(period) + ", overdue after " + format_duration(status_overdue_after(period)) +
                         ")");
            fx.elevators_touched.push_back(std::move(id));
        }
    }

    // Known boards without a test alarm for longer than the limit: flagged (API, console, map).
    static void watch_test_alarms(core& c, effects& fx, timestamp now) {
        for (auto& id : c.live_.take_test_alarm_overdue(now, c.cfg_.test_alarm_limit)) {
            const auto* st = c.live_.get(id);
            add_note(fx, note::level::warn, "test alarms missing",
                     id + ": no EN 81-28 test alarm since " + (st ? format_utc(st->test_alarm_since) : "?") +
                         " (limit " + format_duration(c.cfg_.test_alarm_limit) + "): test alarms missing");
            fx.elevators_touched.push_back(std::move(id));
        }
    }

    // After a restart: the known boards still unknown, asked for a rebirth on the sweep's schedule.
    static void sweep_rebirths(core& c, effects& fx, timestamp now) {
        if (!c.sweep_.started()) {
            std::vector<std::string> unknown;
            for (std::uint32_t i = 0; i < c.registry_->elevator_count(); ++i) {
                const auto& id = c.registry_->elevator_at(i).id;
                const auto* st = c.live_.get(id);
                if (st && st->board_known && st->state == node_state::unknown) unknown.push_back(id);
            }
            c.sweep_.start(std::move(unknown), now);
            if (c.sweep_.pending() > 0)
                add_note(fx, note::level::info, {},
                         std::to_string(c.sweep_.pending()) +
                             " boards known from earlier runs not heard from yet: asking each for a rebirth, one every " +
                             format_duration(c.sweep_.gap()) + ", the last in " +
                             format_duration(c.sweep_.last_due() - now));
        }
        if (c.sweep_.pending() == 0) return;
        for (const auto& id : c.sweep_.take_due(now)) {
            const auto* st = c.live_.get(id);
            if (!st || st->state != node_state::unknown) continue;   // heard from meanwhile
            const auto asked = c.rebirth_asked_.find(id);
            if (asked != c.rebirth_asked_.end() && now - asked->second < c.cfg_.rebirth_min_gap) continue;
            const auto* e = c.registry_->elevator(id);
            if (!e) continue;
            c.rebirth_asked_[id] = now;
            send(c, fx, command_to(node_command_kind::rebirth, *e, now));
            fx.counted.push_back(counter::rebirth_requested);
        }
    }

    static void on(core& c, effects& fx, const tick_input&, timestamp now) {
        take(c, fx, c.engine_.tick(now), now);
        watch_statuses(c, fx, now);
        watch_test_alarms(c, fx, now);
        sweep_rebirths(c, fx, now);
        for (const auto& id : c.live_.take_newly_silent(now, c.rules_.config().silence_limit)) {
            const auto* st = c.live_.get(id);
            if (!st) continue;
            if (const auto d = c.rules_.on_silence_check(*st, now)) decide(c, fx, id, *d, now);
        }
    }
};

center_core::center_core(core_config cfg, std::shared_ptr<const registry> reg)
    : cfg_(std::move(cfg)),
      registry_(reg ? std::move(reg) : std::make_shared<const registry>()),
      estimator_(cfg_.travel),
      roster_(estimator_),
      engine_(cfg_.limits, roster_),
      rules_(cfg_.rules),
      sweep_(cfg_.restart_rebirths) {
    live_.reserve(registry_->elevator_count());
    for (std::uint32_t i = 0; i < registry_->elevator_count(); ++i)
        live_.register_elevator(registry_->elevator_at(i).id);
    for (std::uint32_t i = 0; i < registry_->crew_count(); ++i)
        roster_.upsert(impl::roster_entry(registry_->crew_at(i), crew_status::available));
}

void center_core::restore(const std::vector<incident>& open, incident_id highest_id) {
    for (const auto& inc : open) engine_.restore(inc);
    engine_.set_next_id(highest_id + 1);
}

void center_core::restore_commands(const std::vector<command_awaiting>& awaiting, std::uint64_t highest_id) {
    for (const auto& a : awaiting) awaiting_[a.command_id] = a;
    impl::trim_awaiting(*this);
    next_command_id_ = std::max(next_command_id_, highest_id + 1);
}

void center_core::restore_boards(const std::vector<board_watch>& boards) {
    for (const auto& b : boards) live_.mark_board_known(b.elevator_id, b.last_test_alarm.value_or(b.first_seen));
}

effects center_core::handle(const input& in, timestamp now) {
    effects fx;
    std::visit([&](const auto& x) { impl::on(*this, fx, x, now); }, in);
    impl::finish(*this, fx);
    return fx;
}

}  // namespace lw::center

#include "effects_sink.hpp"

namespace lw::center {
namespace {
constexpr std::string_view component = "center";
// Between two attempts to write batches a failed commit left queued (each attempt may wait the
// store's busy timeout on the strand).
constexpr auto store_retry_every = std::chrono::seconds{5};

command_row command_row_of(const node_command& c) {
    command_row r;
    r.id = c.command_id;
    r.elevator_id = c.elevator_id;
    r.kind = std::string(domain::to_string(c.kind));
    r.issued_by = c.issued_by;
    r.incident = c.incident;
    for (const auto& [k, v] : c.thresholds) r.parameters += (r.parameters.empty() ? "" : ",") + k + "=" + v;
    r.sent = c.issued_at;
    return r;
}

log::level level_of(note::level l) {
    switch (l) {
        case note::level::info: return log::level::info;
        case note::level::warn: return log::level::warn;
        case note::level::error: return log::level::error;
    }
    return log::level::info;
}
}  // namespace

effects_sink::effects_sink(store& db, mqtt::client& mqtt, api::live_view& view, std::string center_id,
                           std::uint64_t instance)
    : db_(db), mqtt_(mqtt), view_(view), center_id_(std::move(center_id)), instance_(instance) {}

void effects_sink::log_once(log::level lvl, const std::string& reason, const std::string& text) {
    const auto n = ++log_counts_[reason];
    if (n == 1 || n % 1000 == 0)
        log::write(lvl, component, text + (n > 1 ? " (seen " + std::to_string(n) + " times)" : ""));
}

std::string effects_sink::apply(const effects& fx, const center_core& core) {
    std::string problem;
    const auto& r = fx.records;
    // Registry changes first: the orders below may name what they add.
    if (r.registry_upsert)
        if (auto err = db_.import_city(*r.registry_upsert); !err.empty()) {
            ++counters_.store_errors;
            problem = "registry change applied in the running center but not stored (" + err +
                      "); it is lost at the next start unless imported again";
            log::error(component, problem);
        }
    for (const auto& [crew, home] : r.crew_homes)
        if (auto err = db_.set_crew_position(crew, home); !err.empty()) {
            ++counters_.store_errors;
            problem = "crew " + crew + ": home position not stored (" + err + ")";
            log::error(component, problem);
        }
    for (const auto& f : r.faults)
        if (auto err = db_.record_fault({f.elevator_id, f.seq, f.at, static_cast<int>(f.code),
                                         domain::fault_label(f.code), f.raised, f.historical, f.detail, f.counted});
            !err.empty()) {
            ++counters_.store_errors;
            log_once(log::level::error, "fault store", "could not store a fault of " + f.elevator_id + ": " + err);
        }
    for (const auto& t : r.test_alarms)
        if (auto err = db_.record_test_alarm({t.elevator_id, t.seq, t.at, t.received, t.historical, t.detail});
            !err.empty()) {
            ++counters_.store_errors;
            log_once(log::level::error, "test alarm store", "could not store a test alarm of " + t.elevator_id + ": " + err);
        }
    for (const auto& [id, first] : r.boards_first_seen)
        if (auto err = db_.record_board(id, first); !err.empty()) {
            ++counters_.store_errors;
            log_once(log::level::error, "board store", "could not store board " + id + ": " + err);
        }

    std::vector<dispatch_row> rows;
    std::vector<wire::message> orders;
    for (const auto& d : fx.dispatches) {
        auto m = wire::encode(d);
        rows.push_back(dispatch_row{d.order.incident, d.order.crew_id, d.order.company_id, d.order.attempt, m.topic,
                                    m.payload, false});
        orders.push_back(std::move(m));
    }
    if (!r.timeline.empty() || !r.incidents.empty() || !rows.empty())
        if (auto err = db_.commit(r.timeline, r.incidents, rows, wall_now()); !err.empty()) {
            ++counters_.store_errors;
            last_retry_ = std::chrono::steady_clock::now();
            log_once(log::level::error, "store commit",
                     "could not record " + std::to_string(r.timeline.size()) + " timeline entries (" + err + "); " +
                         std::to_string(db_.pending_entries()) +
                         " entries kept in memory and retried; acting on them anyway");
            if (problem.empty()) problem = "the record could not be written yet (" + err + "); it is kept and retried";
        }
    for (const auto& e : r.timeline)
        log::info(component, "incident " + std::to_string(e.incident) + " " + std::string(to_string(e.what)) +
                                 (e.details.empty() ? "" : ": " + e.details));

    for (const auto& row : rows) publish_dispatch(row);
    for (const auto& s : fx.stand_downs) {
        // A courtesy (QoS 1, not queued in the store): a crew that misses it learns at its next
        // report, which the core refuses with a clear reason.
        const auto m = wire::encode(s, instance_);
        mqtt_.publish(m.topic, m.payload, m.qos, m.retain);
    }
    for (const auto& c : fx.commands) {
        // The command log first (an answer must find its command), then the broker (QoS 1; a
        // board that is away gets it from its persistent session).
        if (auto err = db_.record_command(command_row_of(c)); !err.empty()) {
            ++counters_.store_errors;
            log_once(log::level::error, "command store",
                     "could not log command " + std::to_string(c.command_id) + " to " + c.elevator_id + ": " + err);
        }
        const auto m = wire::encode(c, center_id_, instance_);
        mqtt_.publish(m.topic, m.payload, m.qos, m.retain);
    }
    for (const auto& a : r.command_results)
        if (auto err = db_.record_command_result(a.command_id, a.at, a.ok, a.detail); !err.empty()) {
            ++counters_.store_errors;
            log_once(log::level::error, "command result store",
                     "could not log the answer of " + a.elevator_id + " to command " + std::to_string(a.command_id) +
                         ": " + err);
        }
    // Notification requests (fx.notifications): no SMS / voice gateway in this build (README:
    // "What is simulated"); the core recorded each as requested and not delivered.

    for (const auto c : fx.counted) ++counters_.core[static_cast<std::size_t>(c)];
    for (const auto& n : fx.notes) {
        if (n.key.empty()) log::write(level_of(n.severity), component, n.text);
        else log_once(level_of(n.severity), n.key, n.text);
    }
    if (fx.registry_changed) refresh_view(core);
    else refresh(core, fx.elevators_touched, fx.crews_touched);
    return problem;
}

// Exactly-once hand-over to libmosquitto: a row is published once per process; libmosquitto
// keeps a queued QoS 1 message (also while disconnected) until PUBACK, when the row is marked
// sent. Only rows still unsent at start are published again (at-least-once across a crash
// between publish and PUBACK; the crew sees the same incident and attempt).
void effects_sink::publish_dispatch(const dispatch_row& d) {
    const auto r = mqtt_.publish(d.topic, wire::with_center_instance(d.payload, instance_), 1);
    if (!r.queued) {
        ++counters_.publish_errors;
        log::warn(component, "dispatch to " + d.crew_id + " not handed to MQTT (" + mqtt::client::error_text(r.rc) +
                                 "); it stays unsent in the store and is published at the next start");
        return;
    }
    in_flight_[r.mid] = {d.incident, d.crew_id, d.attempt};
    ++counters_.dispatches_sent;
}

void effects_sink::on_published(int mid) {
    const auto f = in_flight_.find(mid);
    if (f == in_flight_.end()) return;
    const auto& [inc, crew, attempt] = f->second;
    if (auto err = db_.mark_sent(inc, crew, attempt); !err.empty()) {
        // Retried with the queued batches: an unmarked row would be published again at restart.
        ++counters_.store_errors;
        sent_unrecorded_.push_back(f->second);
    }
    in_flight_.erase(f);
}

void effects_sink::retry_store() {
    if (db_.pending_batches() == 0 && sent_unrecorded_.empty()) return;
    const auto wall = std::chrono::steady_clock::now();
    if (wall - last_retry_ < store_retry_every) return;
    last_retry_ = wall;
    const auto entries = db_.pending_entries();
    if (entries > 0 && db_.flush().empty())
        log::info(component, "store writable again: " + std::to_string(entries) + " queued timeline entries recorded");
    if (db_.pending_batches() > 0) return;   // the rows to mark may be among the queued ones
    std::erase_if(sent_unrecorded_, [&](const auto& k) {
        return db_.mark_sent(std::get<0>(k), std::get<1>(k), std::get<2>(k)).empty();
    });
}

void effects_sink::refresh(const center_core& core, const std::vector<std::string>& elevators,
                           const std::vector<std::string>& crews) {
    const auto& reg = *core.registry_snapshot();
    for (const auto& id : elevators) {
        const auto i = reg.elevator_index(id);
        const auto* st = core.live().get(id);
        if (i && st) view_.set_elevator(*i, *st, core.engine().open_incident_for(id));
    }
    for (const auto& id : crews) {
        const auto i = reg.crew_index(id);
        const auto* c = core.roster().find(id);
        if (i && c) view_.set_crew(*i, *c);
    }
}

void effects_sink::refresh_view(const center_core& core) {
    const auto& reg = *core.registry_snapshot();
    view_.reserve(reg.elevator_count(), reg.crew_count());
    for (std::uint32_t i = 0; i < reg.elevator_count(); ++i) {
        const auto& id = reg.elevator_at(i).id;
        if (const auto* st = core.live().get(id)) view_.set_elevator(i, *st, core.engine().open_incident_for(id));
    }
    for (std::uint32_t i = 0; i < reg.crew_count(); ++i)
        if (const auto* c = core.roster().find(reg.crew_at(i).id)) view_.set_crew(i, *c);
}

}  // namespace lw::center

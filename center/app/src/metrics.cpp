#include "metrics.hpp"

#include "lw/center/wire.hpp"

namespace lw::center {

api::metrics_reply metrics_of(const shell_counters& sc, const center_core& core, const store& db,
                              std::uint64_t reads_in_progress, std::uint64_t reads_done, const center_clock& clock,
                              std::uint64_t instance) {
    api::metrics_reply m;
    const auto& lc = core.live().counters();
    m.messages = sc.messages;
    m.elevators = core.live().size();
    m.online = core.live().online_count();
    for (std::size_t i = 0; i < ingest_result_count; ++i)
        m.ingest[std::string(to_string(static_cast<ingest_result>(i)))] = lc.by_result[i];
    m.malformed = sc.malformed;
    m.out_of_range = sc.out_of_range;
    auto core_count = [&](counter c) { return sc.core[static_cast<std::size_t>(c)]; };
    if (const auto n = core_count(counter::crew_report_unknown_crew)) m.refused["unknown crew"] = n;
    if (const auto n = core_count(counter::crew_report_refused)) m.refused["crew report refused"] = n;
    if (const auto n = core_count(counter::command_refused)) m.refused["command refused"] = n;
    if (const auto n = core_count(counter::command_result_unknown)) m.refused["unknown command result"] = n;
    m.commands["sent"] = core_count(counter::command_sent);
    m.commands["done"] = core_count(counter::command_result_ok);
    m.commands["refused_by_board"] = core_count(counter::command_result_failed);
    m.seq_gaps = lc.seq_gaps;
    m.events_missed = lc.events_missed;
    m.alarms_raised = core_count(counter::alarm_raised);
    m.dispatches_sent = sc.dispatches_sent;
    m.store_errors = sc.store_errors;
    m.internal_errors = sc.internal_errors;
    m.publish_errors = sc.publish_errors;
    m.store_pending_batches = db.pending_batches();
    m.store_pending_entries = db.pending_entries();
    m.test_alarms = core_count(counter::test_alarm);
    m.rebirths_requested = core_count(counter::rebirth_requested);
    m.rebirths_suppressed = core_count(counter::rebirth_suppressed);
    m.open_incidents = core.engine().open_count();
    m.reads_in_progress = reads_in_progress;
    m.reads_done = reads_done;
    m.watch.stale = core.live().status_overdue_count();
    m.watch.statuses_overdue = lc.statuses_overdue;
    m.watch.status_watched = core.live().status_watched_count();
    m.watch.restart_rebirths_pending = core.restart_sweep().pending();
    m.watch.test_alarms_missing = core.live().test_alarm_overdue_count();
    m.watch.test_alarms_overdue = lc.test_alarms_overdue;
    m.watch.test_alarm_watched = core.live().test_alarm_watched_count();
    m.watch.test_alarm_limit_s = std::chrono::duration_cast<std::chrono::seconds>(core.config().test_alarm_limit).count();
    m.clock = clock.drill() ? "drill" : "wall";
    m.now = format_utc(clock.now());
    m.instance = wire::instance_text(instance);
    return m;
}

}  // namespace lw::center

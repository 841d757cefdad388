#include "core_start.hpp"

namespace lw::center {

core_config core_config_of(const center_config& cfg) {
    core_config cc;
    cc.limits = cfg.limits;
    cc.travel = cfg.travel;
    cc.rules = cfg.rules;
    cc.test_alarm_limit = cfg.test_alarm_limit;
    // The boards' status periods are wall seconds; a drill's clock runs faster (x60) and stops
    // between clock messages: every board would read stale, or none. Drills watch no period.
    cc.watch_status = cfg.clock != clock_mode::drill;
    return cc;
}

restored restore_from_store(center_core& core, store& db) {
    restored r;
    const auto open = db.open_incidents();
    core.restore(open, db.max_incident_id());
    r.open_incidents = open.size();
    std::vector<command_awaiting> awaiting;
    for (const auto& c : db.commands_awaiting(core.config().commands_awaiting_max))
        if (const auto k = domain::parse<node_command_kind>(c.kind)) awaiting.push_back({c.id, c.elevator_id, *k});
    core.restore_commands(awaiting, db.max_command_id());
    r.commands_awaiting = awaiting.size();
    std::vector<board_watch> boards;
    for (auto& b : db.boards()) boards.push_back({std::move(b.elevator_id), b.first_seen, b.last_test_alarm});
    core.restore_boards(boards);
    r.boards = boards.size();
    return r;
}

}  // namespace lw::center

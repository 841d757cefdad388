#pragma once
// The center's core: every decision of the center in one object (DESIGN §3; the sans-I/O shape
// of STYLE.md). It owns the registry, every elevator's live state, the alarm rules, the
// incident engine and the crew roster; one entry point takes an input with the time and returns
// the effects for the shell to carry out: records to persist (one batch per input), dispatch
// orders, stand-downs, commands to nodes, notification requests, counters and log notes.
// Nothing else mutates crew or incident state.
//
// No Asio, MQTT, SQLite, protobuf or JSON here. Threading: thread-compatible; the center's one
// strand calls it. `now` is the center's clock (wall, or the drill's city time), read once per
// input by the shell, non-decreasing between calls.
//
// The shell's contract: persist effects.records and effects.dispatches (as unsent) first, then
// send dispatches, stand-downs and commands; a crash between the two re-sends the unsent orders
// at restart (restore() + the store's unsent list).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "lw/center/alarm_rules.hpp"
#include "lw/center/core_io.hpp"
#include "lw/center/crew_choice.hpp"
#include "lw/center/incident_engine.hpp"
#include "lw/center/live_state.hpp"
#include "lw/center/rebirth_sweep.hpp"
#include "lw/center/registry.hpp"
#include "lw/center/supervision.hpp"

namespace lw::center {

struct core_config {
    response_limits limits;
    straight_line_estimator_config travel;
    alarm_rules_config rules;
    // At most one rebirth request per elevator per this much center time: a node whose statuses
    // (QoS 0) overtake its birth (QoS 1) at start-up must not be asked once per status.
    duration rebirth_min_gap = std::chrono::seconds{30};
    // Commands sent and not answered yet that the core remembers (to match the board's answer).
    // 100,000: one command to every elevator of a large city at once; beyond it the oldest is
    // forgotten and its late answer counted as unknown (the command log keeps it as unanswered).
    std::size_t commands_awaiting_max = 100'000;
    // Mark a node stale when its status is overdue (live_state: 1.5 x its reported period). Off
    // under the drill clock: the boards' periods are wall seconds, the drill's clock runs faster.
    bool watch_status = true;
    // After a restart, the boards the center knew (restore_boards) and has heard no birth from
    // are asked for a rebirth at the first tick, spread out and rate-limited (rebirth_sweep.hpp).
    rebirth_sweep_config restart_rebirths;
    // A known board with no EN 81-28 test alarm for longer than this is flagged
    // (elevator_live::test_alarm_overdue; the rule of supervision's test_alarm_missing). The
    // watch runs in center time, as the store records first births and test alarms.
    duration test_alarm_limit = supervision_limits::test_alarm_limit;
};

// A command sent and not answered yet (recovery: from the store's command log).
struct command_awaiting {
    std::uint64_t command_id = 0;
    std::string elevator_id;
    node_command_kind kind = node_command_kind::rebirth;
};

class center_core {
public:
    center_core(core_config cfg, std::shared_ptr<const registry> reg);
    center_core(const center_core&) = delete;
    center_core& operator=(const center_core&) = delete;

    // Recovery, before the first input: the incidents the store holds open, and the highest
    // incident id ever used. Timers are absolute and carry on; overdue ones fire at the next tick.
    void restore(const std::vector<incident>& open, incident_id highest_id);
    // Recovery of the command log: the commands still awaiting an answer, and the highest
    // command id ever used (new ones continue above it).
    void restore_commands(const std::vector<command_awaiting>& awaiting, std::uint64_t highest_id);
    // Recovery of the boards heard from in earlier runs (the store's boards): they are not
    // "first seen" again, their test-alarm watch carries on from their last test alarm (or first
    // birth), and those still unknown at the first tick are asked for a rebirth. Boards of
    // elevators no longer registered are skipped.
    void restore_boards(const std::vector<board_watch>& boards);

    effects handle(const input& in, timestamp now);

    // Read access for the owning strand (the shell's view updates and metrics).
    const std::shared_ptr<const registry>& registry_snapshot() const { return registry_; }
    const live_state_table& live() const { return live_; }
    const crew_roster& roster() const { return roster_; }
    const incident_engine& engine() const { return engine_; }
    const core_config& config() const { return cfg_; }
    const rebirth_sweep& restart_sweep() const { return sweep_; }

private:
    struct impl;   // the handlers, in center_core.cpp
    friend struct impl;

    core_config cfg_;
    std::shared_ptr<const registry> registry_;
    straight_line_estimator estimator_;
    crew_roster roster_;
    incident_engine engine_;
    live_state_table live_;
    alarm_rules rules_;
    std::unordered_map<std::string, timestamp> rebirth_asked_;   // elevator -> last request
    std::uint64_t next_command_id_ = 1;
    std::map<std::uint64_t, command_awaiting> awaiting_;           // by command id (oldest first)
    rebirth_sweep sweep_;
};

}  // namespace lw::center

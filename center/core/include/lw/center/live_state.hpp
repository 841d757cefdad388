#pragma once
// Every elevator's live state in the center (DESIGN §2, §4): the node's session (Sparkplug-style
// birth/death with bd_seq), the per-message seq check, the last status and the active faults.
// Pure: plain structs in, a precise outcome out; time is a parameter. The MQTT adapter converts
// protobuf to these structs; this file knows no protobuf and no firmware header.
//
// Threading: thread-compatible. The center's one owning strand calls everything; `now` is the
// center's clock (wall or drill city time), read once per input, non-decreasing between calls.
// Budget: ≤ 1 KiB per elevator for 1,000,000 elevators including the map (DESIGN §4); measured
// in tests/center/core/live_state_test.cpp (about 270 B with 20-character ids, all faulted).
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lw/domain/car.hpp"
#include "lw/domain/fault.hpp"
#include "lw/time.hpp"

namespace lw::center {

using domain::door_state;
using domain::fault_code;
using domain::fault_mask;
using domain::fault_names;
using domain::service_mode;
using domain::travel_direction;

// One status snapshot as the center keeps it: fixed-size numerics (32 bytes) so a million of
// them fit the budget. The adapter rounds the wire floats.
struct car_status {
    timestamp sampled_at{};                 // board clock when sampled
    std::int16_t floor = 0;                 // valid when floor_known
    std::uint16_t speed_mm_s = 0;           // millimetres per second (fastest cars: ~21,000)
    std::int16_t temperature_dc = 250;      // tenths of a degree Celsius
    std::uint8_t battery_pct = 100;         // backup battery, 0..100 %
    service_mode mode = service_mode::normal;
    travel_direction direction = travel_direction::none;
    door_state door = door_state::closed;
    bool floor_known = true;
    bool moving = false;
    bool in_door_zone = true;
    bool occupied = false;
    bool alarm_button = false;
    bool mains_ok = true;
    bool safety_circuit_ok = true;
    bool door_lock_ok = true;
    bool overload = false;
};

// Session state of the node as the center sees it.
enum class node_state : std::uint8_t {
    unknown,  // registered, no birth or death seen since the center started
    online,   // birth accepted, no death for that session since
    offline,  // death of the current session accepted: data is stale until the next birth
};

// The live state of one elevator. Read-only for users of the table.
struct elevator_live {
    fault_mask active_faults = 0;               // bit n set: fault code n raised and not cleared
    std::optional<std::uint64_t> bd_seq;        // session of the last birth (or of a death seen first)
    std::optional<std::uint64_t> last_seq;      // last accepted event seq; none right after a reset
    timestamp last_seen{};                      // center time the node last spoke (birth/status/event; never a death)
    timestamp state_since{};                    // center time of the last birth / accepted death
    std::optional<timestamp> status_received_at;  // center time of the last status; none: no status yet
    car_status status;                          // last status (valid when status_received_at)
    std::uint32_t events_missed = 0;            // seq numbers skipped (gaps), since registration
    duration status_interval{};                 // the last birth's status period; zero: not reported, not watched
    timestamp status_due{};                     // watched: overdue once now > this (last status or birth + 1.5 x period)
    timestamp test_alarm_since{};               // known board: its last EN 81-28 test alarm (center clock), or first birth
    node_state state = node_state::unknown;
    bool silence_reported = false;              // take_newly_silent() reported it; reset when heard again
    // The center has heard this board's birth: in this run, or in an earlier one (mark_board_known,
    // from the store's boards at start). A board known and still `unknown` after a restart is asked
    // for a rebirth.
    bool board_known = false;
    // Set by take_status_overdue(): online, and no status within 1.5 x status_interval (reset by
    // the next status or birth; a death ends the watch).
    bool status_overdue = false;
    // Set by take_test_alarm_overdue(): a known board with no EN 81-28 test alarm for longer than
    // the limit since test_alarm_since (reset by the next test alarm).
    bool test_alarm_overdue = false;

    bool is_active(fault_code c) const { return (active_faults & domain::mask_of(c)) != 0; }
    bool online() const { return state == node_state::online; }
    // Sparkplug "stale": the node's session ended, what we hold is its last word.
    bool stale() const { return state == node_state::offline; }
};

// A node's status is overdue when none arrived within this many times its reported period
// (issue 9 item 7: a frozen board whose TCP connection stays open is noticed long before the
// broker's Will, which waits 1.5 x the MQTT keep-alive). 1.5: a period's jitter is tolerated.
constexpr duration status_overdue_after(duration status_interval) { return status_interval * 3 / 2; }

// Inputs. The adapter fills them from NodeBirth / Event.
struct node_birth {
    std::uint64_t bd_seq = 0;
    // NodeBirth.next_event_seq. Events carry a per-node seq that keeps rising across restarts; when
    // the birth's next seq is above the last accepted one, the center keeps its high-water mark so
    // replays of events it already has are rejected as duplicates. Without it (or when it went
    // backwards: board replaced or reset) the seq expectation restarts: last_seq = none.
    std::optional<std::uint64_t> next_event_seq;
    // NodeBirth.active_faults as a mask: replaces the center's mask (a birth is full state).
    // Without it the center keeps its mask; clears arrive as (historical) events.
    std::optional<fault_mask> active_faults;
    // NodeBirth.status_interval_s: the node's period between statuses; zero when not reported
    // (then only the broker's Will ends the session).
    duration status_interval{};
};

struct node_event {
    std::uint64_t seq = 0;
    fault_code code = fault_code::unknown;     // any number 1..63 is kept, known to this build or not
    bool raised = true;         // false: cleared
    bool historical = false;    // replayed from the board's outbox after being offline
    timestamp event_time{};     // board clock: when it happened
    // false: not about a fault (a comfort play, a command's answer): only its seq counts (the
    // seq check, the gap count, hearing from the node); the code is not looked at.
    bool fault = true;
};

enum class ingest_result : std::uint8_t {
    accepted,
    rejected_unknown_elevator,  // not registered: nothing is kept for it
    rejected_stale_death,       // death for another session (a late Will): the node stays as it is
    rejected_duplicate_death,   // death of the current session again (QoS 1 redelivery, Will + goodbye)
    rejected_duplicate_seq,     // event seq == last accepted seq
    rejected_old_seq,           // event seq < last accepted seq
    rejected_bad_fault_code,    // event code 0 or > 63; its seq still counts as received
};
inline constexpr std::size_t ingest_result_count = 7;

struct ingest_outcome {
    ingest_result result = ingest_result::accepted;
    std::uint64_t gap = 0;        // accepted event: seq numbers skipped just before it (0: none)
    // Status/event from a node with no live session (never born since the center started, or
    // dead): accepted, but the center should send it a rebirth command (rate-limited by the shell).
    bool rebirth_needed = false;
    bool accepted() const { return result == ingest_result::accepted; }
};

// Monotonic counters for /metrics.
struct ingest_counters {
    std::array<std::uint64_t, ingest_result_count> by_result{};  // index: ingest_result
    std::uint64_t births = 0;            // accepted, per kind
    std::uint64_t deaths = 0;
    std::uint64_t statuses = 0;
    std::uint64_t events = 0;
    std::uint64_t seq_gaps = 0;          // accepted events that followed a gap
    std::uint64_t events_missed = 0;     // sum of the gap sizes
    std::uint64_t rebirths_needed = 0;   // outcomes with rebirth_needed
    std::uint64_t silences_reported = 0; // elevators returned by take_newly_silent
    std::uint64_t statuses_overdue = 0;  // elevators returned by take_status_overdue (each episode once)
    std::uint64_t test_alarms_overdue = 0;   // boards returned by take_test_alarm_overdue (each episode once)

    std::uint64_t count(ingest_result r) const { return by_result[static_cast<std::size_t>(r)]; }
    std::uint64_t total() const;         // all inputs, accepted or not
    std::uint64_t rejected() const { return total() - count(ingest_result::accepted); }
};

class live_state_table {
public:
    live_state_table() = default;
    live_state_table(const live_state_table&) = delete;  // the silence index points into the map
    live_state_table& operator=(const live_state_table&) = delete;

    // Pre-size the hash table (the center knows its registry size at start).
    void reserve(std::size_t elevators);
    // Returns false when already registered (state is kept).
    bool register_elevator(std::string_view id);
    bool known(std::string_view id) const;

    // Always accepted for a known elevator: online, session = birth.bd_seq, heard now.
    ingest_outcome on_birth(std::string_view id, const node_birth& birth, timestamp now);
    // A birth with only its bd_seq: seq expectation restarts, the fault mask is kept.
    ingest_outcome on_birth(std::string_view id, std::uint64_t bd_seq, timestamp now) {
        return on_birth(id, node_birth{bd_seq, std::nullopt, std::nullopt, {}}, now);
    }
    // Accepted only for the current session's bd_seq (or when no session is known yet, e.g. after
    // a center restart): offline, stale. Does not count as hearing from the node.
    ingest_outcome on_death(std::string_view id, std::uint64_t bd_seq, timestamp now);
    // Last status and last_seen. Order of statuses relies on MQTT's per-topic order (QoS 0).
    ingest_outcome on_status(std::string_view id, const car_status& status, timestamp now);
    // seq must be above the last accepted one; a gap is accepted and counted. Raised/cleared
    // updates the active-fault mask (test_alarm never becomes active); an event that is not about
    // a fault (event.fault false) only counts its seq.
    ingest_outcome on_event(std::string_view id, const node_event& event, timestamp now);

    // Elevators with an active fault that have been silent for at least `silence`
    // (now - last_seen >= silence), each returned once per silence episode (it is re-armed when
    // the node is heard again). Cost O(log k + r): only the k elevators with active faults are
    // indexed, ordered by last_seen, so calling it every second with 1 M elevators is cheap.
    std::vector<std::string> take_newly_silent(timestamp now, duration silence);

    // Online elevators with a reported status period whose status is now overdue
    // (now > last status or birth + status_overdue_after(period)): status_overdue is set, and each
    // is returned once per episode (the next status or birth re-arms the watch). Cost O(log w + r):
    // the w watched elevators are indexed by their due time.
    std::vector<std::string> take_status_overdue(timestamp now);

    // An EN 81-28 test alarm from `id` arrived now (center clock): its watch starts again and
    // test_alarm_overdue is cleared. Returns false when the elevator is not registered.
    bool test_alarm_received(std::string_view id, timestamp now);
    // Known boards with no test alarm for longer than `limit` (now - test_alarm_since > limit, the
    // rule of supervision's test_alarm_missing): test_alarm_overdue is set, and each is returned
    // once per episode. Cost O(log b + r): the b known boards are indexed by test_alarm_since.
    std::vector<std::string> take_test_alarm_overdue(timestamp now, duration limit);

    // The board of `id` was heard from in an earlier run (the store's boards): known, its test
    // alarms watched since `test_alarm_since` (its last test alarm, or its first birth). A board
    // becomes known at its first birth otherwise (test_alarm_since = then). Returns false when the
    // elevator is not registered.
    bool mark_board_known(std::string_view id, timestamp test_alarm_since);

    const elevator_live* get(std::string_view id) const;  // nullptr when unknown
    std::size_t size() const { return elevators_.size(); }
    std::size_t online_count() const { return online_count_; }
    std::size_t watched_count() const { return silence_index_.size(); }  // faulted, not yet reported silent
    std::size_t status_watched_count() const { return status_index_.size(); }   // online with a period, not overdue
    std::size_t status_overdue_count() const { return status_overdue_count_; }  // online and overdue now
    std::size_t test_alarm_watched_count() const { return test_alarm_index_.size(); }  // known boards, not overdue
    std::size_t test_alarm_overdue_count() const { return test_alarm_overdue_count_; } // boards overdue now
    const ingest_counters& counters() const { return counters_; }

    // f(std::string_view id, const elevator_live&) for every elevator, in no particular order.
    // O(n): for the console's paged views and snapshots, not for per-message work.
    template <class F>
    void for_each(F&& f) const {
        for (const auto& [id, live] : elevators_) f(std::string_view{id}, live);
    }

private:
    struct id_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    using map_type = std::unordered_map<std::string, elevator_live, id_hash, std::equal_to<>>;
    using entry = map_type::value_type;

    // An index entry: (time, id). The silence index holds faulted, not-yet-reported elevators by
    // last_seen; the status index online, watched, not-yet-overdue elevators by status_due; the
    // test-alarm index known, not-yet-overdue boards by test_alarm_since.
    // Entries point into the map's nodes, which never move.
    struct timed_key {
        timestamp at;
        entry* elevator;
    };
    struct timed_less {
        bool operator()(const timed_key& a, const timed_key& b) const {
            if (a.at != b.at) return a.at < b.at;
            return a.elevator->first < b.elevator->first;
        }
    };
    using timed_index = std::set<timed_key, timed_less>;

    entry* find_(std::string_view id);
    ingest_outcome count_(ingest_result r, ingest_outcome o = {});
    // Applies `change` to an elevator, keeping the indexes and the counts right.
    template <class Change>
    void update_(entry& e, Change&& change);

    map_type elevators_;
    timed_index silence_index_;
    timed_index status_index_;
    timed_index test_alarm_index_;
    std::size_t online_count_ = 0;
    std::size_t status_overdue_count_ = 0;
    std::size_t test_alarm_overdue_count_ = 0;
    ingest_counters counters_;
};

std::string_view to_string(node_state s);
std::string_view to_string(ingest_result r);

}  // namespace lw::center

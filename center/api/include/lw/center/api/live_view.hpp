#pragma once
// The console's view of live state, read off the dispatch strand (issue "reads never delay an
// alarm"). The core's strand writes it after each input, for the elevators and crews the input
// touched; read threads answer the map and the lists from it without ever taking a lock the
// strand waits on. One cell per elevator (24 bytes) and per crew, indexed like the registry.
//
// Each cell is a few independent atomics: a reader sees each field as it was at some moment, not
// necessarily all fields of a cell at the same moment (fine for a console refreshed every 2 s).
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "lw/center/crew_choice.hpp"
#include "lw/center/incident_engine.hpp"
#include "lw/center/live_state.hpp"

namespace lw::center::api {

struct elevator_view {
    node_state state = node_state::unknown;
    bool status_overdue = false;       // online, but no status within 1.5 x its period
    bool test_alarm_overdue = false;   // no EN 81-28 test alarm within the limit
    bool has_status = false;
    bool floor_known = false;
    bool moving = false;
    bool occupied = false;
    door_state door = door_state::closed;
    service_mode mode = service_mode::normal;
    std::int16_t floor = 0;
    fault_mask faults = 0;
    std::optional<incident_id> incident;   // the open incident, if any
};

// The state the console shows: "stale" for a node online whose status is overdue.
std::string_view state_text(const elevator_view& v);
// Offline, or online with its status overdue: what we hold is its last word.
inline bool is_stale(const elevator_view& v) { return v.state == node_state::offline || v.status_overdue; }

struct crew_view {
    crew_status status = crew_status::available;
    geo_point position;
};

class live_view {
public:
    live_view();

    // Strand only. Grows the arrays (indexes never move; a grown array copies the cells).
    void reserve(std::size_t elevators, std::size_t crews);
    void set_elevator(std::uint32_t index, const elevator_live& live, std::optional<incident_id> incident);
    void set_crew(std::uint32_t index, const crew& c);

    // Any thread. Out-of-range indexes read as default values.
    class reader {
    public:
        elevator_view elevator(std::uint32_t index) const;
        crew_view crew(std::uint32_t index) const;
        std::size_t elevators() const;
        std::size_t crews() const;

    private:
        friend class live_view;
        struct cells;
        std::shared_ptr<const cells> c_;
    };
    reader read() const;

private:
    std::shared_ptr<reader::cells> current() const;
    mutable std::mutex swap_;                       // guards the pointer, never a cell
    std::shared_ptr<reader::cells> cells_;
};

}  // namespace lw::center::api

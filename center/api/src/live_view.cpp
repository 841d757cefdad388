#include "lw/center/api/live_view.hpp"

#include <bit>

namespace lw::center::api {
namespace {

// Status word: bits 0-1 node state, 2 has status, 3 floor known, 4 moving, 5 occupied, 6 status
// overdue, 7 test alarm overdue, 8-10 door, 11-13 service mode, 16-31 floor (two's complement).
std::uint64_t pack(const elevator_live& l) {
    const auto& s = l.status;
    std::uint64_t w = static_cast<std::uint64_t>(l.state) & 3U;
    if (l.status_received_at) w |= 1U << 2;
    if (s.floor_known) w |= 1U << 3;
    if (s.moving) w |= 1U << 4;
    if (s.occupied) w |= 1U << 5;
    if (l.status_overdue) w |= 1U << 6;
    if (l.test_alarm_overdue) w |= 1U << 7;
    w |= (static_cast<std::uint64_t>(s.door) & 7U) << 8;
    w |= (static_cast<std::uint64_t>(s.mode) & 7U) << 11;
    w |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(s.floor)) << 16;
    return w;
}

elevator_view unpack(std::uint64_t w, fault_mask faults, std::int64_t incident) {
    elevator_view v;
    v.state = static_cast<node_state>(w & 3U);
    v.has_status = (w >> 2) & 1U;
    v.floor_known = (w >> 3) & 1U;
    v.moving = (w >> 4) & 1U;
    v.occupied = (w >> 5) & 1U;
    v.status_overdue = (w >> 6) & 1U;
    v.test_alarm_overdue = (w >> 7) & 1U;
    v.door = static_cast<door_state>((w >> 8) & 7U);
    v.mode = static_cast<service_mode>((w >> 11) & 7U);
    v.floor = static_cast<std::int16_t>(static_cast<std::uint16_t>((w >> 16) & 0xFFFFU));
    v.faults = faults;
    if (incident > 0) v.incident = incident;
    return v;
}

// Crew word: the position as two float32 (about a metre of resolution) and the status.
std::uint64_t pack_position(geo_point p) {
    const auto lat = std::bit_cast<std::uint32_t>(static_cast<float>(p.lat_deg));
    const auto lon = std::bit_cast<std::uint32_t>(static_cast<float>(p.lon_deg));
    return (static_cast<std::uint64_t>(lat) << 32) | lon;
}
geo_point unpack_position(std::uint64_t w) {
    return {std::bit_cast<float>(static_cast<std::uint32_t>(w >> 32)),
            std::bit_cast<float>(static_cast<std::uint32_t>(w & 0xFFFFFFFFU))};
}

}  // namespace

struct live_view::reader::cells {
    struct elevator_cell {
        std::atomic<std::uint64_t> status{0};
        std::atomic<std::uint64_t> faults{0};
        std::atomic<std::int64_t> incident{0};
    };
    struct crew_cell {
        std::atomic<std::uint64_t> position{0};
        std::atomic<std::uint8_t> status{0};
    };
    explicit cells(std::size_t e, std::size_t c) : elevators(e), crews(c) {}
    std::vector<elevator_cell> elevators;
    std::vector<crew_cell> crews;
};

std::string_view state_text(const elevator_view& v) {
    return v.state == node_state::online && v.status_overdue ? "stale" : to_string(v.state);
}

live_view::live_view() : cells_(std::make_shared<reader::cells>(0, 0)) {}

std::shared_ptr<live_view::reader::cells> live_view::current() const {
    std::lock_guard lock(swap_);
    return cells_;
}

void live_view::reserve(std::size_t elevators, std::size_t crews) {
    const auto old = current();
    if (old->elevators.size() >= elevators && old->crews.size() >= crews) return;
    auto grown = std::make_shared<reader::cells>(std::max(elevators, old->elevators.size()),
                                                 std::max(crews, old->crews.size()));
    for (std::size_t i = 0; i < old->elevators.size(); ++i) {
        grown->elevators[i].status = old->elevators[i].status.load(std::memory_order_relaxed);
        grown->elevators[i].faults = old->elevators[i].faults.load(std::memory_order_relaxed);
        grown->elevators[i].incident = old->elevators[i].incident.load(std::memory_order_relaxed);
    }
    for (std::size_t i = 0; i < old->crews.size(); ++i) {
        grown->crews[i].position = old->crews[i].position.load(std::memory_order_relaxed);
        grown->crews[i].status = old->crews[i].status.load(std::memory_order_relaxed);
    }
    std::lock_guard lock(swap_);
    cells_ = std::move(grown);
}

// The strand is the only writer, so it may use its own pointer without the lock after reserve().
void live_view::set_elevator(std::uint32_t index, const elevator_live& live, std::optional<incident_id> incident) {
    auto& c = *cells_;
    if (index >= c.elevators.size()) return;
    auto& cell = c.elevators[index];
    cell.status.store(pack(live), std::memory_order_relaxed);
    cell.faults.store(live.active_faults, std::memory_order_relaxed);
    cell.incident.store(incident.value_or(0), std::memory_order_relaxed);
}

void live_view::set_crew(std::uint32_t index, const crew& cr) {
    auto& c = *cells_;
    if (index >= c.crews.size()) return;
    c.crews[index].position.store(pack_position(cr.position), std::memory_order_relaxed);
    c.crews[index].status.store(static_cast<std::uint8_t>(cr.status), std::memory_order_relaxed);
}

live_view::reader live_view::read() const {
    reader r;
    r.c_ = current();
    return r;
}

elevator_view live_view::reader::elevator(std::uint32_t index) const {
    if (index >= c_->elevators.size()) return {};
    const auto& cell = c_->elevators[index];
    return unpack(cell.status.load(std::memory_order_relaxed), cell.faults.load(std::memory_order_relaxed),
                  cell.incident.load(std::memory_order_relaxed));
}

crew_view live_view::reader::crew(std::uint32_t index) const {
    if (index >= c_->crews.size()) return {};
    const auto& cell = c_->crews[index];
    return {static_cast<crew_status>(cell.status.load(std::memory_order_relaxed)),
            unpack_position(cell.position.load(std::memory_order_relaxed))};
}

std::size_t live_view::reader::elevators() const { return c_->elevators.size(); }
std::size_t live_view::reader::crews() const { return c_->crews.size(); }

}  // namespace lw::center::api

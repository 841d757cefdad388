// GET /api/map?bbox=SOUTH,WEST,NORTH,EAST&max=N: the electronic map in a size a browser and the
// center can afford. Within the box, every elevator when there are at most `max`; otherwise a
// grid of cells with counts, plus every elevator with an open incident one by one. Crews in the
// box, always. Runs on a read thread over the registry snapshot and the live view: O(elevators)
// there, nothing on the dispatch strand.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "lw/center/api/router.hpp"
#include "lw/center/api/types.hpp"

namespace lw::center::api {
namespace {

constexpr std::size_t default_max = 2000;
constexpr std::size_t hard_max = 5000;        // elevators listed one by one, at most
constexpr int grid_cells_per_side = 32;        // cells mode: at most 32 x 32 cells
constexpr double extent_pad_deg = 0.005;       // around the whole city when no box is given

struct box {
    double south, west, north, east;
    bool contains(geo_point p) const {
        return p.lat_deg >= south && p.lat_deg <= north && p.lon_deg >= west && p.lon_deg <= east;
    }
};

std::optional<double> number(std::string_view s) {
    double v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

// "south,west,north,east" in degrees.
std::optional<box> parse_box(const std::string& s) {
    double v[4];
    std::size_t pos = 0;
    for (int i = 0; i < 4; ++i) {
        const auto end = i < 3 ? s.find(',', pos) : s.size();
        if (end == std::string::npos) return std::nullopt;
        const auto x = number(std::string_view(s).substr(pos, end - pos));
        if (!x) return std::nullopt;
        v[i] = *x;
        pos = end + 1;
    }
    box b{v[0], v[1], v[2], v[3]};
    if (b.south < -90 || b.north > 90 || b.west < -180 || b.east > 180 || b.south >= b.north || b.west >= b.east)
        return std::nullopt;
    return b;
}

box extent_of(const registry& reg) {
    box b{90, 180, -90, -180};
    auto grow = [&](geo_point p) {
        b.south = std::min(b.south, p.lat_deg);
        b.north = std::max(b.north, p.lat_deg);
        b.west = std::min(b.west, p.lon_deg);
        b.east = std::max(b.east, p.lon_deg);
    };
    for (std::uint32_t i = 0; i < reg.elevator_count(); ++i) grow(reg.elevator_at(i).position);
    for (std::uint32_t i = 0; i < reg.crew_count(); ++i) grow(reg.crew_at(i).position);
    if (b.south > b.north) return box{-extent_pad_deg, -extent_pad_deg, extent_pad_deg, extent_pad_deg};
    return box{std::max(-90.0, b.south - extent_pad_deg), std::max(-180.0, b.west - extent_pad_deg),
               std::min(90.0, b.north + extent_pad_deg), std::min(180.0, b.east + extent_pad_deg)};
}

map_elevator one(const elevator_record& e, const elevator_view& v) {
    return map_elevator{e.id,
                        e.position.lat_deg,
                        e.position.lon_deg,
                        v.state == node_state::online && !v.status_overdue,
                        is_stale(v),
                        v.state == node_state::online && v.status_overdue,
                        v.test_alarm_overdue,
                        v.faults ? fault_names(v.faults) : std::string{},
                        v.incident};
}

response map(const request& r, const path_params&, read_context& c) {
    const auto& reg = *c.reg;
    box b{};
    if (const auto q = form_value(r.query, "bbox"); !q.empty()) {
        const auto parsed_box = parse_box(q);
        if (!parsed_box) return error(400, "bbox must be SOUTH,WEST,NORTH,EAST in degrees, south < north, west < east");
        b = *parsed_box;
    } else {
        b = extent_of(reg);
    }
    std::size_t max = default_max;
    if (const auto q = form_value(r.query, "max"); !q.empty()) {
        const auto m = number(q);
        if (!m || *m < 1 || *m > static_cast<double>(hard_max))
            return error(400, "max must be a whole number from 1 to " + std::to_string(hard_max));
        max = static_cast<std::size_t>(*m);
    }

    map_reply out;
    out.south = b.south, out.west = b.west, out.north = b.north, out.east = b.east;
    std::vector<std::uint32_t> inside;
    const auto n = static_cast<std::uint32_t>(std::min(reg.elevator_count(), c.live.elevators()));
    for (std::uint32_t i = 0; i < n; ++i)
        if (b.contains(reg.elevator_at(i).position)) inside.push_back(i);
    out.total = inside.size();

    if (inside.size() <= max) {
        out.mode = "elevators";
        for (const auto i : inside) out.elevators.push_back(one(reg.elevator_at(i), c.live.elevator(i)));
    } else {
        out.mode = "cells";
        const double dlat = (b.north - b.south) / grid_cells_per_side, dlon = (b.east - b.west) / grid_cells_per_side;
        struct acc {
            map_cell cell;
            double lat_sum = 0, lon_sum = 0;
        };
        std::vector<acc> grid(grid_cells_per_side * grid_cells_per_side);
        for (const auto i : inside) {
            const auto& e = reg.elevator_at(i);
            const auto v = c.live.elevator(i);
            const int row = std::clamp(static_cast<int>((e.position.lat_deg - b.south) / dlat), 0, grid_cells_per_side - 1);
            const int col = std::clamp(static_cast<int>((e.position.lon_deg - b.west) / dlon), 0, grid_cells_per_side - 1);
            auto& a = grid[static_cast<std::size_t>(row * grid_cells_per_side + col)];
            if (a.cell.elevators == 0) {
                a.cell.south = b.south + row * dlat;
                a.cell.north = a.cell.south + dlat;
                a.cell.west = b.west + col * dlon;
                a.cell.east = a.cell.west + dlon;
            }
            ++a.cell.elevators;
            a.lat_sum += e.position.lat_deg;
            a.lon_sum += e.position.lon_deg;
            if (v.state == node_state::offline) ++a.cell.offline;
            else if (v.status_overdue) ++a.cell.stale;
            if (v.test_alarm_overdue) ++a.cell.test_alarms_missing;
            if (v.faults) ++a.cell.faulted;
            if (v.incident) {
                ++a.cell.incidents;
                if (out.elevators.size() < max) out.elevators.push_back(one(e, v));
            }
        }
        for (auto& a : grid) {
            if (a.cell.elevators == 0) continue;
            a.cell.lat = a.lat_sum / a.cell.elevators;
            a.cell.lon = a.lon_sum / a.cell.elevators;
            out.cells.push_back(a.cell);
        }
    }
    const auto crews = static_cast<std::uint32_t>(std::min(reg.crew_count(), c.live.crews()));
    for (std::uint32_t i = 0; i < crews; ++i) {
        const auto v = c.live.crew(i);
        if (!b.contains(v.position)) continue;
        const auto& rec = reg.crew_at(i);
        out.crews.push_back({rec.id, rec.kind, std::string(to_string(v.status)), v.position.lat_deg, v.position.lon_deg});
    }
    return json_reply(to_json(out));
}

}  // namespace

void add_map_routes(router& r) { r.add({"GET", "/api/map", read_handler{map}}); }

}  // namespace lw::center::api

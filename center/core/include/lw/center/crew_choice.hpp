#pragma once
// Crew choice: who is nearest, by estimated travel time. Pure; no I/O.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lw/geo.hpp"
#include "lw/time.hpp"

namespace lw::center {

enum class crew_kind : std::uint8_t {
    maintenance,      // a maintenance company's crew (L1)
    rescue_team,      // professional rescue team at an emergency workstation (L2)
    expert,           // expert team (joins at L3)
    fire,             // 119 fire rescue (L3)
};

enum class crew_status : std::uint8_t {
    available,
    dispatched,       // order sent, not yet acknowledged
    busy,             // acknowledged / en route / on site
    off_duty,
};

struct crew {
    std::string id;          // unique, also the last level of its dispatch topic
    std::string company_id;  // maintenance company, workstation operator, "119", ...
    crew_kind kind = crew_kind::maintenance;
    geo_point position;
    crew_status status = crew_status::available;
};

// Travel-time estimate. The default is great-circle distance x road factor / speed; a road
// network router can replace it.
class travel_estimator {
public:
    virtual ~travel_estimator() = default;
    virtual duration travel_time(geo_point from, geo_point to) const = 0;

    // Pruning contract for crew_roster: the longest great-circle distance, in metres, that can be
    // covered in `t` or less, i.e. every pair farther apart than this has travel_time(...) > t.
    // Must be non-decreasing in `t`. The default (infinity) is always correct but lets the roster
    // prune nothing, so nearest() then scans every candidate crew.
    virtual double max_reach_m(duration /*t*/) const { return std::numeric_limits<double>::infinity(); }
};

struct straight_line_estimator_config {
    double road_factor = 1.4;            // road distance / great-circle distance
    double speed_kmh = 30;               // average urban driving speed
};

// Contract: road_factor > 0 and speed_kmh > 0. Travel time is rounded to the nearest ms.
class straight_line_estimator final : public travel_estimator {
public:
    explicit straight_line_estimator(straight_line_estimator_config cfg = {});
    duration travel_time(geo_point from, geo_point to) const override;
    double max_reach_m(duration t) const override;

private:
    straight_line_estimator_config cfg_;
};

struct crew_choice {
    std::string crew_id;
    duration eta{};
};

namespace detail {
// One crew in a grid cell: its position as a unit vector (cheap exact distance ranking) and its
// index in the roster.
struct grid_entry {
    double x = 0, y = 0, z = 0;
    std::uint32_t crew = 0;
};
// Available crews of one kind (or of one kind and one company), bucketed in square cells of
// cell_deg x cell_deg degrees keyed by (row, column). The bounding box of rows/columns ever used
// only grows; it bounds the ring search.
struct crew_grid {
    std::unordered_map<std::uint64_t, std::vector<grid_entry>> cells;
    std::size_t count = 0;
    std::int32_t min_row = std::numeric_limits<std::int32_t>::max();
    std::int32_t max_row = std::numeric_limits<std::int32_t>::min();
    std::int32_t min_col = std::numeric_limits<std::int32_t>::max();
    std::int32_t max_col = std::numeric_limits<std::int32_t>::min();
};
}  // namespace detail

// Every crew the center knows, with its live status and position, indexed for the question
// "which available crew of this kind (and company) can be there first?".
// Budget (DESIGN §4): nearest among 10,000 crews in <= 10 us, so the lookup must not scan
// every crew; a spatial grid or similar is expected. Thread-compatible (one owner).
//
// Index: only *available* crews are in the grids, one grid per kind and one per (company, kind),
// so a company-restricted query never wades through other companies' crews. nearest() searches
// square rings of cells outwards from the query point and stops once the nearest great-circle
// distance any unsearched cell could hold exceeds estimator().max_reach_m(best ETA so far); when
// the rings would visit more cells than the grid holds crews (far-away or sparse crews) it falls
// back to a scan of that grid, so the answer is always exact. Ties in ETA go to the smaller id.
// The estimator must outlive the roster.
class crew_roster {
public:
    static constexpr double default_cell_deg = 0.01;   // ~1.1 km north-south: a few crews per cell in a city

    explicit crew_roster(const travel_estimator& est, double cell_deg = default_cell_deg);

    void upsert(const crew& c);                 // add or replace by id
    bool set_status(const std::string& crew_id, crew_status s);
    bool set_position(const std::string& crew_id, geo_point p);
    const crew* find(const std::string& crew_id) const;
    std::vector<crew> all() const;
    std::size_t size() const;

    // Nearest available crew of `kind` (and of `company_id` when non-empty) by estimated
    // travel time to `at`, skipping the ids in `exclude`. nullopt when none is available.
    std::optional<crew_choice> nearest(geo_point at, crew_kind kind, const std::string& company_id = {},
                                       const std::vector<std::string>& exclude = {}) const;

    const travel_estimator& estimator() const;

private:
    void index(std::uint32_t i);     // add crews_[i] to its grids (when available)
    void unindex(std::uint32_t i);   // remove crews_[i] from its grids (when available)
    std::optional<crew_choice> search(const detail::crew_grid& g, geo_point at,
                                      const std::vector<std::string>& exclude) const;

    const travel_estimator* est_;
    double cell_deg_;
    std::vector<crew> crews_;
    std::unordered_map<std::string, std::uint32_t> index_of_;
    std::vector<detail::crew_grid> by_kind_;                                     // [kind]
    std::unordered_map<std::string, std::vector<detail::crew_grid>> by_company_;  // company -> [kind]
};

std::string_view to_string(crew_kind k);
std::string_view to_string(crew_status s);
// The inverse of to_string; nullopt for any other text.
std::optional<crew_kind> crew_kind_from_string(std::string_view s);

}  // namespace lw::center

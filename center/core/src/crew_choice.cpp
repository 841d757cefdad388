#include "lw/center/crew_choice.hpp"

#include <algorithm>
#include <cmath>

namespace lw::center {

namespace {

constexpr double earth_radius_m = 6'371'008.8;   // the sphere of lw::great_circle_m
constexpr double pi = 3.14159265358979323846;
constexpr double rad_per_deg = pi / 180.0;
constexpr double ms_per_hour = 3'600'000.0;
constexpr double m_per_km = 1000.0;
constexpr double inf = std::numeric_limits<double>::infinity();

// Floating-point slack for the pruning bounds: generous by far more than the rounding error of
// the unit-vector and haversine computations (~1e-12 relative), so pruning never drops a crew
// that the estimator would rank first.
constexpr double bound_rel_slack = 1e-9;
constexpr double bound_abs_slack_m = 1e-3;

// The ring search gives up on rings once it would visit more cells than the grid holds crews
// (plus this constant): from there a plain scan of the grid is cheaper and still exact.
constexpr std::size_t extra_cell_budget = 64;

struct vec3 {
    double x, y, z;
};

vec3 unit_vector(geo_point p) {
    const double lat = p.lat_deg * rad_per_deg, lon = p.lon_deg * rad_per_deg;
    return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

// Square of the chord between two points `reach_m` apart on the sphere, with slack; infinity
// when every point is within reach.
double chord2_within(double reach_m) {
    if (!(reach_m < pi * earth_radius_m)) return inf;
    const double c = 2 * std::sin(reach_m / (2 * earth_radius_m));
    return c * c * (1 + bound_rel_slack) + 1e-18;
}

std::uint64_t cell_key(std::int64_t row, std::int64_t col) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(row)) << 32) |
           static_cast<std::uint32_t>(col);
}

// Geometry of the cell lattice: row 0 starts at latitude -90, column 0 at longitude -180.
struct lattice {
    double cell_deg;
    std::int64_t rows, cols;

    explicit lattice(double cell)
        : cell_deg(cell),
          rows(static_cast<std::int64_t>(std::ceil(180.0 / cell))),
          cols(static_cast<std::int64_t>(std::ceil(360.0 / cell))) {}

    static geo_point normalized(geo_point p) {
        p.lat_deg = std::clamp(p.lat_deg, -90.0, 90.0);
        p.lon_deg = std::remainder(p.lon_deg, 360.0);   // [-180, 180]
        if (p.lon_deg >= 180.0) p.lon_deg -= 360.0;
        return p;
    }
    std::int64_t row_of(double lat_deg) const {
        return std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor((lat_deg + 90.0) / cell_deg)), 0,
                                        rows - 1);
    }
    std::int64_t col_of(double lon_deg) const {
        return std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor((lon_deg + 180.0) / cell_deg)), 0,
                                        cols - 1);
    }

    // A lower bound, in metres, on the great-circle distance from `q` (normalized, in cell
    // (row0, col0)) to any point outside the block of cells within Chebyshev radius r.
    //  - a point outside in latitude is at least the latitude gap away (|dphi| <= d / R);
    //  - a point outside in longitude differs by at least e degrees (no wrap inside the block);
    //    its distance is at least that to the meridian great circle at that longitude,
    //    R asin(cos(phi_q) |sin(dlon)|), which over dlon in [e, 180] is smallest at min(e, 90).
    //  - when the block touches the antimeridian edge of the lattice but not both, points just
    //    across it are near in space but far in columns: no longitude bound (0).
    double lat_of_row(std::int64_t row) const { return static_cast<double>(row) * cell_deg - 90.0; }
    double lon_of_col(std::int64_t col) const { return static_cast<double>(col) * cell_deg - 180.0; }

    double outside_lower_bound_m(geo_point q, std::int64_t row0, std::int64_t col0, std::int64_t r) const {
        double lat_gap_deg = inf;
        if (row0 - r > 0) lat_gap_deg = std::min(lat_gap_deg, q.lat_deg - lat_of_row(row0 - r));
        if (row0 + r < rows - 1) lat_gap_deg = std::min(lat_gap_deg, lat_of_row(row0 + r + 1) - q.lat_deg);
        const double lat_bound = lat_gap_deg * rad_per_deg * earth_radius_m;

        const bool west_edge = col0 - r <= 0, east_edge = col0 + r >= cols - 1;
        double lon_bound = 0;
        if (west_edge && east_edge) {
            lon_bound = inf;
        } else if (!west_edge && !east_edge) {
            const double gap_deg = std::min({q.lon_deg - lon_of_col(col0 - r), lon_of_col(col0 + r + 1) - q.lon_deg, 90.0});
            const double s = std::cos(q.lat_deg * rad_per_deg) * std::sin(std::max(gap_deg, 0.0) * rad_per_deg);
            lon_bound = earth_radius_m * std::asin(std::clamp(s, 0.0, 1.0));
        }
        return std::min(lat_bound, lon_bound) * (1 - bound_rel_slack) - bound_abs_slack_m;
    }
};

}  // namespace

// ---- straight_line_estimator ----

straight_line_estimator::straight_line_estimator(straight_line_estimator_config cfg) : cfg_(cfg) {}

duration straight_line_estimator::travel_time(geo_point from, geo_point to) const {
    const double road_m = great_circle_m(from, to) * cfg_.road_factor;
    const double m_per_ms = cfg_.speed_kmh * m_per_km / ms_per_hour;
    return duration{std::llround(road_m / m_per_ms)};
}

double straight_line_estimator::max_reach_m(duration t) const {
    // travel_time rounds to the nearest ms, so anything it reports as <= t is shorter than
    // t + 0.5 ms of driving; one whole ms keeps the bound safely generous.
    const double m_per_ms = cfg_.speed_kmh * m_per_km / ms_per_hour;
    return (static_cast<double>(t.count()) + 1.0) * m_per_ms / cfg_.road_factor;
}

// ---- crew_roster ----

crew_roster::crew_roster(const travel_estimator& est, double cell_deg) : est_(&est), cell_deg_(cell_deg) {}

const travel_estimator& crew_roster::estimator() const { return *est_; }

std::size_t crew_roster::size() const { return crews_.size(); }

std::vector<crew> crew_roster::all() const { return crews_; }

const crew* crew_roster::find(const std::string& crew_id) const {
    const auto it = index_of_.find(crew_id);
    return it == index_of_.end() ? nullptr : &crews_[it->second];
}

void crew_roster::upsert(const crew& c) {
    if (const auto it = index_of_.find(c.id); it != index_of_.end()) {
        unindex(it->second);
        crews_[it->second] = c;
        index(it->second);
        return;
    }
    const auto i = static_cast<std::uint32_t>(crews_.size());
    crews_.push_back(c);
    index_of_.emplace(c.id, i);
    index(i);
}

bool crew_roster::set_status(const std::string& crew_id, crew_status s) {
    const auto it = index_of_.find(crew_id);
    if (it == index_of_.end()) return false;
    if (crews_[it->second].status == s) return true;
    unindex(it->second);
    crews_[it->second].status = s;
    index(it->second);
    return true;
}

bool crew_roster::set_position(const std::string& crew_id, geo_point p) {
    const auto it = index_of_.find(crew_id);
    if (it == index_of_.end()) return false;
    unindex(it->second);
    crews_[it->second].position = p;
    index(it->second);
    return true;
}

void crew_roster::index(std::uint32_t i) {
    const crew& c = crews_[i];
    if (c.status != crew_status::available) return;
    const lattice lat{cell_deg_};
    const geo_point p = lattice::normalized(c.position);
    const auto row = lat.row_of(p.lat_deg), col = lat.col_of(p.lon_deg);
    const vec3 v = unit_vector(c.position);
    const detail::grid_entry e{v.x, v.y, v.z, i};
    const auto kind = static_cast<std::size_t>(c.kind);

    auto add = [&](detail::crew_grid& g) {
        g.cells[cell_key(row, col)].push_back(e);
        ++g.count;
        g.min_row = std::min(g.min_row, static_cast<std::int32_t>(row));
        g.max_row = std::max(g.max_row, static_cast<std::int32_t>(row));
        g.min_col = std::min(g.min_col, static_cast<std::int32_t>(col));
        g.max_col = std::max(g.max_col, static_cast<std::int32_t>(col));
    };
    if (by_kind_.size() <= kind) by_kind_.resize(kind + 1);
    add(by_kind_[kind]);
    auto& per_company = by_company_[c.company_id];
    if (per_company.size() <= kind) per_company.resize(kind + 1);
    add(per_company[kind]);
}

void crew_roster::unindex(std::uint32_t i) {
    const crew& c = crews_[i];
    if (c.status != crew_status::available) return;
    const lattice lat{cell_deg_};
    const geo_point p = lattice::normalized(c.position);
    const auto key = cell_key(lat.row_of(p.lat_deg), lat.col_of(p.lon_deg));
    const auto kind = static_cast<std::size_t>(c.kind);

    auto remove = [&](detail::crew_grid& g) {
        const auto cell = g.cells.find(key);
        if (cell == g.cells.end()) return;
        auto& v = cell->second;
        const auto it = std::find_if(v.begin(), v.end(), [i](const detail::grid_entry& e) { return e.crew == i; });
        if (it == v.end()) return;
        *it = v.back();
        v.pop_back();
        --g.count;
        if (v.empty()) g.cells.erase(cell);
    };
    if (kind < by_kind_.size()) remove(by_kind_[kind]);
    if (const auto it = by_company_.find(c.company_id); it != by_company_.end() && kind < it->second.size())
        remove(it->second[kind]);
}

std::optional<crew_choice> crew_roster::nearest(geo_point at, crew_kind kind, const std::string& company_id,
                                                const std::vector<std::string>& exclude) const {
    const auto k = static_cast<std::size_t>(kind);
    if (company_id.empty()) {
        if (k >= by_kind_.size()) return std::nullopt;
        return search(by_kind_[k], at, exclude);
    }
    const auto it = by_company_.find(company_id);
    if (it == by_company_.end() || k >= it->second.size()) return std::nullopt;
    return search(it->second[k], at, exclude);
}

std::optional<crew_choice> crew_roster::search(const detail::crew_grid& g, geo_point at,
                                               const std::vector<std::string>& exclude) const {
    if (g.count == 0) return std::nullopt;
    const lattice lat{cell_deg_};
    const geo_point q = lattice::normalized(at);
    const vec3 qv = unit_vector(at);
    const std::int64_t row0 = lat.row_of(q.lat_deg), col0 = lat.col_of(q.lon_deg);

    constexpr auto none = std::numeric_limits<std::uint32_t>::max();
    std::uint32_t best = none;
    duration best_eta = duration::max();
    double reach_m = inf, chord2_limit = inf;

    auto consider = [&](const detail::grid_entry& e) {
        const double dx = e.x - qv.x, dy = e.y - qv.y, dz = e.z - qv.z;
        if (dx * dx + dy * dy + dz * dz > chord2_limit) return;   // cannot reach in best_eta
        const crew& c = crews_[e.crew];
        const duration eta = est_->travel_time(at, c.position);
        if (best != none && (eta > best_eta || (eta == best_eta && c.id >= crews_[best].id))) return;
        if (std::find(exclude.begin(), exclude.end(), c.id) != exclude.end()) return;
        best = e.crew;
        best_eta = eta;
        reach_m = est_->max_reach_m(eta);
        chord2_limit = chord2_within(reach_m);
    };
    auto visit = [&](std::int64_t row, std::int64_t col) {
        const auto cell = g.cells.find(cell_key(row, col));
        if (cell == g.cells.end()) return;
        for (const auto& e : cell->second) consider(e);
    };

    auto gap = [](std::int64_t v, std::int64_t lo, std::int64_t hi) { return v < lo ? lo - v : (v > hi ? v - hi : 0); };
    const std::int64_t min_row = g.min_row, max_row = g.max_row, min_col = g.min_col, max_col = g.max_col;
    const std::int64_t r_first = std::max(gap(row0, min_row, max_row), gap(col0, min_col, max_col));
    const std::int64_t r_last = std::max({row0 - min_row, max_row - row0, col0 - min_col, max_col - col0});
    const std::size_t cell_budget = g.count + extra_cell_budget;
    std::size_t cells_visited = 0;

    for (std::int64_t r = r_first; r <= r_last; ++r) {
        // Everything not yet searched lies outside the block of radius r - 1 (rings below
        // r_first hold no cells of this grid).
        if (best != none && r > 0 && lat.outside_lower_bound_m(q, row0, col0, r - 1) > reach_m) break;

        // The ring at radius r, clipped to the grid's bounding box.
        const std::int64_t top = row0 - r, bottom = row0 + r, left = col0 - r, right = col0 + r;
        const std::int64_t c_lo = std::max(left, min_col), c_hi = std::min(right, max_col);
        const std::int64_t r_lo = std::max(top + 1, min_row), r_hi = std::min(bottom - 1, max_row);
        const bool has_top = top >= min_row && top <= max_row;
        const bool has_bottom = r > 0 && bottom >= min_row && bottom <= max_row;
        const bool has_left = left >= min_col && left <= max_col;
        const bool has_right = r > 0 && right >= min_col && right <= max_col;
        const std::int64_t row_len = std::max<std::int64_t>(0, c_hi - c_lo + 1);
        const std::int64_t col_len = std::max<std::int64_t>(0, r_hi - r_lo + 1);
        const auto ring_cells = static_cast<std::size_t>((has_top ? row_len : 0) + (has_bottom ? row_len : 0) +
                                                         (has_left ? col_len : 0) + (has_right ? col_len : 0));

        if (cells_visited + ring_cells > cell_budget) {   // sparse or far away: scan the grid
            for (const auto& [key, entries] : g.cells)
                for (const auto& e : entries) consider(e);
            break;
        }
        cells_visited += ring_cells;
        if (has_top)
            for (auto col = c_lo; col <= c_hi; ++col) visit(top, col);
        if (has_bottom)
            for (auto col = c_lo; col <= c_hi; ++col) visit(bottom, col);
        if (has_left)
            for (auto row = r_lo; row <= r_hi; ++row) visit(row, left);
        if (has_right)
            for (auto row = r_lo; row <= r_hi; ++row) visit(row, right);
    }
    if (best == none) return std::nullopt;
    return crew_choice{crews_[best].id, best_eta};
}

// ---- names ----

std::string_view to_string(crew_kind k) {
    switch (k) {
        case crew_kind::maintenance: return "maintenance";
        case crew_kind::rescue_team: return "rescue_team";
        case crew_kind::expert: return "expert";
        case crew_kind::fire: return "fire";
    }
    return "unknown";
}

std::string_view to_string(crew_status s) {
    switch (s) {
        case crew_status::available: return "available";
        case crew_status::dispatched: return "dispatched";
        case crew_status::busy: return "busy";
        case crew_status::off_duty: return "off_duty";
    }
    return "unknown";
}

std::optional<crew_kind> crew_kind_from_string(std::string_view s) {
    for (const auto k : {crew_kind::maintenance, crew_kind::rescue_team, crew_kind::expert, crew_kind::fire})
        if (to_string(k) == s) return k;
    return std::nullopt;
}

}  // namespace lw::center

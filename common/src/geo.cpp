#include "lw/geo.hpp"

#include <algorithm>
#include <cmath>

namespace lw {

double great_circle_m(geo_point a, geo_point b) {
    constexpr double earth_radius_m = 6'371'008.8;
    constexpr double deg = 3.14159265358979323846 / 180.0;
    const double dlat = (b.lat_deg - a.lat_deg) * deg;
    const double dlon = (b.lon_deg - a.lon_deg) * deg;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.lat_deg * deg) * std::cos(b.lat_deg * deg) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * earth_radius_m * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace lw

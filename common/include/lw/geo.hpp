#pragma once
// Geographic helpers (WGS-84 degrees in, metres out).

namespace lw {

struct geo_point {
    double lat_deg = 0;
    double lon_deg = 0;
};

// Great-circle distance on a sphere of the mean Earth radius (6,371,008.8 m), in metres.
double great_circle_m(geo_point a, geo_point b);

}  // namespace lw

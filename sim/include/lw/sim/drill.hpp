#pragma once
// The drill runner: owns city time, runs the virtual elevators (the real agent node on the
// scripted HAL), the virtual crews and an automatic operator that uses the center's API, and
// plays a scenario against a running lw-center.
//
// The center follows the drill's clock: the runner publishes liftwatch.v1.SimClock, retained, on
// lw/v1/sim/clock every clock_period of wall time; lw-center --clock drill takes its time from it
// (docs/drill-clock.md). Scripted outages cut the city's link through a relay (city_network.hpp).
// At the end the runner reads every incident back from the center's API and writes the drill
// report (report.hpp, docs/drill-report.md).
#include <string>

#include "lw/center/registry.hpp"
#include "lw/sim/scenario.hpp"

namespace lw::sim {

struct drill_config {
    std::string broker_host = "127.0.0.1";
    int broker_port = 1883;
    std::string center_host = "127.0.0.1";   // the center's console/API, for the operator persona
    int center_port = 8080;
    bool auto_operator = true;               // false: trainees close incidents from the console
    int live_elevators = 50;                 // virtual elevators with their own agent and connection
    std::string report_json;                 // write the drill report (JSON) here when set
    std::string report_html;                 // and/or as a self-contained HTML page
    std::string node_dir;                    // outbox files of virtual nodes; empty: in memory
    timestamp city_start{};                  // default: today 08:00 UTC
};

struct drill_summary {
    int incidents_seen = 0;
    int incidents_closed = 0;
    int reports_sent = 0;
    int alarms_called_in = 0;
    bool timed_out = false;
    std::string incident_ids;                // "1 2 3"
    int orders_from_other_centers = 0;       // ignored: another center instance's (left on the broker)
    int orders_from_earlier_incidents = 0;   // ignored: this center's, for incidents before the drill
    int expectations = 0;
    int expectations_failed = 0;
    double wall_seconds = 0;
};

// Wall time between two SimClock messages, and the center's timer period (lw-center serve's
// tick_every default). Their sum times the scale is the drill's time resolution: how far apart a
// scripted city time and the city time the center stamps may be.
constexpr auto clock_period = std::chrono::milliseconds{100};
constexpr auto center_tick_period = std::chrono::milliseconds{200};
duration clock_resolution(double scale);

// Runs to the end of the scenario (all its incidents closed) or its time limit.
drill_summary run_drill(const center::city& c, const scenario& sc, const drill_config& cfg);

}  // namespace lw::sim

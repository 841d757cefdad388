#pragma once
// The drill report (docs/drill-report.md): per incident the center's timeline, the derived times
// against the limits (response launched within 5 min = alarm -> first dispatch; arrival within
// 30 min urban / 60 min rural = alarm -> first crew on site; trapped within 20 min urban / 60 min
// rural = alarm -> released), the escalations; overall figures;
// the scenario's expectations against what happened. Pure: the center's incident details in
// (GET /api/incidents/{id}, as the API's types), the report's own JSON and HTML out.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lw/center/api/types.hpp"
#include "lw/sim/scenario.hpp"
#include "lw/time.hpp"

namespace lw::sim {

struct report_limits {
    duration launch = std::chrono::minutes{5};
    duration arrival_urban = std::chrono::minutes{30};
    duration arrival_rural = std::chrono::minutes{60};
    // Trapped time (alarm -> released): the passengers' wait, a target of the service (no
    // regulation sets one), coloured on its own beside the arrival (issue 9).
    duration trapped_urban = std::chrono::minutes{20};
    duration trapped_rural = std::chrono::minutes{60};
};

struct report_inputs {
    std::string scenario_name;
    timestamp city_start{}, city_end{};
    double scale = 60;
    duration resolution{};          // how far apart a scripted and an observed city time may be
    double wall_seconds = 0;        // how long the drill took on the wall clock
    bool timed_out = false;
    report_limits limits;
    std::vector<center::api::incident_detail> incidents;   // GET /api/incidents/{id} replies
    nlohmann::json events = nlohmann::json::array();       // what the simulator injected
};

// The report as JSON: {"scenario", "city_start", ..., "overall": {...}, "incidents": [...],
// "expectations": [...], "expectations_failed": N}. Times are city times (ms and UTC text).
nlohmann::json build_report(const report_inputs& in, const std::vector<expectation>& expected);

// A self-contained HTML page (inline CSS and SVG, no external assets) of a build_report() JSON.
std::string render_html(const nlohmann::json& report);

}  // namespace lw::sim

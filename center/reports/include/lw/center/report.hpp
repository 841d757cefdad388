#pragma once
// Human-readable reports of stored incidents (CLI and drill output).
#include <optional>
#include <string>
#include <vector>

#include "lw/center/store_view.hpp"

namespace lw::center {

// Derived figures of a rescue (DESIGN §1), from its timeline; absent when a step is missing.
struct rescue_figures {
    std::optional<duration> response;   // first dispatch -> acknowledged
    std::optional<duration> arrival;    // alarm -> arrived
    std::optional<duration> on_site;    // arrived -> released
    std::optional<duration> trapped;    // alarm -> released
};
rescue_figures derive_figures(const std::vector<timeline_row>& rows);

std::string format_timeline(const incident_row& inc, const std::vector<timeline_row>& rows,
                            const std::optional<elevator_record>& elevator);
std::string format_incident_list(const std::vector<incident_row>& rows);

}  // namespace lw::center

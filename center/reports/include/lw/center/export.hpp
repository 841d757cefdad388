#pragma once
// Export of stored incidents (one, or those opened in a date range) as JSON or CSV, for the
// CLI (`lw-center export`) and the API (GET /api/incidents/{id}/export).
#include <optional>
#include <string>
#include <vector>

#include "lw/center/store_view.hpp"

namespace lw::center {

enum class export_format { json, csv };
std::optional<export_format> export_format_from_string(const std::string& s);

struct incident_export {
    incident_row summary;
    std::vector<timeline_row> timeline;
    std::vector<dispatch_row> dispatches;
};

// Reads what is exported from the store. nullopt when the incident does not exist.
std::optional<incident_export> load_export(store_view& db, incident_id id);
std::vector<incident_export> load_export(store_view& db, timestamp from, timestamp to);

// JSON: an array of incidents, each with its summary, derived figures, timeline (with each
// record's hash) and dispatch orders. CSV (RFC 4180, header line first): one line per
// timeline record, prefixed with its incident's summary columns.
std::string to_json(const std::vector<incident_export>& incidents);
std::string to_csv(const std::vector<incident_export>& incidents);

// "YYYY-MM-DD" -> midnight UTC of that day. nullopt when malformed.
std::optional<timestamp> parse_day(const std::string& s);

}  // namespace lw::center

#pragma once
// What the operator asked for, decided from the parsed options without touching a database or
// the network: each function either returns the request or throws lw::options::usage_error
// (exit 2) naming what is wrong.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "lw/center/export.hpp"
#include "lw/center/service.hpp"
#include "lw/geo.hpp"
#include "lw/options.hpp"

namespace lw::center::cli {

struct host_port {
    std::string host;
    int port = 0;
};
// "HOST:PORT" or "HOST" (then `default_port`); the port within min_port..65535.
std::optional<host_port> parse_host_port(const std::string& text, int default_port, int min_port = 1);
// A whole number >= 1 (incident ids).
std::optional<std::int64_t> parse_positive_id(const std::string& text);
// "RECORD:HASH" as printed by verify's "chain head" line.
std::optional<std::pair<std::int64_t, std::string>> parse_anchor(const std::string& text);

// lw-center serve: the options onto the service's configuration (defaults: center_config's).
center_config serve_config(const lw::options::values& v);
// --test-alarm-limit-h of serve and stats (hours, fractions allowed) as a duration (ms).
duration test_alarm_limit_of(const lw::options::values& v);

// lw-center act ID ACTION: ACTION is callback, cause=CATEGORY, handover, close or false_alarm.
struct operator_action {
    std::int64_t incident = 0;
    std::string action;   // the API's path word: callback, cause, handover, close, false_alarm
    std::string cause;    // with "cause"
};
operator_action act_request(const lw::options::values& v);

// lw-center crew set ID: a position in the registry (--db), or a position and/or a status in
// the running center (--console).
struct crew_edit {
    std::string crew_id;
    bool live = false;                 // through --console
    std::optional<geo_point> position;
    std::string status;                // live only: available, off_duty
};
crew_edit crew_request(const lw::options::values& v);

// lw-center export: one incident, or those opened in [from, to) (whole UTC days).
struct export_request {
    std::optional<std::int64_t> incident;
    timestamp from{}, to{};
    export_format format = export_format::json;
    std::string out_file;              // "": standard output
};
export_request export_request_from(const lw::options::values& v);

// lw-center import FILE: elevators from a .csv, else a city file (JSON).
bool is_csv_file(const std::string& path);

}  // namespace lw::center::cli

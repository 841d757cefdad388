#pragma once
// The center's HTTP API as a route table (center/api/src: one file per resource). Each route
// says where it runs, so that nothing an operator asks for runs on the dispatch path:
//  - read: on a read thread, with that thread's read-only store connection, the registry
//    snapshot and the live view (map, stats, lists, exports, dossiers, verify);
//  - write: its request becomes a core input (parsed off the strand), the core runs it on the
//    strand, and the core's outcome becomes the reply (alarms, operator actions, crew edits,
//    registry imports);
//  - strand: a small read of the core's own counters, on the strand (metrics);
//  - fixed: a constant answer (the console page).
// No Asio here: the service carries the handlers to their threads.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lw/center/api/live_view.hpp"
#include "lw/center/core_io.hpp"
#include "lw/center/incident_engine.hpp"
#include "lw/center/registry.hpp"
#include "lw/center/supervision.hpp"

namespace lw::center {
class store_view;
}

namespace lw::center::api {

struct request {
    std::string method;        // GET, POST, ...
    std::string path;          // without the query
    std::string query;         // after '?', raw
    std::string body;
    std::string content_type;
};

struct response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
};

response json_reply(std::string body, int status = 200);
response error(int status, const std::string& why);   // {"error": why}
// The HTTP status for a core outcome that is not done (400, 404, 409).
int status_of(const outcome& o);

// The segments a pattern's {name} parts matched, in order.
using path_params = std::vector<std::string>;

struct read_context {
    std::shared_ptr<const registry> reg;   // the registry as it was when the request started
    live_view::reader live;
    store_view& db;                        // this read thread's connection
    response_limits limits;
    timestamp now;                         // the center's clock
    duration test_alarm_limit = supervision_limits::test_alarm_limit;   // serve --test-alarm-limit-h
};

using read_handler = std::function<response(const request&, const path_params&, read_context&)>;
struct write_handler {
    // Parse and check the request (on a read thread; `current` is the registry as it is now); the
    // input for the core, or the refusal to send back.
    std::function<std::variant<input, response>(const request&, const path_params&, const registry& current)> to_input;
    // The reply to the core's outcome of that input.
    std::function<response(const input&, const outcome&)> to_reply;
};
using strand_handler = std::function<response(const request&)>;
using fixed_handler = std::function<response()>;
using handler = std::variant<read_handler, write_handler, strand_handler, fixed_handler>;

struct route {
    std::string method;
    std::string pattern;       // "/api/incidents/{id}/export": {..} matches one non-empty segment
    handler run;
};

struct match_result {
    const route* found = nullptr;
    path_params params;
    bool path_known = false;   // some route has this path with another method (405)
};

class router {
public:
    void add(route r);
    match_result match(std::string_view method, std::string_view path) const;
    const std::vector<route>& routes() const { return routes_; }

private:
    std::vector<route> routes_;
};

// What the service provides to the strand routes.
struct strand_hooks {
    std::function<response()> metrics;   // runs on the strand
};

// Every endpoint of the center (docs/api.md).
router center_routes(strand_hooks hooks);

// Registered by each resource file.
void add_incident_routes(router& r);
void add_elevator_routes(router& r);
void add_crew_routes(router& r);
void add_company_routes(router& r);
void add_map_routes(router& r);
void add_stats_routes(router& r);
void add_alarm_routes(router& r);
void add_registry_routes(router& r);

}  // namespace lw::center::api

#pragma once
// lw-center's running service: MQTT ingest -> center core (live state, alarm rules, incident
// engine, crews) -> store and dispatch, plus the operators' console and the companies' API.
//
// Threading: run() drives the strand on the calling thread: it alone runs the core and the
// writer's SQLite connection. libmosquitto's callbacks copy the message and post it there; they
// never block. The console's sockets have their own thread; its reads run on `read_threads`
// threads with their own read-only connections, so no read ever delays an alarm.
#include <memory>
#include <string>
#include <vector>

#include "lw/center/alarm_rules.hpp"
#include "lw/center/crew_choice.hpp"
#include "lw/center/incident_engine.hpp"
#include "lw/center/supervision.hpp"
#include "lw/time.hpp"

namespace lw::center {

enum class clock_mode {
    wall,   // real time
    drill,  // follow the simulator's city time on lw/v1/sim/clock (see docs/drill-clock.md)
};

struct center_config {
    std::string center_id = "lw-center";        // also the MQTT client id (persistent session)
    std::string broker_host = "127.0.0.1";
    int broker_port = 1883;
    std::vector<std::string> regions{"tianshui"};
    std::string db_path = "var/liftwatch.db";
    std::string city_file;                        // imported at start when set
    std::string http_address = "127.0.0.1";
    unsigned short http_port = 8080;              // 0: pick a free port
    std::string port_file;                        // when set, the console port is written here
    clock_mode clock = clock_mode::wall;
    response_limits limits;
    straight_line_estimator_config travel;
    alarm_rules_config rules;
    // A board without an EN 81-28 test alarm for longer than this is flagged (API, console,
    // /api/stats). EN 81-28: at least one every 3 days.
    duration test_alarm_limit = supervision_limits::test_alarm_limit;
    duration tick_every = std::chrono::milliseconds{200};  // wall time between timer checks
    duration db_busy_timeout = std::chrono::seconds{5};     // a write waits this long for another program's lock
    unsigned read_threads = 2;                              // the console's read threads
};

class service {
public:
    explicit service(center_config cfg);
    ~service();
    // Runs until stop() or SIGINT/SIGTERM. Returns the process exit code.
    int run();
    // Thread-safe.
    void stop();

private:
    struct impl;
    std::unique_ptr<impl> p_;
};

}  // namespace lw::center

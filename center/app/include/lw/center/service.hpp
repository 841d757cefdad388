#pragma once
// lw-center's running service: MQTT ingest -> live state -> alarm rules -> incident engine ->
// store and dispatch, plus the operators' console and the companies' API over HTTP.
//
// Threading: run() drives one io_context on the calling thread; that one thread owns the live
// state, the engine and the SQLite connection. libmosquitto's callbacks copy the message and
// post it there; they never block.
#include <memory>
#include <string>
#include <vector>

#include "lw/center/alarm_rules.hpp"
#include "lw/center/crew_choice.hpp"
#include "lw/center/incident_engine.hpp"

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
    duration tick_every = std::chrono::milliseconds{200};  // wall time between timer checks
    duration db_busy_timeout = std::chrono::seconds{5};     // a write waits this long for another program's lock
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

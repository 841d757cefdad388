#pragma once
// lw-sim's command line: the definitions of city, drill and load, the options -> configuration
// decisions, and the commands themselves.
#include <iosfwd>

#include "lw/options.hpp"
#include "lw/sim/city_gen.hpp"
#include "lw/sim/drill.hpp"
#include "lw/sim/load.hpp"

namespace lw::sim {

const lw::options::commands& cli_definitions();

// Each throws lw::options::usage_error (exit 2) for what the definitions alone cannot refuse.
// city: the scenario's seed and size (when `sc` is given) unless --seed / --elevators say otherwise.
city_options city_options_from(const lw::options::values& v, const scenario* sc);
drill_config drill_config_from(const lw::options::values& v);
load_config load_config_from(const lw::options::values& v);

// Runs the command `v` was parsed for; its report goes to `out`. Returns the exit code: 0 done;
// 1 on an error, a drill that timed out or a load run with failed publishes; 3 when a drill's
// expectation was not met. Throws usage_error as above and std::runtime_error when a file
// cannot be read or written.
int run_command(const lw::options::values& v, std::ostream& out);

}  // namespace lw::sim

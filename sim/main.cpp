// lw-sim: the drill simulator. Parses the command line and runs the command; the commands live
// in the lw_sim library (lw/sim/cli.hpp).
#include <iostream>

#include "lw/sim/cli.hpp"

int main(int argc, char** argv) {
    return lw::options::run_main(argc, argv, lw::sim::cli_definitions(),
                                 [](const lw::options::values& v) { return lw::sim::run_command(v, std::cout); });
}

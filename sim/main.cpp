// lw-sim: the drill simulator. Parses the command line and runs the command; the commands live
// in the lw_sim library (lw/sim/cli.hpp).
#include <iostream>

#include "lw/sim/cli.hpp"

int main(int argc, char** argv) {
    const auto parsed = lw::options::parse(lw::sim::cli_definitions(), lw::options::arguments(argc, argv));
    if (!parsed.ok()) return parsed.report(std::cout, std::cerr);   // --help: 0; bad options: 2
    try {
        return lw::sim::run_command(parsed.values(), std::cout);
    } catch (const lw::options::usage_error& e) {
        std::cerr << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lw-sim: " << e.what() << "\n";
        return 1;
    }
}

// lw-center: the emergency-disposal center. Parses the command line and runs the command; the
// commands live in center/cli (lw/center/cli/commands.hpp).
#include <iostream>

#include "lw/center/cli/commands.hpp"

int main(int argc, char** argv) {
    return lw::options::run_main(argc, argv, lw::center::cli::definitions(), [](const lw::options::values& v) {
        return lw::center::cli::run(v, std::cout, std::cerr);
    });
}

// lw-center: the emergency-disposal center. Parses the command line and runs the command; the
// commands live in center/cli (lw/center/cli/commands.hpp).
#include <iostream>

#include "lw/center/cli/commands.hpp"

int main(int argc, char** argv) {
    const auto parsed = lw::options::parse(lw::center::cli::definitions(), lw::options::arguments(argc, argv));
    if (!parsed.ok()) return parsed.report(std::cout, std::cerr);   // --help: 0; bad options: 2
    try {
        return lw::center::cli::run(parsed.values(), std::cout, std::cerr);
    } catch (const lw::options::usage_error& e) {
        std::cerr << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lw-center: " << e.what() << "\n";
        return 1;
    }
}

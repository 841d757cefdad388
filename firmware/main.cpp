// lw-agent: the elevator board's agent. Parses the options and runs the agent; the wiring lives
// in firmware/app (lw/agent/app.hpp), every key is documented by lw-agent --help and in
// deploy/lw-agent.conf.
#include <iostream>

#include "lw/agent/app.hpp"

int main(int argc, char** argv) {
    const auto parsed = lw::options::parse(lw::agent::agent_definitions(), lw::options::arguments(argc, argv));
    if (!parsed.ok()) return parsed.report(std::cout, std::cerr);   // --help: 0; bad options: 2
    try {
        return lw::agent::run(parsed.values());
    } catch (const lw::options::usage_error& e) {
        std::cerr << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lw-agent: " << e.what() << "\n";
        return 1;
    }
}

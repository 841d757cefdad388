// lw-agent: the elevator board's agent. Parses the options and runs the agent; the wiring lives
// in firmware/app (lw/agent/app.hpp), every key is documented by lw-agent --help and in
// deploy/lw-agent.conf.
#include "lw/agent/app.hpp"

int main(int argc, char** argv) {
    return lw::options::run_main(argc, argv, lw::agent::agent_definitions(), lw::agent::run);
}

#pragma once
// lw-agent, the board's program: its options (one definition for the command line and the
// config file, deploy/lw-agent.conf) and the wiring of HAL, node and clock.
//
// Errors: every function that reads options throws lw::options::usage_error (exit 2) for a
// configuration the options alone cannot refuse — rules across keys, a HAL without inputs —
// and lets through what the libraries throw for failures of the machine (exit 1).
#include <memory>
#include <string>

#include "lw/agent/gpio_inputs.hpp"
#include "lw/agent/hal.hpp"
#include "lw/agent/node.hpp"
#include "lw/options.hpp"

namespace lw::agent {

const lw::options::definitions& agent_definitions();

// elevator_id, broker and TLS, outbox, detector and scheduler settings. TLS is on when tls_ca
// is set; tls_cert and tls_key come together and need tls_ca.
node_config node_config_from(const lw::options::values& v);
// The gpio.* keys (line specs were checked by the definitions; here: one line used twice).
gpio_config gpio_config_from(const lw::options::values& v);
// "gpio" or "script": `hal`, else "script" when `script` is set, else "gpio".
std::string hal_of(const lw::options::values& v);
// "alsa" or "log": `audio`, else "alsa" with the gpio HAL and "log" with the script HAL.
std::string audio_of(const lw::options::values& v);

std::unique_ptr<sensor_source> make_sensors(const lw::options::values& v);
std::unique_ptr<audio_out> make_audio(const lw::options::values& v);

// Runs the agent at sample_hz until SIGINT or SIGTERM (a clean stop: death published). Returns
// the exit code 0; throws usage_error as above, std::runtime_error when the node cannot start.
int run(const lw::options::values& v);

}  // namespace lw::agent

#pragma once
// The board's sensor source: GPIO inputs read through libgpiod (1.6, the character device
// /dev/gpiochipN), turned into car_samples by gpio_sampler (gpio_inputs.hpp, pure and tested).
// Built only when libgpiod is found. Thread-compatible: one owner (the agent's main loop).
#include <array>
#include <map>
#include <string>
#include <vector>

#include "lw/agent/gpio_inputs.hpp"
#include "lw/agent/hal.hpp"

struct gpiod_chip;  // keep <gpiod.h> out of headers
struct gpiod_line;

namespace lw::agent {

class gpiod_sensor final : public sensor_source {
public:
    // Opens the chips and requests every configured line as an input (the floor pulse as edge
    // events, so no pulse is lost between two samples). Throws std::runtime_error naming the
    // signal, chip and line when one cannot be opened or requested.
    explicit gpiod_sensor(const gpio_config& cfg, const std::string& consumer = "lw-agent");
    ~gpiod_sensor() override;
    gpiod_sensor(const gpiod_sensor&) = delete;
    gpiod_sensor& operator=(const gpiod_sensor&) = delete;

    // nullopt (logged once per failure streak) when a line cannot be read.
    std::optional<car_sample> read(timestamp now) override;

private:
    gpio_config cfg_;
    std::map<std::string, gpiod_chip*> chips_;
    std::array<gpiod_line*, gpio_signal_count> lines_{};
    gpio_sampler sampler_;
    std::vector<timestamp> pulses_;
    bool failing_ = false;
};

}  // namespace lw::agent

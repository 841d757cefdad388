#include "lw/agent/gpiod_sensor.hpp"

#include <gpiod.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "lw/log.hpp"

namespace lw::agent {
namespace {
constexpr std::string_view component = "gpio";
// Floor pulses read per sample at most: at 10 Hz even an express car passes < 1 floor a sample.
constexpr int max_pulses_per_read = 32;
}  // namespace

gpiod_sensor::gpiod_sensor(const gpio_config& cfg, const std::string& consumer) : cfg_(cfg), sampler_(cfg) {
    try {
        for (std::size_t i = 0; i < gpio_signal_count; ++i) {
            const auto& spec = cfg_.inputs[i];
            if (!spec) continue;
            const auto sig = static_cast<gpio_signal>(i);
            const auto what = "gpio." + std::string(to_string(sig)) + " (" + spec->chip + ":" +
                              std::to_string(spec->line) + ")";
            auto& chip = chips_[spec->chip];
            if (!chip) chip = gpiod_chip_open_lookup(spec->chip.c_str());
            if (!chip) throw std::runtime_error(what + ": cannot open GPIO chip: " + std::strerror(errno));
            gpiod_line* line = gpiod_chip_get_line(chip, spec->line);
            if (!line) throw std::runtime_error(what + ": no such line: " + std::strerror(errno));
            int rc = 0;
            if (sig == gpio_signal::floor_pulse)
                rc = spec->active_low ? gpiod_line_request_falling_edge_events(line, consumer.c_str())
                                      : gpiod_line_request_rising_edge_events(line, consumer.c_str());
            else
                rc = gpiod_line_request_input(line, consumer.c_str());
            if (rc != 0) throw std::runtime_error(what + ": cannot request the line: " + std::strerror(errno));
            lines_[i] = line;
        }
    } catch (...) {
        for (auto* l : lines_)
            if (l) gpiod_line_release(l);
        for (auto& [name, chip] : chips_)
            if (chip) gpiod_chip_close(chip);
        throw;
    }
    log::info(component, "GPIO inputs requested on " + std::to_string(chips_.size()) + " chip(s)");
}

gpiod_sensor::~gpiod_sensor() {
    for (auto* l : lines_)
        if (l) gpiod_line_release(l);
    for (auto& [name, chip] : chips_) gpiod_chip_close(chip);
}

std::optional<car_sample> gpiod_sensor::read(timestamp now) {
    std::array<bool, gpio_signal_count> levels{};
    pulses_.clear();
    for (std::size_t i = 0; i < gpio_signal_count; ++i) {
        gpiod_line* line = lines_[i];
        if (!line) continue;
        if (static_cast<gpio_signal>(i) == gpio_signal::floor_pulse) {
            const timespec no_wait{0, 0};
            for (int n = 0; n < max_pulses_per_read && gpiod_line_event_wait(line, &no_wait) == 1; ++n) {
                gpiod_line_event ev{};
                if (gpiod_line_event_read(line, &ev) != 0) break;
                // Kernel event time: only compared between pulses (debounce), never with `now`.
                pulses_.push_back(timestamp{std::chrono::duration_cast<duration>(
                    std::chrono::seconds{ev.ts.tv_sec} + std::chrono::nanoseconds{ev.ts.tv_nsec})});
            }
            continue;
        }
        const int v = gpiod_line_get_value(line);
        if (v < 0) {
            if (!failing_)
                log::error(component, "cannot read gpio." + std::string(to_string(static_cast<gpio_signal>(i))) +
                                          ": " + std::strerror(errno));
            failing_ = true;
            return std::nullopt;
        }
        levels[i] = (v == 1) != cfg_.inputs[i]->active_low;
    }
    if (failing_) log::info(component, "GPIO inputs readable again");
    failing_ = false;
    return sampler_.update(levels, pulses_.data(), pulses_.size(), now);
}

}  // namespace lw::agent

#include "lw/log.hpp"

#include <atomic>
#include <string>
#include <unistd.h>

#include "lw/time.hpp"

namespace lw::log {
namespace {
std::atomic<level> threshold{level::info};
}

void set_level(level l) { threshold = l; }
void set_level(std::string_view name) {
    set_level(name == "debug"   ? level::debug
              : name == "warn"  ? level::warn
              : name == "error" ? level::error
                                : level::info);
}
level get_level() { return threshold; }

void write(level l, std::string_view component, std::string_view text) {
    if (l < threshold.load()) return;
    static constexpr char tags[] = {'D', 'I', 'W', 'E'};
    std::string line = format_utc(wall_now());
    line += ' ';
    line += tags[static_cast<int>(l)];
    line += ' ';
    line.append(component);
    line += ": ";
    line.append(text);
    line += '\n';
    // One write(2) per line so lines from several threads do not interleave.
    [[maybe_unused]] auto n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace lw::log

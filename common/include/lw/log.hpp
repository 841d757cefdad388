#pragma once
// Minimal logging: one line per message to stderr, "2026-11-23 15:04:05.123 W component: text".
// Thread-safe (one write per line). Levels below the global threshold are dropped.
#include <string_view>

namespace lw::log {

enum class level { debug = 0, info = 1, warn = 2, error = 3 };

void set_level(level l);
// By name, as the programs' --log-level gives it: "debug", "warn", "error"; anything else: info.
void set_level(std::string_view name);
level get_level();
void write(level l, std::string_view component, std::string_view text);

inline void debug(std::string_view c, std::string_view t) { write(level::debug, c, t); }
inline void info(std::string_view c, std::string_view t) { write(level::info, c, t); }
inline void warn(std::string_view c, std::string_view t) { write(level::warn, c, t); }
inline void error(std::string_view c, std::string_view t) { write(level::error, c, t); }

}  // namespace lw::log

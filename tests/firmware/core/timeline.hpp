#pragma once
// What the agent core's timeline tests share: the fake clock's start, and how their expected
// texts write a time.
#include <string>

#include "lw/time.hpp"

namespace lw::agent::timeline {

inline const timestamp t0 = from_ms(1'767'225'600'000);  // 2026-01-01 00:00:00 UTC

// `at` since t0: "15s", or "600ms" when it is not whole seconds.
inline std::string rel(timestamp at) {
    const auto ms = (at - t0).count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

}  // namespace lw::agent::timeline

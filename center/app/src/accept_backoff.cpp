#include "lw/center/accept_backoff.hpp"

#include <algorithm>
#include <cstdio>

namespace lw::center {
namespace {
std::string ms_text(std::chrono::milliseconds d) {
    if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
    return std::to_string(d.count()) + " ms";
}
std::string seconds_text(std::chrono::steady_clock::duration d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", std::chrono::duration<double>(d).count());
    return buf;
}
}  // namespace

accept_backoff::decision accept_backoff::failed(clock::time_point now, const std::string& reason) {
    delay_ = delay_.count() == 0 ? first_delay : std::min(delay_ * 2, max_delay);
    ++failures_;
    decision d{delay_, std::nullopt};
    if (failures_ == 1) {
        first_failure_ = last_log_ = now;
        d.log = "accept failed: " + reason + "; retrying in " + ms_text(delay_) + ", backing off to every " +
                ms_text(max_delay) + " (further failures logged at most every " + ms_text(log_interval) + ")";
        return d;
    }
    ++unlogged_;
    if (now - last_log_ >= log_interval) {
        d.log = "accept failed " + std::to_string(unlogged_) + " more time(s) in the last " +
                seconds_text(now - last_log_) + ": " + reason + " (" + std::to_string(failures_) + " since " +
                seconds_text(now - first_failure_) + " ago; retrying every " + ms_text(delay_) + ")";
        unlogged_ = 0;
        last_log_ = now;
    }
    return d;
}

std::optional<std::string> accept_backoff::succeeded(clock::time_point now) {
    if (failures_ == 0) return std::nullopt;
    auto line = "accepting connections again after " + std::to_string(failures_) + " failed accept(s) over " +
                seconds_text(now - first_failure_);
    delay_ = std::chrono::milliseconds{0};
    failures_ = unlogged_ = 0;
    return line;
}

}  // namespace lw::center

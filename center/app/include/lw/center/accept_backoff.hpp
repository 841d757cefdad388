#pragma once
// What the HTTP server does when accept() fails for a reason other than its own shutdown —
// typically EMFILE / ENFILE, the process out of file descriptors. The pending connection stays in
// the listen queue, so the socket stays readable and accepting again at once spins a core and
// logs a line per try. Instead: wait `first_delay` (100 ms), doubling up to `max_delay` (1 s),
// before the next accept; log the first failure at once, then at most one line per
// `log_interval` with the number of failures since the last line; log once when an accept
// succeeds again. Pure: time is a parameter.
#include <chrono>
#include <optional>
#include <string>

namespace lw::center {

class accept_backoff {
public:
    using clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds first_delay{100};
    static constexpr std::chrono::milliseconds max_delay{1000};
    static constexpr std::chrono::milliseconds log_interval{10000};

    struct decision {
        std::chrono::milliseconds delay;   // wait this long before accepting again
        std::optional<std::string> log;    // a warning to log now, if any
    };
    // An accept failed at `now` with `reason` (the error's message).
    decision failed(clock::time_point now, const std::string& reason);
    // An accept succeeded at `now`: the delay resets; a line to log if failures came before.
    std::optional<std::string> succeeded(clock::time_point now);

    bool failing() const { return failures_ > 0; }
    long long failures() const { return failures_; }   // since the last success

private:
    std::chrono::milliseconds delay_{0};
    long long failures_ = 0;            // since the last success
    long long unlogged_ = 0;            // failures not yet counted in a log line
    clock::time_point first_failure_{}, last_log_{};
};

}  // namespace lw::center

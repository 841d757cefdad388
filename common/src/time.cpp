#include "lw/time.hpp"

#include <cstdio>
#include <ctime>

namespace lw {

// Defined for every value: one outside the calendar's years 0..9999 reads
// "(time out of range: N ms)"; format_duration too (no -INT64_MIN).
std::string format_utc(timestamp t) {
    const auto ms = to_ms(t);
    // Year 0 to 9999: what the format can show (and gmtime_r's int year can hold).
    constexpr std::int64_t first_ms = -62'167'219'200'000, last_ms = 253'402'300'799'999;
    if (ms < first_ms || ms > last_ms) return "(time out of range: " + std::to_string(ms) + " ms)";
    std::int64_t secs64 = ms / 1000, millis64 = ms % 1000;
    if (millis64 < 0) {   // floor division for times before the epoch
        secs64 -= 1;
        millis64 += 1000;
    }
    const auto secs = static_cast<std::time_t>(secs64);
    const int millis = static_cast<int>(millis64);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buf;
}

std::string format_duration(duration d) {
    const bool negative = d.count() < 0;
    // The magnitude in unsigned arithmetic: -INT64_MIN does not fit an int64.
    const auto ms = static_cast<unsigned long long>(d.count());
    const unsigned long long magnitude = negative ? 0ULL - ms : ms;
    const auto total_s = static_cast<long long>(magnitude / 1000);
    const long long h = total_s / 3600, m = (total_s % 3600) / 60, s = total_s % 60;
    char buf[64];
    if (h > 0)
        std::snprintf(buf, sizeof buf, "%s%lld h %02lld min %02lld s", negative ? "-" : "", h, m, s);
    else if (m > 0)
        std::snprintf(buf, sizeof buf, "%s%lld min %02lld s", negative ? "-" : "", m, s);
    else
        std::snprintf(buf, sizeof buf, "%s%lld s", negative ? "-" : "", s);
    return buf;
}

}  // namespace lw

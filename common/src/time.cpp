#include "lw/time.hpp"

#include <cstdio>
#include <ctime>

namespace lw {

std::string format_utc(timestamp t) {
    const auto ms = to_ms(t);
    std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    const int millis = static_cast<int>(ms - static_cast<std::int64_t>(secs) * 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buf;
}

std::string format_duration(duration d) {
    const bool negative = d.count() < 0;
    long long total_s = (negative ? -d.count() : d.count()) / 1000;
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

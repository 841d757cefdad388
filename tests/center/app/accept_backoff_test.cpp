// The HTTP server's answer to failed accepts (EMFILE): a delay that grows from 100 ms to 1 s,
// the first failure logged at once and then one line per 10 s with a count, one line when
// accepting works again. On a fake clock.
#include <gtest/gtest.h>

#include "lw/center/accept_backoff.hpp"

namespace {
using namespace std::chrono_literals;
using lw::center::accept_backoff;

TEST(accept_backoff, the_delay_grows_from_100_ms_to_1_s_and_resets_after_a_success) {
    accept_backoff b;
    accept_backoff::clock::time_point t{};
    std::vector<long long> delays;
    for (int i = 0; i < 7; ++i) {
        const auto d = b.failed(t, "Too many open files");
        delays.push_back(d.delay.count());
        t += d.delay;
    }
    EXPECT_EQ(delays, (std::vector<long long>{100, 200, 400, 800, 1000, 1000, 1000}));
    EXPECT_TRUE(b.failing());
    EXPECT_EQ(b.failures(), 7);
    EXPECT_TRUE(b.succeeded(t).has_value());
    EXPECT_FALSE(b.failing());
    EXPECT_EQ(b.failed(t, "Too many open files").delay, 100ms);
}

TEST(accept_backoff, the_first_failure_is_logged_at_once_then_one_line_per_interval_with_the_count) {
    accept_backoff b;
    accept_backoff::clock::time_point t{};
    auto d = b.failed(t, "Too many open files");
    ASSERT_TRUE(d.log.has_value());
    EXPECT_NE(d.log->find("accept failed: Too many open files; retrying in 100 ms"), std::string::npos) << *d.log;
    // A minute of failures at the backoff's pace: one line per 10 s, not one per try.
    int lines = 0;
    std::string last;
    const auto end = t + 60s;
    for (;;) {
        t += d.delay;
        if (t > end) break;
        d = b.failed(t, "Too many open files");
        if (d.log) {
            ++lines;
            last = *d.log;
        }
    }
    EXPECT_GE(b.failures(), 55);
    EXPECT_EQ(lines, 5) << last;   // at 10.5, 20.5, ... 50.5 s; the next would be at 60.5 s
    EXPECT_NE(last.find("accept failed 10 more time(s) in the last 10."), std::string::npos) << last;
    EXPECT_NE(last.find("Too many open files"), std::string::npos) << last;
    EXPECT_NE(last.find("retrying every 1 s"), std::string::npos) << last;
}

TEST(accept_backoff, a_success_after_failures_is_logged_once_with_their_count) {
    accept_backoff b;
    accept_backoff::clock::time_point t{};
    EXPECT_FALSE(b.succeeded(t).has_value()) << "nothing to say without failures";
    b.failed(t, "Too many open files");
    b.failed(t + 100ms, "Too many open files");
    b.failed(t + 300ms, "Too many open files");
    const auto line = b.succeeded(t + 700ms);
    ASSERT_TRUE(line.has_value());
    EXPECT_EQ(*line, "accepting connections again after 3 failed accept(s) over 0.7 s");
    EXPECT_FALSE(b.succeeded(t + 800ms).has_value());
}

}  // namespace

// Reads never delay an alarm (issue 8): with a 100,000-elevator city, map requests that were
// sent before the alarm are still unanswered (not one byte of their reply has come back) when
// the dispatch order for the alarm arrives. A test of concurrency, not of timing: it holds
// whenever the map is computed off the dispatch strand, and fails whenever the strand answers
// map requests that were queued before the alarm first.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "center_harness.hpp"
#include "lw/center/api/types.hpp"
#include "lw/test/broker.hpp"

namespace {
using namespace std::chrono_literals;
using namespace lw::test::center;
using clock_type = std::chrono::steady_clock;

constexpr int city_elevators = 100'000;
constexpr int map_clients = 16;

lw::center::city big_city() {
    auto c = small_city();
    auto e = c.elevators.front();
    for (int i = 0; i < city_elevators; ++i) {
        e.id = "B" + std::to_string(i);
        e.rescue_code = std::to_string(200000 + i);
        // A 0.3 x 0.3 degree square around E1, on a 316 x 316 lattice.
        e.position = {34.45 + 0.3 * (i % 316) / 316.0, 105.57 + 0.3 * (i / 316) / 316.0};
        c.elevators.push_back(e);
    }
    return c;
}

struct map_call {
    clock_type::time_point sent, first_byte, done;
    int status = 0;
    std::string body;
};

// One GET on its own connection, with the time the request was sent and the time the first byte
// of the answer came back (the server sends nothing before its answer is complete).
map_call get_timed(int port, const std::string& target, std::atomic<int>& sent) {
    map_call c;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return c;
    }
    const std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    c.sent = clock_type::now();
    if (::send(fd, req.data(), req.size(), 0) != static_cast<ssize_t>(req.size())) {
        ::close(fd);
        return c;
    }
    ++sent;
    std::string raw;
    char buf[65536];
    for (;;) {
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        if (raw.empty()) c.first_byte = clock_type::now();
        raw.append(buf, static_cast<std::size_t>(n));
    }
    c.done = clock_type::now();
    ::close(fd);
    const auto head_end = raw.find("\r\n\r\n");
    if (raw.rfind("HTTP/1.1 ", 0) == 0 && head_end != std::string::npos) {
        c.status = std::stoi(raw.substr(9, 3));
        c.body = raw.substr(head_end + 4);
    }
    return c;
}

TEST(center_reads, a_dispatch_goes_out_while_map_requests_for_a_100k_city_wait_their_turn) {
    center_harness h({"--read-threads", "1"}, false, big_city());
    ASSERT_TRUE(h.started());
    const int port = h.http_port();
    h.birth("E1", 1);
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            const auto r = http_get(port, "/api/elevators/E1");
            return r.status == 200 && r.body.find("\"online\"") != std::string::npos;
        },
        10s));

    // Map requests, all at once, each on its own connection.
    std::vector<map_call> calls(map_clients);
    std::atomic<int> sent{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < map_clients; ++i) clients.emplace_back([&, i] { calls[i] = get_timed(port, "/api/map", sent); });
    // The alarm, once the read thread is busy with the first of them.
    const bool busy = lw::test::wait_until(
        [&] {
            const auto r = http_get(port, "/api/metrics");
            const auto m = lw::center::api::from_json<lw::center::api::metrics_reply>(r.body);
            return sent == map_clients && m && m->reads_in_progress >= 1;
        },
        10s, 1ms);
    ASSERT_TRUE(busy) << "no map request was being answered";
    const auto alarm_at = clock_type::now();
    h.event("E1", 1, pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
    ASSERT_TRUE(h.wait_order_for("north-near", 1, 20s)) << h.center_log();
    for (auto& t : clients) t.join();
    const auto order_at = h.orders_for("north-near").front().received;

    // Every map request was answered, whole, as cells of the 100,002-elevator city.
    int waiting_at_dispatch = 0;
    for (const auto& c : calls) {
        ASSERT_EQ(c.status, 200);
        const auto reply = lw::center::api::from_json<lw::center::api::map_reply>(c.body);
        ASSERT_TRUE(reply) << reply.error;
        EXPECT_EQ(reply->total, static_cast<std::uint64_t>(city_elevators + 2));
        EXPECT_EQ(reply->mode, "cells");
        if (c.sent < alarm_at && c.first_byte > order_at) ++waiting_at_dispatch;
    }
    // Map requests sent before the alarm had not been answered yet when the order arrived.
    EXPECT_GE(waiting_at_dispatch, 1) << "every map request sent before the alarm was answered before the order";
    EXPECT_EQ(h.orders_for("north-near").size(), 1u);
    EXPECT_EQ(h.stop_center(), 0);
}

}  // namespace

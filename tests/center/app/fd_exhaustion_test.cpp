// The console's accept loop when lw-center runs out of file descriptors (issue 9, item 15): a
// real lw-center started under `ulimit -n 64`, its descriptors used up by held connections, one
// more connection waiting in the listen queue. Then accept() fails with EMFILE on every try; the
// server must back off (not spin a core), log a few lines (not one per try), and serve the
// waiting connection once descriptors are free again. CPU time is the center's own, read from
// /proc/PID/stat over a wall interval.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "lw/http_client.hpp"
#include "lw/test/broker.hpp"

namespace {
using namespace std::chrono_literals;
using lw::test::wait_until;

std::string read_text(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::size_t count_lines_with(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.find(what) != std::string::npos) ++n;
    return n;
}

// utime + stime of a process, in seconds.
double cpu_seconds(pid_t pid) {
    const auto stat = read_text("/proc/" + std::to_string(pid) + "/stat");
    const auto close_paren = stat.rfind(')');   // the command name may hold spaces
    std::istringstream in(stat.substr(close_paren + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; in >> field; ++i) {   // field 3 is the state
        if (i == 14) utime = std::stoll(field);
        if (i == 15) {
            stime = std::stoll(field);
            break;
        }
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::size_t open_fds(pid_t pid) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) ++n;
    return n;
}

// A TCP connection to 127.0.0.1:port (blocking connect: the kernel completes it from the listen
// queue whether or not the server accepts). -1 on failure.
int connect_to(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Reads from `fd` until the peer closes or `timeout` passes.
std::string read_until_closed(int fd, std::chrono::milliseconds timeout) {
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (::poll(&p, 1, static_cast<int>(std::max<long long>(1, left.count()))) <= 0) continue;
        char buf[4096];
        const auto n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

TEST(center_http_accept, out_of_file_descriptors_it_backs_off_without_spinning_or_flooding_the_log_and_recovers) {
    lw::test::temp_dir dir;
    lw::test::mosquitto_broker broker;
    const auto port_file = dir.path() / "console.port";
    const auto log = dir.path() / "center.log";
    constexpr int fd_limit = 64;
    // sh sets the limit (soft and hard) and execs the center with it.
    lw::test::child_process center(
        "/bin/sh",
        {"-c", "ulimit -n " + std::to_string(fd_limit) + " && exec \"$0\" \"$@\"", lw::test::program("lw-center"),
         "serve", "--db", (dir.path() / "center.db").string(), "--broker", "127.0.0.1:" + std::to_string(broker.port()),
         "--http", "127.0.0.1:0", "--port-file", port_file.string(), "--read-threads", "1"},
        log);
    ASSERT_TRUE(wait_until([&] { return !read_text(port_file).empty(); }, 10s, 20ms)) << read_text(log);
    const int port = std::stoi(read_text(port_file));
    ASSERT_EQ(lw::http_client::get("127.0.0.1", port, "/api/metrics", 5s).status, 200) << read_text(log);

    // Use up the center's descriptors: every accepted connection holds one. More connections than
    // the limit, so that some stay in the listen queue.
    std::vector<int> held;
    for (int i = 0; i < fd_limit + 8; ++i) {
        const int fd = connect_to(port);
        ASSERT_GE(fd, 0) << "connection " << i;
        held.push_back(fd);
    }
    ASSERT_TRUE(wait_until([&] { return open_fds(center.pid()) >= static_cast<std::size_t>(fd_limit); }, 10s, 20ms))
        << "the center did not run out of descriptors: " << open_fds(center.pid()) << " open\n"
        << read_text(log);
    // The last connection waits in the queue; its request is answered after the recovery.
    const int waiting = connect_to(port);
    ASSERT_GE(waiting, 0);
    const std::string request = "GET /api/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    ASSERT_EQ(::write(waiting, request.data(), request.size()), static_cast<ssize_t>(request.size()));
    ASSERT_TRUE(wait_until([&] { return read_text(log).find("Too many open files") != std::string::npos; }, 10s, 20ms))
        << read_text(log);

    // A wall interval with the descriptors exhausted: the center's CPU time and its log lines.
    const auto log_before = count_lines_with(read_text(log), "accept");
    const double cpu_before = cpu_seconds(center.pid());
    const auto wall_start = std::chrono::steady_clock::now();
    // The measured interval itself (no condition to poll for: the point is what the center does meanwhile).
    std::this_thread::sleep_for(3s);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    const double cpu = cpu_seconds(center.pid()) - cpu_before;
    const auto log_lines = count_lines_with(read_text(log), "accept") - log_before;
    EXPECT_LT(cpu, 0.05 * wall) << "the accept loop spins: " << cpu << " s of CPU in " << wall << " s";
    EXPECT_LE(log_lines, 2u) << "accept failures flood the log: " << log_lines << " lines in " << wall << " s";
    EXPECT_NE(read_text(log).find("retrying in 100 ms"), std::string::npos) << read_text(log);
    EXPECT_TRUE(center.running());

    // Descriptors free again: the waiting connection is answered, and so is a new one.
    for (int fd : held) ::close(fd);
    const auto answer = read_until_closed(waiting, 10s);
    ::close(waiting);
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << "the waiting connection got: " << answer << "\n" << read_text(log);
    EXPECT_EQ(lw::http_client::get("127.0.0.1", port, "/api/metrics", 5s).status, 200) << read_text(log);
    EXPECT_NE(read_text(log).find("accepting connections again after"), std::string::npos) << read_text(log);
    EXPECT_EQ(center.stop(), 0) << read_text(log);
}

}  // namespace

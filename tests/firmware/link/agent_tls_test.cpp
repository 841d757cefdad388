// lw-agent over TLS with client certificates: a CA, a broker certificate and a board
// certificate are made with the openssl CLI at test time; mosquitto requires client certificates.
#include <gtest/gtest.h>

#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "liftwatch/v1/liftwatch.pb.h"
#include "lw/mqtt_client.hpp"
#include "lw/test/broker.hpp"

namespace {
using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* elevator = "TS-TLS-0001";

bool run(const std::vector<std::string>& args, const fs::path& log) {
    lw::test::child_process p("/usr/bin/openssl", args, log);
    return p.wait(60s) == 0;
}

std::string read_file(const fs::path& p) {
    std::ifstream f(p);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

class agent_tls : public ::testing::Test {
protected:
    void SetUp() override {
        const auto d = dir_.path();
        std::filesystem::permissions(d, fs::perms::all);  // mosquitto may drop to its own user
        const auto log = d / "openssl.log";
        std::ofstream(d / "san.ext") << "subjectAltName=IP:127.0.0.1\n";
        const std::vector<std::string> ec = {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"};
        auto req = [&](const std::string& name, const std::string& cn) {
            std::vector<std::string> a = {"req"};
            a.insert(a.end(), ec.begin(), ec.end());
            a.insert(a.end(), {"-keyout", (d / (name + ".key")).string(), "-out", (d / (name + ".csr")).string(),
                               "-subj", "/CN=" + cn});
            return run(a, log);
        };
        auto sign = [&](const std::string& name) {
            return run({"x509", "-req", "-in", (d / (name + ".csr")).string(), "-CA", (d / "ca.crt").string(), "-CAkey",
                        (d / "ca.key").string(), "-CAcreateserial", "-days", "2", "-extfile",
                        (d / "san.ext").string(), "-out", (d / (name + ".crt")).string()},
                       log);
        };
        std::vector<std::string> ca = {"req", "-x509"};
        ca.insert(ca.end(), ec.begin(), ec.end());
        ca.insert(ca.end(), {"-keyout", (d / "ca.key").string(), "-out", (d / "ca.crt").string(), "-days", "2",
                             "-subj", "/CN=liftwatch test CA"});
        ASSERT_TRUE(run(ca, log)) << read_file(log);
        ASSERT_TRUE(req("server", "127.0.0.1") && sign("server")) << read_file(log);
        ASSERT_TRUE(req("board", elevator) && sign("board")) << read_file(log);
        for (const auto& f : fs::directory_iterator(d)) fs::permissions(f.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);

        port_ = lw::test::free_loopback_port();
        std::ofstream(d / "mosquitto.conf") << "listener " << port_ << " 127.0.0.1\n"
                                            << "cafile " << (d / "ca.crt").string() << "\n"
                                            << "certfile " << (d / "server.crt").string() << "\n"
                                            << "keyfile " << (d / "server.key").string() << "\n"
                                            << "require_certificate true\n"
                                            << "allow_anonymous true\n"
                                            << "persistence false\n"
                                            << "log_dest stderr\n";
        broker_ = lw::test::child_process("/usr/sbin/mosquitto", {"-c", (d / "mosquitto.conf").string()},
                                          d / "mosquitto.log");
        // Listening before the first client: a TLS connect attempt to a closed port is only
        // given up after the keepalive (libmosquitto 2.0.11), which would slow the test down.
        ASSERT_TRUE(lw::test::wait_until(
            [&] { return read_file(d / "mosquitto.log").find(" running") != std::string::npos; }, 10s))
            << read_file(d / "mosquitto.log");
    }

    lw::mqtt::tls_options board_tls() const {
        return {(dir_.path() / "ca.crt").string(), (dir_.path() / "board.crt").string(),
                (dir_.path() / "board.key").string()};
    }

    lw::test::child_process agent(const std::vector<std::string>& tls_args, const std::string& log_name) {
        std::vector<std::string> args = {"--elevator_id", elevator, "--region", "tlstest", "--broker",
                                         "127.0.0.1:" + std::to_string(port_), "--outbox",
                                         (dir_.path() / (log_name + ".db")).string(), "--script",
                                         (dir_.path() / "idle.script").string(), "--reconnect_max_s", "1"};
        args.insert(args.end(), tls_args.begin(), tls_args.end());
        std::ofstream(dir_.path() / "idle.script") << "0 floor=1\n";
        return lw::test::child_process(lw::test::program("lw-agent"), args, dir_.path() / (log_name + ".log"));
    }

    lw::test::temp_dir dir_;
    int port_ = 0;
    lw::test::child_process broker_;
};

TEST_F(agent_tls, a_board_with_its_certificate_connects_and_one_without_is_refused) {
    // The watcher is itself a TLS client with a certificate of the same CA.
    lw::mqtt::options o;
    o.port = port_;
    o.tls = board_tls();
    o.reconnect_min = 1s;
    o.reconnect_max = 1s;
    lw::mqtt::client watcher(o);
    std::mutex m;
    std::vector<liftwatch::v1::NodeBirth> births;
    watcher.on_connect([&](bool) { watcher.subscribe("lw/v1/tlstest/+/birth", 1); });
    watcher.on_message([&](lw::mqtt::message&& msg) {
        liftwatch::v1::NodeBirth b;
        if (!b.ParseFromString(msg.payload)) return;
        std::lock_guard lock(m);
        births.push_back(b);
    });
    ASSERT_EQ(watcher.start(), "");
    ASSERT_TRUE(lw::test::wait_until([&] { return watcher.connected(); }, 20s))
        << read_file(dir_.path() / "mosquitto.log");

    const auto d = dir_.path().string();
    auto good = agent({"--tls_ca", d + "/ca.crt", "--tls_cert", d + "/board.crt", "--tls_key", d + "/board.key"}, "good");
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            std::lock_guard lock(m);
            return !births.empty();
        },
        20s))
        << read_file(dir_.path() / "good.log");
    {
        std::lock_guard lock(m);
        EXPECT_EQ(births.front().elevator_id(), elevator);
    }

    // Same CA, no client certificate: the broker requires one, the agent keeps retrying.
    auto bad = agent({"--tls_ca", d + "/ca.crt"}, "bad");
    ASSERT_TRUE(lw::test::wait_until(
        [&] { return read_file(dir_.path() / "bad.log").find("no connection to") != std::string::npos; }, 20s))
        << read_file(dir_.path() / "bad.log");
    EXPECT_TRUE(bad.running()) << "a refused TLS handshake must not end the agent";
    std::lock_guard lock(m);
    EXPECT_EQ(births.size(), 1u);
    watcher.stop();
}

}  // namespace

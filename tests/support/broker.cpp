#include "lw/test/broker.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>
#include <thread>

namespace lw::test {

temp_dir::temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/lwtest-XXXXXX";
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

temp_dir::~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

int free_loopback_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        throw std::runtime_error("bind failed");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout, std::chrono::milliseconds step) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (pred()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return pred();
        std::this_thread::sleep_for(step);
    }
}

static bool port_accepts(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

child_process::child_process(const std::string& exe, const std::vector<std::string>& args,
                             const std::filesystem::path& log_file, const std::filesystem::path& err_file) {
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        if (!log_file.empty()) {
            int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (fd >= 0) {
                ::dup2(fd, 1);
                if (err_file.empty()) ::dup2(fd, 2);
                ::close(fd);
            }
        }
        if (!err_file.empty()) {
            int fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (fd >= 0) {
                ::dup2(fd, 2);
                ::close(fd);
            }
        }
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(exe.c_str()));
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(exe.c_str(), argv.data());
        ::_exit(127);
    }
}

child_process::~child_process() {
    if (pid_ > 0 && running()) kill9();
}

child_process::child_process(child_process&& o) noexcept : pid_(o.pid_), status_(o.status_) { o.pid_ = -1; }

child_process& child_process::operator=(child_process&& o) noexcept {
    if (this != &o) {
        if (pid_ > 0 && running()) kill9();
        pid_ = o.pid_;
        status_ = o.status_;
        o.pid_ = -1;
    }
    return *this;
}

bool child_process::running() {
    if (pid_ <= 0) return false;
    int st = 0;
    const pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == 0) return true;
    if (r == pid_) status_ = st;
    pid_ = -1;
    return false;
}

void child_process::signal(int sig) {
    if (pid_ > 0) ::kill(pid_, sig);
}

static int decode_status(int st) {
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    if (WIFSIGNALED(st)) return -WTERMSIG(st);
    return -1;
}

int child_process::wait(std::chrono::milliseconds timeout) {
    if (pid_ <= 0) return decode_status(status_);
    const pid_t p = pid_;
    if (!wait_until([&] { return !running(); }, timeout, std::chrono::milliseconds{10})) return -1000;
    (void)p;
    return decode_status(status_);
}

int child_process::stop(std::chrono::milliseconds timeout) {
    if (pid_ <= 0) return decode_status(status_);
    signal(SIGTERM);
    int rc = wait(timeout);
    if (rc == -1000) {
        kill9();
        rc = decode_status(status_);
    }
    return rc;
}

void child_process::kill9() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
    status_ = st;
    pid_ = -1;
}

mosquitto_broker::mosquitto_broker(bool persistence) : port_(free_loopback_port()), persistence_(persistence) {
    start();
}

mosquitto_broker::~mosquitto_broker() { stop(); }

void mosquitto_broker::start() {
    if (proc_.running()) return;
    const auto conf = dir_.path() / "mosquitto.conf";
    // As root, mosquitto drops to its own user: let it write its persistence file here.
    std::filesystem::permissions(dir_.path(), std::filesystem::perms::all);
    {
        std::ofstream f(conf);
        f << "listener " << port_ << " 127.0.0.1\n"
          << "allow_anonymous true\n"
          << "max_queued_messages 100000\n"
          << "persistence " << (persistence_ ? "true" : "false") << "\n"
          << "persistence_location " << dir_.path().string() << "/\n"
          << "log_dest stderr\n"
          << "log_type error\nlog_type warning\nlog_type notice\n";
    }
    // Logs go to stderr, captured in <dir>/mosquitto.log (as root, mosquitto drops to its own
    // user and could not write a log file in our temp dir itself).
    proc_ = child_process("/usr/sbin/mosquitto", {"-c", conf.string()}, dir_.path() / "mosquitto.log");
    if (!wait_until([&] { return port_accepts(port_); }, std::chrono::seconds{10}, std::chrono::milliseconds{10}))
        throw std::runtime_error("mosquitto did not start on port " + std::to_string(port_));
}

void mosquitto_broker::stop() {
    if (proc_.running()) proc_.stop(std::chrono::seconds{5});
}

bool mosquitto_broker::running() const { return const_cast<child_process&>(proc_).running(); }

static std::string slurp(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

program_run run_program(const std::string& name, const std::vector<std::string>& args,
                        std::chrono::milliseconds timeout) {
    temp_dir dir;
    child_process p(program(name), args, dir.path() / "out", dir.path() / "err");
    program_run r;
    r.exit_code = p.wait(timeout);
    r.out = slurp(dir.path() / "out");
    r.err = slurp(dir.path() / "err");
    return r;
}

std::string program(const std::string& name) {
#ifdef LW_BIN_DIR
    return std::string(LW_BIN_DIR) + "/" + name;
#else
    return name;
#endif
}

}  // namespace lw::test

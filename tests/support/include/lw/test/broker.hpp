#pragma once
// Test support: a real mosquitto broker on a free loopback port, temp dirs, child processes,
// and polling with a deadline (never a fixed sleep).
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace lw::test {

// A fresh directory under $TMPDIR, removed with its contents on destruction.
class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// A free TCP port on 127.0.0.1 (bound and released; small race accepted in tests).
int free_loopback_port();

// Polls `pred` every `step` until it is true or `timeout` passes. Returns the final value.
bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout,
                std::chrono::milliseconds step = std::chrono::milliseconds{5});

// A child process; killed (SIGKILL) and reaped on destruction if still running.
class child_process {
public:
    child_process() = default;
    // stdout and stderr go to `log_file` (appended), or stderr to `err_file` when that is given.
    child_process(const std::string& exe, const std::vector<std::string>& args,
                  const std::filesystem::path& log_file = {}, const std::filesystem::path& err_file = {});
    ~child_process();
    child_process(child_process&& o) noexcept;
    child_process& operator=(child_process&& o) noexcept;

    pid_t pid() const { return pid_; }
    bool running();
    void signal(int sig);
    // Sends SIGTERM and waits up to `timeout`; then SIGKILL. Returns the exit status (or -signal).
    int stop(std::chrono::milliseconds timeout = std::chrono::seconds{5});
    void kill9();
    // Waits for exit up to timeout; returns the exit code, -signal, or -1000 on timeout.
    int wait(std::chrono::milliseconds timeout);

private:
    pid_t pid_ = -1;
    int status_ = 0;
};

// A real mosquitto on 127.0.0.1 with a generated config; stopped on destruction.
class mosquitto_broker {
public:
    explicit mosquitto_broker(bool persistence = false);
    ~mosquitto_broker();

    int port() const { return port_; }
    std::string host() const { return "127.0.0.1"; }
    // Start (again) on the same port; waits until it accepts connections. Throws on failure.
    void start();
    void stop();
    bool running() const;
    const std::filesystem::path& dir() const { return dir_.path(); }

private:
    temp_dir dir_;
    int port_ = 0;
    bool persistence_ = false;
    child_process proc_;
};

// Path of a built program next to the test binaries (set by CMake: LW_BIN_DIR).
std::string program(const std::string& name);

// Runs the built program `name` to its end, stdout and stderr captured apart. exit_code as
// child_process::wait() gives it (-1000: still running after `timeout`, then killed).
struct program_run {
    int exit_code = -1;
    std::string out, err;
};
program_run run_program(const std::string& name, const std::vector<std::string>& args,
                        std::chrono::milliseconds timeout = std::chrono::seconds{30});

}  // namespace lw::test

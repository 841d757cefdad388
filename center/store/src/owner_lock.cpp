#include "owner_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "lw/center/store.hpp"

namespace lw::center::detail {
namespace {

// The note another writer left: "key=value" lines (pid, program, console).
struct owner_note {
    long pid = 0;
    std::string program, console;
};

owner_note read_note(int fd) {
    std::string text;
    char buf[512];
    off_t at = 0;
    for (ssize_t n; (n = ::pread(fd, buf, sizeof buf, at)) > 0 && text.size() < 4096; at += n)
        text.append(buf, static_cast<std::size_t>(n));
    owner_note note;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        const auto key = line.substr(0, eq), value = line.substr(eq + 1);
        if (key == "pid") note.pid = std::strtol(value.c_str(), nullptr, 10);
        else if (key == "program") note.program = value;
        else if (key == "console") note.console = value;
    }
    return note;
}

}  // namespace

owner_lock::owner_lock(const std::string& db_path) : path_(sidecar_path(db_path)) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    // A read-only lock file or file system still locks (flock needs no write access); only the
    // note is then not written.
    if (fd_ < 0 && (errno == EACCES || errno == EROFS)) fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
        throw std::runtime_error("cannot open " + path_ + " (the database's owner lock): " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        const auto note = err == EWOULDBLOCK ? read_note(fd_) : owner_note{};
        ::close(fd_);
        fd_ = -1;
        if (err != EWOULDBLOCK)
            throw std::runtime_error("cannot lock " + path_ + " (the database's owner lock): " + std::strerror(err));
        throw database_in_use(db_path, note.pid, note.program, note.console);
    }
    write_note();
}

owner_lock::~owner_lock() {
    if (fd_ < 0) return;
    // Emptied first, so nobody reads a dead owner's pid; the file stays (removing it would let
    // two writers lock two different files of the same name).
    (void)!::ftruncate(fd_, 0);
    ::close(fd_);   // releases the lock
}

bool owner_lock::set_console(const std::string& host_port) {
    console_ = host_port;
    return write_note();
}

bool owner_lock::write_note() {
    std::string note = "pid=" + std::to_string(::getpid()) + "\nprogram=" + program_invocation_short_name + "\n";
    if (!console_.empty()) note += "console=" + console_ + "\n";
    if (::ftruncate(fd_, 0) != 0) return false;
    return ::pwrite(fd_, note.data(), note.size(), 0) == static_cast<ssize_t>(note.size());
}

}  // namespace lw::center::detail

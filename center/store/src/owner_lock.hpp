#pragma once
// Internal to lw_center_store: one writer per database. The writer holds an exclusive,
// non-blocking flock(2) on the sidecar file "<db>.owner" for its lifetime and writes into it who
// it is (pid, program, and the console address once the center sets it), so a second writer
// can say whom to go through instead of racing it. The kernel releases the lock when the
// owner's process dies (kill -9 included), so a stale file never blocks. Readers never take it.
#include <string>

namespace lw::center::detail {

class owner_lock {
public:
    // Throws database_in_use (lw/center/store.hpp) when a live process holds the lock, and
    // std::runtime_error when the sidecar file cannot be opened.
    explicit owner_lock(const std::string& db_path);
    ~owner_lock();
    owner_lock(const owner_lock&) = delete;
    owner_lock& operator=(const owner_lock&) = delete;

    // Rewrites the note with the console's HOST:PORT. Never throws; false when the file could
    // not be written (the lock itself still holds).
    bool set_console(const std::string& host_port);

    static std::string sidecar_path(const std::string& db_path) { return db_path + ".owner"; }

private:
    bool write_note();

    int fd_ = -1;
    std::string path_;
    std::string console_;
};

}  // namespace lw::center::detail

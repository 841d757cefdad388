#include "lw/agent/outbox.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>

#include "lw/log.hpp"

namespace lw::agent {
namespace {
constexpr std::string_view component = "outbox";

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string("outbox: cannot prepare statement: ") + sqlite3_errmsg(db));
    return st;
}

struct reset_on_exit {
    sqlite3_stmt* st;
    ~reset_on_exit() {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
};
}  // namespace

outbox::outbox(const std::string& path, std::size_t capacity) : capacity_(capacity) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw std::runtime_error("outbox: cannot open " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 2000);
    // WAL + FULL: each committed append survives a power cut; a torn write is rolled back.
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    if (!exec("CREATE TABLE IF NOT EXISTS outbox(seq INTEGER PRIMARY KEY, payload BLOB NOT NULL, "
              "precious INTEGER NOT NULL DEFAULT 0)") ||
        !exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)"))
        throw std::runtime_error("outbox: cannot create tables in " + path + ": " + last_error_);
    insert_ = prepare(db_, "INSERT INTO outbox(seq, payload, precious) VALUES(:seq, :payload, :precious)");
    delete_ = prepare(db_, "DELETE FROM outbox WHERE seq = :seq");
    select_ = prepare(db_, "SELECT seq, payload, precious FROM outbox WHERE seq > :after ORDER BY seq LIMIT :limit");
    count_ = prepare(db_, "SELECT count(*) FROM outbox");
    get_meta_ = prepare(db_, "SELECT value FROM meta WHERE key = :key");
    set_meta_ = prepare(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES(:key, :value)");
    if (sqlite3_step(count_) == SQLITE_ROW) size_ = static_cast<std::size_t>(sqlite3_column_int64(count_, 0));
    sqlite3_reset(count_);
    // Files written before last_seq existed: the highest stored entry is the best lower bound.
    last_seq_ = static_cast<std::uint64_t>(get_meta("last_seq").value_or(0));
    sqlite3_stmt* max_seq = prepare(db_, "SELECT coalesce(max(seq), 0) FROM outbox");
    if (sqlite3_step(max_seq) == SQLITE_ROW)
        last_seq_ = std::max(last_seq_, static_cast<std::uint64_t>(sqlite3_column_int64(max_seq, 0)));
    sqlite3_finalize(max_seq);
}

outbox::~outbox() {
    for (auto* st : {insert_, delete_, select_, count_, get_meta_, set_meta_}) sqlite3_finalize(st);
    if (db_) sqlite3_close(db_);
}

bool outbox::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        last_error_ = err ? err : "unknown error";
        sqlite3_free(err);
        return false;
    }
    return true;
}

bool outbox::drop_oldest_ordinary() {
    if (!exec("DELETE FROM outbox WHERE seq = (SELECT min(seq) FROM outbox WHERE precious = 0)")) return false;
    if (sqlite3_changes(db_) == 0) return false;
    --size_;
    ++dropped_;
    return true;
}

bool outbox::append(const outbox_entry& e) {
    if (size_ >= capacity_) {
        if (drop_oldest_ordinary()) {
            log::warn(component, "outbox full (" + std::to_string(capacity_) +
                                     "): dropped the oldest ordinary event to make room");
        } else if (!e.precious) {
            last_error_ = "outbox full of alarms; ordinary event " + std::to_string(e.seq) + " not stored";
            ++dropped_;
            return false;
        }
        // An alarm is stored even above the bound: losing it is worse than the extra bytes.
    }
    if (!exec("BEGIN IMMEDIATE")) return false;
    bool ok = false;
    {
        reset_on_exit r{insert_};
        sqlite3_bind_int64(insert_, 1, static_cast<sqlite3_int64>(e.seq));
        sqlite3_bind_blob(insert_, 2, e.payload.data(), static_cast<int>(e.payload.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int(insert_, 3, e.precious ? 1 : 0);
        ok = sqlite3_step(insert_) == SQLITE_DONE;
        if (!ok) last_error_ = std::string("event ") + std::to_string(e.seq) + ": " + sqlite3_errmsg(db_);
    }
    if (ok) {
        reset_on_exit r{set_meta_};
        sqlite3_bind_text(set_meta_, 1, "last_seq", -1, SQLITE_STATIC);
        sqlite3_bind_int64(set_meta_, 2, static_cast<sqlite3_int64>(std::max(e.seq, last_seq_)));
        ok = sqlite3_step(set_meta_) == SQLITE_DONE;
        if (!ok) last_error_ = sqlite3_errmsg(db_);
    }
    if (!ok || !exec("COMMIT")) {
        exec("ROLLBACK");
        return false;
    }
    last_seq_ = std::max(e.seq, last_seq_);
    ++size_;
    return true;
}

bool outbox::remove_one(std::uint64_t seq) {
    reset_on_exit r{delete_};
    sqlite3_bind_int64(delete_, 1, static_cast<sqlite3_int64>(seq));
    if (sqlite3_step(delete_) != SQLITE_DONE) {
        last_error_ = sqlite3_errmsg(db_);
        return false;
    }
    if (sqlite3_changes(db_) > 0 && size_ > 0) --size_;
    return true;
}

bool outbox::remove(std::uint64_t seq) { return remove_one(seq); }

bool outbox::remove(const std::vector<std::uint64_t>& seqs) {
    if (seqs.empty()) return true;
    if (seqs.size() == 1) return remove_one(seqs.front());
    const auto size_before = size_;
    if (!exec("BEGIN IMMEDIATE")) return false;
    for (auto seq : seqs) {
        if (!remove_one(seq)) {
            const auto err = last_error_;
            exec("ROLLBACK");
            last_error_ = err;
            size_ = size_before;
            return false;
        }
    }
    if (!exec("COMMIT")) {
        exec("ROLLBACK");
        size_ = size_before;
        return false;
    }
    return true;
}

std::uint64_t outbox::last_seq() { return last_seq_; }

std::vector<outbox_entry> outbox::pending(std::uint64_t after, std::size_t limit) {
    std::vector<outbox_entry> out;
    reset_on_exit r{select_};
    sqlite3_bind_int64(select_, 1, static_cast<sqlite3_int64>(after));
    sqlite3_bind_int64(select_, 2, static_cast<sqlite3_int64>(limit));
    while (sqlite3_step(select_) == SQLITE_ROW) {
        outbox_entry e;
        e.seq = static_cast<std::uint64_t>(sqlite3_column_int64(select_, 0));
        const auto* p = static_cast<const char*>(sqlite3_column_blob(select_, 1));
        e.payload.assign(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(select_, 1)));
        e.precious = sqlite3_column_int(select_, 2) != 0;
        out.push_back(std::move(e));
    }
    return out;
}

std::size_t outbox::size() { return size_; }

std::optional<std::int64_t> outbox::get_meta(const std::string& key) {
    reset_on_exit r{get_meta_};
    sqlite3_bind_text(get_meta_, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(get_meta_) == SQLITE_ROW) return sqlite3_column_int64(get_meta_, 0);
    return std::nullopt;
}

bool outbox::set_meta(const std::string& key, std::int64_t value) {
    reset_on_exit r{set_meta_};
    sqlite3_bind_text(set_meta_, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(set_meta_, 2, value);
    if (sqlite3_step(set_meta_) != SQLITE_DONE) {
        last_error_ = sqlite3_errmsg(db_);
        return false;
    }
    return true;
}

}  // namespace lw::agent

#pragma once
// Internal to lw_center_store: the SQLiteCpp helpers every part of the store uses.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lw/time.hpp"

namespace lw::center::detail {

// A statement compiled the first time it is used, then kept and reused (bind, step, reset) for
// the life of the connection. Compiling on first use means a read-only connection never
// compiles the writer's statements. Use it through scoped_use.
class cached_statement {
public:
    cached_statement(SQLite::Database& db, std::string sql) : db_(db), sql_(std::move(sql)) {}
    cached_statement(const cached_statement&) = delete;
    cached_statement& operator=(const cached_statement&) = delete;

    SQLite::Statement& get() {
        if (!st_) st_.emplace(db_, sql_);
        return *st_;
    }

private:
    SQLite::Database& db_;
    std::string sql_;
    std::optional<SQLite::Statement> st_;
};

// One use of a cached statement: reset and bindings cleared when it ends, on success or error,
// so a failed step never leaves a read transaction open.
class scoped_use {
public:
    explicit scoped_use(cached_statement& c) : s_(c.get()) {}
    ~scoped_use() {
        s_.tryReset();
        try {
            s_.clearBindings();
        } catch (...) {
        }
    }
    scoped_use(const scoped_use&) = delete;
    scoped_use& operator=(const scoped_use&) = delete;

    SQLite::Statement& operator*() { return s_; }
    SQLite::Statement* operator->() { return &s_; }

private:
    SQLite::Statement& s_;
};

inline std::int64_t i64(const SQLite::Statement& s, int c) { return s.getColumn(c).getInt64(); }
inline double dbl(const SQLite::Statement& s, int c) { return s.getColumn(c).getDouble(); }
inline std::string text(const SQLite::Statement& s, int c) { return s.getColumn(c).getString(); }   // text or blob
inline bool is_null(const SQLite::Statement& s, int c) { return s.isColumnNull(c); }
inline timestamp ms_time(const SQLite::Statement& s, int c) { return from_ms(i64(s, c)); }

inline void bind_blob(SQLite::Statement& s, const char* name, const std::string& bytes) {
    s.bind(name, bytes.data(), static_cast<int>(bytes.size()));
}
inline void bind_bool(SQLite::Statement& s, const char* name, bool v) { s.bind(name, v ? 1 : 0); }
inline void bind_i64(SQLite::Statement& s, const char* name, std::int64_t v) { s.bind(name, static_cast<int64_t>(v)); }
// :limit, a row count.
inline void bind_limit(SQLite::Statement& s, std::size_t limit) { bind_i64(s, ":limit", static_cast<std::int64_t>(limit)); }
// :from and :to, the ends of a period [from, to), in ms.
inline void bind_period(SQLite::Statement& s, timestamp from, timestamp to) {
    bind_i64(s, ":from", to_ms(from));
    bind_i64(s, ":to", to_ms(to));
}

// Every row the statement (bound) gives, each made by `read(s)` at its row.
template <class Read>
auto all_rows(SQLite::Statement& s, Read read) {
    std::vector<decltype(read(s))> out;
    while (s.executeStep()) out.push_back(read(s));
    return out;
}
// Every row of one use of a statement without parameters.
template <class Read>
auto all_rows(cached_statement& c, Read read) {
    scoped_use s(c);
    return all_rows(*s, read);
}
// The first row the statement (bound) gives, made by `read(s)`; nullopt when there is none.
template <class Read>
auto first_row(SQLite::Statement& s, Read read) -> std::optional<decltype(read(s))> {
    if (s.executeStep()) return read(s);
    return std::nullopt;
}

}  // namespace lw::center::detail

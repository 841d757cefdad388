#include "lw/agent/outbox.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <stdexcept>

#include "lw/log.hpp"

namespace lw::agent {
namespace {
constexpr std::string_view component = "outbox";
constexpr int busy_timeout_ms = 2000;

SQLite::Database open_outbox(const std::string& path) {
    try {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                            busy_timeout_ms);
        // WAL + FULL: each committed append survives a power cut; a torn write is rolled back.
        db.exec("PRAGMA journal_mode=WAL");
        db.exec("PRAGMA synchronous=FULL");
        try {
            db.exec("CREATE TABLE IF NOT EXISTS outbox(seq INTEGER PRIMARY KEY, payload BLOB NOT NULL, "
                    "precious INTEGER NOT NULL DEFAULT 0)");
            db.exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
        } catch (const SQLite::Exception& e) {
            throw std::runtime_error("outbox: cannot create tables in " + path + ": " + e.what());
        }
        return db;
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("outbox: cannot open " + path + ": " + e.what());
    }
}

// Resets a statement after one use, success or error.
struct reset_on_exit {
    SQLite::Statement& st;
    ~reset_on_exit() {
        st.tryReset();
        try {
            st.clearBindings();
        } catch (...) {
        }
    }
};
}  // namespace

// Members in this order: the statements are finalized before the connection closes.
struct outbox::impl {
    SQLite::Database db;
    SQLite::Statement insert, remove, select, drop_oldest, get_meta, set_meta;

    explicit impl(const std::string& path)
        : db(open_outbox(path)),
          insert(db, "INSERT INTO outbox(seq, payload, precious) VALUES(:seq, :payload, :precious)"),
          remove(db, "DELETE FROM outbox WHERE seq = :seq"),
          select(db, "SELECT seq, payload, precious FROM outbox WHERE seq > :after ORDER BY seq LIMIT :limit"),
          drop_oldest(db, "DELETE FROM outbox WHERE seq = (SELECT min(seq) FROM outbox WHERE precious = 0)"),
          get_meta(db, "SELECT value FROM meta WHERE key = :key"),
          set_meta(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(:key, :value)") {}
};

outbox::outbox(const std::string& path, std::size_t capacity) : p_(std::make_unique<impl>(path)), capacity_(capacity) {
    try {
        size_ = static_cast<std::size_t>(p_->db.execAndGet("SELECT count(*) FROM outbox").getInt64());
        // Files written before last_seq existed: the highest stored entry is the best lower bound.
        last_seq_ = static_cast<std::uint64_t>(get_meta("last_seq").value_or(0));
        last_seq_ = std::max(last_seq_, static_cast<std::uint64_t>(
                                            p_->db.execAndGet("SELECT coalesce(max(seq), 0) FROM outbox").getInt64()));
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("outbox: cannot read " + path + ": " + e.what());
    }
}

outbox::~outbox() = default;

bool outbox::drop_oldest_ordinary() {
    try {
        reset_on_exit r{p_->drop_oldest};
        if (p_->drop_oldest.exec() == 0) return false;
    } catch (const SQLite::Exception& e) {
        last_error_ = e.what();
        return false;
    }
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
    try {
        SQLite::Transaction t(p_->db, SQLite::TransactionBehavior::IMMEDIATE);   // rolled back unless committed
        try {
            reset_on_exit r{p_->insert};
            p_->insert.bind(":seq", static_cast<int64_t>(e.seq));
            p_->insert.bind(":payload", e.payload.data(), static_cast<int>(e.payload.size()));
            p_->insert.bind(":precious", e.precious ? 1 : 0);
            p_->insert.exec();
        } catch (const SQLite::Exception& x) {
            last_error_ = "event " + std::to_string(e.seq) + ": " + x.what();
            return false;
        }
        {
            reset_on_exit r{p_->set_meta};
            p_->set_meta.bind(":key", "last_seq");
            p_->set_meta.bind(":value", static_cast<int64_t>(std::max(e.seq, last_seq_)));
            p_->set_meta.exec();
        }
        t.commit();
    } catch (const SQLite::Exception& x) {
        last_error_ = x.what();
        return false;
    }
    last_seq_ = std::max(e.seq, last_seq_);
    ++size_;
    return true;
}

bool outbox::remove_one(std::uint64_t seq) {
    try {
        reset_on_exit r{p_->remove};
        p_->remove.bind(":seq", static_cast<int64_t>(seq));
        if (p_->remove.exec() > 0 && size_ > 0) --size_;
    } catch (const SQLite::Exception& e) {
        last_error_ = e.what();
        return false;
    }
    return true;
}

bool outbox::remove(std::uint64_t seq) { return remove_one(seq); }

bool outbox::remove(const std::vector<std::uint64_t>& seqs) {
    if (seqs.empty()) return true;
    if (seqs.size() == 1) return remove_one(seqs.front());
    const auto size_before = size_;
    try {
        SQLite::Transaction t(p_->db, SQLite::TransactionBehavior::IMMEDIATE);   // rolled back unless committed
        for (auto seq : seqs)
            if (!remove_one(seq)) {
                size_ = size_before;
                return false;
            }
        t.commit();
    } catch (const SQLite::Exception& e) {
        last_error_ = e.what();
        size_ = size_before;
        return false;
    }
    return true;
}

std::uint64_t outbox::last_seq() { return last_seq_; }

std::vector<outbox_entry> outbox::pending(std::uint64_t after, std::size_t limit) {
    std::vector<outbox_entry> out;
    try {
        reset_on_exit r{p_->select};
        p_->select.bind(":after", static_cast<int64_t>(after));
        p_->select.bind(":limit", static_cast<int64_t>(limit));
        while (p_->select.executeStep())
            out.push_back({static_cast<std::uint64_t>(p_->select.getColumn(0).getInt64()),
                           p_->select.getColumn(1).getString(), p_->select.getColumn(2).getInt() != 0});
    } catch (const SQLite::Exception& e) {
        last_error_ = e.what();   // what was read so far is returned; the rest comes at the next call
    }
    return out;
}

std::size_t outbox::size() { return size_; }

std::optional<std::int64_t> outbox::get_meta(const std::string& key) {
    try {
        reset_on_exit r{p_->get_meta};
        p_->get_meta.bind(":key", key);
        if (p_->get_meta.executeStep()) return p_->get_meta.getColumn(0).getInt64();
    } catch (const SQLite::Exception& e) {
        last_error_ = e.what();
    }
    return std::nullopt;
}

bool outbox::set_meta(const std::string& key, std::int64_t value) {
    try {
        reset_on_exit r{p_->set_meta};
        p_->set_meta.bind(":key", key);
        p_->set_meta.bind(":value", static_cast<int64_t>(value));
        p_->set_meta.exec();
    } catch (const SQLite::Exception& e) {
        last_error_ = e.what();
        return false;
    }
    return true;
}

}  // namespace lw::agent

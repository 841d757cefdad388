#pragma once
// The board's outbox: every event is on disk before it is published, and leaves the disk only
// when the broker acknowledged it (PUBACK). SQLite (through SQLiteCpp, kept out of this header)
// in WAL mode with synchronous=FULL, so a power cut in the middle of a write loses at most the
// write that had not returned yet.
//
// Contract: an event is "stored" only once append() returned true (paho's persistence rule).
// Thread-compatible: one owner (the agent's main loop). Errors are returned, never thrown,
// except from the constructor when the file cannot be opened at all.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lw::agent {

struct outbox_entry {
    std::uint64_t seq = 0;       // the event's per-node seq (also the row key)
    std::string payload;         // serialized liftwatch.v1.Event
    bool precious = false;       // an alarm: never dropped to make room
};

class outbox {
public:
    // Capacity reasoning: a node produces a few hundred events a day (faults raised and cleared,
    // test alarms, comfort plays); a storm of 1 event/s for 24 h is 86,400. The default bound of
    // 100,000 entries (about 100 bytes each, ~10 MiB on disk) keeps at least 24 h of events
    // offline even then. When full, the oldest non-precious entry is dropped (counted and
    // logged); alarms are never dropped.
    static constexpr std::size_t default_capacity = 100'000;

    explicit outbox(const std::string& path, std::size_t capacity = default_capacity);
    ~outbox();
    outbox(const outbox&) = delete;
    outbox& operator=(const outbox&) = delete;

    // Durably stores the entry, and in the same transaction records e.seq as the highest seq
    // ever stored (last_seq()), so a restart never reuses a seq even if the node's own counter
    // was not written yet. false (with last_error()) when the disk refused it or e.seq is
    // already stored (an entry is never overwritten).
    bool append(const outbox_entry& e);
    // Deletes an acknowledged entry. Removing an absent seq is not an error.
    bool remove(std::uint64_t seq);
    // Deletes several acknowledged entries in one transaction (one disk sync instead of one each).
    bool remove(const std::vector<std::uint64_t>& seqs);
    // The highest seq ever appended (0 when none), whether or not it was removed since.
    std::uint64_t last_seq();
    // The oldest entries with seq > after, in seq order, at most `limit`.
    std::vector<outbox_entry> pending(std::uint64_t after, std::size_t limit);
    std::size_t size();
    std::uint64_t dropped() const { return dropped_; }

    // Small durable key/value store for the node's counters (bd_seq, next event seq).
    std::optional<std::int64_t> get_meta(const std::string& key);
    bool set_meta(const std::string& key, std::int64_t value);

    const std::string& last_error() const { return last_error_; }

private:
    struct impl;   // the connection and its prepared statements
    bool drop_oldest_ordinary();
    bool remove_one(std::uint64_t seq);

    std::unique_ptr<impl> p_;
    std::size_t capacity_;
    std::size_t size_ = 0;
    std::uint64_t last_seq_ = 0;
    std::uint64_t dropped_ = 0;
    std::string last_error_;
};

}  // namespace lw::agent

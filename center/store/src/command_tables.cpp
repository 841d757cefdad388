#include "command_tables.hpp"

namespace lw::center::detail {
namespace {

constexpr const char* command_columns =
    "SELECT id, elevator_id, kind, issued_by, incident_id, parameters, sent_ms, answered_ms, ok, reason "
    "FROM commands ";

command_row read_command(const SQLite::Statement& s) {
    command_row r;
    r.id = static_cast<std::uint64_t>(i64(s, 0));
    r.elevator_id = text(s, 1);
    r.kind = text(s, 2);
    r.issued_by = text(s, 3);
    if (!is_null(s, 4)) r.incident = i64(s, 4);
    r.parameters = text(s, 5);
    r.sent = ms_time(s, 6);
    if (!is_null(s, 7)) {
        r.answered = ms_time(s, 7);
        r.ok = i64(s, 8) != 0;
        r.reason = text(s, 9);
    }
    return r;
}

}  // namespace

command_tables::command_tables(SQLite::Database& db)
    : insert_(db,
              "INSERT OR IGNORE INTO commands(id, elevator_id, kind, issued_by, incident_id, parameters, sent_ms) "
              "VALUES(:id, :elevator, :kind, :by, :incident, :parameters, :sent)"),
      answer_(db, "UPDATE commands SET answered_ms = :at, ok = :ok, reason = :reason WHERE id = :id AND "
                  "answered_ms IS NULL"),
      of_elevator_(db, std::string(command_columns) + "WHERE elevator_id = :elevator ORDER BY id DESC LIMIT :limit"),
      awaiting_(db, std::string(command_columns) + "WHERE answered_ms IS NULL ORDER BY id DESC LIMIT :limit"),
      max_id_(db, "SELECT coalesce(max(id), 0) FROM commands") {}

std::string command_tables::insert(const command_row& c) {
    try {
        scoped_use s(insert_);
        bind_i64(*s, ":id", static_cast<std::int64_t>(c.id));
        s->bind(":elevator", c.elevator_id);
        s->bind(":kind", c.kind);
        s->bind(":by", c.issued_by);
        if (c.incident) bind_i64(*s, ":incident", *c.incident);
        else s->bind(":incident");
        s->bind(":parameters", c.parameters);
        bind_i64(*s, ":sent", to_ms(c.sent));
        s->exec();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

std::string command_tables::answer(std::uint64_t id, timestamp at, bool ok, const std::string& reason) {
    try {
        scoped_use s(answer_);
        bind_i64(*s, ":id", static_cast<std::int64_t>(id));
        bind_i64(*s, ":at", to_ms(at));
        bind_bool(*s, ":ok", ok);
        s->bind(":reason", reason);
        if (s->exec() == 0) return "command " + std::to_string(id) + " is not awaiting an answer in the log";
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

std::vector<command_row> command_tables::commands(const std::string& elevator_id, std::size_t limit) {
    scoped_use s(of_elevator_);
    s->bind(":elevator", elevator_id);
    bind_limit(*s, limit);
    return all_rows(*s, read_command);
}

std::vector<command_row> command_tables::awaiting(std::size_t limit) {
    scoped_use s(awaiting_);
    bind_limit(*s, limit);
    return all_rows(*s, read_command);
}

std::uint64_t command_tables::max_id() {
    scoped_use s(max_id_);
    return first_row(*s, [](const SQLite::Statement& st) { return static_cast<std::uint64_t>(i64(st, 0)); })
        .value_or(0);
}

}  // namespace lw::center::detail

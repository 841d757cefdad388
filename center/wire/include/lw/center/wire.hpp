#pragma once
// The center's wire adapter (DESIGN §2): MQTT messages of the liftwatch.v1 contract in, core
// inputs out; core effects in, messages out. Pure and stateless: the same bytes always give the
// same answer, nothing is kept between calls, nothing throws for any input (these are what a
// fuzzer calls). Protobuf stays behind this header.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lw/center/core_io.hpp"

namespace lw::center::wire {

// The largest payload decoded: the contract's messages are a few hundred bytes; anything near
// this is not ours and is refused before parsing.
inline constexpr std::size_t max_payload_bytes = 16 * 1024;

// The times a message may carry (ms since the epoch): 1970-01-01 to 2262-04-11, the last
// millisecond whose nanoseconds still fit an int64 (system_clock's unit). Inside this range every
// sum the cores make with it (limits of days at most) and every conversion (to nanoseconds, to
// calendar time) stays representable; decode refuses the rest.
inline constexpr std::int64_t max_message_time_ms = INT64_MAX / 1'000'000 - 1;
constexpr bool is_message_time_ms(std::int64_t ms) { return ms >= 0 && ms <= max_message_time_ms; }

struct decode_error {
    std::string kind;    // what was being read: "topic", "oversized", "birth", "death", "status",
                         // "event", "crew_report", "sim_clock"
    std::string what;    // why, for the log: "not a liftwatch.v1.Event", "seq 0", ...
    // The message decoded, but a number in it cannot be taken: NaN or infinite, or outside what
    // the field can mean (a time beyond year 9999, an ETA of centuries). Counted apart
    // (metrics "out_of_range", by kind) from messages that do not decode ("malformed").
    bool out_of_range = false;
};
// The drill clock (lw/v1/sim/clock): the shell's business, not the core's.
struct sim_clock_update {
    std::int64_t city_time_ms = 0;
    double scale = 1;
    bool running = true;
};
// A message on a subscribed topic that is not for the center (its own commands to nodes).
struct not_for_us {};

using decoded = std::variant<input, sim_clock_update, not_for_us, decode_error>;
decoded decode(std::string_view topic, std::string_view payload);

struct message {
    std::string topic;
    std::string payload;
    int qos = 1;
    bool retain = false;
};

// The center process's instance (CenterState.center_instance): random, non-zero, drawn once per
// start and carried in every order and command it publishes, so a receiver tells them from
// those another center (another database, the same incident numbers) left on the broker.
std::uint64_t new_center_instance();
// "00c0ffee12345678": the instance as the API and the logs show it.
std::string instance_text(std::uint64_t instance);

message encode(const dispatch_message& d);
// A stored DispatchOrder payload stamped with the publishing center's instance (set at publish
// time, so a restarted center's re-sends carry its own); unchanged when it does not parse.
std::string with_center_instance(std::string_view order_payload, std::uint64_t instance);
message encode(const stand_down_message& s, std::uint64_t instance = 0);
// `issued_by`: the center's id, carried in the command when the center issued it itself (an
// operator's command carries the operator's name).
message encode(const node_command& c, std::string_view issued_by, std::uint64_t instance = 0);
// Retained lw/v1/center/state: online with the regions this center owns, or offline (also the Will).
message center_state(bool online, std::string_view center_id, timestamp at, const std::vector<std::string>& regions,
                     std::uint64_t instance = 0);

}  // namespace lw::center::wire

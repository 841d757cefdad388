#pragma once
// Carries out the core's effects (center_core.hpp), in the order the record needs: persist the
// batch (and the dispatch orders as unsent) first, then publish, then refresh the console's live
// view; count, and log. Also the PUBACK bookkeeping (an order is marked sent when the broker
// acknowledged it) and the retry of batches a failed commit left queued.
//
// Threading: the center's strand only.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "lw/center/api/live_view.hpp"
#include "lw/center/center_core.hpp"
#include "lw/center/store.hpp"
#include "lw/center/wire.hpp"
#include "lw/log.hpp"
#include "lw/mqtt_client.hpp"

namespace lw::center {

struct shell_counters {
    std::uint64_t messages = 0, dispatches_sent = 0, store_errors = 0, internal_errors = 0, publish_errors = 0;
    std::map<std::string, std::uint64_t> malformed;            // by what was being decoded
    std::map<std::string, std::uint64_t> out_of_range;         // decoded, a number refused (by kind)
    std::array<std::uint64_t, counter_count> core{};           // by lw::center::counter
};

class effects_sink {
public:
    // `instance`: this center process (wire::new_center_instance), stamped on what it publishes.
    effects_sink(store& db, mqtt::client& mqtt, api::live_view& view, std::string center_id, std::uint64_t instance);

    // Persist, then act. Returns "" or why the record could not be written (it stays queued in
    // memory and is retried; what was decided is acted on anyway: a trapped passenger must not
    // wait for a disk).
    std::string apply(const effects& fx, const center_core& core);
    // Publishes an order the store holds as unsent (recovery after a restart).
    void publish_dispatch(const dispatch_row& d);
    // PUBACK of message `mid`: marks its order sent.
    void on_published(int mid);
    // Every few seconds: write what a failed commit left queued.
    void retry_store();
    // Refresh the whole view (start-up, registry change).
    void refresh_view(const center_core& core);

    // Logs the first time a reason is seen, then every 1000th, so a flood cannot fill the disk.
    void log_once(log::level lvl, const std::string& reason, const std::string& text);

    shell_counters& counters() { return counters_; }
    const shell_counters& counters() const { return counters_; }

private:
    void refresh(const center_core& core, const std::vector<std::string>& elevators,
                 const std::vector<std::string>& crews);

    store& db_;
    mqtt::client& mqtt_;
    api::live_view& view_;
    std::string center_id_;
    std::uint64_t instance_ = 0;
    shell_counters counters_;
    std::map<std::string, std::uint64_t> log_counts_;
    // mid -> (incident, crew, attempt) awaiting PUBACK
    std::map<int, std::tuple<incident_id, std::string, int>> in_flight_;
    std::vector<std::tuple<incident_id, std::string, int>> sent_unrecorded_;   // PUBACKed, mark_sent failed
    std::chrono::steady_clock::time_point last_retry_{};
};

}  // namespace lw::center

#pragma once
// Virtual crews: they receive dispatch orders, acknowledge after a delay drawn from a
// distribution, travel at a configured speed, arrive, release the passengers (or report that
// they cannot handle the elevator), as each crew's behaviour says. Pure: orders and time in,
// reports out. The drill runner carries them over MQTT.
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "lw/center/registry.hpp"
#include "lw/domain/rescue.hpp"
#include "lw/geo.hpp"
#include "lw/time.hpp"

namespace lw::sim {

struct crew_behaviour {
    bool silent = false;                 // never answers
    bool decline = false;                // answers "declined"
    bool cannot_handle = false;          // arrives, then reports it cannot handle the elevator
    bool cannot_handle_mrl = false;      // as above, only for machine-room-less elevators
    duration ack_delay_mean = std::chrono::seconds{60};   // exponential-ish around the mean
    duration on_site_mean = std::chrono::minutes{5};      // arrival -> passengers released
    double speed_kmh = 30;
    double road_factor = 1.4;
    duration extra_travel{};             // added to the travel time (traffic jam, far away)
    duration late{};                     // held up on the way after reporting its ETA (not in the ETA)
};

using domain::crew_report_kind;

struct order {
    std::int64_t incident = 0;
    std::string crew_id;
    std::string company_id;
    int level = 1;
    std::string elevator_id;
    geo_point at;
    bool machine_room_less = false;
    int attempt = 1;
    bool stand_down = false;
};

struct report {
    std::string crew_id;
    std::string company_id;
    std::int64_t incident = 0;
    crew_report_kind kind = crew_report_kind::acknowledged;
    timestamp at{};
    duration eta{};
    geo_point position;
    std::string elevator_id;
    std::string details;
};

class crew_fleet {
public:
    crew_fleet(const std::vector<center::crew_record>& crews, std::uint64_t seed, crew_behaviour defaults = {});

    void set_behaviour(const std::string& crew_id, const crew_behaviour& b);
    crew_behaviour& behaviour(const std::string& crew_id);

    // A dispatch order arrived. Re-sends of an order already being handled are ignored.
    void on_order(const order& o, timestamp now);
    // Reports due by `now`, in time order.
    std::vector<report> step(timestamp now);
    std::size_t busy() const;

private:
    struct job {
        order o;
        timestamp next{};
        int stage = 0;   // 0 ack, 1 arrive, 2 release/cannot handle, 3 done
        duration travel{};
    };
    struct crew_state {
        center::crew_record rec;
        crew_behaviour b;
        geo_point position;
        std::optional<job> current;
    };
    duration draw(duration mean);

    std::map<std::string, crew_state> crews_;
    crew_behaviour defaults_;
    std::mt19937_64 rng_;
};


}  // namespace lw::sim

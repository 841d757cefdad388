#include "lw/sim/crews.hpp"

#include <algorithm>

namespace lw::sim {

crew_fleet::crew_fleet(const std::vector<center::crew_record>& crews, std::uint64_t seed, crew_behaviour defaults)
    : defaults_(defaults), rng_(seed) {
    for (const auto& c : crews) crews_[c.id] = crew_state{c, defaults_, c.position, std::nullopt};
}

void crew_fleet::set_behaviour(const std::string& crew_id, const crew_behaviour& b) {
    if (auto f = crews_.find(crew_id); f != crews_.end()) f->second.b = b;
}

crew_behaviour& crew_fleet::behaviour(const std::string& crew_id) { return crews_.at(crew_id).b; }

duration crew_fleet::draw(duration mean) {
    // Gamma(k=4) around the mean: rarely near zero, a tail of slow answers.
    std::gamma_distribution<double> g(4.0, static_cast<double>(mean.count()) / 4.0);
    return duration{static_cast<std::int64_t>(g(rng_))};
}

void crew_fleet::on_order(const order& o, timestamp now) {
    auto f = crews_.find(o.crew_id);
    if (f == crews_.end()) return;
    auto& c = f->second;
    if (o.stand_down) {
        if (c.current && c.current->o.incident == o.incident) c.current.reset();
        return;
    }
    if (c.current && c.current->o.incident == o.incident) return;  // a re-send: already on it
    if (c.current) return;  // busy elsewhere: a real crew would decline; the center sees no answer
    if (c.b.silent) return;
    job j;
    j.o = o;
    j.next = now + draw(c.b.ack_delay_mean);
    const double km = great_circle_m(c.position, o.at) / 1000.0 * c.b.road_factor;
    j.travel = std::chrono::duration_cast<duration>(std::chrono::duration<double>(km / c.b.speed_kmh * 3600.0)) +
               c.b.extra_travel;
    c.current = j;
}

std::vector<report> crew_fleet::step(timestamp now) {
    std::vector<report> out;
    for (auto& [id, c] : crews_) {
        while (c.current && c.current->next <= now) {
            auto& j = *c.current;
            report r{id, c.rec.company_id, j.o.incident, crew_report_kind::acknowledged, j.next, j.travel, c.position,
                     j.o.elevator_id, {}};
            if (j.stage == 0) {
                if (c.b.decline) {
                    r.kind = crew_report_kind::declined;
                    r.details = "crew declined";
                    out.push_back(r);
                    c.current.reset();
                    break;
                }
                out.push_back(r);  // acknowledged with ETA
                r.kind = crew_report_kind::en_route;
                out.push_back(r);
                j.stage = 1;
                j.next += j.travel + c.b.late;
            } else if (j.stage == 1) {
                c.position = j.o.at;
                r.kind = crew_report_kind::arrived;
                r.position = c.position;
                r.eta = {};
                out.push_back(r);
                j.stage = 2;
                j.next += draw(c.b.on_site_mean);
            } else {
                r.position = c.position;
                r.eta = {};
                if (c.b.cannot_handle || (c.b.cannot_handle_mrl && j.o.machine_room_less)) {
                    r.kind = crew_report_kind::cannot_handle;
                    r.details = j.o.machine_room_less ? "machine-room-less elevator: no access to the drive"
                                                      : "beyond this crew's skills";
                } else {
                    r.kind = crew_report_kind::released;
                    r.details = "passengers released";
                }
                out.push_back(r);
                c.current.reset();
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const report& a, const report& b) { return a.at < b.at; });
    return out;
}

std::size_t crew_fleet::busy() const {
    return static_cast<std::size_t>(
        std::count_if(crews_.begin(), crews_.end(), [](const auto& kv) { return kv.second.current.has_value(); }));
}

}  // namespace lw::sim

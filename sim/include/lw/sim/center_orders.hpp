#pragma once
// Which dispatch orders on the broker belong to this drill (issue 9). Incident numbers are only
// unique within one center's database: an order an earlier center left in the crews' session or
// retained on a topic can carry the same numbers as this drill's. Each center process stamps its
// instance (CenterState.center_instance, GET /api/metrics "instance") on every order, so the
// drill takes the orders of the center it plays against — the instance it read at the start,
// and any instance that center announces live during the drill (it was restarted) — and refuses
// the others, counted. Orders of the same center for incidents it had before the drill started
// (an earlier drill against the same running center) are refused too. Pure.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace lw::sim {

class center_orders {
public:
    enum class verdict { take, other_center, earlier_incident };

    // `instance`: the center's at the start (0: an older center that stamps none);
    // `incidents_before`: the highest incident number it had then.
    center_orders(std::uint64_t instance, std::int64_t incidents_before)
        : accepted_{instance}, incidents_before_(incidents_before) {}

    // A CenterState "online" published while the drill runs (not a retained one): the center
    // restarted, its orders from now on carry this instance.
    // True when it is new (a reconnect of the same process announces the same instance again).
    bool announced(std::uint64_t instance) { return accepted_.insert(instance).second; }

    verdict judge(std::uint64_t order_instance, std::int64_t incident);

    std::uint64_t other_center() const { return other_center_; }
    std::uint64_t earlier_incidents() const { return earlier_; }
    // The instances whose orders were refused, with how many each.
    const std::map<std::uint64_t, std::uint64_t>& refused_instances() const { return refused_; }

private:
    std::set<std::uint64_t> accepted_;
    std::int64_t incidents_before_ = 0;
    std::uint64_t other_center_ = 0, earlier_ = 0;
    std::map<std::uint64_t, std::uint64_t> refused_;
};

// "00c0ffee12345678" (16 hex digits, as the center shows it) -> the instance; "" -> 0 (an older
// center); nullopt when it is not such a text.
std::optional<std::uint64_t> parse_instance(const std::string& text);

}  // namespace lw::sim

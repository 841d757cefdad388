#include "lw/sim/center_orders.hpp"

#include <charconv>

namespace lw::sim {

center_orders::verdict center_orders::judge(std::uint64_t order_instance, std::int64_t incident) {
    if (!accepted_.count(order_instance)) {
        ++other_center_;
        ++refused_[order_instance];
        return verdict::other_center;
    }
    if (incident <= incidents_before_) {
        ++earlier_;
        return verdict::earlier_incident;
    }
    return verdict::take;
}

std::optional<std::uint64_t> parse_instance(const std::string& text) {
    if (text.empty()) return std::uint64_t{0};
    if (text.size() > 16) return std::nullopt;
    std::uint64_t v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v, 16);
    if (r.ec != std::errc{} || r.ptr != text.data() + text.size()) return std::nullopt;
    return v;
}

}  // namespace lw::sim

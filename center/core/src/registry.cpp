#include "lw/center/registry.hpp"

#include <algorithm>

namespace lw::center {
namespace {

template <class Map>
auto* find_in(const Map& m, std::string_view id) {
    const auto it = m.find(id);
    return it == m.end() ? nullptr : it->second.get();
}

template <class Map>
auto sorted_values(const Map& m) {
    std::vector<typename Map::mapped_type::element_type*> out;
    out.reserve(m.size());
    for (const auto& [id, v] : m) out.push_back(v.get());
    std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
    return out;
}

// Replaces the map entry of a record with the same id, re-keyed on the new record's id.
template <class Map, class T>
void put(Map& m, T record) {
    auto p = std::make_shared<const T>(std::move(record));
    m.erase(p->id);
    const std::string_view key = p->id;
    m.emplace(key, std::move(p));
}

}  // namespace

std::shared_ptr<const registry> registry::build(const city& c) {
    auto r = std::make_shared<registry>();
    r->add(c);
    return r;
}

std::shared_ptr<const registry> registry::merged(const city& c) const {
    auto r = std::make_shared<registry>(*this);   // shares every record
    r->add(c);
    return r;
}

std::shared_ptr<const registry> registry::with_crew_home(std::string_view crew_id, geo_point home) const {
    const auto i = crew_index(crew_id);
    if (!i) return nullptr;
    auto r = std::make_shared<registry>(*this);
    auto changed = *crews_[*i];
    changed.position = home;
    r->crews_[*i] = std::make_shared<const crew_record>(std::move(changed));
    r->crew_by_id_.erase(crew_id);
    r->crew_by_id_.emplace(r->crews_[*i]->id, *i);
    return r;
}

void registry::add(const city& c) {
    for (const auto& x : c.companies) put(companies_, x);
    for (const auto& x : c.using_units) put(using_units_, x);
    for (const auto& x : c.workstations) put(workstations_, x);
    for (const auto& x : c.crews) {
        auto p = std::make_shared<const crew_record>(x);
        if (const auto it = crew_by_id_.find(x.id); it != crew_by_id_.end()) {
            const auto i = it->second;
            crew_by_id_.erase(it);
            crews_[i] = std::move(p);
            crew_by_id_.emplace(crews_[i]->id, i);
        } else {
            const auto i = static_cast<std::uint32_t>(crews_.size());
            crews_.push_back(std::move(p));
            crew_by_id_.emplace(crews_[i]->id, i);
        }
    }
    elevators_.reserve(elevators_.size() + c.elevators.size());
    for (const auto& x : c.elevators) {
        auto p = std::make_shared<const elevator_record>(x);
        std::uint32_t i = 0;
        if (const auto it = elevator_by_id_.find(x.id); it != elevator_by_id_.end()) {
            i = it->second;
            const auto& old = *elevators_[i];
            if (const auto code = elevator_by_code_.find(old.rescue_code); code != elevator_by_code_.end() &&
                                                                           code->second == i)
                elevator_by_code_.erase(code);
            elevator_by_id_.erase(it);
            elevators_[i] = std::move(p);
        } else {
            i = static_cast<std::uint32_t>(elevators_.size());
            elevators_.push_back(std::move(p));
        }
        const auto& e = *elevators_[i];
        elevator_by_id_.emplace(e.id, i);
        if (!e.rescue_code.empty()) {   // a code given again belongs to its latest elevator
            elevator_by_code_.erase(e.rescue_code);
            elevator_by_code_.emplace(e.rescue_code, i);
        }
    }
}

const elevator_record* registry::elevator(std::string_view id) const {
    const auto i = elevator_index(id);
    return i ? elevators_[*i].get() : nullptr;
}

const elevator_record* registry::elevator_by_rescue_code(std::string_view code) const {
    const auto it = elevator_by_code_.find(code);
    return it == elevator_by_code_.end() ? nullptr : elevators_[it->second].get();
}

std::optional<std::uint32_t> registry::elevator_index(std::string_view id) const {
    const auto it = elevator_by_id_.find(id);
    if (it == elevator_by_id_.end()) return std::nullopt;
    return it->second;
}

const company_record* registry::company(std::string_view id) const { return find_in(companies_, id); }
const using_unit_record* registry::using_unit(std::string_view id) const { return find_in(using_units_, id); }

const crew_record* registry::crew(std::string_view id) const {
    const auto i = crew_index(id);
    return i ? crews_[*i].get() : nullptr;
}

std::optional<std::uint32_t> registry::crew_index(std::string_view id) const {
    const auto it = crew_by_id_.find(id);
    if (it == crew_by_id_.end()) return std::nullopt;
    return it->second;
}

std::vector<const company_record*> registry::companies() const { return sorted_values(companies_); }
std::vector<const using_unit_record*> registry::using_units() const { return sorted_values(using_units_); }
std::vector<const workstation_record*> registry::workstations() const { return sorted_values(workstations_); }

}  // namespace lw::center

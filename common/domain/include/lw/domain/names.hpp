#pragma once
// Stable names for the domain's enums. Each enum declares its table once, next to its
// definition, by specializing enum_table; to_string, parse and from_number then work for it.
//
// The names are what logs, the store, the console's JSON, scenario files and the operator CLI
// carry: they never change once shipped (append new values, never rename). Numbers are wire or
// legacy values only; from_number is for the adapters that must read them.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace lw::domain {

// Specialize with: static constexpr std::array<std::pair<E, std::string_view>, N> entries{...};
template <class E>
struct enum_table;

template <class E>
concept named_enum = std::is_enum_v<E> && requires { enum_table<E>::entries; };

// The value's name; "invalid" for a value outside the table (a bad cast at an edge).
template <named_enum E>
constexpr std::string_view to_string(E e) {
    for (const auto& [v, name] : enum_table<E>::entries)
        if (v == e) return name;
    return "invalid";
}

// The value with that exact name, or nullopt.
template <named_enum E>
constexpr std::optional<E> parse(std::string_view s) {
    for (const auto& [v, name] : enum_table<E>::entries)
        if (name == s) return v;
    return std::nullopt;
}

// The value whose number is `n`, when the table has it (wire values, snapshots written by
// number before names were stored).
template <named_enum E>
constexpr std::optional<E> from_number(std::int64_t n) {
    for (const auto& [v, name] : enum_table<E>::entries)
        if (static_cast<std::int64_t>(v) == n) return v;
    return std::nullopt;
}

// Every value, in table order (for help texts and exhaustive tests).
template <named_enum E>
constexpr auto all_values() {
    std::array<E, enum_table<E>::entries.size()> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = enum_table<E>::entries[i].first;
    return out;
}

// "a, b or c": the names, for error messages ("source must be one of ...").
template <named_enum E>
std::string names_list() {
    std::string out;
    const auto& t = enum_table<E>::entries;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i > 0) out += i + 1 == t.size() ? " or " : ", ";
        out += t[i].second;
    }
    return out;
}

}  // namespace lw::domain

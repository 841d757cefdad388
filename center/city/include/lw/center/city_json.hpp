#pragma once
// The city file: the registry as JSON, written by lw-sim and imported by lw-center.
// Format (docs/city-file.md): {"region", "companies":[...], "using_units":[...],
// "workstations":[...], "crews":[...], "elevators":[...]} with the fields of registry.hpp.
#include <string>

#include "lw/center/registry.hpp"

namespace lw::center {

std::string to_json(const city& c, int indent = 1);
// Parses and validates (ids unique and topic-safe, references resolve, coordinates in range).
// References may resolve to `known` (the registry the records are added to) as well as to the
// file's own records. Returns an error text naming the record at fault, or "" on success.
std::string parse_city(const std::string& text, city& out, const registry* known = nullptr);

}  // namespace lw::center

#pragma once
// How a timeline record's hash is computed. Each stored row names its version
// (timeline_row::hash_version); verify() checks every row with the encoding of its version, so a
// chain written before version 2 still verifies, and so does one where old rows are followed
// by new ones. A row claiming an older version than a row before it is reported (downgrade).
//
// Version 1 (before issue 8): SHA-256 of prev_hash|id|incident|at_ms|step|actor|details|
//   recorded_ms, joined with an unescaped '|'. Ambiguous: a '|' inside actor or details can
//   shift the fields, so two different records can share a hash.
// Version 2: SHA-256 of "lwtl2\n" followed by, for each of those eight fields in that order,
//   its length in bytes (decimal), ':', its bytes and '\n'; integers in decimal, times in ms
//   since the epoch. Unambiguous: the lengths delimit the fields.
//
// Pure functions, no I/O.
#include <optional>
#include <string>

#include "lw/center/store_view.hpp"

namespace lw::center {

// The bytes hashed for `row` under `version` (row.hash and row.hash_version are not used);
// nullopt when this program does not know `version`.
std::optional<std::string> timeline_hash_record(const timeline_row& row, int version);
// SHA-256 (lower-case hex) of that record; nullopt when this program does not know `version`.
std::optional<std::string> timeline_hash(const timeline_row& row, int version);

}  // namespace lw::center

#pragma once
// Store rows and core values as API types (shared by the resource files).
#include "lw/center/api/types.hpp"
#include "lw/center/store_view.hpp"

namespace lw::center::api {

incident_summary summary_of(const incident_row& r);
timeline_record record_of(const timeline_row& r);
std::optional<std::int64_t> positive_id(const std::string& s);

}  // namespace lw::center::api

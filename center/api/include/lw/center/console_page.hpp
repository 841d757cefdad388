#pragma once
#include <string>

namespace lw::center {
// The operators' console: one self-contained HTML page that polls the JSON API.
const std::string& console_page();
}  // namespace lw::center

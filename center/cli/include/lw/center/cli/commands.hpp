#pragma once
// lw-center's command line: the definitions of every command (serve, import, incidents,
// timeline, stats, verify, export, elevator, crew, alarm, act) and what each one does.
#include <iosfwd>

#include "lw/options.hpp"

namespace lw::center::cli {

// Every command's options; lw-center --help and lw-center CMD --help come from these.
const lw::options::commands& definitions();

// Runs the command `v` was parsed for (v from parse(definitions(), ...)). `out` takes the
// command's output, `err` progress lines and the reason of a failure. Returns the exit code:
// 0 done, 1 failed (reason on `err`), or serve's exit code. Throws lw::options::usage_error for
// bad input found after parsing (exit 2), and what the store throws when a database cannot be
// opened (exit 1).
int run(const lw::options::values& v, std::ostream& out, std::ostream& err);

}  // namespace lw::center::cli

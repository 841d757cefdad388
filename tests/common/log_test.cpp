// The log threshold, set by level and by the name a program's --log-level gives.
#include "lw/log.hpp"

#include <gtest/gtest.h>

namespace {
namespace log = lw::log;

TEST(log, level_by_name_unknown_names_are_info) {
    log::set_level("debug");
    EXPECT_EQ(log::get_level(), log::level::debug);
    log::set_level("warn");
    EXPECT_EQ(log::get_level(), log::level::warn);
    log::set_level("error");
    EXPECT_EQ(log::get_level(), log::level::error);
    log::set_level("info");
    EXPECT_EQ(log::get_level(), log::level::info);
    log::set_level(log::level::error);
    log::set_level("loud");
    EXPECT_EQ(log::get_level(), log::level::info);
}

}  // namespace

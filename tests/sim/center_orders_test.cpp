// Which dispatch orders belong to the drill (issue 9, item 11): the center's instance, not the
// incident numbers, tells this drill's center's orders from those another center left behind.
#include "lw/sim/center_orders.hpp"

#include <gtest/gtest.h>

namespace lw::sim {
namespace {
using v = center_orders::verdict;

TEST(center_orders, an_order_from_another_center_instance_is_refused_and_counted_whatever_its_number) {
    center_orders ours(0xabc, 0);   // a fresh center: incident numbers start at 1 again
    EXPECT_EQ(ours.judge(0x111, 1), v::other_center);
    EXPECT_EQ(ours.judge(0x111, 6), v::other_center);
    EXPECT_EQ(ours.judge(0, 7), v::other_center);   // an older center's, without an instance
    EXPECT_EQ(ours.judge(0xabc, 1), v::take);
    EXPECT_EQ(ours.other_center(), 3u);
    EXPECT_EQ(ours.refused_instances().at(0x111), 2u);
    EXPECT_EQ(ours.refused_instances().at(0), 1u);
}

TEST(center_orders, the_same_center_s_orders_for_incidents_before_the_drill_are_refused) {
    center_orders ours(0xabc, 4);   // an earlier drill against the same running center had 1..4
    EXPECT_EQ(ours.judge(0xabc, 4), v::earlier_incident);
    EXPECT_EQ(ours.judge(0xabc, 5), v::take);
    EXPECT_EQ(ours.earlier_incidents(), 1u);
    EXPECT_EQ(ours.other_center(), 0u);
}

TEST(center_orders, a_center_restarted_during_the_drill_is_followed_once_it_announces_itself) {
    center_orders ours(0xabc, 0);
    EXPECT_EQ(ours.judge(0xdef, 2), v::other_center);   // not announced: not ours
    EXPECT_TRUE(ours.announced(0xdef));
    EXPECT_FALSE(ours.announced(0xdef));                // a reconnect says the same again
    EXPECT_EQ(ours.judge(0xdef, 2), v::take);
    EXPECT_EQ(ours.judge(0xabc, 1), v::take);           // the first process's re-sends still count
}

TEST(center_orders, an_older_center_without_an_instance_works_by_numbers_as_before) {
    center_orders ours(0, 2);
    EXPECT_EQ(ours.judge(0, 3), v::take);
    EXPECT_EQ(ours.judge(0, 2), v::earlier_incident);
}

TEST(center_orders, the_instance_reads_as_the_center_shows_it) {
    EXPECT_EQ(parse_instance("00c0ffee12345678"), 0x00c0ffee12345678u);
    EXPECT_EQ(parse_instance(""), 0u);
    EXPECT_EQ(parse_instance("xyz"), std::nullopt);
    EXPECT_EQ(parse_instance("00c0ffee123456789"), std::nullopt);
}

}  // namespace
}  // namespace lw::sim

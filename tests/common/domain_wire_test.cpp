// The vocabulary's numbers are the wire contract's (proto/liftwatch/v1/liftwatch.proto): for
// every value, the proto enum with that number is named PREFIX_<NAME IN CAPITALS>. An enum value
// added on one side only fails here.
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "liftwatch/v1/liftwatch.pb.h"
#include "lw/domain/car.hpp"
#include "lw/domain/fault.hpp"
#include "lw/domain/rescue.hpp"

namespace lw::domain {
namespace {
namespace pb = liftwatch::v1;

std::string wire_name(std::string_view prefix, std::string_view name) {
    std::string out(prefix);
    for (const char c : name) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

template <class E, class Name, class Valid>
void expect_same_numbering(std::string_view prefix, Name proto_name, Valid proto_valid, int proto_values) {
    int ours = 0;
    for (const E e : all_values<E>()) {
        const int n = static_cast<int>(e);
        ASSERT_TRUE(proto_valid(n)) << prefix << " has no value " << n << " (" << to_string(e) << ")";
        EXPECT_EQ(proto_name(n), wire_name(prefix, to_string(e)));
        ++ours;
    }
    EXPECT_EQ(ours, proto_values) << prefix << ": the two sides list different values";
}

TEST(domain_wire, numbering_matches_the_proto) {
    auto count = [](const google::protobuf::EnumDescriptor* d) { return d->value_count(); };
    expect_same_numbering<fault_code>("FAULT_CODE_", pb::FaultCode_Name<int>, pb::FaultCode_IsValid,
                                      count(pb::FaultCode_descriptor()));
    expect_same_numbering<service_mode>("SERVICE_MODE_", pb::ServiceMode_Name<int>, pb::ServiceMode_IsValid,
                                        count(pb::ServiceMode_descriptor()));
    expect_same_numbering<travel_direction>("DIRECTION_", pb::Direction_Name<int>, pb::Direction_IsValid,
                                            count(pb::Direction_descriptor()));
    expect_same_numbering<door_state>("DOOR_STATE_", pb::DoorState_Name<int>, pb::DoorState_IsValid,
                                      count(pb::DoorState_descriptor()));
    // The proto's UNSPECIFIED (0) has no domain value.
    expect_same_numbering<crew_report_kind>("CREW_REPORT_KIND_", pb::CrewReportKind_Name<int>,
                                            pb::CrewReportKind_IsValid, count(pb::CrewReportKind_descriptor()) - 1);
    expect_same_numbering<response_level>("RESPONSE_LEVEL_", pb::ResponseLevel_Name<int>, pb::ResponseLevel_IsValid,
                                           count(pb::ResponseLevel_descriptor()) - 1);
}

}  // namespace
}  // namespace lw::domain

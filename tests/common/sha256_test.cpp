// lw_crypto's SHA-256 against the NIST known-answer vectors (FIPS 180-4 examples, and the
// one-million-'a' message of the NIST test set).
#include "lw/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(sha256, nist_short_messages) {
    EXPECT_EQ(lw::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(lw::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(sha256, nist_448_bit_message) {
    EXPECT_EQ(lw::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(sha256, nist_896_bit_two_block_message) {
    EXPECT_EQ(lw::sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
                             "lmnopqrsmnopqrstnopqrstu"),
              "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(sha256, nist_one_million_a) {
    EXPECT_EQ(lw::sha256_hex(std::string(1'000'000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(sha256, bytes_match_the_hex_form_and_embedded_nul_counts) {
    const auto d = lw::sha256("abc");
    EXPECT_EQ(d.front(), 0xba);
    EXPECT_EQ(d.back(), 0xad);
    EXPECT_NE(lw::sha256_hex(std::string_view("a\0b", 3)), lw::sha256_hex("a"));
}

}  // namespace

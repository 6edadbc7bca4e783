// The JSON reader for hostile input (compiler/json/reader.hpp): RFC 8259 exactly, located values and errors,
// bounded nesting, repeated keys refused.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "compiler/json/reader.hpp"

namespace {

using schedc::json::parse;
using schedc::json::Value;

TEST(JsonReader, ReadsValuesWithTheirPlaces) {
  const std::string text = "{\n\t\"a\": [1, -2.5e3, true, null],\n\t\"b\": \"x\\u00e9\\ud83d\\ude00\\n\"\n}";
  auto r = parse(text);
  ASSERT_TRUE(r.value) << r.error->message;
  const Value& v = *r.value;
  ASSERT_EQ(v.kind, Value::Kind::Object);
  ASSERT_EQ(v.members.size(), 2u);
  EXPECT_EQ(v.members[0].key, "a");
  EXPECT_EQ(text.substr(v.members[0].key_begin, v.members[0].key_end - v.members[0].key_begin), "\"a\"");
  const Value* a = v.get("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->items.size(), 4u);
  EXPECT_EQ(a->items[1].text, "-2.5e3");
  EXPECT_EQ(text.substr(a->items[1].begin, a->items[1].end - a->items[1].begin), "-2.5e3");
  EXPECT_TRUE(a->items[2].boolean);
  EXPECT_EQ(a->items[3].kind, Value::Kind::Null);
  EXPECT_EQ(v.get("b")->text, "x\xc3\xa9\xf0\x9f\x98\x80\n");
  EXPECT_EQ(text.substr(v.get("b")->begin, 1), "\"");
  EXPECT_EQ(v.get("c"), nullptr);
}

TEST(JsonReader, KeepsMembersInTheOrderWritten) {
  auto r = parse(R"({"z": 1, "a": 2, "m": 3})");
  ASSERT_TRUE(r.value);
  EXPECT_EQ(r.value->members[0].key, "z");
  EXPECT_EQ(r.value->members[1].key, "a");
  EXPECT_EQ(r.value->members[2].key, "m");
}

struct Bad {
  std::string text;
  std::uint32_t at;
  std::string message_part;
};

class JsonReaderErrors : public ::testing::TestWithParam<Bad> {};

TEST_P(JsonReaderErrors, AreLocated) {
  const Bad& b = GetParam();
  auto r = parse(b.text);
  ASSERT_FALSE(r.value) << b.text;
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->begin, b.at) << b.text << ": " << r.error->message;
  EXPECT_NE(r.error->message.find(b.message_part), std::string::npos) << r.error->message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JsonReaderErrors,
    ::testing::Values(Bad{"", 0, "expected a JSON value"}, Bad{"{\"a\": 1,}", 8, "member name"},
                      Bad{"[1, 2", 5, "`,` or `]`"}, Bad{"{\"a\" 1}", 5, "`:`"}, Bad{"01", 1, "end of the text"},
                      Bad{"1.", 2, "decimal point"}, Bad{"\"abc", 0, "not closed"}, Bad{"\"a\tb\"", 2, "control character"},
                      Bad{"\"\\x\"", 1, "invalid escape"}, Bad{"\"\\ud800\"", 1, "low surrogate"},
                      Bad{"\"\\udc00\"", 1, "low surrogate without"}, Bad{"\"\xff\"", 1, "UTF-8"},
                      Bad{"\"\xed\xa0\x80\"", 1, "UTF-8"}, Bad{"{\"a\": 1, \"b\": 2, \"a\": 3}", 17, "appears twice"},
                      Bad{"// c\n1", 0, "expected a JSON value"}, Bad{"tru", 0, "expected a JSON value"},
                      Bad{"[1] [2]", 4, "end of the text"}));

TEST(JsonReader, BoundsNestingWithALocatedError) {
  std::string deep(100000, '[');
  auto r = parse(deep);  // no stack overflow
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.error->begin, schedc::json::kMaxDepth);
  EXPECT_NE(r.error->message.find("nested more than"), std::string::npos);
  std::string ok = std::string(schedc::json::kMaxDepth, '[') + std::string(schedc::json::kMaxDepth, ']');
  EXPECT_TRUE(parse(ok).value);
}

// Whatever nlohmann (a strict RFC 8259 parser) accepts or refuses, this reader does the same (the reader also
// refuses repeated keys, which nlohmann accepts: not generated here).
TEST(JsonReader, AgreesWithNlohmannOnGeneratedInput) {
  const char* pieces[] = {"{", "}", "[", "]", ",", ":", "\"k\"", "\"v\"", "1", "-0.5", "true", "null", " ", "\"\\u00e9\"", "e5", "0"};
  std::uint32_t seed = 12345;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int n = 1 + static_cast<int>(seed % 9);
    for (int j = 0; j < n; ++j) {
      seed = seed * 1664525u + 1013904223u;
      text += pieces[(seed >> 16) % std::size(pieces)];
    }
    const bool theirs = nlohmann::json::accept(text);
    const bool ours = parse(text).value.has_value();
    if (theirs && !ours && parse(text).error->message.find("twice") != std::string::npos) continue;
    EXPECT_EQ(ours, theirs) << "`" << text << "`";
  }
}

}  // namespace

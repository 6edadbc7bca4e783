// Unit tests of the .sched parser (grammar/): the syntax tree it builds, its spans, and its error messages.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze.hpp>
#include <vector>

#include "grammar/parser.hpp"
#include "grammar/rules_impl.hpp"

// The grammar's hand-written rules, described for PEGTL's grammar analysis (they never succeed without input).
template <typename Name>
struct tao::pegtl::analyze_traits<Name, schedc::syntax::rules::str_open> : tao::pegtl::analyze_any_traits<> {};
template <typename Name>
struct tao::pegtl::analyze_traits<Name, schedc::syntax::rules::string_error> : tao::pegtl::analyze_any_traits<> {};
template <typename Name>
struct tao::pegtl::analyze_traits<Name, schedc::syntax::rules::invalid_number> : tao::pegtl::analyze_any_traits<> {};

namespace {

using schedc::Span;
using namespace schedc::syntax;
using Kind = SyntaxError::Kind;

constexpr schedc::FileId kFile = 3;

std::uint32_t u32(std::size_t v) { return static_cast<std::uint32_t>(v); }

// The span of the nth occurrence of `needle` in `text`.
Span span_of(std::string_view text, std::string_view needle, std::size_t nth = 0) {
  std::size_t pos = text.find(needle);
  for (std::size_t i = 0; i < nth && pos != std::string_view::npos; ++i) pos = text.find(needle, pos + 1);
  if (pos == std::string_view::npos) {
    ADD_FAILURE() << "'" << needle << "' not found in: " << text;
    return {};
  }
  return Span{kFile, u32(pos), u32(pos + needle.size())};
}

// The empty span right after the nth occurrence of `needle`.
Span after(std::string_view text, std::string_view needle, std::size_t nth = 0) {
  const Span s = span_of(text, needle, nth);
  return Span{kFile, s.end, s.end};
}

Span span(std::size_t begin, std::size_t end) { return Span{kFile, u32(begin), u32(end)}; }

std::string describe(const ParseResult& r) {
  if (r.ok()) return "no error";
  const auto& e = r.errors.front();
  return "error [" + e.message + "] at " + std::to_string(e.span.begin) + "-" + std::to_string(e.span.end) +
         ", found [" + e.found + "]";
}

// Parses a file that must be valid.
File parse_ok(std::string_view text) {
  ParseResult r = parse(text, kFile);
  EXPECT_TRUE(r.ok()) << describe(r) << "\nin:\n" << text;
  return std::move(r.file);
}

// Parses a file that must fail with exactly one error.
SyntaxError parse_error(std::string_view text) {
  ParseResult r = parse(text, kFile);
  if (r.errors.size() != 1) {
    ADD_FAILURE() << "expected exactly one error, got " << r.errors.size() << " for:\n" << text;
    return {};
  }
  return r.errors.front();
}

// `model m { x = VALUE }`: the value of x. Spans inside it are offset by kPrefix.size().
constexpr std::string_view kPrefix = "model m { x = ";

std::string value_file(std::string_view value_text) { return std::string(kPrefix) + std::string(value_text) + " }"; }

Value parse_value(std::string_view value_text) {
  File f = parse_ok(value_file(value_text));
  if (f.decls.size() != 1 || f.decls.at(0).body.entries.size() != 1) {
    ADD_FAILURE() << "expected one declaration with one entry for value: " << value_text;
    return {};
  }
  return std::move(f.decls.at(0).body.entries[0].value);
}

// The span of `needle` inside the value text of value_file().
Span value_span(std::string_view value_text, std::string_view needle, std::size_t nth = 0) {
  return span_of(value_file(value_text), needle, nth);
}

std::string join(const std::vector<Ident>& path) {
  std::string s;
  for (const auto& i : path) s += (s.empty() ? "" : ".") + i.text;
  return s;
}

// ============================================================================================ values

TEST(GrammarValue, Integer) {
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::int64_t>>{
           {"0", 0}, {"42", 42}, {"007", 7}, {"9007199254740992", std::int64_t{1} << 53}}) {
    const Value v = parse_value(text);
    EXPECT_EQ(v.kind, Value::Kind::Integer) << text;
    EXPECT_EQ(v.integer, expected) << text;
    EXPECT_EQ(v.span, value_span(text, text)) << text;
  }
}

TEST(GrammarValue, Durations) {
  for (const auto& [text, seconds] : std::vector<std::pair<std::string, std::int64_t>>{{"30s", 30},
                                                                                         {"10m", 600},
                                                                                         {"2h", 7200},
                                                                                         {"1d", 86400},
                                                                                         {"1h30m", 5400},
                                                                                         {"1d2h3m4s", 93784},
                                                                                         {"0h1s", 1},
                                                                                         {"90s", 90}}) {
    const Value v = parse_value(text);
    EXPECT_EQ(v.kind, Value::Kind::Duration) << text;
    EXPECT_EQ(v.seconds, seconds) << text;
    EXPECT_EQ(v.span, value_span(text, text)) << text;
  }
}

TEST(GrammarValue, Range) {
  const Value v = parse_value("2..8");
  EXPECT_EQ(v.kind, Value::Kind::Range);
  EXPECT_EQ(v.range_lo(), 2);
  EXPECT_EQ(v.range_hi(), 8);
  EXPECT_EQ(v.span, value_span("2..8", "2..8"));
}

TEST(GrammarValue, BoolsAreNeverReferences) {
  const File f = parse_ok("model m { a = true b = false c = truex d = [true, false] }");
  const auto& e = f.decls.at(0).body.entries;
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].value.kind, Value::Kind::Bool);
  EXPECT_TRUE(e[0].value.boolean);
  EXPECT_EQ(e[1].value.kind, Value::Kind::Bool);
  EXPECT_FALSE(e[1].value.boolean);
  EXPECT_EQ(e[2].value.kind, Value::Kind::Reference);
  EXPECT_EQ(join(e[2].value.path), "truex");
  ASSERT_EQ(e[3].value.items.size(), 2u);
  EXPECT_EQ(e[3].value.items[0].kind, Value::Kind::Bool);
}

TEST(GrammarValue, DateTimes) {
  {
    const Value v = parse_value("2026-01-31");
    EXPECT_EQ(v.kind, Value::Kind::DateTime);
    EXPECT_EQ(v.datetime().year, 2026);
    EXPECT_EQ(v.datetime().month, 1);
    EXPECT_EQ(v.datetime().day, 31);
    EXPECT_FALSE(v.datetime().has_time);
    EXPECT_EQ(v.span, value_span("2026-01-31", "2026-01-31"));
  }
  {
    const Value v = parse_value("2026-01-31T06:05");
    EXPECT_TRUE(v.datetime().has_time);
    EXPECT_EQ(v.datetime().hour, 6);
    EXPECT_EQ(v.datetime().minute, 5);
    EXPECT_EQ(v.datetime().second, 0);
  }
  {
    const Value v = parse_value("2024-02-29T23:59:58");  // leap year
    EXPECT_EQ(v.datetime().day, 29);
    EXPECT_EQ(v.datetime().second, 58);
    EXPECT_EQ(v.span, value_span("2024-02-29T23:59:58", "2024-02-29T23:59:58"));
  }
  EXPECT_EQ(parse_value("2000-02-29").datetime().day, 29);  // divisible by 400: leap
  EXPECT_EQ(parse_value("2026-12-31T00:00:00").datetime().month, 12);
}

TEST(GrammarValue, References) {
  const std::string text = "clusters.general.big";
  const Value v = parse_value(text);
  EXPECT_EQ(v.kind, Value::Kind::Reference);
  ASSERT_EQ(v.path.size(), 3u);
  EXPECT_EQ(v.path[0].text, "clusters");
  EXPECT_EQ(v.path[0].span, value_span(text, "clusters"));
  EXPECT_EQ(v.path[1].text, "general");
  EXPECT_EQ(v.path[1].span, value_span(text, "general"));
  EXPECT_EQ(v.path[2].span, value_span(text, "big"));
  EXPECT_EQ(v.span, value_span(text, text));
  EXPECT_EQ(v.block, nullptr);
}

TEST(GrammarValue, KeywordsAreReferencesWhereUnambiguous) {
  // Only cron/per_env/secret/true/false are reserved in value position.
  const File f = parse_ok("model m { a = model b = file c = every_day d = wait }");
  const auto& e = f.decls.at(0).body.entries;
  ASSERT_EQ(e.size(), 4u);
  for (const auto& entry : e) EXPECT_EQ(entry.value.kind, Value::Kind::Reference);
  EXPECT_EQ(join(e[2].value.path), "every_day");
}

TEST(GrammarValue, Lists) {
  const std::string text = "[1, \"a\", [b, 2..3,], []]";
  const Value v = parse_value(text);
  EXPECT_EQ(v.kind, Value::Kind::List);
  EXPECT_EQ(v.span, value_span(text, text));
  ASSERT_EQ(v.items.size(), 4u);
  EXPECT_EQ(v.items[0].kind, Value::Kind::Integer);
  EXPECT_EQ(v.items[1].kind, Value::Kind::String);
  EXPECT_EQ(v.items[1].span, value_span(text, "\"a\""));
  const Value& inner = v.items[2];
  EXPECT_EQ(inner.kind, Value::Kind::List);
  EXPECT_EQ(inner.span, value_span(text, "[b, 2..3,]"));
  ASSERT_EQ(inner.items.size(), 2u);  // trailing comma allowed
  EXPECT_EQ(inner.items[1].kind, Value::Kind::Range);
  EXPECT_EQ(v.items[3].kind, Value::Kind::List);
  EXPECT_TRUE(v.items[3].items.empty());
}

TEST(GrammarValue, ListsMayBeSplitOverLines) {
  const Value v = parse_value("[\n  \"a\",  # first\n  \"b\"\n]");
  ASSERT_EQ(v.items.size(), 2u);
}

TEST(GrammarValue, Block) {
  const std::string text = "{ a = 1 b { c = 2 } }";
  const Value v = parse_value(text);
  EXPECT_EQ(v.kind, Value::Kind::Block);
  EXPECT_EQ(v.span, value_span(text, text));
  ASSERT_NE(v.block, nullptr);
  EXPECT_EQ(v.block->span, v.span);
  ASSERT_EQ(v.block->entries.size(), 2u);
  EXPECT_EQ(v.block->entries[0].kind, Entry::Kind::Attribute);
  EXPECT_EQ(v.block->entries[1].kind, Entry::Kind::Nested);
  EXPECT_EQ(v.block->entries[1].nested->span, value_span(text, "{ c = 2 }"));
}

TEST(GrammarValue, EmptyBlock) {
  const Value v = parse_value("{}");
  EXPECT_EQ(v.kind, Value::Kind::Block);
  ASSERT_NE(v.block, nullptr);
  EXPECT_TRUE(v.block->entries.empty());
}

TEST(GrammarValue, StringWithBlockKeepsKindString) {
  const std::string text = "\"/Repos/nb\" { stage = \"Production\" }";
  const Value v = parse_value(text);
  EXPECT_EQ(v.kind, Value::Kind::String);
  EXPECT_EQ(v.span, value_span(text, text));  // covers the block too
  ASSERT_EQ(v.parts.size(), 1u);
  EXPECT_EQ(v.parts[0].text, "/Repos/nb");
  ASSERT_NE(v.block, nullptr);
  EXPECT_EQ(v.block->span, value_span(text, "{ stage = \"Production\" }"));
  ASSERT_EQ(v.block->entries.size(), 1u);
  EXPECT_EQ(v.block->entries[0].key.text, "stage");
}

TEST(GrammarValue, ReferenceWithBlockKeepsKindReference) {
  const std::string text = "clusters.general { workers = 2..8 }";
  const Value v = parse_value(text);
  EXPECT_EQ(v.kind, Value::Kind::Reference);
  EXPECT_EQ(join(v.path), "clusters.general");
  EXPECT_EQ(v.span, value_span(text, text));
  ASSERT_NE(v.block, nullptr);
  ASSERT_EQ(v.block->entries.size(), 1u);
  EXPECT_EQ(v.block->entries[0].value.kind, Value::Kind::Range);
}

TEST(GrammarValue, BlockAfterLineBreakAttaches) {
  const Value v = parse_value("\"/nb\"\n  { a = 1 }");
  EXPECT_EQ(v.kind, Value::Kind::String);
  ASSERT_NE(v.block, nullptr);
}

TEST(GrammarValue, PerEnv) {
  const std::string text = "per_env { dev = 1 prod = clusters.big { workers = 4 } }";
  const Value v = parse_value(text);
  EXPECT_EQ(v.kind, Value::Kind::PerEnv);
  EXPECT_EQ(v.span, value_span(text, text));
  ASSERT_EQ(v.per_env().size(), 2u);
  EXPECT_EQ(v.per_env()[0].env.text, "dev");
  EXPECT_EQ(v.per_env()[0].env.span, value_span(text, "dev"));
  EXPECT_EQ(v.per_env()[0].value.integer, 1);
  EXPECT_EQ(v.per_env()[1].env.text, "prod");
  EXPECT_EQ(v.per_env()[1].value.kind, Value::Kind::Reference);
  ASSERT_NE(v.per_env()[1].value.block, nullptr);
}

TEST(GrammarValue, CronFull) {
  const std::string text = "cron \"30 2 * * MON-FRI\" in \"Europe/Amsterdam\" from 2026-01-01 until 2026-06-30T18:00";
  const Value v = parse_value(text);
  EXPECT_EQ(v.kind, Value::Kind::Cron);
  EXPECT_EQ(v.span, value_span(text, text));
  ASSERT_EQ(v.cron().expr.size(), 1u);
  EXPECT_EQ(v.cron().expr[0].text, "30 2 * * MON-FRI");
  EXPECT_EQ(v.cron().expr_span, value_span(text, "\"30 2 * * MON-FRI\""));
  ASSERT_EQ(v.cron().zone.size(), 1u);
  EXPECT_EQ(v.cron().zone[0].text, "Europe/Amsterdam");
  EXPECT_EQ(v.cron().zone_span, value_span(text, "\"Europe/Amsterdam\""));
  ASSERT_TRUE(v.cron().from.has_value());
  EXPECT_EQ(v.cron().from->year, 2026);
  EXPECT_FALSE(v.cron().from->has_time);
  EXPECT_EQ(v.cron().from_span, value_span(text, "2026-01-01"));
  ASSERT_TRUE(v.cron().until.has_value());
  EXPECT_EQ(v.cron().until->month, 6);
  EXPECT_EQ(v.cron().until->hour, 18);
  EXPECT_EQ(v.cron().until_span, value_span(text, "2026-06-30T18:00"));
}

TEST(GrammarValue, CronMinimalAndUntilOnly) {
  {
    const std::string text = "cron \"0 * * * *\" in \"UTC\"";
    const Value v = parse_value(text);
    EXPECT_EQ(v.kind, Value::Kind::Cron);
    EXPECT_EQ(v.span, value_span(text, text));
    EXPECT_FALSE(v.cron().from.has_value());
    EXPECT_FALSE(v.cron().until.has_value());
  }
  {
    const Value v = parse_value("cron \"0 * * * *\" in \"UTC\" until 2027-01-01");
    EXPECT_FALSE(v.cron().from.has_value());
    ASSERT_TRUE(v.cron().until.has_value());
    EXPECT_EQ(v.cron().until->year, 2027);
  }
}

TEST(GrammarValue, CronClauseKeywordsStayKeysOnTheNextLine) {
  const File f = parse_ok("model m {\n  s = cron \"0 * * * *\" in \"UTC\"\n  from = 1\n  until = 2\n}");
  const auto& e = f.decls.at(0).body.entries;
  ASSERT_EQ(e.size(), 3u);
  EXPECT_FALSE(e[0].value.cron().from.has_value());
  EXPECT_EQ(e[1].key.text, "from");
  EXPECT_EQ(e[2].key.text, "until");
}

TEST(GrammarValue, Every) {
  const std::string text = "2 every 5m";
  const Value v = parse_value(text);
  EXPECT_EQ(v.kind, Value::Kind::Every);
  EXPECT_EQ(v.span, value_span(text, text));
  ASSERT_EQ(v.items.size(), 2u);
  EXPECT_EQ(v.items[0].kind, Value::Kind::Integer);
  EXPECT_EQ(v.items[0].integer, 2);
  EXPECT_EQ(v.items[0].span, value_span(text, "2"));
  EXPECT_EQ(v.items[1].kind, Value::Kind::Duration);
  EXPECT_EQ(v.items[1].seconds, 300);
  EXPECT_EQ(v.items[1].span, value_span(text, "5m"));
}

TEST(GrammarValue, EveryOfAnyPrimary) {
  const Value v = parse_value("[a, b] every 1h");
  EXPECT_EQ(v.kind, Value::Kind::Every);
  EXPECT_EQ(v.items[0].kind, Value::Kind::List);
  const Value w = parse_value("x.y every 1d");
  EXPECT_EQ(w.items[0].kind, Value::Kind::Reference);
}

TEST(GrammarValue, EveryAsKeyOnNextLine) {
  const File f = parse_ok("model m {\n  retry = 2\n  every = 3\n  every { x = 1 }\n}");
  const auto& e = f.decls.at(0).body.entries;
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].value.kind, Value::Kind::Integer);
  EXPECT_EQ(e[1].key.text, "every");
  EXPECT_EQ(e[2].kind, Entry::Kind::Nested);
}

TEST(GrammarValue, Secret) {
  const std::string text = "secret \"db-password\" in vaults.main";
  const Value v = parse_value(text);
  EXPECT_EQ(v.kind, Value::Kind::Secret);
  EXPECT_EQ(v.span, value_span(text, text));
  ASSERT_EQ(v.parts.size(), 1u);
  EXPECT_EQ(v.parts[0].text, "db-password");
  EXPECT_EQ(join(v.path), "vaults.main");
  EXPECT_EQ(v.path[1].span, value_span(text, "main"));
}

// ============================================================================================ strings

TEST(GrammarString, EmptyStringHasNoParts) {
  const Value v = parse_value("\"\"");
  EXPECT_EQ(v.kind, Value::Kind::String);
  EXPECT_TRUE(v.parts.empty());
  EXPECT_EQ(v.span, value_span("\"\"", "\"\""));
}

TEST(GrammarString, EscapesAreDecodedAndMerged) {
  const std::string text = R"("a\"b\\c\nd\te\rf\u{E9}\u{1F600}\u{41}")";
  const Value v = parse_value(text);
  ASSERT_EQ(v.parts.size(), 1u);
  EXPECT_EQ(v.parts[0].kind, StringPart::Kind::Text);
  EXPECT_EQ(v.parts[0].text, "a\"b\\c\nd\te\rf\xC3\xA9\xF0\x9F\x98\x80" "A");
  // The part spans the content, without the quotes.
  const Span whole = value_span(text, text);
  EXPECT_EQ(v.parts[0].span, span(whole.begin + 1, whole.end - 1));
}

TEST(GrammarString, BraceEscapes) {
  const Value v = parse_value(R"("{{a}} }}{{ {{{x}}}")");
  ASSERT_EQ(v.parts.size(), 3u);
  EXPECT_EQ(v.parts[0].kind, StringPart::Kind::Text);
  EXPECT_EQ(v.parts[0].text, "{a} }{ {");
  EXPECT_EQ(v.parts[1].kind, StringPart::Kind::Binding);
  EXPECT_EQ(v.parts[1].text, "x");
  EXPECT_EQ(v.parts[2].text, "}");
}

TEST(GrammarString, Bindings) {
  const std::string text = R"("curated/{schedule.date}/x_{env}")";
  const Value v = parse_value(text);
  ASSERT_EQ(v.parts.size(), 4u);
  EXPECT_EQ(v.parts[0].kind, StringPart::Kind::Text);
  EXPECT_EQ(v.parts[0].text, "curated/");
  EXPECT_EQ(v.parts[0].span, value_span(text, "curated/"));
  const StringPart& b = v.parts[1];
  EXPECT_EQ(b.kind, StringPart::Kind::Binding);
  EXPECT_EQ(b.text, "schedule.date");
  EXPECT_EQ(b.span, value_span(text, "{schedule.date}"));
  ASSERT_EQ(b.path.size(), 2u);
  EXPECT_EQ(b.path[0].text, "schedule");
  EXPECT_EQ(b.path[0].span, value_span(text, "schedule"));
  EXPECT_EQ(b.path[1].text, "date");
  EXPECT_EQ(b.path[1].span, value_span(text, "date"));
  EXPECT_EQ(v.parts[2].text, "/x_");
  EXPECT_EQ(v.parts[3].kind, StringPart::Kind::Binding);
  EXPECT_EQ(v.parts[3].path.size(), 1u);
}

TEST(GrammarString, NonAsciiTabAndHashAreText) {
  const Value v = parse_value("\"caf\xC3\xA9\t# not a comment\"");
  ASSERT_EQ(v.parts.size(), 1u);
  EXPECT_EQ(v.parts[0].text, "caf\xC3\xA9\t# not a comment");
  const File f = parse_ok("model m { x = \"# no\" }");
  EXPECT_TRUE(f.comments.empty());
}

// ============================================================================================ entries

TEST(GrammarEntry, AttributeSpans) {
  const std::string text = "model m {\n  owner = \"a@b.c\"\n}";
  const File f = parse_ok(text);
  const Entry& e = f.decls.at(0).body.entries.at(0);
  EXPECT_EQ(e.kind, Entry::Kind::Attribute);
  EXPECT_EQ(e.key.text, "owner");
  EXPECT_FALSE(e.key_quoted);
  EXPECT_EQ(e.key.span, span_of(text, "owner"));
  EXPECT_EQ(e.span, span_of(text, "owner = \"a@b.c\""));
  EXPECT_EQ(e.value.span, span_of(text, "\"a@b.c\""));
}

TEST(GrammarEntry, QuotedKey) {
  const std::string text = R"(model m { spark_conf { "spark.sql.shuffle.partitions" = 200 "a\"{{b}}" = 1 } })";
  const File f = parse_ok(text);
  const Entry& nested = f.decls.at(0).body.entries.at(0);
  ASSERT_EQ(nested.kind, Entry::Kind::Nested);
  const auto& e = nested.nested->entries;
  ASSERT_EQ(e.size(), 2u);
  EXPECT_TRUE(e[0].key_quoted);
  EXPECT_EQ(e[0].key.text, "spark.sql.shuffle.partitions");
  EXPECT_EQ(e[0].key.span, span_of(text, "\"spark.sql.shuffle.partitions\""));
  EXPECT_EQ(e[0].value.integer, 200);
  EXPECT_EQ(e[1].key.text, "a\"{b}");
}

TEST(GrammarEntry, Nested) {
  const std::string text = "model m { requires { } spark_conf { a = 1 } }";
  const File f = parse_ok(text);
  const auto& e = f.decls.at(0).body.entries;
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].kind, Entry::Kind::Nested);
  EXPECT_EQ(e[0].key.text, "requires");
  EXPECT_EQ(e[0].span, span_of(text, "requires { }"));
  ASSERT_NE(e[0].nested, nullptr);
  EXPECT_EQ(e[0].nested->span, span_of(text, "{ }"));
  EXPECT_EQ(e[1].nested->entries.size(), 1u);
}

TEST(GrammarEntry, RequirementFileWait) {
  const std::string text =
      "model m { requires { file \"curated/{schedule.date}/_SUCCESS\" in lake.raw wait 2h every 10m } }";
  const File f = parse_ok(text);
  const Entry& e = f.decls.at(0).body.entries.at(0).nested->entries.at(0);
  EXPECT_EQ(e.kind, Entry::Kind::Requirement);
  ASSERT_NE(e.requirement, nullptr);
  const Requirement& r = *e.requirement;
  EXPECT_EQ(r.kind.text, "file");
  EXPECT_EQ(r.kind.span, span_of(text, "file"));
  EXPECT_EQ(r.target.kind, Value::Kind::String);
  EXPECT_EQ(r.target.span, span_of(text, "\"curated/{schedule.date}/_SUCCESS\""));
  ASSERT_EQ(r.target.parts.size(), 3u);
  EXPECT_EQ(r.target.parts[1].kind, StringPart::Kind::Binding);
  ASSERT_TRUE(r.storage.has_value());
  EXPECT_EQ(r.storage->text, "lake");
  EXPECT_EQ(r.storage->span, span_of(text, "lake"));
  EXPECT_EQ(join(r.storage_path), "lake.raw");
  EXPECT_EQ(r.mode, Requirement::Mode::Wait);
  EXPECT_EQ(r.mode_span, span_of(text, "wait 2h every 10m"));
  ASSERT_NE(r.wait_timeout, nullptr);
  EXPECT_EQ(r.wait_timeout->seconds, 7200);
  EXPECT_EQ(r.wait_timeout->span, span_of(text, "2h"));
  ASSERT_NE(r.wait_every, nullptr);
  EXPECT_EQ(r.wait_every->seconds, 600);
  EXPECT_EQ(r.span, span_of(text, "file \"curated/{schedule.date}/_SUCCESS\" in lake.raw wait 2h every 10m"));
  EXPECT_EQ(e.span, r.span);
}

TEST(GrammarEntry, RequirementFolderCheckAndModel) {
  const std::string text = "model m { requires {\n folder \"raw/x\" in lake check\n model other.m wait 1h every 5m\n} }";
  const File f = parse_ok(text);
  const auto& e = f.decls.at(0).body.entries.at(0).nested->entries;
  ASSERT_EQ(e.size(), 2u);
  ASSERT_NE(e[0].requirement, nullptr);
  const Requirement& folder = *e[0].requirement;
  EXPECT_EQ(folder.kind.text, "folder");
  EXPECT_EQ(folder.mode, Requirement::Mode::Check);
  EXPECT_EQ(folder.mode_span, span_of(text, "check"));
  EXPECT_EQ(folder.wait_timeout, nullptr);
  EXPECT_EQ(folder.span, span_of(text, "folder \"raw/x\" in lake check"));
  ASSERT_NE(e[1].requirement, nullptr);
  const Requirement& model = *e[1].requirement;
  EXPECT_EQ(model.kind.text, "model");
  EXPECT_EQ(model.target.kind, Value::Kind::Reference);
  EXPECT_EQ(join(model.target.path), "other.m");
  EXPECT_EQ(model.target.span, span_of(text, "other.m"));
  EXPECT_FALSE(model.storage.has_value());
  EXPECT_TRUE(model.storage_path.empty());
  EXPECT_EQ(model.mode, Requirement::Mode::Wait);
  EXPECT_EQ(model.wait_every->seconds, 300);
}

TEST(GrammarEntry, RequirementWithin) {
  const std::string text =
      "model m { requires {\n model weekly_training within 8d check\n file \"p\" in lake within 1h wait 1h every 5m\n"
      " model daily wait 3h every 15m\n} }";
  const File f = parse_ok(text);
  const auto& e = f.decls.at(0).body.entries.at(0).nested->entries;
  ASSERT_EQ(e.size(), 3u);
  ASSERT_NE(e[0].requirement, nullptr);
  const Requirement& weekly = *e[0].requirement;
  ASSERT_NE(weekly.within, nullptr);
  EXPECT_EQ(weekly.within->kind, Value::Kind::Duration);
  EXPECT_EQ(weekly.within->seconds, 8 * 86400);
  EXPECT_EQ(weekly.within->span, span_of(text, "8d"));
  EXPECT_EQ(weekly.mode, Requirement::Mode::Check);
  EXPECT_EQ(weekly.span, span_of(text, "model weekly_training within 8d check"));
  // Accepted on files too (the compiler reports it): the tree keeps what was written.
  ASSERT_NE(e[1].requirement, nullptr);
  const Requirement& file = *e[1].requirement;
  ASSERT_NE(file.within, nullptr);
  EXPECT_EQ(file.within->seconds, 3600);
  EXPECT_EQ(file.mode, Requirement::Mode::Wait);
  EXPECT_EQ(file.wait_timeout->seconds, 3600);
  EXPECT_EQ(file.wait_every->seconds, 300);
  EXPECT_EQ(e[2].requirement->within, nullptr);
}

TEST(GrammarEntry, RequirementKeywordsAreKeysBeforeEqualsOrBrace) {
  const File f = parse_ok("model m { file = \"a\" folder { x = 1 } model = 3 check = true wait = 1 }");
  const auto& e = f.decls.at(0).body.entries;
  ASSERT_EQ(e.size(), 5u);
  EXPECT_EQ(e[0].kind, Entry::Kind::Attribute);
  EXPECT_EQ(e[1].kind, Entry::Kind::Nested);
  EXPECT_EQ(e[2].kind, Entry::Kind::Attribute);
  EXPECT_EQ(e[2].key.text, "model");
}

TEST(GrammarEntry, EntriesShareALineOrSpanLines) {
  const File f = parse_ok("model m { a = 1 b = \"x\" c\n=\n3 }");
  const auto& e = f.decls.at(0).body.entries;
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[2].value.integer, 3);
}

// ============================================================================================ file level

TEST(GrammarFile, Empty) {
  const File f = parse_ok("");
  EXPECT_TRUE(f.items.empty());
  const File g = parse_ok("  \n\t# only a comment");
  EXPECT_TRUE(g.items.empty());
  ASSERT_EQ(g.comments.size(), 1u);
}

TEST(GrammarFile, DeclarationForms) {
  const std::string text =
      "project { }\nmodel churn { }\ncluster big from general { }\ncluster huge from std.clusters.general { }";
  const File f = parse_ok(text);
  ASSERT_EQ(f.decls.size(), 4u);
  EXPECT_EQ(f.decls.at(0).kind.text, "project");
  EXPECT_FALSE(f.decls.at(0).name.has_value());
  EXPECT_EQ(f.decls.at(0).span, span_of(text, "project { }"));
  EXPECT_EQ(f.decls.at(0).body.span, span_of(text, "{ }"));
  EXPECT_EQ(f.decls.at(1).name->text, "churn");
  EXPECT_EQ(f.decls.at(1).name->span, span_of(text, "churn"));
  EXPECT_FALSE(f.decls.at(1).base.has_value());
  EXPECT_EQ(f.decls.at(2).base->text, "general");
  EXPECT_EQ(f.decls.at(2).base_path.size(), 1u);
  EXPECT_EQ(f.decls.at(2).span, span_of(text, "cluster big from general { }"));
  EXPECT_EQ(f.decls.at(3).base->text, "std.clusters.general");
  EXPECT_EQ(f.decls.at(3).base->span, span_of(text, "std.clusters.general"));
  ASSERT_EQ(f.decls.at(3).base_path.size(), 3u);
  EXPECT_EQ(f.decls.at(3).base_path[2].span, span_of(text, "general", 1));
}

TEST(GrammarFile, DeclarationWithoutNameButWithBase) {
  const File f = parse_ok("cluster from general { }");
  EXPECT_FALSE(f.decls.at(0).name.has_value());
  EXPECT_EQ(f.decls.at(0).base->text, "general");
}

TEST(GrammarFile, UsesAndItemOrder) {
  const std::string text = "use std.clusters\nmodel a { }\nuse \"shared/storage.sched\"\nmodel b { }";
  const File f = parse_ok(text);
  ASSERT_EQ(f.uses.size(), 2u);
  ASSERT_EQ(f.decls.size(), 2u);
  ASSERT_EQ(f.items.size(), 4u);
  EXPECT_EQ(f.items[0].kind, Item::Kind::Use);
  EXPECT_EQ(f.items[0].index, 0u);
  EXPECT_EQ(f.items[1].kind, Item::Kind::Decl);
  EXPECT_EQ(f.items[1].index, 0u);
  EXPECT_EQ(f.items[2].kind, Item::Kind::Use);
  EXPECT_EQ(f.items[2].index, 1u);
  EXPECT_EQ(f.items[3].kind, Item::Kind::Decl);
  EXPECT_EQ(f.items[3].index, 1u);

  const Use& mod = f.uses[0];
  EXPECT_FALSE(mod.is_file);
  EXPECT_EQ(join(mod.module), "std.clusters");
  EXPECT_EQ(mod.module[1].span, span_of(text, "clusters"));
  EXPECT_EQ(mod.target_span, span_of(text, "std.clusters"));
  EXPECT_EQ(mod.span, span_of(text, "use std.clusters"));
  const Use& file = f.uses[1];
  EXPECT_TRUE(file.is_file);
  EXPECT_EQ(file.file, "shared/storage.sched");
  EXPECT_EQ(file.target_span, span_of(text, "\"shared/storage.sched\""));
  EXPECT_EQ(file.span, span_of(text, "use \"shared/storage.sched\""));
}

TEST(GrammarFile, CommentsEverywhere) {
  const std::string text =
      "# header\nuse a # after use\nmodel m # before body\n{ # open\n  x = [1, # in list\n 2] # list done\n"
      "  y = per_env { # in per_env\n dev = 1 } r = 2 # before every\n every 5m\n} # end";
  const File f = parse_ok(text);
  const std::vector<std::string> expected{" header", " after use", " before body", " open", " in list",
                                          " list done", " in per_env", " before every", " end"};
  ASSERT_EQ(f.comments.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(f.comments[i].text, expected[i]);
    EXPECT_EQ(f.comments[i].span, span_of(text, "#" + expected[i]));
  }
  EXPECT_EQ(f.decls.at(0).body.entries.at(2).value.kind, Value::Kind::Every);
}

TEST(GrammarFile, CommentsWithCrLfAndNoFinalNewline) {
  const std::string text = "model m {\r\n  x = 1 # one\r\n}\r\n#two";
  const File f = parse_ok(text);
  ASSERT_EQ(f.comments.size(), 2u);
  EXPECT_EQ(f.comments[0].text, " one");
  EXPECT_EQ(f.comments[0].span, span_of(text, "# one"));
  EXPECT_EQ(f.comments[1].text, "two");
  EXPECT_EQ(f.comments[1].span, span(text.size() - 4, text.size()));
}

TEST(GrammarFile, FileIdIsStamped) {
  const ParseResult r = parse("model m { x = \"a{b}\" }", 42);
  ASSERT_TRUE(r.ok());
  const Value& v = r.file.decls[0].body.entries[0].value;
  EXPECT_EQ(r.file.decls[0].span.file, 42u);
  EXPECT_EQ(v.span.file, 42u);
  EXPECT_EQ(v.parts[1].path[0].span.file, 42u);
}

constexpr std::string_view kSketch = R"(use std.clusters

model churn_scoring {
  owner       = "retention-ds@contoso.com"
  description = "Scores every customer's churn risk for the retention team"
  tags        = ["retention", "churn"]
  notebook    = "/Repos/retention/churn/score" {
    model_stage = "Production"
    run_date    = "{schedule.date}"
  }
  cluster  = clusters.general { workers = 2..8 }
  schedule = cron "30 2 * * MON-FRI" in "Europe/Amsterdam"
  requires {
    file "curated/customers/{schedule.date}/_SUCCESS" in lake wait 2h every 10m
  }
  retry   = 2 every 5m
  timeout = 3h
}
)";

TEST(GrammarFile, SketchProgram) {
  const File f = parse_ok(kSketch);
  ASSERT_EQ(f.uses.size(), 1u);
  EXPECT_EQ(join(f.uses[0].module), "std.clusters");
  ASSERT_EQ(f.decls.size(), 1u);
  const Decl& d = f.decls.at(0);
  EXPECT_EQ(d.kind.text, "model");
  EXPECT_EQ(d.name->text, "churn_scoring");
  EXPECT_EQ(d.span, span(kSketch.find("model churn"), kSketch.size() - 1));
  const auto& e = d.body.entries;
  ASSERT_EQ(e.size(), 9u);
  const std::vector<std::string> keys{"owner",    "description", "tags",  "notebook", "cluster",
                                      "schedule", "requires",    "retry", "timeout"};
  for (std::size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(e[i].key.text, keys[i]);
  EXPECT_EQ(e[0].value.parts.at(0).text, "retention-ds@contoso.com");
  EXPECT_EQ(e[2].value.items.size(), 2u);
  EXPECT_EQ(e[3].value.kind, Value::Kind::String);
  ASSERT_NE(e[3].value.block, nullptr);
  EXPECT_EQ(e[3].value.block->entries.at(1).value.parts.at(0).kind, StringPart::Kind::Binding);
  EXPECT_EQ(e[4].value.kind, Value::Kind::Reference);
  EXPECT_EQ(e[4].value.block->entries.at(0).value.range_hi(), 8);
  EXPECT_EQ(e[5].value.kind, Value::Kind::Cron);
  EXPECT_EQ(e[5].value.cron().zone.at(0).text, "Europe/Amsterdam");
  EXPECT_EQ(e[6].kind, Entry::Kind::Nested);
  ASSERT_NE(e[6].nested->entries.at(0).requirement, nullptr);
  const Requirement& r = *e[6].nested->entries.at(0).requirement;
  EXPECT_EQ(r.storage->text, "lake");
  EXPECT_EQ(r.wait_timeout->seconds, 7200);
  EXPECT_EQ(r.wait_every->seconds, 600);
  EXPECT_EQ(e[7].value.kind, Value::Kind::Every);
  EXPECT_EQ(e[7].value.items[1].seconds, 300);
  EXPECT_EQ(e[8].value.seconds, 3 * 3600);
}

#ifdef SCHEDC_SOURCE_DIR
// The first ```sched block of the language reference must parse.
TEST(GrammarFile, LanguageReferenceExampleParses) {
  std::ifstream in(std::string(SCHEDC_SOURCE_DIR) + "/docs/language.md");
  if (!in) GTEST_SKIP() << "docs/language.md not found";
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto start = doc.find("```sched\n");
  ASSERT_NE(start, std::string::npos);
  const auto body = start + 9;
  const auto end = doc.find("```", body);
  ASSERT_NE(end, std::string::npos);
  const File f = parse_ok(std::string_view(doc).substr(body, end - body));
  EXPECT_FALSE(f.decls.empty());
}
#endif

// ============================================================================================ errors

// Where an error's span is expected, relative to a piece of the input.
enum class Where {
  On,         // the span covers the first occurrence of `at`
  OnLast,     // ... the last occurrence
  After,      // an empty span right after the first occurrence of `at`
  AfterLast,  // ... after the last occurrence
};

struct ErrorCase {
  std::string name;
  std::string input;
  Kind kind;
  std::string message;
  std::string found;
  std::string at;
  Where where;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

class GrammarError : public testing::TestWithParam<ErrorCase> {};

TEST_P(GrammarError, MessageKindFoundAndSpan) {
  const ErrorCase& c = GetParam();
  const SyntaxError e = parse_error(c.input);
  EXPECT_EQ(e.kind, c.kind);
  EXPECT_EQ(e.message, c.message);
  EXPECT_EQ(e.found, c.found);
  Span expected;
  const std::string_view input = c.input;
  switch (c.where) {
    case Where::On: expected = span_of(input, c.at); break;
    case Where::After: expected = after(input, c.at); break;
    case Where::OnLast: {
      const auto pos = input.rfind(c.at);
      expected = span(pos, pos + c.at.size());
      break;
    }
    case Where::AfterLast: {
      const auto pos = input.rfind(c.at) + c.at.size();
      expected = span(pos, pos);
      break;
    }
  }
  EXPECT_EQ(e.span.file, kFile);
  EXPECT_EQ(e.span.begin, expected.begin);
  EXPECT_EQ(e.span.end, expected.end);
  EXPECT_FALSE(e.expected.empty());
}

const char* const kValueExpected = "expected a value after '=' (a string, number, duration, reference, list or block)";

// clang-format off
const std::vector<ErrorCase> kSyntaxErrors = {
  // ---- bodies and entries
  {"KeyWithoutEquals", "model m { owner \"x\" }", Kind::Expected,
   "expected '=' or '{' after the key 'owner'", "string \"x\"", "\"x\"", Where::On},
  {"KeyThenNewline", "model m {\n  owner\n  description = \"x\"\n}", Kind::Expected,
   "expected '=' or '{' after the key 'owner'", "newline", "owner", Where::After},
  {"KeyAtEndOfFile", "model m { owner", Kind::Expected,
   "expected '=' or '{' after the key 'owner'", "end of file", "owner", Where::After},
  {"QuotedKeyWithoutEquals", "model m { \"a b\" 1 }", Kind::Expected,
   "expected '=' after the key \"a b\"", "number '1'", "1", Where::On},
  {"BodyNotClosed", "# header\n\nmodel churn {\n  owner = \"x\"\n", Kind::Expected,
   "expected '}' to close the body of `model churn` opened at line 3", "end of file", "\"x\"", Where::After},
  {"NotAnEntry", "model m {\n  5\n}", Kind::Expected,
   "expected an entry or '}' to close the body of `model m` opened at line 1", "number '5'", "5", Where::On},
  {"NestedBlockNotClosed", "model m {\n  requires {\n    model a check\n", Kind::Expected,
   "expected '}' to close the block `requires` opened at line 2", "end of file", "check", Where::After},
  {"ValueBlockNotClosed", "model m {\n  nb = \"/x\" {\n", Kind::Expected,
   "expected '}' to close the block in the value of `nb` opened at line 2", "end of file", "{", Where::AfterLast},
  {"MissingValue", "model m { owner = }", Kind::Expected,
   kValueExpected, "'}'", "}", Where::On},
  {"MissingValueBeforeNewline", "model m {\n  owner =\n}", Kind::Expected,
   kValueExpected, "newline", "owner =", Where::After},
  {"MissingValueAtEndOfFile", "model m { owner =", Kind::Expected,
   kValueExpected, "end of file", "=", Where::After},
  {"ReferenceEndsWithDot", "model m { x = a. }", Kind::Expected,
   "expected an identifier after '.'", "'}'", "}", Where::On},
  // ---- file level
  {"NotADeclaration", "= 1", Kind::Expected,
   "expected a declaration such as `model NAME { ... }`, or 'use'", "'='", "=", Where::On},
  {"StrayClosingBrace", "model m { }\n}", Kind::Expected,
   "expected a declaration such as `model NAME { ... }`, or 'use'", "'}'", "}", Where::OnLast},
  {"DeclarationKindOnly", "model = 5", Kind::Expected,
   "expected a name, 'from' or '{' after the declaration kind 'model'", "'='", "=", Where::On},
  {"DeclarationWithoutBody", "model churn", Kind::Expected,
   "expected 'from' or '{' after `model churn`", "end of file", "churn", Where::After},
  {"DeclarationTwoNames", "model churn scoring { }", Kind::Expected,
   "expected 'from' or '{' after `model churn`", "identifier 'scoring'", "scoring", Where::On},
  {"DeclarationBaseWithoutBody", "cluster big from general\ncluster x { }", Kind::Expected,
   "expected '{' to open the body of `cluster big`", "newline", "general", Where::After},
  {"FromWithoutBase", "cluster big from { }", Kind::Expected,
   "expected a base reference after 'from'", "'{'", "{", Where::On},
  {"UseWithoutTarget", "use 5", Kind::Expected,
   "expected a quoted file path or a module name after 'use'", "number '5'", "5", Where::On},
  // ---- lists
  {"ListMissingComma", "model m { x = [1 2] }", Kind::Expected,
   "expected ',' or ']' after the item in the list opened at line 1", "number '2'", "2", Where::On},
  {"ListNotClosed", "model m {\n  x = [1", Kind::Expected,
   "expected ']' to close the list opened at line 2", "end of file", "1", Where::After},
  {"ListItemMissing", "model m { x = [,] }", Kind::Expected,
   "expected a value or ']' in the list opened at line 1", "','", ",", Where::On},
  {"ListNotClosedAfterComma", "model m { x = [1,", Kind::Expected,
   "expected a value or ']' in the list opened at line 1", "end of file", ",", Where::After},
  // ---- every, cron, per_env, secret
  {"EveryWithoutDuration", "model m { retry = 2 every }", Kind::Expected,
   "expected a duration after 'every', e.g. 10m", "'}'", "}", Where::On},
  {"EveryWithInteger", "model m { retry = 2 every 5 }", Kind::Expected,
   "expected a duration after 'every', e.g. 10m", "number '5'", "5", Where::On},
  {"CronWithoutString", "model m { s = cron 5 }", Kind::Expected,
   "expected the cron expression as a string after 'cron', e.g. cron \"30 2 * * *\" in \"UTC\"", "number '5'",
   "5", Where::On},
  {"CronWithoutIn", "model m { s = cron \"0 * * * *\" }", Kind::Expected,
   "expected 'in' and a time zone after the cron expression, e.g. in \"Europe/Amsterdam\"", "'}'", "}", Where::On},
  {"CronZoneNotString", "model m { s = cron \"0 * * * *\" in UTC }", Kind::Expected,
   "expected the time zone as a string after 'in', e.g. \"Europe/Amsterdam\"", "identifier 'UTC'", "UTC", Where::On},
  {"CronFromNotDate", "model m { s = cron \"0 * * * *\" in \"UTC\" from 5m }", Kind::Expected,
   "expected a date or date-time after 'from', e.g. 2026-01-01 or 2026-01-01T06:00", "duration '5m'", "5m",
   Where::On},
  {"CronUntilMissing", "model m { s = cron \"0 * * * *\" in \"UTC\" until }", Kind::Expected,
   "expected a date or date-time after 'until', e.g. 2026-12-31 or 2026-12-31T18:00", "'}'", "}", Where::On},
  {"PerEnvWithoutBrace", "model m { x = per_env dev }", Kind::Expected,
   "expected '{' after 'per_env'", "identifier 'dev'", "dev", Where::On},
  {"PerEnvWithoutEquals", "model m { x = per_env { dev 1 } }", Kind::Expected,
   "expected '=' after the environment 'dev'", "number '1'", "1", Where::On},
  {"PerEnvWithoutValue", "model m { x = per_env { dev = } }", Kind::Expected,
   "expected a value after '=' for the environment 'dev'", "'}'", "}", Where::On},
  {"PerEnvComma", "model m { x = per_env { dev = 1, prod = 2 } }", Kind::Expected,
   "expected an environment name or '}' to close `per_env` opened at line 1", "','", ",", Where::On},
  {"PerEnvNotClosed", "model m {\n  x = per_env {\n    dev = 1", Kind::Expected,
   "expected '}' to close `per_env` opened at line 2", "end of file", "1", Where::AfterLast},
  {"SecretWithoutName", "model m { x = secret vault }", Kind::Expected,
   "expected the secret name as a string after 'secret', e.g. secret \"db-password\" in vault",
   "identifier 'vault'", "vault", Where::On},
  {"SecretWithoutIn", "model m { x = secret \"pw\" vault }", Kind::Expected,
   "expected 'in' after the secret name, e.g. secret \"db-password\" in vault", "identifier 'vault'", "vault",
   Where::On},
  {"SecretVaultNotReference", "model m { x = secret \"pw\" in \"vault\" }", Kind::Expected,
   "expected a vault reference after 'in'", "string \"vault\"", "\"vault\"", Where::On},
  // ---- requirements
  {"RequirementPathMissing", "model m { requires { file 5 } }", Kind::Expected,
   "expected '=', '{' or a quoted path after 'file'", "number '5'", "5", Where::On},
  {"RequirementInMissing", "model m { requires { folder \"p\" lake check } }", Kind::Expected,
   "expected 'in' and a storage reference after the folder path", "identifier 'lake'", "lake", Where::On},
  {"RequirementStorageMissing", "model m { requires { file \"p\" in \"lake\" check } }", Kind::Expected,
   "expected a storage reference after 'in'", "string \"lake\"", "\"lake\"", Where::On},
  {"RequirementModeMissing", "model m { requires { file \"p\" in lake } }", Kind::Expected,
   "expected 'wait' or 'check' after the storage reference, e.g. wait 2h every 10m", "'}'", "}", Where::On},
  {"ModelRequirementModeMissing", "model m { requires {\n  model other\n} }", Kind::Expected,
   "expected 'within', 'wait' or 'check' after the model reference, e.g. wait 2h every 10m", "newline", "other",
   Where::After},
  {"WithinWithoutDuration", "model m { requires { model other within check } }", Kind::Expected,
   "expected a duration after 'within', e.g. within 8d", "identifier 'check'", "check", Where::On},
  {"WithinWithoutMode", "model m { requires { model other within 8d } }", Kind::Expected,
   "expected 'wait' or 'check' after the 'within' duration, e.g. within 8d check", "'}'", "}", Where::On},
  {"ModelRequirementReferenceMissing", "model m { requires { model 5 } }", Kind::Expected,
   "expected '=', '{' or a model reference after 'model'", "number '5'", "5", Where::On},
  {"WaitWithoutTimeout", "model m { requires { model o wait every 10m } }", Kind::Expected,
   "expected a duration after 'wait', e.g. wait 2h every 10m", "identifier 'every'", "every", Where::On},
  {"WaitWithoutEvery", "model m { requires { model o wait 2h 10m } }", Kind::Expected,
   "expected 'every' after the wait timeout, e.g. wait 2h every 10m", "duration '10m'", "10m", Where::On},
  {"WaitWithoutInterval", "model m { requires { model o wait 2h every } }", Kind::Expected,
   "expected a duration after 'every', e.g. wait 2h every 10m", "'}'", "}", Where::On},
};

const std::vector<ErrorCase> kLexicalErrors = {
  // ---- strings
  {"UnterminatedStringAtEndOfLine", "model m {\n  x = \"abc\n}", Kind::UnterminatedString,
   "unterminated string: the closing '\"' is missing before the end of the line", "end of line", "\"abc",
   Where::On},
  {"UnterminatedStringAtEndOfFile", "model m { x = \"abc", Kind::UnterminatedString,
   "unterminated string: the closing '\"' is missing before the end of the file", "end of file", "\"abc",
   Where::On},
  {"UnterminatedStringAfterBackslash", "model m { x = \"abc\\\r\n}", Kind::UnterminatedString,
   "unterminated string: the closing '\"' is missing before the end of the line", "end of line", "\"abc\\",
   Where::On},
  {"UnterminatedKey", "model m { \"abc = 1", Kind::UnterminatedString,
   "unterminated string: the closing '\"' is missing before the end of the file", "end of file",
   "\"abc = 1", Where::On},
  {"InvalidEscape", "model m { x = \"a\\qb\" }", Kind::InvalidEscape,
   "invalid escape '\\q' in a string; the escapes are \\\" \\\\ \\n \\t \\r and \\u{HEX}", "'\\q'", "\\q",
   Where::On},
  {"InvalidEscapeNonAscii", "model m { x = \"\\\xC3\xA9\" }", Kind::InvalidEscape,
   "invalid escape '\\\xC3\xA9' in a string; the escapes are \\\" \\\\ \\n \\t \\r and \\u{HEX}",
   "'\\\xC3\xA9'", "\\\xC3\xA9", Where::On},
  {"UnicodeEscapeWithoutBraces", "model m { x = \"\\u00e9\" }", Kind::InvalidEscape,
   "invalid escape '\\u': write \\u{HEX} with 1 to 6 hex digits, e.g. \\u{E9}", "'\\u'", "\\u", Where::On},
  {"UnicodeEscapeTooLong", "model m { x = \"\\u{1234567}\" }", Kind::InvalidEscape,
   "invalid escape '\\u{1234567}': write \\u{HEX} with 1 to 6 hex digits, e.g. \\u{E9}", "'\\u{1234567}'",
   "\\u{1234567}", Where::On},
  {"UnicodeEscapeEmpty", "model m { x = \"\\u{}\" }", Kind::InvalidEscape,
   "invalid escape '\\u{}': write \\u{HEX} with 1 to 6 hex digits, e.g. \\u{E9}", "'\\u{}'", "\\u{}", Where::On},
  {"UnicodeEscapeSurrogate", "model m { x = \"\\u{D800}\" }", Kind::InvalidEscape,
   "invalid escape '\\u{D800}': surrogate code points (D800 to DFFF) are not allowed", "'\\u{D800}'",
   "\\u{D800}", Where::On},
  {"UnicodeEscapeTooLarge", "model m { x = \"\\u{110000}\" }", Kind::InvalidEscape,
   "invalid escape '\\u{110000}': the largest code point is 10FFFF", "'\\u{110000}'", "\\u{110000}", Where::On},
  {"LoneClosingBrace", "model m { x = \"a}b\" }", Kind::InvalidEscape,
   "lone '}' in a string; write '}}' for a literal '}'", "'}'", "}", Where::On},
  {"LoneOpeningBrace", "model m { x = \"a{b\" }", Kind::InvalidEscape,
   "'{' in a string must start a binding such as {schedule.date}; write '{{' for a literal '{'", "'{'", "{",
   Where::OnLast},
  {"BindingWithTrailingDot", "model m { x = \"{a.}\" }", Kind::InvalidEscape,
   "'{' in a string must start a binding such as {schedule.date}; write '{{' for a literal '{'", "'{'",
   "{", Where::OnLast},
  {"BindingWithSpaces", "model m { x = \"{ schedule.date }\" }", Kind::InvalidEscape,
   "a binding must not contain spaces, e.g. {schedule.date}; write '{{' for a literal '{'", "'{'",
   "{", Where::OnLast},
  {"BindingInKey", "model m { \"a{b.c}\" = 1 }", Kind::InvalidEscape,
   "a key cannot contain a binding; write '{{' and '}}' for literal braces", "binding {b.c}", "{b.c}", Where::On},
  {"BindingInUsePath", "use \"lib/{env}.sched\"", Kind::InvalidEscape,
   "the path of a `use` cannot contain a binding; write '{{' and '}}' for literal braces", "binding {env}",
   "{env}", Where::On},
  {"ControlCharacterInString", "model m { x = \"a\x01\" }", Kind::InvalidCharacter,
   "control character U+0001 in a string; write it as the escape \\u{1}", "control character U+0001", "\x01",
   Where::On},
  // ---- numbers
  {"NumberFollowedByLetters", "model m { x = 5x }", Kind::InvalidNumber,
   "invalid number '5x': a number must not be followed directly by letters (durations use the units d, h, m, s, "
   "e.g. 10m)", "'5x'", "5x", Where::On},
  {"MonthOutOfRange", "model m { x = 2026-13-01 }", Kind::InvalidNumber,
   "invalid date '2026-13-01': the month must be 01 to 12", "date '2026-13-01'", "2026-13-01", Where::On},
  {"NotALeapYear", "model m { x = 2026-02-29 }", Kind::InvalidNumber,
   "invalid date '2026-02-29': the day must be 01 to 28 in 2026-02", "date '2026-02-29'", "2026-02-29", Where::On},
  {"CenturyNotALeapYear", "model m { x = 1900-02-29 }", Kind::InvalidNumber,
   "invalid date '1900-02-29': the day must be 01 to 28 in 1900-02", "date '1900-02-29'", "1900-02-29", Where::On},
  {"DayZero", "model m { x = 2026-04-00 }", Kind::InvalidNumber,
   "invalid date '2026-04-00': the day must be 01 to 30 in 2026-04", "date '2026-04-00'", "2026-04-00", Where::On},
  {"HourOutOfRange", "model m { x = 2026-01-01T24:00 }", Kind::InvalidNumber,
   "invalid time in '2026-01-01T24:00': the hour must be 00 to 23", "date '2026-01-01T24:00'", "2026-01-01T24:00",
   Where::On},
  {"MinuteOutOfRange", "model m { x = 2026-01-01T23:60 }", Kind::InvalidNumber,
   "invalid time in '2026-01-01T23:60': the minute must be 00 to 59", "date '2026-01-01T23:60'",
   "2026-01-01T23:60", Where::On},
  {"SecondOutOfRange", "model m { x = 2026-01-01T23:59:60 }", Kind::InvalidNumber,
   "invalid time in '2026-01-01T23:59:60': the second must be 00 to 59", "date '2026-01-01T23:59:60'",
   "2026-01-01T23:59:60", Where::On},
  {"MalformedDate", "model m { x = 2026-1-31 }", Kind::InvalidNumber,
   "invalid date '2026-1-31': write YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS", "date '2026-1-31'",
   "2026-1-31", Where::On},
  {"DurationUnitsOutOfOrder", "model m { x = 1m1h }", Kind::InvalidNumber,
   "invalid duration '1m1h': the units must come in the order d, h, m, s, each at most once", "duration '1m1h'",
   "1m1h", Where::On},
  {"DurationUnitRepeated", "model m { x = 1h1h }", Kind::InvalidNumber,
   "invalid duration '1h1h': the units must come in the order d, h, m, s, each at most once", "duration '1h1h'",
   "1h1h", Where::On},
  {"DurationZero", "model m { x = 0s }", Kind::InvalidNumber,
   "invalid duration '0s': a duration must be at least 1 second", "duration '0s'", "0s", Where::On},
  {"DurationZeroGroups", "model m { x = 0h0m }", Kind::InvalidNumber,
   "invalid duration '0h0m': a duration must be at least 1 second", "duration '0h0m'", "0h0m", Where::On},
  {"DurationTooLong", "model m { x = 99999999999999999999d }", Kind::InvalidNumber,
   "invalid duration '99999999999999999999d': the duration is too long", "duration '99999999999999999999d'",
   "99999999999999999999d", Where::On},
  {"DurationWithoutUnit", "model m { x = 1h30 }", Kind::InvalidNumber,
   "invalid duration '1h30': write groups of digits each followed by a unit (d, h, m, s), e.g. 1h30m", "'1h30'",
   "1h30", Where::On},
  {"IntegerTooLarge", "model m { x = 9007199254740993 }", Kind::InvalidNumber,
   "invalid number '9007199254740993': integers must not exceed 2^53 (9007199254740992)",
   "number '9007199254740993'", "9007199254740993", Where::On},
  {"RangeWithoutUpperBound", "model m { x = 8.. }", Kind::InvalidNumber,
   "invalid range '8..': a range is written <integer>..<integer>, e.g. 2..8", "range '8..'", "8..", Where::On},
  {"RangeBoundTooLarge", "model m { x = 1..99999999999999999 }", Kind::InvalidNumber,
   "invalid range '1..99999999999999999': the bounds must not exceed 2^53 (9007199254740992)",
   "range '1..99999999999999999'", "1..99999999999999999", Where::On},
  {"Fraction", "model m { x = 1.5 }", Kind::InvalidNumber,
   "invalid number '1.5': only whole numbers are allowed", "'1.5'", "1.5", Where::On},
  {"InvalidNumberWhereDurationExpected", "model m { requires { model o wait 30m1h every 1m } }",
   Kind::InvalidNumber,
   "invalid duration '30m1h': the units must come in the order d, h, m, s, each at most once",
   "duration '30m1h'", "30m1h", Where::On},
  // ---- characters and encoding
  {"InvalidCharacter", "model m { x = @ }", Kind::InvalidCharacter, "invalid character '@'", "'@'", "@", Where::On},
  {"NegativeNumber", "model m { x = -5 }", Kind::InvalidCharacter,
   "invalid character '-'; identifiers use letters, digits and '_', and numbers have no sign", "'-'", "-",
   Where::On},
  {"ColonInsteadOfEquals", "model m { x: 1 }", Kind::InvalidCharacter,
   "invalid character ':'; use '=' to give a value", "':'", ":", Where::On},
  {"NonAsciiIdentifier", "model m { na\xC3\xAFve = 1 }", Kind::InvalidCharacter,
   "invalid character U+00EF '\xC3\xAF'; outside strings and comments only ASCII is allowed",
   "character U+00EF '\xC3\xAF'", "\xC3\xAF", Where::On},
  {"ControlCharacter", "model m {\x07}", Kind::InvalidCharacter,
   "invalid control character U+0007", "control character U+0007", "\x07", Where::On},
  {"ByteOrderMarkNotAtTheStart", "model m { }\n\xEF\xBB\xBF", Kind::InvalidCharacter,
   "invalid character U+FEFF '\xEF\xBB\xBF'; outside strings and comments only ASCII is allowed",
   "character U+FEFF '\xEF\xBB\xBF'", "\xEF\xBB\xBF", Where::On},
  {"InvalidUtf8", "model m { x = \"\xFF\" }", Kind::InvalidCharacter,
   "invalid UTF-8 (byte 0xFF); the file must be encoded as UTF-8", "byte 0xFF", "\xFF",
   Where::On},
  {"OverlongUtf8", "# \xC0\x80\nmodel m { }", Kind::InvalidCharacter,
   "invalid UTF-8 (byte 0xC0); the file must be encoded as UTF-8", "byte 0xC0", "\xC0",
   Where::On},
  {"EncodedSurrogate", "model m { x = \"\xED\xA0\x80\" }", Kind::InvalidCharacter,
   "invalid UTF-8 (byte 0xED); the file must be encoded as UTF-8", "byte 0xED", "\xED",
   Where::On},
  {"TruncatedUtf8", "model m { }\xE2\x82", Kind::InvalidCharacter,
   "invalid UTF-8 (byte 0xE2); the file must be encoded as UTF-8", "byte 0xE2", "\xE2",
   Where::On},
};
// clang-format on

std::string case_name(const testing::TestParamInfo<ErrorCase>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Syntax, GrammarError, testing::ValuesIn(kSyntaxErrors), case_name);
INSTANTIATE_TEST_SUITE_P(Lexical, GrammarError, testing::ValuesIn(kLexicalErrors), case_name);

TEST(GrammarErrors, NulByte) {
  const std::string text("model m { x = \"a\0b\" }", 21);
  const SyntaxError e = parse_error(text);
  EXPECT_EQ(e.kind, Kind::InvalidCharacter);
  EXPECT_EQ(e.message, "NUL byte in the file; a .sched file must be text");
  EXPECT_EQ(e.found, "NUL byte");
  EXPECT_EQ(e.span, span(16, 17));
}

TEST(GrammarErrors, InputOver16MiB) {
  std::string text = "model m { }\n";
  text.resize(std::size_t{16} * 1024 * 1024 + 1, ' ');
  const ParseResult r = parse(text, kFile);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].kind, Kind::TooLarge);
  EXPECT_EQ(r.errors[0].message, "the file is too large (16777217 bytes); the limit is 16 MiB");
  EXPECT_EQ(r.errors[0].span, span(0, 0));
}

TEST(GrammarErrors, Exactly16MiBIsAccepted) {
  std::string text = "model m { }\n";
  text.resize(std::size_t{16} * 1024 * 1024, ' ');
  EXPECT_TRUE(parse(text, kFile).ok());
}

TEST(GrammarErrors, ErrorLeavesCompletedItems) {
  const ParseResult r = parse("# c\nuse a\nmodel ok { }\nmodel bad {", kFile);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.file.uses.size(), 1u);
  EXPECT_EQ(r.file.decls.size(), 1u);
  EXPECT_EQ(r.file.comments.size(), 1u);
}

// ============================================================================================ nesting

std::string nested_lists(std::size_t depth) {
  // The declaration body is the first level.
  return "model m { x = " + std::string(depth - 1, '[') + std::string(depth - 1, ']') + " }";
}

TEST(GrammarNesting, SixtyFourLevelsAreAllowed) { EXPECT_TRUE(parse(nested_lists(64), kFile).ok()); }

TEST(GrammarNesting, SixtyFiveLevelsAreTooDeep) {
  const std::string text = nested_lists(65);
  const SyntaxError e = parse_error(text);
  EXPECT_EQ(e.kind, Kind::NestingTooDeep);
  EXPECT_EQ(e.message, "nesting is too deep: blocks, lists and per_env may be nested at most 64 levels");
  EXPECT_EQ(e.found, "'['");
  const std::size_t last_open = text.find(']') - 1;
  EXPECT_EQ(e.span, span(last_open, last_open + 1));
}

TEST(GrammarNesting, HundredThousandBracketsDoNotOverflowTheStack) {
  const std::string lists = "model m { x = " + std::string(100000, '[');
  EXPECT_EQ(parse_error(lists).kind, Kind::NestingTooDeep);
  // Without a declaration around them, the first '[' is already wrong.
  const SyntaxError bare = parse_error(std::string(100000, '['));
  EXPECT_EQ(bare.kind, Kind::Expected);
  EXPECT_EQ(bare.span, span(0, 1));
}

TEST(GrammarNesting, DeepBlocksAndPerEnv) {
  std::string blocks = "model m { ";
  std::string values = "model m { x = ";
  std::string envs = "model m { x = ";
  for (int i = 0; i < 100000; ++i) {
    blocks += "a { ";
    values += "a { b = ";
    envs += "per_env { dev = ";
  }
  EXPECT_EQ(parse_error(blocks).kind, Kind::NestingTooDeep);
  EXPECT_EQ(parse_error(values).kind, Kind::NestingTooDeep);
  EXPECT_EQ(parse_error(envs).kind, Kind::NestingTooDeep);
}

// ============================================================================================ robustness

TEST(GrammarRobustness, GrammarHasNoInfiniteLoops) {
  EXPECT_EQ(tao::pegtl::analyze<schedc::syntax::rules::file>(), 0u);
}

// Checks the invariants of any result: at most one error, with a span inside the input, in our own words.
void check_invariants(const std::string& input, const ParseResult& r) {
  ASSERT_LE(r.errors.size(), 1u);
  if (r.ok()) return;
  const SyntaxError& e = r.errors[0];
  EXPECT_FALSE(e.message.empty());
  EXPECT_LE(e.span.begin, e.span.end);
  EXPECT_LE(e.span.end, input.size());
  // Never PEGTL's own text (it names rule types), never the fallbacks for "cannot happen".
  EXPECT_EQ(e.message.find("tao::"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("schedc::"), std::string::npos) << e.message;
  EXPECT_NE(e.message, "internal error in the parser");
  EXPECT_NE(e.message, "syntax error");
}

TEST(GrammarRobustness, RandomBytesNeverCrash) {
  std::mt19937 rng(20260131);
  for (int i = 0; i < 3000; ++i) {
    std::string input(rng() % 96, '\0');
    for (char& c : input) c = static_cast<char>(rng() & 0xFFU);
    ParseResult r;
    EXPECT_NO_THROW(r = parse(input, kFile));
    check_invariants(input, r);
    if (HasFailure()) FAIL() << "input #" << i;
  }
}

TEST(GrammarRobustness, RandomTokenSoupNeverCrashes) {
  const std::vector<std::string> pieces{
      "model", "m",     "{",     "}",      "[",     "]",       "=",     ",",    ".",    "\"",  "\"a\"", "\\",
      "{a.b}", "{{",    "}}",    "5",      "5m",    "1h30m",   "2..8",  "2026-01-01", "T06:00", "#c\n", "\n",
      " ",     "every", "cron",  "in",     "from",  "until",   "per_env", "secret", "file", "folder", "wait",
      "check", "use",   "true",  "\xC3\xA9", "@",   "\t",      "x",     "requires"};
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    std::string input;
    const auto n = rng() % 40;
    for (std::uint32_t k = 0; k < n; ++k) input += pieces[rng() % pieces.size()];
    ParseResult r;
    EXPECT_NO_THROW(r = parse(input, kFile));
    check_invariants(input, r);
    if (HasFailure()) FAIL() << "input: " << input;
  }
}

TEST(GrammarRobustness, MutatedSketchNeverCrashes) {
  const std::string alphabet = "{}[]=,.\"\\#\n aZ09_-:Tdhms";
  std::mt19937 rng(99);
  for (int i = 0; i < 3000; ++i) {
    std::string input(kSketch);
    const auto edits = 1 + rng() % 4;
    for (std::uint32_t k = 0; k < edits; ++k) {
      const auto pos = rng() % input.size();
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0: input.erase(pos, 1 + rng() % 3); break;
        case 1: input.insert(pos, 1, c); break;
        default: input[pos] = c; break;
      }
    }
    ParseResult r;
    EXPECT_NO_THROW(r = parse(input, kFile));
    check_invariants(input, r);
    if (HasFailure()) FAIL() << "input:\n" << input;
  }
}

}  // namespace

// A UTF-8 byte-order mark at the start of a file is accepted (Windows editors write one); spans keep counting bytes
// from the start of the file.
TEST(GrammarLexical, ByteOrderMarkAtTheStartIsAccepted) {
  const auto r = schedc::syntax::parse("\xEF\xBB\xBFmodel m { }\n", 1);
  ASSERT_TRUE(r.ok()) << r.errors.front().message;
  ASSERT_EQ(r.file.decls.size(), 1U);
  EXPECT_EQ(r.file.decls[0].kind.text, "model");
  EXPECT_EQ(r.file.decls[0].span.begin, 3U);
  EXPECT_FALSE(schedc::syntax::parse("\xEF\xBB\xBF\xEF\xBB\xBFmodel m { }\n", 1).ok());  // one only
}

// A file that ends inside a body is reported at the '{' whose '}' was taken by an outer block (indented less than
// the line that opened it), not at the end of the file; without such a '}', at the end as before.
TEST(GrammarError, UnclosedBlockIsReportedAtItsBrace) {
  const std::string text = "model m {\n  notebook = \"/x\" {\n    a = \"1\"\n  timeout = 1h\n}\n";
  const auto r = schedc::syntax::parse(text, 0);
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_EQ(r.errors[0].span.begin, text.find("{\n    a"));
  EXPECT_NE(r.errors[0].message.find("the '}' at line 5"), std::string::npos) << r.errors[0].message;
  const std::string plain = "model m {\n  timeout = 1h\n";
  const auto p = schedc::syntax::parse(plain, 0);
  ASSERT_EQ(p.errors.size(), 1U);
  EXPECT_EQ(p.errors[0].span.begin, plain.find("1h") + 2);  // right after the last token
}

// The proof of the lowerings (compiler/schedule/proof/proof.hpp) and the schedule analyses that report it
// (compiler/analysis/schedules.hpp): a wrong lowering is caught with its first counterexample, DST-only differences
// are grouped by transition, fixed local times in gaps and overlaps are found, and Windows zone rules compared.
#include "compiler/schedule/proof/proof.hpp"
#include "compiler/schedule/adf/sim.hpp"
#include "compiler/analysis/schedules.hpp"
#include "compiler/compile.hpp"

#include "tests/unit/schedule_test_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compiler/schedule/tz/timezone.hpp"

#include <filesystem>

namespace {

using schedc::testing::cron;
using schedc::testing::utc;
using schedc::testing::zone;
using namespace schedc::schedule::proof;
using schedc::schedule::adf::Frequency;
using schedc::schedule::adf::LocalDateTime;
using schedc::schedule::adf::Recurrence;
using schedc::schedule::format_utc;
using ::testing::HasSubstr;

std::vector<Recurrence> lowered(std::string_view text, std::string_view zone_name) {
  const auto windows = schedc::schedule::tz::windows_zone(zone_name);
  const auto result = schedc::schedule::adf::lower(cron(text), *windows, schedc::schedule::tz::is_utc_zone(zone_name), {},
                                         std::string(zone_name));
  EXPECT_FALSE(result.error.has_value()) << text;
  return result.recurrences;
}

TEST(ProofHorizon, TwoYearsAndALeapDayFromTheTzRelease) {
  // Without `from`: from 1 January of the tz database's release year (Debian 12: 2025 or later), never today.
  const int release = schedc::schedule::tz::tzdata_release_year();
  const Horizon h = proof_horizon(std::nullopt, zone("UTC"));
  EXPECT_EQ(format_utc(h.from + std::chrono::seconds{1}), std::to_string(release) + "-01-01T00:00:00Z");
  // In a zone: its local midnight.
  EXPECT_EQ(format_utc(proof_horizon(std::nullopt, zone("Europe/Amsterdam")).from + std::chrono::seconds{1}),
            std::to_string(release - 1) + "-12-31T23:00:00Z");
  int leap = release;
  while (!schedc::schedule::cron::is_leap_year(leap)) ++leap;
  // Two years, and past the first 29 February (2028's from a 2025 or 2026 release).
  EXPECT_EQ(h.to, std::max(h.from + std::chrono::seconds{1} + date::days{731},
                           Instant{date::sys_days{date::year{leap} / 3 / 2}}));
  // A later `from` moves it; the leap day then is 2032's.
  const Horizon later = proof_horizon(LocalDateTime{2029, 6, 1, 0, 0, 0}, zone("UTC"));
  EXPECT_EQ(format_utc(later.from + std::chrono::seconds{1}), "2029-06-01T00:00:00Z");
  EXPECT_EQ(format_utc(later.to), "2032-03-02T00:00:00Z");
}

// The cases below were worked out over 2026-2027: their horizon starts at a `from` of 1 January 2026.
const LocalDateTime k2026{2026, 1, 1, 0, 0, 0};

TEST(ProveAdf, ExactLoweringsHaveNoDifference) {
  const Horizon h = proof_horizon(k2026, zone("Europe/Amsterdam"));
  for (const char* text : {"30 2 * * *", "0 6 * * MON#1,FRI", "0 6 1 */3 *", "@yearly", "15 * * * *", "*/15 * * * *",
                           "0 0 29-31 * */7", "0 6 22-31 * */6", "0 3 1-7,29-31 * */3"}) {
    const ProofResult r = prove_adf(cron(text), zone("Europe/Amsterdam"), lowered(text, "Europe/Amsterdam"), h);
    EXPECT_TRUE(r.exact()) << text;
  }
}

TEST(ProveAdf, AWrongLoweringHasACounterexample) {
  // `0 6 * * MON#1,FRI` lowered to the Week trigger alone misses the first Monday of every month.
  std::vector<Recurrence> wrong = lowered("0 6 * * MON#1,FRI", "Europe/Amsterdam");
  ASSERT_EQ(wrong.size(), 2u);
  wrong.pop_back();
  const ProofResult r = prove_adf(cron("0 6 * * MON#1,FRI"), zone("Europe/Amsterdam"), wrong,
                                  proof_horizon(k2026, zone("Europe/Amsterdam")));
  ASSERT_TRUE(r.counterexample.has_value());
  EXPECT_TRUE(r.counterexample->source_fires);
  EXPECT_EQ(format_utc(r.counterexample->instant), "2026-01-05T05:00:00Z");  // Monday 5 January, 06:00 +01:00
  ASSERT_TRUE(r.counterexample->target_next.has_value());
  EXPECT_EQ(format_utc(*r.counterexample->target_next), "2026-01-09T05:00:00Z");  // the next Friday
  // ... and one that adds fires: every day instead of Mondays to Fridays.
  const ProofResult adds = prove_adf(cron("0 6 * * MON-FRI"), zone("UTC"), lowered("0 6 * * *", "UTC"),
                                     proof_horizon(k2026, zone("UTC")));
  ASSERT_TRUE(adds.counterexample.has_value());
  EXPECT_FALSE(adds.counterexample->source_fires);
  EXPECT_EQ(format_utc(adds.counterexample->instant), "2026-01-03T06:00:00Z");  // a Saturday
}

TEST(ProveAdf, DstOnlyDifferencesAreGroupedByTransition) {
  // A wildcard job every two hours in New York: ADF's wall-clock list runs 02:00 at 03:00 on the spring dates.
  const ProofResult r = prove_adf(cron("0 */2 * * *"), zone("America/New_York"), lowered("0 */2 * * *", "America/New_York"),
                                  proof_horizon(k2026, zone("America/New_York")));
  EXPECT_FALSE(r.counterexample.has_value());
  ASSERT_EQ(r.transitions.size(), 2u);
  EXPECT_TRUE(r.transitions[0].transition.is_gap());
  EXPECT_EQ(format_utc(r.transitions[0].transition.at), "2026-03-08T07:00:00Z");
  EXPECT_EQ(format_utc(r.transitions[1].transition.at), "2027-03-14T07:00:00Z");
  ASSERT_EQ(r.transitions[0].target.size(), 2u);
  EXPECT_EQ(format_utc(r.transitions[0].target[0].instant), "2026-03-08T07:00:00Z");  // 03:00 EDT
  ASSERT_EQ(r.transitions[0].source.size(), 1u);
  EXPECT_EQ(format_utc(r.transitions[0].source[0].instant), "2026-03-08T08:00:00Z");  // 04:00 EDT
}

TEST(ProveQuartz, DatabricksSkipsGapsAndRunsTheSecondOccurrence) {
  const auto q = schedc::schedule::quartz::parse("0 30 2 * * ?");
  ASSERT_TRUE(q.expr.has_value());
  const ProofResult r = prove_quartz(cron("30 2 * * *"), zone("Europe/Amsterdam"), *q.expr,
                                     proof_horizon(k2026, zone("Europe/Amsterdam")));
  EXPECT_FALSE(r.counterexample.has_value());
  ASSERT_EQ(r.transitions.size(), 4u);  // two springs, two autumns
  EXPECT_TRUE(r.transitions[0].target.empty());  // 2026-03-29: Databricks does not run
  ASSERT_EQ(r.transitions[1].target.size(), 1u);
  EXPECT_EQ(format_utc(r.transitions[1].target[0].instant), "2026-10-25T01:30:00Z");  // the second 02:30
  EXPECT_EQ(format_utc(r.transitions[1].source[0].instant), "2026-10-25T00:30:00Z");  // the first
}

// Fifth-week intersections lower to Quartz `DAY#5` and are proven like every lowering (a month without a fifth
// Sunday has no run in either).
TEST(ProveQuartz, FifthWeekIntersections) {
  for (const auto& [text, expected] : std::vector<std::pair<const char*, const char*>>{
           {"0 0 29-31 * */7", "0 0 0 ? * SUN#5"}, {"15 6 22-28 * */7", "0 15 6 ? * SUN#4"}}) {
    const auto lowered_q = schedc::schedule::quartz::to_quartz(cron(text));
    ASSERT_TRUE(lowered_q.expression.has_value()) << text;
    EXPECT_EQ(*lowered_q.expression, expected);
    const auto q = schedc::schedule::quartz::parse(*lowered_q.expression);
    ASSERT_TRUE(q.expr.has_value());
    const ProofResult r = prove_quartz(cron(text), zone("Europe/Amsterdam"), *q.expr,
                                       proof_horizon(LocalDateTime{2036, 1, 1, 0, 0, 0}, zone("Europe/Amsterdam")));
    EXPECT_TRUE(r.exact()) << text;
  }
}

TEST(DstHazards, FixedTimesInGapsAndOverlapsOnly) {
  const Horizon h = proof_horizon(k2026, zone("Europe/Amsterdam"));
  const auto hazards = dst_hazards(cron("30 2 * * *"), zone("Europe/Amsterdam"), h);
  ASSERT_EQ(hazards.size(), 4u);
  EXPECT_EQ(hazards[0].kind, schedc::schedule::FireKind::AfterGap);
  EXPECT_EQ(format_utc(hazards[0].instant), "2026-03-29T01:00:00Z");
  EXPECT_EQ(hazards[1].kind, schedc::schedule::FireKind::OverlapFirst);
  EXPECT_TRUE(dst_hazards(cron("30 3 * * *"), zone("Europe/Amsterdam"), h).empty());
  EXPECT_TRUE(dst_hazards(cron("30 * * * *"), zone("Europe/Amsterdam"), h).empty());  // wildcard: real instants
  EXPECT_TRUE(dst_hazards(cron("30 2 * * MON-FRI"), zone("Europe/Amsterdam"), h).empty());  // EU changes on Sundays
  EXPECT_TRUE(dst_hazards(cron("30 2 * * *"), zone("Asia/Kolkata"), h).empty());
}

TEST(OffsetDifference, WindowsZoneRules) {
  const Horizon h = proof_horizon(k2026, zone("UTC"));
  const auto d = first_offset_difference(zone("Asia/Bishkek"), zone("Asia/Almaty"), h);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->offset, std::chrono::hours{6});
  EXPECT_EQ(d->other_offset, std::chrono::hours{5});
  EXPECT_FALSE(first_offset_difference(zone("Europe/Amsterdam"), zone("Europe/Berlin"), h).has_value());
  // New York and Toronto share their rules; New York and London differ from the start.
  EXPECT_FALSE(first_offset_difference(zone("America/New_York"), zone("America/Toronto"), h).has_value());
  EXPECT_TRUE(first_offset_difference(zone("America/New_York"), zone("Europe/London"), h).has_value());
}

// The analysis reports a wrong lowering as SCH3006 (the IR is tampered with: no input produces one).
TEST(CheckSchedules, AWrongLoweringInTheIrIsSch3006) {
  namespace fs = std::filesystem;
  const std::string root = SCHEDC_SOURCE_DIR;
  schedc::CompileInput input({root + "/examples/platform.sched", root + "/examples/churn_scoring.sched"},
                             root + "/stdlib");
  schedc::FileSystemLoader loader(root + "/stdlib");
  schedc::CompileResult result = schedc::compile(input, loader);
  ASSERT_TRUE(result.project.has_value());
  schedc::ir::Project project = *result.project;
  schedc::ir::Model* churn = nullptr;
  for (auto& m : project.models)
    if (m.name == "churn_scoring") churn = &m;
  ASSERT_NE(churn, nullptr);
  ASSERT_EQ(churn->schedule.adf.size(), 1u);
  churn->schedule.adf[0].week_days = {1, 2, 3, 4};  // Friday dropped
  schedc::Diagnostics diags;
  schedc::analysis::check_schedules(project, diags);
  ASSERT_EQ(diags.all().size(), 1u);
  const schedc::Diagnostic& d = diags.all().front();
  EXPECT_EQ(d.code, "SCH3006");
  EXPECT_THAT(d.message, HasSubstr("the ADF trigger of model `churn_scoring` does not fire when `30 2 * * MON-FRI` does"));
  ASSERT_GE(d.notes.size(), 1u);
  EXPECT_THAT(d.notes[0], HasSubstr("the schedule fires at 2025-01-03T02:30:00+01:00 (2025-01-03T01:30:00Z), but ADF next "
                                    "fires at 2025-01-06T02:30:00+01:00"));
  EXPECT_TRUE(diags.has_errors());
}

}  // namespace

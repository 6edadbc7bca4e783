// Unit tests for time zones: tz database lookups and the CLDR IANA -> Windows map (compiler/schedule/tz/timezone.hpp).
#include "compiler/schedule/tz/timezone.hpp"

#include "compiler/schedule/tz/zone.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using namespace schedc::schedule::tz;

TEST(TimeZone, KnownZones) {
  EXPECT_TRUE(is_known_zone("Europe/Amsterdam"));
  EXPECT_TRUE(is_known_zone("America/New_York"));
  EXPECT_TRUE(is_known_zone("Asia/Calcutta"));  // a link
  EXPECT_TRUE(is_known_zone("UTC"));
  EXPECT_FALSE(is_known_zone("Mars/Olympus"));
  EXPECT_FALSE(is_known_zone(""));
  EXPECT_FALSE(is_known_zone("europe/amsterdam"));  // tz names are case-sensitive
  EXPECT_FALSE(is_known_zone("localtime"));         // a file in zoneinfo, not a tz database name
  EXPECT_FALSE(is_known_zone("../zoneinfo/UTC"));
}

TEST(TimeZone, CanonicalZoneResolvesLinks) {
  EXPECT_EQ(canonical_zone("Asia/Calcutta"), "Asia/Kolkata");
  EXPECT_EQ(canonical_zone("Asia/Kolkata"), "Asia/Kolkata");
  EXPECT_EQ(canonical_zone("Europe/Kiev"), "Europe/Kyiv");
  EXPECT_EQ(canonical_zone("UTC"), "Etc/UTC");
  EXPECT_EQ(canonical_zone("Europe/Amsterdam").has_value(), true);
  EXPECT_EQ(canonical_zone("Mars/Olympus"), std::nullopt);
}

// Current CLDR (npm's cldr-core, pinned): zones newer than Debian's CLDR 2021a have Windows ids.
TEST(TimeZone, CurrentCldrWindowsZones) {
  EXPECT_EQ(windows_zone("America/Ciudad_Juarez"), "Mountain Standard Time");
  EXPECT_EQ(windows_zones_version().substr(0, 3), "48.");  // cldr-core 48.x (compiler/schedule/tz/cldr)
  // The territory-001 zone of a Windows id, for the rule comparison (SCH3009).
  EXPECT_EQ(windows_primary_zone("Mountain Standard Time"), "America/Denver");
}

TEST(TimeZone, WindowsZones) {
  EXPECT_EQ(windows_zone("Europe/Amsterdam"), "W. Europe Standard Time");
  EXPECT_EQ(windows_zone("Europe/Berlin"), "W. Europe Standard Time");
  EXPECT_EQ(windows_zone("America/New_York"), "Eastern Standard Time");
  EXPECT_EQ(windows_zone("Australia/Lord_Howe"), "Lord Howe Standard Time");
  EXPECT_EQ(windows_zone("Europe/London"), "GMT Standard Time");
}

TEST(TimeZone, WindowsZoneResolvesAliasesBothWays) {
  EXPECT_EQ(windows_zone("Asia/Kolkata"), "India Standard Time");   // CLDR writes Asia/Calcutta
  EXPECT_EQ(windows_zone("Asia/Calcutta"), "India Standard Time");
  EXPECT_EQ(windows_zone("Europe/Kyiv"), "FLE Standard Time");      // CLDR writes Europe/Kiev
  EXPECT_EQ(windows_zone("Europe/Kiev"), "FLE Standard Time");
  EXPECT_EQ(windows_zone("US/Eastern"), "Eastern Standard Time");   // link -> America/New_York
}

TEST(TimeZone, UtcVariants) {
  for (const char* zone : {"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Zulu", "Etc/GMT+0"}) {
    EXPECT_EQ(windows_zone(zone), "UTC") << zone;
    EXPECT_TRUE(is_utc_zone(zone)) << zone;
  }
  EXPECT_FALSE(is_utc_zone("Europe/London"));
  EXPECT_FALSE(is_utc_zone("Mars/Olympus"));
}

TEST(TimeZone, UnknownZone) {
  EXPECT_EQ(windows_zone("Mars/Olympus"), std::nullopt);
  EXPECT_EQ(find_zone("Mars/Olympus"), nullptr);
}

TEST(TimeZone, FindZone) {
  const schedc::schedule::tz::Zone* zone = find_zone("Europe/Amsterdam");
  ASSERT_NE(zone, nullptr);
  EXPECT_EQ(zone->name(), "Europe/Amsterdam");
}

TEST(TimeZone, WindowsPrimaryZone) {
  EXPECT_EQ(windows_primary_zone("W. Europe Standard Time"), "Europe/Berlin");
  EXPECT_EQ(windows_primary_zone("India Standard Time"), "Asia/Kolkata");  // canonicalized from Asia/Calcutta
  EXPECT_EQ(windows_primary_zone("UTC"), "Etc/UTC");
  EXPECT_EQ(windows_primary_zone("No Such Standard Time"), std::nullopt);
}

TEST(TimeZone, SuggestionsForTypo) {
  const auto suggestions = suggest_zones("Europe/Amsterdm");
  ASSERT_FALSE(suggestions.empty());
  EXPECT_EQ(suggestions.front(), "Europe/Amsterdam");
  EXPECT_LE(suggestions.size(), 3u);
}

TEST(TimeZone, SuggestionsAreCaseInsensitiveAndMatchCities) {
  EXPECT_EQ(suggest_zones("europe/amsterdam", 1), std::vector<std::string>{"Europe/Amsterdam"});
  const auto city = suggest_zones("Kolkata");
  EXPECT_NE(std::find(city.begin(), city.end(), "Asia/Kolkata"), city.end());
}

TEST(TimeZone, SuggestionsAreDeterministicAndBounded) {
  EXPECT_EQ(suggest_zones("America/New_Yrok", 5), suggest_zones("America/New_Yrok", 5));
  EXPECT_LE(suggest_zones("America/New_Yrok", 5).size(), 5u);
  EXPECT_TRUE(suggest_zones("Europe/Amsterdm", 0).empty());
  EXPECT_TRUE(suggest_zones("").empty());
  EXPECT_TRUE(suggest_zones(std::string(10000, 'x')).empty());
}

TEST(TimeZone, TzdataVersion) {
  const std::string version = tzdata_version();
  EXPECT_FALSE(version.empty());
  EXPECT_NE(version, "unknown");
  EXPECT_FALSE(windows_zones_version().empty());
}

}  // namespace

namespace {

using schedc::schedule::Instant;
using schedc::schedule::LocalTime;

Instant utc(int y, unsigned m, unsigned d, int h = 0, int min = 0) {
  return Instant{date::sys_days{date::year{y} / m / d}} + std::chrono::hours{h} + std::chrono::minutes{min};
}
LocalTime local(int y, unsigned m, unsigned d, int h = 0, int min = 0) {
  return LocalTime{date::local_days{date::year{y} / m / d}} + std::chrono::hours{h} + std::chrono::minutes{min};
}

// The zone files store transitions up to 2037; the rules after that come from their POSIX TZ footer (CCTZ), and
// past CCTZ's own extension (2437) from the 400-year cycle of the calendar.
TEST(Zone, RulesContinuePast2037) {
  const Zone* ams = find_zone("Europe/Amsterdam");
  ASSERT_NE(ams, nullptr);
  // EU rule: last Sunday of March and of October at 01:00 UTC.
  for (const auto& [year, march, october] : std::vector<std::tuple<int, unsigned, unsigned>>{
           {2026, 29, 25}, {2038, 28, 31}, {2040, 25, 28}, {2045, 26, 29}, {2437, 29, 25}, {2438, 28, 31},
           {9999, 28, 31}}) {
    const Period summer = ams->get_info(utc(year, 7, 1));
    EXPECT_EQ(summer.offset, std::chrono::hours{2}) << year;
    EXPECT_EQ(summer.begin, utc(year, 3, march, 1)) << year;
    EXPECT_EQ(summer.end, utc(year, 10, october, 1)) << year;
    EXPECT_EQ(ams->get_info(utc(year, 1, 15)).offset, std::chrono::hours{1}) << year;
  }
  const Zone* sydney = find_zone("Australia/Sydney");
  ASSERT_NE(sydney, nullptr);
  // A southern summer across the end of CCTZ's extension: October 2437 to April 2438 (first Sundays, 16:00 UTC).
  const Period across = sydney->get_info(utc(2437, 12, 31));
  EXPECT_EQ(across.offset, std::chrono::hours{11});
  EXPECT_EQ(across.begin, utc(2437, 10, 3, 16));
  EXPECT_EQ(across.end, utc(2438, 4, 3, 16));
}

TEST(Zone, LocalTimesInGapsAndOverlapsPast2037) {
  const Zone* ams = find_zone("Europe/Amsterdam");
  ASSERT_NE(ams, nullptr);
  const LocalInfo gap = ams->get_info(local(2040, 3, 25, 2, 30));
  EXPECT_EQ(gap.result, LocalInfo::nonexistent);
  EXPECT_EQ(gap.second.begin, utc(2040, 3, 25, 1));
  const LocalInfo overlap = ams->get_info(local(2040, 10, 28, 2, 30));
  EXPECT_EQ(overlap.result, LocalInfo::ambiguous);
  EXPECT_EQ(overlap.first.offset, std::chrono::hours{2});
  EXPECT_EQ(overlap.second.offset, std::chrono::hours{1});
  EXPECT_EQ(ams->get_info(local(6040, 3, 25, 2, 30)).result, LocalInfo::nonexistent);  // 6040-03-25: last Sunday
  EXPECT_EQ(ams->to_sys_earliest(local(2040, 3, 25, 2, 30)), utc(2040, 3, 25, 1));
  EXPECT_EQ(ams->to_local(utc(2045, 7, 1)), local(2045, 7, 1, 2));
}

TEST(Zone, ZonesWithoutChanges) {
  const Zone* tokyo = find_zone("Asia/Tokyo");
  ASSERT_NE(tokyo, nullptr);
  const Period p = tokyo->get_info(utc(2040, 1, 1));
  EXPECT_EQ(p.offset, std::chrono::hours{9});
  EXPECT_GT(p.end, utc(9999, 1, 1));  // no change ever again
}

}  // namespace

namespace {

// The years whose offset changes are not yet those of the zone's final rule bound the schedule checks.
TEST(Zone, LastIrregularYear) {
  const schedc::schedule::tz::Zone* mexico = schedc::schedule::tz::find_zone("America/Mexico_City");
  ASSERT_NE(mexico, nullptr);
  EXPECT_EQ(mexico->last_irregular_year(2015), 2022);  // DST until October 2022, none since
  EXPECT_EQ(mexico->last_irregular_year(2023), 2022);  // regular from 2023 on
  EXPECT_EQ(schedc::schedule::tz::last_irregular_year("Europe/Amsterdam", 2025), 2024);
  EXPECT_EQ(schedc::schedule::tz::last_irregular_year("Mars/Olympus", 2025), 2024);
}

}  // namespace
// Zones to write instead of one without a Windows id: same UTC offsets every week of 2026-2027, with a Windows id.
TEST(TimeZone, ZonesLikeALegacyZone) {
  using schedc::schedule::tz::zones_like;
  using schedc::schedule::tz::windows_zone;
  const auto cet = zones_like("CET");
  ASSERT_FALSE(cet.empty());
  EXPECT_LE(cet.size(), 3U);
  EXPECT_TRUE(std::is_sorted(cet.begin(), cet.end()));
  for (const auto& z : cet) EXPECT_TRUE(windows_zone(z).has_value()) << z;
  EXPECT_NE(std::find(cet.begin(), cet.end(), "Europe/Berlin"), cet.end());
  const auto est5edt = zones_like("EST5EDT", 20);
  EXPECT_NE(std::find(est5edt.begin(), est5edt.end(), "America/New_York"), est5edt.end());
  EXPECT_TRUE(zones_like("Not/AZone").empty());
}

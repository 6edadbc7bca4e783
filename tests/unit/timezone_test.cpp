// Unit tests for time zones: tz database lookups and the CLDR IANA -> Windows map (compiler/schedule/tz/timezone.hpp).
#include "compiler/schedule/tz/timezone.hpp"

#include <date/tz.h>
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
  const date::time_zone* zone = find_zone("Europe/Amsterdam");
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

#pragma once
// Time zones: IANA zones from the system tz database (rules through CCTZ, zone.hpp; names, links and the release from
// tzdata.zi) and their Windows ids from CLDR (npm's cldr-core, pinned; embedded at build time).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schedc::schedule::tz {

class Zone;

// True if `iana` names a zone or link in the system tz database.
bool is_known_zone(std::string_view iana);
// The canonical IANA name (links resolved: Asia/Calcutta -> Asia/Kolkata), or nullopt if unknown.
std::optional<std::string> canonical_zone(std::string_view iana);
// The Windows zone id for an IANA zone ("Europe/Amsterdam" -> "W. Europe Standard Time"; "UTC"/"Etc/UTC" -> "UTC"),
// resolving aliases through the tz database in both directions. nullopt if CLDR has no mapping.
std::optional<std::string> windows_zone(std::string_view iana);
// IANA names close to `iana` (for "did you mean"), best first, at most `max`.
std::vector<std::string> suggest_zones(std::string_view iana, std::size_t max = 3);
// Zones that CLDR maps to a Windows id (the territory-001 zone of each Windows id) whose UTC offset equals that of
// `iana` every week of 2026 and 2027, sorted, at most `max` ("CET" -> Europe/Berlin, Europe/Budapest, Europe/Paris):
// what to write instead of a zone without a Windows id.
std::vector<std::string> zones_like(std::string_view iana, std::size_t max = 3);
// Every name the tz database lists (zones and links), sorted: what completion offers.
const std::vector<std::string>& zone_names();
// The tz database version in use (e.g. "2025b").
std::string tzdata_version();
// The year of that release (2025 for "2025b"; 1970 when the release is unknown): where the schedule checks start
// (docs/language.md §11), as the tz database describes the zones' rules from its release on.
int tzdata_release_year();
// Zone::last_irregular_year(from_year) of the zone `iana`, memoised (from_year - 1 for an unknown zone).
int last_irregular_year(std::string_view iana, int from_year);

// True if windows_zone(iana) is "UTC" (ADF then writes times with a trailing 'Z').
bool is_utc_zone(std::string_view iana);
// The territory-001 IANA zone of a Windows zone id, canonicalized through the tz database
// ("India Standard Time" -> "Asia/Kolkata"), for comparing the Windows zone's rules with the user's zone.
std::optional<std::string> windows_primary_zone(std::string_view windows_id);
// The tz database zone (rules) for `iana`, or nullptr if unknown. Never throws.
const Zone* find_zone(std::string_view iana) noexcept;

// The greatest common divisor, in minutes, of every change of the zone's UTC offset from 2000 to 2100 (60 for
// Europe/Amsterdam, 30 for Australia/Lord_Howe), or 0 when the offset never changes in that span (or the zone is
// unknown). A fixed-interval schedule of n minutes keeps its wall-clock minutes across those changes iff n divides it.
int offset_change_gcd_minutes(std::string_view iana);
// The CLDR version the Windows table was generated from: cldr-core's (e.g. "48.2.0").
std::string windows_zones_version();

}  // namespace schedc::schedule::tz

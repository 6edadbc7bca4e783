#pragma once
// Time zones: IANA zones from the system tz database (date/tz.h over tzdata) and their Windows ids from CLDR's
// windowsZones.xml (embedded at build time from Debian's unicode-cldr-core).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace date {
class time_zone;
}

namespace schedc::schedule::tz {

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
// The tz database version in use (e.g. "2025b").
std::string tzdata_version();

// True if windows_zone(iana) is "UTC" (ADF then writes times with a trailing 'Z').
bool is_utc_zone(std::string_view iana);
// The territory-001 IANA zone of a Windows zone id, canonicalized through the tz database
// ("India Standard Time" -> "Asia/Kolkata"), for comparing the Windows zone's rules with the user's zone.
std::optional<std::string> windows_primary_zone(std::string_view windows_id);
// The tz database zone (rules) for `iana`, or nullptr if unknown. Never throws.
const date::time_zone* find_zone(std::string_view iana) noexcept;

// The greatest common divisor, in minutes, of every change of the zone's UTC offset from 2000 to 2100 (60 for
// Europe/Amsterdam, 30 for Australia/Lord_Howe), or 0 when the offset never changes in that span (or the zone is
// unknown). A fixed-interval schedule of n minutes keeps its wall-clock minutes across those changes iff n divides it.
int offset_change_gcd_minutes(std::string_view iana);
// The CLDR windowsZones.xml typeVersion the Windows table was generated from (e.g. "2021a").
std::string windows_zones_version();

}  // namespace schedc::schedule::tz

// Time zones: the system tz database through date/tz.h, and CLDR's IANA -> Windows map generated at build time
// (gen_windows_zones.cpp). See timezone.hpp.
#include "compiler/schedule/tz/timezone.hpp"

#include <date/tz.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <map>
#include <mutex>
#include <numeric>

#include "schedule/windows_zones_data.hpp"  // generated into the build tree

namespace schedc::schedule::tz {
namespace {

// date/tz.h is built with USE_OS_TZDB=1 and reads the compiled zones from here. In that mode it has no list of
// links (they are just more zones), so links are read from the tz database's own text form, tzdata.zi.
constexpr const char* kZoneInfoDir = "/usr/share/zoneinfo";
constexpr int kMaxLinkDepth = 16;
constexpr std::size_t kMaxSuggestInput = 100;  // longer inputs get no suggestions (edit distance is quadratic)

using StringMap = std::map<std::string, std::string, std::less<>>;

struct ZoneDatabase {
  std::vector<std::string> names;  // zones and links, sorted
  StringMap links;                 // link name -> target
  std::string version = "unknown";
  StringMap windows_by_canonical;  // canonical tzdb zone of a CLDR IANA id -> Windows id
};

bool contains(const std::vector<std::string>& sorted, std::string_view name) {
  return std::binary_search(sorted.begin(), sorted.end(), name, std::less<>{});
}

std::string resolve_links(const ZoneDatabase& db, std::string_view name) {
  std::string current(name);
  for (int depth = 0; depth < kMaxLinkDepth; ++depth) {
    const auto it = db.links.find(current);
    if (it == db.links.end()) break;
    current = it->second;
  }
  return current;
}

// tzdata.zi: "# version 2025b" and "L <target> <link name>" lines.
bool read_tzdata_zi(ZoneDatabase& db) {
  std::ifstream in(std::filesystem::path(kZoneInfoDir) / "tzdata.zi");
  if (!in) return false;
  std::string line;
  constexpr std::string_view kVersion = "# version ";
  while (std::getline(in, line)) {
    if (line.rfind(kVersion, 0) == 0) {
      if (db.version.empty() || db.version == "unknown") db.version = line.substr(kVersion.size());
    } else if (line.size() > 2 && line[0] == 'L' && line[1] == ' ') {
      const std::size_t target_end = line.find(' ', 2);
      if (target_end == std::string::npos) continue;
      std::string target = line.substr(2, target_end - 2);
      std::string link = line.substr(target_end + 1);
      while (!link.empty() && (link.back() == ' ' || link.back() == '\r')) link.pop_back();
      if (!link.empty() && link != target) db.links.emplace(std::move(link), std::move(target));
    }
  }
  return true;
}

// Without tzdata.zi, links are taken from symbolic links in the zoneinfo tree (how Debian installs them).
void read_symlinks(ZoneDatabase& db) {
  std::error_code ec;
  const std::filesystem::path root = std::filesystem::canonical(kZoneInfoDir, ec);
  if (ec) return;
  for (const std::string& name : db.names) {
    const std::filesystem::path path = root / name;
    if (!std::filesystem::is_symlink(path, ec)) continue;
    const std::filesystem::path target = std::filesystem::canonical(path, ec);
    if (ec) continue;
    const std::string relative = target.lexically_relative(root).generic_string();
    if (!relative.empty() && relative != name && contains(db.names, relative)) db.links.emplace(name, relative);
  }
}

ZoneDatabase load_database() {
  ZoneDatabase db;
  try {
    const date::tzdb& tzdb = date::get_tzdb();
    for (const date::time_zone& zone : tzdb.zones) {
      const std::string& name = zone.name();
      if (name != "localtime" && name != "posixrules") db.names.push_back(name);  // files, not tzdb zones
    }
    if (!tzdb.version.empty()) db.version = tzdb.version;
  } catch (const std::exception&) {
    // No usable tz database: no zone is known; callers report unknown zones.
  }
  std::sort(db.names.begin(), db.names.end());
  db.names.erase(std::unique(db.names.begin(), db.names.end()), db.names.end());
  if (!read_tzdata_zi(db)) read_symlinks(db);

  // CLDR uses old ids (Asia/Calcutta, Europe/Kiev): index its rows by their canonical tzdb zone too. CLDR ids that
  // are canonical themselves win over aliases that resolve to the same zone.
  const auto table = generated::iana_to_windows();
  for (const bool aliases : {false, true}) {
    for (const auto& row : table) {
      const std::string canonical = resolve_links(db, row.iana);
      if ((canonical != row.iana) == aliases) db.windows_by_canonical.emplace(canonical, row.windows);
    }
  }
  return db;
}

const ZoneDatabase& database() {
  static const ZoneDatabase db = load_database();  // thread-safe initialisation
  return db;
}

template <typename Row, typename Key>
const Row* find_row(std::span<const Row> rows, std::string_view key, Key key_of) {
  const auto it = std::lower_bound(rows.begin(), rows.end(), key,
                                   [&](const Row& row, std::string_view k) { return key_of(row) < k; });
  return (it != rows.end() && key_of(*it) == key) ? &*it : nullptr;
}

const generated::IanaToWindows* find_cldr_iana(std::string_view iana) {
  return find_row(generated::iana_to_windows(), iana, [](const generated::IanaToWindows& row) { return row.iana; });
}

std::string fold_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

bool read_listed_and_installed(std::string_view iana) {
  if (iana.empty() || iana.front() == '/' || iana.find("..") != std::string_view::npos) return false;
  if (find_cldr_iana(iana) == nullptr) return false;
  std::ifstream in(std::filesystem::path(kZoneInfoDir) / std::string(iana), std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && std::string_view(magic, 4) == "TZif";
}

// Memoised: every model's zone is looked up several times, each lookup opening a file. Zones are looked up from
// several threads at once (compiler/parallel.hpp), hence the lock.
bool listed_and_installed(std::string_view iana) {
  static std::mutex mutex;
  static std::map<std::string, bool, std::less<>> known;
  {
    std::lock_guard lock(mutex);
    if (const auto it = known.find(iana); it != known.end()) return it->second;
  }
  const bool result = read_listed_and_installed(iana);
  std::lock_guard lock(mutex);
  known.emplace(std::string(iana), result);
  return result;
}

}  // namespace

bool is_known_zone(std::string_view iana) { return listed_and_installed(iana) || contains(database().names, iana); }

std::optional<std::string> canonical_zone(std::string_view iana) {
  const ZoneDatabase& db = database();
  if (!contains(db.names, iana)) return std::nullopt;
  return resolve_links(db, iana);
}

std::optional<std::string> windows_zone(std::string_view iana) {
  if (const auto* row = find_cldr_iana(iana)) return std::string(row->windows);  // no database needed
  const std::optional<std::string> canonical = canonical_zone(iana);
  if (!canonical) return std::nullopt;
  if (const auto* row = find_cldr_iana(*canonical)) return std::string(row->windows);
  const ZoneDatabase& db = database();
  if (const auto it = db.windows_by_canonical.find(*canonical); it != db.windows_by_canonical.end()) {
    return it->second;
  }
  return std::nullopt;
}

bool is_utc_zone(std::string_view iana) { return windows_zone(iana) == "UTC"; }

std::optional<std::string> windows_primary_zone(std::string_view windows_id) {
  const auto* row = find_row(generated::windows_to_iana(), windows_id,
                             [](const generated::WindowsToIana& r) { return r.windows; });
  if (row == nullptr) return std::nullopt;
  return canonical_zone(row->iana).value_or(std::string(row->iana));
}

const date::time_zone* find_zone(std::string_view iana) noexcept {
  if (!is_known_zone(iana)) return nullptr;
  try {
    return date::locate_zone(iana);
  } catch (const std::exception&) {
    return nullptr;
  }
}

int offset_change_gcd_minutes(std::string_view iana) {
  const date::time_zone* zone = find_zone(iana);
  if (zone == nullptr) return 0;
  using namespace std::chrono;
  const auto end = date::sys_days{date::year{2100} / 1 / 1};
  auto t = date::sys_seconds{date::sys_days{date::year{2000} / 1 / 1}};
  long long gcd = 0;
  auto info = zone->get_info(t);
  while (info.end < end) {
    const auto next = zone->get_info(info.end);
    const long long delta = std::llabs(duration_cast<minutes>(next.offset - info.offset).count());
    if (delta != 0) gcd = std::gcd(gcd, delta);
    info = next;
  }
  return static_cast<int>(gcd);
}

std::vector<std::string> suggest_zones(std::string_view iana, std::size_t max) {
  if (max == 0 || iana.empty() || iana.size() > kMaxSuggestInput) return {};
  const std::string wanted = fold_case(iana);
  const bool has_region = wanted.find('/') != std::string::npos;
  const std::size_t threshold = std::max<std::size_t>(2, wanted.size() / 3);

  std::vector<std::pair<std::size_t, const std::string*>> scored;
  for (const std::string& name : database().names) {
    const std::string folded = fold_case(name);
    std::size_t score = edit_distance(wanted, folded);
    if (!has_region) {  // "amsterdam" -> Europe/Amsterdam: compare with the last component too
      const std::size_t slash = folded.rfind('/');
      if (slash != std::string::npos) score = std::min(score, edit_distance(wanted, folded.substr(slash + 1)));
    }
    if (score <= threshold) scored.emplace_back(score, &name);
  }
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : *a.second < *b.second;
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < max; ++i) out.push_back(*scored[i].second);
  return out;
}

std::string tzdata_version() { return database().version; }

std::vector<std::string> zones_like(std::string_view iana, std::size_t max) {
  const date::time_zone* zone = find_zone(iana);
  if (zone == nullptr || max == 0) return {};
  using namespace std::chrono;
  const auto start = date::sys_days{date::year{2026} / 1 / 1};
  std::vector<std::string> out;
  for (const auto& row : generated::windows_to_iana()) {
    if (row.windows == "UTC") continue;
    const std::string candidate = canonical_zone(row.iana).value_or(std::string(row.iana));
    const date::time_zone* other = find_zone(candidate);
    if (other == nullptr || candidate == iana) continue;
    bool same = true;
    for (int week = 0; week < 105 && same; ++week) {
      const date::sys_seconds t{start + date::days{7 * week}};
      same = zone->get_info(t).offset == other->get_info(t).offset;
    }
    if (same) out.push_back(candidate);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() > max) out.resize(max);
  return out;
}

std::string windows_zones_version() { return std::string(generated::cldr_type_version()); }

}  // namespace schedc::schedule::tz

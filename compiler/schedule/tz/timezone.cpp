// Time zones: the system tz database (names and links from tzdata.zi, rules through CCTZ one zone at a time,
// zone.hpp), and CLDR's IANA -> Windows map generated at build time (gen_windows_zones.cpp). See timezone.hpp.
#include "compiler/schedule/tz/timezone.hpp"

#include "compiler/schedule/tz/zone.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>

#include "schedule/windows_zones_data.hpp"  // generated into the build tree

namespace schedc::schedule::tz {
namespace {

// The compiled zones (CCTZ reads one file per zone, when it is first asked for) and the tz database's own text form,
// tzdata.zi, which lists every zone ("Z name ...") and link ("L target name") and names the release. tzdata.zi is
// read only when a question needs the list (an unknown zone, a link, suggestions, the version): a schedule in a
// zone that CLDR lists and whose file exists needs neither the list nor a directory scan.
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

// tzdata.zi: "# version 2025b", "Z <name> ..." and "L <target> <link name>" lines.
bool read_tzdata_zi(ZoneDatabase& db) {
  std::ifstream in(std::filesystem::path(kZoneInfoDir) / "tzdata.zi");
  if (!in) return false;
  std::string line;
  constexpr std::string_view kVersion = "# version ";
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (line.rfind(kVersion, 0) == 0) {
      if (db.version.empty() || db.version == "unknown") db.version = line.substr(kVersion.size());
    } else if (line.size() > 2 && line[0] == 'Z' && line[1] == ' ') {
      const std::size_t name_end = line.find(' ', 2);
      db.names.push_back(line.substr(2, name_end == std::string::npos ? std::string::npos : name_end - 2));
    } else if (line.size() > 2 && line[0] == 'L' && line[1] == ' ') {
      const std::size_t target_end = line.find(' ', 2);
      if (target_end == std::string::npos) continue;
      std::string target = line.substr(2, target_end - 2);
      std::string link = line.substr(target_end + 1);
      if (!link.empty() && link != target) {
        db.names.push_back(link);
        db.links.emplace(std::move(link), std::move(target));
      }
    }
  }
  return true;
}

ZoneDatabase load_database() {
  ZoneDatabase db;
  read_tzdata_zi(db);  // without it (no tzdata installed) no zone is known; callers report unknown zones
  std::sort(db.names.begin(), db.names.end());
  db.names.erase(std::unique(db.names.begin(), db.names.end()), db.names.end());

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

const Zone* find_zone(std::string_view iana) noexcept {
  // One Zone per name, loaded on first use and kept (pointers stay valid); several threads ask at once.
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Zone>, std::less<>> zones;
  {
    std::lock_guard lock(mutex);
    if (const auto it = zones.find(iana); it != zones.end()) return it->second.get();
  }
  if (!is_known_zone(iana)) return nullptr;
  try {
    auto zone = std::make_unique<Zone>();
    if (!Zone::load(std::string(iana), *zone)) return nullptr;
    std::lock_guard lock(mutex);
    return zones.emplace(std::string(iana), std::move(zone)).first->second.get();
  } catch (const std::exception&) {
    return nullptr;
  }
}

int offset_change_gcd_minutes(std::string_view iana) {
  const Zone* zone = find_zone(iana);
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

const std::vector<std::string>& zone_names() { return database().names; }

std::string tzdata_version() {
  // The release is tzdata.zi's first line: read that line, not the list (`--version` needs nothing else).
  static const std::string version = [] {
    std::ifstream in(std::filesystem::path(kZoneInfoDir) / "tzdata.zi");
    std::string line;
    constexpr std::string_view kVersion = "# version ";
    if (in && std::getline(in, line) && line.rfind(kVersion, 0) == 0) {
      while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
      if (line.size() > kVersion.size()) return line.substr(kVersion.size());
    }
    return std::string("unknown");
  }();
  return version;
}

int tzdata_release_year() {
  const std::string version = tzdata_version();
  int year = 0;
  std::size_t i = 0;
  for (; i < version.size() && i < 4 && version[i] >= '0' && version[i] <= '9'; ++i) year = year * 10 + (version[i] - '0');
  return i == 4 ? year : 1970;
}

int last_irregular_year(std::string_view iana, int from_year) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, int>, int, std::less<>> known;
  std::pair<std::string, int> key{std::string(iana), from_year};
  {
    std::lock_guard lock(mutex);
    if (const auto it = known.find(key); it != known.end()) return it->second;
  }
  const Zone* zone = find_zone(iana);
  const int year = zone == nullptr ? from_year - 1 : zone->last_irregular_year(from_year);
  std::lock_guard lock(mutex);
  known.emplace(std::move(key), year);
  return year;
}

std::vector<std::string> zones_like(std::string_view iana, std::size_t max) {
  const Zone* zone = find_zone(iana);
  if (zone == nullptr || max == 0) return {};
  using namespace std::chrono;
  const auto start = date::sys_days{date::year{2026} / 1 / 1};
  std::vector<std::string> out;
  for (const auto& row : generated::windows_to_iana()) {
    if (row.windows == "UTC") continue;
    const std::string candidate = canonical_zone(row.iana).value_or(std::string(row.iana));
    const Zone* other = find_zone(candidate);
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

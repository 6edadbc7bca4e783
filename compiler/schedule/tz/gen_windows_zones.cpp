// Build-time generator: reads CLDR's Windows zone map and writes the IANA <-> Windows zone tables that
// compiler/schedule/tz/timezone.cpp uses. Host program (nlohmann/json for the JSON form).
//
//   gen_windows_zones <windowsZones.json|windowsZones.xml> <version> <out.hpp> <out.cpp>
//
// The JSON form is npm's cldr-core (supplemental/windowsZones.json, pinned by compiler/schedule/tz/cldr/
// package-lock.json): rows {"mapZone": {"_other", "_type", "_territory"}}; `version` is cldr-core's version. The
// XML form (CLDR's own windowsZones.xml) is still read, for a build pointed at one (-DSCHEDC_WINDOWS_ZONES); its
// version is then the file's typeVersion unless `version` is given.
// Every <mapZone other="W. Europe Standard Time" territory="001" type="Europe/Berlin"/> row contributes
// (IANA -> Windows) for each space-separated IANA id in `type`; rows with territory "001" also give the Windows
// zone's primary IANA zone. The output is deterministic (sorted, no timestamps) so rebuilds are reproducible.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "gen_windows_zones: error: " << message << '\n';
  std::exit(1);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot open " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Removes <!-- ... --> comments so that commented-out rows are not read.
std::string strip_comments(const std::string& xml) {
  std::string out;
  out.reserve(xml.size());
  std::size_t pos = 0;
  while (pos < xml.size()) {
    const std::size_t open = xml.find("<!--", pos);
    if (open == std::string::npos) {
      out.append(xml, pos, std::string::npos);
      break;
    }
    out.append(xml, pos, open - pos);
    const std::size_t close = xml.find("-->", open + 4);
    if (close == std::string::npos) fail("unterminated XML comment");
    pos = close + 3;
  }
  return out;
}

std::string decode_entities(std::string_view value) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < value.size();) {
    bool replaced = false;
    if (value[i] == '&') {
      for (const auto& [entity, ch] : kEntities) {
        if (value.substr(i, entity.size()) == entity) {
          out.push_back(ch);
          i += entity.size();
          replaced = true;
          break;
        }
      }
      if (!replaced) fail("unsupported XML entity in attribute value: " + std::string(value));
    } else {
      out.push_back(value[i++]);
    }
  }
  return out;
}

// The attributes of one element's start tag (the text between "<mapZone" and ">").
std::map<std::string, std::string> parse_attributes(std::string_view tag) {
  std::map<std::string, std::string> attributes;
  std::size_t i = 0;
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (true) {
    while (i < tag.size() && (is_space(tag[i]) || tag[i] == '/')) ++i;
    if (i >= tag.size()) break;
    const std::size_t name_begin = i;
    while (i < tag.size() && tag[i] != '=' && !is_space(tag[i])) ++i;
    const std::string name(tag.substr(name_begin, i - name_begin));
    while (i < tag.size() && is_space(tag[i])) ++i;
    if (i >= tag.size() || tag[i] != '=') fail("malformed attribute `" + name + "` in <mapZone" + std::string(tag));
    ++i;
    while (i < tag.size() && is_space(tag[i])) ++i;
    if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) fail("unquoted attribute `" + name + "`");
    const char quote = tag[i++];
    const std::size_t value_end = tag.find(quote, i);
    if (value_end == std::string_view::npos) fail("unterminated attribute `" + name + "`");
    attributes[name] = decode_entities(tag.substr(i, value_end - i));
    i = value_end + 1;
  }
  return attributes;
}

std::vector<std::string> split_spaces(const std::string& text) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; in >> part;) parts.push_back(part);
  return parts;
}

// A C++ string literal; zone ids are plain ASCII, anything else is rejected rather than guessed at.
std::string literal(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) fail("unexpected character in zone id: " + text);
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::optional<std::string> attribute_of_element(const std::string& xml, std::string_view element,
                                                const std::string& attribute) {
  const std::size_t open = xml.find("<" + std::string(element));
  if (open == std::string::npos) return std::nullopt;
  const std::size_t close = xml.find('>', open);
  if (close == std::string::npos) return std::nullopt;
  const std::size_t begin = open + 1 + element.size();
  const auto attributes = parse_attributes(std::string_view(xml).substr(begin, close - begin));
  const auto it = attributes.find(attribute);
  if (it == attributes.end()) return std::nullopt;
  return it->second;
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) fail("cannot write " + path);
  out << content;
  if (!out.flush()) fail("error writing " + path);
}

}  // namespace

struct Row {
  std::string other, territory, type;
};

// The rows of windowsZones.json (cldr-core).
std::vector<Row> json_rows(const std::string& text) {
  std::vector<Row> rows;
  try {
    const nlohmann::json doc = nlohmann::json::parse(text);
    for (const auto& item : doc.at("supplemental").at("windowsZones").at("mapTimezones")) {
      const auto& zone = item.at("mapZone");
      rows.push_back({zone.at("_other").get<std::string>(), zone.at("_territory").get<std::string>(),
                      zone.at("_type").get<std::string>()});
    }
  } catch (const std::exception& e) {
    fail(std::string("windowsZones.json: ") + e.what());
  }
  return rows;
}

// The rows of windowsZones.xml.
std::vector<Row> xml_rows(const std::string& xml) {
  std::vector<Row> rows;
  constexpr std::string_view kTag = "<mapZone";
  for (std::size_t pos = xml.find(kTag); pos != std::string::npos; pos = xml.find(kTag, pos)) {
    const std::size_t begin = pos + kTag.size();
    const std::size_t end = xml.find('>', begin);
    if (end == std::string::npos) fail("unterminated <mapZone element");
    const auto attributes = parse_attributes(std::string_view(xml).substr(begin, end - begin));
    pos = end;
    const auto other = attributes.find("other");
    const auto territory = attributes.find("territory");
    const auto type = attributes.find("type");
    if (other == attributes.end() || territory == attributes.end() || type == attributes.end()) {
      fail("<mapZone> without other/territory/type");
    }
    rows.push_back({other->second, territory->second, type->second});
  }
  return rows;
}

int main(int argc, char** argv) {
  if (argc != 5) fail("usage: gen_windows_zones <windowsZones.json|windowsZones.xml> <version> <out.hpp> <out.cpp>");
  const std::string path = argv[1];
  const bool is_json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  const std::string text = read_file(path);
  const std::string xml = is_json ? std::string() : strip_comments(text);
  const std::vector<Row> rows = is_json ? json_rows(text) : xml_rows(xml);

  std::map<std::string, std::string> iana_to_windows;   // sorted by IANA id
  std::map<std::string, std::string> windows_primary;   // Windows id -> territory-001 IANA id
  for (const Row& row : rows) {
    const std::vector<std::string> zones = split_spaces(row.type);
    if (zones.empty()) fail("<mapZone> with an empty type for " + row.other);
    for (const std::string& zone : zones) {
      const auto [it, inserted] = iana_to_windows.emplace(zone, row.other);
      if (!inserted && it->second != row.other) {
        fail("IANA zone " + zone + " maps to both `" + it->second + "` and `" + row.other + "`");
      }
    }
    if (row.territory == "001") {
      if (zones.size() != 1) fail("territory 001 of `" + row.other + "` lists several zones");
      if (!windows_primary.emplace(row.other, zones.front()).second) {
        fail("two territory-001 rows for `" + row.other + "`");
      }
    }
  }
  if (iana_to_windows.empty()) fail(std::string("no mapZone rows in ") + argv[1]);
  for (const auto& [iana, windows] : iana_to_windows) {
    if (windows_primary.find(windows) == windows_primary.end()) fail("no territory-001 zone for `" + windows + "`");
  }

  const std::string given_version = argv[2];
  const std::string type_version =
      !given_version.empty() ? given_version : attribute_of_element(xml, "mapTimezones", "typeVersion").value_or("");
  const std::string other_version =
      is_json ? std::string() : attribute_of_element(xml, "mapTimezones", "otherVersion").value_or("");

  std::ostringstream hpp;
  hpp << "#pragma once\n"
         "// GENERATED by compiler/schedule/tz/gen_windows_zones.cpp from CLDR's Windows zone map. Do not edit.\n"
         "#include <span>\n"
         "#include <string_view>\n\n"
         "namespace schedc::schedule::tz::generated {\n\n"
         "struct IanaToWindows {\n"
         "  std::string_view iana;     // as written in CLDR (may be an old alias such as Asia/Calcutta)\n"
         "  std::string_view windows;  // Windows zone id\n"
         "};\n\n"
         "struct WindowsToIana {\n"
         "  std::string_view windows;  // Windows zone id\n"
         "  std::string_view iana;     // its territory-001 IANA zone, as written in CLDR\n"
         "};\n\n"
         "// Sorted by `iana` (byte order), unique.\n"
         "std::span<const IanaToWindows> iana_to_windows() noexcept;\n"
         "// Sorted by `windows` (byte order), unique.\n"
         "std::span<const WindowsToIana> windows_to_iana() noexcept;\n"
         "// The CLDR version the tables were generated from (cldr-core's version, or windowsZones.xml's typeVersion)\n"
         "// and the XML's otherVersion (empty for cldr-core).\n"
         "std::string_view cldr_type_version() noexcept;\n"
         "std::string_view cldr_other_version() noexcept;\n\n"
         "}  // namespace schedc::schedule::tz::generated\n";

  std::ostringstream cpp;
  cpp << "// GENERATED by compiler/schedule/tz/gen_windows_zones.cpp from CLDR's Windows zone map. Do not edit.\n"
         "#include \"schedule/windows_zones_data.hpp\"\n\n"
         "#include <algorithm>\n"
         "#include <array>\n\n"
         "namespace schedc::schedule::tz::generated {\n"
         "namespace {\n\n"
      << "constexpr std::array<IanaToWindows, " << iana_to_windows.size() << "> kIanaToWindows{{\n";
  for (const auto& [iana, windows] : iana_to_windows) {
    cpp << "    {" << literal(iana) << ", " << literal(windows) << "},\n";
  }
  cpp << "}};\n\n"
      << "constexpr std::array<WindowsToIana, " << windows_primary.size() << "> kWindowsToIana{{\n";
  for (const auto& [windows, iana] : windows_primary) {
    cpp << "    {" << literal(windows) << ", " << literal(iana) << "},\n";
  }
  cpp << "}};\n\n"
         "static_assert(std::is_sorted(kIanaToWindows.begin(), kIanaToWindows.end(),\n"
         "                             [](const auto& a, const auto& b) { return a.iana < b.iana; }));\n"
         "static_assert(std::is_sorted(kWindowsToIana.begin(), kWindowsToIana.end(),\n"
         "                             [](const auto& a, const auto& b) { return a.windows < b.windows; }));\n\n"
         "}  // namespace\n\n"
         "std::span<const IanaToWindows> iana_to_windows() noexcept { return kIanaToWindows; }\n"
         "std::span<const WindowsToIana> windows_to_iana() noexcept { return kWindowsToIana; }\n"
      << "std::string_view cldr_type_version() noexcept { return " << literal(type_version) << "; }\n"
      << "std::string_view cldr_other_version() noexcept { return " << literal(other_version) << "; }\n\n"
      << "}  // namespace schedc::schedule::tz::generated\n";

  write_file(argv[3], hpp.str());
  write_file(argv[4], cpp.str());
  return 0;
}

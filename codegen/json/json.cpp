#include "codegen/json/json.hpp"

#include <vector>

namespace schedc::codegen::json {
namespace {

constexpr auto npos = std::string_view::npos;

// `value` dumped with a final newline. Serialized into a buffer of this thread that keeps its capacity, then copied
// out at its exact size: a string grown while serializing is reallocated at every doubling, and with glibc every
// request past 1 KiB consolidates the chunks freed by the trees (a profile of a 10,000-model build spent a fifth of
// its time in the allocator).
std::string dumped_with_final_newline(const Json& value, unsigned indent, char indent_char) {
  thread_local std::string buffer;
  buffer.clear();
  append_dump(buffer, value, indent, indent_char);
  buffer += '\n';
  return buffer;
}

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (std::size_t hit = text.find(from); hit != npos; hit = text.find(from, pos)) {
    out.append(text.substr(pos, hit - pos)).append(to);
    pos = hit + from.size();
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace

Json object(std::size_t members) {
  Json out = Json::object();
  out.get_ref<Json::object_t&>().reserve(members);
  return out;
}

void append(Json& object, std::string key, Json value) {
  // ordered_json's object_t (nlohmann::ordered_map) is a std::vector of (key, value) pairs.
  auto& members = object.get_ref<Json::object_t&>();
  static_cast<std::vector<Json::object_t::value_type>&>(members).emplace_back(std::move(key), std::move(value));
}

void append_dump(std::string& out, const Json& value, unsigned indent, char indent_char, unsigned current_indent) {
  // The serializer basic_json::dump() itself uses, given our string as its output and the indentation the value
  // starts at. It is in nlohmann::detail, outside the documented API: a version that changed it would fail to
  // compile here, or the golden tests.
  nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char, std::string>(out), indent_char,
                                                Json::error_handler_t::strict);
  serializer.dump(value, true, false, indent, current_indent);
}

std::string dump_adf(const Json& value) {
  // As ADF Studio writes its git files: tabs, and no final newline.
  std::string out = dumped_with_final_newline(value, 1, '\t');
  out.pop_back();
  return out;
}

std::string dump(const Json& value, unsigned indent) { return dumped_with_final_newline(value, indent, ' '); }

std::string adf_literal(std::string_view text) {
  const bool leading_at = !text.empty() && text.front() == '@';
  if (!leading_at) {
    if (text.find("@{") == npos) return std::string(text);
    if (text.find("@@") == npos) return replace_all(text, "@{", "@@{");
  } else if (text.find("@{", 1) == npos) {
    return "@" + std::string(text);
  }
  return "@" + adf_quote(text);
}

std::string adf_quote(std::string_view text) { return "'" + replace_all(text, "'", "''") + "'"; }

bool adf_interpolation_safe(std::string_view text, bool at_string_start, bool before_expression) {
  for (std::size_t i = text.find('@'); i != npos; i = text.find('@', i + 1)) {
    const bool first = i == 0, last = i + 1 == text.size();
    if ((first && at_string_start) || (last && before_expression) || (!last && text[i + 1] == '@')) return false;
  }
  return true;
}

std::string adf_interpolated_text(std::string_view text) { return replace_all(text, "@{", "@@{"); }

std::string arm_literal(std::string_view text) {
  const bool looks_like_expression = !text.empty() && text.front() == '[' && text.back() == ']';
  return looks_like_expression ? "[" + std::string(text) : std::string(text);
}

}  // namespace schedc::codegen::json

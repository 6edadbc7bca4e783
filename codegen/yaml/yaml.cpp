#include "codegen/yaml/yaml.hpp"

#include <cstdio>
#include <stdexcept>

namespace schedc::codegen::yaml {
namespace {

using json::Json;

// A JSON string is a YAML double-quoted scalar, except for characters that JSON leaves raw and YAML does not read
// back as themselves: DEL and the C1 controls are not printable in YAML (parsers refuse them), NEL (U+0085), LS and
// PS (U+2028, U+2029) are line breaks that a double-quoted scalar folds into a space, and U+FEFF (a byte-order mark),
// U+FFFE and U+FFFF are not allowed inside a document. Each becomes a \uXXXX escape.
std::string yaml_escapes(std::string text) {
  std::string out;
  bool changed = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    unsigned code = 0;
    std::size_t len = 0;
    if (c == 0x7F) {
      code = 0x7F, len = 1;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      code = static_cast<unsigned char>(text[i + 1]), len = 2;
    } else if (c == 0xE2 && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      code = 0x2000u + static_cast<unsigned char>(text[i + 2]) - 0x80u, len = 3;
    } else if (c == 0xEF && i + 2 < text.size() &&
               ((text[i + 1] == '\xBB' && text[i + 2] == '\xBF') ||
                (text[i + 1] == '\xBF' && (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')))) {
      code = text[i + 1] == '\xBB' ? 0xFEFFu : 0xFFC0u + static_cast<unsigned char>(text[i + 2]) - 0x80u, len = 3;
    }
    if (len == 0) {
      if (changed) out += text[i];
      continue;
    }
    if (!changed) out.assign(text, 0, i), changed = true;
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\u%04X", code);
    out += buffer;
    i += len - 1;
  }
  return changed ? out : text;
}

std::string scalar(const Json& value) {
  if (value.is_object()) return "{}";  // only called for empty containers and scalars
  if (value.is_array()) return "[]";
  return yaml_escapes(value.dump(-1, ' ', false, Json::error_handler_t::strict));
}

bool plain_key(const std::string& key) {
  if (key.empty()) return false;
  const auto start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!start(key.front())) return false;
  for (char c : key)
    if (!start(c) && !(c >= '0' && c <= '9') && c != '.' && c != '-') return false;
  return true;
}

std::string key_text(const std::string& key) { return plain_key(key) ? key : scalar(Json(key)); }

bool nested(const Json& value) { return (value.is_object() || value.is_array()) && !value.empty(); }

void emit(const Json& value, std::size_t indent, std::string& out);

void emit_mapping(const Json& value, std::size_t indent, std::string& out) {
  const std::string pad(indent, ' ');
  for (const auto& [key, item] : value.items()) {
    out += pad + key_text(key) + ":";
    if (nested(item)) {
      out += "\n";
      emit(item, indent + 2, out);
    } else {
      out += " " + scalar(item) + "\n";
    }
  }
}

void emit_sequence(const Json& value, std::size_t indent, std::string& out) {
  const std::string pad(indent, ' ');
  for (const auto& item : value) {
    if (item.is_object() && !item.empty()) {
      // "- first: ..." then the other keys aligned under "first".
      std::string body;
      emit_mapping(item, indent + 2, body);
      out += pad + "- " + body.substr(indent + 2);
    } else if (nested(item)) {
      out += pad + "-\n";
      emit(item, indent + 2, out);
    } else {
      out += pad + "- " + scalar(item) + "\n";
    }
  }
}

void emit(const Json& value, std::size_t indent, std::string& out) {
  if (value.is_object()) emit_mapping(value, indent, out);
  else emit_sequence(value, indent, out);
}

}  // namespace

std::string dump(const Json& value) {
  if (!value.is_object()) throw std::logic_error("yaml: a document must be a mapping");
  std::string out;
  emit_mapping(value, 0, out);
  return out;
}

}  // namespace schedc::codegen::yaml

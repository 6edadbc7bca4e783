#include "codegen/yaml/yaml.hpp"

#include <stdexcept>

namespace schedc::codegen::yaml {
namespace {

using json::Json;

std::string scalar(const Json& value) {
  if (value.is_object()) return "{}";  // only called for empty containers and scalars
  if (value.is_array()) return "[]";
  return value.dump(-1, ' ', false, Json::error_handler_t::strict);
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

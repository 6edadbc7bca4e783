// ADF's ARM parameter definition applied to hand-written entities: see defined_parameters.hpp.
#include "compiler/adf_input/defined_parameters.hpp"

#include <cctype>

#include "compiler/adf_input/parameter_definition.hpp"
#include "compiler/diagnostics.hpp"

namespace schedc::adf_input {
namespace {

class Walker {
 public:
  Walker(const std::string& entity, std::vector<DefinedParameter>& out) : entity_(entity), out_(out) {
    names_ = {entity, "properties"};
  }

  // `definition` describes `value` (at `at`, named by names_).
  void apply(const Json& definition, const Json& value, const Json::json_pointer& at) {
    if (definition.is_string()) {
      parameter(definition.get_ref<const std::string&>(), value, at);
    } else if (definition.is_object() && value.is_object()) {
      for (auto it = definition.begin(); it != definition.end(); ++it) {
        if (it.key() == "*") continue;
        if (const auto member = value.find(it.key()); member != value.end()) descend(it.value(), *member, at, it.key(), it.key());
      }
      if (const auto any = definition.find("*"); any != definition.end())
        for (auto member = value.begin(); member != value.end(); ++member)
          if (!definition.contains(member.key())) descend(*any, member.value(), at, member.key(), member.key());
    } else if (definition.is_array() && !definition.empty() && value.is_array()) {
      // [definition, "path.to.name"]: every element, named by its value at the path (else its index).
      const Json& each = definition[0];
      const std::string path = definition.size() > 1 && definition[1].is_string() ? definition[1].get<std::string>() : "";
      for (std::size_t i = 0; i < value.size(); ++i) {
        std::string name = std::to_string(i);
        if (!path.empty()) {
          const Json* v = &value[i];
          std::size_t from = 0;
          while (v && from <= path.size()) {
            const auto dot = path.find('.', from);
            const std::string key = path.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
            const auto next = v->is_object() ? v->find(key) : v->end();
            v = v->is_object() && next != v->end() ? &*next : nullptr;
            if (dot == std::string::npos) break;
            from = dot + 1;
          }
          if (v && v->is_string()) name = v->get<std::string>();
        }
        // The element replaces the array's key in the names (`<trigger>_properties_<pipeline>_parameters_<p>`).
        const std::string key = names_.back();
        names_.back() = name;
        apply(each, value[i], at / i);
        names_.back() = key;
      }
    }
  }

 private:
  void descend(const Json& definition, const Json& value, const Json::json_pointer& at, const std::string& key,
               const std::string& name) {
    names_.push_back(name);
    apply(definition, value, at / key);
    names_.pop_back();
  }

  void parameter(const std::string& text, const Json& value, const Json::json_pointer& at) {
    std::string why;
    const auto action = parse_parameter_action(text, why);
    if (!action) return;
    // A secret (`|`) that is a Key Vault reference is read from the vault at run time: left as written.
    if (action->action == '|' && !value.is_string()) return;
    std::string name;
    if (action->name.empty()) {
      name = join(names_.size());
    } else if (action->name[0] == '-') {
      name = entity_ + "_" + action->name.substr(1);
    } else {
      name = join(names_.size() - 1) + "_" + action->name;
    }
    out_.push_back(DefinedParameter{at, parameter_name_of(name), action->type, action->action == '='});
  }

  std::string join(std::size_t count) const {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out += (i ? "_" : "") + names_[i];
    return out;
  }

  const std::string& entity_;
  std::vector<DefinedParameter>& out_;
  std::vector<std::string> names_;
};

}  // namespace

std::string parameter_name_of(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte: its code point is already replaced
    out += std::isalnum(byte) != 0 && byte < 0x80 ? c : '_';
  }
  return out;
}

std::vector<DefinedParameter> defined_parameters(const Json& definition, const std::string& kind,
                                                 const std::string& entity_name, const Json& properties) {
  std::vector<DefinedParameter> out;
  if (!definition.is_object()) return out;
  const std::string wanted = lower_ascii("Microsoft.DataFactory/factories/" + kind);
  const Json* of_kind = nullptr;
  for (auto it = definition.begin(); it != definition.end(); ++it)
    if (lower_ascii(it.key()) == wanted) of_kind = &it.value();
  if (!of_kind || !of_kind->is_object()) return out;
  // Linked services and datasets: the object of their `type`, else `*`.
  if (kind == "linkedServices" || kind == "datasets") {
    const auto type = properties.find("type");
    const Json* chosen = nullptr;
    if (type != properties.end() && type->is_string())
      if (const auto specific = of_kind->find(type->get<std::string>()); specific != of_kind->end()) chosen = &*specific;
    if (!chosen)
      if (const auto any = of_kind->find("*"); any != of_kind->end()) chosen = &*any;
    if (!chosen || !chosen->is_object()) return out;
    of_kind = chosen;
  }
  const auto props = of_kind->find("properties");
  if (props == of_kind->end()) return out;
  Walker(entity_name, out).apply(*props, properties, Json::json_pointer());
  return out;
}

}  // namespace schedc::adf_input

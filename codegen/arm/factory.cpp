#include "codegen/arm/factory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <utility>

#include "codegen/adf/adf.hpp"
#include "codegen/arm/template.hpp"
#include "compiler/parallel.hpp"

namespace schedc::codegen::arm {
namespace {

// The ARM resource kind of each git-layout folder, in the template's resource order.
struct KindInfo {
  std::string_view folder;
  std::string_view kind;
};
constexpr KindInfo kKinds[] = {
    {"linkedService", "linkedServices"},
    {"dataset", "datasets"},
    {"pipeline", "pipelines"},
    {"trigger", "triggers"},
};

std::size_t kind_rank(const std::string& folder) {
  for (std::size_t i = 0; i < std::size(kKinds); ++i)
    if (kKinds[i].folder == folder) return i;
  throw std::logic_error("arm: unknown entity folder '" + folder + "'");
}

// The entity kinds a reference names, by the reference's `type`.
const char* referenced_kind(const std::string& type) {
  if (type == "LinkedServiceReference") return "linkedServices";
  if (type == "DatasetReference") return "datasets";
  if (type == "PipelineReference") return "pipelines";
  return nullptr;
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Every character (UTF-8 code point) other than an ASCII letter, digit or '_' becomes one '_'.
std::string sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte: its code point is already replaced
    out += std::isalnum(byte) != 0 && byte < 0x80 ? c : '_';
  }
  return out;
}

const char* parameter_type(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string: return "string";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "int";
    case Json::value_t::boolean: return "bool";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    default: break;
  }
  throw std::logic_error(std::string("arm: a value that differs between environments has no ARM parameter type: ") +
                         value.dump());
}

void escape_in_place(Json& value) {
  if (value.is_string()) {
    auto& text = value.get_ref<std::string&>();
    if (!text.empty() && text.front() == '[' && text.back() == ']') text = json::arm_literal(text);
  } else if (value.is_structured()) {
    for (auto& member : value) escape_in_place(member);
  }
}

// The characters at which parameter() and aligned_parts() may cut a string.
constexpr auto kDelimiters = [] {
  std::array<bool, 256> table{};
  for (char c : std::string_view("/.:-_@{}()[],'\" =?&# ")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// A value that differs between environments, as compare() finds it: what replaces the git environment's value once
// its parameters are named (Parameterizer::apply). Finding differences needs no shared state, so entities are
// compared in parallel; naming parameters is sequential (they are shared and named in order of first use) and cheap.
struct Slot {                 // one parameters('...') call
  std::vector<Json> values;   // its value in each environment
  std::string key;            // the values, as by_values_ keys them
};
struct Difference {
  Json* target;               // the git environment's value, replaced in place
  std::string base;           // the name a new parameter takes: the value's path, sanitized
  // The replacement: "[parameters('p')]" for the one slot when `texts` is empty; otherwise
  // "[concat(" texts[0] parameters('p0') texts[1] ... parameters('pn') texts[n+1] ")]".
  std::vector<std::string> texts;
  std::vector<Slot> slots;
  std::optional<Slot> whole;  // when the concat() could be too long for ARM: the whole value's slot instead
};

std::string values_key(const std::vector<const Json*>& values) {
  std::string key;  // each value as <length>:<text> of a string or <length>;<JSON> of another value
  for (const Json* v : values) {
    const std::string text = v->is_string() ? std::string() : v->dump();
    const std::string& part = v->is_string() ? v->get_ref<const std::string&>() : text;
    key += fmt::format("{}{}", part.size(), v->is_string() ? ':' : ';');
    key += part;
  }
  return key;
}

Slot make_slot(std::vector<Json> values) {
  std::vector<const Json*> pointers;
  for (const auto& v : values) pointers.push_back(&v);
  std::string key = values_key(pointers);
  return Slot{std::move(values), std::move(key)};
}

Slot slot_of(const std::vector<Json*>& values) {
  std::vector<Json> copies;
  copies.reserve(values.size());
  for (const Json* v : values) copies.push_back(*v);
  return make_slot(std::move(copies));
}

// ARM rejects expressions over 24,576 characters.
constexpr std::size_t kMaxExpression = 24576;

// Compares one entity's properties in every environment (`values[e]`): ARM-escapes, in place, the literal strings
// of the git environment's that are the same everywhere, and returns the values that differ, in document order.
// In place: no second tree is built (codegen is on the hot path at scale).
class Comparer {
 public:
  Comparer(std::size_t git_index, const std::string& resource_name) : git_(git_index) {
    path_.push_back(Segment{&resource_name, 0});
    path_.push_back(Segment{&kProperties, 0});
  }

  std::vector<Difference> compare(std::vector<Json*>& values) {
    walk(values);
    return std::move(differences_);
  }

 private:
  // Whether every value is an object with the keys of the first; `in_order` tells whether they also come in the
  // same order (as builds of one entity do), so that members are matched by position: ordered_json finds a key by
  // a linear search, which made objects of many members quadratic.
  static bool same_keys(const std::vector<Json*>& values, bool& in_order) {
    const Json& first = *values.front();
    in_order = true;
    for (const Json* v : values) {
      if (!v->is_object() || v->size() != first.size()) return false;
      bool ordered = true;
      for (auto a = first.begin(), b = v->begin(); ordered && a != first.end(); ++a, ++b) ordered = a.key() == b.key();
      if (ordered) continue;
      in_order = false;
      for (auto it = first.begin(); it != first.end(); ++it)
        if (!v->contains(it.key())) return false;
    }
    return true;
  }

  static bool same_length(const std::vector<Json*>& values) {
    const Json& first = *values.front();
    return std::all_of(values.begin(), values.end(),
                       [&](const Json* v) { return v->is_array() && v->size() == first.size(); });
  }

  static bool all_equal(const std::vector<Json*>& values) {
    return std::all_of(values.begin(), values.end(), [&](const Json* v) { return *v == *values.front(); });
  }

  void walk(std::vector<Json*>& values) {
    Json& git = *values[git_];
    std::vector<Json*> members(values.size());
    bool in_order = false;
    if (git.is_object() && same_keys(values, in_order)) {
      std::vector<Json::iterator> position;  // each value's member at `it`, when the keys are in the same order
      if (in_order)
        for (Json* v : values) position.push_back(v->begin());
      for (auto it = git.begin(); it != git.end(); ++it) {
        for (std::size_t e = 0; e < values.size(); ++e)
          members[e] = e == git_ ? &it.value() : in_order ? &position[e].value() : &values[e]->at(it.key());
        path_.push_back(Segment{&it.key(), 0});
        walk(members);
        path_.pop_back();
        for (auto& p : position) ++p;
      }
    } else if (git.is_array() && same_length(values)) {
      for (std::size_t i = 0; i < git.size(); ++i) {
        for (std::size_t e = 0; e < values.size(); ++e) members[e] = &(*values[e])[i];
        path_.push_back(Segment{nullptr, i});
        walk(members);
        path_.pop_back();
      }
    } else if (all_equal(values)) {
      escape_in_place(git);
    } else {
      differences_.push_back(difference(values));
    }
  }

  // A differing value becomes a parameter. Values with the same per-environment values share one parameter, and a
  // string that differs only in its middle keeps its common beginning and end literal:
  //   "https://contosolakedd.blob.core.windows.net/ops/x"  ->  "[concat('https://', parameters('p'), '.blob...')]"
  // where p is "contosolakedd" in dd and "contosolakeqa" in qa. The cut is made only next to a delimiter, so the
  // parameter holds a whole token (an account name, an id, an environment name). A factory of any size then needs
  // only about as many parameters as it has per-environment values in its sources (ARM allows 256).
  Difference difference(const std::vector<Json*>& values) {
    Difference out{values[git_], base_name(), {}, {}, std::nullopt};
    if (!std::all_of(values.begin(), values.end(), [](const Json* v) { return v->is_string(); })) {
      out.slots.push_back(slot_of(values));
      return out;
    }
    if (aligned_parts(values, out)) return out;
    std::size_t prefix = common_prefix(values), suffix = common_suffix(values, prefix);
    if (prefix == 0 && suffix == 0) {
      out.slots.push_back(slot_of(values));
      return out;
    }
    const std::string& git_text = values[git_]->get_ref<const std::string&>();
    std::vector<Json> middles;
    for (const Json* v : values) {
      const auto& text = v->get_ref<const std::string&>();
      middles.emplace_back(text.substr(prefix, text.size() - prefix - suffix));
    }
    out.texts.push_back(prefix ? arm_quote(git_text.substr(0, prefix)) + ", " : "");
    out.texts.push_back(suffix ? ", " + arm_quote(git_text.substr(git_text.size() - suffix)) : "");
    out.slots.push_back(make_slot(std::move(middles)));
    out.whole = slot_of(values);  // should the concat() be longer than ARM allows
    return out;
  }

  // The parameter name of the current path: the resource's name, "properties", and every key or index below.
  std::string base_name() const {
    std::string base;
    for (const auto& segment : path_)
      base += (base.empty() ? "" : "_") + (segment.key ? *segment.key : std::to_string(segment.index));
    return sanitize(base);
  }

  static bool is_delimiter(char c) { return kDelimiters[static_cast<unsigned char>(c)]; }

  // `text` as tokens: each delimiter alone, and each maximal run of other characters (a word).
  static std::vector<std::string_view> tokens(std::string_view text) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < text.size();) {
      std::size_t j = i + 1;
      if (!is_delimiter(text[i]))
        while (j < text.size() && !is_delimiter(text[j])) ++j;
      out.push_back(text.substr(i, j - i));
      i = j;
    }
    return out;
  }

  // A string in which several parts differ, such as a URL holding a workspace's host and an environment's name:
  //   "https://adb-111.11.azuredatabricks.net/api/2.1/jobs/list?name=churn_dd"
  //   -> "[concat('https://adb-', parameters('a'), '.azuredatabricks.net/api/2.1/jobs/list?name=churn_',
  //               parameters('b'))]"
  // Each part is a parameter of its own, so it is shared with every other value that differs in the same way (one
  // parameter per workspace host and one per environment name, not one per model). This applies when every value has
  // the same delimiters in the same places and only words differ; a part is a run of differing words, joined across
  // a single delimiter ("111.11"). False when fewer than two parts differ: difference() then cuts one middle, which
  // gives the same single part.
  bool aligned_parts(const std::vector<Json*>& values, Difference& out) const {
    const std::string& git_text = values[git_]->get_ref<const std::string&>();
    constexpr std::size_t kMaxAligned = 16384;  // far below ARM's 24,576 characters per expression
    if (git_text.size() > kMaxAligned) return false;
    std::vector<std::vector<std::string_view>> split;
    for (const Json* v : values) split.push_back(tokens(v->get_ref<const std::string&>()));
    const auto& git_tokens = split[git_];
    std::vector<bool> differs(git_tokens.size(), false);
    for (const auto& other : split) {
      if (other.size() != git_tokens.size()) return false;
      for (std::size_t t = 0; t < git_tokens.size(); ++t) {
        if (other[t] == git_tokens[t]) continue;
        if (is_delimiter(other[t].front()) || is_delimiter(git_tokens[t].front())) return false;
        differs[t] = true;
      }
    }
    // The differing parts, as [begin, end) token ranges.
    std::vector<std::pair<std::size_t, std::size_t>> parts;
    for (std::size_t t = 0; t < git_tokens.size(); ++t) {
      if (!differs[t]) continue;
      if (!parts.empty() && parts.back().second + 1 == t) {
        parts.back().second = t + 1;  // joined across the one delimiter between
      } else {
        parts.emplace_back(t, t + 1);
      }
      while (parts.back().second < git_tokens.size() && differs[parts.back().second]) ++parts.back().second;
      t = parts.back().second - 1;
    }
    if (parts.size() < 2) return false;
    auto join = [](const std::vector<std::string_view>& tokens, std::size_t begin, std::size_t end) {
      std::string joined;
      for (std::size_t t = begin; t < end; ++t) joined.append(tokens[t]);
      return joined;
    };
    std::string text;  // the expression text before the next slot
    std::size_t literal_begin = 0;
    for (const auto& [begin, end] : parts) {
      if (begin > literal_begin) text += arm_quote(join(git_tokens, literal_begin, begin)) + ", ";
      out.texts.push_back(std::move(text));
      text.clear();
      std::vector<Json> middles;
      for (const auto& value_tokens : split) middles.emplace_back(join(value_tokens, begin, end));
      out.slots.push_back(make_slot(std::move(middles)));
      literal_begin = end;
      if (literal_begin < git_tokens.size()) text += ", ";
    }
    if (literal_begin < git_tokens.size()) text += arm_quote(join(git_tokens, literal_begin, git_tokens.size()));
    out.texts.push_back(std::move(text));
    return true;
  }

  // The longest common beginning of every value that ends right after a delimiter.
  static std::size_t common_prefix(const std::vector<Json*>& values) {
    const auto& first = values.front()->get_ref<const std::string&>();
    std::size_t n = first.size();
    for (const Json* v : values) {
      const auto& text = v->get_ref<const std::string&>();
      std::size_t i = 0;
      while (i < n && i < text.size() && text[i] == first[i]) ++i;
      n = i;
    }
    while (n > 0 && !is_delimiter(first[n - 1])) --n;
    return n;
  }

  // The longest common end (not overlapping the prefix in any value) that starts with a delimiter.
  static std::size_t common_suffix(const std::vector<Json*>& values, std::size_t prefix) {
    const auto& first = values.front()->get_ref<const std::string&>();
    std::size_t n = first.size() - prefix;
    for (const Json* v : values) {
      const auto& text = v->get_ref<const std::string&>();
      std::size_t i = 0;
      while (i < n && i + prefix < text.size() && text[text.size() - 1 - i] == first[first.size() - 1 - i]) ++i;
      n = i;
    }
    while (n > 0 && !is_delimiter(first[first.size() - n])) --n;
    return n;
  }

  std::size_t git_;
  // Where the walk is: the resource's name, "properties", then a key or an array index per level. Parameters are
  // named after it; it refers to the keys in the trees rather than copying them, as most values never need it.
  struct Segment {
    const std::string* key;  // null for an array element
    std::size_t index;
  };
  static inline const std::string kProperties = "properties";
  std::vector<Segment> path_;
  std::vector<Difference> differences_;
};

// Turns an entity's differences into parameters, in order: a slot whose values an earlier one had shares its
// parameter, any other gets a new one (named `environment` when its values are the environments' names).
class Parameterizer {
 public:
  Parameterizer(Factory& factory, std::set<std::string>& used_names, std::size_t git_index)
      : factory_(factory), used_names_(used_names), git_(git_index) {}

  void apply(Resource& resource, std::vector<Difference>& differences) {
    for (auto& difference : differences) *difference.target = replacement(resource, difference);
  }

 private:
  Json replacement(Resource& resource, Difference& difference) {
    if (difference.whole) {  // one middle: a concat() longer than ARM allows makes the whole value the parameter
      const std::size_t size = std::string_view("[concat(parameters(''))]").size() + difference.texts[0].size() +
                               name_for(difference.slots[0], difference.base).size() + difference.texts[1].size();
      if (size > kMaxExpression) return "[" + call(resource, *difference.whole, difference.base) + "]";
    }
    if (difference.texts.empty()) return "[" + call(resource, difference.slots.front(), difference.base) + "]";
    std::string expr = "[concat(" + difference.texts.front();
    for (std::size_t i = 0; i < difference.slots.size(); ++i)
      expr += call(resource, difference.slots[i], difference.base) + difference.texts[i + 1];
    return expr + ")]";
  }

  // Whether each value is the name of its environment (`{env.name}` in a string, or a value that follows it).
  bool environment_names(const std::vector<Json>& values) const {
    if (values.size() != factory_.environments.size()) return false;
    for (std::size_t e = 0; e < values.size(); ++e)
      if (!values[e].is_string() || values[e].get_ref<const std::string&>() != factory_.environments[e].name) return false;
    return true;
  }

  // The name of the slot's parameter: the existing parameter with exactly its values, or the name a new one takes
  // (`base_name`, or `environment`, with the first free suffix _2, _3, ...).
  std::string name_for(const Slot& slot, const std::string& base_name) const {
    if (auto found = by_values_.find(slot.key); found != by_values_.end()) return factory_.parameters[found->second].name;
    const std::string base = environment_names(slot.values) ? "environment" : base_name;
    std::string name = base;
    for (int n = 2; reserved_parameter_name(name) || used_names_.count(lower(name)) != 0; ++n)
      name = fmt::format("{}_{}", base, n);
    return name;
  }

  // "parameters('p')" for the slot, whose parameter is added when it is new.
  std::string call(Resource& resource, Slot& slot, const std::string& base_name) {
    auto found = by_values_.find(slot.key);
    std::size_t index = 0;
    if (found != by_values_.end()) {
      index = found->second;
    } else {
      std::string name = name_for(slot, base_name);
      used_names_.insert(lower(name));
      const char* type = parameter_type(slot.values[git_]);
      Json git_value = slot.values[git_];
      index = factory_.parameters.size();
      factory_.parameters.push_back(Parameter{name, type, std::move(git_value), std::move(slot.values)});
      by_values_.emplace(std::move(slot.key), index);
    }
    auto& used = resource.parameters;
    if (std::find(used.begin(), used.end(), index) == used.end()) used.push_back(index);
    return "parameters('" + factory_.parameters[index].name + "')";
  }

  Factory& factory_;
  std::map<std::string, std::size_t> by_values_;  // Slot::key -> parameter index
  std::set<std::string>& used_names_;
  std::size_t git_;
};

// Every (kind, name) the value references through a LinkedServiceReference, DatasetReference or PipelineReference.
void collect_references(const Json& value, std::set<std::pair<std::string, std::string>>& out) {
  if (value.is_object()) {
    const auto type = value.find("type");
    const auto name = value.find("referenceName");
    if (type != value.end() && name != value.end() && type->is_string() && name->is_string())
      if (const char* kind = referenced_kind(type->get_ref<const std::string&>()))
        out.emplace(kind, name->get_ref<const std::string&>());
    for (const auto& member : value) collect_references(member, out);
  } else if (value.is_array()) {
    for (const auto& item : value) collect_references(item, out);
  }
}

using Entities = std::vector<AdfEntity>;

// The template's order of entities (AdfEntity, AdfEntityPlan): by kind (kKinds), then name.
template <class Entity>
bool in_template_order(const Entity& a, const Entity& b) {
  return std::make_tuple(kind_rank(a.folder), std::cref(a.name)) < std::make_tuple(kind_rank(b.folder), std::cref(b.name));
}

// Puts the entities in the template's order and removes the triggers' runtimeState.
void prepare(Entities& entities) {
  for (auto& entity : entities)
    if (entity.folder == "trigger") entity.properties.erase("runtimeState");
  std::stable_sort(entities.begin(), entities.end(), in_template_order<AdfEntity>);
}

using ResourceIndex = std::map<std::pair<std::string, std::string>, std::size_t>;  // (kind, name) -> resource

// One resource without properties per entity (in the template's order already), and their index.
template <class Entity>
ResourceIndex add_resources(Factory& factory, const std::vector<Entity>& entities) {
  ResourceIndex index;
  for (const auto& entity : entities) {
    const std::string kind(kKinds[kind_rank(entity.folder)].kind);
    index.emplace(std::make_pair(kind, entity.name), factory.resources.size());
    factory.resources.push_back(Resource{kind, entity.name, Json(), {}, {}});
  }
  return index;
}

}  // namespace

bool reserved_parameter_name(const std::string& name) {
  const std::string l = lower(name);
  return l == "factoryname" || l == "containeruri" || l == "containersastoken";
}

std::string arm_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string resource_id(const Resource& resource) {
  return "[concat(variables('factoryId'), " + arm_quote("/" + resource.kind + "/" + resource.name) + ")]";
}

std::string resource_name(const Resource& resource) {
  return "[concat(parameters('factoryName'), " + arm_quote("/" + resource.name) + ")]";
}

Json arm_escaped(const Json& value) {
  if (value.is_string()) return json::arm_literal(value.get_ref<const std::string&>());
  if (value.is_object()) {
    Json out = Json::object();
    for (auto it = value.begin(); it != value.end(); ++it) out[it.key()] = arm_escaped(it.value());
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& item : value) out.push_back(arm_escaped(item));
    return out;
  }
  return value;
}

namespace {

std::vector<Environment> declared_environments(const ir::Project& project) {
  std::vector<Environment> environments;
  for (const auto& env : project.environments)
    environments.push_back(Environment{env.name, env.factory, env.triggers_started});
  std::sort(environments.begin(), environments.end(),
            [](const Environment& a, const Environment& b) { return a.name < b.name; });
  return environments;
}

// The resource's dependencies: every other resource its (git environment's) properties reference, sorted by id.
void set_depends_on(Factory& factory, std::size_t i, const Json& properties, const ResourceIndex& index) {
  Resource& resource = factory.resources[i];
  std::set<std::pair<std::string, std::string>> references;
  collect_references(properties, references);
  for (const auto& reference : references) {
    const auto found = index.find(reference);
    if (found != index.end() && found->second != i) resource.depends_on.push_back(found->second);
  }
  std::sort(resource.depends_on.begin(), resource.depends_on.end(), [&](std::size_t a, std::size_t b) {
    return resource_id(factory.resources[a]) < resource_id(factory.resources[b]);
  });
}

}  // namespace

Factory build_factory_streaming(const ir::Project& project, std::vector<std::string>& heads, FileSink* adf_files) {
  Factory factory;
  factory.environments = declared_environments(project);
  std::vector<std::string> names;
  for (const auto& env : factory.environments) names.push_back(env.name);
  if (names.empty()) names.push_back("");
  const std::string git_env = project.git_env();
  const auto git_it = std::find(names.begin(), names.end(), git_env);
  if (git_it == names.end()) throw std::logic_error("arm: the git environment '" + git_env + "' is not declared");
  const auto git = static_cast<std::size_t>(git_it - names.begin());
  if (!factory.environments.empty()) factory.git_factory = factory.environments[git].factory;

  auto plans = adf_entity_plans(project);
  std::stable_sort(plans.begin(), plans.end(), in_template_order<AdfEntityPlan>);
  const ResourceIndex index = add_resources(factory, plans);
  heads.assign(plans.size(), std::string());

  std::set<std::string> used_names;
  Parameterizer parameterizer(factory, used_names, git);
  // Entities are built, compared and serialized a chunk at a time: the builds and comparisons of a chunk in
  // parallel, the naming of parameters in order (they are shared and named in order of first use), the
  // serialization in parallel.
  constexpr std::size_t kChunk = 256;
  std::vector<Json> builds;                          // the git environment's build of each entity of the chunk
  std::vector<std::vector<Difference>> differences;  // and where the other environments' builds differ from it
  for (std::size_t start = 0; start < plans.size(); start += kChunk) {
    const std::size_t count = std::min(kChunk, plans.size() - start);
    builds.assign(count, Json());
    differences.assign(count, {});
    parallel_for(count, [&](std::size_t k) {
      const std::size_t i = start + k;
      const AdfEntityPlan& plan = plans[i];
      // The git environment's build goes straight to builds[k], where the differences found in it stay valid;
      // the others' end with the comparison.
      std::vector<Json> others(names.size());
      for (std::size_t e = 0; e < names.size(); ++e) (e == git ? builds[k] : others[e]) = plan.build(names[e]);
      std::vector<Json*> values;
      for (std::size_t e = 0; e < names.size(); ++e) values.push_back(e == git ? &builds[k] : &others[e]);
      if (adf_files) adf_files->add(adf_file(plan.folder, plan.type, plan.name, builds[k]));
      if (plan.folder == "trigger")
        for (Json* properties : values) properties->erase("runtimeState");  // ARM cannot set it
      set_depends_on(factory, i, builds[k], index);
      if (names.size() == 1) {
        escape_in_place(builds[k]);
      } else {
        differences[k] = Comparer(git, factory.resources[i].name).compare(values);
      }
    });
    for (std::size_t k = 0; k < count; ++k) {
      Resource& resource = factory.resources[start + k];
      parameterizer.apply(resource, differences[k]);
      resource.properties = std::move(builds[k]);
    }
    parallel_for(count, [&](std::size_t k) { heads[start + k] = resource_head(factory.resources[start + k]); });
  }
  return factory;
}

Factory build_factory(std::vector<Environment> environments, std::size_t git_index,
                      std::vector<std::vector<AdfEntity>> builds) {
  Factory factory;
  factory.environments = std::move(environments);
  if (builds.size() != std::max<std::size_t>(factory.environments.size(), 1) || git_index >= builds.size())
    throw std::logic_error("arm: not one build per environment");
  if (!factory.environments.empty()) factory.git_factory = factory.environments[git_index].factory;
  for (auto& entities : builds) prepare(entities);
  const Entities& git = builds[git_index];
  for (const auto& entities : builds) {
    bool same = entities.size() == git.size();
    for (std::size_t i = 0; same && i < git.size(); ++i)
      same = entities[i].folder == git[i].folder && entities[i].name == git[i].name;
    if (!same) throw std::logic_error("arm: the environments do not generate the same factory entities");
  }

  const ResourceIndex index = add_resources(factory, git);

  std::set<std::string> used_names;
  Parameterizer parameterizer(factory, used_names, git_index);
  std::vector<Json*> values(builds.size());
  for (std::size_t i = 0; i < git.size(); ++i) {
    Resource& resource = factory.resources[i];
    set_depends_on(factory, i, git[i].properties, index);
    if (builds.size() == 1) {
      escape_in_place(builds[git_index][i].properties);
    } else {
      for (std::size_t e = 0; e < builds.size(); ++e) values[e] = &builds[e][i].properties;
      auto differences = Comparer(git_index, resource.name).compare(values);
      parameterizer.apply(resource, differences);
    }
    resource.properties = std::move(builds[git_index][i].properties);
  }
  return factory;
}

}  // namespace schedc::codegen::arm

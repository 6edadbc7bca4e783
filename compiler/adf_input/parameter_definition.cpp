// ADF's ARM parameter definition: see parameter_definition.hpp.
#include "compiler/adf_input/parameter_definition.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>

#include "compiler/diagnostics.hpp"
#include "compiler/json/reader.hpp"

namespace schedc::adf_input {

std::string_view default_parameter_definition() {
  // The properties ADF parameterises by default, written as schedc's data (the structure of Microsoft's documented
  // default template; the factory's own `location` is not a resource schedc deploys).
  static constexpr std::string_view kDefault = R"({
  "Microsoft.DataFactory/factories/globalparameters": {"properties": {"*": {"value": "="}}},
  "Microsoft.DataFactory/factories/pipelines": {},
  "Microsoft.DataFactory/factories/dataflows": {},
  "Microsoft.DataFactory/factories/integrationRuntimes": {
    "properties": {"typeProperties": {
      "ssisProperties": {
        "catalogInfo": {"catalogServerEndpoint": "=", "catalogAdminUserName": "=", "catalogAdminPassword": {"value": "-::secureString"}},
        "customSetupScriptProperties": {"sasToken": {"value": "-::secureString"}}
      },
      "linkedInfo": {"key": {"value": "-::secureString"}, "resourceId": "="},
      "computeProperties": {"dataFlowProperties": {"externalComputeInfo": [{"accessToken": "-::secureString"}]}}
    }}
  },
  "Microsoft.DataFactory/factories/triggers": {
    "properties": {
      "pipelines": [{"parameters": {"*": "="}}, "pipelineReference.referenceName"],
      "pipeline": {"parameters": {"*": "="}},
      "typeProperties": {"scope": "="}
    }
  },
  "Microsoft.DataFactory/factories/linkedServices": {
    "*": {"properties": {"typeProperties": {
      "accountName": "=", "username": "=", "userName": "=", "accessKeyId": "=", "servicePrincipalId": "=",
      "userId": "=", "host": "=", "clientId": "=", "clusterUserName": "=", "clusterSshUserName": "=",
      "hostSubscriptionId": "=", "clusterResourceGroup": "=", "subscriptionId": "=", "resourceGroupName": "=",
      "tenant": "=", "dataLakeStoreUri": "=", "baseUrl": "=", "database": "=", "serviceEndpoint": "=",
      "batchUri": "=", "poolName": "=", "databaseName": "=", "systemNumber": "=", "server": "=", "url": "=",
      "functionAppUrl": "=", "environmentUrl": "=", "aadResourceId": "=", "sasUri": "|:-sasUri:secureString",
      "sasToken": "|", "connectionString": "|:-connectionString:secureString", "hostKeyFingerprint": "="
    }}},
    "Odbc": {"properties": {"typeProperties": {"userName": "=", "connectionString": {"secretName": "="}}}}
  },
  "Microsoft.DataFactory/factories/datasets": {
    "*": {"properties": {"typeProperties": {"folderPath": "=", "fileName": "="}}}
  },
  "Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints": {
    "properties": {"*": "="}
  }
})";
  return kDefault;
}

std::string arm_parameter_type(std::string_view type) {
  const std::string t = lower_ascii(std::string(type));
  if (t == "securestring") return "secureString";
  if (t == "secureobject") return "secureObject";
  return t;
}

std::optional<ParameterAction> parse_parameter_action(std::string_view text, std::string& why) {
  ParameterAction out;
  if (text.empty() || (text[0] != '=' && text[0] != '-' && text[0] != '|')) {
    why = "a parameter definition starts with `=` (keep the value as the default), `-` (no default) or `|` (a secret)";
    return std::nullopt;
  }
  out.action = text[0];
  std::string_view rest = text.substr(1);
  if (!rest.empty()) {
    if (rest[0] != ':') {
      why = fmt::format("expected `:` after `{}`; the form is `<action>:<name>:<type>`", out.action);
      return std::nullopt;
    }
    rest.remove_prefix(1);
    const auto colon = rest.find(':');
    out.name = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) {
      const std::string_view type = rest.substr(colon + 1);
      if (type.find(':') != std::string_view::npos) {
        why = "a parameter definition has at most three parts, `<action>:<name>:<type>`";
        return std::nullopt;
      }
      out.type = arm_parameter_type(type);
      static constexpr std::string_view kTypes[] = {"string", "secureString", "int", "bool", "object", "secureObject", "array"};
      if (!out.type.empty() && std::find(std::begin(kTypes), std::end(kTypes), out.type) == std::end(kTypes)) {
        why = fmt::format("`{}` is not a parameter type (string, securestring, int, bool, object, secureobject, array)", type);
        return std::nullopt;
      }
    }
    for (char c : out.name.substr(!out.name.empty() && out.name[0] == '-' ? 1 : 0))
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
        why = fmt::format("a parameter name has letters, digits and `_`; `{}` has `{}`", out.name, c);
        return std::nullopt;
      }
  }
  return out;
}

namespace {

SCHEDC_DIAGNOSTIC(DefinitionProblem, InvalidAdfEntity, "{}", std::string_view);  // worded by each check below
SCHEDC_DIAGNOSTIC(DefinitionNotJson, InvalidAdfEntity, "the ARM parameter definition is not valid JSON: {}", std::string_view);

constexpr const char* kDefinitionHelp =
    "write it as ADF documents `arm-template-parameters-definition.json` (\"Use custom parameters with the Resource "
    "Manager template\"; docs/deploy.md §5)";

class DefinitionChecker {
 public:
  DefinitionChecker(FileId file, Diagnostics& diags) : file_(file), diags_(diags) {}

  bool run(const json::Value& root) {
    if (!root.is_object()) return problem(root, "the ARM parameter definition is an object of resource types", "not an object");
    for (const auto& m : root.members) {
      if (lower_ascii(m.key).rfind("microsoft.datafactory/factories", 0) != 0) {
        auto& d = diags_.report(DefinitionProblem, Span{file_, m.key_begin, m.key_end},
                                fmt::format("`{}` is not a Data Factory resource type", m.key));
        d.primary_label = "expected `Microsoft.DataFactory/factories/<kind>`";
        d.help = kDefinitionHelp;
        ok_ = false;
        continue;
      }
      if (!m.value.is_object()) {
        problem(m.value, fmt::format("the definition of `{}` is an object", m.key), "not an object");
        continue;
      }
      walk(m.value);
    }
    return ok_;
  }

 private:
  bool problem(const json::Value& v, const std::string& message, std::string label) {
    auto& d = diags_.report(DefinitionProblem, Span{file_, v.begin, v.end}, message);
    d.primary_label = std::move(label);
    d.help = kDefinitionHelp;
    ok_ = false;
    return false;
  }

  void walk(const json::Value& v) {
    switch (v.kind) {
      case json::Value::Kind::String: {
        std::string why;
        if (!parse_parameter_action(v.text, why)) problem(v, fmt::format("`{}` is not a parameter definition: {}", v.text, why), "here");
        break;
      }
      case json::Value::Kind::Object:
        for (const auto& m : v.members) walk(m.value);
        break;
      case json::Value::Kind::Array:
        if (v.items.empty() || v.items.size() > 2 || (v.items.size() == 2 && !v.items[1].is_string()))
          problem(v, "an array in a parameter definition is [definition] or [definition, \"path.to.name\"]", "here");
        else
          walk(v.items[0]);
        break;
      default:
        problem(v, fmt::format("a parameter definition holds objects, arrays and strings; this is {}", json::kind_name(v.kind)),
                "here");
    }
  }

  FileId file_;
  Diagnostics& diags_;
  bool ok_ = true;
};

}  // namespace

bool check_parameter_definition(const SourceManager& sm, FileId file, Diagnostics& diags) {
  const std::string& text = sm.file(file).text;
  auto parsed = json::parse(text);
  if (!parsed.value) {
    auto& d = diags.report(DefinitionNotJson, Span{file, parsed.error->begin, parsed.error->end}, parsed.error->message);
    d.primary_label = parsed.error->label;
    d.help = kDefinitionHelp;
    return false;
  }
  return DefinitionChecker(file, diags).run(*parsed.value);
}

}  // namespace schedc::adf_input

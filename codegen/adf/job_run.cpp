#include "codegen/adf/job_run.hpp"

#include <fmt/format.h>

#include <utility>

#include "codegen/adf/lookup.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::codegen::adf {
namespace {

constexpr const char* kDatabricksResource = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";  // Azure Databricks' app id
constexpr const char* kJobMissingErrorCode = "SCHEDC_JOB_NOT_FOUND";
constexpr const char* kRunFailedErrorCode = "SCHEDC_JOB_RUN_FAILED";
constexpr int kPollSeconds = 60;
constexpr const char* kRunState = "json(variables('run_state'))";
constexpr const char* kRunEnded =
    "contains(createArray('TERMINATED', 'SKIPPED', 'INTERNAL_ERROR'), json(variables('run_state'))?.life_cycle_state)";

std::string json_escape(const std::string& text) {
  const std::string quoted = Json(text).dump(-1, ' ', false, Json::error_handler_t::strict);
  return quoted.substr(1, quoted.size() - 2);
}

std::string percent_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '_' || c == '.' || c == '~';
    out += plain ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return out;
}

Json databricks_call(const char* method, Json url) {
  Json authentication = Json::object();
  authentication["type"] = "MSI";
  authentication["resource"] = kDatabricksResource;
  Json out = json::object(8);
  out["method"] = method;
  out["url"] = std::move(url);
  if (std::string(method) == "POST") out["headers"] = Json::object({{"Content-Type", "application/json"}});
  out["authentication"] = std::move(authentication);
  return out;
}

// {"job_id": <found id>, "idempotency_token": "<pipeline run id>", "job_parameters": {...}} as @concat(...).
Json run_now_body(const ir::Model& model, const Scope& scope) {
  std::vector<std::string> args;
  args.push_back(json::adf_quote("{\"job_id\": "));
  args.push_back("string(activity('find_job').output.jobs[0].job_id)");
  args.push_back(json::adf_quote(", \"idempotency_token\": \""));
  args.push_back("pipeline().RunId");
  std::string text = "\", \"job_parameters\": {";
  for (std::size_t i = 0; i < model.params.size(); ++i) {
    const auto& param = model.params[i];
    text += (i > 0 ? ", \"" : "\"") + json_escape(param.name) + "\": \"";
    auto value = concat_arguments(param.value, scope, json_escape);
    if (!value.empty()) {
      args.push_back(json::adf_quote(text));
      args.insert(args.end(), value.begin(), value.end());
      text.clear();
    }
    text += "\"";
  }
  text += "}}";
  args.push_back(json::adf_quote(text));
  return expression("@concat(" + fmt::format("{}", fmt::join(args, ", ")) + ")");
}

Activity set_variable(std::string name, const char* variable, std::string value, std::string after) {
  // Studio writes this policy on every SetVariable (the only policy it has).
  Json policy = json::object(2);
  policy["secureOutput"] = false;
  policy["secureInput"] = false;
  Activity out{.name = std::move(name), .type = "SetVariable", .after = {std::move(after)}, .policy = std::move(policy)};
  out.type_properties["variableName"] = variable;
  out.type_properties["value"] = expression(std::move(value));
  return out;
}

// The model's job name in the scope's environment: literal, or `<model>_` followed by env.name where the names
// differ per environment (targets::job_name's rule).
ir::Template job_name_template(const ir::Model& model, const Scope& scope) {
  const auto job = model.names.jobs.find(scope.env);
  if (job == model.names.jobs.end())
    throw std::logic_error("adf: model " + model.name + " has no Databricks job name for environment '" + scope.env + "'");
  bool same = true;
  for (const auto& [env, name] : model.names.jobs) same = same && name == job->second;
  if (same) return literal(job->second);
  const std::string& name = job->second;
  if (!name.ends_with("_" + scope.env)) throw std::logic_error("adf: job name " + name + " does not end with its environment");
  const std::string prefix = name.substr(0, name.size() - scope.env.size());
  for (const auto& [env, other] : model.names.jobs)
    if (other != prefix + env) throw std::logic_error("adf: job names of " + model.name + " do not follow <model>_<env>");
  return concat(literal(prefix), binding(ir::Binding::EnvName));
}

std::string identity(const std::string& text) { return text; }

// The job's name as the pipeline holds it. An existing job's (`job = "NAME"`): literal, or the pipeline parameter
// `job_<model>` where it differs per environment (its defaultValue is the environment's name, and so an ARM
// parameter of the same name). A generated job's: job_name_template.
Pieces job_name_pieces(const ir::Model& model, const Scope& scope) {
  if (model.existing_job) return per_env_pieces(scope, "job_" + model.name, *model.existing_job);
  return pieces(job_name_template(model, scope), scope);
}

// The job name as a URL query value: literal text percent-encoded here (RFC 3986: everything but letters, digits
// and - _ . ~), evaluated text by ADF's encodeUriComponent at run time. The only evaluated text of a generated job's
// name is an environment's name (letters, digits and '_', which encoding keeps as they are), left as it is.
Pieces percent_encoded(Pieces value, bool encode_evaluated) {
  for (auto& piece : value) {
    if (!piece.evaluated) piece.text = percent_encode(piece.text);
    else if (encode_evaluated) piece.text = "encodeUriComponent(" + piece.text + ")";
  }
  return value;
}

// For descriptions, which hold no per-environment value: the name, or where the parameter holds it.
std::string job_name_description(const ir::Model& model, const Scope& scope) {
  if (!model.existing_job) return "Databricks job '" + source_text(job_name_template(model, scope)) + "'";
  if (model.existing_job->all) return "existing Databricks job '" + *model.existing_job->all + "'";
  return "the existing Databricks job whose name pipeline parameter job_" + model.name + " holds";
}

}  // namespace

std::vector<Activity> job_run_activities(const ir::Project& project, const ir::Model& model, const Scope& scope,
                                         std::vector<std::string> after) {
  const auto& workspace = require(project.workspaces, &ir::Workspace::name, model.workspace, "workspace");
  const Pieces host = per_env_pieces(scope, "workspace_" + workspace.name + "_url", workspace.url);
  const Pieces api = join(host, text_pieces("/api/2.1/jobs"));
  const Pieces job_name = job_name_pieces(model, scope);
  std::vector<Activity> out;

  Activity find{.name = "find_job",
                .description = "Finds the id of " + job_name_description(model, scope) + " by its name",
                .type = "WebActivity",
                .after = std::move(after),
                .policy = storage_call_policy(),
                .type_properties = databricks_call(
                    "GET", value_of(join(join(api, text_pieces("/list?name=")), percent_encoded(job_name, model.existing_job.has_value()))))};
  out.push_back(std::move(find));

  Activity missing{.name = "check_job_missing", .type = "Fail"};
  missing.type_properties["message"] = value_of(
      join(join(join(join(text_pieces("Databricks job '"), job_name), text_pieces("' was not found (or not just once) in ")),
                host),
           text_pieces(model.existing_job ? ": check the job's name and that the factory may view it"
                                          : ": deploy the jobs first (docs/deploy.md)")));
  missing.type_properties["errorCode"] = kJobMissingErrorCode;
  Activity check_job{.name = "check_job",
                     .description = "Fails the run unless exactly one job has that name",
                     .type = "IfCondition",
                     .after = {"find_job"}};
  check_job.type_properties["expression"] =
      expression("@equals(length(coalesce(activity('find_job').output?.jobs, json('[]'))), 1)");
  check_job.type_properties["ifFalseActivities"] = Json::array({std::move(missing).to_json()});
  out.push_back(std::move(check_job));

  Activity run{.name = "run_job",
               .description = "Starts a run of the job (the pipeline run id is the idempotency token, so a retry "
                              "never starts a second run)",
               .type = "WebActivity",
               .after = {"check_job"},
               .policy = storage_call_policy(),
               .type_properties = databricks_call("POST", value_of(join(api, text_pieces("/run-now"))))};
  run.type_properties["body"] = run_now_body(model, scope);
  out.push_back(std::move(run));

  Activity poll{.name = "poll_run",
                .type = "WebActivity",
                .policy = storage_call_policy(),
                .type_properties = databricks_call(
                    "GET", value_of(join(join(api, text_pieces("/runs/get?run_id=")),
                                         Pieces{Piece{true, "activity('run_job').output.run_id"}})))};
  Activity sleep{.name = "poll_sleep", .type = "Wait", .after = {"record_run_state"}};
  sleep.type_properties["waitTimeInSeconds"] = expression(fmt::format("@if({}, 1, {})", kRunEnded, kPollSeconds));
  Activity until{.name = "wait_for_run",
                 .description = fmt::format("Polls the run every {} s until it ends, for at most {}", kPollSeconds,
                                            duration_text(targets::adf_wait_seconds(model))),
                 .type = "Until",
                 .after = {"run_job"}};
  until.type_properties["expression"] = expression(std::string("@") + kRunEnded);
  Json inner = Json::array();
  inner.push_back(std::move(poll).to_json());
  inner.push_back(set_variable("record_run_state", "run_state", "@string(activity('poll_run').output.state)", "poll_run").to_json());
  inner.push_back(
      set_variable("record_run_page", "run_page_url", "@activity('poll_run').output.run_page_url", "poll_run").to_json());
  inner.push_back(std::move(sleep).to_json());
  until.type_properties["activities"] = std::move(inner);
  until.type_properties["timeout"] = timespan(targets::adf_wait_seconds(model));
  out.push_back(std::move(until));

  Activity failed{.name = "check_run_failed", .type = "Fail"};
  std::vector<std::string> message =
      concat_arguments(join(join(text_pieces("Databricks job run of "), job_name), text_pieces(": ")), identity);
  failed.type_properties["message"] = expression(fmt::format(
      "@concat({}, {}.life_cycle_state, ' ', coalesce({}?.result_state, ''), ': ', "
      "coalesce({}?.state_message, ''), ' ', variables('run_page_url'))",
      fmt::join(message, ", "), kRunState, kRunState, kRunState));
  failed.type_properties["errorCode"] = kRunFailedErrorCode;
  Activity check_run{.name = "check_run",
                     .description = "Fails the run unless the job run's result_state is SUCCESS",
                     .type = "IfCondition",
                     .after = {"wait_for_run"}};
  check_run.type_properties["expression"] = expression(fmt::format("@equals({}?.result_state, 'SUCCESS')", kRunState));
  check_run.type_properties["ifFalseActivities"] = Json::array({std::move(failed).to_json()});
  out.push_back(std::move(check_run));
  return out;
}

Json job_run_variables() {
  Json out = Json::object();
  out["run_state"] = Json::object({{"type", "String"}, {"defaultValue", "{}"}});
  out["run_page_url"] = Json::object({{"type", "String"}, {"defaultValue", ""}});
  return out;
}

}  // namespace schedc::codegen::adf

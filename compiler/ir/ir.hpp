#pragma once
// The IR: a typed, resolved, environment-aware description of a whole project (all input files together).
// Produced by compiler::compile; read by the analyses and by codegen/. It holds no syntax and no Azure JSON;
// it does hold the target-independent facts codegen needs (names already derived and validated, schedule lowered
// to ADF recurrences by the schedule engine). All vectors are in a canonical order (sorted by name), never in
// input order.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/schedule/adf/recurrence.hpp"
#include "compiler/schedule/cron/cron.hpp"
#include "compiler/schedule/problem.hpp"
#include "grammar/span.hpp"

namespace schedc::ir {

// A value that may differ per environment. Either one value for all environments (`all`), or one value per
// declared environment (`by_env`, complete: the compiler guarantees every declared environment has a value).
template <class T>
struct PerEnv {
  std::optional<T> all;
  std::map<std::string, T> by_env;
  Span span;                              // the whole value
  std::map<std::string, Span> env_spans;  // each environment's value (per_env only)

  [[nodiscard]] bool varies() const noexcept { return !all.has_value(); }
  [[nodiscard]] const T& get(const std::string& env) const { return all ? *all : by_env.at(env); }
};

// A value an environment gives an ARM parameter of the hand-written ADF entities (`arm_parameters { NAME = "value" }`,
// docs/deploy.md §5): that environment's parameter file holds it instead of the entity's own value.
struct ArmParameterValue {
  std::string value;
  Span name;   // the parameter's name as written
  Span span;   // the value
};

struct Environment {
  std::string name;
  bool triggers_started = false;  // trigger = started | stopped
  std::optional<std::string> factory;
  Span span;
  bool production = false;                               // bundle_mode = production
  std::optional<std::string> run_as = {};                // the jobs' identity: a service principal's application id
  std::optional<std::string> factory_identity = {};      // the factory's managed identity (application id): runs the jobs
  std::map<std::string, ArmParameterValue> arm_parameters = {};  // by parameter name (hand-written entities' parameters)
};

// A place in the text of a string that is a binding: {schedule.date} etc.
enum class Binding {
  ScheduledTime,  // schedule.time : the scheduled instant, UTC, ISO 8601 ("2026-03-01T01:30:00Z")
  ScheduledDate,  // schedule.date : the scheduled date in the schedule's zone ("2026-03-01")
  EnvName,        // env.name      : the environment's name ("prod")
  ModelName,      // model.name    : the model's name
};

struct TemplatePart {
  bool is_binding = false;
  std::string text;                 // literal text when !is_binding
  Binding binding = Binding::ScheduledTime;
};

// A string with bindings. Plain strings have a single text part (or none when empty).
struct Template {
  std::vector<TemplatePart> parts;
  [[nodiscard]] bool is_plain() const noexcept {
    for (const auto& p : parts)
      if (p.is_binding) return false;
    return true;
  }
  [[nodiscard]] std::string plain_text() const {  // only meaningful when is_plain()
    std::string s;
    for (const auto& p : parts) s += p.text;
    return s;
  }
};

struct Workspace {
  std::string name;
  PerEnv<std::string> url;          // https://adb-<id>.<n>.azuredatabricks.net
  PerEnv<std::string> resource_id;  // /subscriptions/.../providers/Microsoft.Databricks/workspaces/<name>
  Span span;
};

struct Storage {
  std::string name;
  PerEnv<std::string> url;  // https://<account>.dfs.core.windows.net  (no trailing slash)
  Span span;
};

struct KeyVault {
  std::string name;
  PerEnv<std::string> url;          // https://<vault>.vault.azure.net
  std::string databricks_scope;     // the Key Vault-backed Databricks secret scope name
  Span span;
};

// A value that is either a literal or a Key Vault secret reference.
struct ConfValue {
  bool is_secret = false;
  std::string text;          // literal
  std::string vault;         // secret: KeyVault name
  std::string scope;         // secret: the vault's Databricks secret scope
  std::string secret;        // secret: secret name
};

struct Library {
  enum class Kind { Jar, Whl, Egg, Pypi, Maven, Cran };
  Kind kind = Kind::Pypi;
  std::string value;                 // path (jar/whl/egg), package (pypi/cran), coordinates (maven)
  std::optional<std::string> repo;   // pypi/cran/maven repository
  std::vector<std::string> exclusions;  // maven
};

// A fully resolved cluster (a profile with its overrides applied, or an inline cluster).
struct Cluster {
  enum class Kind { New, Existing };
  Kind kind = Kind::New;
  std::string origin;               // profile name it came from ("general", "clusters.general") or "" if inline

  // New job cluster
  std::string spark_version;
  std::string node_type;
  std::optional<std::string> driver_node_type;
  bool autoscale = false;
  int workers = 0;                  // fixed size (autoscale == false)
  int min_workers = 0, max_workers = 0;  // autoscale
  std::map<std::string, ConfValue> spark_conf;
  std::map<std::string, ConfValue> spark_env_vars;
  std::map<std::string, std::string> custom_tags;
  std::vector<std::string> init_scripts;  // workspace/volume/abfss paths
  std::optional<std::string> policy_id;
  std::optional<std::string> instance_pool_id;

  // Existing interactive cluster
  PerEnv<std::string> existing_cluster_id;

  Span span;
};

struct Schedule {
  schedule::cron::CronExpr cron;
  std::string zone;                 // IANA zone as written (validated)
  std::string windows_zone;         // CLDR Windows id for ADF
  bool utc = false;
  std::optional<schedule::adf::LocalDateTime> from, until;
  std::vector<schedule::adf::Recurrence> adf;  // the ADF lowering (one recurrence per trigger); non-empty in a valid IR
                                     // for targets with an ADF trigger
  // The Quartz (Databricks) lowering, or why there is none (SCH6005); both from compiler/schedule/lowering.hpp.
  std::optional<std::string> quartz;
  std::optional<schedule::ScheduleProblem> quartz_problem;
  Span span, cron_span, zone_span;
};

struct Prerequisite {
  enum class Kind { File, Folder, Model };
  enum class Mode { Wait, Check };
  Kind kind = Kind::File;
  Mode mode = Mode::Check;
  // File/Folder: storage account, container (file system) and path within it (may contain bindings)
  std::string storage;
  std::string container;
  Template path;                    // path inside the container, without leading '/'
  // Model: the upstream model's name (exact spelling of its declaration)
  std::string upstream;
  // Model: without `within`, the upstream must have succeeded for the same scheduled date (its dated marker);
  // with `within`, its latest success (the `latest` marker) must be at most this many seconds older than this
  // run's scheduled time.
  std::optional<std::int64_t> within_seconds;
  std::int64_t timeout_seconds = 0;  // Wait
  std::int64_t poll_seconds = 0;     // Wait
  Span span;
};

struct NotebookParam {
  std::string name;
  Template value;
  Span span;
};

struct Markers {
  std::string storage;    // storage account holding the success markers
  std::string container;
  std::string prefix;     // folder inside the container, no leading/trailing '/'
  Span span;
};

// Where a model runs and who schedules it (docs/language.md §4.8, "Targets"):
//   AdfNotebook: Option 1, an ADF pipeline runs the notebook (DatabricksNotebook activity), an ADF trigger fires it;
//   AdfJob:      Option 2, a Databricks job runs the notebook, an ADF pipeline checks the prerequisites and runs the
//                job through the Jobs API, an ADF trigger fires the pipeline;
//   Databricks:  Databricks-native, the Databricks job carries its own Quartz schedule; nothing in ADF.
enum class Target { AdfNotebook, AdfJob, Databricks };

// Email notifications of a model's Databricks job (targets AdfJob and Databricks).
struct Notifications {
  std::vector<std::string> on_start, on_success, on_failure;  // sorted, unique
  Span span;
  [[nodiscard]] bool empty() const noexcept { return on_start.empty() && on_success.empty() && on_failure.empty(); }
};

// Names of the generated entities of a model (derived by the one documented rule; see docs/language.md).
struct ModelNames {
  std::string pipeline;                  // pl_<model>
  std::vector<std::string> triggers;     // tr_<model> (tr_<model>_<n> when the schedule needs several)
  std::string cluster_linked_service;    // ls_dbx_<workspace>_<profile> (shared by the models that write `cluster = <profile>`) or ls_dbx_<workspace>_<model> (AdfNotebook)
  // The Databricks job of targets AdfJob and Databricks, per environment ("" when none are declared):
  // <model>_<env>, or <model> without environments (compiler/targets/targets.hpp, job_name).
  std::map<std::string, std::string> jobs;
};

struct Model {
  std::string name;
  std::string owner;
  std::optional<std::string> description;
  std::vector<std::string> tags;
  std::string workspace;
  PerEnv<std::string> notebook_path;     // absolute; differs per environment with project.notebook_root
  std::vector<NotebookParam> params;     // in declaration order
  std::size_t cluster = 0;               // index into Project::clusters
  std::vector<Library> libraries;        // installed for each run (ADF: the notebook activity's libraries)
  Schedule schedule;
  std::vector<Prerequisite> requires_;   // in declaration order
  int retries = 0;
  int retry_interval_seconds = 30;
  std::int64_t timeout_seconds = 0;      // required, 1 s .. 7 days
  int concurrency = 1;
  Target target = Target::AdfNotebook;
  Span target_span;                      // the `target` entry (or the project's, or the model name when defaulted)
  // `job = "NAME"`: the model runs an existing Databricks job that schedc does not generate (target AdfJob only),
  // by its name per environment. Then the model has no notebook, cluster, libraries, retries or notifications
  // (they are the job's), `params` are the job parameters passed to run-now, `names.jobs` is empty (schedc
  // generates no job) and `timeout_seconds` is how long ADF waits for the run.
  std::optional<PerEnv<std::string>> existing_job;
  Notifications notify;                  // email notifications (Databricks job targets only)
  ModelNames names;
  // A model of the organisation index only (ir::Project::index_models, which have no cluster in `clusters`): the id
  // of its existing interactive cluster per environment ("" without environments); empty when it runs on a new job
  // cluster or an existing job.
  std::map<std::string, std::string> index_cluster_ids;
  std::string source_path;               // display path of the declaring file (relative): `repo:path` or `path`
  std::string repo;                      // the repo of the declaring file ("" in a single-repo compilation)
  std::string file;                      // the declaring file's path, relative to its repo (or as given)
  Span span;
};

// One Databricks linked service: a workspace + a distinct cluster. Shared between models.
struct ClusterBinding {
  std::string linked_service;  // ls_dbx_<workspace>_<profile> or ls_dbx_<workspace>_<model>
  std::string workspace;
  std::size_t cluster = 0;     // index into Project::clusters
};

struct StorageUse {
  std::string storage;
  std::string linked_service;   // ls_adls_<storage>
  std::string file_dataset;     // ds_<storage>_file   (parameters: container, folder, file)
  std::string folder_dataset;   // ds_<storage>_folder (parameters: container, folder)
  bool needs_file = false;
  bool needs_folder = false;
};

// An entity written by hand in ADF Studio, read from an ADF git-layout folder (`--adf`; compiler/adf_input/).
struct AdfReference {
  std::string kind;  // the folder of the entity referred to: "dataset", "linkedService", "pipeline", ...
  std::string name;
  Span span;         // the `referenceName` value
};
struct AdfEntity {
  std::string kind;  // its folder: "pipeline", "dataset", "linkedService", "trigger", "dataflow", "integrationRuntime",
                     // "credential", "managedVirtualNetwork", "managedPrivateEndpoint", "factory"
  std::string name;
  std::string repo;  // the `--adf NAME=DIR` name ("" for `--adf DIR`)
  std::string file;  // its path, as diagnostics name it
  std::string path;  // its path in the git layout ("pipeline/x.json",
                     // "managedVirtualNetwork/default/managedPrivateEndpoint/x.json"): where `build` copies it
  std::string text;  // the file's bytes as written: copied unchanged into the ADF git output, read for the ARM template
  bool in_build_output = false;  // read from a schedc build's own `adf/` folder (the git-integrated DD folder)
  std::vector<AdfReference> references;  // every `{referenceName, type: ...Reference}` with a literal name
  Span span;         // the `name` value
};

struct Project {
  std::vector<Environment> environments;          // sorted by name
  std::optional<std::string> git_environment;     // whose values the ADF git layout holds
  // project.notebook_root (no trailing '/'): a model's relative notebook path is `<root>/<path>` in each environment
  std::optional<PerEnv<std::string>> notebook_root;
  std::vector<Workspace> workspaces;              // sorted by name
  std::vector<Storage> storages;                  // sorted by name
  std::vector<KeyVault> key_vaults;               // sorted by name
  std::vector<Cluster> clusters;                  // distinct resolved clusters (first use in model-name order)
  std::vector<ClusterBinding> cluster_bindings;   // sorted by linked_service
  std::vector<StorageUse> storage_uses;           // sorted by storage; only storages that prerequisites/markers use
  std::optional<Markers> markers;
  // The most entities one factory may hold (SCH4011): ADF's default, unless `project { factory_entity_limit }`
  // says Azure support raised it for this factory.
  std::size_t factory_entity_limit = 5000;
  std::optional<Span> factory_entity_limit_span;  // where it was raised or lowered
  std::vector<Model> models;                      // sorted by name (case-insensitive, then exact)
  // The models of other repos, from an organisation index (`--index`; compiler/index/): what the analyses check
  // this project's models against. Only the fields the index holds are set (name, repo, file, target, schedule
  // without lowerings, timeout, model prerequisites, generated names); spans point into the index file. Never
  // generated. Sorted like `models`.
  std::vector<Model> index_models;
  // Hand-written ADF entities (`--adf`), sorted by kind and name (case-insensitive): checked against the generated
  // ones (names, references); not generated yet.
  std::vector<AdfEntity> adf_entities;
  // The --adf folders' `arm-template-parameters-definition.json` (its text), or "" for ADF's default definition:
  // which properties of the hand-written entities are ARM parameters (compiler/adf_input/parameter_definition.hpp).
  std::string adf_parameter_definition;
  std::string adf_publish_config;  // the --adf folders' publish_config.json (its bytes), or "": copied to out/adf/

  // The environment the ADF git layout is generated for ("" when no environments are declared).
  [[nodiscard]] std::string git_env() const { return git_environment.value_or(""); }
};

}  // namespace schedc::ir

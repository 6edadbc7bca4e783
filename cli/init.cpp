#include "cli/init.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/cli.hpp"
#include "cli/safe_fs.hpp"

namespace fs = std::filesystem;

namespace schedc::cli {

namespace {

constexpr const char* kPlatform = R"(# The platform this repository's models run on: the environments, the Databricks workspace and the data lake.
# Replace the URLs and ids with yours. With a shared platform repository (Phase 2, docs/deploy.md), remove this
# file and `use` the platform repository's file instead (e.g. `use "../platform/platform.sched"`).

environment dd   { trigger = stopped }
environment qa   { trigger = started }
environment prod { trigger = started }

project {
  git_environment = dd         # the ADF git layout holds DD's values; ARM parameters carry QA's and prod's
  workspace       = analytics  # models use this workspace unless they name another
}

workspace analytics {
  url = per_env {
    dd   = "https://adb-1111111111111111.11.azuredatabricks.net"
    qa   = "https://adb-2222222222222222.12.azuredatabricks.net"
    prod = "https://adb-3333333333333333.13.azuredatabricks.net"
  }
  resource_id = per_env {
    dd   = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-analytics-dd/providers/Microsoft.Databricks/workspaces/dbw-analytics-dd"
    qa   = "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-analytics-qa/providers/Microsoft.Databricks/workspaces/dbw-analytics-qa"
    prod = "/subscriptions/00000000-0000-0000-0000-000000000003/resourceGroups/rg-analytics-prod/providers/Microsoft.Databricks/workspaces/dbw-analytics-prod"
  }
}

storage lake {
  url = per_env {
    dd   = "https://examplelakedd.dfs.core.windows.net"
    qa   = "https://examplelakeqa.dfs.core.windows.net"
    prod = "https://examplelakeprod.dfs.core.windows.net"
  }
}
)";

constexpr const char* kModel = R"(# An example model. Make it yours (owner, notebook, schedule, prerequisites: docs/language.md), then run
# `schedc check`, `schedc build . --out out` and commit out/ with it: the CI's golden gate compares them.
use "platform.sched"
use std.clusters

model example_model {
  owner    = "team@example.com"
  notebook = "/Repos/team/example_model/run" {
    run_date = "{schedule.date}"
  }
  cluster  = clusters.small
  schedule = cron "0 6 * * *" in "Europe/Amsterdam"
  requires {
    file "landing/example/{schedule.date}/_SUCCESS" in lake wait 2h every 10m
  }
  timeout = 1h
}
)";

std::string github_workflow() {
  return fmt::format(R"(# schedc for this model repository (written by `schedc init`): on every pull request and push to main, check the
# schedules (annotations on the pull request), the golden gate (out/ is what the sources generate) and the layout
# gate (the sources are formatted); on a pull request, what it does to the schedules (`schedc diff` against the base
# commit, in the step summary and one comment on the pull request). Set SCHEDC_REPO to the repository that publishes
# schedc's releases.
name: schedc

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

env:
  SCHEDC_REPO: <ORG>/schedc
  SCHEDC_VERSION: "{}"

jobs:
  schedc:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
      - name: Install schedc ${{{{ env.SCHEDC_VERSION }}}}
        env:
          GH_TOKEN: ${{{{ github.token }}}}
        run: |
          set -euo pipefail
          deb="schedc_${{SCHEDC_VERSION}}_amd64.deb"
          gh release download "v$SCHEDC_VERSION" --repo "$SCHEDC_REPO" --pattern "$deb" --dir "$RUNNER_TEMP" --clobber
          sudo apt-get update -qq
          sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$RUNNER_TEMP/$deb" >/dev/null
          schedc --version
      - name: schedc check
        run: schedc check . --diagnostics-format github
      - name: Golden gate (out/ is what the sources generate)
        run: schedc build . --out out --check
      - name: Layout gate (the sources are formatted)
        run: schedc fmt . --check --diff
      - uses: actions/checkout@v4
        if: github.event_name == 'pull_request'
        with:
          ref: ${{{{ github.event.pull_request.base.sha }}}}
          path: .schedc-base
      - name: schedc diff (on the pull request)
        if: github.event_name == 'pull_request'
        env:
          GH_TOKEN: ${{{{ github.token }}}}
          PR_NUMBER: ${{{{ github.event.pull_request.number }}}}
        run: |
          set -euo pipefail
          schedc diff --base .schedc-base --format markdown > "$RUNNER_TEMP/schedc-diff.md"
          cat "$RUNNER_TEMP/schedc-diff.md" >> "$GITHUB_STEP_SUMMARY"
          gh pr comment "$PR_NUMBER" --edit-last --create-if-none --body-file "$RUNNER_TEMP/schedc-diff.md" ||
            echo "::warning::could not comment on the pull request; the diff is in the step summary"
)",
                     SCHEDC_VERSION);
}

std::string azure_pipeline() {
  return fmt::format(R"(# schedc for this model repository (written by `schedc init`): on every pull request and push to main, check the
# schedules (issues on the run), the golden gate (out/ is what the sources generate) and the layout gate (the sources
# are formatted). Set SCHEDC_RELEASES to where schedc's release assets are published.
trigger:
  branches:
    include: [main]

pr:
  branches:
    include: [main]

pool:
  vmImage: ubuntu-24.04

variables:
  SCHEDC_RELEASES: https://github.com/<ORG>/schedc/releases/download
  SCHEDC_VERSION: "{}"

steps:
  - checkout: self
  - bash: |
      set -euo pipefail
      deb="schedc_$(SCHEDC_VERSION)_amd64.deb"
      curl -fsSL --retry 3 -o "$(Agent.TempDirectory)/$deb" "$(SCHEDC_RELEASES)/v$(SCHEDC_VERSION)/$deb"
      sudo apt-get update -qq
      sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$(Agent.TempDirectory)/$deb" >/dev/null
      schedc --version
    displayName: Install schedc $(SCHEDC_VERSION)
  - bash: schedc check . --diagnostics-format azure-devops
    displayName: schedc check
  - bash: schedc build . --out out --check
    displayName: Golden gate (out/ is what the sources generate)
  - bash: schedc fmt . --check --diff
    displayName: Layout gate (the sources are formatted)
)",
                     SCHEDC_VERSION);
}

// Whether `path` exists (without following a final symbolic link).
bool exists_no_follow(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

// Creates the directory `path` unless it is one already; a symbolic link there is refused.
std::string ensure_directory(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) return fmt::format("`{}` is a symbolic link; schedc init never writes through one", path);
    if (!S_ISDIR(st.st_mode)) return fmt::format("`{}` exists and is not a directory", path);
    return "";
  }
  if (::mkdir(path.c_str(), 0755) != 0) return fmt::format("cannot create `{}`: {}", path, std::strerror(errno));
  return "";
}

}  // namespace

CLI::App* add_init_command(CLI::App& app, InitOptions& o) {
  auto* sub = app.add_subcommand("init", "Scaffold a model repository: a platform file, one model, the CI workflow");
  sub->add_option("dir", o.dir, "The repository's directory (default: the current directory; created if missing)");
  sub->add_option("--ci", o.ci, "The CI workflow to write: github (.github/workflows/schedc.yml) or azure-devops "
                                "(azure-pipelines.yml)")
      ->check(CLI::IsMember({"github", "azure-devops"}))
      ->default_str("github");
  return sub;
}

std::vector<std::pair<std::string, std::string>> init_files(const std::string& ci) {
  std::vector<std::pair<std::string, std::string>> files{{"platform.sched", kPlatform},
                                                         {"example_model.sched", kModel}};
  if (ci == "azure-devops") {
    files.emplace_back("azure-pipelines.yml", azure_pipeline());
  } else {
    files.emplace_back(".github/workflows/schedc.yml", github_workflow());
  }
  return files;
}

std::string write_init_files(const InitOptions& o) {
  const std::string dir = o.dir.empty() ? "." : o.dir;
  const auto files = init_files(o.ci);
  std::vector<std::string> taken;
  for (const auto& [rel, content] : files)
    if (exists_no_follow(dir + "/" + rel)) taken.push_back(rel);
  if (exists_no_follow(dir + "/out")) taken.push_back("out");
  for (const auto& [rel, content] : files) {  // the folders on the way must be folders (or missing), never links
    std::string path = dir;
    for (const auto& part : fs::path(rel).parent_path()) {
      path += "/" + part.string();
      struct stat st {};
      if (::lstat(path.c_str(), &st) != 0) break;
      if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode))
        return fmt::format("`{}` is {}; schedc init never writes through a symbolic link and wrote nothing",
                           printable_line(path), S_ISLNK(st.st_mode) ? "a symbolic link" : "not a directory");
    }
  }
  if (!taken.empty())
    return fmt::format("`{}` already has {}; schedc init writes only new files and wrote nothing", printable_line(dir),
                       fmt::join(taken, ", "));
  std::error_code ec;
  if (!exists_no_follow(dir)) fs::create_directories(dir, ec);
  if (ec) return fmt::format("cannot create `{}`: {}", printable_line(dir), ec.message());
  for (const auto& [rel, content] : files) {
    // Every folder on the way is created here, never reached through a link.
    std::string path = dir;
    const fs::path parts = fs::path(rel).parent_path();
    for (const auto& part : parts) {
      path += "/" + part.string();
      if (std::string why = ensure_directory(path); !why.empty()) return why;
    }
    const std::string file = dir + "/" + rel;
    Fd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!fd) return fmt::format("cannot create `{}`: {}", printable_line(file), std::strerror(errno));
    std::string_view rest = content;
    while (!rest.empty()) {
      const ssize_t n = ::write(fd.get(), rest.data(), rest.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return fmt::format("cannot write `{}`: {}", printable_line(file), std::strerror(errno));
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  return "";
}

int run_init(const InitOptions& i, const BuildScaffold& build, std::ostream& out, std::ostream& err) {
  if (std::string why = write_init_files(i); !why.empty()) {
    err << "schedc: error: " << why << "\nhelp: run `schedc init` in an empty directory, or give a new one: `schedc init DIR`\n";
    return kUsageError;
  }
  const std::string dir = i.dir.empty() ? "." : i.dir;
  std::ostringstream built;
  if (const int code = build(dir, built, err); code != kOk) {
    err << "schedc: internal error: the scaffold does not build; this is a bug in schedc\n";
    return kInternalError;
  }
  std::vector<std::string> written;
  for (const auto& [rel, content] : init_files(i.ci)) written.push_back(rel);
  out << fmt::format("wrote {} and out/ (built) in `{}`\n", fmt::join(written, ", "), printable_line(dir));
  out << fmt::format("next: edit example_model.sched, then run `schedc check`, `schedc build . --out out` and `schedc fmt`, "
                     "and commit everything{}\n",
                     i.ci == "github" ? " (set SCHEDC_REPO in .github/workflows/schedc.yml)"
                                      : " (set SCHEDC_RELEASES in azure-pipelines.yml)");
  return kOk;
}

}  // namespace schedc::cli

#include "bench/generate.hpp"

#include <fmt/format.h>

namespace schedc::bench {

namespace {

const char* kPlatform = R"(environment dd   { trigger = stopped }
environment qa   { trigger = stopped }
environment prod { trigger = started }

project {
  git_environment = dd
  workspace       = analytics
  markers { storage = lake  path = "ops/markers" }
}

workspace analytics {
  url = per_env {
    dd   = "https://adb-1111111111111111.11.azuredatabricks.net"
    qa   = "https://adb-2222222222222222.12.azuredatabricks.net"
    prod = "https://adb-3333333333333333.13.azuredatabricks.net"
  }
  resource_id = per_env {
    dd   = "/subscriptions/s1/resourceGroups/rg-dd/providers/Microsoft.Databricks/workspaces/w-dd"
    qa   = "/subscriptions/s2/resourceGroups/rg-qa/providers/Microsoft.Databricks/workspaces/w-qa"
    prod = "/subscriptions/s3/resourceGroups/rg-prod/providers/Microsoft.Databricks/workspaces/w-prod"
  }
}

storage lake {
  url = per_env {
    dd   = "https://lakedd.dfs.core.windows.net"
    qa   = "https://lakeqa.dfs.core.windows.net"
    prod = "https://lakeprod.dfs.core.windows.net"
  }
}

cluster shared {
  existing = per_env { dd = "0101-000000-aaaa" qa = "0202-000000-bbbb" prod = "0303-000000-cccc" }
}
)";

const char* kCrons[] = {"30 2 * * *", "0 6 * * MON-FRI", "5 * * * *", "0 4 1 * *", "*/15 * * * *",
                        "0 3 * * SUN", "0 */2 * * *", "15 7 1,15,L * *", "0 9 * * MON#1", "45 23 * * 1-5"};
const char* kZones[] = {"Europe/Amsterdam", "UTC", "America/New_York", "Asia/Kolkata", "Australia/Sydney"};
const char* kProfiles[] = {"clusters.general", "clusters.small", "clusters.memory_optimized", "shared",
                           "clusters.general { workers = 2..4 }"};

}  // namespace

std::vector<std::pair<std::string, std::string>> generate_project(int models, int files) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("bench/platform.sched", kPlatform);
  std::vector<std::string> texts(static_cast<std::size_t>(files), "use std.clusters\n");
  for (int i = 0; i < models; ++i) {
    std::string& t = texts[static_cast<std::size_t>(i % files)];
    std::string requires_;
    requires_ += fmt::format("    file \"curated/feed_{}/{{schedule.date}}/_SUCCESS\" in lake wait 2h every 10m\n", i % 97);
    if (i % 3 == 0) requires_ += fmt::format("    folder \"raw/source_{}/{{schedule.date}}\" in lake check\n", i % 31);
    if (i % 4 == 1 && i > 0) requires_ += fmt::format("    model model_{:05} check\n", i - 1);
    t += fmt::format(R"(
model model_{:05} {{
  owner       = "team{}@contoso.com"
  description = "Benchmark model {}"
  tags        = ["bench", "team{}"]
  notebook    = "/Repos/team{}/project/score_{}" {{
    run_date = "{{schedule.date}}"
    env      = "{{env.name}}"
    mode     = "batch"
  }}
  cluster  = {}
  schedule = cron "{}" in "{}"
  requires {{
{}  }}
  retry   = 2 every 5m
  timeout = 3h
}}
)",
                     i, i % 50, i, i % 50, i % 50, i, kProfiles[i % 5], kCrons[i % 10], kZones[i % 5], requires_);
  }
  for (int f = 0; f < files; ++f) out.emplace_back(fmt::format("bench/models_{:04}.sched", f), texts[static_cast<std::size_t>(f)]);
  return out;
}

}  // namespace schedc::bench

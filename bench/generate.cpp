#include "bench/generate.hpp"

#include <fmt/format.h>

namespace schedc::bench {

namespace {

const char* kPlatform = R"(# The platform repo: environments, the project, shared infrastructure and cluster profiles.
environment dd   { trigger = stopped }
environment qa   { trigger = stopped }
environment prod { trigger = started }

project {
  git_environment      = dd
  workspace            = analytics
  factory_entity_limit = 1000000
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

cluster etl_small {
  spark_version = "15.4.x-scala2.12"
  node_type     = "Standard_DS3_v2"
  workers       = 2
  custom_tags { "cost-center" = "platform" }
}

cluster etl_large from etl_small {
  node_type = "Standard_E8ds_v4"
  workers   = 2..8
}
)";

// Cron shapes of every kind (daily, week days, hourly ticks, month days with L, nth week day, steps).
const char* kCrons[] = {"30 3 * * *", "0 6 * * MON-FRI", "5 * * * *", "0 4 1 * *", "*/15 * * * *",
                        "0 3 * * SUN", "0 */2 * * *", "15 7 1,15,L * *", "0 9 * * MON#1", "45 23 * * 1-5"};
const char* kZones[] = {"Europe/Amsterdam", "UTC", "America/New_York", "Asia/Kolkata", "Australia/Sydney"};
// Databricks-native schedules: one Quartz expression each, in zones whose fires Databricks reproduces exactly.
const char* kQuartzCrons[] = {"0 6 * * MON-FRI", "15 7 * * *", "0 */2 * * *", "30 5 1 * *"};
const char* kQuartzZones[] = {"UTC", "Asia/Kolkata"};
const char* kProfiles[] = {"clusters.general", "clusters.small", "etl_small", "shared",
                           "clusters.general { workers = 2..4 }", "etl_large { workers = 2..4 }"};

std::string model_text(int i) {
  const int kind = i % 20;
  const char* target = kind < 14 ? "adf_notebook" : kind < 18 ? "adf_job" : "databricks";
  std::string schedule, requires_, params;
  if (kind >= 18) {
    // Databricks-native: the job's own schedule, no prerequisites, no `{schedule.date}` (SCH6002).
    schedule = fmt::format("cron \"{}\" in \"{}\"", kQuartzCrons[i % 4], kQuartzZones[i % 2]);
    params = "    env  = \"{env.name}\"\n    mode = \"batch\"\n";
  } else {
    params = "    run_date = \"{schedule.date}\"\n    env      = \"{env.name}\"\n    mode     = \"batch\"\n";
    requires_ += fmt::format("    file \"curated/feed_{}/{{schedule.date}}/_SUCCESS\" in lake wait 2h every 10m\n", i % 97);
    if (i % 3 == 0) requires_ += fmt::format("    folder \"raw/source_{}/{{schedule.date}}\" in lake check\n", i % 31);
    if (i % 4 == 0) {
      // An upstream: daily, in the same zone as its downstream (model i + 1), which runs three hours later.
      schedule = fmt::format("cron \"{} {} * * *\" in \"{}\"", i % 60, 5 + (i / 4) % 4, kZones[(i / 4) % 5]);
    } else if (i % 4 == 1) {
      schedule = fmt::format("cron \"{} {} * * *\" in \"{}\"", (i - 1) % 60, 8 + ((i - 1) / 4) % 4, kZones[((i - 1) / 4) % 5]);
      requires_ += fmt::format("    model model_{:05} wait 2h every 10m\n", i - 1);
    } else {
      schedule = fmt::format("cron \"{}\" in \"{}\"", kCrons[i % 10], kZones[i % 5]);
    }
  }
  std::string text = fmt::format(R"(
model model_{:05} {{
  owner       = "team{}@contoso.com"
  description = "Benchmark model {}"
  tags        = ["bench", "team{}"]
  target      = {}
  notebook    = "/Repos/team{}/project/score_{}" {{
{}  }}
  cluster  = {}
  schedule = {}
)",
                                 i, i % 50, i, i % 50, target, i % 50, i, params, kProfiles[i % 6], schedule);
  if (!requires_.empty()) text += "  requires {\n" + requires_ + "  }\n";
  text += "  retry   = 2 every 5m\n  timeout = 3h\n}\n";
  return text;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> generate_project(int models, int files, int repos) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back(repos > 1 ? "platform/platform.sched" : "bench/platform.sched", kPlatform);
  std::vector<std::string> texts(static_cast<std::size_t>(files), "use std.clusters\n");
  for (int i = 0; i < models; ++i) texts[static_cast<std::size_t>(i % files)] += model_text(i);
  for (int f = 0; f < files; ++f) {
    std::string dir = repos > 1 ? fmt::format("team_{:02}", f % (repos - 1)) : "bench";
    out.emplace_back(fmt::format("{}/models_{:04}.sched", dir, f), std::move(texts[static_cast<std::size_t>(f)]));
  }
  return out;
}

}  // namespace schedc::bench

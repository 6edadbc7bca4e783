#pragma once
// Small .sched sources that several unit tests compile.

namespace schedc::testing {

// Two environments (dd, stopped, is the git environment; prod, started), the workspace `analytics` with a URL per
// environment, and the storage `lake`: what a model with `workspace = analytics`, a `std.clusters` cluster and a
// `file ... in lake` prerequisite needs.
inline constexpr const char* kTwoEnvironmentPlatform = R"(environment dd { trigger = stopped }
environment prod { trigger = started }
project { git_environment = dd }
workspace analytics {
  url = per_env { dd = "https://adb-1.1.azuredatabricks.net"  prod = "https://adb-2.2.azuredatabricks.net" }
  resource_id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/w"
}
storage lake { url = "https://lake.dfs.core.windows.net" }
)";

// The workspace `analytics` and the cluster `small`, without a `project` (each test writes its own; with
// `project { workspace = analytics }`, a model needs only its owner, notebook, `cluster = small`, schedule and
// timeout).
inline constexpr const char* kAnalyticsWorkspaceAndSmallCluster = R"(workspace analytics {
  url         = "https://adb-1234567890123456.7.azuredatabricks.net"
  resource_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/dbw"
}
cluster small {
  spark_version = "15.4.x-scala2.12"
  node_type     = "Standard_DS3_v2"
  workers       = 2
}
)";

}  // namespace schedc::testing

#pragma once
// The factory entities around the pipelines: schedule triggers, linked services and datasets. Each function
// returns the entity's `properties`, in ADF Studio's key order.
#include <cstddef>
#include <string>

#include "codegen/json/json.hpp"
#include "codegen/adf/adf.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen::adf {


// The ScheduleTrigger of `model.schedule.adf[index]`, firing the model's pipeline with
// scheduledTime = @trigger().scheduledTime; runtimeState from environment `env` (Stopped without one).
json::Json trigger_properties(const ir::Project& project, const ir::Model& model, std::size_t index,
                              const std::string& env);

// AzureDatabricks (MSI + workspaceResourceId) holding the binding's cluster: existingClusterId, or a new job
// cluster (instancePoolId or node types; newClusterNumOfWorker "4" or "2:8"; secrets as {{secrets/<scope>/<key>}}).
json::Json databricks_linked_service_properties(const ir::Project& project, const ir::ClusterBinding& binding,
                                                const std::string& env);

// AzureBlobFS with `url` only (the factory's managed identity).
json::Json storage_linked_service_properties(const ir::Project& project, const ir::StorageUse& use,
                                             const std::string& env);

// Binary dataset on AzureBlobFSLocation, parameters container, folder (and file when `file`).
json::Json dataset_properties(const ir::StorageUse& use, bool file);

}  // namespace schedc::codegen::adf

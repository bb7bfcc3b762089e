#pragma once
// Reads and checks the case types (catalogue/workflows.json) and the holiday
// table it names (catalogue/holidays.json). Every problem is reported with
// its JSON path, as for the catalogue and the roles.

#include <filesystem>
#include <string>
#include <vector>

#include "casework/workflow.h"
#include "catalogue/catalogue.h"
#include "common/result.h"

namespace grip::casework {

// What the case types are checked against: the activity types and
// attributes of the catalogue and the names of the roles.
struct WorkflowContext {
    const catalogue::Catalogue* catalogue = nullptr;
    std::vector<std::string> roles;  // empty: not checked
};

// On failure the error's message names every problem, one per line.
Result<Workflows> load_workflows(const std::filesystem::path& file, const WorkflowContext& context);
Result<Workflows> parse_workflows(std::string_view workflows_json, std::string_view holidays_json,
                                  const WorkflowContext& context);

// workflows.json beside the default catalogue.
std::filesystem::path default_workflows_file();

}  // namespace grip::casework

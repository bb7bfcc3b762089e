#pragma once
// A case type as the API shows it: states with deadlines, inputs and steps
// with their roles (GET /api/v1/case-types, GET /api/v1/catalogue/case-types).

#include <boost/json/object.hpp>

#include "casework/workflow.h"

namespace grip::api {

boost::json::object case_type_json(const casework::CaseType& type);

}  // namespace grip::api

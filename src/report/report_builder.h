#pragma once
// Builds the report model of a year: the council letter of the programme,
// section by section, from the live indicators, the milestones and motions
// in the store, the sentences of the catalogue and the stored text blocks.
// The model is plain JSON (see render.h for the formats made from it).

#include <boost/json.hpp>

#include "casework/workflow.h"
#include "catalogue/catalogue.h"
#include "common/result.h"
#include "report/text_blocks.h"
#include "storage/store.h"

namespace grip::report {

enum class Edition { Internal, Public };

struct ReportOptions {
    int year = 0;
    Edition edition = Edition::Internal;
    // The case types: with them, the report's annex lists the partners of
    // the covenant Good Employership with their abuses and escalation steps.
    const casework::Workflows* workflows = nullptr;
};

Result<boost::json::object> build_report(storage::Store& store, const catalogue::Catalogue& catalogue,
                                         const ReportOptions& options);

}  // namespace grip::report

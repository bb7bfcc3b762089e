#pragma once
// Builds the report model of a year: the council letter of the programme,
// section by section, from the live indicators, the milestones and motions
// in the store, the sentences of the catalogue and the stored text blocks.
// The model is plain JSON (see render.h for the formats made from it).

#include <boost/json.hpp>

#include "catalogue/catalogue.h"
#include "common/result.h"
#include "casework/workflow.h"
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

// The text blocks a year's report has: the catalogue's blocks and one
// "motie.<id>" per linked motion (its handling text).
Result<std::vector<std::string>> report_text_blocks(storage::Store& store, const catalogue::Catalogue& catalogue,
                                                    int year);

// The text blocks of a year's report that someone must still write before
// the report can be approved: a block the catalogue lists in
// `text_blocks_to_write` without a stored text, and the block of a linked
// motion that has neither a stored text nor a response of its own. Empty
// when the report is ready to be approved.
Result<std::vector<std::string>> unwritten_text_blocks(storage::Store& store, const catalogue::Catalogue& catalogue,
                                                       int year);

}  // namespace grip::report

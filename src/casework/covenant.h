#pragma once
// The covenant Good Employership (convenant Goed Werkgeverschap): its
// partners are organisations with `covenant_since` (and `covenant_until` once
// they leave); abuses (misstanden) are cases about the organisation whose
// workflow climbs the escalation ladder of the seed letter: conversation,
// dispute, arbitration, ending the covenant. A state tagged `bewezen` in the
// catalogue is a proven abuse, and an organisation with one cannot join.

#include <optional>
#include <string>
#include <vector>

#include "casework/case_service.h"

namespace grip::casework {

// Why an organisation may not join, or nothing: pure, from its cases.
std::optional<std::string> admission_refusal(const Workflows& workflows,
                                             const std::vector<storage::CaseRow>& cases_about_organisation);

struct Partner {
    storage::StoredRecord organisation;
    bool member = false;  // covenant_since set and no covenant_until before today
    std::vector<storage::CaseRow> abuses;
};

// Every organisation that is or was a partner, or has an abuse case, by id.
Result<std::vector<Partner>> covenant_partners(storage::Store& store, const Workflows& workflows, Date today);

// Lets an organisation join on `since`: refused (Conflict) with the reason
// when it has a proven abuse or is a member already.
Result<records::Record> join_covenant(storage::Store& store, ingest::RecordWriter& records,
                                      const catalogue::Catalogue& catalogue, const Workflows& workflows,
                                      const std::string& organisation, Date since);

}  // namespace grip::casework

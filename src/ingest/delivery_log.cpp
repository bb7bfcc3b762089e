#include "ingest/delivery_log.h"

#include <fmt/format.h>

#include "privacy/subject_pseudonym.h"

namespace grip::ingest {

Status log_delivered(privacy::ProcessingLog& log, const privacy::Keyring& keys, TouchedRecords& touched,
                     const privacy::LogEntry& base) {
    TRY(touched.for_each([&](const TouchedRecord& r) -> Status {
        privacy::LogEntry entry = base;
        entry.action = r.action == TouchAction::Create   ? privacy::LogAction::Create
                       : r.action == TouchAction::Update ? privacy::LogAction::Update
                                                         : privacy::LogAction::Withdraw;
        entry.record = fmt::format("{}/{}", records::kind_name(r.kind), r.id);
        entry.subject = r.subject ? privacy::subject_pseudonym(keys, base.municipality, r.subject) : std::string();
        return log.append(std::move(entry));
    }));
    return log.flush();
}

}  // namespace grip::ingest

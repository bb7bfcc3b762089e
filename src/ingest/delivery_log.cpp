#include "ingest/delivery_log.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "privacy/subject_pseudonym.h"

namespace grip::ingest {

namespace {

// Entries per append: one lock, one catch-up and one write of the log file
// for this many records instead of one each (a delivery of a million
// records was a million writes), while the entries in memory stay few.
constexpr size_t kLogBatchEntries = 8'192;

}  // namespace

Status log_delivered(privacy::ProcessingLog& log, const privacy::Keyring& keys, TouchedRecords& touched,
                     const privacy::LogEntry& base) {
    std::vector<privacy::LogEntry> batch;
    batch.reserve(std::min<size_t>(kLogBatchEntries, static_cast<size_t>(std::max<int64_t>(touched.size(), 0))));
    TRY(touched.for_each([&](const TouchedRecord& r) -> Status {
        privacy::LogEntry entry = base;
        entry.action = r.action == TouchAction::Create   ? privacy::LogAction::Create
                       : r.action == TouchAction::Update ? privacy::LogAction::Update
                                                         : privacy::LogAction::Withdraw;
        entry.record = fmt::format("{}/{}", records::kind_name(r.kind), r.id);
        entry.subject = r.subject ? privacy::subject_pseudonym(keys, base.municipality, r.subject) : std::string();
        batch.push_back(std::move(entry));
        if (batch.size() < kLogBatchEntries) return ok_status();
        auto written = log.append_all(std::move(batch));
        batch.clear();
        return written;
    }));
    if (!batch.empty()) TRY(log.append_all(std::move(batch)));
    return log.flush();
}

}  // namespace grip::ingest

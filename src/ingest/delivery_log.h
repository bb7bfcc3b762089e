#pragma once
// The processing log's account of a committed delivery: one entry for every
// record of personal data it stored, replaced or withdrawn, with its data
// subject, whoever sent it (a partner through the API, staff on the command
// line).

#include "common/result.h"
#include "ingest/touched_records.h"
#include "privacy/keyring.h"
#include "privacy/processing_log.h"

namespace grip::ingest {

// `base` says who, for what and in which trace and municipality; each entry
// gets the record, the action and the subject's pseudonym. The last entry is
// on disk when this returns. The entries are appended in batches (one
// write of the log for thousands of records).
Status log_delivered(privacy::ProcessingLog& log, const privacy::Keyring& keys, TouchedRecords& touched,
                     const privacy::LogEntry& base);

}  // namespace grip::ingest

#pragma once
// The records of personal data a delivery stored, replaced or withdrawn, with
// their data subjects: what the processing log must say once the delivery is
// committed (and never when it is rolled back). A delivery can touch
// millions, so they wait in an unnamed temporary file (mode 0600, gone when
// closed) rather than in memory; a line holds a kind, an action, a subject id
// and a record id, never personal data.

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "records/record.h"

namespace grip::ingest {

enum class TouchAction { Create, Update, Withdraw };

struct TouchedRecord {
    records::Kind kind = records::Kind::Person;
    TouchAction action = TouchAction::Create;
    int64_t subject = 0;  // the store's subject id; 0 when unknown
    std::string id;
};

class TouchedRecords {
public:
    TouchedRecords();
    ~TouchedRecords();
    TouchedRecords(const TouchedRecords&) = delete;
    TouchedRecords& operator=(const TouchedRecords&) = delete;

    Status add(const TouchedRecord& record);
    // Forgets what was added (a delivery that was rolled back).
    Status clear();
    int64_t size() const { return count_; }
    // Calls `each` for every record added, in order.
    Status for_each(const std::function<Status(const TouchedRecord&)>& each);

private:
    Status open();
    std::FILE* file_ = nullptr;
    int64_t count_ = 0;
};

}  // namespace grip::ingest

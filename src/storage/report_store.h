#pragma once
// The report's own rows (a role of Store, storage/store.h): its text blocks
// per year and its frozen editions.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "records/kind.h"

namespace grip::storage {

struct ReportText {
    std::string block;
    std::string text;
    std::string updated_at;
};

// A frozen edition of a year's report (src/report/edition.h): written once,
// never changed or removed (the schema's triggers refuse it). `content` is
// the canonical JSON of everything frozen (the models, the figure grid, the
// rendered files) and `content_hash` its SHA-256 in hex.
struct ReportEditionRow {
    int64_t id = 0;
    int year = 0;
    std::string frozen_at;        // the reference date: when it was frozen (UTC, ISO 8601)
    std::string decision_date;    // the college's decision (YYYY-MM-DD), or empty
    std::string decision_number;  // its number, or empty
    int64_t corrects = 0;         // the edition this one corrects, or 0
    int64_t case_id = 0;          // the approval case that froze it, or 0 (frozen by hand)
    std::string content_hash;
    std::string content;  // empty in lists (report_editions)
};

// Report texts and frozen editions.
class ReportStore {
public:
    virtual ~ReportStore() = default;

    // Report text blocks per year.
    virtual Result<std::vector<ReportText>> report_texts(int year) = 0;
    virtual Status set_report_text(int year, std::string_view block, std::string_view text) = 0;

    // Frozen editions of the report. add_report_edition gives the new id;
    // report_editions lists a year's editions, oldest first, without their
    // content; report_edition reads one with its content.
    virtual Result<int64_t> add_report_edition(const ReportEditionRow& row) = 0;
    virtual Result<std::vector<ReportEditionRow>> report_editions(int year) = 0;
    virtual Result<std::optional<ReportEditionRow>> report_edition(int64_t id) = 0;
    // The records a delivery wrote a version of (still current or replaced
    // since), each once: what a figure that changed after a frozen edition
    // may owe to that delivery.
    virtual Result<std::vector<std::pair<records::Kind, std::string>>> records_of_delivery(int64_t delivery) = 0;
};

}  // namespace grip::storage

#pragma once
// Frozen editions of a year's report: what the college decided and the
// council received, kept as it was. Freezing stores, in one immutable row
// of the store, the report model of both editions (intern, openbaar), the
// full figure grid of the year (every period: the year, its quarters and
// months; every area the engine knows: the gemeente, each wijk and buurt,
// priority and rest; every indicator) and the rendered file of every
// format of both editions, with the reference date (the moment of
// freezing), the college's decision date and number, and a SHA-256 content
// hash over the canonical serialisation. Later deliveries change the live
// figures, never a frozen edition; edition_diff says what changed since,
// figure by figure, with the deliveries that did it. A correction of a sent
// letter is a new edition that names the one it corrects.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "casework/case_service.h"
#include "casework/workflow.h"
#include "catalogue/catalogue.h"
#include "common/result.h"
#include "report/render.h"
#include "report/report_builder.h"
#include "report/text_blocks.h"
#include "storage/store.h"

namespace grip::report {

// The "format" of an edition's content.
inline constexpr std::string_view kEditionContentFormat = "grip-report-edition/1";

// What freezing reads: the store, the catalogue with its report templates
// and the case types (for the covenant annex).
struct EditionContext {
    storage::Store& store;
    const catalogue::Catalogue& catalogue;
    const casework::Workflows* workflows = nullptr;
    std::filesystem::path template_dir;  // the catalogue's report folder
};

struct FreezeRequest {
    int year = 0;
    std::string now;              // the reference date: the moment of freezing, "2024-03-12T10:00:00Z"
    std::string decision_date;    // YYYY-MM-DD, or empty
    std::string decision_number;  // or empty
    int64_t corrects = 0;         // the edition of the same year this one corrects, or 0
    int64_t case_id = 0;          // the approval case that freezes it, or 0
};

// The formats an edition keeps as files: those Grip writes itself (Markdown,
// HTML, JSON, XLSX).
std::vector<ReportFormat> edition_formats();
// "md", "html", "json": a format's name in an edition (its file extension).
std::string edition_format_name(ReportFormat format);
// "intern" or "openbaar".
std::string_view edition_name(Edition edition);

// The figures of a year: period ("2023", "2023-Q1", "2023-01") -> area code
// (the gemeente's code, wijk and buurt codes, "priority", "rest") ->
// indicator code -> value (a number, a distribution, or null).
Result<boost::json::object> figure_grid(storage::Store& store, const catalogue::Catalogue& catalogue, int year);

// Freezes the year's report and stores it; the stored row (with its id).
Result<storage::ReportEditionRow> freeze_edition(const EditionContext& ctx, const FreezeRequest& request);

// An edition as read from the store, its content checked against its hash.
struct FrozenEdition {
    storage::ReportEditionRow row;
    boost::json::object content;
};
Result<FrozenEdition> read_edition(storage::Store& store, int64_t id);

// One rendered file of a frozen edition: the bytes as stored (the formats
// of edition_formats); Word and PDF, which outside programs make in
// seconds, are made from the frozen model when asked (`template_dir`: the
// catalogue's report folder), so that freezing does not hold up the
// municipality's writes.
Result<std::string> edition_file(const FrozenEdition& edition, Edition which, ReportFormat format,
                                 const std::filesystem::path& template_dir);

// An edition for lists: id, year, frozen_at, decision, corrects, hash.
boost::json::object edition_summary(const storage::ReportEditionRow& row);

// A delivery that changed figures after an edition was frozen.
struct DeliveryRef {
    int64_t id = 0;
    std::string source;
    std::string received_at;
};

// One figure of the grid whose live value differs from the frozen one.
struct FigureChange {
    std::string period, area, indicator;
    boost::json::value frozen, live;
    std::vector<DeliveryRef> deliveries;  // the later deliveries that wrote records the indicator counts
};

// Every figure of the edition's grid that differs from the live figures,
// in the grid's order (period, area, indicator).
Result<std::vector<FigureChange>> edition_diff(storage::Store& store, const catalogue::Catalogue& catalogue,
                                               const FrozenEdition& edition);
// {"changes": [{"period", "area", "indicator", "frozen", "live", "deliveries": [{"id", "source", "received_at"}]}]}
boost::json::object diff_json(const std::vector<FigureChange>& changes);

// The report behind casework's cases about a year's report: the approval
// guard (the text blocks still to write) and freezing at "vastgesteld".
std::shared_ptr<casework::ReportSubject> report_subject(const EditionContext& ctx, std::string now);

}  // namespace grip::report

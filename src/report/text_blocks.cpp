#include "report/text_blocks.h"

#include <algorithm>
#include <set>

#include "common/date.h"

namespace grip::report {
namespace {

// A linked motion: adopted by the end of the year and not yet disposed of or rejected.
bool linked_to(const storage::StoredRecord& motion, int year) {
    const auto status = motion.record.text("status");
    return motion.record.text("adopted") <= Period::year_of(year).last_day().iso() && status != "afgedaan" &&
           status != "verworpen";
}

bool blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

Result<std::vector<std::string>> report_text_blocks(storage::Store& store, const catalogue::Catalogue& catalogue,
                                                    int year) {
    std::vector<std::string> out;
    for (const auto& [block, text] : catalogue.report.text_blocks) out.push_back(block);
    for (const auto& rec : TRY(store.all_current(records::Kind::Motion)))
        if (linked_to(rec, year)) out.push_back("motie." + rec.record.id);
    return out;
}

Result<std::vector<std::string>> unwritten_text_blocks(storage::Store& store, const catalogue::Catalogue& catalogue,
                                                       int year) {
    std::set<std::string> written;
    for (const auto& t : TRY(store.report_texts(year)))
        if (!blank(t.text)) written.insert(t.block);
    std::vector<std::string> out;
    for (const auto& block : catalogue.report.text_blocks_to_write) {
        const auto it = catalogue.report.text_blocks.find(block);
        const bool has_default = it != catalogue.report.text_blocks.end() && !blank(it->second);
        if (!written.count(block) && !has_default) out.push_back(block);
    }
    for (const auto& rec : TRY(store.all_current(records::Kind::Motion))) {
        if (!linked_to(rec, year)) continue;
        const std::string block = "motie." + rec.record.id;
        if (!written.count(block) && blank(rec.record.text("response"))) out.push_back(block);
    }
    return out;
}

Result<TextCopy> copy_text_blocks(storage::Store& store, const catalogue::Catalogue& catalogue, int from, int year) {
    const auto blocks = TRY(report_text_blocks(store, catalogue, year));
    const auto present = TRY(store.report_texts(year));
    TextCopy out;
    for (const auto& t : TRY(store.report_texts(from))) {
        if (blank(t.text) || std::find(blocks.begin(), blocks.end(), t.block) == blocks.end()) continue;
        if (std::any_of(present.begin(), present.end(), [&](const auto& p) { return p.block == t.block; })) {
            out.kept.push_back(t.block);
            continue;
        }
        TRY(store.set_report_text(year, t.block, t.text));
        out.copied.push_back(t.block);
    }
    return out;
}

}  // namespace grip::report

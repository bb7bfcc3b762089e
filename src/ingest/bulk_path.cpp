#include "ingest/bulk_path.h"

#include "records/kind.h"

namespace grip::ingest {

std::string_view path_name(ImportPath path) {
    switch (path) {
        case ImportPath::Auto: return "auto";
        case ImportPath::Record: return "record";
        case ImportPath::Bulk: return "bulk";
    }
    return "auto";
}

std::optional<ImportPath> parse_path(std::string_view text) {
    for (auto p : {ImportPath::Auto, ImportPath::Record, ImportPath::Bulk})
        if (text == path_name(p)) return p;
    return std::nullopt;
}

Result<bool> holds_no_record(storage::Store& store) {
    for (auto kind : records::kAllKinds)
        if (!TRY(store.list_current(kind, storage::RecordFilter{}, "", 1)).empty()) return false;
    return true;
}

ImportPath choose_path(ImportPath asked, std::optional<uint64_t> size, bool empty_store) {
    if (asked != ImportPath::Auto) return asked;
    return size && *size >= kBulkMinBytes && empty_store ? ImportPath::Bulk : ImportPath::Record;
}

}  // namespace grip::ingest

// Filtered lists of current records (the API's list routes) and the
// need-to-know question "does this user's organisation have an activity with
// this person?"; the filter's SQL is shared with the other backends
// (storage/record_filter_sql).

#include <fmt/format.h>

#include "storage/query_sql.h"
#include "storage/record_filter_sql.h"
#include "storage/sqlite/sqlite_schema.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {
using records::Kind;

Result<std::vector<StoredRecord>> SqliteStore::list_current(Kind kind, const RecordFilter& filter,
                                                            std::string_view after_id, int limit) {
    std::vector<StoredRecord> out;
    FilterSql w = filter_sql(kind, filter, Placeholders::Question, municipality_);
    if (w.impossible() || limit <= 0) return out;
    w.add("t.id > " + w.param(std::string(after_id)));
    // The limit is a parameter, not part of the SQL text: the statement cache
    // is keyed by the text, and a page size from 1 to 500 would fill it.
    auto* st = TRY(db_->prepare(fmt::format("SELECT {} FROM {} t{} ORDER BY t.id LIMIT ?", select_columns(kind, "t."),
                                            table_of(kind), w.where())));
    for (size_t i = 0; i < w.params().size(); ++i) st->bind(static_cast<int>(i + 1), std::string_view(w.params()[i]));
    st->bind(static_cast<int>(w.params().size() + 1), static_cast<int64_t>(limit));
    while (TRY(st->step())) out.push_back(TRY(read_row(kind, *st)));
    st->reset();
    return out;
}

Result<bool> SqliteStore::any_activity(const RecordFilter& filter) { return portable::any_activity(session_, filter); }

Result<std::vector<SourceArrival>> SqliteStore::source_arrivals(std::string_view date_from, std::string_view date_to,
                                                                const std::vector<std::string>& activity_types) {
    return portable::source_arrivals(session_, date_from, date_to, activity_types);
}

Result<std::optional<int64_t>> SqliteStore::find_subject(const Pseudonym& pseudonym) {
    auto* find = TRY(db_->prepare("SELECT id FROM subject WHERE pseudonym = ?"));
    find->bind_blob(1, pseudonym.data(), pseudonym.size());
    std::optional<int64_t> out;
    if (TRY(find->step())) out = find->int64(0);
    find->reset();
    return out;
}

}  // namespace grip::storage::sqlite

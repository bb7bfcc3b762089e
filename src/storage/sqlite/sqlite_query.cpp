// Filtered lists of current records (the API's list routes) and the
// need-to-know question "does this user's organisation have an activity with
// this person?"; the filter's SQL is shared with the other backends
// (storage/record_filter_sql).

#include <fmt/format.h>

#include "storage/arrival_sql.h"
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

Result<bool> SqliteStore::any_activity(const RecordFilter& filter) {
    FilterSql w = filter_sql(Kind::Activity, filter, Placeholders::Question, municipality_);
    if (w.impossible()) return false;
    auto* st = TRY(db_->prepare(fmt::format("SELECT EXISTS(SELECT 1 FROM rec_activity t{})", w.where())));
    for (size_t i = 0; i < w.params().size(); ++i) st->bind(static_cast<int>(i + 1), std::string_view(w.params()[i]));
    const bool found = TRY(st->step()) && st->int64(0) != 0;
    st->reset();
    return found;
}

Result<std::vector<SourceArrival>> SqliteStore::source_arrivals(std::string_view date_from, std::string_view date_to,
                                                                const std::vector<std::string>& activity_types) {
    std::vector<SourceArrival> out;
    const auto q = source_arrivals_query(Placeholders::Question, municipality_, date_from, date_to, activity_types);
    auto* st = TRY(db_->prepare(q.sql));
    for (size_t i = 0; i < q.params.size(); ++i) st->bind(static_cast<int>(i + 1), std::string_view(q.params[i]));
    while (TRY(st->step())) {
        SourceArrival a;
        a.kind = st->text(0) == "aggregate" ? Kind::Aggregate : Kind::Activity;
        a.type = std::string(st->text(1));
        a.organisation = std::string(st->text(2));
        a.location = std::string(st->text(3));
        a.period = std::string(st->text(4));
        a.records = st->int64(5);
        a.first_at = std::string(st->text(6));
        a.last_at = std::string(st->text(7));
        out.push_back(std::move(a));
    }
    st->reset();
    return out;
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

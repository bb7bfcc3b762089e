// Filtered lists of current records (the API's list routes) and the
// need-to-know question "does this user's organisation have an activity with
// this person?". The filter names fields of the exchange format; a filter on
// a field a kind does not have matches nothing, so that a list never returns
// more than was asked for.

#include <fmt/format.h>

#include "storage/sqlite/schema.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {
using records::Kind;

namespace {

bool has_column(Kind kind, std::string_view field) {
    for (const auto* f : plain_columns(kind))
        if (f->name == field) return true;
    return false;
}

// The date field a period filter applies to.
std::string_view date_field(Kind kind) {
    switch (kind) {
        case Kind::Activity:
        case Kind::Milestone: return "date";
        case Kind::Motion: return "adopted";
        case Kind::Aggregate: return "period";
        case Kind::Location: return "opened";
        default: return {};
    }
}

// Builds "WHERE ..." with its parameters, in order.
struct Where {
    std::vector<std::string> terms;
    std::vector<std::string> params;
    bool impossible = false;

    void equals(Kind kind, std::string_view field, const std::string& value) {
        if (value.empty()) return;
        if (!has_column(kind, field)) {
            impossible = true;
            return;
        }
        terms.push_back(fmt::format("t.\"{}\" = ?", field));
        params.push_back(value);
    }
    std::string parameter_list(const std::vector<std::string>& values) {
        std::string out;
        for (size_t i = 0; i < values.size(); ++i) {
            out += i ? ", ?" : "?";
            params.push_back(values[i]);
        }
        return out;
    }
    std::string sql() const {
        std::string out;
        for (size_t i = 0; i < terms.size(); ++i) out += (i ? " AND " : " WHERE ") + terms[i];
        return out;
    }
};

Where where_of(Kind kind, const RecordFilter& filter) {
    Where w;
    if (!filter.include_withdrawn) w.terms.emplace_back("t.withdrawn = 0");
    w.equals(kind, "type", filter.type);
    w.equals(kind, "location", filter.location);
    w.equals(kind, "organisation", filter.organisation);
    w.equals(kind, "person", filter.person);
    w.equals(kind, "address", filter.address);
    if (filter.subject) {
        if (kind == Kind::Person || kind == Kind::Address) {
            w.terms.emplace_back("t.subject = ?");
            w.params.push_back(std::to_string(filter.subject));
        } else {
            w.impossible = true;
        }
    }
    if (!filter.date_from.empty() || !filter.date_to.empty()) {
        const auto field = date_field(kind);
        if (field.empty()) {
            w.impossible = true;
        } else if (kind == Kind::Aggregate) {
            // A period "2023-Q2" or "2023-05" lies within a year filter by its text.
            w.terms.push_back(fmt::format("substr(t.\"{0}\", 1, 4) >= substr(?, 1, 4) AND substr(t.\"{0}\", 1, 4) <= substr(?, 1, 4)", field));
            w.params.push_back(filter.date_from);
            w.params.push_back(filter.date_to);
        } else {
            w.terms.push_back(fmt::format("t.\"{0}\" >= ? AND t.\"{0}\" <= ?", field));
            w.params.push_back(filter.date_from);
            w.params.push_back(filter.date_to);
        }
    }
    if (!filter.areas.empty()) {
        if (kind == Kind::Activity) {
            // The area of an activity is its own, else its address's, else its location's.
            const std::string in = w.parameter_list(filter.areas);
            w.terms.push_back(fmt::format(
                "COALESCE(t.area, (SELECT a.area FROM rec_address a WHERE a.id = t.address),"
                " (SELECT l.area FROM rec_location l WHERE l.id = t.location)) IN ({})",
                in));
        } else if (kind == Kind::Area) {
            w.terms.push_back(fmt::format("t.id IN ({})", w.parameter_list(filter.areas)));
        } else if (has_column(kind, "area")) {
            w.terms.push_back(fmt::format("t.area IN ({})", w.parameter_list(filter.areas)));
        } else {
            w.impossible = true;
        }
    }
    if (filter.scoped) {
        // Need-to-know: only the activities of the user's organisation or locations.
        std::vector<std::string> alternatives;
        if (!filter.scope_organisation.empty() && has_column(kind, "organisation")) {
            alternatives.emplace_back("t.organisation = ?");
            w.params.push_back(filter.scope_organisation);
        }
        if (!filter.scope_locations.empty() && has_column(kind, "location"))
            alternatives.push_back(fmt::format("t.location IN ({})", w.parameter_list(filter.scope_locations)));
        if (alternatives.empty()) {
            w.impossible = true;
        } else {
            std::string any;
            for (size_t i = 0; i < alternatives.size(); ++i) any += (i ? " OR " : "") + alternatives[i];
            w.terms.push_back("(" + any + ")");
        }
    }
    return w;
}

}  // namespace

Result<std::vector<StoredRecord>> SqliteStore::list_current(Kind kind, const RecordFilter& filter,
                                                            std::string_view after_id, int limit) {
    std::vector<StoredRecord> out;
    Where w = where_of(kind, filter);
    if (w.impossible || limit <= 0) return out;
    w.terms.emplace_back("t.id > ?");
    w.params.emplace_back(after_id);
    auto* st = TRY(db_->prepare(fmt::format("SELECT {} FROM {} t{} ORDER BY t.id LIMIT {}", select_columns(kind, "t."),
                                            table_of(kind), w.sql(), limit)));
    for (size_t i = 0; i < w.params.size(); ++i) st->bind(static_cast<int>(i + 1), std::string_view(w.params[i]));
    while (TRY(st->step())) out.push_back(TRY(read_row(kind, *st)));
    st->reset();
    return out;
}

Result<bool> SqliteStore::any_activity(const RecordFilter& filter) {
    Where w = where_of(Kind::Activity, filter);
    if (w.impossible) return false;
    auto* st = TRY(db_->prepare(fmt::format("SELECT EXISTS(SELECT 1 FROM rec_activity t{})", w.sql())));
    for (size_t i = 0; i < w.params.size(); ++i) st->bind(static_cast<int>(i + 1), std::string_view(w.params[i]));
    const bool found = TRY(st->step()) && st->int64(0) != 0;
    st->reset();
    return found;
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

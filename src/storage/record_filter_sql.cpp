#include "storage/record_filter_sql.h"

#include <fmt/format.h>

#include "storage/table_layout.h"

namespace grip::storage {
using records::Kind;

namespace {

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

}  // namespace

std::string FilterSql::param(std::string value) {
    params_.push_back(std::move(value));
    return style_ == Placeholders::Question ? std::string("?") : fmt::format("${}", params_.size());
}

std::string FilterSql::param_list(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + param(v);
    return out;
}

void FilterSql::equals(Kind kind, std::string_view field, const std::string& value) {
    if (value.empty()) return;
    if (!has_column(kind, field)) {
        impossible_ = true;
        return;
    }
    add(fmt::format("t.\"{}\" = {}", field, param(value)));
}

std::string FilterSql::where() const {
    std::string out;
    for (size_t i = 0; i < terms_.size(); ++i) out += (i ? " AND " : " WHERE ") + terms_[i];
    return out;
}

FilterSql filter_sql(Kind kind, const RecordFilter& filter, Placeholders style, std::string_view municipality) {
    FilterSql w(style);
    if (municipality != kEveryMunicipality) w.add("t.municipality = " + w.param(std::string(municipality)));
    if (!filter.include_withdrawn) w.add("t.withdrawn = 0");
    w.equals(kind, "type", filter.type);
    w.equals(kind, "location", filter.location);
    w.equals(kind, "organisation", filter.organisation);
    w.equals(kind, "person", filter.person);
    w.equals(kind, "address", filter.address);
    if (filter.subject) {
        if (kind == Kind::Person || kind == Kind::Address)
            w.add("t.subject = " + w.param(std::to_string(filter.subject)));
        else w.never();
    }
    if (!filter.date_from.empty() || !filter.date_to.empty()) {
        const auto field = date_field(kind);
        if (field.empty()) {
            w.never();
        } else if (kind == Kind::Aggregate) {
            // A period "2023-Q2" or "2023-05" lies within a year filter by its text.
            const std::string from = w.param(filter.date_from);
            const std::string to = w.param(filter.date_to);
            w.add(fmt::format(
                "substr(t.\"{0}\", 1, 4) >= substr({1}, 1, 4) AND substr(t.\"{0}\", 1, 4) <= substr({2}, 1, 4)", field,
                from, to));
        } else {
            const std::string from = w.param(filter.date_from);
            const std::string to = w.param(filter.date_to);
            w.add(fmt::format("t.\"{0}\" >= {1} AND t.\"{0}\" <= {2}", field, from, to));
        }
    }
    if (!filter.areas.empty()) {
        if (kind == Kind::Activity) {
            // The area of an activity is its own, else its address's, else its location's.
            w.add(
                fmt::format("COALESCE(t.area, (SELECT a.area FROM rec_address a WHERE a.municipality = t.municipality"
                            " AND a.id = t.address), (SELECT l.area FROM rec_location l"
                            " WHERE l.municipality = t.municipality AND l.id = t.location)) IN ({})",
                            w.param_list(filter.areas)));
        } else if (kind == Kind::Area) {
            w.add(fmt::format("t.id IN ({})", w.param_list(filter.areas)));
        } else if (has_column(kind, "area")) {
            w.add(fmt::format("t.area IN ({})", w.param_list(filter.areas)));
        } else {
            w.never();
        }
    }
    if (filter.scoped) {
        // Need-to-know: only the activities of the user's organisation or locations.
        std::vector<std::string> alternatives;
        if (!filter.scope_organisation.empty() && has_column(kind, "organisation"))
            alternatives.push_back("t.organisation = " + w.param(filter.scope_organisation));
        if (!filter.scope_locations.empty() && has_column(kind, "location"))
            alternatives.push_back(fmt::format("t.location IN ({})", w.param_list(filter.scope_locations)));
        if (alternatives.empty()) {
            w.never();
        } else {
            std::string any;
            for (size_t i = 0; i < alternatives.size(); ++i) any += (i ? " OR " : "") + alternatives[i];
            w.add("(" + any + ")");
        }
    }
    return w;
}

}  // namespace grip::storage

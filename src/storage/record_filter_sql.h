#pragma once
// The WHERE clause of a filtered list of current records (the API's list
// routes and the need-to-know question), written once for every backend.
// The filter names fields of the exchange format; a filter on a field a kind
// does not have matches nothing, so that a list never returns more than was
// asked for. The record table is aliased `t`.

#include <string>
#include <vector>

#include "storage/store.h"

namespace grip::storage {

// How a backend writes a query parameter: SQLite's `?` or PostgreSQL's `$1`.
enum class Placeholders { Question, Numbered };

class FilterSql {
public:
    explicit FilterSql(Placeholders style) : style_(style) {}

    // Adds a parameter and returns its placeholder.
    std::string param(std::string value);
    std::string param_list(const std::vector<std::string>& values);
    void add(std::string term) { terms_.push_back(std::move(term)); }
    void equals(records::Kind kind, std::string_view field, const std::string& value);
    void never() { impossible_ = true; }

    // " WHERE a AND b", or empty.
    std::string where() const;
    const std::vector<std::string>& params() const { return params_; }
    // A filter on something the kind does not have: nothing matches.
    bool impossible() const { return impossible_; }

private:
    Placeholders style_;
    std::vector<std::string> terms_;
    std::vector<std::string> params_;
    bool impossible_ = false;
};

// Limited to the rows of `municipality` (a connection's scope; every
// municipality's for kEveryMunicipality).
FilterSql filter_sql(records::Kind kind, const RecordFilter& filter, Placeholders style, std::string_view municipality);

}  // namespace grip::storage

#pragma once
// The SQL of Store::source_arrivals, written once for both backends: per
// source and period, how many current records there are and when the first
// and the last of them first came in (the recorded_at of their version 1,
// from the history when they were changed since).

#include <string>
#include <string_view>
#include <vector>

#include "storage/record_filter_sql.h"

namespace grip::storage {

// The statement and its parameters, in the order of `style`.
struct ArrivalQuery {
    std::string sql;
    std::vector<std::string> params;
};

ArrivalQuery source_arrivals_query(Placeholders style, std::string_view municipality, std::string_view date_from,
                                   std::string_view date_to, const std::vector<std::string>& activity_types);

}  // namespace grip::storage

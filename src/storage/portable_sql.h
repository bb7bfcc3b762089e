#pragma once
// SQL written once for both backends. Portable statements use `?` for their
// parameters, as SQLite takes them; PostgreSQL takes `$1`, `$2`, ..., so its
// backend rewrites them once (as Drogon's ORM mapper does). A `?` inside a
// quoted string or identifier is left alone.

#include <string>
#include <string_view>

namespace grip::storage {

// `sql` with its `?` placeholders numbered `$1`, `$2`, ... from left to right.
std::string numbered_placeholders(std::string_view sql);

}  // namespace grip::storage

#pragma once
// Where a store is: a file path (SQLite) or a server URL (PostgreSQL,
// postgresql://user@host:port/database). Code outside storage/ needs to know
// that much only to name the store to people and to put files beside it.

#include <string>
#include <string_view>

namespace grip::storage {

// True for postgresql:// and postgres:// URLs.
bool is_server_url(std::string_view location);

// The location as it may be shown or logged: a URL without its password
// (also when it is given as a `password=` parameter); a path as it is.
std::string display_location(std::string_view location);

// A short name of the store for file names beside it: the database of a URL
// ("grip" when it has none), the file name of a path.
std::string store_name(std::string_view location);

}  // namespace grip::storage

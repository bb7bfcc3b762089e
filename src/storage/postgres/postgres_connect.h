#pragma once
// Opening a PostgreSQL store from its URL (postgresql://user@host:port/db):
// the database is made when it does not exist yet, as SQLite makes its file.

#include <memory>
#include <string>

#include "storage/postgres/postgres_db.h"

namespace grip::storage::postgres {

// Connects to the URL's database, creating it first when the server does not
// have it. Errors name the server and database, never a password.
Result<std::unique_ptr<Connection>> connect(const std::string& url);

}  // namespace grip::storage::postgres

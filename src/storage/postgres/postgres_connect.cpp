#include "storage/postgres/postgres_connect.h"

#include <fmt/format.h>

namespace grip::storage::postgres {

namespace {

// The URL's settings as libpq reads them, with some replaced.
class Settings {
public:
    static Result<Settings> parse(const std::string& url) {
        char* err = nullptr;
        PQconninfoOption* options = PQconninfoParse(url.c_str(), &err);
        if (!options) {
            // libpq's message names the part it cannot read, not the password.
            std::string why = err ? err : "out of memory";
            PQfreemem(err);
            while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
            return Error::invalid(fmt::format("the store is not a valid PostgreSQL URL: {}", why));
        }
        Settings s;
        for (auto* o = options; o->keyword; ++o)
            if (o->val && *o->val) s.values_.emplace_back(o->keyword, o->val);
        PQconninfoFree(options);
        return s;
    }

    std::string get(std::string_view key) const {
        for (const auto& [k, v] : values_)
            if (k == key) return v;
        return {};
    }
    void set(const std::string& key, const std::string& value) {
        for (auto& [k, v] : values_)
            if (k == key) {
                v = value;
                return;
            }
        values_.emplace_back(key, value);
    }

    // "host:port", for messages.
    std::string server() const {
        std::string host = get("host");
        if (host.empty()) host = get("hostaddr");
        if (host.empty()) host = "the local socket";
        const std::string port = get("port");
        return port.empty() ? host : fmt::format("{}:{}", host, port);
    }

    PGconn* connect_to(const std::string& database) const {
        Settings s = *this;
        if (!database.empty()) s.set("dbname", database);
        s.set("client_encoding", "UTF8");
        if (s.get("application_name").empty()) s.set("fallback_application_name", "grip");
        std::vector<const char*> keys, values;
        for (const auto& [k, v] : s.values_) {
            keys.push_back(k.c_str());
            values.push_back(v.c_str());
        }
        keys.push_back(nullptr);
        values.push_back(nullptr);
        return PQconnectdbParams(keys.data(), values.data(), 0);
    }

private:
    std::vector<std::pair<std::string, std::string>> values_;
};

// Notices ("table exists already, skipping") are no errors: not printed.
void ignore_notice(void*, const char*) {}

std::string failure_of(PGconn* conn) {
    std::string message = PQerrorMessage(conn);
    for (char& c : message)
        if (c == '\n' || c == '\t') c = ' ';
    while (!message.empty() && message.back() == ' ') message.pop_back();
    return message;
}

// Makes the database on the same server through its `postgres` database.
// Returns false when it exists already (the first connection failed for
// another reason).
Result<bool> create_database(const Settings& settings, const std::string& database) {
    PGconn* admin = settings.connect_to("postgres");
    Connection conn(admin);
    if (PQstatus(admin) != CONNECTION_OK)
        return Error::io(fmt::format("cannot connect to the PostgreSQL server {} to create the database {}: {}",
                                     settings.server(), database, failure_of(admin)));
    PQsetNoticeProcessor(admin, ignore_notice, nullptr);
    auto found = TRY(conn.query("SELECT 1 FROM pg_database WHERE datname = $1", Params().add(database)));
    if (!found.empty()) return false;
    // From template1, as createdb does, so that what the administrator put
    // there comes along (the amcheck extension the integrity check uses);
    // from template0 when template1 is not UTF-8, since only template0 can
    // be copied into another encoding, or when template1 cannot be copied
    // now (someone is connected to it).
    auto utf8 = TRY(
        conn.query("SELECT 1 FROM pg_database WHERE datname = 'template1' AND pg_encoding_to_char(encoding) = 'UTF8'"));
    char* quoted = PQescapeIdentifier(admin, database.data(), database.size());
    if (!quoted) return Error::invalid(fmt::format("the database name {} cannot be used", database));
    const std::string create = fmt::format("CREATE DATABASE {} TEMPLATE ", quoted);
    PQfreemem(quoted);
    auto created = utf8.empty() ? Status(Error::storage("template1 is not UTF-8"))
                                : conn.exec(create + "template1 ENCODING 'UTF8'");
    if (!created && created.error().code != ErrorCode::Conflict)
        created = conn.exec(create + "template0 ENCODING 'UTF8'");
    // Another process making the same database at the same time is fine.
    if (!created && created.error().code != ErrorCode::Conflict)
        return Error::storage(fmt::format("cannot create the database {} on the PostgreSQL server {}: {}", database,
                                          settings.server(), created.error().message));
    return true;
}

}  // namespace

Result<std::unique_ptr<Connection>> connect(const std::string& url) {
    const Settings settings = TRY(Settings::parse(url));
    const std::string database = settings.get("dbname");
    PGconn* conn = settings.connect_to({});
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string first = failure_of(conn);
        PQfinish(conn);
        conn = nullptr;
        // The server tells "does not exist" in its own language: ask it instead.
        auto created = database.empty() ? Result<bool>(false) : create_database(settings, database);
        if (created && *created) conn = settings.connect_to({});
        if (!conn || PQstatus(conn) != CONNECTION_OK) {
            const std::string why = conn ? failure_of(conn) : first;
            if (conn) PQfinish(conn);
            if (!created && created.error().code != ErrorCode::Io) return created.take_error();
            return Error::io(fmt::format("cannot connect to the PostgreSQL server {} (database {}): {}",
                                         settings.server(), database.empty() ? "by default" : database, why));
        }
    }
    PQsetNoticeProcessor(conn, ignore_notice, nullptr);
    return std::make_unique<Connection>(conn);
}

}  // namespace grip::storage::postgres

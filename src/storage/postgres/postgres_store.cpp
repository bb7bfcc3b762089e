#include "storage/postgres/postgres_store.h"

#include <cstring>

#include <fmt/format.h>

#include "storage/delivery_sql.h"
#include "storage/postgres/postgres_connect.h"
#include "storage/postgres/postgres_schema.h"
#include "storage/row_values.h"
#include "storage/table_layout.h"

namespace grip::storage::postgres {
namespace json = boost::json;
using records::FieldType;
using records::Kind;

namespace {

// The type a parameter is cast to where the server cannot infer it.
std::string_view cast_type(FieldType t) {
    switch (t) {
        case FieldType::Int:
        case FieldType::Bool: return "bigint";
        case FieldType::Number: return "numeric";
        default: return "text";
    }
}

json::value read_field(const Rows& rows, int row, int col, const records::FieldSpec& f) {
    if (is_json_column(f.type)) return json::parse(rows.text(row, col));
    switch (f.type) {
        case FieldType::Int: return rows.int64(row, col);
        case FieldType::Bool: return rows.int64(row, col) != 0;
        case FieldType::Number:
            // As SQLite's NUMERIC affinity gives it back: whole numbers as integers.
            if (rows.is_whole(row, col)) return rows.int64(row, col);
            return rows.real(row, col);
        default: return json::string(rows.text(row, col));
    }
}

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const std::string& url, std::string_view municipality) {
    TRY(check_scope(municipality));
    auto conn = TRY(connect(url));
    TRY(migrate(*conn, municipality));
    auto store = std::unique_ptr<PostgresStore>(new PostgresStore(std::move(conn)));
    TRY(store->set_municipality(municipality));
    return store;
}

Status PostgresStore::set_municipality(std::string_view code) {
    TRY(check_scope(code));
    // A setting made inside a transaction is undone with its rollback.
    if (in_transaction()) return Error::invalid("store: the municipality changes between transactions only");
    // The server sets it per request: the same scope again needs no round
    // trip, since between transactions the session's setting is the scope.
    if (code == municipality_) return ok_status();
    TRY(set_session_scope(code));
    municipality_ = std::string(code);
    prepare_reads();
    return ok_status();
}

Status PostgresStore::set_session_scope(std::string_view code) {
    TRY(conn_->query("SELECT set_config('app.municipality', $1, false)", Params().add(code)));
    return ok_status();
}

Status PostgresStore::across_municipalities(const std::function<Status()>& work) {
    TRY(set_session_scope(kEveryMunicipality));
    auto status = work();
    auto restored = set_session_scope(municipality_);
    if (!status) return status;
    return restored;
}

std::string PostgresStore::in_scope(std::string_view column, int n) const {
    if (every_municipality()) return fmt::format("${}::text = '*'", n);
    return fmt::format("{} = ${}", column, n);
}

Status PostgresStore::check_writable() const { return check_writable_scope(municipality_); }

Result<std::vector<std::string>> PostgresStore::municipalities() {
    auto rows = TRY(conn_->query(fmt::format("SELECT municipality FROM delivery WHERE {0} UNION "
                                             "SELECT municipality FROM \"user\" WHERE {0} ORDER BY 1",
                                             in_scope("municipality", 1)),
                                 Params().add(std::string_view(municipality_))));
    std::vector<std::string> out;
    for (int r = 0; r < rows.size(); ++r) out.emplace_back(rows.text(r, 0));
    return out;
}

void PostgresStore::prepare_reads() {
    for (Kind kind : records::kAllKinds) {
        const std::string table = table_of(kind);
        KindSql& s = sql(kind);
        s.current = fmt::format("SELECT {} FROM {} WHERE {} AND id = $2", select_columns(kind), table,
                                in_scope("municipality", 1));
        s.recorded_at =
            fmt::format("SELECT recorded_at FROM {} WHERE {} AND id = $2", table, in_scope("municipality", 1));
    }
}

PostgresStore::PostgresStore(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {
    for (Kind kind : records::kAllKinds) {
        const auto cols = plain_columns(kind);
        plain_columns_[static_cast<size_t>(kind)] = cols;
        const std::string table = table_of(kind);
        KindSql& s = sql(kind);
        s.any = fmt::format("SELECT EXISTS(SELECT 1 FROM {} WHERE municipality = $1)", table);
        // The history body: json, not jsonb, so that its keys keep the column order.
        std::string body = "json_build_object(";
        for (size_t i = 0; i < cols.size(); ++i)
            body += fmt::format("{}'{}', \"{}\"{}", i ? ", " : "", cols[i]->name, cols[i]->name,
                                is_json_column(cols[i]->type) ? "::json" : "");
        body += ")::text";
        s.keep = fmt::format(
            "INSERT INTO history(municipality, kind, id, seq, delivery, withdrawn, hash, body, sealed, recorded_at) "
            "SELECT municipality, '{}', id, seq, delivery, withdrawn, hash, {}, sealed, recorded_at FROM {} "
            "WHERE municipality = $1 AND id = $2",
            records::kind_name(kind), body, table);
        // Parameters: $1 municipality, $2 id, $3 seq (1), $4 delivery,
        // $5 withdrawn, $6 hash, $7 subject, $8 sealed, $9 recorded_at, then
        // the fields.
        std::string names = "municipality, id, seq, delivery, withdrawn, hash, subject, sealed, recorded_at";
        std::string params = "$1, $2, $3, $4, $5, $6, $7, $8, $9";
        std::string typed =
            "$1::text, $2::text, $3::bigint, $4::bigint, $5::bigint, $6::bytea, $7::bigint, $8::bytea, $9::text";
        std::string updates = fmt::format(
            "seq = {}.seq + 1, delivery = excluded.delivery, withdrawn = excluded.withdrawn, hash = excluded.hash, "
            "subject = excluded.subject, sealed = excluded.sealed, recorded_at = excluded.recorded_at",
            table);
        // $3 is 1: the first version's number, and the step to the next one.
        std::string sets =
            "seq = seq + $3, delivery = $4, withdrawn = $5, hash = $6, subject = $7, sealed = $8, "
            "recorded_at = $9";
        int n = 10;
        for (const auto* f : cols) {
            names += fmt::format(", \"{}\"", f->name);
            params += fmt::format(", ${}", n);
            typed += fmt::format(", ${}::{}", n, cast_type(f->type));
            updates += fmt::format(", \"{0}\" = excluded.\"{0}\"", f->name);
            sets += fmt::format(", \"{}\" = ${}", f->name, n);
            ++n;
        }
        // No ON CONFLICT: were the id there after all, the transaction fails
        // rather than lose the record.
        s.insert_fresh = fmt::format("INSERT INTO {}({}) VALUES({})", table, names, params);
        s.table = table;
        s.columns = names;
        s.replace = fmt::format("UPDATE {} SET {} WHERE municipality = $1 AND id = $2", table, sets);
        s.upsert = fmt::format("INSERT INTO {0}({1}) VALUES({2}) ON CONFLICT(municipality, id) DO UPDATE SET {3}",
                               table, names, params, updates);
        // NOT EXISTS first: a conflicting INSERT would use up an identity value
        // (rid, the id of an area) where SQLite's does not.
        s.insert_new = fmt::format(
            "INSERT INTO {0}({1}) SELECT {2} WHERE NOT EXISTS "
            "(SELECT 1 FROM {0} WHERE municipality = $1::text AND id = $2::text) "
            "ON CONFLICT(municipality, id) DO NOTHING",
            table, names, typed);
    }
}

Status PostgresStore::begin() {
    if (in_transaction()) return Error::storage("store: cannot start a transaction within a transaction");
    // Writers take turns, across processes, like SQLite's BEGIN IMMEDIATE: an
    // import on the command line and the server's writer never interleave.
    // Statements are planned for the table as it is at each run (custom
    // plans): a delivery grows its tables inside one transaction, unseen by
    // the statistics, and a generic plan made while a table was empty stays
    // in the prepared statement. For `insert_new` on rec_activity that plan
    // looked up the id through (municipality, type, date), reading every
    // activity of the municipality per insert: a 10M delivery slowed to 50
    // records/s once its first 1M ids had been written (bench/run 10m).
    auto started = conn_->exec(
        fmt::format("BEGIN; SET LOCAL plan_cache_mode = force_custom_plan; SELECT pg_advisory_xact_lock({})",
                    kWriterLock));
    if (!started) {
        conn_->rollback();
        return started.take_error();
    }
    transaction_started();
    forget_fresh();
    conn_->set_pipelining(true);
    return ok_status();
}

Result<std::string> PostgresStore::setting(const std::string& name) {
    auto rows = TRY(conn_->query("SELECT current_setting($1)", Params().add(std::string_view(name))));
    return std::string(rows.text(0, 0));
}

Status PostgresStore::begin_bulk_load() {
    if (!in_transaction()) return Error::invalid("a bulk load runs inside a transaction");
    staging_ = true;
    return ok_status();
}

Status PostgresStore::end_bulk_load() {
    staging_ = false;
    return conn_->flush_staged();
}

Status PostgresStore::add_new_row(const std::string& insert, const std::string& table, const std::string& columns,
                                  const Params& row) {
    if (staging_) return conn_->stage(table, columns, row);
    return conn_->queue(insert, row);
}

Status PostgresStore::commit() {
    staging_ = false;
    TRY(end_fresh_subjects());
    TRY(conn_->commit());
    forget_fresh();
    transaction_ended();
    conn_->set_pipelining(false);
    return ok_status();
}

void PostgresStore::rollback() {
    staging_ = false;
    if (in_transaction()) conn_->rollback();
    forget_fresh();
    transaction_ended();
    conn_->set_pipelining(false);
}

Result<std::optional<std::string>> PostgresStore::meta(std::string_view key) { return portable::meta(session_, key); }

Status PostgresStore::set_meta(std::string_view key, std::string_view value) {
    return portable::set_meta(session_, key, value);
}

StoredRecord PostgresStore::read_row(Kind kind, const Rows& rows, int row) const {
    StoredRecord out;
    const auto& spec = records::kind_spec(kind);
    out.record.kind = kind;
    out.record.id = std::string(rows.text(row, 0));
    out.record.fields[spec.id_field] = out.record.id;
    out.seq = rows.int64(row, 1);
    out.delivery = rows.int64(row, 2);
    out.withdrawn = rows.int64(row, 3) != 0;
    out.record.withdrawn = out.withdrawn;
    const auto hash = rows.bytes(row, 4);
    if (hash.size() == out.hash.size()) std::copy(hash.begin(), hash.end(), out.hash.begin());
    out.subject = rows.is_null(row, 5) ? 0 : rows.int64(row, 5);
    out.sealed = rows.is_null(row, 6) ? std::string() : rows.bytes(row, 6);
    int col = 7;
    for (const auto* f : fields(kind)) {
        if (!rows.is_null(row, col)) out.record.fields[f->name] = read_field(rows, row, col, *f);
        ++col;
    }
    return out;
}

Result<std::optional<StoredRecord>> PostgresStore::current(Kind kind, std::string_view id) {
    auto rows = TRY(conn_->query(sql(kind).current, Params().add(std::string_view(municipality_)).add(id)));
    if (rows.empty()) return std::optional<StoredRecord>();
    return std::optional<StoredRecord>(read_row(kind, rows, 0));
}

Params PostgresStore::version_params(const records::Record& record, const WriteMeta& meta) {
    Params p;
    p.add(std::string_view(municipality_)).add(std::string_view(record.id)).add(int64_t{1}).add(meta.delivery);
    p.add(int64_t{record.withdrawn ? 1 : 0});
    p.add_bytes(meta.hash.data(), meta.hash.size());
    if (meta.subject) p.add(meta.subject);
    else p.add_null();
    if (!meta.sealed.empty()) p.add_bytes(meta.sealed);
    else p.add_null();
    p.add(std::string_view(version_stamp()));
    for (const auto* f : fields(record.kind))
        p.add(field_cell(*f, record.withdrawn ? nullptr : record.fields.if_contains(f->name)));
    return p;
}

Status PostgresStore::write(const records::Record& record, const WriteMeta& meta) {
    TRY(check_writable());
    KindSql& s = sql(record.kind);
    if (Fresh& f = fresh_[static_cast<size_t>(record.kind)];
        f.state == Fresh::State::Empty && f.ids.insert(std::hash<std::string>{}(record.id)).second)
        ++fresh_ids_;
    if (!meta.previous) return conn_->queue(s.upsert, version_params(record, meta));
    // Keep the version being replaced in the history, then replace it.
    TRY(conn_->queue(s.keep, Params().add(std::string_view(municipality_)).add(std::string_view(record.id))));
    return conn_->queue(s.replace, version_params(record, meta));
}

Result<bool> PostgresStore::write_new(const records::Record& record, const WriteMeta& meta) {
    TRY(check_writable());
    if (in_transaction() && TRY(written_fresh(record, meta))) return true;
    auto rows = TRY(conn_->query(sql(record.kind).insert_new, version_params(record, meta)));
    return rows.affected() > 0;
}

Result<bool> PostgresStore::written_fresh(const records::Record& record, const WriteMeta& meta) {
    // 8 to 16 bytes an id: 24M ids (a 10M delivery holds some 13M) take
    // at most 400 MiB.
    constexpr size_t kMaxFreshIds = 24'000'000;
    Fresh& f = fresh_[static_cast<size_t>(record.kind)];
    if (f.state == Fresh::State::Unknown) {
        // Empty for the scope: the other municipalities' ids do not clash.
        auto any = TRY(conn_->query(sql(record.kind).any, Params().add(std::string_view(municipality_))));
        f.state = any.text(0, 0) == "t" ? Fresh::State::Used : Fresh::State::Empty;
    }
    if (f.state != Fresh::State::Empty) return false;
    if (fresh_ids_ >= kMaxFreshIds) {
        for (Fresh& other : fresh_) other = Fresh{Fresh::State::Used, {}};
        fresh_ids_ = 0;
        return false;
    }
    if (!f.ids.insert(std::hash<std::string>{}(record.id)).second) return false;  // written before: ask the server
    ++fresh_ids_;
    const KindSql& s = sql(record.kind);
    TRY(add_new_row(s.insert_fresh, s.table, s.columns, version_params(record, meta)));
    return true;
}

void PostgresStore::forget_fresh() {
    for (Fresh& f : fresh_) f = Fresh{};
    fresh_ids_ = 0;
    subjects_ = FreshSubjects{};
}

size_t PostgresStore::PseudonymHash::operator()(const Pseudonym& p) const {
    uint64_t h = 0;
    std::memcpy(&h, p.data(), sizeof h);
    return static_cast<size_t>(h);
}

Result<std::optional<int64_t>> PostgresStore::fresh_subject(const Pseudonym& pseudonym) {
    // 24 to 48 bytes a subject: at most 400 MiB.
    constexpr size_t kMaxFreshSubjects = 8'000'000;
    if (subjects_.state == Fresh::State::Unknown) {
        auto any = TRY(conn_->query("SELECT EXISTS(SELECT 1 FROM subject)"));
        subjects_.state = any.text(0, 0) == "t" ? Fresh::State::Used : Fresh::State::Empty;
    }
    if (subjects_.state != Fresh::State::Empty) return std::optional<int64_t>();
    if (auto it = subjects_.ids.find(pseudonym); it != subjects_.ids.end()) return std::optional<int64_t>(it->second);
    if (subjects_.ids.size() >= kMaxFreshSubjects) {
        TRY(end_fresh_subjects());
        return std::optional<int64_t>();
    }
    // As SQLite numbers them: the next after the highest, from 1 in an empty table.
    const auto id = static_cast<int64_t>(subjects_.ids.size()) + 1;
    subjects_.ids.emplace(pseudonym, id);
    static const std::string kTable = "subject", kColumns = "id, pseudonym",
                             kInsert = "INSERT INTO subject(id, pseudonym) VALUES($1, $2)";
    TRY(add_new_row(kInsert, kTable, kColumns, Params().add(id).add_bytes(pseudonym.data(), pseudonym.size())));
    return std::optional<int64_t>(id);
}

Status PostgresStore::end_fresh_subjects() {
    if (subjects_.state == Fresh::State::Empty && !subjects_.ids.empty())
        TRY(conn_->queue("SELECT setval(pg_get_serial_sequence('subject', 'id'), $1)",
                         Params().add(static_cast<int64_t>(subjects_.ids.size()))));
    subjects_ = FreshSubjects{};
    subjects_.state = Fresh::State::Used;
    return ok_status();
}

Result<std::vector<std::string>> PostgresStore::activities_referring(std::string_view field, std::string_view id) {
    const auto* f = records::kind_spec(Kind::Activity).field(field);
    if (!f || f->type != FieldType::Ref) return Error::invalid("not a reference field of an activity");
    auto rows = TRY(conn_->query(fmt::format("SELECT id FROM rec_activity WHERE {} AND \"{}\" = $2 AND withdrawn = 0 "
                                             "ORDER BY rid",
                                             in_scope("municipality", 1), field),
                                 Params().add(std::string_view(municipality_)).add(id)));
    std::vector<std::string> out;
    for (int r = 0; r < rows.size(); ++r) out.emplace_back(rows.text(r, 0));
    return out;
}

Result<std::vector<std::string>> PostgresStore::persons_linking(std::string_view id) {
    auto rows = TRY(conn_->query(fmt::format("SELECT id FROM rec_person WHERE {} AND same_as = $2 AND withdrawn = 0 "
                                             "ORDER BY id",
                                             in_scope("municipality", 1)),
                                 Params().add(std::string_view(municipality_)).add(id)));
    std::vector<std::string> out;
    for (int r = 0; r < rows.size(); ++r) out.emplace_back(rows.text(r, 0));
    return out;
}

Status PostgresStore::set_subject(Kind kind, std::string_view id, int64_t subject) {
    TRY(check_writable());
    Params params;
    if (subject) params.add(subject);
    else params.add_null();
    params.add(std::string_view(municipality_)).add(id);
    return conn_->queue(fmt::format("UPDATE {} SET subject = $1 WHERE municipality = $2 AND id = $3", table_of(kind)),
                        params);
}

Result<std::vector<StoredRecord>> PostgresStore::all_current(Kind kind) {
    auto rows = TRY(conn_->query(fmt::format("SELECT {} FROM {} WHERE {} AND withdrawn = 0 ORDER BY id, municipality",
                                             select_columns(kind), table_of(kind), in_scope("municipality", 1)),
                                 Params().add(std::string_view(municipality_))));
    std::vector<StoredRecord> out;
    out.reserve(static_cast<size_t>(rows.size()));
    for (int r = 0; r < rows.size(); ++r) out.push_back(read_row(kind, rows, r));
    return out;
}

Status PostgresStore::for_each_activity(const std::function<Status(const StoredRecord&)>& each) {
    // Page by page in id order: the callback may use the connection between
    // pages, and millions of activities need not be in memory at once.
    // Under every municipality an id can come more than once: the pages
    // follow (id, municipality) then, which the scope's index cannot.
    constexpr int kPage = 5000;
    const std::string columns = select_columns(Kind::Activity);
    const std::string page =
        every_municipality()
            ? fmt::format(
                  "SELECT {}, municipality FROM rec_activity WHERE withdrawn = 0 "
                  "AND (id, municipality) > ($1, $2) ORDER BY id, municipality LIMIT {}",
                  columns, kPage)
            : fmt::format(
                  "SELECT {}, municipality FROM rec_activity WHERE municipality = $2 AND withdrawn = 0 "
                  "AND id > $1 ORDER BY id LIMIT {}",
                  columns, kPage);
    const int municipality_column = 7 + static_cast<int>(fields(Kind::Activity).size());
    std::string after, after_municipality = every_municipality() ? "" : municipality_;
    for (;;) {
        auto rows =
            TRY(conn_->query(page, Params().add(std::string_view(after)).add(std::string_view(after_municipality))));
        for (int r = 0; r < rows.size(); ++r) TRY(each(read_row(Kind::Activity, rows, r)));
        if (rows.size() < kPage) return ok_status();
        after = std::string(rows.text(rows.size() - 1, 0));
        if (every_municipality()) after_municipality = std::string(rows.text(rows.size() - 1, municipality_column));
    }
}

Result<std::vector<HistoryEntry>> PostgresStore::history(Kind kind, std::string_view id) {
    std::vector<HistoryEntry> out;
    auto rows = TRY(conn_->query(fmt::format("SELECT seq, delivery, withdrawn, recorded_at, body FROM history "
                                             "WHERE {} AND kind = $2 AND id = $3 ORDER BY seq, municipality",
                                             in_scope("municipality", 1)),
                                 Params().add(std::string_view(municipality_)).add(records::kind_name(kind)).add(id)));
    for (int r = 0; r < rows.size(); ++r) {
        HistoryEntry e;
        e.seq = rows.int64(r, 0);
        e.delivery = rows.int64(r, 1);
        e.withdrawn = rows.int64(r, 2) != 0;
        e.recorded_at = std::string(rows.text(r, 3));
        e.fields = fields_from_body(kind, id, rows.text(r, 4));
        out.push_back(std::move(e));
    }
    if (auto cur = TRY(current(kind, id))) {
        HistoryEntry e;
        e.seq = cur->seq;
        e.delivery = cur->delivery;
        e.withdrawn = cur->withdrawn;
        e.fields = cur->record.fields;
        auto at = TRY(conn_->query(sql(kind).recorded_at, Params().add(std::string_view(municipality_)).add(id)));
        if (!at.empty()) e.recorded_at = std::string(at.text(0, 0));
        out.push_back(std::move(e));
    }
    return out;
}

Result<int64_t> PostgresStore::count_current(Kind kind) {
    auto rows = TRY(conn_->query(fmt::format("SELECT count(*) FROM {} WHERE {} AND withdrawn = 0", table_of(kind),
                                             in_scope("municipality", 1)),
                                 Params().add(std::string_view(municipality_))));
    return rows.int64(0, 0);
}

Result<int64_t> PostgresStore::subject(const Pseudonym& pseudonym) {
    if (in_transaction())
        if (auto fresh = TRY(fresh_subject(pseudonym))) return *fresh;
    // One round trip: the subject if it exists, else a new one. Not an
    // INSERT ... ON CONFLICT, which would use up an id for every person seen again.
    auto rows = TRY(conn_->query(
        "WITH found AS (SELECT id FROM subject WHERE pseudonym = $1::bytea), "
        "made AS (INSERT INTO subject(pseudonym) SELECT $1::bytea WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id) "
        "SELECT id FROM found UNION ALL SELECT id FROM made",
        Params().add_bytes(pseudonym.data(), pseudonym.size())));
    if (rows.empty()) return Error::storage("store: a subject was neither found nor made");
    return rows.int64(0, 0);
}

Result<std::optional<int64_t>> PostgresStore::find_subject(const Pseudonym& pseudonym) {
    auto rows = TRY(conn_->query("SELECT id FROM subject WHERE pseudonym = $1",
                                 Params().add_bytes(pseudonym.data(), pseudonym.size())));
    if (rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.int64(0, 0));
}

Result<int64_t> PostgresStore::last_subject() {
    auto rows = TRY(conn_->query("SELECT coalesce(max(id), 0) FROM subject"));
    return rows.int64(0, 0);
}

Result<int64_t> PostgresStore::start_delivery(const DeliveryInfo& info) {
    TRY(check_writable());
    auto rows =
        TRY(conn_->query("INSERT INTO delivery(municipality, source, format, content_hash, started_at, \"user\") "
                         "VALUES($1, $2, $3, $4, $5, $6) RETURNING id",
                         Params()
                             .add(std::string_view(municipality_))
                             .add(std::string_view(info.source))
                             .add(std::string_view(info.format))
                             .add(std::string_view(info.content_hash))
                             .add(std::string_view(clock_stamp()))
                             .add(info.user)));
    return rows.int64(0, 0);
}

Status PostgresStore::finish_delivery(int64_t id, const DeliveryCounts& c, std::string_view status) {
    TRY(check_writable());
    return conn_->queue(
        "UPDATE delivery SET finished_at = $1, status = $2, n_read = $3, n_stored = $4, n_replaced = $5, "
        "n_withdrawn = $6, n_unchanged = $7, n_rejected = $8 WHERE municipality = $10 AND id = $9",
        Params()
            .add(std::string_view(clock_stamp()))
            .add(status)
            .add(c.read)
            .add(c.stored)
            .add(c.replaced)
            .add(c.withdrawn)
            .add(c.unchanged)
            .add(c.rejected)
            .add(id)
            .add(std::string_view(municipality_)));
}

Result<std::optional<DeliverySummary>> PostgresStore::delivery_with_hash(std::string_view content_hash) {
    return portable::delivery_with_hash(session_, content_hash);
}

Result<std::vector<DeliverySummary>> PostgresStore::deliveries() { return portable::deliveries(session_); }

Result<std::vector<AreaInfo>> PostgresStore::areas() { return portable::areas(session_); }

Result<std::vector<ReportText>> PostgresStore::report_texts(int year) { return portable::report_texts(session_, year); }

Status PostgresStore::set_report_text(int year, std::string_view block, std::string_view text) {
    return portable::set_report_text(session_, year, block, text, clock_stamp());
}

}  // namespace grip::storage::postgres

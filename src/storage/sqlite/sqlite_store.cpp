#include "storage/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include "storage/delivery_sql.h"
#include "storage/row_values.h"
#include "storage/sqlite/sqlite_schema.h"

namespace grip::storage::sqlite {
namespace json = boost::json;
using records::FieldType;
using records::Kind;

namespace {

json::value read_field(const Statement& st, int col, const records::FieldSpec& f) {
    if (is_json_column(f.type)) return json::parse(st.text(col));
    switch (f.type) {
        case FieldType::Int: return st.int64(col);
        case FieldType::Bool: return st.int64(col) != 0;
        case FieldType::Number:
            if (st.column_type(col) == SQLITE_INTEGER) return st.int64(col);
            return st.real(col);
        default: return json::string(st.text(col));
    }
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path, std::string_view municipality,
                                                       int schema_version) {
    TRY(check_scope(municipality));
    auto db = TRY(Database::open(path));
    // WAL with synchronous=FULL: a commit is on disk before it is acknowledged.
    TRY(
        db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;"
                 "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-262144; PRAGMA wal_autocheckpoint=10000;"));
    auto* mode = TRY(db->prepare("PRAGMA journal_mode"));
    if (!TRY(mode->step()) || mode->text(0) != "wal")
        return Error::storage(
            fmt::format("store {} cannot use write-ahead logging (is it on a network file system?)", path));
    mode->reset();
    TRY(migrate(*db, municipality, schema_version));
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db), std::string(municipality)));
}

Status SqliteStore::set_municipality(std::string_view code) {
    TRY(check_scope(code));
    if (in_transaction()) return Error::invalid("the municipality of a connection changes between transactions only");
    municipality_ = std::string(code);
    return ok_status();
}

Result<std::vector<std::string>> SqliteStore::municipalities() {
    auto* st = TRY(db_->prepare("SELECT municipality FROM delivery UNION SELECT municipality FROM user ORDER BY 1"));
    std::vector<std::string> out;
    while (TRY(st->step())) {
        std::string code(st->text(0));
        if (municipality_ == kEveryMunicipality || code == municipality_) out.push_back(std::move(code));
    }
    return out;
}

SqliteStore::SqliteStore(std::unique_ptr<Database> db, std::string municipality)
    : db_(std::move(db)), municipality_(std::move(municipality)) {
    for (Kind kind : records::kAllKinds) {
        const auto cols = plain_columns(kind);
        plain_columns_[static_cast<size_t>(kind)] = cols;
        const std::string table = table_of(kind);
        KindSql& s = sql(kind);
        s.current = fmt::format("SELECT {} FROM {} WHERE municipality = ? AND id = ?", select_columns(kind), table);
        std::string body = "json_object(";
        for (size_t i = 0; i < cols.size(); ++i) {
            const bool js = is_json_column(cols[i]->type);
            body += fmt::format("{}'{}', {}\"{}\"{}", i ? ", " : "", cols[i]->name, js ? "json(" : "", cols[i]->name,
                                js ? ")" : "");
        }
        body += ")";
        s.keep = fmt::format(
            "INSERT INTO history(municipality, kind, id, seq, delivery, withdrawn, hash, body, sealed, recorded_at) "
            "SELECT municipality, '{}', id, seq, delivery, withdrawn, hash, {}, sealed, recorded_at FROM {} "
            "WHERE municipality = ? AND id = ?",
            records::kind_name(kind), body, table);
        std::string names = "municipality, id, seq, delivery, withdrawn, hash, subject, sealed, recorded_at";
        std::string params = "?, ?, ?, ?, ?, ?, ?, ?, ?";
        std::string updates =
            "seq = seq + 1, delivery = excluded.delivery, withdrawn = excluded.withdrawn, hash = excluded.hash, "
            "subject = excluded.subject, sealed = excluded.sealed, recorded_at = excluded.recorded_at";
        for (const auto* f : cols) {
            names += fmt::format(", \"{}\"", f->name);
            params += ", ?";
            updates += fmt::format(", \"{0}\" = excluded.\"{0}\"", f->name);
        }
        s.upsert = fmt::format("INSERT INTO {}({}) VALUES({}) ON CONFLICT(municipality, id) DO UPDATE SET {}", table,
                               names, params, updates);
        s.insert_new =
            fmt::format("INSERT INTO {}({}) VALUES({}) ON CONFLICT(municipality, id) DO NOTHING", table, names, params);
    }
}

Status SqliteStore::begin() {
    TRY(db_->exec("BEGIN IMMEDIATE"));
    transaction_started();
    return ok_status();
}

Status SqliteStore::commit() {
    TRY(db_->exec("COMMIT"));
    transaction_ended();
    return ok_status();
}

void SqliteStore::rollback() {
    if (in_transaction()) (void)db_->exec("ROLLBACK");
    transaction_ended();
    dropped_indexes_.clear();  // the rollback put them back
}

Result<std::optional<std::string>> SqliteStore::meta(std::string_view key) { return portable::meta(session_, key); }

Status SqliteStore::set_meta(std::string_view key, std::string_view value) {
    return portable::set_meta(session_, key, value);
}

Result<StoredRecord> SqliteStore::read_row(Kind kind, Statement& st) {
    StoredRecord out;
    const auto& spec = records::kind_spec(kind);
    out.record.kind = kind;
    out.record.id = std::string(st.text(0));
    out.record.fields[spec.id_field] = out.record.id;
    out.seq = st.int64(1);
    out.delivery = st.int64(2);
    out.withdrawn = st.int64(3) != 0;
    out.record.withdrawn = out.withdrawn;
    const auto hash = st.blob(4);
    if (hash.size() == out.hash.size()) std::copy(hash.begin(), hash.end(), out.hash.begin());
    out.subject = st.is_null(5) ? 0 : st.int64(5);
    out.sealed = std::string(st.blob(6));
    int col = 7;
    for (const auto* f : plain_columns_[static_cast<size_t>(kind)]) {
        if (!st.is_null(col)) out.record.fields[f->name] = read_field(st, col, *f);
        ++col;
    }
    return out;
}

Result<std::optional<StoredRecord>> SqliteStore::current(Kind kind, std::string_view id) {
    auto* st = TRY(db_->prepare(sql(kind).current));
    st->bind(1, std::string_view(municipality_)).bind(2, id);
    std::optional<StoredRecord> out;
    if (TRY(st->step())) out = TRY(read_row(kind, *st));
    st->reset();
    return out;
}

Status SqliteStore::write(const records::Record& record, const WriteMeta& meta) {
    TRY(check_writable_scope(municipality_));
    const Kind kind = record.kind;
    KindSql& s = sql(kind);
    if (meta.previous) {
        // Keep the version being replaced in the history.
        auto* keep = TRY(db_->prepare(s.keep));
        TRY(keep->bind(1, std::string_view(municipality_)).bind(2, std::string_view(record.id)).run());
    }
    auto* st = TRY(db_->prepare(s.upsert));
    TRY(bind_version(*st, record, meta));
    return st->run();
}

Result<bool> SqliteStore::write_new(const records::Record& record, const WriteMeta& meta) {
    TRY(check_writable_scope(municipality_));
    auto* st = TRY(db_->prepare(sql(record.kind).insert_new));
    TRY(bind_version(*st, record, meta));
    TRY(st->run());
    return db_->changes() > 0;
}

Status SqliteStore::bind_version(Statement& st, const records::Record& record, const WriteMeta& meta) {
    st.bind(1, std::string_view(municipality_));
    st.bind(2, std::string_view(record.id));
    st.bind(3, int64_t{1});
    st.bind(4, meta.delivery);
    st.bind(5, int64_t{record.withdrawn ? 1 : 0});
    st.bind_blob(6, meta.hash.data(), meta.hash.size());
    if (meta.subject) st.bind(7, meta.subject);
    else st.bind_null(7);
    if (!meta.sealed.empty()) st.bind_blob(8, meta.sealed.data(), meta.sealed.size());
    else st.bind_null(8);
    st.bind(9, std::string_view(version_stamp()));
    int index = 10;
    for (const auto* f : plain_columns_[static_cast<size_t>(record.kind)])
        st.bind(index++, field_cell(*f, record.withdrawn ? nullptr : record.fields.if_contains(f->name)));
    return ok_status();
}

Result<std::vector<std::string>> SqliteStore::activities_referring(std::string_view field, std::string_view id) {
    const auto* f = records::kind_spec(Kind::Activity).field(field);
    if (!f || f->type != FieldType::Ref) return Error::invalid("not a reference field of an activity");
    // Without its index this is a scan of every activity: a bulk load builds them first.
    if (!dropped_indexes_.empty()) TRY(end_bulk_load());
    auto* st = TRY(db_->prepare(
        fmt::format("SELECT id FROM rec_activity WHERE municipality = ? AND \"{}\" = ? AND withdrawn = 0", field)));
    st->bind(1, std::string_view(municipality_)).bind(2, id);
    std::vector<std::string> out;
    while (TRY(st->step())) out.emplace_back(st->text(0));
    return out;
}

Result<std::vector<std::string>> SqliteStore::persons_linking(std::string_view id) {
    auto* st = TRY(
        db_->prepare("SELECT id FROM rec_person WHERE municipality = ? AND same_as = ? AND withdrawn = 0 ORDER BY id"));
    st->bind(1, std::string_view(municipality_)).bind(2, id);
    std::vector<std::string> out;
    while (TRY(st->step())) out.emplace_back(st->text(0));
    return out;
}

Status SqliteStore::set_subject(Kind kind, std::string_view id, int64_t subject) {
    TRY(check_writable_scope(municipality_));
    auto* st =
        TRY(db_->prepare(fmt::format("UPDATE {} SET subject = ? WHERE municipality = ? AND id = ?", table_of(kind))));
    if (subject) st->bind(1, subject);
    else st->bind_null(1);
    st->bind(2, std::string_view(municipality_)).bind(3, id);
    return st->run();
}

Result<std::vector<StoredRecord>> SqliteStore::all_current(Kind kind) {
    auto* st = TRY(db_->prepare(fmt::format("SELECT {} FROM {} WHERE municipality = ? AND withdrawn = 0 ORDER BY id",
                                            select_columns(kind), table_of(kind))));
    st->bind(1, std::string_view(municipality_));
    std::vector<StoredRecord> out;
    while (TRY(st->step())) out.push_back(TRY(read_row(kind, *st)));
    return out;
}

Status SqliteStore::for_each_activity(const std::function<Status(const StoredRecord&)>& each) {
    // A statement of its own: the callback may use the cached ones.
    sqlite3_stmt* raw = nullptr;
    const std::string sql = fmt::format("SELECT {} FROM rec_activity WHERE municipality = ? AND withdrawn = 0",
                                        select_columns(Kind::Activity));
    const int rc = sqlite3_prepare_v2(db_->handle(), sql.c_str(), -1, &raw, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_->handle(), rc, "reading activities");
    Statement st(db_->handle(), raw);
    st.bind(1, std::string_view(municipality_));
    while (TRY(st.step())) {
        auto rec = TRY(read_row(Kind::Activity, st));
        TRY(each(rec));
    }
    return ok_status();
}

Result<std::vector<HistoryEntry>> SqliteStore::history(Kind kind, std::string_view id) {
    std::vector<HistoryEntry> out;
    auto* st =
        TRY(db_->prepare("SELECT seq, delivery, withdrawn, recorded_at, body FROM history WHERE municipality = ? AND "
                         "kind = ? AND id = ? "
                         "ORDER BY seq"));
    st->bind(1, std::string_view(municipality_)).bind(2, records::kind_name(kind)).bind(3, id);
    while (TRY(st->step())) {
        HistoryEntry e;
        e.seq = st->int64(0);
        e.delivery = st->int64(1);
        e.withdrawn = st->int64(2) != 0;
        e.recorded_at = std::string(st->text(3));
        e.fields = fields_from_body(kind, id, st->text(4));
        out.push_back(std::move(e));
    }
    if (auto cur = TRY(current(kind, id))) {
        HistoryEntry e;
        e.seq = cur->seq;
        e.delivery = cur->delivery;
        e.withdrawn = cur->withdrawn;
        e.fields = cur->record.fields;
        auto* at = TRY(
            db_->prepare(fmt::format("SELECT recorded_at FROM {} WHERE municipality = ? AND id = ?", table_of(kind))));
        at->bind(1, std::string_view(municipality_)).bind(2, id);
        if (TRY(at->step())) e.recorded_at = std::string(at->text(0));
        at->reset();
        out.push_back(std::move(e));
    }
    return out;
}

Result<int64_t> SqliteStore::count_current(Kind kind) {
    auto* st = TRY(
        db_->prepare(fmt::format("SELECT count(*) FROM {} WHERE municipality = ? AND withdrawn = 0", table_of(kind))));
    st->bind(1, std::string_view(municipality_));
    TRY(st->step());
    const int64_t n = st->int64(0);
    st->reset();
    return n;
}

Result<int64_t> SqliteStore::subject(const Pseudonym& pseudonym) {
    auto* find = TRY(db_->prepare("SELECT id FROM subject WHERE pseudonym = ?"));
    find->bind_blob(1, pseudonym.data(), pseudonym.size());
    if (TRY(find->step())) {
        const int64_t id = find->int64(0);
        find->reset();
        return id;
    }
    auto* add = TRY(db_->prepare("INSERT INTO subject(pseudonym) VALUES(?)"));
    TRY(add->bind_blob(1, pseudonym.data(), pseudonym.size()).run());
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_->handle()));
}

Result<int64_t> SqliteStore::last_subject() {
    auto* st = TRY(db_->prepare("SELECT coalesce(max(id), 0) FROM subject"));
    TRY(st->step());
    const int64_t n = st->int64(0);
    st->reset();
    return n;
}

Result<int64_t> SqliteStore::start_delivery(const DeliveryInfo& info) {
    TRY(check_writable_scope(municipality_));
    auto* st = TRY(db_->prepare(
        "INSERT INTO delivery(source, format, content_hash, started_at, user, municipality) VALUES(?, ?, ?, ?, ?, ?)"));
    TRY(st->bind(1, std::string_view(info.source))
            .bind(2, std::string_view(info.format))
            .bind(3, std::string_view(info.content_hash))
            .bind(4, std::string_view(clock_stamp()))
            .bind(5, info.user)
            .bind(6, std::string_view(municipality_))
            .run());
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_->handle()));
}

Status SqliteStore::finish_delivery(int64_t id, const DeliveryCounts& c, std::string_view status) {
    auto* st = TRY(db_->prepare(
        "UPDATE delivery SET finished_at = ?, status = ?, n_read = ?, n_stored = ?, n_replaced = ?, n_withdrawn = ?, "
        "n_unchanged = ?, n_rejected = ? WHERE id = ? AND municipality = ?"));
    return st->bind(1, std::string_view(clock_stamp()))
        .bind(2, status)
        .bind(3, c.read)
        .bind(4, c.stored)
        .bind(5, c.replaced)
        .bind(6, c.withdrawn)
        .bind(7, c.unchanged)
        .bind(8, c.rejected)
        .bind(9, id)
        .bind(10, std::string_view(municipality_))
        .run();
}

Result<std::optional<DeliverySummary>> SqliteStore::delivery_with_hash(std::string_view content_hash) {
    return portable::delivery_with_hash(session_, content_hash);
}

Result<std::vector<DeliverySummary>> SqliteStore::deliveries() { return portable::deliveries(session_); }

Result<std::vector<AreaInfo>> SqliteStore::areas() { return portable::areas(session_); }

Result<std::vector<ReportText>> SqliteStore::report_texts(int year) { return portable::report_texts(session_, year); }

Status SqliteStore::set_report_text(int year, std::string_view block, std::string_view text) {
    return portable::set_report_text(session_, year, block, text, clock_stamp());
}

}  // namespace grip::storage::sqlite

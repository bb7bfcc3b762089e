#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>

#include "storage/area_geometry.h"
#include "storage/bulk_load.h"
#include "storage/postgres/postgres_db.h"
#include "storage/postgres/postgres_session.h"
#include "storage/store.h"

namespace grip::storage::postgres {

// The server store: a PostgreSQL 15 database reached by URL. It behaves as
// the SQLite store does (same ordering, JSON, timestamps and conflicts).
// Two differences of PostgreSQL shape it: a failing statement aborts the
// whole transaction, so an expected refusal (a taken name, a stale version)
// is found without one; and a round trip costs more, so inside a transaction
// the writes whose results nobody reads are queued in libpq's pipeline and
// sent before the next read or at commit.
//
// The connection's scope (Store::set_municipality) is kept twice: every
// statement on a municipal table names it in a condition of its own, and the
// session setting app.municipality, which the tables' row-level security
// policies compare each row with (see migration 5 in postgres_schema.cpp). The
// setting lives as long as the connection, so a pooler in between must give
// each store the same server connection (PgBouncer in session mode).
class PostgresStore final : public Store, public BulkLoad {
public:
    static Result<std::unique_ptr<PostgresStore>> open(const std::string& url, std::string_view municipality);

    Status set_municipality(std::string_view code) override;
    const std::string& municipality() const override { return municipality_; }
    Result<std::vector<std::string>> municipalities() override;

    Status begin() override;
    Status commit() override;
    void rollback() override;
    // The bulk import path (storage/bulk_load.h): the new rows of records,
    // subjects and memberships go in with COPY (Connection::stage).
    Status begin_bulk_load() override;
    Status end_bulk_load() override;
    // A server setting as this connection sees it now (checks and tests).
    Result<std::string> setting(const std::string& name);

    Result<std::optional<std::string>> meta(std::string_view key) override;
    Status set_meta(std::string_view key, std::string_view value) override;

    Result<std::optional<StoredRecord>> current(records::Kind kind, std::string_view id) override;
    Result<std::unordered_map<std::string, int64_t>> subjects_of(records::Kind kind,
                                                                 const std::vector<std::string>& ids) override;
    Result<std::unordered_set<std::string>> in_scope_ids(records::Kind kind, const std::vector<std::string>& ids,
                                                         const std::string& organisation,
                                                         const std::vector<std::string>& locations, int64_t user,
                                                         int64_t now) override;
    Result<std::map<std::string, std::vector<ActiveActivity>>> active_on_days(
        std::string_view type, const std::vector<std::string>& days) override;
    Status write(const records::Record& record, const WriteMeta& meta) override;
    Result<bool> write_new(const records::Record& record, const WriteMeta& meta) override;
    Result<std::vector<std::string>> activities_referring(std::string_view field, std::string_view id) override;
    Result<std::vector<std::string>> persons_linking(std::string_view id) override;
    Status set_subject(records::Kind kind, std::string_view id, int64_t subject) override;
    Result<std::vector<StoredRecord>> all_current(records::Kind kind) override;
    Status for_each_activity(const std::function<Status(const StoredRecord&)>& each) override;
    Result<std::vector<HistoryEntry>> history(records::Kind kind, std::string_view id) override;
    Result<int64_t> count_current(records::Kind kind) override;

    Result<int64_t> subject(const Pseudonym& pseudonym) override;
    Result<std::optional<int64_t>> find_subject(const Pseudonym& pseudonym) override;
    Result<int64_t> last_subject() override;

    Result<int64_t> start_delivery(const DeliveryInfo& info) override;
    Status finish_delivery(int64_t id, const DeliveryCounts& counts, std::string_view status) override;
    Result<std::optional<DeliverySummary>> delivery_with_hash(std::string_view content_hash) override;
    Result<std::vector<DeliverySummary>> deliveries() override;

    Result<std::vector<AreaInfo>> areas() override;

    // Figures: in postgres_figures.cpp.
    Result<std::vector<MemberRow>> members(int32_t tally, int64_t subject) override;
    Status put_members(int32_t tally, int64_t subject, const std::vector<MemberRow>& rows, bool replace) override;
    Result<std::vector<RangeMember>> members_in_months(int32_t month_from, int32_t month_to) override;
    Status add_cells(const CellDeltas& deltas) override;
    Status clear_figures() override;
    Result<std::vector<std::pair<CellKey, int64_t>>> cells(const std::vector<int32_t>& period_keys,
                                                           const std::vector<int32_t>& area_keys) override;
    Result<std::vector<ActiveActivity>> active_on(std::string_view type, std::string_view day) override;

    Result<std::vector<ReportText>> report_texts(int year) override;
    Status set_report_text(int year, std::string_view block, std::string_view text) override;

    // Lists: in postgres_query.cpp.
    Result<std::vector<StoredRecord>> list_current(records::Kind kind, const RecordFilter& filter,
                                                   std::string_view after_id, int limit) override;
    Result<bool> any_activity(const RecordFilter& filter) override;
    Result<std::vector<SourceArrival>> source_arrivals(std::string_view date_from, std::string_view date_to,
                                                       const std::vector<std::string>& activity_types) override;
    Status grant_reference(int64_t user, records::Kind kind, std::string_view id, int64_t now,
                           int64_t expires_at) override;
    Result<bool> has_reference_grant(int64_t user, records::Kind kind, std::string_view id, int64_t now) override;
    Status erase_sealed(records::Kind kind, std::string_view id) override;
    Status unlink_subject(int64_t subject, const Pseudonym& replacement) override;
    Status erase_case_texts(int64_t case_id, std::string_view data) override;

    // Accounts: in postgres_accounts.cpp.
    Result<int64_t> add_user(const UserRow& user) override;
    Result<std::optional<UserRow>> user_by_name(std::string_view name) override;
    Result<std::optional<UserRow>> user_by_id(int64_t id) override;
    Result<std::vector<UserRow>> users() override;
    Status update_user(const UserRow& user) override;
    Result<int64_t> add_session(const SessionRow& session) override;
    Result<std::optional<SessionRow>> session_by_hash(std::string_view token_hash) override;
    Status touch_session(int64_t id, int64_t last_seen) override;
    Status delete_session(int64_t id) override;
    Status delete_expired_sessions(int64_t idle_before, int64_t created_before) override;
    Result<int64_t> add_api_token(const ApiTokenRow& token) override;
    Result<std::optional<ApiTokenRow>> api_token_by_hash(std::string_view token_hash) override;
    Result<std::vector<ApiTokenRow>> api_tokens() override;
    Status revoke_api_token(int64_t id) override;
    Status add_failed_signin(int64_t user, int64_t at) override;
    Result<int64_t> failed_signins_since(int64_t user, int64_t since) override;
    Status delete_user_sessions(int64_t user, int64_t except) override;
    Status set_session_pending(int64_t session, SessionPending pending) override;
    Result<AccountSecurityRow> account_security(int64_t user) override;
    Status set_account_security(const AccountSecurityRow& row) override;
    Result<bool> use_totp_step(int64_t user, int64_t step) override;

    // Casework: in postgres_cases.cpp.
    Result<int64_t> add_case(const CaseRow& row) override;
    Status update_case(const CaseRow& row, int64_t expected_version) override;
    Result<std::optional<CaseRow>> case_by_id(int64_t id) override;
    Result<std::vector<CaseRow>> cases(const CaseFilter& filter) override;
    Status add_case_event(const CaseEventRow& event) override;
    Result<std::vector<CaseEventRow>> case_events(int64_t case_id) override;

    // Frozen editions of the report: in postgres_report_editions.cpp.
    Result<int64_t> add_report_edition(const ReportEditionRow& row) override;
    Result<std::vector<ReportEditionRow>> report_editions(int year) override;
    Result<std::optional<ReportEditionRow>> report_edition(int64_t id) override;
    // Signals as events: in postgres_signal_events.cpp.
    Result<int64_t> add_signal_event(const SignalEventRow& row) override;
    Result<std::vector<SignalEventRow>> signal_events(int64_t after, std::string_view period) override;
    Result<int64_t> signal_visit(int64_t user) override;
    Status set_signal_visit(int64_t user, int64_t last_event) override;
    Result<std::vector<std::pair<records::Kind, std::string>>> records_of_delivery(int64_t delivery) override;

    // Area boundaries for the map (storage/area_geometry.h): in postgres_area_geometry.cpp.
    Status replace_area_geometries(const std::vector<AreaGeometry>& rows);
    Result<std::vector<AreaGeometry>> area_geometries();

    // Moving a store: in postgres_transfer.cpp.
    Result<std::vector<std::string>> columns(std::string_view table) override;
    Status read_rows(std::string_view table, const std::vector<std::string>& columns,
                     const std::function<Status(const Row&)>& each) override;
    Status append_rows(std::string_view table, const std::vector<std::string>& columns,
                       const std::vector<Row>& rows) override;
    Status finish_append() override;

    // In postgres_integrity.cpp.
    // Sealed values: in postgres_sealed.cpp.
    Result<std::vector<SealedValue>> sealed_values(const SealedColumn& column, const Row& after, int limit) override;
    Result<bool> replace_sealed(const SealedColumn& column, const SealedValue& value, std::string_view sealed) override;

    Result<std::string> integrity_check() override;

private:
    explicit PostgresStore(std::unique_ptr<Connection> conn);
    StoredRecord read_row(records::Kind kind, const Rows& rows, int row) const;
    Params version_params(const records::Record& record, const WriteMeta& meta);

    // Whether this connection works for every municipality (moving and
    // checking a store) rather than one.
    bool every_municipality() const { return municipality_ == kEveryMunicipality; }
    // The condition that limits a statement to the scope, whose code is
    // parameter $n: `column = $n`, or under kEveryMunicipality a condition
    // every row meets. The parameter stays in both, so that the statement
    // takes the same parameters whatever the scope, and the scope is never
    // part of the statement's text.
    std::string in_scope(std::string_view column, int n) const;
    // Writes need one municipality: Invalid under kEveryMunicipality.
    Status check_writable() const;
    // Sets app.municipality for the session, which the row-level security
    // policies read.
    Status set_session_scope(std::string_view code);
    // Runs `work` with the session's setting at kEveryMunicipality (the
    // statements Grip writes keep their own condition) and sets the scope
    // back after it, whatever the outcome. Inside a transaction that is
    // rolled back the server sets it back too.
    Status across_municipalities(const std::function<Status()>& work);
    Status move_identities();
    Status check_integrity(std::vector<std::string>& problems);
    // The statements of each kind that read with the scope's condition.
    void prepare_reads();

    // The statements of each kind, written once: they are used per record.
    // `current` and `recorded_at` follow the scope (prepare_reads); the
    // writes always name one municipality.
    struct KindSql {
        std::string current, keep, replace, upsert, insert_new, insert_fresh, recorded_at, any;
        std::string table, columns;  // insert_fresh's table and column list
    };
    // A bulk import into an empty record table needs no answer from the
    // server per record: while the writer lock is held nobody else adds to
    // the table, so an id not written in this transaction is new, and its
    // INSERT goes into the pipeline (or, on the bulk path, is staged for
    // COPY). The ids written are remembered as 64-bit hashes, up to a limit,
    // after which write_new asks the server again; an id whose hash was seen
    // before (written before, or a rare collision) asks the server too.
    struct Fresh {
        enum class State { Unknown, Empty, Used };
        State state = State::Unknown;
        boost::unordered_flat_set<uint64_t> ids;
    };
    Result<bool> written_fresh(const records::Record& record, const WriteMeta& meta);
    void forget_fresh();
    Fresh fresh_[9];
    size_t fresh_ids_ = 0;
    // The same for subjects: on an empty subject table their ids are counted
    // here and their INSERTs queued; the identity is moved past them before
    // the server makes ids again (at commit, or past the limit).
    struct PseudonymHash {
        // A pseudonym is a keyed hash: its first bytes are as good as any hash of it.
        size_t operator()(const Pseudonym& p) const;
    };
    struct FreshSubjects {
        Fresh::State state = Fresh::State::Unknown;
        boost::unordered_flat_map<Pseudonym, int64_t, PseudonymHash> ids;
    };
    Result<std::optional<int64_t>> fresh_subject(const Pseudonym& pseudonym);
    Status end_fresh_subjects();
    FreshSubjects subjects_;
    // On the bulk path: new rows are staged for COPY rather than queued.
    bool staging_ = false;
    // A new row of `table`: staged for COPY on the bulk path, else `insert`
    // (whose parameters are the row's values in the order of `columns`)
    // queued in the pipeline.
    Status add_new_row(const std::string& insert, const std::string& table, const std::string& columns,
                       const Params& row);
    KindSql& sql(records::Kind kind) { return sql_[static_cast<size_t>(kind)]; }
    const std::vector<const records::FieldSpec*>& fields(records::Kind kind) const {
        return plain_columns_[static_cast<size_t>(kind)];
    }

    std::unique_ptr<Connection> conn_;
    std::string municipality_;
    // Portable SQL on conn_, for the methods written once in storage/.
    PostgresSession session_{*conn_, municipality_};
    KindSql sql_[9];
    std::vector<const records::FieldSpec*> plain_columns_[9];
};

}  // namespace grip::storage::postgres

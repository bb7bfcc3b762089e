#pragma once
#include <memory>
#include <string>

#include "storage/area_geometry.h"
#include "storage/bulk_load.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/sqlite/sqlite_session.h"
#include "storage/store.h"

namespace grip::storage::sqlite {

// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so
// that a committed delivery survives a crash or power loss.
class SqliteStore final : public Store, public BulkLoad {
public:
    // `municipality`: the scope to start with, and the owner of the rows of a
    // store made before municipalities. `schema_version` above 0 stops the
    // migrations there (for testing an upgrade).
    static Result<std::unique_ptr<SqliteStore>> open(const std::string& path, std::string_view municipality,
                                                     int schema_version = 0);

    Status set_municipality(std::string_view code) override;
    const std::string& municipality() const override { return municipality_; }
    Result<std::vector<std::string>> municipalities() override;

    Status begin() override;
    Status commit() override;
    void rollback() override;

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

    // Accounts: in sqlite_accounts.cpp.
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

    // Casework: in sqlite_cases.cpp.
    Result<int64_t> add_case(const CaseRow& row) override;
    Status update_case(const CaseRow& row, int64_t expected_version) override;
    Result<std::optional<CaseRow>> case_by_id(int64_t id) override;
    Result<std::vector<CaseRow>> cases(const CaseFilter& filter) override;
    Status add_case_event(const CaseEventRow& event) override;
    Result<std::vector<CaseEventRow>> case_events(int64_t case_id) override;

    // Frozen editions of the report: in sqlite_report_editions.cpp.
    Result<int64_t> add_report_edition(const ReportEditionRow& row) override;
    Result<std::vector<ReportEditionRow>> report_editions(int year) override;
    Result<std::optional<ReportEditionRow>> report_edition(int64_t id) override;
    // Signals as events: in sqlite_signal_events.cpp.
    Result<int64_t> add_signal_event(const SignalEventRow& row) override;
    Result<std::vector<SignalEventRow>> signal_events(int64_t after, std::string_view period) override;
    Result<int64_t> signal_visit(int64_t user) override;
    Status set_signal_visit(int64_t user, int64_t last_event) override;
    Result<std::vector<std::pair<records::Kind, std::string>>> records_of_delivery(int64_t delivery) override;

    // Area boundaries for the map (storage/area_geometry.h): in sqlite_area_geometry.cpp.
    Status replace_area_geometries(const std::vector<AreaGeometry>& rows);
    Result<std::vector<AreaGeometry>> area_geometries();

    // Moving a store: in sqlite_transfer.cpp.
    Result<std::vector<std::string>> columns(std::string_view table) override;
    Status read_rows(std::string_view table, const std::vector<std::string>& columns,
                     const std::function<Status(const Row&)>& each) override;
    Status append_rows(std::string_view table, const std::vector<std::string>& columns,
                       const std::vector<Row>& rows) override;
    Status finish_append() override;

    // Sealed values: in sqlite_sealed.cpp.
    Result<std::vector<SealedValue>> sealed_values(const SealedColumn& column, const Row& after, int limit) override;
    Result<bool> replace_sealed(const SealedColumn& column, const SealedValue& value, std::string_view sealed) override;

    Result<std::string> integrity_check() override;

    // In sqlite_bulk.cpp.
    Status begin_bulk_load() override;
    Status end_bulk_load() override;

    // The connection's prepared statements (Database::cached_statements).
    size_t cached_statements() const { return db_->cached_statements(); }

private:
    SqliteStore(std::unique_ptr<Database> db, std::string municipality);
    Result<StoredRecord> read_row(records::Kind kind, Statement& st);
    Status bind_version(Statement& st, const records::Record& record, const WriteMeta& meta);

    // The statements of each kind, written once: they are used per record.
    struct KindSql {
        std::string current, keep, upsert, insert_new;
    };
    KindSql& sql(records::Kind kind) { return sql_[static_cast<size_t>(kind)]; }

    std::unique_ptr<Database> db_;
    std::string municipality_;  // the scope: every statement on a municipal table names it
    // Portable SQL on db_, for the methods written once in storage/.
    SqliteSession session_{*db_, municipality_};
    KindSql sql_[9];
    std::vector<const records::FieldSpec*> plain_columns_[9];
    // The indexes begin_bulk_load dropped (their CREATE statements), to be
    // built again by end_bulk_load; forgotten at a rollback, which keeps them.
    std::vector<std::string> dropped_indexes_;
};

}  // namespace grip::storage::sqlite

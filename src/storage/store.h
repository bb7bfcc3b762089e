#pragma once
// The store: records with their version history, deliveries, subjects
// (pseudonymous persons and addresses), the figures maintained at write
// time, and the report's text blocks. One interface, one folder per backend;
// nothing outside storage/ writes SQL.
//
// Several municipalities share one installation. Every record, history
// version, delivery, maintained figure, report text, case and case event
// belongs to one municipality (its CBS code, GM0599 for Rotterdam), and a
// record's id is unique within its municipality. A store connection works for
// one municipality at a time, its scope (storage/municipality.h): every
// statement on those tables is limited to it, and on PostgreSQL row-level
// security limits them once more. What is shared by the installation:
// subjects (pseudonyms under the installation's key, so that a person is one
// person across its municipalities), accounts (a user signs in before the
// scope is known; the user row names the user's municipality) and the
// settings in `meta`.

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "indicators/area_tree.h"
#include "indicators/cells.h"
#include "records/record.h"
#include "storage/municipality.h"

namespace grip::storage {

using Pseudonym = std::array<unsigned char, 16>;
using ContentHash = std::array<unsigned char, 16>;

// The current version of a record as stored.
struct StoredRecord {
    records::Record record;   // personal fields are absent; see `sealed`
    int64_t seq = 0;          // version number, 1 for the first
    int64_t delivery = 0;
    bool withdrawn = false;
    ContentHash hash{};
    int64_t subject = 0;      // persons and addresses: their subject id
    std::string sealed;       // personal fields, encrypted
};

// What the store keeps besides the record's own fields.
struct WriteMeta {
    int64_t delivery = 0;
    bool previous = false;  // a version of the record is stored already
    ContentHash hash{};
    int64_t subject = 0;
    std::string sealed;
};

struct DeliveryInfo {
    std::string source;        // file name (never its contents)
    std::string format;        // ndjson, csv
    std::string content_hash;  // hex digest of the file, to see it again
    int64_t user = 0;          // the server's user who sent it; 0 for the command line
};

struct DeliveryCounts {
    int64_t read = 0, stored = 0, replaced = 0, withdrawn = 0, unchanged = 0, rejected = 0;
};

struct DeliverySummary {
    int64_t id = 0;
    DeliveryInfo info;
    std::string started_at, finished_at, status;
    DeliveryCounts counts;
};

struct HistoryEntry {
    int64_t seq = 0;
    int64_t delivery = 0;
    bool withdrawn = false;
    std::string recorded_at;
    boost::json::object fields;  // without personal fields
};

// An activity that is active at a date (active_at_end), resolved.
struct ActiveActivity {
    int64_t person_subject = 0;
    int32_t area_id = 0;
};

// What came in from one source for one period (the delivery calendar and the
// per-location checks, src/quality/): the current, not withdrawn activities
// of a type with the same organisation and location dated in one month, or
// the aggregates of a type from one organisation for one period. A record
// "came in" when its first version was stored (its history's version 1):
// corrections later do not move it.
struct SourceArrival {
    records::Kind kind = records::Kind::Activity;  // activity or aggregate
    std::string type;
    std::string organisation, location;  // empty when the records name none
    std::string period;                  // activities: the month (YYYY-MM); aggregates: their period
    int64_t records = 0;
    std::string first_at, last_at;       // when the first and the last of them came in (UTC, ISO 8601)
};

// Accounts (see src/auth/). Times are seconds since the Unix epoch, UTC.
// A person signs in with a password and works in sessions; a system (a
// chain partner's) signs in with API tokens only. Fixed when the user is made.
enum class UserKind { Person, System };

struct UserRow {
    int64_t id = 0;
    std::string name;
    std::string municipality;            // the CBS code of the user's municipality
    std::string role;                    // a role of catalogue/roles.json
    std::string organisation;            // an organisation id, or empty
    std::vector<std::string> locations;  // location ids the user works at
    std::string password_hash;           // Argon2id string (crypto_pwhash_str)
    bool disabled = false;
    int64_t created_at = 0;
    UserKind kind = UserKind::Person;
};

// What a session still has to do before it may do anything else: give the
// second factor's code (or enrol one), or change a password that `beheer`
// reset. Stored as its number.
enum class SessionPending { None = 0, SecondFactor = 1, PasswordChange = 2 };

struct SessionRow {
    int64_t id = 0;
    int64_t user = 0;
    std::string token_hash;  // hex of a hash of the cookie's token; the token itself is never stored
    std::string csrf_token;  // the session's CSRF token (not a secret of the user's)
    int64_t created_at = 0;
    int64_t last_seen = 0;
    SessionPending pending = SessionPending::None;
};

// A local account's sign-in safeguards beside its password (ASVS 2.x): a
// password that must be changed (set by `beheer`'s reset), and the TOTP
// second factor: its secret sealed with the keyring (never in plain text),
// whether the user confirmed it with a first code, and the last time step
// whose code was used (a code is good once). A user without a row has none.
struct AccountSecurityRow {
    int64_t user = 0;
    bool must_change_password = false;
    std::string totp_secret;  // sealed, base64; empty: no second factor enrolled
    bool totp_confirmed = false;
    int64_t totp_last_step = 0;
};

struct ApiTokenRow {
    int64_t id = 0;
    int64_t user = 0;
    std::string name;        // what the token is for
    std::string token_hash;  // hex of a hash of the token
    int64_t created_at = 0;
    int64_t expires_at = 0;
    bool revoked = false;
};

// Which current records a list returns. Empty members do not filter.
struct RecordFilter {
    std::string type;                     // activity, location, organisation, aggregate, motion: its type
    std::string date_from, date_to;       // inclusive, on `date` (activities), `adopted` (motions), `period` (aggregates)
    std::vector<std::string> areas;       // the record's own `area` is one of these codes
    std::string location;                 // activities: `location`
    std::string organisation;             // activities, aggregates: `organisation`
    std::string person, address;          // activities: `person`, `address`
    int64_t subject = 0;                  // persons and addresses: this data subject
    // Need-to-know scope: only activities with `organisation` equal to
    // scope_organisation or `location` in scope_locations (when either is set).
    std::string scope_organisation;
    std::vector<std::string> scope_locations;
    bool scoped = false;
    bool include_withdrawn = false;
};

// What is left of a case event's data once retention removed its texts.
inline constexpr std::string_view kErasedCaseText = R"({"removed":"retention"})";

// Casework (see src/casework/). A case is about one record, its subject; its
// history is a list of events that are never changed or removed.
struct CaseRow {
    int64_t id = 0;
    std::string type;          // a case type of catalogue/workflows.json
    std::string subject_kind;  // activity, organisation, motion
    std::string subject_id;
    std::string state;
    std::string team;          // the organisation that handles the case, or empty
    std::string assignee;      // the user who handles it, or empty
    std::string area;          // the subject's area code, for queues by area, or empty
    std::string opened_on, state_since, deadline;  // dates; deadline empty: none
    bool closed = false;       // in a final state
    int64_t version = 0;       // 1 when opened, +1 per change
    std::string data = "{}";   // JSON: linked activities, the values of inputs
};

struct CaseEventRow {
    int64_t case_id = 0;
    int64_t seq = 0;           // 1, 2, ... per case
    std::string at;            // UTC time, ISO 8601
    std::string actor;         // user name
    std::string action;        // open, a transition's key, assign, note, link, deadline_passed, delivery
    std::string from_state, to_state;
    std::string data = "{}";   // JSON: inputs, changes {field: [old, new]}, note text
};

// Which cases a list returns. Empty members do not filter.
struct CaseFilter {
    std::string type;
    std::string subject_kind, subject_id;
    std::string team, assignee;
    bool open_only = false;
    std::string deadline_before;       // open cases whose deadline is before this date
    std::vector<std::string> areas;    // the case's area is one of these codes
    int64_t after_id = 0;              // cursor
    int limit = 0;                     // 0: all
};

// Moving a whole store to another backend (`grip migrate`). Every backend
// has the same logical tables with the same column names; a row travels as
// neutral cells. Booleans are integers 0/1, times and dates text, digests
// and sealed data bytes.
struct Cell {
    enum class Type { Null, Int, Real, Text, Bytes };
    Type type = Type::Null;
    int64_t i = 0;
    double r = 0;
    std::string s;  // text or bytes
};
using Row = std::vector<Cell>;

// The logical tables in an order in which they can be filled one after the
// other: deliveries, subjects, the current records of every kind, history,
// figures, report texts, accounts, cases and their events. The key-value
// table `meta` is not among them (its schema version belongs to each store).
std::vector<std::string> logical_tables();

// Sealed data (`grip key rotate`, `grip check`): a column that holds sealed
// values, and the columns that name a row of its table (its key, in order).
// Every sealed column of the store is in sealed_columns(): a new one is one
// line there.
struct SealedColumn {
    std::string table;
    std::string column;
    std::vector<std::string> key;
    // Stored as base64 text ('' when the row has none) rather than bytes.
    bool base64 = false;
};
const std::vector<SealedColumn>& sealed_columns();

// One sealed value where it is stored: its row's key cells (in the order of
// SealedColumn::key) and the sealed bytes.
struct SealedValue {
    Row key;
    std::string sealed;
};

struct ReportText {
    std::string block;
    std::string text;
    std::string updated_at;
};

// A frozen edition of a year's report (src/report/edition.h): written once,
// never changed or removed (the schema's triggers refuse it). `content` is
// the canonical JSON of everything frozen (the models, the figure grid, the
// rendered files) and `content_hash` its SHA-256 in hex.
struct ReportEditionRow {
    int64_t id = 0;
    int year = 0;
    std::string frozen_at;        // the reference date: when it was frozen (UTC, ISO 8601)
    std::string decision_date;    // the college's decision (YYYY-MM-DD), or empty
    std::string decision_number;  // its number, or empty
    int64_t corrects = 0;         // the edition this one corrects, or 0
    int64_t case_id = 0;          // the approval case that froze it, or 0 (frozen by hand)
    std::string content_hash;
    std::string content;          // empty in lists (report_editions)
};

// A signal that appeared or ended (src/signals/events), numbered in the
// order they were recorded per store; `at` is the store's clock.
struct SignalEventRow {
    int64_t id = 0;
    std::string at;
    std::string kind;  // "appeared" or "ended"
    std::string period;
    std::string rule;
    std::string area;
    std::string content;  // the signal's JSON (the last seen, for an end)
};

class Store {
public:
    virtual ~Store() = default;

    // The municipality this connection works for (see the top of this file):
    // a CBS code, or kEveryMunicipality for moving and checking a whole
    // store, which reads every municipality's rows and refuses to write
    // records, figures, texts or cases. Changed between transactions only.
    virtual Status set_municipality(std::string_view code) = 0;
    virtual const std::string& municipality() const = 0;
    // The municipalities that have deliveries or users in the store, sorted.
    virtual Result<std::vector<std::string>> municipalities() = 0;

    // Transactions. A delivery is one transaction.
    virtual Status begin() = 0;
    virtual Status commit() = 0;
    virtual void rollback() = 0;

    // The clock that stamps what the store writes with its time (history
    // versions' `recorded_at`, deliveries, report texts): the system clock
    // unless a test sets another, which must outlive the store. It is read
    // at each transaction's start, so that every write of one transaction
    // has the same time, and at each write outside a transaction. (It was
    // once read every 4,096 writes: a server's writer, which keeps its
    // connection for days, stamped days-old times.)
    void set_clock(const Clock& clock) { clock_ = &clock; }

    // Small key-value settings: schema version, key check, catalogue fingerprint.
    virtual Result<std::optional<std::string>> meta(std::string_view key) = 0;
    virtual Status set_meta(std::string_view key, std::string_view value) = 0;

    // Records.
    virtual Result<std::optional<StoredRecord>> current(records::Kind kind, std::string_view id) = 0;
    // Writes a new version; the previous one, if any, goes to the history.
    virtual Status write(const records::Record& record, const WriteMeta& meta) = 0;
    // Writes the first version of a record that is not stored yet; false
    // (and nothing written) when a version exists.
    virtual Result<bool> write_new(const records::Record& record, const WriteMeta& meta) = 0;
    // The ids of the current activities whose `field` refers to `id`.
    virtual Result<std::vector<std::string>> activities_referring(std::string_view field, std::string_view id) = 0;
    virtual Result<std::vector<StoredRecord>> all_current(records::Kind kind) = 0;
    // The current persons whose `same_as` is this person (people without a
    // BSN, linked as one human), in id order.
    virtual Result<std::vector<std::string>> persons_linking(std::string_view id) = 0;
    // Sets the subject of a record's current version, without a new version:
    // a person joins or leaves the human of the persons linked to it.
    virtual Status set_subject(records::Kind kind, std::string_view id, int64_t subject) = 0;
    // Calls `each` for every current, not withdrawn activity, in id order.
    virtual Status for_each_activity(const std::function<Status(const StoredRecord&)>& each) = 0;
    virtual Result<std::vector<HistoryEntry>> history(records::Kind kind, std::string_view id) = 0;
    virtual Result<int64_t> count_current(records::Kind kind) = 0;

    // Subjects: the same pseudonym is the same person (or address).
    virtual Result<int64_t> subject(const Pseudonym& pseudonym) = 0;
    // The subject of a pseudonym if there is one (never creates it).
    virtual Result<std::optional<int64_t>> find_subject(const Pseudonym& pseudonym) = 0;
    // The highest subject id so far: subjects above it are new.
    virtual Result<int64_t> last_subject() = 0;

    // Deliveries.
    virtual Result<int64_t> start_delivery(const DeliveryInfo& info) = 0;
    virtual Status finish_delivery(int64_t id, const DeliveryCounts& counts, std::string_view status) = 0;
    virtual Result<std::optional<DeliverySummary>> delivery_with_hash(std::string_view content_hash) = 0;
    virtual Result<std::vector<DeliverySummary>> deliveries() = 0;

    // Areas with their stable ids.
    virtual Result<std::vector<indicators::AreaInfo>> areas() = 0;

    // Maintained figures.
    virtual Result<std::vector<indicators::MemberRow>> members(int32_t tally, int64_t subject) = 0;
    // Writes a subject's rows; `replace`: the store has rows for it already.
    virtual Status put_members(int32_t tally, int64_t subject, const std::vector<indicators::MemberRow>& rows,
                               bool replace) = 0;
    virtual Status add_cells(const indicators::CellDeltas& deltas) = 0;
    virtual Status clear_figures() = 0;
    // Cells for the given period keys (all areas when area_keys is empty).
    virtual Result<std::vector<std::pair<indicators::CellKey, int64_t>>> cells(
        const std::vector<int32_t>& period_keys, const std::vector<int32_t>& area_keys) = 0;

    // Each (tally, subject, leaf area) with a membership in a month from
    // `month_from` to `month_to` (month indexes), once: the union the
    // distinct counts of a date range are taken from.
    virtual Result<std::vector<indicators::RangeMember>> members_in_months(int32_t month_from, int32_t month_to) = 0;

    // Activities of a type active on a date: date <= day and (no end_date or end_date >= day).
    virtual Result<std::vector<ActiveActivity>> active_on(std::string_view type, std::string_view day) = 0;

    // Report text blocks per year.
    virtual Result<std::vector<ReportText>> report_texts(int year) = 0;
    virtual Status set_report_text(int year, std::string_view block, std::string_view text) = 0;

    // Lists of current records in id order, after `after_id` (cursor), at most `limit`.
    virtual Result<std::vector<StoredRecord>> list_current(records::Kind kind, const RecordFilter& filter,
                                                           std::string_view after_id, int limit) = 0;
    // What came in per source (see SourceArrival): activities dated in
    // [date_from, date_to] of `activity_types` (empty: every type) and
    // aggregates whose period lies in those years.
    virtual Result<std::vector<SourceArrival>> source_arrivals(std::string_view date_from, std::string_view date_to,
                                                               const std::vector<std::string>& activity_types) = 0;
    // Whether some current activity matches the filter (for need-to-know checks).
    virtual Result<bool> any_activity(const RecordFilter& filter) = 0;
    // Reference grants: the persons and addresses an own-scope user may refer
    // to although no activity of theirs refers to them yet, because the user
    // registered them or found them by a (logged) BSN search. A grant is
    // the user's own, in the scope's municipality, and short-lived: once the
    // user's activity refers to the record, need-to-know follows from that
    // activity. Grants are not moved by `grip migrate`. Times are seconds
    // since the Unix epoch; granting again extends a grant, and removes the
    // user's grants that expired by `now`.
    virtual Status grant_reference(int64_t user, records::Kind kind, std::string_view id, int64_t now,
                                   int64_t expires_at) = 0;
    virtual Result<bool> has_reference_grant(int64_t user, records::Kind kind, std::string_view id, int64_t now) = 0;

    // Retention (grip retention run): removes a record's sealed personal
    // data from its current version and from every version in the history,
    // and every reference grant to it. Its other fields, its subject id and
    // the figures stay, so that past counts do not change.
    virtual Status erase_sealed(records::Kind kind, std::string_view id) = 0;
    // Replaces a subject's pseudonym by `replacement` (random bytes): no
    // BSN or address leads to the subject any more, while the records and
    // figures that carry its id still count it once.
    virtual Status unlink_subject(int64_t subject, const Pseudonym& replacement) = 0;
    // Replaces the texts of a closed case past its period: every event's data
    // by kErasedCaseText, the case's own data by `data` (its links, without
    // the values of its inputs). The case's states and dates stay.
    virtual Status erase_case_texts(int64_t case_id, std::string_view data) = 0;

    // Accounts: users, sessions, API tokens and failed sign-ins. Names are
    // unique in the installation and a user is found by name, id, session or
    // token whatever the scope (signing in comes before it); users() and
    // api_tokens() list the scope's own. add_user fails with Conflict when
    // the name is taken, and with Invalid when the user's municipality is not
    // the scope.
    virtual Result<int64_t> add_user(const UserRow& user) = 0;
    virtual Result<std::optional<UserRow>> user_by_name(std::string_view name) = 0;
    virtual Result<std::optional<UserRow>> user_by_id(int64_t id) = 0;
    virtual Result<std::vector<UserRow>> users() = 0;
    virtual Status update_user(const UserRow& user) = 0;
    virtual Result<int64_t> add_session(const SessionRow& session) = 0;
    virtual Result<std::optional<SessionRow>> session_by_hash(std::string_view token_hash) = 0;
    virtual Status touch_session(int64_t id, int64_t last_seen) = 0;
    virtual Status delete_session(int64_t id) = 0;
    // Removes sessions last seen before `idle_before` or created before `created_before`.
    virtual Status delete_expired_sessions(int64_t idle_before, int64_t created_before) = 0;
    virtual Result<int64_t> add_api_token(const ApiTokenRow& token) = 0;
    virtual Result<std::optional<ApiTokenRow>> api_token_by_hash(std::string_view token_hash) = 0;
    virtual Result<std::vector<ApiTokenRow>> api_tokens() = 0;
    virtual Status revoke_api_token(int64_t id) = 0;
    virtual Status add_failed_signin(int64_t user, int64_t at) = 0;
    virtual Result<int64_t> failed_signins_since(int64_t user, int64_t since) = 0;
    // The user's sessions end, all but `except` (0: all).
    virtual Status delete_user_sessions(int64_t user, int64_t except) = 0;
    virtual Status set_session_pending(int64_t session, SessionPending pending) = 0;
    // A user's safeguards (a row with the user's id and nothing set when
    // there is none), and writing them whole.
    virtual Result<AccountSecurityRow> account_security(int64_t user) = 0;
    virtual Status set_account_security(const AccountSecurityRow& row) = 0;
    // Uses the TOTP time step `step` of the user: true when it is later than
    // the last step used (which it then becomes), false when it is not (a
    // replayed code). One statement, so that two requests with the same
    // code cannot both pass.
    virtual Result<bool> use_totp_step(int64_t user, int64_t step) = 0;

    // Casework. update_case writes the row if the stored version is
    // `expected_version`, else fails with Conflict (someone else changed it).
    virtual Result<int64_t> add_case(const CaseRow& row) = 0;
    virtual Status update_case(const CaseRow& row, int64_t expected_version) = 0;
    virtual Result<std::optional<CaseRow>> case_by_id(int64_t id) = 0;
    virtual Result<std::vector<CaseRow>> cases(const CaseFilter& filter) = 0;
    virtual Status add_case_event(const CaseEventRow& event) = 0;
    virtual Result<std::vector<CaseEventRow>> case_events(int64_t case_id) = 0;

    // Frozen editions of the report. add_report_edition gives the new id;
    // report_editions lists a year's editions, oldest first, without their
    // content; report_edition reads one with its content.
    virtual Result<int64_t> add_report_edition(const ReportEditionRow& row) = 0;
    virtual Result<std::vector<ReportEditionRow>> report_editions(int year) = 0;
    virtual Result<std::optional<ReportEditionRow>> report_edition(int64_t id) = 0;
    // The records a delivery wrote a version of (still current or replaced
    // since), each once: what a figure that changed after a frozen edition
    // may owe to that delivery.
    virtual Result<std::vector<std::pair<records::Kind, std::string>>> records_of_delivery(int64_t delivery) = 0;

    // Signals as events (src/signals/events). add_signal_event gives the new
    // id; signal_events lists those after an id, oldest first, of one period
    // (or every period when `period` is empty); signal_visit is the last
    // event a user saw (0: none), set_signal_visit moves it.
    virtual Result<int64_t> add_signal_event(const SignalEventRow& row) = 0;
    virtual Result<std::vector<SignalEventRow>> signal_events(int64_t after, std::string_view period) = 0;
    virtual Result<int64_t> signal_visit(int64_t user) = 0;
    virtual Status set_signal_visit(int64_t user, int64_t last_event) = 0;

    // Moving a store (see Cell), with the scope kEveryMunicipality (a row
    // carries its municipality; under one municipality PostgreSQL's policies
    // would limit these to its rows, SQLite's would not: use them for whole
    // stores only). `table` is one of logical_tables() or
    // "meta". read_rows gives every row; append_rows adds
    // rows with the given columns (the target's tables start empty);
    // finish_append moves the target's id counters past the highest ids
    // appended. Both inside a transaction of the caller's.
    virtual Result<std::vector<std::string>> columns(std::string_view table) = 0;
    virtual Status read_rows(std::string_view table, const std::vector<std::string>& columns,
                             const std::function<Status(const Row&)>& each) = 0;
    virtual Status append_rows(std::string_view table, const std::vector<std::string>& columns,
                               const std::vector<Row>& rows) = 0;
    virtual Status finish_append() = 0;

    // Sealed values, for moving them to another key (`grip key rotate`) and
    // checking them, on the whole store: with the scope kEveryMunicipality
    // (Invalid under one municipality). sealed_values gives the non-null
    // values of `column` in the order of its key, after the key `after`
    // (empty: from the start), at most `limit`. replace_sealed writes
    // `sealed` in place of the value if it is still `value.sealed` and
    // returns whether it did: no new version, no other column, no figure
    // changes (a record written anew meanwhile keeps its new value).
    virtual Result<std::vector<SealedValue>> sealed_values(const SealedColumn& column, const Row& after,
                                                           int limit) = 0;
    virtual Result<bool> replace_sealed(const SealedColumn& column, const SealedValue& value,
                                        std::string_view sealed) = 0;

    // Durability and housekeeping.
    virtual Result<std::string> integrity_check() = 0;

protected:
    // The clock's time as stored, "2026-12-06T14:47:35Z".
    std::string clock_stamp() const;

private:
    const Clock* clock_ = &grip::system_clock();
};

// Opens the store named by `location`: a postgresql:// (or postgres://) URL
// for PostgreSQL, else a file path for SQLite, working for `municipality`
// (see set_municipality). Creates the file or database and runs the schema
// migrations when needed; a store made before municipalities existed gets
// `municipality` on all its rows (which must then be a CBS code).
Result<std::unique_ptr<Store>> open_store(const std::string& location, std::string_view municipality);

}  // namespace grip::storage

#pragma once
// The store: records with their version history, deliveries, subjects
// (pseudonymous persons and addresses), the figures maintained at write
// time, accounts, cases, the report's text blocks and editions. One interface
// per role (records, figures, accounts, cases, report, signals, retention,
// transfer: storage/*_store.h), which each backend implements; Store is their
// union with the connection (scope, transactions, clock, settings). A
// function that needs one role takes it (a FigureStore&), one that needs the
// connection takes a Store&. One folder per backend; nothing outside storage/
// writes SQL.
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
#include "records/record.h"
#include "storage/account_store.h"
#include "storage/batch_reads.h"
#include "storage/case_store.h"
#include "storage/figure_rows.h"
#include "storage/figure_store.h"
#include "storage/municipality.h"
#include "storage/record_store.h"
#include "storage/report_store.h"
#include "storage/retention_store.h"
#include "storage/signal_store.h"
#include "storage/transfer_store.h"

namespace grip::storage {

class Store : public RecordStore,
              public FigureStore,
              public AccountStore,
              public CaseStore,
              public ReportStore,
              public SignalStore,
              public RetentionStore,
              public TransferStore,
              public BatchReads {
public:
    ~Store() override = default;

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

    // Durability and housekeeping.
    virtual Result<std::string> integrity_check() = 0;

protected:
    // The clock's time as stored, "2026-12-06T14:47:35Z".
    std::string clock_stamp() const;
    // The time a record's version is stamped with: the transaction's, read
    // from the clock once at its start, else the clock's time now. Each
    // backend calls transaction_started() when its BEGIN succeeded and
    // transaction_ended() at its commit or rollback.
    const std::string& version_stamp();
    void transaction_started();
    void transaction_ended() { in_transaction_ = false; }
    bool in_transaction() const { return in_transaction_; }

private:
    const Clock* clock_ = &grip::system_clock();
    std::string now_;  // the time of the current transaction
    bool in_transaction_ = false;
};

// Opens the store named by `location`: a postgresql:// (or postgres://) URL
// for PostgreSQL, else a file path for SQLite, working for `municipality`
// (see set_municipality). Creates the file or database and runs the schema
// migrations when needed; a store made before municipalities existed gets
// `municipality` on all its rows (which must then be a CBS code).
Result<std::unique_ptr<Store>> open_store(const std::string& location, std::string_view municipality);

}  // namespace grip::storage

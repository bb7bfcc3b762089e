#pragma once
// The server's database work, kept off the I/O threads. Reads use a pool of
// store connections (SQLite in WAL mode lets them read while a write is in
// progress). All writes go through one writer thread that gathers the
// registrations waiting at that moment into one transaction (group commit):
// one durable commit acknowledges many requests, and nothing is
// acknowledged before its commit is on disk. A write names the municipality
// it is for; a batch holds the writes of one municipality.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/json/value.hpp>

#include "catalogue/catalogue.h"
#include "common/clock.h"
#include "common/result.h"
#include "indicators/engine.h"
#include "ingest/record_writer.h"
#include "privacy/keyring.h"
#include "privacy/processing_log.h"
#include "storage/store.h"

namespace grip::api {

// A store connection with what is worth keeping between requests.
struct Connection {
    std::unique_ptr<storage::Store> store;
    std::unique_ptr<indicators::Engine> engine;  // made on first use
    indicators::Engine& indicators(const catalogue::Catalogue& catalogue);
};

class ConnectionPool {
public:
    // `home`: the catalogue's municipality, the scope a new connection starts
    // with (and the owner of the rows of a store made before municipalities).
    // `clock`: the one clock the stores stamp their writes with (Store::set_clock); it outlives the pool.
    ConnectionPool(std::string location, std::string home, const Clock& clock)
        : location_(std::move(location)), home_(std::move(home)), clock_(clock) {}

    // A connection for the caller alone until the lease ends; the caller
    // sets its municipality (Store::set_municipality) before using it.
    class Lease {
    public:
        Lease(ConnectionPool* pool, std::unique_ptr<Connection> c) : pool_(pool), connection_(std::move(c)) {}
        Lease(Lease&&) = default;
        Lease& operator=(Lease&&) = default;
        ~Lease();
        Connection& operator*() { return *connection_; }
        Connection* operator->() { return connection_.get(); }

    private:
        ConnectionPool* pool_;
        std::unique_ptr<Connection> connection_;
    };
    Result<Lease> acquire();

private:
    std::string location_;
    std::string home_;
    const Clock& clock_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

// What a write job sees: the store inside the batch's transaction and the
// record writer that keeps history and figures in step.
struct WriteBatch {
    storage::Store& store;
    ingest::RecordWriter& records;
    // The processing-log entries of the job's write: the writer appends the
    // entries of the whole batch after its commit and makes them durable with
    // one flush, before any write of the batch is answered (a job that fails
    // leaves none). Null when the writer has no log.
    std::vector<privacy::LogEntry>* log = nullptr;
};

class Writer {
public:
    // A job as the queue holds it; run() wraps a typed job in one.
    using Job = std::function<Status(WriteBatch&)>;
    // A job that answers a T (run() gives it back to the caller).
    template <typename T>
    using JobOf = std::function<Result<T>(WriteBatch&)>;
    // Runs alone with the store, managing its own transactions (an import).
    using ExclusiveJob = std::function<Status(storage::Store&)>;

    // `clock`, when given, stamps what the writer's store writes (else the system clock).
    static Result<std::unique_ptr<Writer>> create(const std::string& location, const catalogue::Catalogue& catalogue,
                                                  const privacy::Keyring& keys, const Clock* clock = nullptr);
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    ~Writer();

    // Runs `job` for `municipality` in the next batch of that municipality
    // and waits until the batch is committed.
    // A job's own failure (Invalid, NotFound, Conflict) is its answer and
    // leaves the batch alone, so a job must find such failures before it
    // writes; a store failure fails every job of the batch.
    // A write that waits longer than the wait limit (default 15 s, env
    // GRIP_WRITE_WAIT_SECONDS) before it starts is taken out of the queue
    // and answered Busy.
    // The job says its own result type (Result<T>: a CaseRow, a
    // WriteOutcome, Ok): the caller gets the T back once its batch is
    // committed, or the job's error, or the batch's.
    template <typename TypedJob>
    std::invoke_result_t<TypedJob&, WriteBatch&> run(const std::string& municipality, TypedJob job) {
        using Answer = std::invoke_result_t<TypedJob&, WriteBatch&>;
        std::optional<typename Answer::ValueType> value;
        // The job runs before run_job returns, or never (taken out of the
        // queue when busy): its references to this frame stay valid.
        TRY(run_job(municipality, [&](WriteBatch& batch) -> Status {
            value.emplace(TRY(job(batch)));
            return ok_status();
        }));
        return std::move(*value);
    }
    void set_wait_limit(std::chrono::milliseconds limit) { wait_limit_ = limit; }
    // The processing log the jobs' entries (WriteBatch::log) go to: one
    // append and one flush per batch, so that a batch of 100 writes waits for
    // one commit of the store and one sync of the log, not 100.
    void set_log(privacy::ProcessingLog* log) { log_ = log; }
    // The writes waiting for their batch (for the tests, which hold the
    // writer with an exclusive job until a batch has gathered).
    size_t queued() {
        std::lock_guard lock(mutex_);
        return queue_.size();
    }
    // Queues an exclusive job with the store working for `municipality`; the
    // future is ready when it has run.
    std::future<Status> run_exclusive(const std::string& municipality, ExclusiveJob job);
    void stop();

private:
    Writer(std::unique_ptr<storage::Store> store, const catalogue::Catalogue& catalogue, const privacy::Keyring& keys);
    Status run_job(const std::string& municipality, Job job);
    struct Pending {
        std::string municipality;
        Job job;
        ExclusiveJob exclusive;
        std::promise<Status> done;
        std::promise<Status> exclusive_done;
    };
    void loop();
    void run_batch(std::vector<std::unique_ptr<Pending>>& batch);

    std::unique_ptr<storage::Store> store_;
    const catalogue::Catalogue& catalogue_;
    const privacy::Keyring& keys_;
    privacy::ProcessingLog* log_ = nullptr;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::unique_ptr<Pending>> queue_;
    bool stopping_ = false;
    std::chrono::milliseconds wait_limit_{15'000};
    std::thread thread_;
};

}  // namespace grip::api

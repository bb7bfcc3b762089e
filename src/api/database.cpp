#include "api/database.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <iterator>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace grip::api {

indicators::Engine& Connection::indicators(const catalogue::Catalogue& catalogue) {
    if (!engine) engine = std::make_unique<indicators::Engine>(*store, catalogue);
    return *engine;
}

ConnectionPool::Lease::~Lease() {
    if (!pool_ || !connection_) return;
    std::lock_guard lock(pool_->mutex_);
    pool_->idle_.push_back(std::move(connection_));
}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto c = std::move(idle_.back());
            idle_.pop_back();
            return Lease(this, std::move(c));
        }
    }
    // Connections are made as concurrency asks for them and then kept; the
    // pool of threads that calls acquire bounds their number.
    auto c = std::make_unique<Connection>();
    c->store = TRY(storage::open_store(location_, home_));
    c->store->set_clock(clock_);
    return Lease(this, std::move(c));
}

Result<std::unique_ptr<Writer>> Writer::create(const std::string& location, const catalogue::Catalogue& catalogue,
                                               const privacy::Keyring& keys, const Clock* clock) {
    auto store = TRY(storage::open_store(location, catalogue.municipality_code));
    if (clock) store->set_clock(*clock);
    return std::unique_ptr<Writer>(new Writer(std::move(store), catalogue, keys));
}

Writer::Writer(std::unique_ptr<storage::Store> store, const catalogue::Catalogue& catalogue,
               const privacy::Keyring& keys)
    : store_(std::move(store)), catalogue_(catalogue), keys_(keys) {
    // GRIP_WRITE_WAIT_SECONDS: how long a write may wait for its turn
    // (docs/operations.md).
    if (const char* text = std::getenv("GRIP_WRITE_WAIT_SECONDS")) {
        int seconds = 0;
        const std::string_view v(text);
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
        if (ec == std::errc() && end == v.data() + v.size() && seconds > 0) wait_limit_ = std::chrono::seconds(seconds);
        else
            spdlog::warn("GRIP_WRITE_WAIT_SECONDS is not a whole number of seconds above 0; using {} s",
                         wait_limit_.count());
    }
    thread_ = std::thread([this] { loop(); });
}

Writer::~Writer() { stop(); }

void Writer::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

Status Writer::run_job(const std::string& municipality, Job job) {
    auto pending = std::make_unique<Pending>();
    pending->municipality = municipality;
    pending->job = std::move(job);
    auto done = pending->done.get_future();
    Pending* mine = pending.get();
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return Error::storage("the server is stopping");
        queue_.push_back(std::move(pending));
    }
    wake_.notify_one();
    if (done.wait_for(wait_limit_) == std::future_status::ready) return done.get();
    // Waited too long in the queue (a long import runs, or another process
    // holds the store): a write that has not started is taken out again and
    // answered "busy" (503 with Retry-After); one that runs is waited for.
    {
        std::lock_guard lock(mutex_);
        auto it = std::find_if(queue_.begin(), queue_.end(), [&](const auto& p) { return p.get() == mine; });
        if (it != queue_.end()) {
            queue_.erase(it);
            return Error::busy("the store is busy: writes waited too long");
        }
    }
    return done.get();
}

std::future<Status> Writer::run_exclusive(const std::string& municipality, ExclusiveJob job) {
    auto pending = std::make_unique<Pending>();
    pending->municipality = municipality;
    pending->exclusive = std::move(job);
    auto done = pending->exclusive_done.get_future();
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            pending->exclusive_done.set_value(Error::storage("the server is stopping"));
            return done;
        }
        queue_.push_back(std::move(pending));
    }
    wake_.notify_one();
    return done;
}

void Writer::loop() {
    constexpr size_t kMaxBatch = 512;
    for (;;) {
        std::vector<std::unique_ptr<Pending>> batch;
        std::unique_ptr<Pending> exclusive;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything queued has run
            if (queue_.front()->exclusive) {
                exclusive = std::move(queue_.front());
                queue_.pop_front();
            } else {
                // One municipality per batch: the next waits for the next batch.
                while (!queue_.empty() && !queue_.front()->exclusive && batch.size() < kMaxBatch &&
                       (batch.empty() || queue_.front()->municipality == batch.front()->municipality)) {
                    batch.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
            }
        }
        // After `grip key rotate` the writer seals under the new key.
        keys_.refresh();
        if (exclusive) {
            Status status = store_->set_municipality(exclusive->municipality);
            try {
                if (status) status = exclusive->exclusive(*store_);
            } catch (const std::exception& e) {
                status = Error::storage(fmt::format("exclusive job failed: {}", e.what()));
            } catch (...) {
                status = Error::storage("exclusive job failed");
            }
            // Whatever the job left behind (a transaction it did not end,
            // after a failure) is undone, so that the next job and the next
            // batch find the store as a fresh connection would.
            store_->rollback();
            if (!status) spdlog::error("an exclusive job failed: {}", status.error().message);
            exclusive->exclusive_done.set_value(std::move(status));
        } else {
            run_batch(batch);
        }
    }
}

void Writer::run_batch(std::vector<std::unique_ptr<Pending>>& batch) {
    std::vector<std::optional<Status>> answers(batch.size());
    std::vector<privacy::LogEntry> log_entries;
    auto fail_all = [&](const Error& error) {
        store_->rollback();
        spdlog::error("a batch of {} writes failed: {}", batch.size(), error.message);
        for (auto& p : batch) p->done.set_value(error);
    };
    auto attempt = [&]() -> Status {
        TRY(store_->set_municipality(batch.front()->municipality));
        TRY(store_->begin());
        ingest::RecordWriter records(*store_, catalogue_, keys_);
        TRY(records.prepare());
        const int64_t delivery = TRY(store_->start_delivery(
            {"api", "json", fmt::format("api-batch-{}", std::chrono::steady_clock::now().time_since_epoch().count())}));
        records.set_delivery(delivery);
        WriteBatch context{*store_, records};
        storage::DeliveryCounts counts;
        std::vector<privacy::LogEntry> job_log;
        for (size_t i = 0; i < batch.size(); ++i) {
            Status answer = Error::storage("not run");
            job_log.clear();
            context.log = &job_log;
            try {
                answer = batch[i]->job(context);
            } catch (const std::exception& e) {
                answer = Error::storage(fmt::format("write job failed: {}", e.what()));
            }
            if (!answer && is_store_failure(answer.error().code)) return answer.take_error();
            ++counts.read;
            if (answer) ++counts.stored;
            else ++counts.rejected;
            // A refused job wrote nothing: its entries (if any) go.
            if (answer) std::move(job_log.begin(), job_log.end(), std::back_inserter(log_entries));
            answers[i] = std::move(answer);
        }
        TRY(records.finish());
        TRY(store_->finish_delivery(delivery, counts, "committed"));
        return store_->commit();
    };
    Status status = Error::storage("not run");
    try {
        status = attempt();
    } catch (const std::exception& e) {
        status = Error::storage(fmt::format("write batch failed: {}", e.what()));
    }
    if (!status) return fail_all(status.error());
    // The batch's processing-log entries, after its commit: one append and
    // one sync for all, before any write of the batch is answered, so that
    // every acknowledged change of personal data is on disk in the log too.
    if (!log_entries.empty()) {
        Status logged = log_ ? log_->append_all(std::move(log_entries), privacy::Durability::Now)
                             : Status(Error::storage("the writer has no processing log for its entries"));
        if (!logged) {
            spdlog::error("a batch of {} writes was committed but its processing-log entries failed: {}", batch.size(),
                          logged.error().message);
            for (size_t i = 0; i < batch.size(); ++i)
                if (*answers[i]) answers[i] = Status(logged.error());
        }
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(*answers[i]));
}

}  // namespace grip::api

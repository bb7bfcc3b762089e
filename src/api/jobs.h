#pragma once
// Deliveries sent to the API run as jobs: the request answers at once with
// the job, and the job's progress, outcome and line errors can be asked for
// while and after it runs. Jobs live in memory: after a restart the
// delivery itself is in the store (or not at all), its job is gone.
// A finished job expires (Jobs::keep_seconds after it ended): its errors
// and its rejects file go with it. A job keeps at most the first line errors
// of its delivery (ImportOptions::errors_kept) and their count, so that no
// delivery can make the server's memory grow with its bad lines.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "ingest/delivery.h"

namespace grip::api {

enum class JobState { Queued, Running, Done, Failed };

class DeliveryJob {
public:
    DeliveryJob(std::string id, int64_t owner, std::string name, std::string format, uint64_t bytes_total)
        : id_(std::move(id)), owner_(owner), name_(std::move(name)), format_(std::move(format)), total_(bytes_total) {}

    const std::string& id() const { return id_; }
    int64_t owner() const { return owner_; }

    void progress(const ingest::ImportProgress& p) {
        bytes_ = p.bytes_read;
        lines_ = p.lines;
    }
    void start();
    // `rejects`: the file with the rejected lines (Grip's own folder, 0600),
    // or empty; it is removed when the job expires. `now`: Unix seconds.
    void finish(ingest::ImportReport report, std::filesystem::path rejects, int64_t now);
    void fail(std::string message, int64_t now);

    // The checks across figures the delivery breaks (quality/figure_checks),
    // set before finish(): warnings beside its outcome, never a refusal.
    void set_warnings(boost::json::array warnings);

    boost::json::object to_json(size_t max_errors) const;
    // The rejected lines as delivered, once done (empty when none); Io
    // when the file cannot be read.
    std::optional<Result<std::string>> rejects() const;
    // When the job ended (done or failed), in Unix seconds; nullopt while it runs.
    std::optional<int64_t> ended() const;
    // Removes the rejects file (when the job expires).
    void discard();

private:
    std::string id_;
    int64_t owner_;
    std::string name_, format_;
    uint64_t total_;
    std::atomic<uint64_t> bytes_{0};
    std::atomic<int64_t> lines_{0};
    mutable std::mutex mutex_;
    JobState state_ = JobState::Queued;
    std::optional<ingest::ImportReport> report_;
    std::filesystem::path rejects_;
    std::string failure_;
    boost::json::array warnings_;
    std::optional<int64_t> ended_;
};

class Jobs {
public:
    // How long a finished job is kept for its sender to read its outcome.
    static constexpr int64_t kKeepSeconds = 24 * 3600;

    // `now` (Unix seconds) also removes the jobs that expired.
    std::shared_ptr<DeliveryJob> add(int64_t owner, std::string name, std::string format, uint64_t bytes_total,
                                     int64_t now);
    std::shared_ptr<DeliveryJob> find(std::string_view id, int64_t now);
    void set_keep_seconds(int64_t seconds) { keep_seconds_ = seconds; }
    size_t size() const;

private:
    void expire(int64_t now);  // with mutex_ held

    int64_t keep_seconds_ = kKeepSeconds;
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<DeliveryJob>, std::less<>> jobs_;
};

}  // namespace grip::api

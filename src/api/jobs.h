#pragma once
// Deliveries sent to the API run as jobs: the request answers at once with
// the job, and the job's progress, outcome and line errors can be asked for
// while and after it runs. Jobs live in memory: after a restart the
// delivery itself is in the store (or not at all), its job is gone.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

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
    void finish(ingest::ImportReport report, std::string rejects);
    void fail(std::string message);

    boost::json::object to_json(size_t max_errors) const;
    std::optional<std::string> rejects() const;  // the rejected lines as delivered, once done

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
    std::string rejects_;
    std::string failure_;
};

class Jobs {
public:
    std::shared_ptr<DeliveryJob> add(int64_t owner, std::string name, std::string format, uint64_t bytes_total);
    std::shared_ptr<DeliveryJob> find(std::string_view id) const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<DeliveryJob>, std::less<>> jobs_;
};

}  // namespace grip::api

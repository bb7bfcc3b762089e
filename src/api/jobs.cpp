#include "api/jobs.h"

#include <boost/json.hpp>

#include "http/responses.h"

namespace grip::api {
namespace json = boost::json;

namespace {

std::string_view state_name(JobState s) {
    switch (s) {
        case JobState::Queued: return "queued";
        case JobState::Running: return "running";
        case JobState::Done: return "done";
        case JobState::Failed: return "failed";
    }
    return "failed";
}

}  // namespace

void DeliveryJob::start() {
    std::lock_guard lock(mutex_);
    state_ = JobState::Running;
}

void DeliveryJob::finish(ingest::ImportReport report, std::string rejects) {
    std::lock_guard lock(mutex_);
    report_ = std::move(report);
    rejects_ = std::move(rejects);
    state_ = JobState::Done;
}

void DeliveryJob::fail(std::string message) {
    std::lock_guard lock(mutex_);
    failure_ = std::move(message);
    state_ = JobState::Failed;
}

std::optional<std::string> DeliveryJob::rejects() const {
    std::lock_guard lock(mutex_);
    if (state_ != JobState::Done) return std::nullopt;
    return rejects_;
}

json::object DeliveryJob::to_json(size_t max_errors) const {
    std::lock_guard lock(mutex_);
    json::object out{{"id", id_},
                     {"state", state_name(state_)},
                     {"file", name_},
                     {"format", format_},
                     {"progress",
                      json::object{{"bytes_read", bytes_.load()}, {"bytes_total", total_}, {"lines", lines_.load()}}}};
    if (state_ == JobState::Failed) out["failure"] = failure_;
    if (report_) {
        const auto& r = *report_;
        out["committed"] = r.committed;
        out["delivery"] = r.committed ? json::value(r.delivery) : json::value(nullptr);
        if (r.already_imported) out["already_imported"] = r.already_imported->id;
        out["counts"] = json::object{{"read", r.counts.read},           {"stored", r.counts.stored},
                                     {"replaced", r.counts.replaced},   {"withdrawn", r.counts.withdrawn},
                                     {"unchanged", r.counts.unchanged}, {"rejected", r.counts.rejected}};
        json::array errors;
        for (size_t i = 0; i < r.errors.size() && i < max_errors; ++i) {
            const auto& e = r.errors[i];
            errors.push_back(json::object{{"line", e.line}, {"field", e.field}, {"message", e.message}, {"text", e.text()}});
        }
        out["errors"] = std::move(errors);
        out["errors_total"] = r.errors.size();
        out["has_rejects"] = !rejects_.empty();
    }
    return out;
}

std::shared_ptr<DeliveryJob> Jobs::add(int64_t owner, std::string name, std::string format, uint64_t bytes_total) {
    auto job = std::make_shared<DeliveryJob>(http::new_error_id(), owner, std::move(name), std::move(format), bytes_total);
    std::lock_guard lock(mutex_);
    jobs_[job->id()] = job;
    return job;
}

std::shared_ptr<DeliveryJob> Jobs::find(std::string_view id) const {
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(id);
    return it == jobs_.end() ? nullptr : it->second;
}

}  // namespace grip::api

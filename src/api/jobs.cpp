#include "api/jobs.h"

#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

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

void DeliveryJob::finish(ingest::ImportReport report, std::filesystem::path rejects, int64_t now) {
    std::lock_guard lock(mutex_);
    report_ = std::move(report);
    rejects_ = std::move(rejects);
    state_ = JobState::Done;
    ended_ = now;
}

void DeliveryJob::set_warnings(json::array warnings) {
    std::lock_guard lock(mutex_);
    warnings_ = std::move(warnings);
}

void DeliveryJob::fail(std::string message, int64_t now) {
    std::lock_guard lock(mutex_);
    failure_ = std::move(message);
    state_ = JobState::Failed;
    ended_ = now;
}

std::optional<int64_t> DeliveryJob::ended() const {
    std::lock_guard lock(mutex_);
    return ended_;
}

std::optional<Result<std::string>> DeliveryJob::rejects() const {
    std::lock_guard lock(mutex_);
    if (state_ != JobState::Done) return std::nullopt;
    if (rejects_.empty()) return Result<std::string>(std::string());
    std::ifstream in(rejects_, std::ios::binary);
    if (!in) return Result<std::string>(Error::io(fmt::format("cannot read the rejects of job {}", id_)));
    std::ostringstream text;
    text << in.rdbuf();
    return Result<std::string>(text.str());
}

void DeliveryJob::discard() {
    std::lock_guard lock(mutex_);
    if (rejects_.empty()) return;
    std::error_code ec;
    std::filesystem::remove(rejects_, ec);
    rejects_.clear();
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
    if (ended_) out["ended_at"] = *ended_;
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
            errors.push_back(
                json::object{{"line", e.line}, {"field", e.field}, {"message", e.message}, {"text", e.text()}});
        }
        out["errors"] = std::move(errors);
        out["errors_total"] = r.errors_total;
        if (r.stopped) out["stopped"] = *r.stopped;
        out["has_rejects"] = !rejects_.empty();
        out["warnings"] = warnings_;
    }
    return out;
}

std::shared_ptr<DeliveryJob> Jobs::add(int64_t owner, std::string name, std::string format, uint64_t bytes_total,
                                       int64_t now) {
    auto job =
        std::make_shared<DeliveryJob>(http::new_error_id(), owner, std::move(name), std::move(format), bytes_total);
    std::lock_guard lock(mutex_);
    expire(now);
    jobs_[job->id()] = job;
    return job;
}

std::shared_ptr<DeliveryJob> Jobs::find(std::string_view id, int64_t now) {
    std::lock_guard lock(mutex_);
    expire(now);
    auto it = jobs_.find(id);
    return it == jobs_.end() ? nullptr : it->second;
}

size_t Jobs::size() const {
    std::lock_guard lock(mutex_);
    return jobs_.size();
}

void Jobs::expire(int64_t now) {
    for (auto it = jobs_.begin(); it != jobs_.end();) {
        const auto ended = it->second->ended();
        if (ended && *ended + keep_seconds_ <= now) {
            it->second->discard();
            it = jobs_.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace grip::api

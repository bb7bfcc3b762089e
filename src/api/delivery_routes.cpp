// /api/v1/deliveries: a file in the exchange format (NDJSON or CSV) as the
// request body, imported by the same code as `grip import`, as a job with
// progress; the job gives the line errors and the rejected lines.

#include <filesystem>
#include <mutex>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/record_access.h"
#include "api/request_body.h"
#include "api/services.h"
#include "ingest/delivery.h"
#include "ingest/delivery_log.h"
#include "quality/check_counts.h"
#include "quality/figure_checks.h"
#include "signals/watch.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;
using records::Kind;

namespace {

constexpr size_t kErrorsShown = 1000;

// The folder of the rejected lines of the server's jobs: Grip's own, beside
// the processing log (so beside the store, or the key file for a server
// store), readable by the server's account alone; never a shared temporary
// folder, since rejected lines hold BSNs and names.
Result<std::filesystem::path> rejects_folder(const std::filesystem::path& log_file) {
    std::string name = log_file.filename().string();
    if (const auto cut = name.find(".processing-log"); cut != std::string::npos) name.resize(cut);
    auto folder = log_file.parent_path() / (name + ".rejects");
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) return Error::io(fmt::format("cannot make the rejects folder {}: {}", folder.string(), ec.message()));
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
    if (ec) return Error::io(fmt::format("cannot protect the rejects folder {}: {}", folder.string(), ec.message()));
    // Jobs live in memory: the rejects of jobs of an earlier run of the
    // server have no job left to expire them, so they go the first time
    // this run uses the folder.
    static std::mutex mutex;
    static std::set<std::filesystem::path> cleaned;
    std::lock_guard lock(mutex);
    if (cleaned.insert(folder).second) {
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
            const auto file = entry.path().filename().string();
            if (file.starts_with("job-") && file.ends_with(".rejects")) std::filesystem::remove(entry.path(), ec);
        }
    }
    return folder;
}

// Grants an own-scope partner the persons and addresses its delivery
// stored, so that a later delivery of theirs may refer to them although no
// activity does yet (record_access: grant_reference). Its own transaction,
// after the delivery's.
Status grant_delivered(storage::Store& store, const auth::Actor& actor, int64_t now, const DeliveredIds& delivered,
                       int64_t delivery) {
    if (!actor.role->own_scope() || delivered.empty()) return ok_status();
    TRY(store.begin());
    auto granted = [&]() -> Status {
        for (Kind kind : {Kind::Person, Kind::Address})
            for (const auto& key : delivered) {
                const auto prefix = delivered_key(kind, "");
                if (key.rfind(prefix, 0) != 0) continue;
                const auto id = std::string_view(key).substr(prefix.size());
                auto stored = TRY(store.current(kind, id));
                if (stored && !stored->withdrawn && stored->delivery == delivery)
                    TRY(grant_reference(store, actor, now, kind, id));
            }
        return ok_status();
    }();
    if (!granted) {
        store.rollback();
        return granted;
    }
    return store.commit();
}

Answer start(Call& call) {
    const auto type = media_type(call);
    ingest::FileFormat format;
    if (type == "application/x-ndjson" || type == "application/ndjson") format = ingest::FileFormat::Ndjson;
    else if (type == "text/csv") format = ingest::FileFormat::Csv;
    else return problem(status::unsupported_media_type, "send NDJSON (application/x-ndjson) or CSV (text/csv)");
    if (call.request.body().empty()) return problem(status::bad_request, "the delivery is empty");
    const auto mode = call.query_value("mode");
    if (!mode.empty() && mode != "all" && mode != "partial")
        return problem(status::bad_request, "which mode?",
                       {{"mode", "all (default: one bad line and nothing is stored) or partial"}});
    std::string name = call.query_value("file");
    if (name.empty()) name = format == ingest::FileFormat::Csv ? "delivery.csv" : "delivery.ndjson";
    if (name.size() > 200 || name.find('/') != std::string::npos)
        return problem(status::bad_request, "the file name is not valid",
                       {{"file", "a file name without folders, at most 200 characters"}});

    auto& clock = call.services.clock;
    auto job = call.services.jobs.add(call.actor->user, name, format == ingest::FileFormat::Csv ? "csv" : "ndjson",
                                      call.request.body().size(), clock.now());
    ingest::ImportOptions options;
    options.format = format;
    options.mode = mode == "partial" ? ingest::ImportMode::Partial : ingest::ImportMode::AllOrNothing;
    if (auto kind = call.query_value("kind"); !kind.empty()) options.csv_kind = kind;
    std::filesystem::path rejects;
    if (options.mode == ingest::ImportMode::Partial) {
        auto folder = TRY(rejects_folder(call.services.log.file()));
        rejects = folder / fmt::format("job-{}.rejects", job->id());
        options.rejects = rejects;
    }
    options.progress = [job](const ingest::ImportProgress& p) { job->progress(p); };
    options.user = call.actor->user;

    const auto& catalogue = call.services.catalogue.catalogue;
    const auto& keys = call.services.keys;
    auto& log = call.services.log;
    // The processing log's entries of the delivery: this call's trace, the sender.
    const privacy::LogEntry logged = log_entry_of(call);
    // The body is copied: the request ends when this answer is sent.
    (void)call.services.writer.run_exclusive(
        call.actor->municipality,
        [job, options, rejects, data = call.request.body(), name, &catalogue, &keys, &clock, &log, logged,
         actor = *call.actor,
         webhook = call.services.settings.signals_webhook](storage::Store& store) mutable -> Status {
            job->start();
            // A job ends as done or failed whatever happens in it: a failure
            // (even running out of memory) fails the job, and the error
            // makes the writer roll the store back for the next job.
            try {
                // A partner delivers its own records only, and refers only to
                // what it may see or delivers itself, checked line by line.
                const int64_t now = clock.now();
                DeliveredIds delivered;
                quality::Touched touched_figures;
                options.admit = [&store, &actor, &delivered, &touched_figures,
                                 now](const records::Record& record) -> std::optional<records::FieldError> {
                    if (record.kind == Kind::Activity) touched_figures.add(record);
                    auto refused = may_deliver(store, actor, now, record, delivered);
                    if (!refused) return records::FieldError{"-", "could not be checked: " + refused.error().message};
                    return *refused;
                };
                quality::CheckCounts counted(catalogue);
                options.placed = [&counted](const records::Record& record) { counted.placed(record); };
                ingest::TouchedRecords touched;
                options.touched = &touched;
                ingest::Importer importer(store, catalogue, keys);
                auto report = importer.import_data(name, std::move(data), options);
                if (!report) {
                    job->fail(report.error().message, clock.now());
                    return report.take_error();
                }
                if (report->committed) {
                    if (auto granted = grant_delivered(store, actor, now, delivered, report->delivery); !granted) {
                        job->fail(granted.error().message, clock.now());
                        return granted;
                    }
                    // Which persons the delivery touched: once it is committed.
                    if (auto written = ingest::log_delivered(log, keys, touched, logged); !written) {
                        job->fail(written.error().message, clock.now());
                        return written;
                    }
                    // The checks across figures the delivery's months now break.
                    indicators::Engine engine(store, catalogue);
                    auto warnings = quality::warnings_for(store, catalogue, engine, touched_figures,
                                                          actor.role->may("indicators.read"),
                                                          report->first_load ? &counted : nullptr);
                    if (!warnings) {
                        job->fail(warnings.error().message, clock.now());
                        return warnings.take_error();
                    }
                    job->set_warnings(std::move(*warnings));
                    // The signals of the years it touched: what appeared or ended is an event.
                    signals::watch_after_delivery(store, engine, catalogue, touched_figures.months, clock.now(),
                                                  webhook);
                }
                std::filesystem::path kept;
                std::error_code ec;
                if (options.rejects && std::filesystem::exists(rejects, ec)) kept = rejects;
                job->finish(std::move(*report), std::move(kept), clock.now());
                return ok_status();
            } catch (const std::exception& e) {
                std::error_code ec;
                if (options.rejects) std::filesystem::remove(rejects, ec);
                job->fail("the delivery could not be imported (the server ran out of a resource); nothing is stored",
                          clock.now());
                return Error::storage(fmt::format("delivery job {} failed: {}", job->id(), e.what()));
            }
        });
    auto response = json_response(status::accepted, job->to_json(kErrorsShown));
    response.set(boost::beast::http::field::location, fmt::format("/api/v1/deliveries/jobs/{}", job->id()));
    return response;
}

std::shared_ptr<DeliveryJob> own_job(Call& call) {
    auto job = call.services.jobs.find(call.path.at("id"), call.services.clock.now());
    if (!job || job->owner() != call.actor->user) return nullptr;  // someone else's job does not exist for you
    return job;
}

Answer status_of(Call& call) {
    auto job = own_job(call);
    if (!job) return problem(status::not_found, "no such job");
    return json_response(status::ok, job->to_json(kErrorsShown));
}

Answer rejects_of(Call& call) {
    auto job = own_job(call);
    if (!job) return problem(status::not_found, "no such job");
    auto rejects = job->rejects();
    if (!rejects) return problem(status::conflict, "the job has not finished");
    if (!*rejects) return rejects->error();
    return text_response(status::ok, "text/plain; charset=utf-8", std::move(**rejects));
}

Answer list(Call& call) {
    auto deliveries = TRY(call.db.store->deliveries());
    // Files are what people deliver and look for here; the registrations of
    // the web interface and the API (and case steps) are stored as small
    // deliveries too, for the history, and are listed only when asked for.
    const std::string include = call.query_value("include");
    if (!include.empty() && include != "registrations")
        return problem(status::bad_request, "include must be `registrations`",
                       {{"include", "must be one of: registrations"}});
    const bool registrations = !include.empty();
    json::array items;
    const bool own = call.own_scope();
    for (const auto& d : deliveries) {
        if (own && d.info.user != call.actor->user) continue;  // a partner sees its own deliveries
        const bool file = d.info.format == "ndjson" || d.info.format == "csv";
        if (!file && !registrations) continue;
        const auto& c = d.counts;
        items.push_back(json::object{{"id", d.id},
                                     {"kind", file ? "file" : "registrations"},
                                     {"source", d.info.source},
                                     {"format", d.info.format},
                                     {"started_at", d.started_at},
                                     {"finished_at", d.finished_at},
                                     {"status", d.status},
                                     {"counts", json::object{{"read", c.read},
                                                             {"stored", c.stored},
                                                             {"replaced", c.replaced},
                                                             {"withdrawn", c.withdrawn},
                                                             {"unchanged", c.unchanged},
                                                             {"rejected", c.rejected}}}});
    }
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

}  // namespace

void add_delivery_routes(Router& router) {
    const ResponseDoc& unauthorised = kNotSignedIn;
    const ResponseDoc& forbidden = kRoleMayNot;
    router.add({verb::get,
                "/api/v1/deliveries",
                Access::SignedIn,
                "deliveries.read",
                list,
                {"listDeliveries",
                 "The deliveries taken into the store: the files, committed or refused "
                 "(nothing stored), and with include=registrations also the registrations of the web interface "
                 "and the API",
                 "deliveries",
                 {{"include", "`registrations`: also the registrations made through the web interface and the API"}},
                 "",
                 {},
                 {{200, "The deliveries, oldest first", "DeliveryList"},
                  {400, "include is not `registrations`", "Problem"},
                  unauthorised,
                  forbidden}}});
    router.add({verb::post,
                "/api/v1/deliveries",
                Access::SignedIn,
                "deliveries.write",
                start,
                {"startDelivery",
                 "Import a file in the exchange format, as a job",
                 "deliveries",
                 {{"mode", "all (default) or partial"},
                  {"kind", "CSV without a kind column: the kind of every row"},
                  {"file", "The file name, for messages (default delivery.ndjson or delivery.csv)"}},
                 "",
                 {"application/x-ndjson", "application/ndjson", "text/csv"},
                 {{202, "The job; follow its Location", "DeliveryJob"},
                  {400, "Empty body or bad parameter", "Problem"},
                  unauthorised,
                  forbidden,
                  {413, "Body too large", "Problem"},
                  {415, "Neither NDJSON nor CSV", "Problem"}}}});
    router.add(
        {verb::get,
         "/api/v1/deliveries/jobs/{id}",
         Access::SignedIn,
         "deliveries.write",
         status_of,
         {"getDeliveryJob",
          "A delivery job: progress, outcome and line errors",
          "deliveries",
          {},
          "",
          {},
          {{200, "The job", "DeliveryJob"}, unauthorised, forbidden, {404, "No such job of yours", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/deliveries/jobs/{id}/rejects",
                Access::SignedIn,
                "deliveries.write",
                rejects_of,
                {"getDeliveryRejects",
                 "The rejected lines of a partial delivery, as delivered",
                 "deliveries",
                 {},
                 "",
                 {},
                 {{200, "The rejected lines", "", "text/plain"},
                  unauthorised,
                  forbidden,
                  {404, "No such job of yours", "Problem"},
                  {409, "The job has not finished", "Problem"}}}});
}

}  // namespace grip::api

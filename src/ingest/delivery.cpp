#include "ingest/delivery.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>
#include <unordered_set>

#include <fmt/format.h>
#include <sodium.h>

#include "ingest/csv_reader.h"
#include "ingest/record_writer.h"
#include "records/validator.h"

namespace grip::ingest {
namespace json = boost::json;
using records::Kind;

std::string LineError::text() const { return fmt::format("{}:{}: {}: {}", file, line, field, message); }

FileFormat format_of(const std::filesystem::path& file) {
    std::string name = file.filename().string();
    for (auto ext : {".gz", ".zst"})
        if (name.ends_with(ext)) name.resize(name.size() - std::string_view(ext).size());
    return name.ends_with(".csv") ? FileFormat::Csv : FileFormat::Ndjson;
}

namespace {

Result<std::string> file_digest(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::io(fmt::format("cannot read {}", file.string()));
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, 32);
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto n = in.gcount();
        if (n > 0) crypto_generichash_update(&st, reinterpret_cast<unsigned char*>(buf.data()), static_cast<size_t>(n));
    }
    unsigned char out[32];
    crypto_generichash_final(&st, out, sizeof out);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return std::string(hex);
}

std::string data_digest(std::string_view data) {
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
}

// One line as read: its number, its object (if it parsed) and its text as
// delivered, kept only when it may have to go to a rejects file.
struct PendingLine {
    int64_t line = 0;
    json::object raw;
    std::string text;
};

std::string csv_cell(std::string_view v, char sep) {
    if (v.find_first_of(std::string{sep, '"', '\n', '\r'}) == std::string_view::npos) return std::string(v);
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// A CSV row as delivered, for the rejects file.
std::string csv_row(const std::vector<std::string_view>& cells, char sep) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i) out += sep;
        out += csv_cell(cells[i], sep);
    }
    return out;
}

}  // namespace

// The state of one delivery while it is read.
class Importer::Run {
public:
    Run(Importer& owner, std::string name, FileFormat format, const ImportOptions& options)
        : owner_(owner),
          writer_(owner.store_, owner.catalogue_, owner.keys_),
          name_(std::move(name)),
          format_(format),
          options_(options) {}

    RecordWriter& writer() { return writer_; }
    ImportReport& report() { return report_; }

    // Handles one line that was read; `text` is the line as delivered.
    Status line(int64_t number, json::object raw, std::string_view text) {
        ++report_.counts.read;
        auto v = records::validate_record(raw, owner_.catalogue_,
                                          format_ == FileFormat::Csv ? records::ValueSource::Text
                                                                     : records::ValueSource::Json);
        if (!v.errors.empty()) {
            for (auto& e : v.errors) error(number, std::move(e.field), std::move(e.message));
            reject(number, raw, text);
            return ok_status();
        }
        if (options_.admit) {
            if (auto refused = options_.admit(*v.record)) {
                error(number, std::move(refused->field), std::move(refused->message));
                reject(number, raw, text);
                return ok_status();
            }
        }
        return place(number, std::move(*v.record), std::move(raw), text);
    }

    void header_error(std::string field, std::string message) { error(1, std::move(field), std::move(message)); }

    void parse_error(int64_t number, std::string field, std::string message, std::string_view text) {
        // A row may have several errors: it is read and rejected once.
        if (number != last_error_line_) ++report_.counts.read;
        error(number, std::move(field), std::move(message));
        reject(number, {}, text);
    }

    // Retries the lines that waited for a record later in the file.
    Status finish_deferred() {
        bool progress = true;
        while (progress && !deferred_.empty()) {
            progress = false;
            std::vector<std::pair<records::Record, PendingLine>> waiting = std::move(deferred_);
            deferred_.clear();
            deferred_ids_.clear();
            for (auto& [record, pending] : waiting) {
                const size_t before = deferred_.size();
                TRY(place(pending.line, std::move(record), std::move(pending.raw), pending.text, Retry::Yes));
                if (deferred_.size() == before) progress = true;
            }
        }
        for (auto& [record, pending] : deferred_) {
            for (const auto& ref : record.references()) {
                auto state = TRY(state_of(ref.kind, ref.id));
                if (state == RefState::Missing)
                    error(pending.line, std::string(ref.field),
                          fmt::format("refers to a {} that is neither in this delivery nor stored",
                                      records::kind_name(ref.kind)));
            }
            reject(pending.line, pending.raw, pending.text);
        }
        deferred_.clear();
        return ok_status();
    }

    bool writing() const { return options_.mode == ImportMode::Partial || report_.errors.empty(); }

    Status write_rejects(const std::vector<std::string>& csv_columns, char csv_separator) {
        if (!options_.rejects || rejected_.empty()) return ok_status();
        std::sort(rejected_.begin(), rejected_.end(),
                  [](const PendingLine& a, const PendingLine& b) { return a.line < b.line; });
        std::ofstream out(*options_.rejects, std::ios::binary | std::ios::trunc);
        if (!out) return Error::io(fmt::format("cannot write rejects file {}", options_.rejects->string()));
        if (format_ == FileFormat::Csv) {
            for (size_t i = 0; i < csv_columns.size(); ++i) out << (i ? std::string(1, csv_separator) : "") << csv_columns[i];
            out << '\n';
            for (const auto& r : rejected_)
                if (!r.text.empty()) out << r.text << '\n';
        } else {
            for (const auto& r : rejected_) out << r.text << '\n';
        }
        out.flush();
        if (!out) return Error::io(fmt::format("cannot write rejects file {}", options_.rejects->string()));
        return ok_status();
    }

private:
    enum class Retry { No, Yes };

    void error(int64_t line, std::string field, std::string message) {
        report_.errors.push_back({name_, line, std::move(field), std::move(message)});
    }

    void reject(int64_t line, const json::object& raw, std::string_view text) {
        if (line == last_error_line_) return;
        last_error_line_ = line;
        ++report_.counts.rejected;
        if (options_.rejects) rejected_.push_back({line, raw, std::string(text)});
    }

    static std::string key(Kind kind, std::string_view id) {
        return fmt::format("{}\x1f{}", records::kind_name(kind), id);
    }

    Result<RefState> state_of(Kind kind, const std::string& id) {
        if (!writing() && unwritten_.count(key(kind, id))) return RefState::Exists;
        return writer_.reference(kind, id);
    }

    Status place(int64_t number, records::Record record, json::object raw, std::string_view text,
                 Retry retry = Retry::No) {
        const std::string self = key(record.kind, record.id);
        // A later version of a record that waits must wait behind it.
        bool wait = deferred_ids_.count(self) > 0;
        if (!record.withdrawn) {
            for (const auto& ref : record.references()) {
                if (wait) break;
                if (ref.kind == record.kind && ref.id == record.id) {
                    error(number, std::string(ref.field), "a record cannot refer to itself");
                    reject(number, raw, text);
                    return ok_status();
                }
                switch (TRY(state_of(ref.kind, ref.id))) {
                    case RefState::Exists: break;
                    case RefState::Withdrawn:
                        error(number, std::string(ref.field),
                              fmt::format("refers to a {} that was withdrawn", records::kind_name(ref.kind)));
                        reject(number, raw, text);
                        return ok_status();
                    case RefState::Missing: wait = true; break;
                }
            }
        }
        if (wait) {
            deferred_ids_.insert(self);
            PendingLine pending{number, std::move(raw), std::string(text)};
            deferred_.emplace_back(std::move(record), std::move(pending));
            return ok_status();
        }
        (void)retry;
        if (!writing()) {
            // After the first error nothing is stored; later lines are still
            // checked, and count as present for the references after them.
            unwritten_.insert(self);
            return ok_status();
        }
        auto outcome = writer_.apply(record);
        if (!outcome) {
            if (outcome.error().code != ErrorCode::NotFound) return outcome.take_error();
            error(number, "deleted", outcome.error().message);
            reject(number, raw, text);
            return ok_status();
        }
        switch (*outcome) {
            case WriteOutcome::Stored: ++report_.counts.stored; break;
            case WriteOutcome::Replaced: ++report_.counts.replaced; break;
            case WriteOutcome::Withdrawn: ++report_.counts.withdrawn; break;
            case WriteOutcome::Unchanged: ++report_.counts.unchanged; break;
        }
        return ok_status();
    }

    Importer& owner_;
    RecordWriter writer_;
    std::string name_;
    FileFormat format_;
    const ImportOptions& options_;
    ImportReport report_;
    std::vector<std::pair<records::Record, PendingLine>> deferred_;
    std::unordered_set<std::string> deferred_ids_;
    std::unordered_set<std::string> unwritten_;
    std::vector<PendingLine> rejected_;
    int64_t last_error_line_ = -1;
};

Importer::Importer(storage::Store& store, const catalogue::Catalogue& catalogue, const privacy::Keyring& keys)
    : store_(store), catalogue_(catalogue), keys_(keys) {}

Importer::~Importer() = default;

Result<ImportReport> Importer::import_file(const std::filesystem::path& file, const ImportOptions& options) {
    if (options.progress) options.progress({0, std::nullopt, 0, "checking"});
    const std::string digest = TRY(file_digest(file));
    auto lines = TRY(LineReader::open(file));
    return import(std::move(lines), file.string(), digest, options.format.value_or(format_of(file)), options);
}

Result<ImportReport> Importer::import_data(std::string name, std::string data, const ImportOptions& options) {
    const std::string digest = data_digest(data);
    auto format = options.format.value_or(format_of(name));
    return import(LineReader::from_string(std::move(data)), std::move(name), digest, format, options);
}

Result<ImportReport> Importer::import(std::unique_ptr<LineReader> lines, std::string name, std::string digest,
                                      FileFormat format, const ImportOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    if (auto seen = TRY(store_.delivery_with_hash(digest))) {
        ImportReport report;
        report.file = name;
        report.already_imported = *seen;
        return report;
    }

    Run run(*this, name, format, options);
    auto fail = [&](Error e) -> Result<ImportReport> {
        store_.rollback();
        return e;
    };
    run.writer().set_cache_limit(options.cache_entries);
    TRY(run.writer().prepare());
    TRY(store_.begin());
    auto delivery = store_.start_delivery({name, format == FileFormat::Csv ? "csv" : "ndjson", digest, options.user});
    if (!delivery) return fail(delivery.take_error());
    run.writer().set_delivery(*delivery);

    auto report_progress = [&](int64_t n) {
        if (options.progress) options.progress({lines->input_bytes_read(), lines->input_size(), n, "reading"});
    };

    std::vector<std::string> csv_columns;
    char csv_separator = ',';
    if (format == FileFormat::Csv) {
        auto reader = CsvReader::create(*lines, options.csv_kind);
        if (!reader) {
            // A header error is an error of line 1 ("1: FIELD: message"):
            // report it like the others.
            std::string_view message = reader.error().message;
            std::string field = "-";
            if (message.starts_with("1: ")) {
                message.remove_prefix(3);
                if (auto colon = message.find(": "); colon != std::string_view::npos) {
                    field = std::string(message.substr(0, colon));
                    message.remove_prefix(colon + 2);
                }
            }
            run.parse_error(1, field, std::string(message), "");
        } else {
            csv_columns = reader->columns();
            csv_separator = reader->separator();
            // A sheet must have a column for every required field of each
            // kind it holds: said once, on the header line.
            std::set<std::string> kinds_checked;
            auto check_columns = [&](const std::string& kind_name) {
                if (!kinds_checked.insert(kind_name).second) return;
                const auto kind = records::parse_kind(kind_name);
                if (!kind) return;
                for (const auto& f : records::kind_spec(*kind).fields)
                    if (f.required && std::find(csv_columns.begin(), csv_columns.end(), f.name) == csv_columns.end())
                        run.header_error(std::string(f.name), "required column missing");
            };
            if (options.csv_kind) check_columns(*options.csv_kind);
            CsvRecord row;
            std::vector<FieldError> errors;
            int64_t n = 0;
            while (reader->next(row, errors)) {
                if (!errors.empty() || !row.ok) {
                    const std::string cells = csv_row(reader->last_cells(), csv_separator);
                    for (auto& e : errors) run.parse_error(e.line, e.field, e.message, cells);
                    if (errors.empty()) run.parse_error(row.line, "-", "malformed row", cells);
                    errors.clear();
                    continue;
                }
                if (auto* k = row.record.if_contains("kind"); k && k->is_string()) check_columns(std::string(k->get_string()));
                const std::string text = options.rejects ? csv_row(reader->last_cells(), csv_separator) : std::string();
                auto st = run.line(row.line, std::move(row.record), text);
                if (!st) return fail(st.take_error());
                if (++n % 65536 == 0) report_progress(n);
            }
            for (auto& e : errors) run.parse_error(e.line, e.field, e.message, "");
        }
    } else {
        Line line;
        json::parser parser;
        int64_t n = 0;
        while (lines->next(line)) {
            if (++n % 65536 == 0) report_progress(n);
            std::string_view text = line.text;
            if (text.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank lines are ignored
            boost::system::error_code ec;
            parser.reset();
            parser.write(text.data(), text.size(), ec);
            if (ec) {
                run.parse_error(line.number, "-", fmt::format("not valid JSON ({})", ec.message()), text);
                continue;
            }
            json::value v = parser.release();
            if (!v.is_object()) {
                run.parse_error(line.number, "-", "a line must hold one JSON object", text);
                continue;
            }
            auto st = run.line(line.number, std::move(v.get_object()), text);
            if (!st) return fail(st.take_error());
        }
    }
    if (lines->error()) return fail(*lines->error());

    if (options.progress) options.progress({lines->input_bytes_read(), lines->input_size(), run.report().counts.read, "counting"});
    auto st = run.finish_deferred();
    if (!st) return fail(st.take_error());

    ImportReport report = std::move(run.report());
    report.file = name;
    std::stable_sort(report.errors.begin(), report.errors.end(),
                     [](const LineError& a, const LineError& b) { return a.line < b.line; });
    const bool commit = options.mode == ImportMode::Partial || report.errors.empty();
    if (!commit) {
        store_.rollback();
        report.counts.stored = report.counts.replaced = report.counts.withdrawn = report.counts.unchanged = 0;
    } else {
        auto fin = run.writer().finish();
        if (!fin) return fail(fin.take_error());
        fin = store_.finish_delivery(*delivery, report.counts, "committed");
        if (!fin) return fail(fin.take_error());
        fin = store_.commit();
        if (!fin) return fail(fin.take_error());
        report.committed = true;
        report.delivery = *delivery;
    }
    TRY(run.write_rejects(csv_columns, csv_separator));
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace grip::ingest

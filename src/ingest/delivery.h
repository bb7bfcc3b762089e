#pragma once
// A delivery: one file in the exchange format (NDJSON or CSV) taken into the
// store as one transaction. Every line is validated; references must point to
// records in the same delivery or already stored; by default one bad line and
// nothing is stored, in partial mode the good lines are stored and the bad
// ones written to a rejects file. The maintained figures change in the same
// transaction, so the indicators show the delivery as soon as it commits.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/catalogue.h"
#include "common/result.h"
#include "ingest/bulk_path.h"
#include "ingest/line_reader.h"
#include "ingest/touched_records.h"
#include "privacy/keyring.h"
#include "records/validator.h"
#include "storage/store.h"

namespace grip::ingest {

enum class ImportMode { AllOrNothing, Partial };
enum class FileFormat { Ndjson, Csv };

struct ImportProgress {
    uint64_t bytes_read = 0;
    std::optional<uint64_t> bytes_total;
    int64_t lines = 0;
    std::string_view stage;  // "reading", "counting", ...
};

struct ImportOptions {
    ImportMode mode = ImportMode::AllOrNothing;
    std::optional<std::filesystem::path> rejects;  // partial mode: where the bad lines go
    std::optional<std::string> csv_kind;           // the kind of a CSV without a kind column
    std::optional<FileFormat> format;              // default: from the file name
    std::function<void(const ImportProgress&)> progress;
    // Entries per in-memory cache; smaller uses less memory and reads the
    // store more often. The default keeps a 10M-activity delivery under 1 GiB.
    size_t cache_entries = 1'000'000;
    // The server's user who sends the delivery (0: the command line).
    int64_t user = 0;
    // Whether the sender may deliver a valid record: nullopt, or the error
    // for its line (a partner may deliver only its own records). Empty:
    // every record is admitted.
    std::function<std::optional<records::FieldError>(const records::Record&)> admit;
    // Where to note each record of personal data the delivery stores,
    // replaces or withdraws, for the processing log (nullptr: not noted).
    // Its entries hold only once the report says `committed`.
    TouchedRecords* touched = nullptr;
    // Line errors kept in the report (those of the first lines); the rest
    // are only counted, so that a file of bad lines cannot fill the memory.
    size_t errors_kept = 100;
    // After this many line errors the file is read no further and nothing
    // is stored: a file that bad is the wrong file, or an attack.
    int64_t errors_max = 10'000;
    // The most text a delivery may hold once decompressed (a 4 KB gzip can
    // hold gigabytes): past it the delivery fails and nothing is stored.
    uint64_t max_text_bytes = uint64_t{16} << 30;
    // Which path the delivery takes (bulk_path.h): Auto chooses by size and
    // by whether the store is empty; the two give the same store.
    ImportPath path = ImportPath::Auto;
    // Told of each record the delivery stores, replaces or withdraws, in the
    // order it does so (not of a record it leaves unchanged). What it is told
    // holds only once the report says `committed` (the checks across figures
    // count from it after a first load: quality/check_counts.h).
    std::function<void(const records::Record&)> placed;
};

struct LineError {
    std::string file;
    int64_t line = 0;
    std::string field;
    std::string message;
    // FILE:LINE: FIELD: message
    std::string text() const;
};

struct ImportReport {
    std::string file;
    storage::DeliveryCounts counts;
    std::vector<LineError> errors;  // in file order, the first ImportOptions::errors_kept
    int64_t errors_total = 0;       // every line error, also those not kept
    // Set when reading stopped at ImportOptions::errors_max errors; says so.
    std::optional<std::string> stopped;
    // How often a line that waited for a later line was looked at again:
    // the work of resolving forward references, which must grow linearly
    // with the lines (a chain of parents must not be quadratic).
    int64_t reference_retries = 0;
    bool committed = false;
    ImportPath path = ImportPath::Record;  // the path the delivery took
    // Whether the store held no current record of the municipality when the
    // delivery began: its current records are then exactly those the
    // delivery placed (what ImportOptions::placed was told).
    bool first_load = false;
    // The delivery's id: committed, or listed as refused (nothing stored).
    int64_t delivery = 0;
    std::optional<storage::DeliverySummary> already_imported;
    double seconds = 0;
    double records_per_second() const { return seconds > 0 ? static_cast<double>(counts.read) / seconds : 0; }
};

FileFormat format_of(const std::filesystem::path& file);

class Importer {
public:
    Importer(storage::Store& store, const catalogue::Catalogue& catalogue, const privacy::Keyring& keys);
    ~Importer();

    // Fails only when the file cannot be read at all; line errors are in the report.
    Result<ImportReport> import_file(const std::filesystem::path& file, const ImportOptions& options);
    // The same for data that is not a file (an API request body).
    Result<ImportReport> import_data(const std::string& name, std::string data, const ImportOptions& options);

private:
    class Run;
    Result<ImportReport> import(std::unique_ptr<LineReader> lines, const std::string& name,
                                const std::string& content_hash, FileFormat format, const ImportOptions& options);
    // A delivery of which nothing was stored, listed with its counts in a
    // transaction of its own (status `refused`, or `stopped` at too many errors).
    Result<int64_t> record_refusal(const std::string& name, FileFormat format, const std::string& digest, int64_t user,
                                   const ImportReport& report);

    storage::Store& store_;
    const catalogue::Catalogue& catalogue_;
    const privacy::Keyring& keys_;
};

}  // namespace grip::ingest

// Limits of a delivery (issue 14): bounded line errors and a stop after too
// many, a cap on the decompressed size, forward references resolved in one
// pass, private rejects files, strict JSON. The behaviour that is data (field
// limits, duplicate keys, area codes, ids, loops) is in tests/data/deliveries.

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <zlib.h>
#include <zstd.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/strict_json.h"
#include "ingest/line_reader.h"
#include "records/validator.h"
#include "test_support.h"

extern char** environ;

namespace grip::testing {
namespace {

std::string repeated(std::string_view line, size_t times) {
    std::string out;
    out.reserve(line.size() * times);
    for (size_t i = 0; i < times; ++i) out += line;
    return out;
}

std::string gzip_best(std::string_view text) {
    z_stream stream{};
    EXPECT_EQ(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&stream, static_cast<uLong>(text.size())) + 64, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

std::string zstd_data(std::string_view text) {
    std::string out(ZSTD_compressBound(text.size()), '\0');
    const size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 19);
    EXPECT_FALSE(ZSTD_isError(n));
    out.resize(n);
    return out;
}

// `grip import FILE` as its own process, with the peak resident memory of
// that process (wait4 gives the child's own usage, not that of every child
// the test process had).
struct MeasuredRun {
    int code = -1;
    bool signalled = false;
    std::string err;
    long peak_kib = 0;
};

MeasuredRun measured_import(const std::filesystem::path& dir, const std::filesystem::path& file) {
    const std::string store = store_location(dir);
    const std::string key = (dir / "cli.key").string();
    const std::string err_file = (dir / "import-stderr.txt").string();
    std::vector<std::string> args{GRIP_BINARY, "--db", store, "--key-file", key, "import", file.string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    MeasuredRun run;
    const int spawned = posix_spawn(&pid, GRIP_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        ADD_FAILURE() << "cannot start grip";
        return run;
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid) {
        ADD_FAILURE() << "cannot wait for grip";
        return run;
    }
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.signalled = WIFSIGNALED(status);
    run.peak_kib = usage.ru_maxrss;
    run.err = read_file(err_file);
    return run;
}

size_t count_lines(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

TEST(DeliveryLimits, ABombOfBadLinesKeepsTheFirstErrorsAndStops) {
    TestStore t;
    const auto report = t.import_text("bomb.ndjson", repeated("{}\n", 50'000));
    EXPECT_FALSE(report.committed);
    EXPECT_EQ(report.errors.size(), 100u) << "only the first errors are kept";
    EXPECT_EQ(report.errors.front().text(), "bomb.ndjson:1: kind: required");
    EXPECT_EQ(report.errors.back().line, 100);
    EXPECT_EQ(report.errors_total, 10'000);
    ASSERT_TRUE(report.stopped.has_value());
    EXPECT_NE(report.stopped->find("stopped reading after 10000 line errors"), std::string::npos) << *report.stopped;
    EXPECT_LE(report.counts.read, 10'000) << "reading stops at the limit";
}

TEST(DeliveryLimits, TheKeptErrorsAreThoseOfTheFirstLinesAlsoWhenReferencesComeLate) {
    // Errors of forward references are found at the end of the file, after
    // those of later lines: the kept ones are still the first by line.
    TestStore t;
    std::string text =
        "{\"kind\": \"activity\", \"id\": \"A-1\", \"type\": \"campagneronde\", \"date\": \"2023-04-01\", "
        "\"parent\": \"A-404\"}\n";
    text += repeated("{\"kind\": \"activity\"}\n", 300);
    const auto report = t.import_text("late.ndjson", text);
    ASSERT_EQ(report.errors.size(), 100u);
    EXPECT_EQ(report.errors.front().text(),
              "late.ndjson:1: parent: refers to a activity that is neither in this delivery nor stored");
    EXPECT_EQ(report.errors_total, 1 + 300 * 3);
}

// The peak a bomb may take in `grip import`. The sanitizers' own memory
// (AddressSanitizer keeps freed blocks in a 256 MiB quarantine, beside its
// shadow memory) is not Grip's: their builds get room for it, still far
// below what an unbounded import takes (2.45 GiB and an abort).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr long kBombPeakKib = 1024 * 1024;
#else
constexpr long kBombPeakKib = 300 * 1024;
#endif

TEST(DeliveryLimits, TheGzipBombOfTwoMillionBadLinesStaysSmallInGripImport) {
    TempDir dir;
    const std::string bomb = gzip_best(repeated("{}\n", 2'000'000));
    EXPECT_LT(bomb.size(), 16'000u);
    write_file(dir / "bomb.ndjson.gz", bomb);
    const auto run = measured_import(dir.path(), dir / "bomb.ndjson.gz");
    EXPECT_EQ(run.code, 4);
    EXPECT_LT(run.peak_kib, kBombPeakKib) << "peak resident memory of grip import, KiB";
    EXPECT_NE(run.err.find("bomb.ndjson.gz:1: kind: required\n"), std::string::npos);
    EXPECT_NE(run.err.find("and 9900 more line error(s)"), std::string::npos);
    EXPECT_NE(run.err.find("stopped reading after 10000 line errors; nothing is stored"), std::string::npos);
    EXPECT_LT(count_lines(run.err), 120u) << "the first errors and a count, not two million lines";
}

TEST(DeliveryLimits, AZstdFileOfEmptyObjectsDoesNotAbort) {
    TempDir dir;
    const std::string bomb = zstd_data(repeated("{}\n", 3'000'000));
    write_file(dir / "bomb.ndjson.zst", bomb);
    const auto run = measured_import(dir.path(), dir / "bomb.ndjson.zst");
    EXPECT_FALSE(run.signalled);
    EXPECT_EQ(run.code, 4);
    EXPECT_LT(run.peak_kib, kBombPeakKib) << "peak resident memory of grip import, KiB";
    EXPECT_LT(run.err.size(), 64u * 1024) << "errors printed";
}

TEST(DeliveryLimits, TheDecompressedSizeIsCapped) {
    const std::string line = "{\"kind\": \"person\", \"id\": \"P-1\", \"nationality\": \"PL\"}\n";
    // About 1.3 MiB of text: above the 1 MiB cap, and few enough lines that
    // taking the file below the cap (the end of the test) stays cheap under
    // the sanitizers.
    const std::string gz = gzip_best(repeated(line, 25'000));
    ingest::LineReaderOptions options;
    options.max_text_bytes = uint64_t{1} << 20;
    auto reader = ingest::LineReader::from_string(gz, options);
    ingest::Line l;
    int64_t lines = 0;
    while (reader->next(l)) ++lines;
    ASSERT_TRUE(reader->error().has_value()) << "read " << lines << " lines";
    EXPECT_EQ(reader->error()->code, ErrorCode::Invalid);
    EXPECT_NE(reader->error()->message.find("<string>: the delivery holds more than 1 MiB of text once decompressed"),
              std::string::npos)
        << reader->error()->message;

    // Through the importer: the delivery fails and nothing is stored.
    TestStore t;
    ingest::Importer importer(t.store(), t.catalogue(), t.keys());
    ingest::ImportOptions import_options;
    import_options.max_text_bytes = uint64_t{1} << 20;
    const std::string before = t.snapshot();
    auto report = importer.import_data("big.ndjson.gz", gz, import_options);
    ASSERT_FALSE(report.ok());
    EXPECT_NE(report.error().message.find("1 MiB"), std::string::npos) << report.error().message;
    EXPECT_EQ(t.snapshot(), before);
    // Below the cap the same file is taken.
    import_options.max_text_bytes = uint64_t{16} << 20;
    auto taken = importer.import_data("big.ndjson.gz", gz, import_options);
    ASSERT_TRUE(taken.ok()) << taken.error().message;
    EXPECT_TRUE(taken->committed);
}

TEST(DeliveryLimits, AForwardChainOfParentsResolvesInOnePass) {
    // Each activity names the next as its parent: every line waits for a
    // later one. Resolving them must look at each waiting line a bounded
    // number of times (linear), not once per pass over all (quadratic).
    constexpr int kChain = 20'000;
    std::string text;
    for (int i = 0; i < kChain; ++i) {
        text += fmt::format(
            "{{\"kind\": \"activity\", \"id\": \"C-{}\", \"type\": \"campagneronde\", \"date\": "
            "\"2023-04-01\"{}}}\n",
            i, i + 1 < kChain ? fmt::format(", \"parent\": \"C-{}\"", i + 1) : "");
    }
    TestStore t;
    const auto report = t.import_text("chain.ndjson", text);
    ASSERT_TRUE(report.committed) << (report.errors.empty() ? "" : report.errors.front().text());
    EXPECT_EQ(report.counts.stored, kChain);
    EXPECT_LE(report.reference_retries, kChain) << "lines looked at again while resolving forward references";
    auto first = t.store().current(records::Kind::Activity, "C-0");
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(first->has_value());
    EXPECT_EQ((*first)->record.fields.at("parent").as_string(), "C-1");
}

TEST(DeliveryLimits, LaterVersionsOfAWaitingRecordKeepTheirOrder) {
    // A record waits for its parent; its next version (without parent) comes
    // before the parent: the versions are still applied in file order.
    TestStore t;
    const std::string text =
        "{\"kind\": \"activity\", \"id\": \"V-1\", \"type\": \"campagneronde\", \"date\": \"2023-04-01\", \"parent\": "
        "\"V-P\"}\n"
        "{\"kind\": \"activity\", \"id\": \"V-1\", \"type\": \"campagneronde\", \"date\": \"2023-05-01\", \"parent\": "
        "\"V-P\"}\n"
        "{\"kind\": \"activity\", \"id\": \"V-P\", \"type\": \"campagneronde\", \"date\": \"2023-01-01\"}\n";
    const auto report = t.import_text("versions.ndjson", text);
    ASSERT_TRUE(report.committed) << (report.errors.empty() ? "" : report.errors.front().text());
    EXPECT_EQ(report.counts.stored, 2);
    EXPECT_EQ(report.counts.replaced, 1);
    auto v = t.store().current(records::Kind::Activity, "V-1");
    ASSERT_TRUE(v.ok() && v->has_value());
    EXPECT_EQ((*v)->record.fields.at("date").as_string(), "2023-05-01");
}

TEST(DeliveryLimits, TheRejectsFileIsReadableByItsOwnerOnly) {
    TestStore t;
    const auto rejects = t.dir() / "rejects.ndjson";
    write_file(rejects, "old\n");
    ::chmod(rejects.c_str(), 0644);
    write_file(t.dir() / "d.ndjson",
               "{\"kind\": \"person\", \"id\": \"P-1\", \"bsn\": \"111111110\"}\n"
               "{\"kind\": \"person\", \"id\": \"P-2\", \"bsn\": \"123\"}\n");
    const auto report = t.import(t.dir() / "d.ndjson", ingest::ImportMode::Partial, rejects);
    EXPECT_TRUE(report.committed);
    struct stat st {};
    ASSERT_EQ(::stat(rejects.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(read_file(rejects), "{\"kind\": \"person\", \"id\": \"P-2\", \"bsn\": \"123\"}\n");
}

TEST(StrictJson, RefusesDuplicateKeysAtAnyDepth) {
    StrictJsonParser parser;
    auto ok = parser.parse(R"({"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"a": 2}]})");
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->at("b").at("a").as_int64(), 2);

    auto top = parser.parse(R"({"date": "2023-01-01", "date": "2099-01-01"})");
    ASSERT_FALSE(top.ok());
    EXPECT_TRUE(parser.had_duplicate());
    EXPECT_EQ(parser.duplicate_key(), "date");

    auto nested = parser.parse(R"({"x": {"k": 1, "k": 2}})");
    ASSERT_FALSE(nested.ok());
    EXPECT_EQ(parser.duplicate_key(), "k");

    // The same key in two sibling objects is not a duplicate.
    EXPECT_TRUE(parser.parse(R"([{"k": 1}, {"k": 1}])").ok());
    // An escaped key equal to a plain one is a duplicate; it is not repeated
    // in the message when it is not a plain name.
    auto escaped = parser.parse(R"({"kind": 1, "ki\u006ed": 2})");
    ASSERT_FALSE(escaped.ok());
    EXPECT_EQ(parser.duplicate_key(), "kind");
    auto odd = parser.parse(R"({"a b": 1, "a b": 2})");
    ASSERT_FALSE(odd.ok());
    EXPECT_EQ(parser.duplicate_key(), "");
    EXPECT_EQ(odd.error().message, "a key is given more than once");

    auto broken = parser.parse(R"({"a": )");
    ASSERT_FALSE(broken.ok());
    EXPECT_FALSE(parser.had_duplicate());
    EXPECT_TRUE(broken.error().message.starts_with("not valid JSON")) << broken.error().message;
    EXPECT_FALSE(parser.parse(R"({"a": 1} x)").ok()) << "text after the value";
}

TEST(FieldLimits, EveryTextFieldHasALimitAndNoControlCharacters) {
    for (records::Kind kind : records::kAllKinds) {
        for (const auto& f : records::kind_spec(kind).fields) {
            if (f.type != records::FieldType::Text && f.type != records::FieldType::TextList) continue;
            EXPECT_GT(f.max_length, 0u) << f.name;
            EXPECT_LE(f.max_length, records::kFreeText) << f.name;
            EXPECT_TRUE(records::text_problem(std::string(f.max_length, 'x'), f.max_length, f.multiline) ==
                        std::nullopt);
            EXPECT_TRUE(
                records::text_problem(std::string(f.max_length + 1, 'x'), f.max_length, f.multiline).has_value())
                << f.name;
        }
    }
    // Characters, not bytes: 200 letters of two bytes each are 200 characters.
    std::string polish;
    for (int i = 0; i < 200; ++i) polish += "\xc5\x81";
    EXPECT_EQ(records::text_problem(polish, 200, false), std::nullopt);
    EXPECT_EQ(records::text_problem("a\nb", 200, false), "must not hold control characters");
    EXPECT_EQ(records::text_problem("a\nb\tc", 200, true), std::nullopt);
    EXPECT_EQ(records::text_problem(std::string("a\0b", 3), 200, true), "must not hold control characters");
    EXPECT_EQ(records::text_problem("\xc2\x9b", 200, true), "must not hold control characters") << "C1 (CSI)";
    EXPECT_TRUE(records::text_problem("x\xe2\x80\xae", 200, true).has_value()) << "U+202E";
    EXPECT_TRUE(records::text_problem("x\xe2\x81\xa9", 200, true).has_value()) << "U+2069";
    EXPECT_EQ(records::text_problem("x\xe2\x80\x8f", 200, false), std::nullopt) << "U+200F is a mark, not an override";
}

}  // namespace
}  // namespace grip::testing

// The processing log: records read back as written, a gap-free chain from many
// threads, a chain that goes on after a reopen, and every kind of tampering
// with the file named at its first broken record. Then `grip log verify` and
// `grip log show` as the privacy officer runs them.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <sodium.h>

#include "privacy/processing_log.h"
#include "privacy/trace_context.h"
#include "test_support.h"

namespace grip::testing {
namespace {

using privacy::Durability;
using privacy::LogAction;
using privacy::LogEntry;
using privacy::LogQuery;
using privacy::LogResult;
using privacy::ProcessingLog;

// A clock that moves one millisecond per record: times are known in advance.
ProcessingLog::Clock test_clock() {
    auto tick = std::make_shared<int>(0);
    return [tick] {
        const int t = (*tick)++;
        return fmt::format("2026-11-29T10:{:02}:{:02}.{:03}Z", t / 60000 % 60, t / 1000 % 60, t % 1000);
    };
}

LogEntry entry(int i, LogAction action = LogAction::Read) {
    LogEntry e;
    e.actor = fmt::format("medewerker-{}", i % 3);
    e.action = action;
    e.processing_activity = "registratie";
    e.subject = fmt::format("{:032x}", 0xabc000 + i % 5);
    e.record = fmt::format("person/P-{:06}", i);
    return e;
}

// A line with one field changed, in the JSON the log writes.
std::string with_field(const std::string& line, const std::string& field, boost::json::value value) {
    auto o = boost::json::parse(line).as_object();
    o[field] = std::move(value);
    return boost::json::serialize(o);
}

class ProcessingLogTest : public ::testing::Test {
protected:
    std::unique_ptr<ProcessingLog> open_log() {
        auto log = ProcessingLog::open(file_, keys_, test_clock());
        if (!log) throw std::runtime_error(log.error().message);
        return std::move(*log);
    }
    // A closed log of `n` flushed records.
    void make_log(int n) {
        auto log = open_log();
        for (int i = 1; i <= n; ++i) ASSERT_TRUE(log->append(entry(i)));
        ASSERT_TRUE(log->flush());
    }
    privacy::VerifyReport verify() {
        auto report = privacy::verify_log(file_, keys_);
        if (!report) throw std::runtime_error(report.error().message);
        return *report;
    }
    // The broken record is named, and the problem repeats nothing of a line.
    void expect_broken(const privacy::VerifyReport& r, int64_t seq, int64_t line, const std::string& words) {
        EXPECT_FALSE(r.ok);
        EXPECT_EQ(r.first_broken_seq, seq) << r.problem;
        EXPECT_EQ(r.first_broken_line, line) << r.problem;
        EXPECT_NE(r.problem.find(words), std::string::npos) << r.problem;
        for (const char* content : {"medewerker", "person/", "abc00", "registratie"})
            EXPECT_EQ(r.problem.find(content), std::string::npos) << r.problem;
    }

    TempDir dir_;
    privacy::Keyring keys_ = keys_of(7);
    std::filesystem::path file_ = privacy::processing_log_file_for((dir_ / "grip.db").string(), dir_ / "grip.key");
};

TEST_F(ProcessingLogTest, NamesTheLogAfterTheStore) {
    EXPECT_EQ(privacy::processing_log_file_for("/var/lib/grip/grip.db", "/etc/grip/grip.key"),
              std::filesystem::path("/var/lib/grip/grip.db.processing-log.ndjson"));
    // A PostgreSQL store has no file: its log lives beside the key file, named after the database.
    EXPECT_EQ(privacy::processing_log_file_for("postgresql://grip:secret@db.example:5432/rotterdam",
                                               "/var/lib/grip/grip.key"),
              std::filesystem::path("/var/lib/grip/rotterdam.processing-log.ndjson"));
    EXPECT_EQ(privacy::anchor_file_for(file_).filename(), "grip.db.processing-log.ndjson.anchor");
}

TEST_F(ProcessingLogTest, AppendsAndReadsBack) {
    auto log = open_log();
    LogEntry given = entry(1, LogAction::Update);
    given.trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    given.span_id = "00f067aa0ba902b7";
    given.parent_span_id = "a3ce929d0e0e4736";
    given.processing_activity = "handhaving";
    given.result = LogResult::Denied;
    ASSERT_TRUE(log->append(given));
    ASSERT_TRUE(log->append(entry(2)));
    LogEntry listed = entry(3, LogAction::List);
    listed.subject.clear();
    listed.record = "person";
    ASSERT_TRUE(log->append(listed, Durability::Now));
    EXPECT_EQ(log->last_seq(), 3);

    const auto all = log->read({});
    ASSERT_TRUE(all) << all.error().message;
    ASSERT_EQ(all->size(), 3u);
    const LogEntry& first = (*all)[0];
    EXPECT_EQ(first.seq, 1);
    EXPECT_EQ(first.time, "2026-11-29T10:00:00.000Z");
    EXPECT_EQ(first.trace_id, given.trace_id);
    EXPECT_EQ(first.span_id, given.span_id);
    EXPECT_EQ(first.parent_span_id, given.parent_span_id);
    EXPECT_EQ(first.actor, given.actor);
    EXPECT_EQ(first.action, LogAction::Update);
    EXPECT_EQ(first.processing_activity, "handhaving");
    EXPECT_EQ(first.subject, given.subject);
    EXPECT_EQ(first.record, "person/P-000001");
    EXPECT_EQ(first.result, LogResult::Denied);
    EXPECT_EQ(first.prev, std::string(64, '0'));
    EXPECT_EQ(first.hash.size(), 64u);
    EXPECT_EQ((*all)[1].prev, first.hash);
    EXPECT_EQ((*all)[2].prev, (*all)[1].hash);
    EXPECT_EQ((*all)[2].time, "2026-11-29T10:00:00.002Z");
    EXPECT_TRUE(privacy::is_trace_id((*all)[1].trace_id)) << "a trace id is made when none is given";
    EXPECT_TRUE(privacy::is_span_id((*all)[1].span_id));
    EXPECT_EQ((*all)[2].action, LogAction::List);
    EXPECT_EQ((*all)[2].subject, "");

    LogQuery by_subject;
    by_subject.subject = given.subject;
    const auto mine = log->read(by_subject);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ((*mine)[0].seq, 1);

    LogQuery by_actor;
    by_actor.actor = "medewerker-2";
    const auto theirs = log->read(by_actor);
    ASSERT_TRUE(theirs);
    ASSERT_EQ(theirs->size(), 1u);
    EXPECT_EQ((*theirs)[0].seq, 2);

    LogQuery page;
    page.after_seq = 1;
    page.limit = 1;
    const auto next = log->read(page);
    ASSERT_TRUE(next);
    ASSERT_EQ(next->size(), 1u);
    EXPECT_EQ((*next)[0].seq, 2);

    const auto from_file = privacy::read_log(file_, {});
    ASSERT_TRUE(from_file);
    EXPECT_EQ(from_file->size(), 3u);
    EXPECT_TRUE(verify().ok);
}

TEST_F(ProcessingLogTest, KeepsAGivenTimeAndRefusesABadOne) {
    auto log = open_log();
    LogEntry e = entry(1);
    e.time = "2026-01-02T03:04:05.678Z";
    ASSERT_TRUE(log->append(e));
    EXPECT_EQ((*log->read({}))[0].time, "2026-01-02T03:04:05.678Z");
    e.time = "2026-01-02 03:04:05";
    EXPECT_FALSE(log->append(e));
}

TEST_F(ProcessingLogTest, RefusesBadFieldsWithoutRepeatingThem) {
    auto log = open_log();
    auto refused = [&](LogEntry e) {
        const auto status = log->append(std::move(e));
        EXPECT_FALSE(status);
        if (!status) {
            EXPECT_EQ(status.error().code, ErrorCode::Invalid);
            EXPECT_EQ(status.error().message.find("Jansen"), std::string::npos) << status.error().message;
        }
    };
    LogEntry e = entry(1);
    e.subject = "Jansen";  // a name where a pseudonym belongs
    refused(e);
    e = entry(1);
    e.trace_id = "4BF92F3577B34DA6A3CE929D0E0E4736";
    refused(e);
    e = entry(1);
    e.trace_id = std::string(32, '0');
    refused(e);
    e = entry(1);
    e.span_id = "Jansen";
    refused(e);
    e = entry(1);
    e.parent_span_id = "Jansen";
    refused(e);
    e = entry(1);
    e.actor = "";
    refused(e);
    e = entry(1);
    e.actor = "Jansen\n{\"seq\":9}";
    refused(e);
    e = entry(1);
    e.processing_activity = "Jansen bezocht";
    refused(e);
    e = entry(1);
    e.record = "person/Jansen\r";
    refused(e);
    EXPECT_EQ(log->last_seq(), 0) << "a refused entry takes no sequence number";
    ASSERT_TRUE(log->append(entry(1)));
    EXPECT_EQ(log->last_seq(), 1);
}

TEST_F(ProcessingLogTest, ConcurrentAppendsMakeAGapFreeChain) {
    constexpr int kThreads = 4;
    constexpr int kEach = 250;
    {
        auto log = open_log();
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&log, t] {
                for (int i = 0; i < kEach; ++i) {
                    LogEntry e = entry(i);
                    e.actor = fmt::format("thread-{}", t);
                    // Now and then a write of personal data that must be on disk at once.
                    const auto status = log->append(e, i % 50 == 0 ? Durability::Now : Durability::Later);
                    ASSERT_TRUE(status) << status.error().message;
                }
            });
        }
        for (auto& thread : threads) thread.join();
        ASSERT_TRUE(log->flush());
        EXPECT_EQ(log->last_seq(), kThreads * kEach);
    }
    const auto report = verify();
    EXPECT_TRUE(report.ok) << report.problem;
    EXPECT_EQ(report.records, kThreads * kEach);
    const auto all = privacy::read_log(file_, {});
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), static_cast<size_t>(kThreads * kEach));
    std::map<std::string, int> per_actor;
    for (size_t i = 0; i < all->size(); ++i) {
        EXPECT_EQ((*all)[i].seq, static_cast<int64_t>(i + 1));
        ++per_actor[(*all)[i].actor];
    }
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(per_actor[fmt::format("thread-{}", t)], kEach);
}

TEST_F(ProcessingLogTest, ReopenContinuesTheChain) {
    make_log(3);
    const std::string third_hash = (*privacy::read_log(file_, {}))[2].hash;
    {
        auto log = open_log();
        EXPECT_EQ(log->last_seq(), 3);
        ASSERT_TRUE(log->append(entry(4)));
        ASSERT_TRUE(log->append(entry(5)));
        // No flush: closing the log flushes what is left.
    }
    const auto all = privacy::read_log(file_, {});
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 5u);
    EXPECT_EQ((*all)[3].seq, 4);
    EXPECT_EQ((*all)[3].prev, third_hash);
    const auto report = verify();
    EXPECT_TRUE(report.ok) << report.problem;
    EXPECT_EQ(report.records, 5);
}

// The server and a command (grip import, grip retention run) write one log
// at the same time: each append continues the chain from the file's end.
TEST_F(ProcessingLogTest, TwoWritersContinueOneChain) {
    auto server = open_log();
    auto command = ProcessingLog::open(file_, keys_, test_clock());
    ASSERT_TRUE(command) << command.error().message;
    ASSERT_TRUE(server->append(entry(1)));
    ASSERT_TRUE((*command)->append(entry(2)));
    ASSERT_TRUE(server->append(entry(3)));
    ASSERT_TRUE((*command)->append(entry(4), Durability::Now));
    ASSERT_TRUE(server->flush());
    const auto all = privacy::read_log(file_, {});
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 4u);
    for (size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].seq, static_cast<int64_t>(i) + 1);
    const auto report = verify();
    EXPECT_TRUE(report.ok) << report.problem;
    EXPECT_EQ(report.records, 4);
}

TEST_F(ProcessingLogTest, AWriteOfPersonalDataIsAnchoredAtOnce) {
    auto log = open_log();
    ASSERT_TRUE(log->append(entry(1)));
    ASSERT_TRUE(log->flush());
    ASSERT_TRUE(log->append(entry(2), Durability::Now));
    auto lines = read_lines(file_);
    lines.pop_back();
    write_lines(file_, lines);
    expect_broken(verify(), 2, 2, "removed");
}

// --- tampering with the file, record k = 4 of 8 ---

constexpr int kRecords = 8;
constexpr int kK = 4;

TEST_F(ProcessingLogTest, AnIntactLogVerifies) {
    make_log(kRecords);
    const auto report = verify();
    EXPECT_TRUE(report.ok) << report.problem;
    EXPECT_EQ(report.records, kRecords);
    EXPECT_EQ(report.first_broken_seq, 0);
}

TEST_F(ProcessingLogTest, AnEditedFieldIsNamed) {
    make_log(kRecords);
    auto lines = read_lines(file_);
    lines[kK - 1] = with_field(lines[kK - 1], "actor", "medewerker-9");
    write_lines(file_, lines);
    expect_broken(verify(), kK, kK, "hash does not match");
}

TEST_F(ProcessingLogTest, AnEditedResultOrTimeIsNamed) {
    make_log(kRecords);
    const auto original = read_lines(file_);
    auto lines = original;
    lines[kK - 1] = with_field(lines[kK - 1], "result", "denied");
    write_lines(file_, lines);
    expect_broken(verify(), kK, kK, "hash does not match");
    lines = original;
    lines[kK - 1] = with_field(lines[kK - 1], "time", "2020-01-01T00:00:00.000Z");
    write_lines(file_, lines);
    expect_broken(verify(), kK, kK, "hash does not match");
    lines = original;
    lines[kK - 1] = with_field(lines[kK - 1], "extra", "x");
    write_lines(file_, lines);
    expect_broken(verify(), kK, kK, "field");
}

TEST_F(ProcessingLogTest, ADeletedRecordIsNamed) {
    make_log(kRecords);
    auto lines = read_lines(file_);
    lines.erase(lines.begin() + (kK - 1));
    write_lines(file_, lines);
    expect_broken(verify(), kK, kK, "sequence number");
}

TEST_F(ProcessingLogTest, SwappedRecordsAreNamed) {
    make_log(kRecords);
    auto lines = read_lines(file_);
    std::swap(lines[kK - 1], lines[kK]);
    write_lines(file_, lines);
    expect_broken(verify(), kK, kK, "sequence number");
}

TEST_F(ProcessingLogTest, AForgedLineIsNamed) {
    make_log(kRecords);
    auto lines = read_lines(file_);
    // Someone without the key file writes a record that looks right.
    std::string forged = with_field(lines[kK - 1], "seq", kK + 1);
    forged = with_field(forged, "prev", boost::json::parse(lines[kK - 1]).at("hash"));
    forged = with_field(forged, "hash", boost::json::string(64, 'a'));
    lines.insert(lines.begin() + kK, forged);
    write_lines(file_, lines);
    expect_broken(verify(), kK + 1, kK + 1, "hash does not match");
}

TEST_F(ProcessingLogTest, ACopiedRealLineIsNamed) {
    make_log(kRecords);
    auto lines = read_lines(file_);
    lines.insert(lines.begin() + kK, lines[1]);
    write_lines(file_, lines);
    expect_broken(verify(), kK + 1, kK + 1, "repeated or moved");
}

TEST_F(ProcessingLogTest, AGarbageLineIsNamed) {
    make_log(kRecords);
    auto lines = read_lines(file_);
    lines.insert(lines.begin() + kK, "this is not a record");
    write_lines(file_, lines);
    expect_broken(verify(), kK + 1, kK + 1, "not a log record");
}

TEST_F(ProcessingLogTest, ACutTailIsNamed) {
    make_log(kRecords);
    auto lines = read_lines(file_);
    lines.resize(kK - 1);
    write_lines(file_, lines);
    expect_broken(verify(), kK, kK, "removed");
}

TEST_F(ProcessingLogTest, ALastLineCutInTheMiddleIsNamed) {
    make_log(kRecords);
    const std::string text = read_file(file_);
    std::filesystem::resize_file(file_, text.size() - 20);
    expect_broken(verify(), kRecords, kRecords, "incomplete");
}

TEST_F(ProcessingLogTest, AMissingOrEditedAnchorIsReported) {
    make_log(kRecords);
    const auto anchor = privacy::anchor_file_for(file_);
    const std::string text = read_file(anchor);
    std::filesystem::remove(anchor);
    auto report = verify();
    EXPECT_FALSE(report.ok);
    EXPECT_NE(report.problem.find("missing"), std::string::npos) << report.problem;

    std::ofstream(anchor, std::ios::binary) << with_field(text, "seq", kRecords - 2) << "\n";
    report = verify();
    EXPECT_FALSE(report.ok);
    EXPECT_NE(report.problem.find("does not verify"), std::string::npos) << report.problem;
}

TEST_F(ProcessingLogTest, AnotherKeyFileDoesNotVerify) {
    make_log(kRecords);
    const auto report = privacy::verify_log(file_, keys_of(8));
    ASSERT_TRUE(report);
    expect_broken(*report, 1, 1, "another key file");
}

// --- opening a log that does not end well ---

TEST_F(ProcessingLogTest, RefusesToContinueABrokenEnd) {
    auto refused = [&](const std::string& words) {
        const auto log = ProcessingLog::open(file_, keys_, test_clock());
        ASSERT_FALSE(log) << "continued a log that " << words;
        EXPECT_NE(log.error().message.find(words), std::string::npos) << log.error().message;
        EXPECT_EQ(log.error().message.find("medewerker"), std::string::npos) << log.error().message;
    };
    make_log(kRecords);
    const auto original = read_lines(file_);

    auto lines = original;
    lines.back() = with_field(lines.back(), "actor", "medewerker-9");
    write_lines(file_, lines);
    refused("does not verify");

    lines = original;
    lines.resize(kK);
    write_lines(file_, lines);
    refused("removed");

    write_lines(file_, original);
    std::filesystem::resize_file(file_, read_file(file_).size() - 1);
    refused("incomplete");

    write_lines(file_, original);
    EXPECT_FALSE(ProcessingLog::open(file_, keys_of(8), test_clock())) << "opened with another key file";

    std::filesystem::remove(privacy::anchor_file_for(file_));
    refused("missing");
}

TEST_F(ProcessingLogTest, ContinuesAfterACrashInTheMiddleOfAWrite) {
    make_log(kRecords);
    const std::string whole = read_file(file_);
    // A record that was being written when the power went: no line end.
    const std::string torn = R"({"seq":)" + std::to_string(kRecords + 1) + R"(,"time":"2024-0)";
    std::ofstream(file_, std::ios::binary | std::ios::app) << torn;
    {
        auto log = ProcessingLog::open(file_, keys_, test_clock());
        ASSERT_TRUE(log) << log.error().message;
        EXPECT_EQ((*log)->last_seq(), kRecords);
        ASSERT_TRUE((*log)->append(entry(kRecords + 1), privacy::Durability::Now));
    }
    // The torn bytes are kept aside, the log goes on whole.
    EXPECT_EQ(read_file(std::filesystem::path(file_.string() + ".torn")), torn + "\n");
    EXPECT_EQ(read_file(file_).substr(0, whole.size()), whole);
    EXPECT_TRUE(verify().ok) << verify().problem;
    EXPECT_EQ(read_lines(file_).size(), static_cast<size_t>(kRecords + 1));
}

TEST_F(ProcessingLogTest, ContinuesAfterACrashBetweenFlushes) {
    make_log(3);
    const std::string anchor = read_file(privacy::anchor_file_for(file_));
    {
        auto log = open_log();
        ASSERT_TRUE(log->append(entry(4)));
        ASSERT_TRUE(log->append(entry(5)));
    }
    // As if the process died after writing 4 and 5 but before a flush.
    std::ofstream(privacy::anchor_file_for(file_), std::ios::binary | std::ios::trunc) << anchor;
    EXPECT_TRUE(verify().ok);
    auto log = open_log();
    EXPECT_EQ(log->last_seq(), 5);
    ASSERT_TRUE(log->append(entry(6)));
    ASSERT_TRUE(log->flush());
    EXPECT_TRUE(verify().ok);
}

// --- grip log, as the privacy officer runs it ---

struct LogRun {
    int code = -1;
    std::string out;  // stdout and stderr together
};

class LogCommand : public ::testing::Test {
protected:
    LogCommand() {
        auto keys = privacy::Keyring::open(key_file_, privacy::CreateIfMissing::Yes);
        if (!keys) throw std::runtime_error(keys.error().message);
        keys_ = *keys;
    }
    LogRun grip(const std::string& args) {
        const std::string cmd = fmt::format("{} --db {} --key-file {} {} 2>&1", GRIP_BINARY,
                                            store_location(dir_.path()), key_file_.string(), args);
        LogRun r;
        FILE* p = popen(cmd.c_str(), "r");
        std::array<char, 4096> buf{};
        size_t n = 0;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
        const int status = pclose(p);
        r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return r;
    }
    void make_log(const std::filesystem::path& file, int n) {
        auto log = ProcessingLog::open(file, keys_, test_clock());
        ASSERT_TRUE(log) << log.error().message;
        for (int i = 1; i <= n; ++i) ASSERT_TRUE((*log)->append(entry(i)));
        ASSERT_TRUE((*log)->flush());
    }

    TempDir dir_;
    std::filesystem::path key_file_ = dir_ / "cli.key";
    privacy::Keyring keys_;
};

TEST_F(LogCommand, VerifyFindsTheEditedRecord) {
    const auto file = dir_ / "copy.ndjson";
    make_log(file, 6);
    auto r = grip("log verify --log " + file.string());
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("processing log " + file.string() + ": 6 records, chain intact"), std::string::npos) << r.out;

    // Plain file operations: change one letter of record 3.
    std::string text = read_file(file);
    size_t at = 0;
    for (int line = 1; line < 3; ++line) at = text.find('\n', at) + 1;
    at = text.find("medewerker", at);
    ASSERT_NE(at, std::string::npos);
    text[at] = 'M';
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;

    r = grip("log verify --log " + file.string());
    EXPECT_EQ(r.code, 5) << r.out;
    EXPECT_NE(r.out.find("record 3 (line 3) is broken: its hash does not match its contents"), std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("Medewerker"), std::string::npos) << "the line's content in the output";
}

TEST_F(LogCommand, VerifyFindsACutTail) {
    const auto file = dir_ / "cut.ndjson";
    make_log(file, 6);
    auto lines = read_lines(file);
    lines.resize(4);
    write_lines(file, lines);
    const auto r = grip("log verify --log " + file.string());
    EXPECT_EQ(r.code, 5) << r.out;
    EXPECT_NE(r.out.find("record 5 (line 5) is broken"), std::string::npos) << r.out;
}

TEST_F(LogCommand, TheDefaultLogLivesBesideTheStore) {
    make_log(privacy::processing_log_file_for(store_location(dir_.path()), key_file_), 2);
    const auto r = grip("log verify");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("2 records, chain intact"), std::string::npos) << r.out;
}

TEST_F(LogCommand, VerifyDocumentsItsExitCode) {
    const auto r = grip("log verify --help");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("5 the log is broken"), std::string::npos) << r.out;
}

TEST_F(LogCommand, ShowFiltersBySubjectAndActor) {
    const auto file = dir_ / "show.ndjson";
    make_log(file, 10);
    const std::string subject = entry(2).subject;  // records 2 and 7
    auto r = grip(fmt::format("log show --log {} --subject {} --format json", file.string(), subject));
    ASSERT_EQ(r.code, 0) << r.out;
    const auto records = boost::json::parse(r.out).as_array();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].at("seq").as_int64(), 2);
    EXPECT_EQ(records[1].at("seq").as_int64(), 7);
    EXPECT_EQ(records[1].at("data_subject").as_string(), subject);

    r = grip(fmt::format("log show --log {} --actor medewerker-0 --limit 2", file.string()));
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("person/P-000003"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("person/P-000006"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("person/P-000009"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--after 6"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace grip::testing

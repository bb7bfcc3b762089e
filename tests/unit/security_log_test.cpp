// The security log (part 2 of issue 14): every event kind written, read back
// and verified; secrets withheld; two writers (the server and `grip user`)
// continuing one chain; tampering found by `grip log verify`. And hole 10:
// a log tampered with while the server was down is refused at start, and
// tampering while it runs is found by the periodic check.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include "privacy/log_chain.h"
#include "privacy/processing_log.h"
#include "privacy/security_log.h"
#include "test_support.h"

namespace grip::testing {
namespace {

using privacy::ProcessingLog;
using privacy::SecurityEntry;
using privacy::SecurityEvent;
using privacy::SecurityLog;
using privacy::SecurityResult;

SecurityEntry event(SecurityEvent kind, std::string target = "alice") {
    SecurityEntry e;
    e.actor = "beheerder";
    e.event = kind;
    e.target = std::move(target);
    e.detail = "role=beleid";
    e.client = "192.0.2.7";
    return e;
}

privacy::LogEntry processing(int i) {
    privacy::LogEntry e;
    e.actor = fmt::format("medewerker-{}", i % 3);
    e.processing_activity = "registratie";
    e.subject = fmt::format("{:032x}", 0xabc000 + i);
    e.record = fmt::format("person/P-{:06}", i);
    return e;
}

class SecurityLogTest : public ::testing::Test {
protected:
    TempDir dir_;
    privacy::Keyring keys_ = keys_of(7);
    std::filesystem::path file_ = dir_ / "grip.db.security-log.ndjson";
};

// One test per event kind: written, read back as written, the chain verifies.
class SecurityLogEvents : public SecurityLogTest, public ::testing::WithParamInterface<SecurityEvent> {};

TEST_P(SecurityLogEvents, AreWrittenReadBackAndVerified) {
    const SecurityEvent kind = GetParam();
    {
        auto log = SecurityLog::open(file_, keys_);
        ASSERT_TRUE(log) << log.error().message;
        ASSERT_TRUE((*log)->append(event(SecurityEvent::SignIn)));
        for (const auto result : {SecurityResult::Ok, SecurityResult::Denied}) {
            auto e = event(kind);
            e.result = result;
            ASSERT_TRUE((*log)->append(e));
        }
    }
    privacy::SecurityQuery query;
    query.event = kind;
    auto read = privacy::read_security_log(file_, query);
    ASSERT_TRUE(read) << read.error().message;
    ASSERT_EQ(read->size(), kind == SecurityEvent::SignIn ? 3u : 2u);
    const auto& last = read->back();
    EXPECT_EQ(last.event, kind);
    EXPECT_EQ(last.result, SecurityResult::Denied);
    EXPECT_EQ(last.actor, "beheerder");
    EXPECT_EQ(last.target, "alice");
    EXPECT_EQ(last.detail, "role=beleid");
    EXPECT_EQ(last.client, "192.0.2.7");
    EXPECT_EQ(last.trace_id.size(), 32u);
    auto report = privacy::verify_security_log(file_, keys_);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_TRUE(report->ok) << report->problem;
    EXPECT_EQ(report->records, 3);
}

INSTANTIATE_TEST_SUITE_P(EveryKind, SecurityLogEvents, ::testing::ValuesIn(privacy::kSecurityEvents),
                         [](const auto& info) { return std::string(privacy::to_text(info.param)); });

TEST_F(SecurityLogTest, NeverHoldsABsnOrAToken) {
    const std::string bsn = "123456782";
    const std::string token = "Zx8kP2qLm9Rt4Vw7Yb3Nc6Hd1Jf5Gs0Ea8Ku2Oi7Tp";
    {
        auto log = SecurityLog::open(file_, keys_);
        ASSERT_TRUE(log) << log.error().message;
        // People type their BSN or paste a token into the name field.
        auto e = event(SecurityEvent::SignIn, bsn);
        e.result = SecurityResult::Failed;
        ASSERT_TRUE((*log)->append(e));
        ASSERT_TRUE((*log)->append(event(SecurityEvent::SignIn, "bsn " + bsn + " typed")));
        ASSERT_TRUE((*log)->append(event(SecurityEvent::TokenCreated, token)));
        ASSERT_TRUE((*log)->append(event(SecurityEvent::SignIn, "een.heel-lange_naam.van.een-gebruiker")));
    }
    const std::string text = read_file(file_);
    EXPECT_EQ(text.find(bsn), std::string::npos);
    EXPECT_EQ(text.find(token), std::string::npos);
    auto read = privacy::read_security_log(file_, {});
    ASSERT_TRUE(read);
    ASSERT_EQ(read->size(), 4u);
    EXPECT_EQ((*read)[0].target, privacy::kWithheld);
    EXPECT_EQ((*read)[1].target, privacy::kWithheld);
    EXPECT_EQ((*read)[2].target, privacy::kWithheld);
    EXPECT_EQ((*read)[3].target, "een.heel-lange_naam.van.een-gebruiker") << "a long user name is no token";
}

// The server and `grip user` on the server write the same log: each append
// takes the file's lock and continues from the file's end.
TEST_F(SecurityLogTest, TwoWritersContinueOneChain) {
    auto server = SecurityLog::open(file_, keys_);
    ASSERT_TRUE(server) << server.error().message;
    auto command_line = SecurityLog::open(file_, keys_);
    ASSERT_TRUE(command_line) << command_line.error().message;
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE((*server)->append(event(SecurityEvent::SignIn)));
        ASSERT_TRUE((*command_line)->append(event(SecurityEvent::UserCreated)));
    }
    auto report = privacy::verify_security_log(file_, keys_);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_TRUE(report->ok) << report->problem;
    EXPECT_EQ(report->records, 10);
}

TEST_F(SecurityLogTest, ReadsFilterByEventActorAndMunicipality) {
    {
        auto log = SecurityLog::open(file_, keys_);
        ASSERT_TRUE(log);
        auto there = event(SecurityEvent::UserCreated, "dh-nieuw");
        there.actor = "dh-beheerder";
        there.municipality = "GM0518";
        ASSERT_TRUE((*log)->append(there));
        auto here = event(SecurityEvent::UserCreated, "nieuw");
        here.municipality = "GM0599";
        ASSERT_TRUE((*log)->append(here));
        ASSERT_TRUE((*log)->append(event(SecurityEvent::SignIn, "onbekend")));  // no municipality: the home's
    }
    privacy::SecurityQuery query;
    query.municipality = "GM0599";
    query.home = "GM0599";
    auto home = privacy::read_security_log(file_, query);
    ASSERT_TRUE(home);
    ASSERT_EQ(home->size(), 2u);
    EXPECT_EQ((*home)[0].target, "nieuw");
    query.municipality = "GM0518";
    auto other = privacy::read_security_log(file_, query);
    ASSERT_TRUE(other);
    ASSERT_EQ(other->size(), 1u);
    EXPECT_EQ((*other)[0].target, "dh-nieuw");
    query = {};
    query.actor = "dh-beheerder";
    EXPECT_EQ(privacy::read_security_log(file_, query)->size(), 1u);
}

TEST_F(SecurityLogTest, ARecordOfOneLogDoesNotVerifyInTheOther) {
    const auto processing_file = dir_ / "grip.db.processing-log.ndjson";
    {
        auto log = ProcessingLog::open(processing_file, keys_);
        ASSERT_TRUE(log) << log.error().message;
        EXPECT_EQ((*log)->security().file(), file_) << "the security log lives beside the processing log";
        ASSERT_TRUE((*log)->security().append(event(SecurityEvent::SignIn)));
        ASSERT_TRUE((*log)->append(processing(1)));
    }
    auto report = privacy::verify_chain(privacy::processing_log_kind(), file_, keys_.log_key());
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->ok) << "a security record is no processing record";
}

// --- Hole 10: a broken chain is found at start and while the server runs ---

class ChainChecks : public ::testing::Test {
protected:
    // A processing log of `n` records and a security log of `n` events.
    void make_logs(int n, bool checked) {
        auto log = ProcessingLog::open(file_, keys_);
        ASSERT_TRUE(log) << log.error().message;
        for (int i = 1; i <= n; ++i) {
            ASSERT_TRUE((*log)->append(processing(i)));
            ASSERT_TRUE((*log)->security().append(event(SecurityEvent::SignIn)));
        }
        ASSERT_TRUE((*log)->flush());
        if (checked) {
            ASSERT_TRUE((*log)->check_chains());
        }
    }

    TempDir dir_;
    privacy::Keyring keys_ = keys_of(9);
    std::filesystem::path file_ = dir_ / "grip.db.processing-log.ndjson";
    std::filesystem::path security_file_ = dir_ / "grip.db.security-log.ndjson";
};

TEST_F(ChainChecks, ADeletedRecordInTheMiddleIsRefusedAtStart) {
    for (const bool checked : {false, true}) {
        SCOPED_TRACE(checked ? "after a check" : "never checked");
        std::filesystem::remove(file_);
        std::filesystem::remove(privacy::anchor_file_for(file_));
        std::filesystem::remove(privacy::checkpoint_file_for(file_));
        std::filesystem::remove(security_file_);
        std::filesystem::remove(privacy::anchor_file_for(security_file_));
        std::filesystem::remove(privacy::checkpoint_file_for(security_file_));
        make_logs(8, checked);
        auto lines = read_lines(file_);
        lines.erase(lines.begin() + 3);
        write_lines(file_, lines);
        auto log = ProcessingLog::open(file_, keys_);
        ASSERT_FALSE(log) << "the server would start on a broken log";
        EXPECT_NE(log.error().message.find("tampered with"), std::string::npos) << log.error().message;
        EXPECT_NE(log.error().message.find("grip log verify"), std::string::npos) << log.error().message;
        EXPECT_NE(log.error().message.find("processing log"), std::string::npos) << log.error().message;
    }
}

TEST_F(ChainChecks, AnEditedSecurityRecordIsRefusedAtStart) {
    make_logs(6, false);
    std::string text = read_file(security_file_);
    const auto at = text.find("192.0.2.7", text.find('\n') + 1);  // in record 2
    ASSERT_NE(at, std::string::npos);
    text[at + 8] = '8';
    std::ofstream(security_file_, std::ios::binary | std::ios::trunc) << text;
    auto log = ProcessingLog::open(file_, keys_);
    ASSERT_FALSE(log);
    EXPECT_NE(log.error().message.find("security log"), std::string::npos) << log.error().message;
    EXPECT_NE(log.error().message.find("record 2 is broken"), std::string::npos) << log.error().message;
    EXPECT_NE(log.error().message.find("grip log verify"), std::string::npos) << log.error().message;
}

TEST_F(ChainChecks, AnIntactLogStartsAndReadsOnlyWhatIsNewSinceTheCheckpoint) {
    make_logs(5, true);
    const auto checkpoint = read_file(privacy::checkpoint_file_for(file_));
    EXPECT_NE(checkpoint.find("\"seq\":5"), std::string::npos) << checkpoint;
    auto log = ProcessingLog::open(file_, keys_);
    ASSERT_TRUE(log) << log.error().message;
    ASSERT_TRUE((*log)->append(processing(6)));
    ASSERT_TRUE((*log)->check_chains());
    EXPECT_NE(read_file(privacy::checkpoint_file_for(file_)).find("\"seq\":6"), std::string::npos);
}

// The server calls flush every 200 ms; the check runs when the schedule's
// clock says it is due. The test moves that clock: no sleeping.
TEST_F(ChainChecks, ThePeriodicCheckFindsTamperingWhileTheServerRuns) {
    auto now = std::make_shared<int64_t>(1000);
    privacy::ChainCheckSchedule schedule{[now] { return *now; }, 600};
    auto log = ProcessingLog::open(file_, keys_, {}, schedule);
    ASSERT_TRUE(log) << log.error().message;
    for (int i = 1; i <= 6; ++i) {
        ASSERT_TRUE((*log)->append(processing(i)));
        ASSERT_TRUE((*log)->security().append(event(SecurityEvent::SignIn)));
    }
    ASSERT_TRUE((*log)->flush());

    // Someone edits record 3 of the running server's log.
    std::string text = read_file(file_);
    size_t at = 0;
    for (int line = 1; line < 3; ++line) at = text.find('\n', at) + 1;
    at = text.find("medewerker", at);
    ASSERT_NE(at, std::string::npos);
    {
        std::fstream out(file_, std::ios::binary | std::ios::in | std::ios::out);
        out.seekp(static_cast<std::streamoff>(at));
        out.put('M');
    }

    *now += 599;
    EXPECT_TRUE((*log)->flush()) << "not due yet";
    *now += 1;
    auto flushed = (*log)->flush();
    ASSERT_FALSE(flushed) << "the check did not run or did not notice";
    EXPECT_NE(flushed.error().message.find("record 3 is broken"), std::string::npos) << flushed.error().message;
    EXPECT_NE(flushed.error().message.find("grip log verify"), std::string::npos) << flushed.error().message;
}

// --- grip log verify and grip serve, as the operator runs them ---

class SecurityLogCommands : public ::testing::Test {
protected:
    // Makes the store, key file and logs through `grip user add` (two users).
    void SetUp() override {
        ASSERT_EQ(run_grip(dir_.path(), "user add koppeling --system --role beleid").code, 0);
        const auto added =
            run_grip(dir_.path(), "user add alice --role infopunt --password-stdin", "een wachtwoord van de test\n");
        ASSERT_EQ(added.code, 0) << added.err;
        auto keys = privacy::Keyring::open(dir_ / "cli.key", privacy::CreateIfMissing::No);
        ASSERT_TRUE(keys) << keys.error().message;
        keys_ = *keys;
    }
    std::filesystem::path log_file() const { return default_log_file(dir_.path()); }
    std::filesystem::path security_file() const { return privacy::security_log_file_for(log_file()); }

    TempDir dir_;
    privacy::Keyring keys_;
};

TEST_F(SecurityLogCommands, TheCommandLineWritesItsActsAndVerifyChecksBothLogs) {
    ASSERT_EQ(run_grip(dir_.path(), "token create --user koppeling --expires 1d").code, 0);
    EXPECT_NE(run_grip(dir_.path(), "token create --user alice --expires 1d").code, 0)
        << "a person's account gets no token, not even from the operator";
    ASSERT_EQ(run_grip(dir_.path(), "user disable alice").code, 0);
    const auto shown = run_grip(dir_.path(), "log show --security --format json");
    ASSERT_EQ(shown.code, 0) << shown.err;
    for (const char* what :
         {"\"key_operation\"", "created, bound to the store", "\"user_created\"", "\"role_granted\"",
          "\"token_created\"", "\"user_disabled\"", "\"denied\"", "\"cli:", "role=infopunt", "kind=system"})
        EXPECT_NE(shown.out.find(what), std::string::npos) << what << " in " << shown.out;
    EXPECT_EQ(read_file(security_file()).find("een wachtwoord"), std::string::npos);

    auto verified = run_grip(dir_.path(), "log verify");
    EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
    EXPECT_NE(verified.out.find("security log " + security_file().string() + ": 8 records, chain intact"),
              std::string::npos)
        << verified.out;

    auto lines = read_lines(security_file());
    ASSERT_EQ(lines.size(), 8u) << "the key made and bound, then the acts above";
    lines.erase(lines.begin() + 2);
    write_lines(security_file(), lines);
    verified = run_grip(dir_.path(), "log verify");
    EXPECT_EQ(verified.code, 5) << verified.out;
    EXPECT_NE(verified.out.find("security log " + security_file().string() + ": record 3 (line 3) is broken"),
              std::string::npos)
        << verified.out;
}

// Hole 10: `grip serve` does not start on a tampered log, and says how to investigate.
TEST_F(SecurityLogCommands, ServeRefusesToStartOnATamperedLog) {
    {
        auto log = ProcessingLog::open(log_file(), keys_);
        ASSERT_TRUE(log) << log.error().message;
        for (int i = 1; i <= 6; ++i) ASSERT_TRUE((*log)->append(processing(i)));
    }
    auto lines = read_lines(log_file());
    lines.erase(lines.begin() + 2);
    write_lines(log_file(), lines);
    // `timeout` only so that a server that wrongly starts does not hang the suite.
    const std::string cmd = fmt::format("timeout 60 {} --db {} --key-file {} serve --listen 127.0.0.1:0 --no-web 2>&1",
                                        GRIP_BINARY, store_location(dir_.path()), (dir_ / "cli.key").string());
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    const int status = pclose(p);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    EXPECT_NE(code, 0) << out;
    EXPECT_NE(code, 124) << "the server started on a tampered log: " << out;
    EXPECT_NE(out.find("has been tampered with or damaged"), std::string::npos) << out;
    EXPECT_NE(out.find("record 3 is broken"), std::string::npos) << out;
    EXPECT_NE(out.find("grip log verify"), std::string::npos) << out;
    EXPECT_EQ(out.find("Grip listens"), std::string::npos) << out;
}

}  // namespace
}  // namespace grip::testing

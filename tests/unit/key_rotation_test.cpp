// Key rotation (`grip key rotate`, `grip key status`, `grip check`): every
// sealed value of the store, current versions and history, is sealed again
// under a new seal key and reads the same; nothing else in the store changes;
// a rotation cut off (stopped after some batches, or its process killed)
// goes on when run again; a key file of one line (from before key ids) and
// values without a key id are still read; `grip check` reports a value that no
// key of the key file opens. On both backends (store_location).

#include <signal.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api_support.h"
#include "privacy/keyring.h"
#include "privacy/processing_log.h"
#include "privacy/security_log.h"
#include "storage/store.h"
#include "test_support.h"

namespace grip::testing {
namespace {

std::string key_text(const storage::Row& key) {
    std::string out;
    for (const auto& cell : key) out += (cell.type == storage::Cell::Type::Int ? std::to_string(cell.i) : cell.s) + "|";
    return out;
}

std::unique_ptr<storage::Store> open_whole(const std::filesystem::path& dir) {
    auto store = storage::open_store(store_location(dir), "GM0599");
    if (!store) throw std::runtime_error(store.error().message);
    auto scoped = (*store)->set_municipality(storage::kEveryMunicipality);
    if (!scoped) throw std::runtime_error(scoped.error().message);
    return std::move(*store);
}

// What the store's sealed values hold, opened with the key file, and which
// key sealed each: by table and row key.
struct Sealed {
    std::map<std::string, std::string> plain;
    std::map<uint32_t, int> by_key;
    int unknown = 0;
};

Sealed sealed_in(const std::filesystem::path& dir) {
    auto store = open_whole(dir);
    auto keys = privacy::Keyring::open(dir / "cli.key", privacy::CreateIfMissing::No);
    if (!keys) throw std::runtime_error(keys.error().message);
    Sealed out;
    for (const auto& column : storage::sealed_columns()) {
        storage::Row after;
        for (;;) {
            auto values = store->sealed_values(column, after, 100);
            if (!values) throw std::runtime_error(values.error().message);
            if (values->empty()) break;
            for (const auto& v : *values) {
                privacy::SealedBy by;
                auto plain = keys->unseal(v.sealed, by);
                if (!plain) {
                    ++out.unknown;
                    continue;
                }
                ++out.by_key[by.id];
                out.plain[column.table + ":" + key_text(v.key)] = *plain;
            }
            after = values->back().key;
        }
    }
    return out;
}

// Every other column of every table (records, history, figures, hashes), rows sorted.
std::string plain_contents(const std::filesystem::path& dir) {
    auto store = open_whole(dir);
    std::string out;
    for (const auto& table : storage::logical_tables()) {
        auto columns = store->columns(table);
        if (!columns) throw std::runtime_error(columns.error().message);
        for (const auto& sealed : storage::sealed_columns())
            if (sealed.table == table) std::erase(*columns, sealed.column);
        std::vector<std::string> rows;
        auto read = store->read_rows(table, *columns, [&](const storage::Row& row) -> Status {
            std::string line = table + ":";
            for (const auto& cell : row) {
                if (cell.type == storage::Cell::Type::Int) line += std::to_string(cell.i);
                else if (cell.type == storage::Cell::Type::Real) line += fmt::format("{}", cell.r);
                else line += cell.s;
                line += "|";
            }
            rows.push_back(std::move(line));
            return ok_status();
        });
        if (!read) throw std::runtime_error(read.error().message);
        std::sort(rows.begin(), rows.end());
        for (const auto& r : rows) out += r + "\n";
    }
    return out;
}

// A store with persons and addresses, some of them in two versions (history).
void fill(const std::filesystem::path& dir) {
    constexpr const char* kPerson = R"({{"kind": "person", "id": "K-PER-{0}", "given_name": "{1}{0}", )"
                                    R"("family_name": "Achternaam{0}", "nationality": "PL"}})"
                                    "\n";
    std::string first, second;
    for (int i = 1; i <= 20; ++i) {
        first += fmt::format(fmt::runtime(kPerson), i, "Voornaam");
        if (i % 2 == 0) second += fmt::format(fmt::runtime(kPerson), i, "Ander");
    }
    write_file(dir / "first.ndjson", first);
    write_file(dir / "second.ndjson", second);
    for (const auto& file : {test_data() / "deliveries" / "base.ndjson", dir / "first.ndjson", dir / "second.ndjson",
                             test_data() / "deliveries" / "replace-and-withdraw" / "delivery.ndjson"}) {
        auto run = run_grip(dir, "import " + file.string());
        ASSERT_EQ(run.code, 0) << run.err;
    }
    // A local account's TOTP secret is sealed too (as base64 text).
    auto added = run_grip(dir, "user add insp --role handhaving --organisation ORG-HH --password-stdin",
                          "een lang genoeg wachtwoord\n");
    ASSERT_EQ(added.code, 0) << added.err;
    auto store = storage::open_store(store_location(dir), "GM0599");
    ASSERT_TRUE(store);
    auto keys = privacy::Keyring::open(dir / "cli.key", privacy::CreateIfMissing::No);
    ASSERT_TRUE(keys);
    auto user = (*store)->user_by_name("insp");
    ASSERT_TRUE(user && *user);
    const std::string sealed = keys->seal("JBSWY3DPEHPK3PXP");
    std::string base64(sodium_base64_ENCODED_LEN(sealed.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(base64.data(), base64.size(), reinterpret_cast<const unsigned char*>(sealed.data()),
                      sealed.size(), sodium_base64_VARIANT_ORIGINAL);
    base64.pop_back();
    storage::AccountSecurityRow row;
    row.user = (*user)->id;
    row.totp_secret = base64;
    row.totp_confirmed = true;
    ASSERT_TRUE((*store)->set_account_security(row));
}

std::string security_log(const std::filesystem::path& dir) {
    return read_file(privacy::security_log_file_for(default_log_file(dir)));
}

TEST(KeyRotation, SealsEveryValueAgainAndEveryRecordReadsTheSame) {
    TempDir dir;
    fill(dir.path());
    const Sealed before = sealed_in(dir.path());
    const std::string contents = plain_contents(dir.path());
    ASSERT_GT(before.plain.size(), 30u);
    ASSERT_EQ(before.by_key.size(), 1u);
    ASSERT_TRUE(before.by_key.contains(1));
    // History holds sealed values too, and so does a local account's second factor.
    EXPECT_TRUE(std::any_of(before.plain.begin(), before.plain.end(),
                            [](const auto& p) { return p.first.starts_with("history:"); }));
    EXPECT_TRUE(std::any_of(before.plain.begin(), before.plain.end(), [](const auto& p) {
        return p.first.starts_with("account_security:") && p.second == "JBSWY3DPEHPK3PXP";
    }));

    auto rotate = run_grip(dir.path(), "key rotate --batch-size 7");
    ASSERT_EQ(rotate.code, 0) << rotate.err;
    EXPECT_NE(rotate.err.find("sealed again"), std::string::npos) << "progress on standard error";
    const Sealed after = sealed_in(dir.path());
    EXPECT_EQ(after.plain, before.plain);
    EXPECT_EQ(after.unknown, 0);
    EXPECT_EQ(after.by_key, (std::map<uint32_t, int>{{2, static_cast<int>(before.plain.size())}}));
    EXPECT_EQ(plain_contents(dir.path()), contents) << "no new version, no figure, no hash changed";
    // The old key stays until --finish; the pseudonyms and the log keys do not change.
    const std::string key_file = read_file(dir / "cli.key");
    EXPECT_NE(key_file.find("seal 1 master"), std::string::npos);
    EXPECT_EQ(std::filesystem::status(dir / "cli.key").permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    EXPECT_NE(key_file.find("current 2"), std::string::npos);
    auto status = run_grip(dir.path(), "key status");
    ASSERT_EQ(status.code, 0) << status.err;
    EXPECT_NE(status.out.find(fmt::format("seal key 2 (current): {} values", before.plain.size())), std::string::npos)
        << status.out;
    EXPECT_NE(status.out.find("seal key 1 (derived from the master key): 0 values"), std::string::npos) << status.out;

    auto finish = run_grip(dir.path(), "key rotate --finish");
    ASSERT_EQ(finish.code, 0) << finish.err;
    EXPECT_EQ(read_file(dir / "cli.key").find("seal 1 "), std::string::npos) << "key 1 retired";
    EXPECT_EQ(sealed_in(dir.path()).plain, before.plain);
    auto check = run_grip(dir.path(), "check");
    EXPECT_EQ(check.code, 0) << check.out << check.err;
    // The processing log's chain is keyed by the log key, which did not change.
    auto verify = run_grip(dir.path(), "log verify");
    EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
    const std::string log = security_log(dir.path());
    EXPECT_NE(log.find("seal key 2 added"), std::string::npos);
    EXPECT_NE(log.find("rotation to seal key 2 done"), std::string::npos);
    EXPECT_NE(log.find("seal keys 1 retired"), std::string::npos);
    EXPECT_NE(log.find("key status read"), std::string::npos);
}

TEST(KeyRotation, AStoppedRotationResumesUnderItsKey) {
    TempDir dir;
    fill(dir.path());
    const Sealed before = sealed_in(dir.path());
    auto stopped = run_grip(dir.path(), "key rotate --batch-size 3 --batches 2");
    ASSERT_EQ(stopped.code, 0) << stopped.err;
    const Sealed half = sealed_in(dir.path());
    EXPECT_EQ(half.plain, before.plain) << "every value opens at every moment";
    EXPECT_EQ(half.by_key.at(2), 6);
    EXPECT_EQ(half.by_key.at(1), static_cast<int>(before.plain.size()) - 6);

    auto resumed = run_grip(dir.path(), "key rotate --batch-size 3");
    ASSERT_EQ(resumed.code, 0) << resumed.err;
    const Sealed after = sealed_in(dir.path());
    EXPECT_EQ(after.plain, before.plain);
    EXPECT_EQ(after.by_key, (std::map<uint32_t, int>{{2, static_cast<int>(before.plain.size())}}));
    EXPECT_EQ(read_file(dir / "cli.key").find("seal 3 "), std::string::npos) << "no second new key";
}

// Runs `grip key rotate` one value a batch and kills it (SIGKILL) once it
// reports its first batch. It may have finished by then: the run after it
// must finish the rotation either way.
TEST(KeyRotation, AKilledRotationResumes) {
    TempDir dir;
    fill(dir.path());
    const Sealed before = sealed_in(dir.path());
    int err[2];
    ASSERT_EQ(::pipe(err), 0);
    const std::string db = store_location(dir.path()), key = (dir / "cli.key").string();
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::dup2(err[1], STDERR_FILENO);
        ::close(err[0]);
        ::close(err[1]);
        ::execl(GRIP_BINARY, GRIP_BINARY, "--db", db.c_str(), "--key-file", key.c_str(), "key", "rotate",
                "--batch-size", "1", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(err[1]);
    std::string seen;
    char buf[256];
    while (seen.find("sealed again") == std::string::npos) {
        const ssize_t n = ::read(err[0], buf, sizeof buf);
        if (n <= 0) break;
        seen.append(buf, static_cast<size_t>(n));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(err[0]);
    ASSERT_NE(seen.find("sealed again"), std::string::npos) << seen;
    const Sealed cut = sealed_in(dir.path());
    EXPECT_EQ(cut.plain, before.plain) << "every value opens after the kill";
    EXPECT_TRUE(cut.by_key.contains(2));

    auto resumed = run_grip(dir.path(), "key rotate");
    ASSERT_EQ(resumed.code, 0) << resumed.err;
    const Sealed after = sealed_in(dir.path());
    EXPECT_EQ(after.plain, before.plain);
    EXPECT_EQ(after.by_key, (std::map<uint32_t, int>{{2, static_cast<int>(before.plain.size())}}));
}

// A store and key file from before key ids: the key file is one line, the
// sealed values have no header. They read as key 1 and rotate like the rest.
TEST(KeyRotation, ReadsTheKeyFileAndValuesFromBeforeKeyIds) {
    TempDir dir;
    fill(dir.path());
    const std::string line = read_file(dir / "cli.key");
    ASSERT_EQ(line.size(), 65u) << "a new key file is still one line of 64 hexadecimal digits";
    privacy::Keyring::Key master{};
    ASSERT_EQ(sodium_hex2bin(master.data(), master.size(), line.data(), 64, nullptr, nullptr, nullptr), 0);
    // Seal key 1 as Grip derived it before key ids, and values sealed with it
    // without a header, in place of the store's own.
    privacy::Keyring::Key seal_key{};
    crypto_kdf_derive_from_key(seal_key.data(), seal_key.size(), 3, "grip-key", master.data());
    const Sealed before = sealed_in(dir.path());
    {
        auto store = open_whole(dir.path());
        auto keys = privacy::Keyring::open(dir / "cli.key", privacy::CreateIfMissing::No);
        ASSERT_TRUE(keys);
        for (const auto& column : storage::sealed_columns()) {
            auto values = store->sealed_values(column, {}, 100000);
            ASSERT_TRUE(values) << values.error().message;
            ASSERT_TRUE(store->begin());
            for (const auto& v : *values) {
                auto plain = keys->unseal(v.sealed);
                ASSERT_TRUE(plain);
                std::string old(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain->size(), '\0');
                auto* nonce = reinterpret_cast<unsigned char*>(old.data());
                randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
                crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                                      reinterpret_cast<const unsigned char*>(plain->data()), plain->size(), nonce,
                                      seal_key.data());
                auto replaced = store->replace_sealed(column, v, old);
                ASSERT_TRUE(replaced && *replaced);
            }
            ASSERT_TRUE(store->commit());
        }
    }
    const Sealed old = sealed_in(dir.path());
    EXPECT_EQ(old.plain, before.plain);
    EXPECT_EQ(old.by_key, (std::map<uint32_t, int>{{1, static_cast<int>(before.plain.size())}}));
    auto status = run_grip(dir.path(), "key status");
    ASSERT_EQ(status.code, 0) << status.err;
    EXPECT_NE(status.out.find(
                  fmt::format("seal key 1 (current) (derived from the master key): {} values", before.plain.size())),
              std::string::npos)
        << status.out;

    auto rotate = run_grip(dir.path(), "key rotate");
    ASSERT_EQ(rotate.code, 0) << rotate.err;
    auto finish = run_grip(dir.path(), "key rotate --finish");
    ASSERT_EQ(finish.code, 0) << finish.err;
    const Sealed after = sealed_in(dir.path());
    EXPECT_EQ(after.plain, before.plain);
    EXPECT_EQ(after.by_key, (std::map<uint32_t, int>{{2, static_cast<int>(before.plain.size())}}));
    // The master key, and with it the pseudonyms, stayed.
    EXPECT_NE(read_file(dir / "cli.key").find("master " + line.substr(0, 64)), std::string::npos);
    auto check = run_grip(dir.path(), "check");
    EXPECT_EQ(check.code, 0) << check.out << check.err;
}

// A running server keeps its key ring: when `grip key rotate` adds a key and
// seals values under it, the key ring reads its key file again on meeting
// the new key id, and the pseudonyms stay what they were.
TEST(KeyRotation, AKeyRingReadsItsKeyFileAgainForANewKey) {
    TempDir dir;
    auto running = privacy::Keyring::open(dir / "grip.key", privacy::CreateIfMissing::Yes);
    ASSERT_TRUE(running);
    const std::string before = running->seal("Jansen");
    auto added = privacy::Keyring::add_seal_key(dir / "grip.key");
    ASSERT_TRUE(added) << added.error().message;
    EXPECT_EQ(*added, 2u);
    auto rotated = privacy::Keyring::open(dir / "grip.key", privacy::CreateIfMissing::No);
    ASSERT_TRUE(rotated);
    EXPECT_EQ(rotated->current_seal_key(), 2u);
    EXPECT_EQ(rotated->pseudonym("bsn", "111111110"), running->pseudonym("bsn", "111111110"));
    EXPECT_EQ(rotated->check_value(), running->check_value());
    EXPECT_EQ(rotated->log_key(), running->log_key());
    const std::string after = rotated->seal("Jansen");
    EXPECT_EQ(rotated->sealed_by(after).id, 2u);
    EXPECT_EQ(rotated->sealed_by(before).id, 1u);
    ASSERT_EQ(running->current_seal_key(), 1u);
    auto opened = running->unseal(after);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(*opened, "Jansen");
    EXPECT_EQ(running->current_seal_key(), 2u) << "it seals under the new key from then on";
    // Retired: what key 1 sealed no longer opens with the file.
    ASSERT_TRUE(privacy::Keyring::retire_seal_keys(dir / "grip.key", {1}));
    auto retired = privacy::Keyring::open(dir / "grip.key", privacy::CreateIfMissing::No);
    ASSERT_TRUE(retired);
    EXPECT_FALSE(retired->unseal(before));
    EXPECT_FALSE(retired->sealed_by(before).known);
    EXPECT_TRUE(retired->unseal(after));
    EXPECT_FALSE(privacy::Keyring::retire_seal_keys(dir / "grip.key", {2})) << "never the current key";
}

// A key file of the new format that names a current key it does not hold,
// or holds a key id twice, is refused rather than read in part.
TEST(KeyRotation, ADamagedKeyFileIsRefused) {
    TempDir dir;
    const std::string master(64, 'a'), seal(64, 'b');
    for (const std::string& text :
         {fmt::format("grip-key-file 2\nmaster {}\nseal 1 master\ncurrent 2\n", master),
          fmt::format("grip-key-file 2\nmaster {}\nseal 2 {}\nseal 2 {}\ncurrent 2\n", master, seal, seal),
          fmt::format("grip-key-file 2\nseal 2 {}\ncurrent 2\n", seal),
          fmt::format("grip-key-file 2\nmaster {}\nseal x {}\ncurrent 2\n", master, seal)}) {
        write_file(dir / "grip.key", text);
        std::filesystem::permissions(dir / "grip.key",
                                     std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
        auto keys = privacy::Keyring::open(dir / "grip.key", privacy::CreateIfMissing::No);
        ASSERT_FALSE(keys) << text;
        EXPECT_NE(keys.error().message.find("damaged"), std::string::npos) << keys.error().message;
    }
    write_file(dir / "grip.key",
               fmt::format("grip-key-file 2\nmaster {}\nseal 1 master\nseal 2 {}\ncurrent 2\n", master, seal));
    auto keys = privacy::Keyring::open(dir / "grip.key", privacy::CreateIfMissing::No);
    ASSERT_TRUE(keys) << keys.error().message;
    EXPECT_EQ(keys->current_seal_key(), 2u);
    EXPECT_EQ(keys->seal_keys().size(), 2u);
}

// `grip` on the server's store and key file; its exit code and output.
std::pair<int, std::string> grip_on(const ApiServer& server, const std::string& args) {
    const std::string cmd =
        fmt::format("{} --db {} --key-file {} {} 2>&1", GRIP_BINARY, server.db(), server.key_file().string(), args);
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return {-1, out};
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof buffer, p)) out.append(buffer, n);
    const int status = pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// A rotation while the server runs: the server reads what was sealed anew
// (through the API), and what it writes afterwards is under the new key too.
TEST(KeyRotation, ARunningServerReadsWhatARotationSealedAnew) {
    ApiServer server;
    auto created = server.as("balie", "POST", "/api/v1/records/person",
                             R"({"id": "P-ROT", "bsn": "123456782", "given_name": "Jan", "nationality": "PL"})");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto read_name = [&](const std::string& id) -> std::string {
        auto response = server.as("balie", "GET", "/api/v1/records/person/" + id);
        if (response.status != 200) return fmt::format("status {}", response.status);
        const auto body = parse_body(response).as_object();
        return body.contains("given_name") ? std::string(body.at("given_name").as_string()) : "no name";
    };
    ASSERT_EQ(read_name("P-ROT"), "Jan");
    // The server meets a value under key 2, which it did not know.
    auto [code, out] = grip_on(server, "key rotate --batch-size 5");
    ASSERT_EQ(code, 0) << out;
    EXPECT_EQ(read_name("P-ROT"), "Jan");
    // The server's writer takes key 3 up before it writes: with keys 1 and 2
    // retired at once (no pass of `--finish` to catch a straggler), every
    // value still opens with the key file.
    std::tie(code, out) = grip_on(server, "key rotate");
    ASSERT_EQ(code, 0) << out;
    auto later = server.as("balie", "POST", "/api/v1/records/person",
                           R"({"id": "P-ROT2", "bsn": "222222220", "given_name": "Piet", "nationality": "PL"})");
    ASSERT_EQ(later.status, 201) << later.body;
    ASSERT_TRUE(privacy::Keyring::retire_seal_keys(server.key_file(), {1, 2}));
    std::tie(code, out) = grip_on(server, "check");
    EXPECT_EQ(code, 0) << out;
    EXPECT_EQ(read_name("P-ROT"), "Jan");
    EXPECT_EQ(read_name("P-ROT2"), "Piet");
    server.check_contract();
}

TEST(KeyRotation, CheckReportsAValueUnderAnUnknownKey) {
    TempDir dir;
    fill(dir.path());
    auto clean = run_grip(dir.path(), "check");
    ASSERT_EQ(clean.code, 0) << clean.out << clean.err;
    EXPECT_NE(clean.out.find("all open with the key file"), std::string::npos) << clean.out;
    {
        // A value whose header names key 9, which the key file does not have
        // (a key retired too early, or another installation's).
        auto store = open_whole(dir.path());
        storage::SealedValue value;
        for (const auto& c : storage::sealed_columns()) {
            auto values = store->sealed_values(c, {}, 1);
            ASSERT_TRUE(values);
            if (values->empty()) continue;
            value = values->front();
            std::string moved = value.sealed;
            moved[4] = 9;
            ASSERT_TRUE(store->begin());
            auto replaced = store->replace_sealed(c, value, moved);
            ASSERT_TRUE(replaced && *replaced);
            ASSERT_TRUE(store->commit());
            break;
        }
        ASSERT_FALSE(value.sealed.empty());
    }
    auto check = run_grip(dir.path(), "check");
    EXPECT_EQ(check.code, 1) << check.out << check.err;
    EXPECT_NE(check.out.find("open with no key of the key file"), std::string::npos) << check.out;
    EXPECT_NE(check.out.find("key ids 9"), std::string::npos) << check.out;
    EXPECT_EQ(check.out.find("Voornaam"), std::string::npos);
    auto status = run_grip(dir.path(), "key status");
    EXPECT_NE(status.out.find("unknown seal key 9: 1 values"), std::string::npos) << status.out;
}

}  // namespace
}  // namespace grip::testing

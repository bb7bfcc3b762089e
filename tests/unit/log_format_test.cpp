// The bytes of a log's records are a contract (docs/processing-log.md): a
// line, its keyed hash and the MACs of the anchor and the checkpoint must
// stay exactly what they were whatever makes them faster. Known answers
// worked out apart from Grip (Python's hashlib.blake2b and json.dumps, for
// the key of 32 bytes 0x07), and the line beside Boost.JSON's serialisation
// of the record (to_json), also for values that need escaping.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "privacy/log_format.h"
#include "privacy/processing_log.h"
#include "test_support.h"

namespace grip::testing {
namespace {

using privacy::ChainRecord;
namespace log_format = privacy::log_format;

privacy::Keyring::Key key_of_sevens() {
    privacy::Keyring::Key key{};
    key.fill(7);
    return key;
}

// An id with a quote, a backslash, a letter outside ASCII, a tab and two
// control characters: what the line must escape as Boost.JSON does.
ChainRecord awkward_record() {
    ChainRecord r;
    r.seq = 42;
    r.values = {"2026-12-07T14:00:00.123Z",
                "0123456789abcdef0123456789abcdef",
                "0123456789abcdef",
                "",
                "beheer",
                "create",
                "registratie",
                "00ff00ff00ff00ff00ff00ff00ff00ff",
                "activity/A-\"7\"\\\xc3\xa9\t\x01\x7f",
                "",
                "ok"};
    r.prev = log_format::kZeroHash;
    return r;
}

ChainRecord plain_record(const std::string& prev) {
    ChainRecord r;
    r.seq = 43;
    r.values = {"2026-12-07T14:00:00.124Z",
                "0123456789abcdef0123456789abcdef",
                "fedcba9876543210",
                "0123456789abcdef",
                "beheer",
                "update",
                "registratie",
                "",
                "person/P-000123",
                "GM0599",
                "ok"};
    r.prev = prev;
    return r;
}

constexpr std::string_view kFirstHash = "76f17179725dc6c1861355bbc5acb70a3093f1f91aac241324cfc5871ed46105";
constexpr std::string_view kSecondHash = "75d7d43268d509835fa80445149ffaeba3a88af1d78244f1430907af3419409e";

TEST(LogFormat, ARecordsHashIsTheKnownAnswer) {
    const auto& kind = privacy::processing_log_kind();
    auto first = awkward_record();
    first.hash = log_format::record_hash(kind, key_of_sevens(), first);
    EXPECT_EQ(first.hash, kFirstHash);
    auto second = plain_record(first.hash);
    EXPECT_EQ(log_format::record_hash(kind, key_of_sevens(), second), kSecondHash);
}

TEST(LogFormat, ALineIsTheKnownAnswerAndBoostJsonsSerialisation) {
    const auto& kind = privacy::processing_log_kind();
    auto first = awkward_record();
    first.hash = std::string(kFirstHash);
    const std::string expected_first =
        R"({"seq":42,"time":"2026-12-07T14:00:00.123Z","trace_id":"0123456789abcdef0123456789abcdef",)"
        R"("span_id":"0123456789abcdef","parent_span_id":"","actor":"beheer","action":"create",)"
        R"("processing_activity":"registratie","data_subject":"00ff00ff00ff00ff00ff00ff00ff00ff",)"
        R"("record":"activity/A-\"7\"\\)"
        "\xc3\xa9"
        R"(\t\u0001)"
        "\x7f"
        R"(","result":"ok","prev":"0000000000000000000000000000000000000000000000000000000000000000",)"
        R"("hash":"76f17179725dc6c1861355bbc5acb70a3093f1f91aac241324cfc5871ed46105"})"
        "\n";
    EXPECT_EQ(log_format::to_line(kind, first), expected_first);
    EXPECT_EQ(log_format::to_line(kind, first), log_format::to_json(kind, first) + "\n");
    // Spelled as Boost.JSON spells the object the line holds (older logs were).
    EXPECT_EQ(log_format::to_json(kind, first),
              boost::json::serialize(boost::json::parse(log_format::to_json(kind, first))));
    auto second = plain_record(first.hash);
    second.hash = std::string(kSecondHash);
    const std::string expected_second =
        R"({"seq":43,"time":"2026-12-07T14:00:00.124Z","trace_id":"0123456789abcdef0123456789abcdef",)"
        R"("span_id":"fedcba9876543210","parent_span_id":"0123456789abcdef","actor":"beheer","action":"update",)"
        R"("processing_activity":"registratie","data_subject":"","record":"person/P-000123",)"
        R"("municipality":"GM0599","result":"ok",)"
        R"("prev":"76f17179725dc6c1861355bbc5acb70a3093f1f91aac241324cfc5871ed46105",)"
        R"("hash":"75d7d43268d509835fa80445149ffaeba3a88af1d78244f1430907af3419409e"})"
        "\n";
    EXPECT_EQ(log_format::to_line(kind, second), expected_second);
    // And every line reads back as the record it was.
    auto back = log_format::parse_line(kind, std::string_view(expected_first).substr(0, expected_first.size() - 1));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->values, first.values);
}

TEST(LogFormat, TheAnchorsAndTheCheckpointsMacsAreTheKnownAnswers) {
    const auto& kind = privacy::processing_log_kind();
    TempDir dir;
    ASSERT_TRUE(log_format::write_anchor(kind, dir / "a.anchor", key_of_sevens(), 43, std::string(kSecondHash)).ok());
    auto anchor = boost::json::parse(read_file(dir / "a.anchor")).as_object();
    EXPECT_EQ(anchor.at("mac").as_string(), "2ed998f88f243e3f600acb241e97d96f9c01c987fe3a73979cc94061670ce5a8");
    log_format::Anchor checkpoint;
    checkpoint.state = log_format::Anchor::State::Valid;
    checkpoint.seq = 43;
    checkpoint.hash = std::string(kSecondHash);
    checkpoint.offset = 1234;
    ASSERT_TRUE(log_format::write_checkpoint(kind, dir / "a.checkpoint", key_of_sevens(), checkpoint).ok());
    auto written = boost::json::parse(read_file(dir / "a.checkpoint")).as_object();
    EXPECT_EQ(written.at("mac").as_string(), "d2753ef4229ded0cad649094edaf1782dcec11d7cf584c7a00c4e33a80d2d33f");
}

}  // namespace
}  // namespace grip::testing

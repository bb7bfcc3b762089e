#include "ingest/line_reader.h"
#include "compress_support.h"

#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

namespace grip::ingest {
namespace {

// A stand-in for personal data: no error message may ever contain it.
constexpr std::string_view kPersonalLine = "Jansen-123456782";

std::string gzip(std::string_view text) { return testing::gzip_data(text); }

std::string zstd(std::string_view text) {
    std::string out(ZSTD_compressBound(text.size()), '\0');
    const size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3);
    EXPECT_FALSE(ZSTD_isError(n));
    out.resize(n);
    return out;
}

// Text with every kind of line end, empty lines and a last line without an end.
std::string sample_text() {
    std::string text;
    for (int i = 0; i < 50; ++i) {
        text += "{\"kind\":\"person\",\"id\":\"p" + std::to_string(i) + "\"}";
        text += i % 3 == 0 ? "\r\n" : "\n";
        if (i % 7 == 0) text += "\n";
    }
    return text + "last line";
}

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    size_t begin = 0;
    while (begin < text.size()) {
        size_t end = text.find('\n', begin);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(begin, end - begin));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
        begin = end + 1;
    }
    return lines;
}

std::vector<std::string> read_all(LineReader& reader) {
    std::vector<std::string> lines;
    Line line;
    while (reader.next(line)) {
        EXPECT_EQ(line.number, static_cast<int64_t>(lines.size()) + 1);
        lines.emplace_back(line.text);
    }
    return lines;
}

class LineReaderFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = std::filesystem::temp_directory_path() /
               ("grip-line-reader-" + std::to_string(::getpid()) + "-" + info->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path write(const std::string& name, std::string_view bytes) {
        const auto path = dir_ / name;
        std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return path;
    }

    std::unique_ptr<LineReader> open(const std::filesystem::path& path, LineReaderOptions options = {}) {
        auto reader = LineReader::open(path, options);
        EXPECT_TRUE(reader.ok()) << (reader.ok() ? "" : reader.error().message);
        return reader.ok() ? std::move(reader).value() : nullptr;
    }

    std::filesystem::path dir_;
};

TEST_F(LineReaderFileTest, ReadsPlainFile) {
    const auto path = write("d.ndjson", "a\nbb\n\nccc\n");
    auto reader = open(path);
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->compression(), Compression::None);
    EXPECT_EQ(reader->input_size(), 10u);
    EXPECT_EQ(read_all(*reader), (std::vector<std::string>{"a", "bb", "", "ccc"}));
    EXPECT_FALSE(reader->error());
    EXPECT_EQ(reader->input_bytes_read(), 10u);
    Line line;
    EXPECT_FALSE(reader->next(line)) << "stays at the end";
}

TEST_F(LineReaderFileTest, StripsCrlfAndKeepsLastLineWithoutNewline) {
    auto reader = open(write("d.csv", "a;b\r\nc;d\r\ne\rf\r\nlast"));
    ASSERT_TRUE(reader);
    EXPECT_EQ(read_all(*reader), (std::vector<std::string>{"a;b", "c;d", "e\rf", "last"}));
}

TEST_F(LineReaderFileTest, EmptyFileHasNoLines) {
    auto reader = open(write("empty.ndjson", ""));
    ASSERT_TRUE(reader);
    EXPECT_TRUE(read_all(*reader).empty());
    EXPECT_FALSE(reader->error());
    EXPECT_EQ(reader->input_size(), 0u);
}

TEST_F(LineReaderFileTest, LineLongerThanTheBlock) {
    const std::string long_line(3 * (size_t{1} << 20) + 17, 'x');
    auto reader = open(write("long.ndjson", "short\n" + long_line + "\r\nend\n"));
    ASSERT_TRUE(reader);
    const auto lines = read_all(*reader);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "short");
    EXPECT_EQ(lines[1], long_line);
    EXPECT_EQ(lines[2], "end");
    EXPECT_FALSE(reader->error());
}

TEST_F(LineReaderFileTest, ReadsGzipAndCountsCompressedBytes) {
    const std::string text = sample_text();
    const std::string compressed = gzip(text);
    const auto path = write("d.ndjson.gz", compressed);
    auto reader = open(path);
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->compression(), Compression::Gzip);
    EXPECT_EQ(reader->input_size(), compressed.size());
    EXPECT_EQ(read_all(*reader), split_lines(text));
    EXPECT_FALSE(reader->error());
    EXPECT_EQ(reader->input_bytes_read(), compressed.size());
}

TEST_F(LineReaderFileTest, ReadsConcatenatedGzipMembers) {
    auto reader = open(write("d.ndjson.gz", gzip("one\ntw") + gzip("o\nthree\n") + gzip("")));
    ASSERT_TRUE(reader);
    EXPECT_EQ(read_all(*reader), (std::vector<std::string>{"one", "two", "three"}));
    EXPECT_FALSE(reader->error());
}

TEST_F(LineReaderFileTest, ReadsZstdIncludingConcatenatedFrames) {
    const std::string text = sample_text();
    auto reader = open(write("d.ndjson.zst", zstd(text.substr(0, 100)) + zstd(text.substr(100))));
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->compression(), Compression::Zstd);
    EXPECT_EQ(read_all(*reader), split_lines(text));
    EXPECT_FALSE(reader->error());
}

TEST_F(LineReaderFileTest, RecognisesCompressionByContentNotName) {
    auto gz = open(write("export.ndjson", gzip("a\nb\n")));
    ASSERT_TRUE(gz);
    EXPECT_EQ(gz->compression(), Compression::Gzip);
    EXPECT_EQ(read_all(*gz), (std::vector<std::string>{"a", "b"}));
    auto zst = open(write("export.csv", zstd("c\n")));
    ASSERT_TRUE(zst);
    EXPECT_EQ(zst->compression(), Compression::Zstd);
    EXPECT_EQ(read_all(*zst), (std::vector<std::string>{"c"}));
}

TEST_F(LineReaderFileTest, RefusesFileNamedGzipThatIsNot) {
    const auto reader = LineReader::open(write("d.ndjson.gz", std::string(kPersonalLine) + "\n"));
    ASSERT_FALSE(reader.ok());
    EXPECT_NE(reader.error().message.find("d.ndjson.gz"), std::string::npos);
    EXPECT_NE(reader.error().message.find("gzip"), std::string::npos);
    EXPECT_EQ(reader.error().message.find(kPersonalLine), std::string::npos);
}

TEST_F(LineReaderFileTest, CorruptGzipSetsErrorWithoutContents) {
    std::string text;
    for (int i = 0; i < 2000; ++i) text += std::string(kPersonalLine) + "," + std::to_string(i * 7919) + "\n";
    std::string compressed = gzip(text);
    for (size_t i = compressed.size() / 2; i < compressed.size() / 2 + 8; ++i) compressed[i] ^= 0x5a;
    auto reader = open(write("bad.csv.gz", compressed));
    ASSERT_TRUE(reader);
    const auto lines = read_all(*reader);
    ASSERT_TRUE(reader->error());
    EXPECT_LT(lines.size(), 2000u);
    const std::string& message = reader->error()->message;
    EXPECT_NE(message.find("bad.csv.gz"), std::string::npos) << message;
    EXPECT_NE(message.find("gzip"), std::string::npos) << message;
    EXPECT_EQ(message.find(kPersonalLine), std::string::npos) << message;
}

TEST_F(LineReaderFileTest, TruncatedGzipAndZstdAreErrors) {
    const std::string text = sample_text();
    const std::string gz = gzip(text);
    const std::string zst = zstd(text);
    for (const auto& [name, data] :
         {std::pair{"t.ndjson.gz", gz.substr(0, gz.size() - 10)},
          std::pair{"t.ndjson.zst", zst.substr(0, zst.size() / 2)}, std::pair{"magic-only.zst", zst.substr(0, 4)},
          std::pair{"header-only.gz", gz.substr(0, 10)}}) {
        auto reader = open(write(name, data));
        ASSERT_TRUE(reader) << name;
        read_all(*reader);
        ASSERT_TRUE(reader->error()) << name;
        EXPECT_NE(reader->error()->message.find("truncated"), std::string::npos) << reader->error()->message;
        EXPECT_NE(reader->error()->message.find(name), std::string::npos) << reader->error()->message;
    }
}

TEST_F(LineReaderFileTest, DataAfterGzipStreamIsAnError) {
    auto reader = open(write("d.ndjson.gz", gzip("a\n") + "not gzip"));
    ASSERT_TRUE(reader);
    read_all(*reader);
    ASSERT_TRUE(reader->error());
    EXPECT_NE(reader->error()->message.find("corrupt gzip"), std::string::npos) << reader->error()->message;
}

TEST_F(LineReaderFileTest, MissingFileAndDirectory) {
    const auto missing = LineReader::open(dir_ / "missing.ndjson");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_NE(missing.error().message.find("missing.ndjson"), std::string::npos);
    EXPECT_FALSE(LineReader::open(dir_).ok());
}

TEST_F(LineReaderFileTest, EveryBlockSizeGivesTheSameLines) {
    // Small blocks put every line end, "\r\n" pair and gzip/zstd boundary at
    // a block edge somewhere.
    const std::string text = sample_text();
    const auto expected = split_lines(text);
    const auto plain = write("d.ndjson", text);
    const auto gz = write("d.ndjson.gz", gzip(text));
    const auto zst = write("d.ndjson.zst", zstd(text));
    for (size_t block = 1; block <= 40; ++block) {
        for (const auto& path : {plain, gz, zst}) {
            auto reader = open(path, {.block_size = block});
            ASSERT_TRUE(reader);
            EXPECT_EQ(read_all(*reader), expected) << path << " block " << block;
            EXPECT_FALSE(reader->error()) << reader->error()->message;
        }
    }
}

TEST_F(LineReaderFileTest, LineOverTheLimitIsAnError) {
    const std::string text = "short\n" + std::string(100, 'x') + std::string(kPersonalLine) + "\nnext\n";
    for (size_t block : {size_t{4}, size_t{1} << 20}) {
        auto reader = open(write("d.ndjson", text), {.block_size = block, .max_line_bytes = 64});
        ASSERT_TRUE(reader);
        EXPECT_EQ(read_all(*reader), std::vector<std::string>{"short"});
        ASSERT_TRUE(reader->error());
        EXPECT_NE(reader->error()->message.find("line 2 is longer than 64 bytes"), std::string::npos)
            << reader->error()->message;
        EXPECT_EQ(reader->error()->message.find(kPersonalLine), std::string::npos);
    }
    // Exactly at the limit, with "\r\n", is fine.
    auto reader = open(write("d.ndjson", std::string(8, 'y') + "\r\n"), {.block_size = 2, .max_line_bytes = 8});
    ASSERT_TRUE(reader);
    EXPECT_EQ(read_all(*reader), std::vector<std::string>{std::string(8, 'y')});
    EXPECT_FALSE(reader->error());
}

TEST(LineReaderStringTest, ReadsStringAndReportsProgress) {
    auto reader = LineReader::from_string("a\r\nb\n\nc");
    EXPECT_EQ(reader->compression(), Compression::None);
    EXPECT_EQ(reader->name(), "<string>");
    EXPECT_EQ(reader->input_size(), 7u);
    Line line;
    ASSERT_TRUE(reader->next(line));
    EXPECT_EQ(line.number, 1);
    EXPECT_EQ(line.text, "a");
    EXPECT_EQ(reader->input_bytes_read(), 3u) << "progress counts what was handed out";
    ASSERT_TRUE(reader->next(line));
    EXPECT_EQ(line.number, 2);
    EXPECT_EQ(line.text, "b");
    ASSERT_TRUE(reader->next(line));
    EXPECT_EQ(line.text, "");
    ASSERT_TRUE(reader->next(line));
    EXPECT_EQ(line.number, 4);
    EXPECT_EQ(line.text, "c");
    EXPECT_FALSE(reader->next(line));
    EXPECT_EQ(reader->input_bytes_read(), 7u);
    EXPECT_FALSE(reader->error());
}

TEST(LineReaderStringTest, EmptyStringAndLoneNewline) {
    EXPECT_TRUE(read_all(*LineReader::from_string("")).empty());
    EXPECT_EQ(read_all(*LineReader::from_string("\n")), std::vector<std::string>{""});
    EXPECT_EQ(read_all(*LineReader::from_string("\r\n\r\n")), (std::vector<std::string>{"", ""}));
}

TEST(LineReaderStringTest, DecompressesStringBodies) {
    const std::string text = sample_text();
    auto gz = LineReader::from_string(gzip(text), {.block_size = 7});
    EXPECT_EQ(gz->compression(), Compression::Gzip);
    EXPECT_EQ(read_all(*gz), split_lines(text));
    auto zst = LineReader::from_string(zstd(text), {.block_size = 7});
    EXPECT_EQ(zst->compression(), Compression::Zstd);
    EXPECT_EQ(read_all(*zst), split_lines(text));
    auto bad = LineReader::from_string(std::string("\x1f\x8b") + std::string(kPersonalLine));
    read_all(*bad);
    ASSERT_TRUE(bad->error());
    EXPECT_EQ(bad->error()->message.find(kPersonalLine), std::string::npos) << bad->error()->message;
}

}  // namespace
}  // namespace grip::ingest

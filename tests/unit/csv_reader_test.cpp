#include "ingest/csv_reader.h"
#include "compress_support.h"

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <zlib.h>

namespace grip::ingest {
namespace {

// A stand-in for personal data: no error message may ever contain it.
constexpr std::string_view kSecret = "Jansen-123456782";

struct Parsed {
    std::vector<std::string> columns;
    char separator = 0;
    std::vector<CsvRecord> rows;  // accepted and rejected rows, in file order
    std::vector<FieldError> errors;
};

Result<Parsed> parse(std::string text, std::optional<std::string> kind = std::nullopt) {
    auto lines = LineReader::from_string(std::move(text));
    CsvReader reader = TRY(CsvReader::create(*lines, std::move(kind)));
    Parsed parsed{reader.columns(), reader.separator(), {}, {}};
    CsvRecord row;
    while (reader.next(row, parsed.errors)) parsed.rows.push_back(row);
    EXPECT_FALSE(lines->error());
    return parsed;
}

Parsed parse_ok(std::string text, std::optional<std::string> kind = std::nullopt) {
    auto parsed = parse(std::move(text), std::move(kind));
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
    return parsed.ok() ? std::move(parsed).value() : Parsed{};
}

std::string create_error(std::string text, std::optional<std::string> kind = std::nullopt) {
    auto parsed = parse(std::move(text), std::move(kind));
    EXPECT_FALSE(parsed.ok());
    return parsed.ok() ? std::string() : parsed.error().message;
}

boost::json::object json(std::string_view text) { return boost::json::parse(text).as_object(); }

std::string format(const FieldError& e) { return std::to_string(e.line) + " " + e.field + ": " + e.message; }

std::vector<std::string> formatted(const std::vector<FieldError>& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(format(e));
    return out;
}

TEST(CsvReaderTest, CommaSeparatedRowBecomesJsonObject) {
    const auto parsed = parse_ok("kind,id,type,date\nactivity,a1,banenmarkt,2024-05-01\n");
    EXPECT_EQ(parsed.separator, ',');
    EXPECT_EQ(parsed.columns, (std::vector<std::string>{"kind", "id", "type", "date"}));
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_TRUE(parsed.rows[0].ok);
    EXPECT_EQ(parsed.rows[0].line, 2);
    EXPECT_EQ(parsed.rows[0].record, json(R"({"kind":"activity","id":"a1","type":"banenmarkt","date":"2024-05-01"})"));
}

TEST(CsvReaderTest, SemicolonWithBomAndCrlf) {
    const auto parsed = parse_ok("\xEF\xBB\xBFkind;id;given_name\r\nperson;p1;Anna\r\nperson;p2;Ben");
    EXPECT_EQ(parsed.separator, ';');
    EXPECT_EQ(parsed.columns.front(), "kind") << "the byte order mark is not part of the first name";
    ASSERT_EQ(parsed.rows.size(), 2u);
    EXPECT_EQ(parsed.rows[1].line, 3);
    EXPECT_EQ(parsed.rows[1].record, json(R"({"kind":"person","id":"p2","given_name":"Ben"})"));
}

TEST(CsvReaderTest, SeparatorIsCountedOutsideQuotes) {
    // Quoted names are fine; the commas inside the third are not counted, so
    // the separator is ';' and the third name is the one refused.
    EXPECT_EQ(parse_ok("\"kind\";\"id\"\nperson;p1\n").separator, ';');
    EXPECT_TRUE(create_error("\"kind\";\"id\";\"a,b,c\"\n").starts_with("1: column 3: a column name may hold only"));
}

TEST(CsvReaderTest, QuotedCellsHoldSeparatorsAndQuotes) {
    const auto parsed = parse_ok("kind,id,text\nmilestone,m1,\"a, b; c\"\nmilestone,m2,\"zei \"\"ja\"\"\"\n");
    ASSERT_EQ(parsed.rows.size(), 2u);
    EXPECT_EQ(parsed.rows[0].record.at("text"), "a, b; c");
    EXPECT_EQ(parsed.rows[1].record.at("text"), "zei \"ja\"");
}

TEST(CsvReaderTest, QuotedLineEndsKeepLineNumbersOfRowStart) {
    const auto parsed = parse_ok(
        "kind,id,text\r\n"
        "motion,24bb1,\"eerste\r\n"
        "\r\n"
        "derde\"\r\n"
        "motion,24bb2,kort\r\n"
        "motion,24bb3,\"\n\"\n");
    ASSERT_EQ(parsed.rows.size(), 3u);
    EXPECT_EQ(parsed.rows[0].line, 2);
    EXPECT_EQ(parsed.rows[0].record.at("text"), "eerste\n\nderde") << "line ends inside a cell become \\n";
    EXPECT_EQ(parsed.rows[1].line, 5);
    EXPECT_EQ(parsed.rows[2].line, 6);
    EXPECT_EQ(parsed.rows[2].record.at("text"), "\n");
}

TEST(CsvReaderTest, DottedColumnsBecomeNestedObjects) {
    const auto parsed = parse_ok(
        "kind,id,attributes.onderwerpen,type,attributes.bron,a.b.c\n"
        "activity,a1,werk|wonen,infopunt_bezoek,balie,x\n"
        "activity,a2,,infopunt_bezoek,,\n");
    ASSERT_EQ(parsed.rows.size(), 2u);
    EXPECT_EQ(parsed.rows[0].record, json(R"({"kind":"activity","id":"a1",
        "attributes":{"onderwerpen":"werk|wonen","bron":"balie"},"type":"infopunt_bezoek","a":{"b":{"c":"x"}}})"));
    EXPECT_EQ(parsed.rows[1].record, json(R"({"kind":"activity","id":"a2","type":"infopunt_bezoek"})"))
        << "a group whose cells are all empty is absent";
}

TEST(CsvReaderTest, EmptyCellsAreAbsentAndValuesStayStrings) {
    const auto parsed = parse_ok("kind,id,inhabitants,priority,name\narea,BU05990101,0042,true,\narea,x, ,,\"\"\n");
    ASSERT_EQ(parsed.rows.size(), 2u);
    EXPECT_EQ(parsed.rows[0].record,
              json(R"({"kind":"area","id":"BU05990101","inhabitants":"0042","priority":"true"})"));
    EXPECT_EQ(parsed.rows[1].record, json(R"({"kind":"area","id":"x","inhabitants":" "})"))
        << "a space is a value; a quoted empty cell is empty";
}

TEST(CsvReaderTest, KindFromColumnOverrideOrNeither) {
    // A kind column: each row's cell, falling back to the override when empty.
    auto parsed = parse_ok("id,kind\np1,person\np2,\n", "organisation");
    ASSERT_EQ(parsed.rows.size(), 2u);
    EXPECT_EQ(parsed.rows[0].record, json(R"({"id":"p1","kind":"person"})"));
    EXPECT_EQ(parsed.rows[1].record, json(R"({"id":"p2","kind":"organisation"})"));

    // Without an override an empty kind cell leaves the kind absent; the validator rejects that.
    parsed = parse_ok("id,kind\np2,\n");
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_EQ(parsed.rows[0].record, json(R"({"id":"p2"})"));

    // No kind column: the override, first in the object.
    parsed = parse_ok("id\np3\n", "person");
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_EQ(boost::json::serialize(parsed.rows[0].record), R"({"kind":"person","id":"p3"})");

    // Neither; an empty override counts as none.
    EXPECT_EQ(create_error("id\np3\n"), "1: kind: there is no kind column and no kind was given on the command line");
    EXPECT_EQ(create_error("id\np3\n", ""),
              "1: kind: there is no kind column and no kind was given on the command line");
}

TEST(CsvReaderTest, HeaderErrorsNameLineOneAndTheColumn) {
    EXPECT_EQ(create_error("", "person"), "1: -: the file is empty; the first line must hold the field names");
    EXPECT_EQ(create_error("\nid\n", "person"),
              "1: -: the header row is empty; the first line must hold the field names");
    EXPECT_EQ(create_error("\xEF\xBB\xBF", "person"),
              "1: -: the header row is empty; the first line must hold the field names");
    EXPECT_EQ(create_error("kind,id,id\n"), "1: id: duplicate column (columns 2 and 3)");
    EXPECT_EQ(create_error("kind,,id\n"), "1: column 2: empty column name");
    EXPECT_EQ(create_error("kind,id,\n"), "1: column 3: empty column name");
    EXPECT_TRUE(create_error("kind,Id\n").starts_with("1: column 2: a column name may hold only"));
    EXPECT_TRUE(create_error("kind,given name\n").starts_with("1: column 2: "));
    EXPECT_TRUE(create_error("kind,attributes..x\n").starts_with("1: attributes..x: a dot must stand"));
    EXPECT_TRUE(create_error("kind,.x\n").starts_with("1: .x: "));
    EXPECT_TRUE(create_error("kind,attributes.bron,attributes\n")
                    .starts_with("1: attributes.bron: conflicts with column attributes"));
    EXPECT_TRUE(create_error("kind,\"id\n").starts_with("1: column 2: quoting error"));
    EXPECT_TRUE(create_error("\xFF\xFEk\0i\0", "person").starts_with("1: -: the file is UTF-16"));
    EXPECT_TRUE(create_error("kind,id\rperson,p1\r", "person").starts_with("1: -: the lines end in a bare"));
}

TEST(CsvReaderTest, MissingHeaderDoesNotLeakTheFirstRecord) {
    // The partner forgot the header row: the first record is read as names.
    const std::string message = create_error("person," + std::string(kSecret) + ",Anna\n");
    EXPECT_TRUE(message.starts_with("1: column 2: ")) << message;
    EXPECT_EQ(message.find(kSecret), std::string::npos) << message;
}

TEST(CsvReaderTest, WrongCellCountsRejectTheRowAndReadingGoesOn) {
    const auto parsed = parse_ok("kind,id,given_name\nperson,p1,Anna,Jansen\nperson,p2\nperson,p3,Cor\nperson,p4,,,\n");
    ASSERT_EQ(parsed.rows.size(), 4u);
    EXPECT_FALSE(parsed.rows[0].ok);
    EXPECT_TRUE(parsed.rows[0].record.empty());
    EXPECT_FALSE(parsed.rows[1].ok);
    EXPECT_TRUE(parsed.rows[2].ok);
    EXPECT_EQ(parsed.rows[2].line, 4);
    EXPECT_EQ(parsed.rows[2].record.at("given_name"), "Cor");
    EXPECT_FALSE(parsed.rows[3].ok) << "trailing separators are cells too";
    EXPECT_EQ(formatted(parsed.errors), (std::vector<std::string>{
                                            "2 -: too many cells: 4, header has 3",
                                            "3 -: missing cells: row has 2, header has 3",
                                            "5 -: too many cells: 5, header has 3",
                                        }));
}

TEST(CsvReaderTest, UnterminatedQuoteAtEndOfFile) {
    const auto parsed =
        parse_ok("kind,id,family_name\nperson,p1,ok\nperson,p2,\"" + std::string(kSecret) + "\nperson,p3,x\n");
    ASSERT_EQ(parsed.rows.size(), 2u);
    EXPECT_TRUE(parsed.rows[0].ok);
    EXPECT_FALSE(parsed.rows[1].ok);
    EXPECT_EQ(parsed.rows[1].line, 3);
    EXPECT_EQ(formatted(parsed.errors),
              std::vector<std::string>{"3 family_name: quoted cell is not closed before the end of the file; "
                                       "lines 3-4 were read as this one row"});
}

TEST(CsvReaderTest, TextAfterClosingQuoteKeepsRowsInStep) {
    const auto parsed =
        parse_ok("kind,id,family_name,city\nperson,p1,\"" + std::string(kSecret) + "\"x,\"A\"\nperson,p2,B,C\n");
    ASSERT_EQ(parsed.rows.size(), 2u);
    EXPECT_FALSE(parsed.rows[0].ok);
    EXPECT_TRUE(parsed.rows[1].ok);
    ASSERT_EQ(parsed.errors.size(), 1u);
    EXPECT_EQ(parsed.errors[0].field, "family_name");
    EXPECT_EQ(parsed.errors[0].message.find(kSecret), std::string::npos);
}

TEST(CsvReaderTest, LastCellsGiveTheRowBackForRejectFiles) {
    auto lines = LineReader::from_string("kind;id;text\nmilestone;m1;\"a;\"\"b\"\"\nc\";extra\n");
    auto reader = CsvReader::create(*lines, std::nullopt);
    ASSERT_TRUE(reader.ok());
    CsvRecord row;
    std::vector<FieldError> errors;
    ASSERT_TRUE(reader->next(row, errors));
    EXPECT_FALSE(row.ok);
    EXPECT_EQ(reader->last_cells(), (std::vector<std::string_view>{"milestone", "m1", "a;\"b\"\nc", "extra"}));
}

TEST(CsvReaderTest, QuoteInsideUnquotedCellIsText) {
    const auto parsed = parse_ok("kind,id,text\nmilestone,m1,scherm 27\" breed\n");
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_EQ(parsed.rows[0].record.at("text"), "scherm 27\" breed");
}

TEST(CsvReaderTest, BlankLinesAndEmptyRowsAreSkipped) {
    const auto parsed = parse_ok("kind;id\n\n;\n\"\";\"\"\nperson;p1\n\n");
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_EQ(parsed.rows[0].line, 5);
    EXPECT_TRUE(parsed.errors.empty());
}

TEST(CsvReaderTest, InvalidUtf8IsRejectedPerColumn) {
    // "Café" in Windows-1252, as Excel's plain "CSV" writes it.
    const auto parsed = parse_ok("kind;id;name\nlocation;l1;Caf\xE9\nlocation;l2;Caf\xC3\xA9\n");
    ASSERT_EQ(parsed.rows.size(), 2u);
    EXPECT_FALSE(parsed.rows[0].ok);
    EXPECT_TRUE(parsed.rows[1].ok);
    EXPECT_EQ(formatted(parsed.errors),
              std::vector<std::string>{"2 name: not valid UTF-8; save the file as CSV UTF-8"});
}

TEST(CsvReaderTest, RunawayQuoteIsGivenUpAfterTheLimit) {
    std::string text = "kind,id,text\nmilestone,m1,\"open\n";
    const std::string line(1000, 'x');
    while (text.size() < CsvTokenizer::kMaxRowBytes + (size_t{1} << 20)) text += line + "\n";
    text += "milestone,m2,ok\n";
    const auto parsed = parse_ok(std::move(text));
    ASSERT_FALSE(parsed.errors.empty());
    EXPECT_EQ(parsed.errors[0].line, 2);
    EXPECT_NE(parsed.errors[0].message.find("still open after 16 MiB"), std::string::npos) << parsed.errors[0].message;
    ASSERT_FALSE(parsed.rows.empty());
    EXPECT_TRUE(parsed.rows.back().ok) << "reading goes on after the skipped lines";
    EXPECT_EQ(parsed.rows.back().record.at("id"), "m2");
}

TEST(CsvReaderTest, NoMessageContainsACellValue) {
    const std::string s(kSecret);
    const auto parsed = parse_ok("kind,id,family_name\nperson,p1," + s + "," + s + "\nperson," + s + "\nperson,p3,\"" +
                                 s + "\"" + s + "\nperson,p4,\xE9" + s + "\nperson,p5,\"" + s);
    EXPECT_EQ(parsed.errors.size(), 5u);
    for (const auto& e : parsed.errors) EXPECT_EQ(format(e).find(kSecret), std::string::npos) << format(e);
}

std::string gzip_cut_off(std::string_view text) { return testing::gzip_data(text, testing::GzipEnd::CutOff); }

TEST(CsvReaderTest, InputErrorInsideQuotedCellEndsReadingWithoutRowError) {
    auto lines = LineReader::from_string(gzip_cut_off("kind,id,text\nmilestone,m1,ok\nmilestone,m2,\"open\nmore"));
    auto reader = CsvReader::create(*lines, std::nullopt);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    CsvRecord row;
    std::vector<FieldError> errors;
    ASSERT_TRUE(reader->next(row, errors));
    EXPECT_EQ(row.record.at("id"), "m1");
    EXPECT_FALSE(reader->next(row, errors));
    EXPECT_TRUE(errors.empty()) << "the row is cut off by the input, not wrong";
    ASSERT_TRUE(lines->error());
    EXPECT_NE(lines->error()->message.find("truncated gzip"), std::string::npos) << lines->error()->message;
}

TEST(CsvReaderTest, InputErrorInHeaderIsPassedOn) {
    auto lines = LineReader::from_string(std::string("\x1f\x8b", 2));
    auto reader = CsvReader::create(*lines, "person");
    ASSERT_FALSE(reader.ok());
    EXPECT_NE(reader.error().message.find("truncated gzip"), std::string::npos) << reader.error().message;
}

// The data-driven cases in tests/data/csv/cases (see the README there).
std::vector<std::string> run_case(const std::filesystem::path& csv, std::optional<std::string> kind) {
    std::vector<std::string> out;
    auto lines = LineReader::open(csv);
    if (!lines.ok()) return {"open-error " + lines.error().message};
    auto reader = CsvReader::create(**lines, std::move(kind));
    if (!reader.ok()) return {"create-error " + reader.error().message};
    CsvRecord row;
    std::vector<FieldError> errors;
    while (reader->next(row, errors)) {
        if (row.ok) out.push_back(std::to_string(row.line) + " " + boost::json::serialize(row.record));
    }
    for (const auto& e : errors) out.push_back(std::to_string(e.line) + " error " + e.field + ": " + e.message);
    // Rows and errors in the order of the file; a row's errors keep their order.
    std::stable_sort(out.begin(), out.end(),
                     [](const std::string& a, const std::string& b) { return std::stoll(a) < std::stoll(b); });
    if ((*lines)->error()) out.push_back("read-error " + (*lines)->error()->message);
    return out;
}

TEST(CsvReaderCases, EveryCaseGivesItsExpectedOutput) {
    const std::filesystem::path dir = std::filesystem::path(GRIP_TEST_DATA_DIR) / "csv" / "cases";
    int cases = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".csv") continue;
        ++cases;
        std::ifstream expected_file(std::filesystem::path(entry.path()).replace_extension(".expected"));
        ASSERT_TRUE(expected_file) << "no .expected file for " << entry.path();
        std::optional<std::string> kind;
        std::vector<std::string> expected;
        for (std::string line; std::getline(expected_file, line);) {
            if (line.empty() || line.starts_with("#")) continue;
            if (line.starts_with("kind-override: ")) {
                kind = line.substr(15);
                continue;
            }
            expected.push_back(line);
        }
        // Records are compared as Boost.JSON serialises them, key order included.
        EXPECT_EQ(run_case(entry.path(), kind), expected) << entry.path().filename();
    }
    EXPECT_GE(cases, 5);
}

}  // namespace
}  // namespace grip::ingest

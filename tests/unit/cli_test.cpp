// The grip command as a user runs it: exit codes, error lines in the form
// FILE:LINE: FIELD: message, no personal data in what it prints, the partial
// mode's rejects file, the catalogue check, the JSON of the indicators and the
// report files.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "test_support.h"

namespace grip::testing {
namespace {

struct CommandResult {
    int code = -1;
    std::string out;  // stdout and stderr together
};

class Cli : public ::testing::Test {
protected:
    CommandResult grip(const std::string& args) {
        const std::string cmd = fmt::format("{} --db {} --key-file {} {} 2>&1", GRIP_BINARY,
                                            store_location(dir_.path()), (dir_ / "cli.key").string(), args);
        CommandResult r;
        FILE* p = popen(cmd.c_str(), "r");
        std::array<char, 4096> buf{};
        size_t n = 0;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
        const int status = pclose(p);
        r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return r;
    }
    std::string write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name, std::ios::binary) << text;
        return (dir_ / name).string();
    }
    static std::string read(const std::filesystem::path& file) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
    TempDir dir_;
};

TEST_F(Cli, ABadDeliveryNamesEveryLineAndFieldButNoPersonalData) {
    ASSERT_EQ(grip("import -q " + (test_data() / "deliveries/base.ndjson").string()).code, 0);
    const std::string file =
        write("bad.ndjson",
              "{\"kind\":\"person\",\"id\":\"P-1\",\"bsn\":\"123456789\",\"family_name\":\"Jansen\"}\n"
              "{\"kind\":\"person\",\"id\":\"P-2\",\"bsn\":\"111222333\",\"nationality\":\"pl\"}\n");
    const auto r = grip("import " + file);
    EXPECT_EQ(r.code, 4);
    EXPECT_NE(r.out.find(file + ":1: bsn: is not a valid BSN"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(file + ":2: nationality: must be a country code"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("nothing stored"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("123456789"), std::string::npos) << "a BSN in the output";
    EXPECT_EQ(r.out.find("Jansen"), std::string::npos) << "a name in the output";
}

TEST_F(Cli, PartialModeStoresTheGoodLinesAndWritesTheBadOnes) {
    ASSERT_EQ(grip("import -q " + (test_data() / "deliveries/base.ndjson").string()).code, 0);
    const std::string bad = "{\"kind\":\"activity\",\"id\":\"A-2\",\"type\":\"campagneronde\",\"date\":\"2023-13-01\"}";
    const std::string file =
        write("mixed.ndjson",
              "{\"kind\":\"activity\",\"id\":\"A-1\",\"type\":\"campagneronde\",\"date\":\"2023-11-01\"}\n" + bad +
                  "\n");
    EXPECT_EQ(grip("import " + file).code, 4);  // all or nothing by default
    const auto rejects = dir_ / "rejects.ndjson";
    const auto r = grip(fmt::format("import --partial --rejects {} {}", rejects.string(), file));
    EXPECT_EQ(r.code, 4) << r.out;
    EXPECT_EQ(read(rejects), bad + "\n");
    const auto json = grip("indicators --year 2023 --format json");
    ASSERT_EQ(json.code, 0) << json.out;
    const auto v = boost::json::parse(json.out).as_object();
    EXPECT_EQ(v.at("indicators").at("info.campagnerondes").at("value").to_number<int64_t>(), 2);
}

TEST_F(Cli, IndicatorsJsonHasTheAgreedShape) {
    ASSERT_EQ(grip("import -q " + (test_data() / "deliveries/base.ndjson").string()).code, 0);
    const auto r = grip("indicators --period 2023-Q2 --area BU05991571 --format json");
    ASSERT_EQ(r.code, 0) << r.out;
    const auto v = boost::json::parse(r.out).as_object();
    EXPECT_EQ(v.at("period"), "2023-Q2");
    EXPECT_EQ(v.at("area"), "BU05991571");
    const auto& ind = v.at("indicators").as_object();
    EXPECT_EQ(ind.size(), shipped_catalogue().indicators.size());
    const auto& visitors = ind.at("info.unieke_bezoekers").as_object();
    EXPECT_TRUE(visitors.at("value").is_number());
    EXPECT_TRUE(visitors.contains("previous"));
    EXPECT_FALSE(visitors.at("label").as_string().empty());
    EXPECT_FALSE(visitors.at("definition").as_string().empty());
    EXPECT_TRUE(ind.at("info.bezoek_onderwerpen").at("value").is_array());
    EXPECT_EQ(grip("indicators --year 2023 --area BU00000000").code, 3);
    EXPECT_EQ(grip("indicators --period 2023-Q7").code, 2);
    const auto table = grip("indicators --year 2023");
    EXPECT_NE(table.out.find("Unieke bezoekers informatiepunten"), std::string::npos);
}

TEST_F(Cli, CatalogueCheckListsEveryProblemWithItsPath) {
    EXPECT_EQ(grip("catalogue check").code, 0);
    auto text = read(std::filesystem::path(GRIP_CATALOGUE_SOURCE_DIR) / "programme.json");
    auto doc = boost::json::parse(text).as_object();
    auto& first = doc["indicators"].as_array()[0].as_object();
    first["measure"] = "gemiddelde";
    doc["activity_types"].as_array()[0].as_object()["theme"] = "onbekend";
    const std::string broken = write("broken.json", boost::json::serialize(doc));
    const auto r = grip("catalogue check " + broken);
    EXPECT_NE(r.code, 0);
    EXPECT_NE(r.out.find("indicators[0].measure: unknown measure"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("activity_types[0].theme: unknown theme"), std::string::npos) << r.out;
}

TEST_F(Cli, ReportTextBlocksAreStoredAndUsed) {
    ASSERT_EQ(grip("import -q " + (test_data() / "deliveries/base.ndjson").string()).code, 0);
    const std::string text = write("toelichting.txt", "Eerste alinea over {{year}}.\n\nTweede alinea.\n");
    EXPECT_EQ(grip("report text set --year 2023 toelichting " + text).code, 0);
    EXPECT_EQ(grip("report text set --year 2023 onzin " + text).code, 2);
    const auto html = dir_ / "r.html";
    ASSERT_EQ(grip("report --year 2023 --format html -o " + html.string()).code, 0);
    const auto doc = read(html);
    EXPECT_NE(doc.find("Eerste alinea over 2023."), std::string::npos);
    EXPECT_NE(doc.find("Behaalde resultaten"), std::string::npos);
    EXPECT_NE(doc.find("@page"), std::string::npos);
    const auto md = grip("report --year 2023 --format md");
    EXPECT_NE(md.out.find("Tweede alinea."), std::string::npos);
    EXPECT_NE(md.out.find("## Behaalde resultaten"), std::string::npos);
}

TEST_F(Cli, AWrongKeyFileIsRefused) {
    ASSERT_EQ(grip("import -q " + (test_data() / "deliveries/base.ndjson").string()).code, 0);
    const std::string cmd = fmt::format("{} --db {} --key-file {} indicators --year 2023 2>&1", GRIP_BINARY,
                                        store_location(dir_.path()), (dir_ / "other.key").string());
    FILE* p = popen(cmd.c_str(), "r");
    std::array<char, 4096> buf{};
    std::string out(buf.data(), fread(buf.data(), 1, buf.size(), p));
    EXPECT_NE(pclose(p), 0);
    EXPECT_NE(out.find("does not belong to the store"), std::string::npos) << out;
}

}  // namespace
}  // namespace grip::testing

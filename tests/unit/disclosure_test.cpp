// The disclosure rule where it is applied: the public edition of the report
// on the 2023 sample (counts of the municipality's own work printed as they
// are, "vijf integrale controles"), the sample's figures of a year (small
// counts of people suppressed below the municipality, and nothing the
// relations give back), the open data and its metadata, and the public role
// through the real API. Expectations come from the data, not the seed's
// figures.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api_support.h"
#include "common/dutch_text.h"
#include "disclosure/open_data.h"
#include "disclosure/public_figures.h"
#include "indicators/engine.h"
#include "report/render.h"
#include "report/report_builder.h"
#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;
using disclosure::Publication;

class Sample2023 : public ::testing::Test {
protected:
    void SetUp() override {
        data_ = shared_dir() / "data";
        if (!std::filesystem::exists(data_ / "sample-2023.ndjson"))
            GTEST_SKIP() << "../shared/data is not beside the checkout";
    }
    std::filesystem::path data_;
};

std::string results_text(const json::object& model) {
    std::string out;
    for (const auto& s : model.at("sections").as_array())
        for (const auto& g : s.at("groups").as_array())
            for (const auto& item : g.at("items").as_array()) out += std::string(item.as_string()) + "\n";
    return out;
}

TEST_F(Sample2023, ThePublicReportPrintsTheMunicipalitysOwnWorkAsItIs) {
    TestStore t;
    ASSERT_TRUE(t.import(data_ / "sample-2023.ndjson").committed);
    report::ReportOptions options;
    options.year = 2023;
    options.edition = report::Edition::Public;
    auto model = report::build_report(t.store(), t.catalogue(), options);
    ASSERT_TRUE(model) << model.error().message;
    const std::string text = results_text(*model);
    options.edition = report::Edition::Internal;
    auto internal = report::build_report(t.store(), t.catalogue(), options);
    ASSERT_TRUE(internal) << internal.error().message;

    // Every figure of the report is the whole municipality's: the public
    // edition states them as the internal one does.
    EXPECT_EQ(text, results_text(*internal));
    EXPECT_EQ(text.find("minder dan"), std::string::npos) << text;
    // Counts of own work below ten, in words, as the real public letter has them.
    int small_own_work = 0;
    for (const auto& [code, words] :
         {std::pair<std::string, std::string>{"handhaving.integrale_controles", "integrale controles"},
          {"info.campagnerondes", "campagnerondes"},
          {"info.infopunten", "infopunten"}}) {
        const auto* def = t.catalogue().indicator(code);
        ASSERT_NE(def, nullptr);
        EXPECT_FALSE(def->counts_people) << code;
        const int64_t n = t.value("2023", code);
        if (n <= 1 || n >= 10) continue;
        ++small_own_work;
        EXPECT_NE(text.find(dutch_number(n) + " " + words), std::string::npos) << code << ": " << text;
    }
    EXPECT_GT(small_own_work, 0) << "the sample has no small count of own work to show";
    // The rendered document says the same.
    auto md = report::render_report(*model, report::ReportFormat::Markdown,
                                    std::filesystem::path(GRIP_CATALOGUE_SOURCE_DIR) / "report");
    ASSERT_TRUE(md) << md.error().message;
    EXPECT_EQ(md->find("minder dan tien"), std::string::npos);
}

TEST_F(Sample2023, SmallCountsOfPeopleAreSuppressedBelowTheMunicipalityOnly) {
    TestStore t;
    ASSERT_TRUE(t.import(data_ / "sample-2023.ndjson").committed);
    indicators::Engine engine(t.store(), t.catalogue());
    auto figures = disclosure::PublicFigures::of_year(engine, t.catalogue(), 2023);
    ASSERT_TRUE(figures) << figures.error().message;
    const auto& table = figures->table();
    size_t primary = 0, secondary = 0;
    for (size_t c = 0; c < table.size(); ++c) {
        const auto& s = table.series()[static_cast<size_t>(table.series_of(c))];
        const auto p = figures->decisions()[c];
        const bool municipality = disclosure::whole_municipality(table, table.area_of(c));
        const auto base = table.at(c).base;
        if (!s.counts_people || municipality) {
            EXPECT_EQ(p, Publication::Published)
                << s.indicator << " area " << table.areas()[static_cast<size_t>(table.area_of(c))].code;
        } else if (base > 0 && base < s.threshold) {
            // A cell the municipality's own figures give is published as one of them.
            if (p == Publication::Published) continue;
            ++primary;
        }
        if (p == Publication::Secondary) ++secondary;
    }
    EXPECT_GT(primary, 0u);
    EXPECT_GT(secondary, 0u);
    // Nothing suppressed follows from what is published.
    const auto determined = disclosure::determined_cells(table, disclosure::relations_of(table), figures->decisions());
    EXPECT_TRUE(determined.empty()) << determined.size() << " cells recoverable";
    // The public report's figures are the municipality's year: none suppressed.
    for (const auto& d : t.catalogue().indicators)
        EXPECT_EQ(figures->of(Period::year_of(2023), indicators::kAreaAll, d.code), Publication::Published) << d.code;
}

TEST_F(Sample2023, OpenDataHasEveryPeriodAreaAndIndicatorWithSuppressedValuesEmpty) {
    TempDir dir;
    ASSERT_EQ(run_grip(dir.path(), "import " + (data_ / "sample-2023.ndjson").string()).code, 0);
    const auto csv_file = dir / "opendata-2023.csv";
    auto run = run_grip(dir.path(), "opendata --year 2023 --format csv -o " + csv_file.string());
    ASSERT_EQ(run.code, 0) << run.err;
    const auto lines = read_lines(csv_file);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0], "period,area,indicator,value\r");

    // What the rule decides, computed here from the same store.
    auto store = storage::open_store(store_location(dir.path()), "GM0599");
    ASSERT_TRUE(store) << store.error().message;
    indicators::Engine engine(**store, shipped_catalogue());
    auto figures = disclosure::PublicFigures::of_year(engine, shipped_catalogue(), 2023);
    ASSERT_TRUE(figures);
    const auto& table = figures->table();
    EXPECT_EQ(lines.size(), 1 + table.size());

    std::set<std::string> periods, areas, empty_indicators;
    size_t empty = 0;
    for (size_t i = 1; i < lines.size(); ++i) {
        std::string line = lines[i];
        ASSERT_TRUE(line.ends_with("\r"));
        line.pop_back();
        std::vector<std::string> f;
        std::stringstream ss(line);
        for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
        if (line.ends_with(",")) f.emplace_back();
        ASSERT_EQ(f.size(), 4u) << line;
        periods.insert(f[0]);
        areas.insert(f[1]);
        if (f[3].empty()) {
            ++empty;
            const std::string code = f[2].substr(0, f[2].find(':'));
            const auto* def = shipped_catalogue().indicator(code);
            ASSERT_NE(def, nullptr) << f[2];
            EXPECT_TRUE(def->counts_people) << line;
            EXPECT_NE(f[1], "GM0599") << line;
        }
    }
    EXPECT_EQ(periods.size(), 17u);
    for (const char* p : {"2023", "2023-Q1", "2023-Q4", "2023-01", "2023-12"}) EXPECT_TRUE(periods.count(p)) << p;
    EXPECT_TRUE(areas.count("GM0599"));
    EXPECT_TRUE(areas.count("priority"));
    EXPECT_TRUE(areas.count("rest"));
    EXPECT_EQ(areas.size(), table.areas().size());
    size_t suppressed = 0;
    for (auto p : figures->decisions()) suppressed += p != Publication::Published;
    EXPECT_EQ(empty, suppressed);
    EXPECT_GT(empty, 0u);

    // The metadata beside it.
    const auto meta = json::parse(read_file(dir / "opendata-2023.csv.metadata.json")).as_object();
    EXPECT_EQ(meta.at("@type"), "dcat:Dataset");
    for (const char* key : {"dct:title", "dct:description", "dct:identifier", "dct:license", "grip:suppressionRule"})
        EXPECT_TRUE(meta.at(key).is_string() && !meta.at(key).as_string().empty()) << key;
    EXPECT_EQ(meta.at("dct:publisher").at("@type"), "foaf:Agent");
    EXPECT_EQ(meta.at("dct:publisher").at("dct:identifier"), "GM0599");
    EXPECT_EQ(meta.at("dct:temporal").at("dcat:startDate"), "2023-01-01");
    EXPECT_EQ(meta.at("dct:temporal").at("dcat:endDate"), "2023-12-31");
    EXPECT_EQ(meta.at("dct:license"), "http://creativecommons.org/publicdomain/zero/1.0/deed.nl");
    const auto& dist = meta.at("dcat:distribution").as_array().at(0).as_object();
    EXPECT_EQ(dist.at("@type"), "dcat:Distribution");
    EXPECT_EQ(dist.at("dcat:downloadURL"), "opendata-2023.csv");
    EXPECT_EQ(dist.at("dct:format"), "http://publications.europa.eu/resource/authority/file-type/CSV");
    EXPECT_EQ(dist.at("csvw:tableSchema").at("csvw:column").as_array().size(), 4u);
    const auto& inds = meta.at("grip:indicators").as_array();
    ASSERT_EQ(inds.size(), shipped_catalogue().indicators.size());
    for (size_t i = 0; i < inds.size(); ++i) {
        const auto& d = shipped_catalogue().indicators[i];
        EXPECT_EQ(inds[i].at("dct:identifier").as_string(), d.code);
        EXPECT_EQ(inds[i].at("dct:description").as_string(), d.definition);
        EXPECT_EQ(inds[i].at("grip:countsPeople").as_bool(), d.counts_people);
    }

    // JSON: the same rows as objects.
    const auto json_file = dir / "opendata-2023.json";
    run = run_grip(dir.path(), "opendata --year 2023 --format json -o " + json_file.string());
    ASSERT_EQ(run.code, 0) << run.err;
    const auto rows = json::parse(read_file(json_file)).as_array();
    EXPECT_EQ(rows.size(), table.size());
    size_t nulls = 0;
    for (const auto& r : rows) {
        EXPECT_EQ(r.as_object().size(), 4u);
        nulls += r.at("value").is_null();
    }
    EXPECT_EQ(nulls, empty);
    const auto json_meta = json::parse(read_file(dir / "opendata-2023.json.metadata.json"));
    EXPECT_EQ(json_meta.at("dcat:distribution").at(0).at("dcat:mediaType"),
              "https://www.iana.org/assignments/media-types/application/json");
}

TEST(DisclosureCatalogue, WhetherAnIndicatorCountsPeopleIsCheckedWithItsPath) {
    auto doc = json::parse(read_file(catalogue::default_catalogue_file())).as_object();
    auto& inds = doc.at("indicators").as_array();
    // Every shipped indicator says it, and counts of own work say no.
    for (const auto& i : inds) EXPECT_TRUE(i.as_object().contains("counts_people")) << i.at("code");
    EXPECT_FALSE(shipped_catalogue().indicator("info.campagnerondes")->counts_people);
    EXPECT_TRUE(shipped_catalogue().indicator("info.unieke_bezoekers")->counts_people);
    inds[0].as_object()["counts_people"] = "ja";
    inds[1].as_object()["public_threshold"] = 0;
    inds[2].as_object()["public_threshold"] = 5;  // an indicator of own work has none
    std::vector<catalogue::CatalogueProblem> problems;
    auto parsed = catalogue::parse_catalogue(json::serialize(doc), problems);
    std::set<std::string> paths;
    for (const auto& p : problems) paths.insert(p.path);
    EXPECT_TRUE(paths.count("indicators[0].counts_people"));
    EXPECT_TRUE(paths.count("indicators[1].public_threshold"));
    EXPECT_TRUE(paths.count("indicators[2].public_threshold"));
    // Without the field the measure decides; its own threshold is used.
    inds[0].as_object().erase("counts_people");
    inds[1].as_object()["public_threshold"] = 5;
    inds[2].as_object().erase("public_threshold");
    problems.clear();
    parsed = catalogue::parse_catalogue(json::serialize(doc), problems);
    ASSERT_TRUE(parsed && problems.empty()) << (problems.empty() ? "" : problems[0].path + ": " + problems[0].message);
    const auto& first = parsed->indicators[0];
    EXPECT_EQ(first.counts_people, catalogue::counts_people_by_default(first.measure));
    EXPECT_EQ(disclosure::threshold_of(*parsed, parsed->indicators[1]), 5);
    EXPECT_EQ(disclosure::threshold_of(*parsed, parsed->indicators[3]), parsed->report.public_threshold);
    // The fields do not change how figures are counted: no recount.
    EXPECT_EQ(parsed->counting_fingerprint, shipped_catalogue().counting_fingerprint);
}

TEST(DisclosureApi, ThePublicRoleGetsSmallCountsOfPeopleSuppressed) {
    ApiServer server;
    size_t hidden = 0;
    for (const char* area : {"BU05991571", "WK059915", "priority", "rest", ""}) {
        const std::string target = std::string("/api/v1/indicators?period=2023") + (*area ? "&area=" : "") + area;
        const auto adviser = server.as("adviseur", "GET", target);
        const auto council = server.as("raad", "GET", target);
        ASSERT_EQ(adviser.status, 200) << adviser.body;
        ASSERT_EQ(council.status, 200) << council.body;
        const auto all = json::parse(adviser.body).at("indicators").as_object();
        const auto pub = json::parse(council.body).at("indicators").as_object();
        for (const auto& d : shipped_catalogue().indicators) {
            const auto& full = all.at(d.code);
            const auto& shown = pub.at(d.code).as_object();
            if (!full.at("value").is_int64()) continue;
            const int64_t n = full.at("value").as_int64();
            const bool small = d.counts_people && n > 0 && n < disclosure::threshold_of(shipped_catalogue(), d) &&
                               d.measure != catalogue::Measure::SharePct;
            if (*area == '\0' || !d.counts_people) {
                EXPECT_EQ(shown.at("value"), full.at("value")) << d.code << " " << area;
                EXPECT_FALSE(shown.contains("suppressed"));
            }
            if (shown.contains("suppressed")) {
                EXPECT_TRUE(shown.at("value").is_null());
                ++hidden;
            } else if (small && *area != '\0' && std::string(area) != "priority" && std::string(area) != "rest") {
                ADD_FAILURE() << d.code << " = " << n << " in " << area << " is published to the public role";
            }
        }
    }
    EXPECT_GT(hidden, 0u);
    // The open data through the API: the same rule.
    const auto csv = server.as("raad", "GET", "/api/v1/opendata/2023?format=csv");
    ASSERT_EQ(csv.status, 200);
    EXPECT_TRUE(csv.body.starts_with("period,area,indicator,value\r\n"));
    const auto meta = server.as("raad", "GET", "/api/v1/opendata/2023/metadata");
    ASSERT_EQ(meta.status, 200);
    EXPECT_EQ(json::parse(meta.body).at("@type"), "dcat:Dataset");
}

}  // namespace
}  // namespace grip::testing

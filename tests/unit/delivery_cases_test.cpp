// Data-driven delivery tests: each folder under tests/data/deliveries holds a
// delivery (delivery.ndjson or delivery.csv) that is imported on top of
// base.ndjson, and either errors.txt (every error line, in order; nothing may
// be stored) or expected.json (figures per period and area afterwards).

#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

std::vector<fs::path> cases() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(test_data() / "deliveries"))
        if (e.is_directory()) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

class DeliveryCase : public ::testing::TestWithParam<fs::path> {};

TEST_P(DeliveryCase, GivesItsErrorsOrItsFigures) {
    const fs::path dir = GetParam();
    TestStore t;
    auto base = t.import(test_data() / "deliveries" / "base.ndjson");
    ASSERT_TRUE(base.committed) << (base.errors.empty() ? "" : base.errors.front().text());
    const std::string before = t.snapshot();

    fs::path delivery = dir / "delivery.ndjson";
    if (!fs::exists(delivery)) delivery = dir / "delivery.csv";
    auto report = t.import(delivery);

    if (fs::exists(dir / "errors.txt")) {
        std::string got;
        for (const auto& e : report.errors) {
            auto line = e.text();
            const std::string prefix = (dir / "").string();
            if (line.starts_with(prefix)) line = line.substr(prefix.size());
            got += line + "\n";
        }
        EXPECT_EQ(got, read_file(dir / "errors.txt"));
        EXPECT_FALSE(report.committed);
        EXPECT_EQ(t.snapshot(), before) << "a rejected delivery stored something";
    }
    if (fs::exists(dir / "expected.json")) {
        ASSERT_TRUE(report.committed) << (report.errors.empty() ? "" : report.errors.front().text());
        const auto expected = json::parse(read_file(dir / "expected.json")).as_object();
        for (const auto& check : expected.at("checks").as_array()) {
            const auto& c = check.as_object();
            const std::string period(c.at("period").as_string());
            const std::string area(c.at("area").as_string());
            const auto set = t.indicators(period, area);
            for (const auto& [code, value] : c.at("indicators").as_object()) {
                const auto* f = set.find(code);
                ASSERT_NE(f, nullptr) << std::string_view(code);
                EXPECT_EQ(f->number(), value.to_number<int64_t>())
                    << std::string_view(code) << " in " << period << " area '" << area << "'";
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Deliveries, DeliveryCase, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                             std::string name = info.param.filename().string();
                             for (char& ch : name)
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return name;
                         });

}  // namespace
}  // namespace grip::testing

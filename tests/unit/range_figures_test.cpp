// The figures of a date range against an independent count of the records
// dated in it: every indicator of the catalogue, on the shared 2023 sample
// and on the generated demo city, for the whole municipality and areas
// below it (both backends through TestStore).

#include <map>
#include <set>

#include <boost/json.hpp>

#include "generator/city_generator.h"
#include "indicators/fact_resolver.h"
#include "indicators/range_figures.h"
#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;
using catalogue::Measure;
using indicators::DateRange;

int64_t recount_share(int64_t num, int64_t den) { return den <= 0 ? 0 : (200 * num + den) / (2 * den); }

// Every indicator of the range for an area key, counted from the records
// themselves: each activity dated in the range, resolved to its facts, and
// each read-time measure taken from the records at the range's last day.
std::map<std::string, json::value> recount_range(storage::Store& store, const catalogue::Catalogue& cat,
                                                 const DateRange& range, int32_t area_key) {
    indicators::AreaTree tree(store.areas().value());
    indicators::FactResolver resolver(store);
    const std::string first = range.first.iso(), last = range.last.iso();
    auto under = [&](int32_t area_id) {
        std::vector<int32_t> keys;
        tree.keys_for(area_id, keys);
        return std::find(keys.begin(), keys.end(), area_key) != keys.end();
    };
    std::map<std::string, int64_t> counts;
    std::map<std::string, std::set<int64_t>> distinct;
    std::map<std::string, std::map<std::string, int64_t>> parts;
    EXPECT_TRUE(store.for_each_activity([&](const storage::StoredRecord& a) -> Status {
        const auto date = a.record.text("date");
        if (date < first || date > last) return ok_status();
        indicators::ResolvedActivity r;
        TRY(resolver.resolve(a.record, tree, r));
        if (!under(r.facts.area_id)) return ok_status();
        for (const auto& d : cat.indicators) {
            if (d.activity_type != r.facts.type || !indicators::matches(d.where, r.facts)) continue;
            switch (d.measure) {
                case Measure::Count: ++counts[d.code]; break;
                case Measure::SumCount: counts[d.code] += r.facts.count; break;
                case Measure::DistinctPersons:
                    if (r.facts.person_subject) distinct[d.code].insert(r.facts.person_subject);
                    break;
                case Measure::DistinctAddresses:
                    if (r.facts.address_subject) distinct[d.code].insert(r.facts.address_subject);
                    break;
                case Measure::SharePct: {
                    if (!r.facts.person_subject) break;
                    distinct[d.code + "#den"].insert(r.facts.person_subject);
                    if (indicators::matches(d.numerator, r.facts))
                        distinct[d.code + "#num"].insert(r.facts.person_subject);
                    break;
                }
                case Measure::Distribution: {
                    const auto* v = r.facts.attributes ? r.facts.attributes->if_contains(d.attribute) : nullptr;
                    if (v && v->is_string()) ++parts[d.code][std::string(v->get_string())];
                    if (v && v->is_array())
                        for (const auto& e : v->get_array())
                            if (e.is_string()) ++parts[d.code][std::string(e.get_string())];
                    break;
                }
                default: break;
            }
        }
        return ok_status();
    }));
    std::map<std::string, json::value> out;
    for (const auto& d : cat.indicators) {
        switch (d.measure) {
            case Measure::Count:
            case Measure::SumCount: out[d.code] = counts[d.code]; break;
            case Measure::DistinctPersons:
            case Measure::DistinctAddresses: out[d.code] = static_cast<int64_t>(distinct[d.code].size()); break;
            case Measure::SharePct:
                out[d.code] = recount_share(static_cast<int64_t>(distinct[d.code + "#num"].size()),
                                            static_cast<int64_t>(distinct[d.code + "#den"].size()));
                break;
            case Measure::Distribution: {
                std::vector<std::pair<std::string, int64_t>> values(parts[d.code].begin(), parts[d.code].end());
                std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
                    return a.second != b.second ? a.second > b.second : a.first < b.first;
                });
                json::array arr;
                for (auto& [v, n] : values) arr.push_back(json::array{json::value(v), json::value(n)});
                out[d.code] = std::move(arr);
                break;
            }
            case Measure::AggregateSum: {
                double sum = 0;
                const auto aggregates = store.all_current(records::Kind::Aggregate).value();
                for (const auto& a : aggregates) {
                    auto p = Period::parse(a.record.text("period"));
                    if (a.record.text("type") != d.aggregate_type || !p || !range.contains(*p)) continue;
                    const auto area = a.record.text("area");
                    if (!under(area.empty() ? 0 : tree.id_of(area).value_or(0))) continue;
                    sum += a.record.fields.at("value").to_number<double>();
                }
                if (sum == static_cast<double>(static_cast<int64_t>(sum))) out[d.code] = static_cast<int64_t>(sum);
                else out[d.code] = sum;
                break;
            }
            case Measure::Capacity:
            case Measure::OpenLocations: {
                int64_t total = 0;
                const auto locations = store.all_current(records::Kind::Location).value();
                for (const auto& l : locations) {
                    const auto opened = l.record.text("opened"), closed = l.record.text("closed");
                    if (l.record.text("type") != d.location_type) continue;
                    if (!(opened.empty() || opened <= last) || !(closed.empty() || closed >= last)) continue;
                    const auto area = l.record.text("area");
                    if (!under(area.empty() ? 0 : tree.id_of(area).value_or(0))) continue;
                    if (d.measure == Measure::OpenLocations) ++total;
                    else if (auto* c = l.record.fields.if_contains("capacity"); c && c->is_int64())
                        total += c->get_int64();
                }
                out[d.code] = total;
                break;
            }
            case Measure::ActiveAtEnd: {
                std::set<int64_t> persons;
                const auto active = store.active_on(d.activity_type, last).value();
                for (const auto& a : active)
                    if (a.person_subject && under(a.area_id)) persons.insert(a.person_subject);
                out[d.code] = static_cast<int64_t>(persons.size());
                break;
            }
        }
    }
    return out;
}

// The range's figures for `area` equal the recount_range, indicator by indicator.
void expect_range_is_recount(TestStore& t, const DateRange& range, const std::string& area) {
    indicators::Engine engine(t.store(), t.catalogue());
    auto set = indicators::compute_range(engine, t.store(), t.catalogue(), range, area);
    ASSERT_TRUE(set) << set.error().message;
    const auto expected = recount_range(t.store(), t.catalogue(), range, set->area_key);
    ASSERT_EQ(set->figures.size(), t.catalogue().indicators.size());
    int64_t nonzero = 0;
    for (const auto& f : set->figures) {
        EXPECT_EQ(f.value, expected.at(f.def->code))
            << f.def->code << " over " << range.text() << " in " << (area.empty() ? "the municipality" : area);
        if (f.value.is_number() && f.number() != 0) ++nonzero;
    }
    if (area.empty()) {
        EXPECT_GT(nonzero, 5) << "the range " << range.text() << " should have figures";
    }
    // The comparison is the same range a year earlier, counted the same way.
    const auto before = range.year_earlier();
    const auto previous = recount_range(t.store(), t.catalogue(), before, set->area_key);
    for (const auto& f : set->figures) {
        if (!f.previous.is_null()) {
            EXPECT_EQ(f.previous, previous.at(f.def->code)) << f.def->code << " over " << before.text();
        }
    }
}

// A wijk and a buurt of the store, for the areas below the municipality.
std::vector<std::string> range_test_areas(storage::Store& store) {
    std::vector<std::string> out{"", "priority", "rest"};
    bool wijk = false, buurt = false;
    const auto areas = store.areas().value();
    for (const auto& a : areas) {
        if (a.level == "wijk" && !wijk) out.push_back(a.code), wijk = true;
        if (a.level == "buurt" && !buurt) out.push_back(a.code), buurt = true;
    }
    return out;
}

TEST(RangeFigures, SharedSampleRangesAreTheCountOfTheirRecords) {
    const auto data = shared_dir() / "data";
    if (!std::filesystem::exists(data / "sample-2023.ndjson"))
        GTEST_SKIP() << "../shared/data is not beside the checkout";
    TestStore t;
    ASSERT_TRUE(t.import(data / "sample-2023.ndjson").committed);
    ASSERT_TRUE(t.import(data / "sample-2023-correcties.ndjson").committed);
    for (auto [from, to] : {std::pair{"2023-03-01", "2023-08-31"}, std::pair{"2022-08-01", "2023-07-31"},
                            std::pair{"2023-07-01", "2026-06-30"}}) {
        const auto range = DateRange::parse(from, to);
        ASSERT_TRUE(range);
        for (const auto& area : range_test_areas(t.store())) expect_range_is_recount(t, *range, area);
    }
}

class DemoCityRanges : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const auto options = test_city_options();
        first_year_ = options.first_year;
        store_ = new TestStore();
        ASSERT_TRUE(store_->import_text("demo-stad.ndjson", city_ndjson(options)).committed);
    }
    static void TearDownTestSuite() {
        delete store_;
        store_ = nullptr;
    }
    static inline TestStore* store_ = nullptr;
    static inline int first_year_ = 0;
};

TEST_F(DemoCityRanges, SchoolYearAndOddRangesAreTheCountOfTheirRecords) {
    const int y = first_year_;
    const std::string school_from = std::to_string(y) + "-08-01", school_to = std::to_string(y + 1) + "-07-31";
    const std::string odd_from = std::to_string(y) + "-02-01", odd_to = std::to_string(y + 1) + "-11-30";
    for (auto [from, to] : {std::pair{school_from, school_to}, std::pair{odd_from, odd_to}}) {
        const auto range = DateRange::parse(from, to);
        ASSERT_TRUE(range);
        for (const auto& area : range_test_areas(store_->store())) expect_range_is_recount(*store_, *range, area);
    }
}

TEST_F(DemoCityRanges, DistinctPersonsOverTwoMonthsAreNotTheSumOfTheMonths) {
    // A visitor who came in both months is one visitor of the range.
    const int y = first_year_ + 1;
    indicators::Engine engine(store_->store(), store_->catalogue());
    bool found = false;
    for (int m = 1; m < 12 && !found; ++m) {
        const auto range = DateRange::of(Period::month_of(y, m).first_day(), Period::month_of(y, m + 1).last_day());
        ASSERT_TRUE(range);
        auto set = indicators::compute_range(engine, store_->store(), store_->catalogue(), *range, "");
        ASSERT_TRUE(set);
        const int64_t both = set->find("info.unieke_bezoekers")->number();
        const int64_t sum = store_->value(Period::month_of(y, m).text(), "info.unieke_bezoekers") +
                            store_->value(Period::month_of(y, m + 1).text(), "info.unieke_bezoekers");
        EXPECT_LE(both, sum);
        if (both < sum) found = true;
        // A count does add up over the months.
        EXPECT_EQ(set->find("handhaving.huisbezoeken")->number(),
                  store_->value(Period::month_of(y, m).text(), "handhaving.huisbezoeken") +
                      store_->value(Period::month_of(y, m + 1).text(), "handhaving.huisbezoeken"));
    }
    EXPECT_TRUE(found) << "some visitor should come in two adjacent months";
}

TEST_F(DemoCityRanges, AYearAsRangeIsTheYear) {
    const int y = first_year_ + 1;
    indicators::Engine engine(store_->store(), store_->catalogue());
    auto range = DateRange::of_period(Period::year_of(y));
    auto set = indicators::compute_range(engine, store_->store(), store_->catalogue(), range, "");
    ASSERT_TRUE(set);
    const auto year = store_->indicators(std::to_string(y));
    for (size_t i = 0; i < year.figures.size(); ++i) {
        EXPECT_EQ(set->figures[i].value, year.figures[i].value) << year.figures[i].def->code;
        EXPECT_EQ(set->figures[i].previous, year.figures[i].previous) << year.figures[i].def->code;
    }
}

}  // namespace
}  // namespace grip::testing

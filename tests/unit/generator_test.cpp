// Tests of the city generator. The generated city is what Grip's own tests
// and benchmarks run on, and its expected figures are their oracle, so these
// tests check the city against the exchange format and recount a number of
// figures from the NDJSON itself, independently of the generator's
// bookkeeping.

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "generator/activity_plan.h"
#include "generator/bsn.h"
#include "generator/city_generator.h"
#include "generator/expected_figures.h"
#include "generator/nationality.h"

namespace grip::generator {
namespace {

namespace json = boost::json;

// The eleven test written out again, so that the check does not lean on the
// generator's own implementation.
bool elfproef(const std::string& bsn) {
    if (bsn.size() != 9) return false;
    int sum = 0;
    for (int i = 0; i < 9; ++i) {
        if (bsn[static_cast<size_t>(i)] < '0' || bsn[static_cast<size_t>(i)] > '9') return false;
        const int digit = bsn[static_cast<size_t>(i)] - '0';
        sum += (i < 8 ? 9 - i : -1) * digit;
    }
    return sum % 11 == 0;
}

// A pattern of the exchange format, written as: 'd' a digit, 'A' a capital
// letter, '?' an optional space, anything else itself. (std::regex would do,
// but trips a false -Wmaybe-uninitialized of GCC 12 under the sanitizers.)
bool matches(std::string_view text, std::string_view pattern) {
    size_t t = 0;
    for (const char p : pattern) {
        if (p == '?') {
            if (t < text.size() && text[t] == ' ') ++t;
            continue;
        }
        if (t >= text.size()) return false;
        const char c = text[t++];
        if (p == 'd' && !(c >= '0' && c <= '9')) return false;
        if (p == 'A' && !(c >= 'A' && c <= 'Z')) return false;
        if (p != 'd' && p != 'A' && p != c) return false;
    }
    return t == text.size();
}

struct City {
    std::string ndjson;
    json::object expected;
    GenerationSummary summary;
    std::vector<json::object> records;
};

City generate(const CityOptions& options) {
    City city;
    std::ostringstream out;
    auto result = generate_city(options, out, &city.expected);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    if (!result.ok()) return city;
    city.summary = *result;
    city.ndjson = out.str();
    std::istringstream lines(city.ndjson);
    std::string line;
    while (std::getline(lines, line)) city.records.push_back(json::parse(line).as_object());
    return city;
}

// The demo city, generated once for all tests that only read it.
const City& demo_city() {
    static const City city = generate(CityOptions{});
    return city;
}

std::string str(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool has(const json::object& o, std::string_view key) { return o.if_contains(key) != nullptr; }

const json::object& attributes(const json::object& activity) {
    static const json::object none;
    const json::value* a = activity.if_contains("attributes");
    return a ? a->as_object() : none;
}

// The indicator codes of indicators.md that have a single number (the topic
// distribution is checked through top_topics).
const std::vector<std::string> kIndicatorCodes = {"werk.banenmarkt_bereik",
                                                  "werk.dakloos_aan_werk",
                                                  "info.campagnerondes",
                                                  "info.bijeenkomsten",
                                                  "info.groepsinschrijvingen",
                                                  "info.digid_geactiveerd",
                                                  "info.infopunten",
                                                  "info.unieke_bezoekers",
                                                  "handhaving.meldingen_overbewoning",
                                                  "handhaving.overbewoning_eu",
                                                  "handhaving.eerste_vestiging",
                                                  "handhaving.leegstandscontroles",
                                                  "handhaving.leegstand_bewoond_eu",
                                                  "handhaving.integrale_controles",
                                                  "handhaving.huisbezoeken",
                                                  "handhaving.woningen_misstand",
                                                  "handhaving.bouwplaatscontroles",
                                                  "handhaving.bouwplaats_misstand",
                                                  "handhaving.dossiers_nla",
                                                  "handhaving.boetes_nla",
                                                  "zelfredzaamheid.sleutelfiguren",
                                                  "zelfredzaamheid.cursus_formeel_eu",
                                                  "zelfredzaamheid.cursus_non_formeel_eu",
                                                  "zelfredzaamheid.cursisten_moe_pct",
                                                  "zelfredzaamheid.cursisten_overig_europa_pct",
                                                  "zelfredzaamheid.klankbordgroepen",
                                                  "dakloos.terugkeer",
                                                  "dakloos.opvang_capaciteit",
                                                  "dakloos.opvang_opgevangen",
                                                  "dakloos.kortverblijf_bedden"};

int64_t expected_figure(const City& city, int year, const std::string& code) {
    return city.expected.at(std::to_string(year)).as_object().at("indicators").as_object().at(code).as_int64();
}

// --- BSN ---------------------------------------------------------------------

TEST(GeneratorBsn, ElevenTestAcceptsAndRejects) {
    EXPECT_TRUE(passes_eleven_test("111222333"));  // a well-known test number
    EXPECT_TRUE(passes_eleven_test("123456782"));
    EXPECT_FALSE(passes_eleven_test("111222334"));
    EXPECT_FALSE(passes_eleven_test("12345678"));
    EXPECT_FALSE(passes_eleven_test("12345678a"));
}

TEST(GeneratorBsn, CheckDigitCompletesPrefixOrSaysNone) {
    EXPECT_EQ(bsn_check_digit(11122233), 3);
    EXPECT_EQ(bsn_check_digit(12345678), 2);
    int without = 0;
    for (uint32_t prefix = 10'000'000; prefix < 10'001'000; ++prefix) {
        const int digit = bsn_check_digit(prefix);
        if (digit < 0) {
            ++without;
            continue;
        }
        EXPECT_TRUE(elfproef(std::to_string(prefix) + std::to_string(digit))) << prefix;
    }
    // About one prefix in eleven has no check digit.
    EXPECT_GT(without, 50);
    EXPECT_LT(without, 150);
}

TEST(GeneratorBsn, SequenceGivesDistinctValidNumbers) {
    BsnSequence sequence(12345);
    std::set<uint32_t> seen;
    for (int i = 0; i < 200'000; ++i) {
        const uint32_t bsn = sequence.next();
        ASSERT_TRUE(elfproef(std::to_string(bsn))) << bsn;
        ASSERT_TRUE(seen.insert(bsn).second) << "repeated " << bsn;
    }
}

// --- options and plan ---------------------------------------------------------

TEST(CityGenerator, RefusesBadOptions) {
    std::ostringstream out;
    CityOptions o;
    o.activities = 10;
    auto too_few = generate_city(o, out, nullptr);
    ASSERT_FALSE(too_few.ok());
    EXPECT_EQ(too_few.error().code, ErrorCode::Invalid);
    EXPECT_TRUE(out.str().empty()) << "nothing is written for refused options";

    o = CityOptions{};
    o.persons = 0;
    EXPECT_FALSE(generate_city(o, out, nullptr).ok());
    o = CityOptions{};
    o.years = 0;
    EXPECT_FALSE(generate_city(o, out, nullptr).ok());
    EXPECT_FALSE(city_options_for_scale("huge").ok());
}

TEST(CityGenerator, TheSuggestedMinimumIsEnough) {
    for (int years = 1; years <= 5; ++years) {
        auto plan = plan_activities(int64_t{40} * years, 2020, years);
        ASSERT_TRUE(plan.ok()) << years << ": " << plan.error().message;
        int64_t total = 0;
        for (const YearPlan& y : *plan) {
            for (int64_t n : y.counts) {
                EXPECT_GE(n, 1);
                total += n;
            }
        }
        EXPECT_EQ(total, int64_t{40} * years);
    }
}

TEST(CityGenerator, ScalePresets) {
    auto demo = city_options_for_scale("demo");
    ASSERT_TRUE(demo.ok());
    EXPECT_EQ(demo->activities, 20000);
    EXPECT_EQ(demo->first_year, 2022);
    EXPECT_EQ(demo->years, 2);
    auto big = city_options_for_scale("10m");
    ASSERT_TRUE(big.ok());
    EXPECT_EQ(big->activities, 10'000'000);
    EXPECT_EQ(big->persons, 2'000'000);
    EXPECT_EQ(big->addresses, 1'000'000);
    EXPECT_EQ(big->years, 5);
}

TEST(CityGenerator, ReportsAFailingStream) {
    std::ostringstream out;
    out.setstate(std::ios::badbit);
    auto result = generate_city(CityOptions{}, out, nullptr);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::Io);
}

TEST(CityGenerator, ReportsProgressUpToTheTotal) {
    std::ostringstream out;
    int64_t last_done = -1, last_total = -1, calls = 0;
    auto result = generate_city(CityOptions{}, out, nullptr, [&](int64_t done, int64_t total) {
        EXPECT_GE(done, last_done);
        last_done = done;
        last_total = total;
        ++calls;
    });
    ASSERT_TRUE(result.ok());
    EXPECT_GT(calls, 0);
    EXPECT_EQ(last_done, result->records);
    EXPECT_EQ(last_total, result->records);
}

TEST(CityGenerator, ATinyCityStillHasEveryTypeAndValidReferences) {
    // One person and one address: every choice falls back, and the city must
    // still be complete and consistent.
    CityOptions o;
    o.persons = 1;
    o.addresses = 1;
    o.activities = 60;
    o.years = 1;
    const City city = generate(o);
    ASSERT_EQ(city.expected.size(), 1u);
    std::set<std::string> types;
    for (const json::object& r : city.records) {
        if (str(r, "kind") != "activity") continue;
        types.insert(str(r, "type"));
        if (has(r, "person")) {
            EXPECT_EQ(str(r, "person"), "G-PER-0000001");
        }
        if (has(r, "address")) {
            EXPECT_EQ(str(r, "address"), "G-ADR-0000001");
        }
    }
    EXPECT_EQ(types.size(), kActivityTypeCount);
}

TEST(GeneratorTestHelpers, PatternsRejectWhatTheyShould) {
    EXPECT_TRUE(matches("2023-01-31", "dddd-dd-dd"));
    EXPECT_FALSE(matches("2023-1-31", "dddd-dd-dd"));
    EXPECT_FALSE(matches("2023-01-311", "dddd-dd-dd"));
    EXPECT_TRUE(matches("3072 AB", "dddd?AA"));
    EXPECT_TRUE(matches("3072AB", "dddd?AA"));
    EXPECT_FALSE(matches("3072 ab", "dddd?AA"));
    EXPECT_FALSE(matches("23bb00441", "ddbbdddddd"));
    EXPECT_TRUE(elfproef("111222333"));
    EXPECT_FALSE(elfproef("111222332"));
}

// --- determinism ----------------------------------------------------------------

TEST(CityGenerator, SameSeedSameBytes) {
    CityOptions o;
    o.seed = 7;
    o.activities = 3000;
    o.persons = 800;
    o.addresses = 300;
    const City a = generate(o);
    const City b = generate(o);
    EXPECT_EQ(a.ndjson, b.ndjson);
    EXPECT_EQ(json::serialize(a.expected), json::serialize(b.expected));
    // The expected figures do not change the city.
    std::ostringstream without;
    ASSERT_TRUE(generate_city(o, without, nullptr).ok());
    EXPECT_EQ(without.str(), a.ndjson);

    o.seed = 8;
    const City c = generate(o);
    EXPECT_NE(a.ndjson, c.ndjson);
}

// --- the exchange format ----------------------------------------------------------

TEST(CityGenerator, EveryLineIsARecordOfTheExchangeFormat) {
    const City& city = demo_city();
    ASSERT_FALSE(city.records.empty());
    EXPECT_EQ(static_cast<int64_t>(city.records.size()), city.summary.records);
    EXPECT_EQ(city.ndjson.back(), '\n');

    const std::map<std::string, std::set<std::string>> fields = {
        {"area", {"kind", "code", "name", "level", "parent", "priority", "inhabitants"}},
        {"location", {"kind", "id", "type", "name", "area", "capacity", "opened", "closed"}},
        {"organisation", {"kind", "id", "name", "type", "kvk", "branch", "covenant_since", "covenant_until"}},
        {"person", {"kind", "id", "bsn", "birth_year", "nationality", "brp", "languages"}},
        {"address", {"kind", "id", "postcode", "house_number", "suffix", "city", "area"}},
        {"activity",
         {"kind", "id", "type", "date", "person", "address", "organisation", "location", "area", "parent", "count",
          "end_date", "attributes"}},
        {"aggregate", {"kind", "id", "type", "period", "value", "area", "organisation"}},
        {"milestone", {"kind", "id", "theme", "date", "text", "status"}},
        {"motion",
         {"kind", "id", "type", "title", "adopted", "text", "proposer", "portfolio", "status", "response",
          "disposal_proposed", "disposed"}},
    };
    const std::map<std::string, std::set<std::string>> attribute_names = {
        {"banenmarkt", {"organisator"}},
        {"toeleiding_werk", {"dakloos"}},
        {"campagneronde", {"bereik"}},
        {"informatiebijeenkomst", {"onderwerpen"}},
        {"digid_hulp", {"resultaat"}},
        {"infopunt_bezoek", {"onderwerpen"}},
        {"melding_overbewoning", {"uitkomst", "bron"}},
        {"leegstandscontrole", {"bevinding"}},
        {"huisbezoek", {"misstand", "misstanden"}},
        {"bouwplaatscontrole", {"misstand"}},
        {"cursus_inschrijving", {"traject"}},
        {"terugkeer", {"land"}},
    };
    auto is_date = [](const std::string& d) { return matches(d, "dddd-dd-dd"); };
    auto is_area_code = [](const std::string& c) {
        return c == "GM0599" || matches(c, "WK0599dd") || matches(c, "BU0599dddd");
    };
    const std::set<std::string> onderwerpen = {"financieel", "juridisch", "werk",      "wonen",
                                               "brp",        "zorg",      "onderwijs", "overig"};

    std::map<std::string, std::set<std::string>> ids;
    for (const json::object& r : city.records) {
        const std::string kind = str(r, "kind");
        ASSERT_TRUE(fields.count(kind)) << "unknown kind " << kind;
        for (const auto& kv : r) {
            EXPECT_TRUE(fields.at(kind).count(std::string(kv.key()))) << kind << "." << kv.key();
        }
        const std::string id = kind == "area" ? str(r, "code") : str(r, "id");
        ASSERT_FALSE(id.empty()) << kind;
        EXPECT_TRUE(ids[kind].insert(id).second) << "duplicate " << kind << " " << id;

        for (const char* d : {"date", "end_date", "opened", "closed", "adopted", "covenant_since", "covenant_until"})
            if (has(r, d)) {
                EXPECT_TRUE(is_date(str(r, d))) << kind << " " << id << " " << d;
            }
        if (kind == "area") {
            EXPECT_TRUE(is_area_code(id)) << id;
        }
        if (kind == "address") {
            EXPECT_TRUE(matches(str(r, "postcode"), "dddd?AA") && str(r, "postcode")[0] != '0') << str(r, "postcode");
            EXPECT_TRUE(r.at("house_number").is_int64());
        }
        if (kind == "organisation" && has(r, "kvk")) {
            EXPECT_TRUE(matches(str(r, "kvk"), "dddddddd"));
        }
        if (kind == "motion") {
            EXPECT_TRUE(matches(id, "ddbbdddddd")) << id;
        }
        if (kind == "person" && has(r, "brp")) {
            EXPECT_TRUE(
                (std::set<std::string>{"ingeschreven", "rni", "niet_ingeschreven", "onbekend"}.count(str(r, "brp"))));
        }
        if (kind == "activity") {
            const std::string type = str(r, "type");
            const auto allowed = attribute_names.find(type);
            for (const auto& kv : attributes(r)) {
                ASSERT_NE(allowed, attribute_names.end()) << type << " has attributes";
                EXPECT_TRUE(allowed->second.count(std::string(kv.key()))) << type << "." << kv.key();
            }
            if (has(r, "count")) {
                EXPECT_GE(r.at("count").as_int64(), 0);
            }
            const json::value* topics = attributes(r).if_contains("onderwerpen");
            if (topics) {
                EXPECT_FALSE(topics->as_array().empty());
                for (const json::value& t : topics->as_array()) {
                    EXPECT_TRUE(onderwerpen.count(std::string(t.as_string())));
                }
            }
        }
    }
    EXPECT_EQ(ids["area"].size(), 95u);
    EXPECT_EQ(static_cast<int64_t>(ids["activity"].size()), 20000);
    EXPECT_EQ(static_cast<int64_t>(ids["person"].size()), 5000);
    EXPECT_EQ(static_cast<int64_t>(ids["address"].size()), 1500);
}

TEST(CityGenerator, ReferencesPointToRecordsWrittenEarlier) {
    const City& city = demo_city();
    std::map<std::string, std::set<std::string>> seen;
    std::map<std::string, std::string> activity_type;
    const std::map<std::string, std::string> reference_kind = {
        {"person", "person"},     {"address", "address"}, {"organisation", "organisation"},
        {"location", "location"}, {"area", "area"},       {"parent", "activity"}};
    for (const json::object& r : city.records) {
        const std::string kind = str(r, "kind");
        for (const auto& [field, target_kind] : reference_kind) {
            if (!has(r, field)) continue;
            // The parent of an area is an area; of an activity, an activity.
            const std::string target = kind == "area" && field == "parent" ? "area" : target_kind;
            EXPECT_TRUE(seen[target].count(str(r, field)))
                << kind << " " << str(r, "id") << " " << field << " -> " << str(r, field) << " not written before";
        }
        if (kind == "activity" && has(r, "parent")) {
            // A home visit hangs under an inspection, a case file under a report.
            const std::string parent_type = activity_type[str(r, "parent")];
            if (str(r, "type") == "huisbezoek") {
                EXPECT_EQ(parent_type, "integrale_controle");
            }
            if (str(r, "type") == "dossier_nla") {
                EXPECT_EQ(parent_type, "melding_overbewoning");
            }
        }
        if (kind == "activity" && str(r, "type") == "dossier_nla") {
            EXPECT_TRUE(has(r, "parent"));
        }
        const std::string id = kind == "area" ? str(r, "code") : str(r, "id");
        seen[kind].insert(id);
        if (kind == "activity") activity_type[id] = str(r, "type");
    }
}

TEST(CityGenerator, PersonsHaveValidSometimesSharedOrMissingBsns) {
    const City& city = demo_city();
    std::map<std::string, int> per_bsn;
    int without = 0, persons = 0;
    for (const json::object& r : city.records) {
        if (str(r, "kind") != "person") continue;
        ++persons;
        EXPECT_FALSE(has(r, "given_name"));
        EXPECT_FALSE(has(r, "family_name"));
        if (!has(r, "bsn")) {
            ++without;
            continue;
        }
        const std::string bsn = str(r, "bsn");
        EXPECT_TRUE(elfproef(bsn)) << bsn;
        ++per_bsn[bsn];
    }
    int shared = 0;
    for (const auto& [bsn, n] : per_bsn) shared += n > 1 ? n - 1 : 0;
    EXPECT_EQ(persons, 5000);
    EXPECT_GT(without, 0);
    // About one record in a hundred repeats an earlier BSN.
    EXPECT_GT(shared, 10);
    EXPECT_LT(shared, 150);
    EXPECT_EQ(shared, city.summary.persons_sharing_bsn);
    EXPECT_EQ(without, city.summary.persons_without_bsn);
}

TEST(CityGenerator, ActivitiesHappenWhereAndWhenTheyCan) {
    const City& city = demo_city();
    struct Open {
        std::string opened, closed;
    };
    std::map<std::string, Open> locations;
    for (const json::object& r : city.records) {
        const std::string kind = str(r, "kind");
        if (kind == "location") locations[str(r, "id")] = {str(r, "opened"), str(r, "closed")};
        if (kind != "activity") continue;
        const std::string d = str(r, "date");
        EXPECT_TRUE(d >= "2022-01-01" && d <= "2023-12-31") << d;
        if (has(r, "end_date")) {
            EXPECT_GE(str(r, "end_date"), d);
        }
        if (has(r, "location")) {
            const Open& l = locations.at(str(r, "location"));
            EXPECT_LE(l.opened, d) << str(r, "id");
            if (!l.closed.empty()) {
                EXPECT_LE(d, l.closed) << str(r, "id");
            }
        }
    }
}

// --- expected figures ---------------------------------------------------------

TEST(CityGenerator, DemoCityHasEveryTypeAndEveryFigureInEveryYear) {
    const City& city = demo_city();
    std::map<int, std::set<std::string>> types;
    for (const json::object& r : city.records)
        if (str(r, "kind") == "activity") types[std::stoi(str(r, "date").substr(0, 4))].insert(str(r, "type"));
    ASSERT_EQ(city.expected.size(), 2u);
    for (int year : {2022, 2023}) {
        EXPECT_EQ(types[year].size(), kActivityTypeCount) << year;
        const json::object& y = city.expected.at(std::to_string(year)).as_object();
        EXPECT_EQ(y.at("year").as_int64(), year);
        EXPECT_EQ(y.at("indicators").as_object().size(), kIndicatorCodes.size());
        for (const std::string& code : kIndicatorCodes) {
            EXPECT_GT(expected_figure(city, year, code), 0) << year << " " << code;
        }
        EXPECT_EQ(y.at("top_topics").as_array().size(), 2u);
        EXPECT_FALSE(y.at("afdoening_voorgesteld").as_array().empty());
    }
}

// Recounts figures from the NDJSON alone, the way indicators.md defines
// them, and compares them with the generator's own bookkeeping.
TEST(CityGenerator, ExpectedFiguresMatchARecountOfTheNdjson) {
    const City& city = demo_city();
    std::map<std::string, json::object> persons, locations;
    std::vector<json::object> activities, aggregates, motions;
    for (const json::object& r : city.records) {
        const std::string kind = str(r, "kind");
        if (kind == "person") persons[str(r, "id")] = r;
        if (kind == "location") locations[str(r, "id")] = r;
        if (kind == "activity") activities.push_back(r);
        if (kind == "aggregate") aggregates.push_back(r);
        if (kind == "motion") motions.push_back(r);
    }
    // Same BSN, same person; without BSN a person is its own record.
    auto who = [&](const json::object& a) {
        const json::object& p = persons.at(str(a, "person"));
        return has(p, "bsn") ? "bsn:" + str(p, "bsn") : "id:" + str(p, "id");
    };
    const std::set<std::string> cee = {"BG", "CZ", "EE", "HR", "HU", "LT", "LV", "PL", "RO", "SI", "SK"};

    for (int year : {2022, 2023}) {
        const std::string y = std::to_string(year);
        const std::string end = y + "-12-31";
        int64_t meldingen = 0, overbewoning_eu = 0, huisbezoeken = 0;
        std::set<std::string> bezoekers, misstand_adressen, sleutelfiguren, cursisten, cursisten_moe;
        std::map<std::string, int64_t> topics;
        for (const json::object& a : activities) {
            const std::string type = str(a, "type");
            const json::object& at = attributes(a);
            if (type == "sleutelfiguur" && str(a, "date") <= end && (!has(a, "end_date") || str(a, "end_date") >= end))
                sleutelfiguren.insert(who(a));
            if (str(a, "date").substr(0, 4) != y) continue;
            if (type == "melding_overbewoning") {
                ++meldingen;
                if (str(at, "uitkomst") == "overbewoning_eu") ++overbewoning_eu;
            }
            if (type == "infopunt_bezoek") {
                bezoekers.insert(who(a));
                for (const json::value& t : at.at("onderwerpen").as_array()) ++topics[std::string(t.as_string())];
            }
            if (type == "huisbezoek") {
                ++huisbezoeken;
                if (at.at("misstand").as_bool()) misstand_adressen.insert(str(a, "address"));
            }
            if (type == "cursus_inschrijving") {
                cursisten.insert(who(a));
                if (cee.count(str(persons.at(str(a, "person")), "nationality"))) cursisten_moe.insert(who(a));
            }
        }
        int64_t opvang = 0, infopunten = 0;
        for (const auto& [id, l] : locations) {
            const bool open = str(l, "opened") <= end && (!has(l, "closed") || str(l, "closed") >= end);
            if (!open) continue;
            if (str(l, "type") == "opvang") opvang += l.at("capacity").as_int64();
            if (str(l, "type") == "infopunt") ++infopunten;
        }
        int64_t boetes = 0;
        for (const json::object& a : aggregates)
            if (str(a, "type") == "boete_nla" && str(a, "period").substr(0, 4) == y) boetes += a.at("value").as_int64();
        const int64_t moe_pct =
            (200 * static_cast<int64_t>(cursisten_moe.size()) + static_cast<int64_t>(cursisten.size())) /
            (2 * static_cast<int64_t>(cursisten.size()));

        EXPECT_EQ(expected_figure(city, year, "handhaving.meldingen_overbewoning"), meldingen);
        EXPECT_EQ(expected_figure(city, year, "handhaving.overbewoning_eu"), overbewoning_eu);
        EXPECT_EQ(expected_figure(city, year, "handhaving.huisbezoeken"), huisbezoeken);
        EXPECT_EQ(expected_figure(city, year, "handhaving.woningen_misstand"),
                  static_cast<int64_t>(misstand_adressen.size()));
        EXPECT_EQ(expected_figure(city, year, "info.unieke_bezoekers"), static_cast<int64_t>(bezoekers.size()));
        EXPECT_EQ(expected_figure(city, year, "info.infopunten"), infopunten);
        EXPECT_EQ(expected_figure(city, year, "zelfredzaamheid.sleutelfiguren"),
                  static_cast<int64_t>(sleutelfiguren.size()));
        EXPECT_EQ(expected_figure(city, year, "zelfredzaamheid.cursisten_moe_pct"), moe_pct);
        EXPECT_EQ(expected_figure(city, year, "dakloos.opvang_capaciteit"), opvang);
        EXPECT_EQ(expected_figure(city, year, "handhaving.boetes_nla"), boetes);

        std::vector<std::pair<int64_t, std::string>> ranked;
        for (const auto& [t, n] : topics) ranked.push_back({-n, t});
        std::sort(ranked.begin(), ranked.end());
        const json::array& top = city.expected.at(y).as_object().at("top_topics").as_array();
        ASSERT_EQ(top.size(), 2u);
        EXPECT_EQ(top[0].as_string(), ranked[0].second);
        EXPECT_EQ(top[1].as_string(), ranked[1].second);

        std::vector<std::string> proposed;
        for (const json::object& m : motions)
            if (str(m, "status") == "afdoening_voorgesteld") proposed.push_back(str(m, "id"));
        std::sort(proposed.begin(), proposed.end());
        std::vector<std::string> listed;
        for (const json::value& id : city.expected.at(y).as_object().at("afdoening_voorgesteld").as_array())
            listed.emplace_back(id.as_string());
        EXPECT_EQ(listed, proposed);
    }
    // The demo city is built so that these figures differ between its years.
    EXPECT_EQ(expected_figure(city, 2022, "dakloos.opvang_capaciteit"), 40);
    EXPECT_EQ(expected_figure(city, 2023, "dakloos.opvang_capaciteit"), 60);
    EXPECT_EQ(expected_figure(city, 2022, "dakloos.kortverblijf_bedden"), 10);
    EXPECT_EQ(expected_figure(city, 2022, "info.infopunten"), 2);
}

TEST(GeneratorExpectedFigures, SharePercentRoundsHalfUp) {
    EXPECT_EQ(share_pct(1, 8), 13);   // 12.5
    EXPECT_EQ(share_pct(1, 3), 33);   // 33.3
    EXPECT_EQ(share_pct(2, 3), 67);   // 66.7
    EXPECT_EQ(share_pct(1, 200), 1);  // 0.5
    EXPECT_EQ(share_pct(0, 5), 0);
    EXPECT_EQ(share_pct(3, 0), 0);
}

TEST(GeneratorNationality, GroupsAgreeWithTheIndicatorDefinitions) {
    for (const Country& c : population_countries()) {
        const bool cee = is_central_east_european(c.code);
        EXPECT_EQ(cee, c.group == NationalityGroup::CentralEastEurope) << c.code;
        EXPECT_EQ(is_eu_member(c.code) && !cee && c.code != "NL", c.group == NationalityGroup::OtherEu) << c.code;
        EXPECT_EQ(is_other_european(c.code),
                  c.group == NationalityGroup::OtherEu || c.group == NationalityGroup::OtherEurope)
            << c.code;
    }
    EXPECT_TRUE(is_other_european("TR"));
    EXPECT_TRUE(is_other_european("CH"));
    EXPECT_FALSE(is_other_european("NL"));
    EXPECT_FALSE(is_other_european("PL"));
    EXPECT_FALSE(is_other_european("SY"));
    EXPECT_EQ(nationality_flags("ES").eu_not_nl, true);
    EXPECT_EQ(nationality_flags("NL").eu_not_nl, false);
    EXPECT_EQ(nationality_flags("").central_east, false);
}

}  // namespace
}  // namespace grip::generator

// A BAG-style address list imported as a delivery of address records
// (ingest/bag_address_list), on both store backends: detected by its header
// or asked for with --bag, the buurt checked, the same list again changes
// nothing; and the demo city's own list (grip generate --bag-addresses).

#include <algorithm>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "ingest/bag_address_list.h"
#include "privacy/keyring.h"
#include "test_support.h"

namespace grip::testing {
namespace {

const std::string kBagAreas =
    "{\"kind\": \"area\", \"code\": \"GM0599\", \"name\": \"Rotterdam\", \"level\": \"gemeente\"}\n"
    "{\"kind\": \"area\", \"code\": \"WK059915\", \"name\": \"Charlois\", \"level\": \"wijk\", \"parent\": "
    "\"GM0599\"}\n"
    "{\"kind\": \"area\", \"code\": \"BU05991571\", \"name\": \"Tarwewijk\", \"level\": \"buurt\", \"parent\": "
    "\"WK059915\"}\n";

const std::string kList =
    "nummeraanduiding_id;postcode;huisnummer;huisletter;huisnummertoevoeging;openbareruimtenaam;woonplaatsnaam;"
    "buurtcode\n"
    "0599200000000001;3081 AB;12;A;2;Voorbeeldstraat;Rotterdam;BU05991571\n"
    "0599200000000002;3081AB;14;;bis;Voorbeeldstraat;Rotterdam;BU05991571\n"
    "0599200000000003;3081AC;1;B;;Voorbeeldstraat;Rotterdam;BU05991571\n";

// The addresses at a postcode with their personal fields (postcode, house
// number, suffix, street) unsealed, as a user with personal data sees them.
std::vector<boost::json::object> at_postcode(storage::Store& store, const privacy::Keyring& keys,
                                             std::string_view postcode) {
    auto all = store.all_current(records::Kind::Address);
    EXPECT_TRUE(all);
    std::vector<boost::json::object> out;
    for (auto& r : *all) {
        auto fields = r.record.fields;
        auto plain = keys.unseal(r.sealed);
        EXPECT_TRUE(plain);
        const auto personal = boost::json::parse(*plain);
        for (const auto& [k, v] : personal.as_object()) fields[k] = v;
        if (fields.at("postcode").as_string() == postcode) out.push_back(std::move(fields));
    }
    return out;
}

TEST(BagImport, AnAddressListIsADeliveryOfAddresses) {
    TestStore ts;
    ASSERT_TRUE(ts.import_text("areas.ndjson", kBagAreas).committed);
    const auto report = ts.import_text("bag.csv", kList);
    ASSERT_TRUE(report.committed) << (report.errors.empty() ? "" : report.errors.front().text());
    EXPECT_EQ(report.counts.stored, 3);
    const auto found = at_postcode(ts.store(), ts.keys(), "3081AB");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].at("id").as_string(), "0599200000000001") << "the id is the BAG's";
    EXPECT_EQ(found[0].at("house_number").as_int64(), 12);
    EXPECT_EQ(found[0].at("suffix").as_string(), "A-2");
    EXPECT_EQ(found[0].at("street").as_string(), "Voorbeeldstraat");
    EXPECT_EQ(found[0].at("area").as_string(), "BU05991571");
    EXPECT_EQ(found[1].at("suffix").as_string(), "bis");
    // The same list once more changes nothing; a copy of it (another file,
    // the same addresses) stores unchanged versions only.
    const auto again = ts.import_text("bag.csv", kList);
    EXPECT_TRUE(again.already_imported);
    const auto copy = ts.import_text("bag-kopie.csv", kList + "\n");
    ASSERT_TRUE(copy.committed);
    EXPECT_EQ(copy.counts.unchanged, 3);
    EXPECT_EQ(copy.counts.stored + copy.counts.replaced, 0);
}

TEST(BagImport, TheSuffixIsWrittenAsTheBagWritesIt) {
    EXPECT_EQ(ingest::bag_suffix("A", "2"), "A-2");
    EXPECT_EQ(ingest::bag_suffix("", "bis"), "bis");
    EXPECT_EQ(ingest::bag_suffix("B", ""), "B");
    EXPECT_EQ(ingest::bag_suffix("", ""), "");
}

TEST(BagImport, AnUnknownBuurtIsRefusedWithItsLine) {
    TestStore ts;
    ASSERT_TRUE(ts.import_text("areas.ndjson", kBagAreas).committed);
    const std::string broken = kList + "0599200000000004;3081AD;3;;;Voorbeeldstraat;Rotterdam;BU05999999\n";
    const auto report = ts.import_text("bag.csv", broken);
    EXPECT_FALSE(report.committed);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].line, 5);
    EXPECT_EQ(report.errors[0].field, "area");
    EXPECT_EQ(report.errors[0].text().find("3081"), std::string::npos) << "no address in the message";
    EXPECT_TRUE(at_postcode(ts.store(), ts.keys(), "3081AB").empty()) << "all or nothing";
    // An unknown column is refused on the header line (a typo must not lose data).
    const auto typo = ts.import_text(
        "typo.csv",
        "nummeraanduiding_id,postcode,huisnummer,huisleter,buurtcode\n0599200000000009,3081AB,1,A,BU05991571\n");
    EXPECT_FALSE(typo.committed);
    ASSERT_FALSE(typo.errors.empty());
    EXPECT_EQ(typo.errors[0].line, 1);
    EXPECT_EQ(typo.errors[0].field, "huisleter");
}

TEST(BagImport, TheDemoCitysAddressListLoadsIntoAnEmptyStore) {
    TempDir dir;
    const auto city = (dir / "city.ndjson").string();
    const auto bag = (dir / "addresses-bag.csv").string();
    auto gen = run_grip(dir.path(), "generate --activities 200 --persons 50 --addresses 120 -o " + city +
                                        " --bag-addresses " + bag);
    ASSERT_EQ(gen.code, 0) << gen.err;
    // The store holds the city's areas only: its addresses come from the list.
    std::string areas;
    for (const auto& line : read_lines(city))
        if (line.find("\"kind\":\"area\"") != std::string::npos) areas += line + "\n";
    write_file(dir / "areas.ndjson", areas);
    ASSERT_EQ(run_grip(dir.path(), "import " + (dir / "areas.ndjson").string()).code, 0);
    auto imported = run_grip(dir.path(), "import --bag " + bag);
    ASSERT_EQ(imported.code, 0) << imported.err;
    EXPECT_NE(imported.err.find("120 stored"), std::string::npos) << imported.err;
    const auto rows = read_lines(bag);
    ASSERT_EQ(rows.size(), 121u);
    // Each row's postcode finds its address.
    const std::string first = rows[1];
    const std::string postcode = first.substr(first.find(';') + 1, 6);
    {
        auto store = storage::open_store(store_location(dir.path()), "GM0599");
        ASSERT_TRUE(store) << store.error().message;
        auto keys = privacy::Keyring::open(dir / "cli.key", privacy::CreateIfMissing::No);
        ASSERT_TRUE(keys) << keys.error().message;
        const auto found = at_postcode(**store, *keys, postcode);
        ASSERT_FALSE(found.empty());
        EXPECT_EQ(found[0].at("id").as_string(), first.substr(0, first.find(';')));
    }
    auto listed = run_grip(dir.path(), "import " + bag);
    EXPECT_EQ(listed.code, 0) << "recognised by its header too: " << listed.err;
    EXPECT_NE(listed.err.find("already imported"), std::string::npos) << listed.err;
    auto help = run_grip(dir.path(), "import --help");
    EXPECT_NE(help.out.find("BAG"), std::string::npos);
}

}  // namespace
}  // namespace grip::testing

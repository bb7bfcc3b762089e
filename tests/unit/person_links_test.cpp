// People without a BSN (issue 16, part 3): two partners register the same
// human without a BSN; linked (a person's `same_as`, in a delivery) they
// count once, unlinked twice; when a BSN arrives on one of them the group
// joins the BSN's person. The maintained figures follow each step inside its
// delivery, and equal what counting everything again gives. Runs on both
// backends (TestStore: GRIP_TEST_POSTGRES).

#include <string>

#include <gtest/gtest.h>

#include "indicators/fact_resolver.h"
#include "indicators/figure_keeper.h"
#include "records/name_key.h"
#include "records/validator.h"
#include "test_support.h"

namespace grip::testing {
namespace {

constexpr const char* kUnique = "info.unieke_bezoekers";

// Two partners' desks, each with a visit of the same human, registered
// without a BSN and with the name written differently.
const std::string kBase = R"({"kind": "area", "code": "GM0599", "name": "Rotterdam", "level": "gemeente"}
{"kind": "area", "code": "WK059915", "name": "Charlois", "level": "wijk", "parent": "GM0599"}
{"kind": "area", "code": "BU05991571", "name": "Tarwewijk", "level": "buurt", "parent": "WK059915", "priority": true}
{"kind": "organisation", "id": "ORG-A", "name": "Informatiepunt", "type": "gemeente"}
{"kind": "organisation", "id": "ORG-B", "name": "Stichting Opvang", "type": "zorg"}
{"kind": "location", "id": "LOC-A", "type": "infopunt", "name": "Infopunt Zuid", "area": "BU05991571"}
{"kind": "location", "id": "LOC-B", "type": "infopunt", "name": "Infopunt Opvang", "area": "BU05991571"}
{"kind": "person", "id": "A-1", "given_name": "José", "family_name": "van der Berg", "birth_date": "1990-05-01", "client_number": "K-77"}
{"kind": "person", "id": "B-1", "given_name": "BERG", "family_name": "Jose van der", "birth_year": 1990}
{"kind": "activity", "id": "VA-1", "type": "infopunt_bezoek", "date": "2023-03-01", "person": "A-1", "location": "LOC-A", "organisation": "ORG-A"}
{"kind": "activity", "id": "VB-1", "type": "infopunt_bezoek", "date": "2023-03-02", "person": "B-1", "location": "LOC-B", "organisation": "ORG-B"}
)";

const std::string kLinkB =
    R"({"kind": "person", "id": "B-1", "given_name": "BERG", "family_name": "Jose van der", "birth_year": 1990, "same_as": "A-1"}
)";
const std::string kUnlinkB =
    R"({"kind": "person", "id": "B-1", "given_name": "BERG", "family_name": "Jose van der", "birth_year": 1990}
)";
// A third record, of the human with a BSN, and a visit of it.
const std::string kBsnPerson =
    R"({"kind": "person", "id": "C-1", "bsn": "111111110", "given_name": "José", "family_name": "van der Berg"}
{"kind": "activity", "id": "VC-1", "type": "infopunt_bezoek", "date": "2023-04-01", "person": "C-1", "location": "LOC-A", "organisation": "ORG-A"}
)";

class PersonLinks : public ::testing::Test {
protected:
    void deliver(const std::string& text) {
        auto report = t.import_text("d.ndjson", text);
        ASSERT_TRUE(report.committed) << (report.errors.empty() ? "" : report.errors.front().message);
    }
    int64_t unique() { return t.value("2023", kUnique); }
    // What counting every activity again gives: the maintained figure must equal it.
    int64_t recounted() {
        indicators::FigureKeeper keeper(t.store(), t.catalogue());
        indicators::FactResolver resolver(t.store());
        EXPECT_TRUE(t.store().begin());
        EXPECT_TRUE(keeper.rebuild(resolver));
        EXPECT_TRUE(t.store().commit());
        return unique();
    }
    int64_t subject_of(const std::string& id) {
        auto rec = t.store().current(records::Kind::Person, id);
        EXPECT_TRUE(rec && *rec);
        return rec && *rec ? (*rec)->subject : 0;
    }

    TestStore t;
};

TEST_F(PersonLinks, LinkedCountsOnceUnlinkedTwice) {
    deliver(kBase);
    EXPECT_EQ(unique(), 2);
    deliver(kLinkB);
    EXPECT_EQ(unique(), 1) << "linked records of one human count once";
    EXPECT_EQ(subject_of("A-1"), subject_of("B-1"));
    EXPECT_EQ(recounted(), 1);
    deliver(kUnlinkB);
    EXPECT_EQ(unique(), 2) << "clearing same_as undoes the link";
    EXPECT_NE(subject_of("A-1"), subject_of("B-1"));
    EXPECT_EQ(recounted(), 2);
}

TEST_F(PersonLinks, LinkAndActivitiesInOneDelivery) {
    // The link in the same file as the persons and their visits.
    std::string text = kBase;
    text.replace(text.find(R"("birth_year": 1990})"), std::string(R"("birth_year": 1990})").size(),
                 R"("birth_year": 1990, "same_as": "A-1"})");
    deliver(text);
    EXPECT_EQ(unique(), 1);
    EXPECT_EQ(recounted(), 1);
}

TEST_F(PersonLinks, ABsnLaterJoinsTheGroupToTheBsnPerson) {
    deliver(kBase + kBsnPerson);
    EXPECT_EQ(unique(), 3);
    deliver(kLinkB);
    EXPECT_EQ(unique(), 2);
    // The BSN becomes known on the record that others link to.
    deliver(
        R"({"kind": "person", "id": "A-1", "bsn": "111111110", "given_name": "José", "family_name": "van der Berg", "birth_date": "1990-05-01"}
)");
    EXPECT_EQ(unique(), 1) << "the group joins the BSN's person";
    EXPECT_EQ(subject_of("B-1"), subject_of("C-1"));
    EXPECT_EQ(recounted(), 1);
    // Unlinked, B-1 is its own human again.
    deliver(kUnlinkB);
    EXPECT_EQ(unique(), 2);
    EXPECT_EQ(recounted(), 2);
}

TEST_F(PersonLinks, ABsnOnTheLinkingRecordTakesTheOtherAlong) {
    deliver(kBase + kBsnPerson);
    deliver(kLinkB);
    deliver(
        R"({"kind": "person", "id": "B-1", "bsn": "111111110", "given_name": "BERG", "family_name": "Jose van der", "birth_year": 1990, "same_as": "A-1"}
)");
    EXPECT_EQ(unique(), 1);
    EXPECT_EQ(subject_of("A-1"), subject_of("C-1"));
    EXPECT_EQ(recounted(), 1);
}

TEST_F(PersonLinks, LinksNeverMakeTwoBsnsOneHuman) {
    deliver(kBase);
    deliver(kLinkB);
    deliver(R"({"kind": "person", "id": "A-1", "bsn": "111111110", "given_name": "José", "family_name": "van der Berg"}
)");
    auto report = t.import_text("d.ndjson", R"({"kind": "person", "id": "B-1", "bsn": "111111183", "same_as": "A-1"}
)");
    EXPECT_FALSE(report.committed);
    ASSERT_FALSE(report.errors.empty());
    EXPECT_EQ(report.errors.front().field, "same_as");
    EXPECT_EQ(unique(), 1);
}

TEST_F(PersonLinks, AWithdrawnLinkedRecordLeavesTheOtherOnItsOwn) {
    deliver(kBase);
    deliver(kLinkB);
    deliver(R"({"kind": "activity", "id": "VB-1", "deleted": true}
{"kind": "person", "id": "B-1", "deleted": true}
)");
    EXPECT_EQ(unique(), 1);
    EXPECT_EQ(recounted(), 1);
    deliver(R"({"kind": "person", "id": "A-1", "deleted": true}
{"kind": "activity", "id": "VA-1", "deleted": true}
)");
    EXPECT_EQ(unique(), 0);
}

TEST_F(PersonLinks, TheFormatChecksTheNewFields) {
    const auto& cat = shipped_catalogue();
    auto check = [&](const std::string& text) {
        return records::validate_record(boost::json::parse(text).as_object(), cat, records::ValueSource::Json).errors;
    };
    EXPECT_TRUE(check(R"({"kind": "person", "id": "P", "birth_date": "1990-05-01", "birth_year": 1990})").empty());
    auto disagree = check(R"({"kind": "person", "id": "P", "birth_date": "1990-05-01", "birth_year": 1991})");
    ASSERT_EQ(disagree.size(), 1u);
    EXPECT_EQ(disagree[0].field, "birth_date");
    auto self = check(R"({"kind": "person", "id": "P", "same_as": "P"})");
    ASSERT_EQ(self.size(), 1u);
    EXPECT_EQ(self[0].field, "same_as");
    EXPECT_FALSE(check(R"({"kind": "person", "id": "P", "birth_date": "1990-13-01"})").empty());
}

TEST_F(PersonLinks, AReferenceToAMissingPersonIsALineError) {
    deliver(kBase);
    auto report = t.import_text("d.ndjson", R"({"kind": "person", "id": "B-1", "same_as": "NOBODY"}
)");
    EXPECT_FALSE(report.committed);
}

TEST_F(PersonLinks, BirthDateAndClientNumberAreSealed) {
    deliver(kBase);
    const auto contents = store_contents(t.store());
    EXPECT_EQ(contents.find("1990-05-01"), std::string::npos);
    EXPECT_EQ(contents.find("K-77"), std::string::npos);
}

TEST(NameKey, IgnoresDiacriticsCaseAndOrder) {
    EXPECT_EQ(records::name_key("José", "van der Berg"), records::name_key("BERG", "Jose van der"));
    EXPECT_EQ(records::name_key("Łukasz", "Wójcik"), records::name_key("wójcik", "łukasz"));
    EXPECT_EQ(records::name_key("Ana-Maria", "Ștefănescu"), records::name_key("ana maria", "stefanescu"));
    EXPECT_NE(records::name_key("Jan", "Berg"), records::name_key("Jan", "Bergen"));
    EXPECT_EQ(records::name_key("", ""), "");
}

}  // namespace
}  // namespace grip::testing

// Activities of the themes werk (work) and info (information and
// registration): job fairs, help into work, campaign rounds, meetings,
// group registrations, DigiD help and information-point visits.

#include "generator/activity_writer.h"
#include "generator/expected_figures.h"
#include "generator/ndjson_sink.h"

namespace grip::generator {

void ActivityWriter::banenmarkt(int year) {
    const Date date = workday(year);
    const int64_t reached = rng_.between(40, 220);
    // Most fairs are EURES's; now and then a coalition partner holds one.
    const bool eures = rng_.chance(800);
    begin(ActivityType::Banenmarkt, date);
    put_count(reached);
    put_organisation(eures ? layout_.eures : covenant_partner_on(date));
    begin_attributes();
    fmt::format_to(sink_.inserter(), R"("organisator":"{}"}})", eures ? "EURES" : "Coalitie Goed Werkgeverschap");
    end();
    if (expected_) expected_->year().banenmarkt_bereik += reached;
}

void ActivityWriter::toeleiding_werk(int year) {
    const bool dakloos = rng_.chance(750);
    const int64_t person =
        pick_person(ActivityType::ToeleidingWerk, dakloos ? PersonPool::DaklozeEuBurger : PersonPool::EuMigrant, 50);
    begin(ActivityType::ToeleidingWerk, workday(year));
    put_person(person);
    begin_attributes();
    fmt::format_to(sink_.inserter(), R"("dakloos":{}}})", dakloos);
    end();
    if (expected_ && dakloos) expected_->year().dakloos_aan_werk.insert(identity(person));
}

void ActivityWriter::bemiddeling_werk(int year) {
    const Date date = day_with_open(LocationType::Infopunt, year);
    const int location = open_location(LocationType::Infopunt, date);
    const int64_t person = pick_person(ActivityType::BemiddelingWerk, PersonPool::EuMigrant, 300);
    begin(ActivityType::BemiddelingWerk, date);
    put_person(person);
    put_location(location);
    end();
}

void ActivityWriter::campagneronde(int year) {
    begin(ActivityType::Campagneronde, workday(year));
    begin_attributes();
    fmt::format_to(sink_.inserter(), R"("bereik":{}}})", rng_.between(5'000, 25'000));
    end();
    if (expected_) ++expected_->year().campagnerondes;
}

void ActivityWriter::informatiebijeenkomst(int year) {
    const LocationType where = rng_.chance(700) ? LocationType::Infopunt : LocationType::Leslocatie;
    const Date date = day_with_open(where, year);
    const int location = open_location(where, date);
    begin(ActivityType::Informatiebijeenkomst, date);
    put_count(rng_.between(8, 45));
    put_location(location);
    begin_attributes();
    put_topics("onderwerpen", topics(3));
    sink_.put("}");
    end();
    if (expected_) ++expected_->year().bijeenkomsten;
}

void ActivityWriter::groepsinschrijving(int year) {
    const Date date = workday(year);
    begin(ActivityType::Groepsinschrijving, date);
    put_organisation(covenant_partner_on(date));
    put_count(rng_.between(20, 70));
    end();
    if (expected_) ++expected_->year().groepsinschrijvingen;
}

void ActivityWriter::digid_hulp(int year) {
    const Date date = day_with_open(LocationType::DigidBalie, year);
    const int location = open_location(LocationType::DigidBalie, date);
    const int64_t person = pick_person(ActivityType::DigidHulp, PersonPool::EuMigrant, 100);
    const bool activated = rng_.chance(800);
    begin(ActivityType::DigidHulp, date);
    put_person(person);
    put_location(location);
    begin_attributes();
    fmt::format_to(sink_.inserter(), R"("resultaat":"{}"}})", activated ? "geactiveerd" : "niet_gelukt");
    end();
    if (expected_ && activated) expected_->year().digid_geactiveerd.insert(identity(person));
}

void ActivityWriter::infopunt_bezoek(int year) {
    const Date date = day_with_open(LocationType::Infopunt, year);
    const int location = open_location(LocationType::Infopunt, date);
    const int64_t person = pick_person(ActivityType::InfopuntBezoek, PersonPool::EuMigrant, 350);
    const std::array<bool, 8> chosen = topics(3);
    begin(ActivityType::InfopuntBezoek, date);
    put_person(person);
    put_location(location);
    begin_attributes();
    put_topics("onderwerpen", chosen);
    sink_.put("}");
    end();
    if (expected_) {
        YearTally& t = expected_->year();
        t.unieke_bezoekers.insert(identity(person));
        for (size_t i = 0; i < chosen.size(); ++i) t.onderwerpen[i] += chosen[i] ? 1 : 0;
    }
}

}  // namespace grip::generator

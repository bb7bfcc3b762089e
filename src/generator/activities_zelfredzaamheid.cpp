// Activities of the themes zelfredzaamheid (self-reliance: key figures,
// courses, sounding-board meetings) and dakloos (homeless EU citizens:
// returns home and shelter intakes).

#include "generator/activity_writer.h"
#include "generator/expected_figures.h"
#include "generator/nationality.h"
#include "generator/ndjson_sink.h"

namespace grip::generator {

void ActivityWriter::sleutelfiguur(int year, int64_t nth) {
    const int64_t person = pick_person(ActivityType::Sleutelfiguur, PersonPool::Sleutelfiguur, 30);
    const Date date = any_day(year);
    const Date year_end = Date::from_ymd(year, 12, 31);
    // Most key figures stay on. The first two of each year sit on the edge of
    // "active at the end of the period": one stops on 31 December (still
    // active that day), one on 30 December (no longer active).
    std::optional<Date> end_date;
    if (nth == 0) {
        end_date = year_end;
    } else if (nth == 1 && date < year_end) {
        end_date = year_end - 1;
    } else if (rng_.chance(350)) {
        end_date = date + static_cast<int32_t>(rng_.between(60, 720));
    }
    begin(ActivityType::Sleutelfiguur, date);
    put_person(person);
    put_area(pick_buurt(600));
    if (end_date) put_end_date(*end_date);
    end();
    if (expected_) expected_->add_sleutelfiguur(identity(person), date, end_date);
}

void ActivityWriter::cursus_inschrijving(int year) {
    const Date date = day_with_open(LocationType::Leslocatie, year);
    const int location = open_location(LocationType::Leslocatie, date);
    const int64_t person = pick_person(ActivityType::CursusInschrijving, PersonPool::Cursist, 150);
    const bool formeel = rng_.chance(550);
    begin(ActivityType::CursusInschrijving, date);
    put_person(person);
    put_location(location);
    begin_attributes();
    fmt::format_to(sink_.inserter(), R"("traject":"{}"}})", formeel ? "formeel" : "non_formeel");
    end();
    if (expected_) expected_->year().add_cursist(identity(person), nationality_code(person), formeel);
}

void ActivityWriter::klankbordgroep(int year) {
    begin(ActivityType::Klankbordgroep, workday(year));
    put_count(rng_.between(8, 30));
    put_area(pick_buurt(700));
    end();
    if (expected_) ++expected_->year().klankbordgroepen;
}

void ActivityWriter::terugkeer(int year) {
    const int64_t person = pick_person(ActivityType::Terugkeer, PersonPool::DaklozeEuBurger, 10);
    // The country of return is the person's own; only a degenerate
    // population leaves someone without an EU nationality here.
    std::string_view land = nationality_code(person);
    if (land.empty() || land == "NL") land = "PL";
    begin(ActivityType::Terugkeer, workday(year));
    put_person(person);
    begin_attributes();
    fmt::format_to(sink_.inserter(), R"("land":"{}"}})", land);
    end();
    if (expected_) expected_->year().terugkeer.insert(identity(person));
}

void ActivityWriter::opvang_intake(int year) {
    const Date date = day_with_open(LocationType::Opvang, year);
    const int location = open_location(LocationType::Opvang, date);
    const int64_t person = pick_person(ActivityType::OpvangIntake, PersonPool::DaklozeEuBurger, 150);
    begin(ActivityType::OpvangIntake, date);
    put_person(person);
    put_location(location);
    end();
    if (expected_) expected_->year().opvang_opgevangen.insert(identity(person));
}

void ActivityWriter::write_late_intakes(int year, unsigned month, int location, int count, NdjsonSink& late) {
    for (int i = 0; i < count; ++i) {
        const Date date = Date::from_ymd(year, month, static_cast<unsigned>(3 + 7 * i % 25));
        const int64_t person = pick_person(ActivityType::OpvangIntake, PersonPool::DaklozeEuBurger, 150);
        const size_t start = sink_.buffer().size();
        begin(ActivityType::OpvangIntake, date);
        put_person(person);
        put_location(location);
        sink_.put("}");
        late.put(sink_.take_since(start));
        late.end_record();
        if (expected_) expected_->year().opvang_opgevangen.insert(identity(person));
    }
}

}  // namespace grip::generator

#pragma once
// The records around the activities: the Labour Inspectorate's fines as
// aggregate figures, the programme's milestones, and the council's motions
// and commitments that the progress report answers.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "generator/activity_plan.h"

namespace grip::generator {

class DateText;
class ExpectedFigures;
class NdjsonSink;
struct CityLayout;

struct AggregateRecord {
    std::string type;
    std::string period;
    int64_t value = 0;
    // A figure per area (a buurt code) is the BRP's, delivered without an
    // organisation; the others are the Labour Inspectorate's.
    std::string area;
};

struct MilestoneRecord {
    std::string theme;
    Date date;
    std::string text;
    std::string status;
};

struct MotionRecord {
    std::string id;  // the council's registration number, e.g. 23bb004411
    std::string type;
    std::string title;
    Date adopted;
    std::string portfolio;
    std::string status;
    std::string response;  // empty: not delivered
    std::optional<Date> disposed;
};

struct CouncilRecords {
    std::vector<AggregateRecord> aggregates;
    std::vector<MilestoneRecord> milestones;
    std::vector<MotionRecord> motions;
    size_t size() const { return aggregates.size() + milestones.size() + motions.size(); }
};

// Fines per quarter of every year (and one quarter before the first year, a
// figure that must count in no generated year), a few milestones per year,
// and per year four motions and one commitment. The last year's are up for
// disposal, except one still being carried out.
CouncilRecords build_council_records(const std::vector<YearPlan>& plans, uint64_t seed);

// The context figures the BRP delivers: the number of EU migrants
// registered per buurt per generated year, a share of the buurt's
// inhabitants (higher in the priority buurten, growing a little each year),
// from a random stream of their own so that the rest of the city stays as
// it was. Appended to `records.aggregates`.
void add_registered_eu_migrants(const CityLayout& layout, const std::vector<YearPlan>& plans, uint64_t seed,
                                CouncilRecords& records);

void write_council_records(const CouncilRecords& records, const CityLayout& layout, const DateText& dates,
                           NdjsonSink& sink, ExpectedFigures* expected);

}  // namespace grip::generator

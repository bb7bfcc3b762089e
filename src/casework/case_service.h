#pragma once
// Cases: opening one about a record, taking the steps of its workflow,
// assigning, notes and linked activities, each change written with its event
// to the case's immutable history, and the subject record changed through
// the record writer so that the figures follow the case (a closed report of
// overcrowding counts with its `uitkomst`; a hand-over creates the
// `dossier_nla` activity). The rules are in transition_rules (pure); this
// file applies them to the store.
//
// Every write method checks everything before it writes anything, so that a
// refusal leaves the transaction untouched (the server's writer runs several
// requests in one transaction).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "casework/transition_rules.h"
#include "casework/workflow.h"
#include "catalogue/catalogue.h"
#include "common/result.h"
#include "ingest/record_writer.h"
#include "storage/store.h"

namespace grip::casework {

// Who makes a change: a user, their role and their team (organisation).
struct CaseActor {
    std::string user;
    std::string role;
    std::string team;
};

struct OpenRequest {
    std::string type;
    std::string subject;                        // the id of the subject record
    std::optional<boost::json::object> record;  // a new subject record to register with the case
    std::string team, assignee;
    boost::json::object inputs;
};

struct LinkedActivity {
    std::string id;
    std::string type;
    std::string date;
    bool explicit_link = false;  // linked by hand (else: its `parent` is the subject)
};

// What a case about a year's report (a case type with subject
// {"kind": "report"}) asks of the report; src/report/edition.h implements
// it, so that casework needs no knowledge of how a report is made. Without
// one, the steps that need it are refused.
class ReportSubject {
public:
    virtual ~ReportSubject() = default;
    // The text blocks still to write before a step with requires.texts_written.
    virtual Result<std::vector<std::string>> unwritten_blocks(int year) = 0;
    // Freezes the year's edition at a step with the effect freeze_edition,
    // with the step's inputs (datum, besluitnummer); the new edition's id.
    virtual Result<int64_t> freeze(int year, const std::map<std::string, std::string>& inputs, int64_t case_id) = 0;
};

class CaseService {
public:
    // `today` is the day of the steps (deadlines count from it); `now` the
    // UTC time written in the history.
    CaseService(storage::Store& store, const catalogue::Catalogue& catalogue, const Workflows& workflows, Date today,
                std::string now);

    // Reading.
    Result<std::optional<storage::CaseRow>> find(int64_t id);
    Result<std::vector<storage::CaseEventRow>> history(int64_t id);
    Result<std::vector<LinkedActivity>> linked(const storage::CaseRow& row);
    // Open past its deadline (or past the subject's overdue_field date).
    Result<bool> overdue(const storage::CaseRow& row);
    // The case about a record (for case types with one case per subject).
    Result<std::optional<storage::CaseRow>> case_of(std::string_view type, std::string_view subject);

    // Writing; `records` is the record writer of the caller's transaction.
    // A refused change is an Error (Conflict for a rule of the workflow,
    // Invalid for bad input, NotFound) with every reason in Error::reasons.
    Result<storage::CaseRow> open(ingest::RecordWriter& records, const CaseActor& actor, const OpenRequest& request);
    Result<storage::CaseRow> transition(ingest::RecordWriter& records, const CaseActor& actor, int64_t id,
                                        const TransitionRequest& request, int64_t expected_version);
    Result<storage::CaseRow> assign(const CaseActor& actor, int64_t id, const std::string& team,
                                    const std::string& assignee, int64_t expected_version);
    Result<storage::CaseRow> note(const CaseActor& actor, int64_t id, const std::string& text,
                                  int64_t expected_version);
    Result<storage::CaseRow> link(const CaseActor& actor, int64_t id, const std::string& activity,
                                  int64_t expected_version);
    // Writes a deadline_passed event for every open case past its deadline
    // that has none for its current state yet; the number of signals.
    Result<int> signal_overdue();
    // The open cases past their deadline without that signal yet (reads only).
    Result<std::vector<storage::CaseRow>> unsignalled_overdue();

    const Workflows& workflows() const { return workflows_; }
    // The report behind cases about a year's report.
    void set_report_subject(std::shared_ptr<ReportSubject> report) { report_ = std::move(report); }

private:
    Result<storage::CaseRow> load_for_change(const CaseActor& actor, int64_t id, int64_t expected_version,
                                             const CaseType*& type);
    // The same, for a role that works on the case type (assign, notes, links).
    Result<storage::CaseRow> load_for_work(const CaseActor& actor, int64_t id, int64_t expected_version,
                                           const CaseType*& type, std::string_view what);
    // Writes the changed row one version up, with its event.
    Result<storage::CaseRow> commit_change(storage::CaseRow row, const CaseActor& actor, std::string_view action,
                                           std::string_view from, const boost::json::object& data);
    Status write_event(const storage::CaseRow& row, const CaseActor& actor, std::string_view action,
                       std::string_view from, std::string_view to, const boost::json::object& data);
    Result<std::string> area_of(const storage::StoredRecord& subject);
    Result<std::string> new_activity_id(std::string_view base);
    // Opening and steps of a case about a year's report (no record).
    Result<storage::CaseRow> open_report_case(const CaseActor& actor, const CaseType& type, const OpenRequest& request,
                                              const std::map<std::string, std::string>& inputs);
    Result<storage::CaseRow> report_step(storage::CaseRow row, const CaseActor& actor, const CaseType& type,
                                         const TransitionPlan& plan);

    storage::Store& store_;
    const catalogue::Catalogue& catalogue_;
    const Workflows& workflows_;
    Date today_;
    std::string now_;
    std::shared_ptr<ReportSubject> report_;
};

}  // namespace grip::casework

#include "storage/case_rows.h"

#include <string>

namespace grip::storage {

CaseRow read_case(const RowView& row) {
    CaseRow c;
    c.id = row.int64(0);
    c.type = std::string(row.text(1));
    c.subject_kind = std::string(row.text(2));
    c.subject_id = std::string(row.text(3));
    c.state = std::string(row.text(4));
    c.team = std::string(row.text(5));
    c.assignee = std::string(row.text(6));
    c.area = std::string(row.text(7));
    c.opened_on = std::string(row.text(8));
    c.state_since = std::string(row.text(9));
    c.deadline = std::string(row.text(10));
    c.closed = row.int64(11) != 0;
    c.version = row.int64(12);
    c.data = std::string(row.text(13));
    return c;
}

void add_case_columns(ParamList& params, const CaseRow& c) {
    params.add(std::string_view(c.type))
        .add(std::string_view(c.subject_kind))
        .add(std::string_view(c.subject_id))
        .add(std::string_view(c.state))
        .add(std::string_view(c.team))
        .add(std::string_view(c.assignee))
        .add(std::string_view(c.area))
        .add(std::string_view(c.opened_on))
        .add(std::string_view(c.state_since))
        .add(std::string_view(c.deadline))
        .add(int64_t{c.closed ? 1 : 0})
        .add(c.version)
        .add(std::string_view(c.data));
}

CaseEventRow read_case_event(const RowView& row) {
    return {row.int64(0),
            row.int64(1),
            std::string(row.text(2)),
            std::string(row.text(3)),
            std::string(row.text(4)),
            std::string(row.text(5)),
            std::string(row.text(6)),
            std::string(row.text(7))};
}

void add_case_event_columns(ParamList& params, const CaseEventRow& e) {
    params.add(e.case_id)
        .add(e.seq)
        .add(std::string_view(e.at))
        .add(std::string_view(e.actor))
        .add(std::string_view(e.action))
        .add(std::string_view(e.from_state))
        .add(std::string_view(e.to_state))
        .add(std::string_view(e.data));
}

}  // namespace grip::storage

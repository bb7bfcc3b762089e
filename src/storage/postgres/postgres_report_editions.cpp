// PostgresStore's frozen editions of the report and the records a delivery
// wrote: written once in storage/report_edition_sql.cpp.

#include "storage/postgres/postgres_store.h"
#include "storage/report_edition_sql.h"

namespace grip::storage::postgres {

Result<int64_t> PostgresStore::add_report_edition(const ReportEditionRow& row) {
    return portable::add_report_edition(session_, row);
}

Result<std::vector<ReportEditionRow>> PostgresStore::report_editions(int year) {
    return portable::report_editions(session_, year);
}

Result<std::optional<ReportEditionRow>> PostgresStore::report_edition(int64_t id) {
    return portable::report_edition(session_, id);
}

Result<std::vector<std::pair<records::Kind, std::string>>> PostgresStore::records_of_delivery(int64_t delivery) {
    return portable::records_of_delivery(session_, delivery);
}

}  // namespace grip::storage::postgres

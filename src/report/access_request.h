#pragma once
// A person's access request (inzageverzoek, AVG article 15): everything Grip
// holds about the data subject with a BSN, for the privacy officer to hand
// to the person. The persons with that BSN (every source's record of them,
// their personal fields unsealed, every version), the activities about them
// and the addresses those refer to, the cases about those activities with
// their histories, and the processing log's entries about them. Nothing of
// anybody else: an address's other residents, a case's other records and
// the log's other subjects stay out.

#include <filesystem>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "catalogue/catalogue.h"
#include "common/result.h"
#include "privacy/keyring.h"
#include "privacy/processing_log.h"
#include "storage/store.h"

namespace grip::report {

struct AccessRequest {
    std::string bsn;           // checked by the caller (eleven test)
    std::string municipality;  // the store's scope; the log's pseudonyms are keyed by it
    std::string home;          // the installation's home municipality (log entries without one are its)
    std::string generated_at;  // UTC, as the document says it
};

// The export as JSON: {"generated_at", "municipality", "found", "subject",
// "persons", "activities", "addresses", "cases", "processing_log"}. `found`
// is false (and the lists empty) when Grip holds nothing of the BSN.
Result<boost::json::object> export_access_request(storage::Store& store, const privacy::Keyring& keys,
                                                  const catalogue::Catalogue& catalogue,
                                                  const privacy::ProcessingLog& log, const AccessRequest& request);

// The same as a readable Dutch HTML document for the person, from the
// template `access_request.html.mustache` in the catalogue's report folder.
Result<std::string> render_access_request(const boost::json::object& model, const std::filesystem::path& template_dir);

}  // namespace grip::report

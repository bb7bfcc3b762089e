#pragma once
// Who answers for the API where it runs: the OpenAPI document's info.contact
// (the NLGov API Design Rules ask for a name, an e-mail address and a URL).
// The operator gives it to `grip serve`; empty: the document has no contact.

#include <string>

namespace grip::api {

struct ApiContact {
    std::string name;
    std::string email;
    std::string url;
};

}  // namespace grip::api

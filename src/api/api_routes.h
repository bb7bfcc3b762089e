#pragma once
// Each resource of the API adds its routes to the router, from its own file.

#include "api/router.h"

namespace grip::api {

void add_system_routes(Router& router);       // system_routes.cpp: health, OpenAPI document, catalogue
void add_session_routes(Router& router);      // session_routes.cpp: sign in and out
void add_record_routes(Router& router);       // records_routes.cpp
void add_delivery_routes(Router& router);     // delivery_routes.cpp: file deliveries as jobs
void add_indicator_routes(Router& router);    // indicator_routes.cpp
void add_signal_routes(Router& router);       // signal_routes.cpp: signals and their events
void add_calendar_routes(Router& router);     // calendar_routes.cpp: the delivery calendar
void add_check_routes(Router& router);        // check_routes.cpp: the checks across figures
void add_region_routes(Router& router);       // region_routes.cpp: figures of the sharing municipalities
void add_report_routes(Router& router);       // report_routes.cpp
void add_edition_routes(Router& router);      // edition_routes.cpp: frozen editions of the report
void add_log_routes(Router& router);          // log_routes.cpp: the processing log
void add_search_routes(Router& router);       // search_routes.cpp: searches with personal data, in POST bodies
void add_person_link_routes(Router& router);  // person_links_routes.cpp: people without a BSN, matched and linked
void add_case_routes(Router& router);         // case_routes.cpp: casework, the covenant and the motions register
void add_user_routes(Router& router);         // user_routes.cpp: users and API tokens, for beheer
void add_catalogue_routes(Router& router);
void add_oidc_routes(Router& router);  // oidc_routes.cpp: sign-in through the identity provider (OpenID Connect)   //
                                       // catalogue_routes.cpp: the catalogue read and changed by beheer

}  // namespace grip::api

#include "api/openapi.h"

#include <map>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/map_routes.h"
#include "http/responses.h"
#include "records/kind.h"

namespace grip::api {
namespace json = boost::json;

namespace {

json::value schema_json(std::string_view text) { return json::parse(text); }

// The shapes the API answers with, besides the records.
json::object fixed_schemas() {
    return schema_json(R"json({
  "Problem": {"type": "object", "required": ["type", "title", "status"],
    "description": "An error (RFC 9457). error_id finds it in the server log.",
    "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
      "detail": {"type": "string"}, "error_id": {"type": "string"},
      "invalid_params": {"type": "array", "items": {"type": "object", "required": ["name", "reason"],
        "properties": {"name": {"type": "string"}, "reason": {"type": "string"}}}}}},
  "RecordMeta": {"type": "object", "required": ["version", "delivery", "withdrawn"],
    "properties": {"version": {"type": "integer", "description": "1 for the first version"},
      "delivery": {"type": "integer", "description": "The delivery (or API batch) that wrote this version"},
      "withdrawn": {"type": "boolean"},
      "subject": {"type": "string", "description": "Pseudonym of the data subject (persons, addresses): the same person gives the same pseudonym"}}},
  "Record": {"type": "object", "required": ["kind", "_meta"], "additionalProperties": true,
    "description": "A record of the exchange format (see the schemas per kind) with _meta. Personal fields only for roles with personal data.",
    "properties": {"kind": {"type": "string", "enum": ["area", "location", "organisation", "person", "address", "activity", "aggregate", "milestone", "motion"]},
      "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/CheckFinding"}, "description": "After a registration: the checks across figures its month breaks (never a refusal)"},
      "_meta": {"$ref": "#/components/schemas/RecordMeta"}}},
  "RecordInput": {"type": "object", "additionalProperties": true,
    "description": "A record of the exchange format without `kind` (the path gives it); see the schemas per kind."},
  "RecordPage": {"type": "object", "required": ["items", "next_cursor"],
    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}},
      "next_cursor": {"type": "string", "nullable": true, "description": "Pass as cursor for the next page; null on the last"}}},
  "RecordList": {"type": "object", "required": ["items"],
    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}}}},
  "History": {"type": "object", "required": ["items"],
    "properties": {"items": {"type": "array", "items": {"type": "object",
      "required": ["version", "delivery", "withdrawn", "recorded_at", "fields"],
      "properties": {"version": {"type": "integer"}, "delivery": {"type": "integer"}, "withdrawn": {"type": "boolean"},
        "recorded_at": {"type": "string"}, "fields": {"type": "object", "additionalProperties": true}}}}}},
  "User": {"type": "object", "required": ["id", "name", "role", "organisation", "locations", "kind", "disabled", "created_at"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "role": {"type": "string"},
      "kind": {"type": "string", "enum": ["person", "system"]},
      "organisation": {"type": "string", "nullable": true}, "locations": {"type": "array", "items": {"type": "string"}},
      "disabled": {"type": "boolean"}, "created_at": {"type": "integer", "description": "Unix time (UTC)"}}},
  "UserList": {"type": "object", "required": ["items"],
    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}},
  "UserChange": {"type": "object", "additionalProperties": false,
    "description": "What changes; a field left out stays as it is.",
    "properties": {"role": {"type": "string"}, "organisation": {"type": "string", "nullable": true},
      "locations": {"type": "array", "items": {"type": "string"}}}},
  "RoleList": {"type": "object", "required": ["items"],
    "properties": {"items": {"type": "array", "items": {"type": "object",
      "required": ["name", "label", "personal_data", "scope", "grantable"],
      "properties": {"name": {"type": "string"}, "label": {"type": "string"}, "personal_data": {"type": "boolean"},
        "scope": {"type": "string", "enum": ["own", "all"]}, "grantable": {"type": "boolean"}}}}}},
  "NewUser": {"type": "object", "required": ["name", "role"], "additionalProperties": false,
    "description": "A person needs a password; a system account (kind system) has none.",
    "properties": {"name": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"}, "role": {"type": "string"},
      "kind": {"type": "string", "enum": ["person", "system"], "default": "person"},
      "organisation": {"type": "string", "nullable": true}, "locations": {"type": "array", "items": {"type": "string"}},
      "password": {"type": "string", "format": "password", "minLength": 12}}},
  "TokenList": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"type": "object",
    "required": ["id", "user", "name", "created_at", "expires_at", "revoked"],
    "properties": {"id": {"type": "integer"}, "user": {"type": "string"}, "name": {"type": "string"},
      "created_at": {"type": "integer"}, "expires_at": {"type": "integer"}, "revoked": {"type": "boolean"}}}}}},
  "NewToken": {"type": "object", "required": ["user", "expires_days"], "additionalProperties": false,
    "properties": {"user": {"type": "string"}, "name": {"type": "string"},
      "expires_days": {"type": "integer", "minimum": 1, "maximum": 366}}},
  "IssuedToken": {"type": "object", "required": ["id", "user", "name", "token", "expires_at"],
    "properties": {"id": {"type": "integer"}, "user": {"type": "string"}, "name": {"type": "string"},
      "token": {"type": "string", "description": "Send as Authorization: Bearer TOKEN; shown this once"},
      "expires_at": {"type": "integer"}}},
  "PersonSearch": {"type": "object", "required": ["bsn"], "properties": {"bsn": {"type": "string", "pattern": "^[0-9]{9}$"}}},
  "PersonMatchQuery": {"type": "object", "description": "A person's id, or a name with a birth date or year",
    "properties": {"person": {"type": "string"}, "given_name": {"type": "string"}, "family_name": {"type": "string"},
      "birth_date": {"type": "string", "format": "date"}, "birth_year": {"type": "integer"}}},
  "PersonMatches": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {
    "type": "object", "required": ["id", "subject", "organisations", "linked", "direct", "visible"],
    "properties": {"id": {"type": "string"}, "subject": {"type": "string"},
      "organisations": {"type": "array", "items": {"type": "object", "required": ["id", "name"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}},
      "linked": {"type": "boolean", "description": "Linked already (the same human)"},
      "direct": {"type": "boolean", "description": "Linked to this person itself (the link can be undone here)"},
      "visible": {"type": "boolean", "description": "The user may see the record (then `record` holds it)"},
      "record": {"type": "object"}}}}}},
  "PersonLinkRequest": {"type": "object", "required": ["other"], "properties": {"other": {"type": "string"}}},
  "PersonLink": {"type": "object", "required": ["person", "other", "linked", "subject"],
    "properties": {"person": {"type": "string"}, "other": {"type": "string"}, "linked": {"type": "boolean"},
      "subject": {"type": "string"}}},
  "AddressSearch": {"type": "object", "required": ["postcode", "house_number"], "properties": {"postcode": {"type": "string", "description": "A Dutch postcode: 1234 AB or 1234AB"}, "house_number": {"type": "integer", "minimum": 1, "maximum": 99999}, "suffix": {"type": "string", "description": "House letter or addition"}}},
  "PostcodeSearch": {"type": "object", "required": ["postcode"], "properties": {"postcode": {"type": "string", "description": "A Dutch postcode: 1234 AB or 1234AB"}}},
  "AreaCounts": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"type": "object", "required": ["area", "addresses"], "properties": {"area": {"type": "string"}, "addresses": {"type": "integer"}}}}}},
  "Withdrawal": {"type": "object", "properties": {"reason": {"type": "string", "maxLength": 500, "description": "Why the record is withdrawn (kept with the withdrawal)"}}},
  "SignIn": {"type": "object", "required": ["username", "password"],
    "properties": {"username": {"type": "string"}, "password": {"type": "string", "format": "password"}}},
  "Session": {"type": "object", "required": ["user", "role", "role_label", "organisation", "locations", "via", "personal_data", "scope", "read", "write", "may"],
    "properties": {"user": {"type": "string"}, "role": {"type": "string"}, "role_label": {"type": "string"},
      "organisation": {"type": "string", "nullable": true}, "locations": {"type": "array", "items": {"type": "string"}},
      "via": {"type": "string", "enum": ["session", "token"]}, "personal_data": {"type": "boolean"},
      "public_figures": {"type": "boolean", "description": "The role reads the figures as published (calendar periods only)"},
      "scope": {"type": "string", "enum": ["own", "all"]},
      "read": {"type": "array", "items": {"type": "string"}}, "write": {"type": "array", "items": {"type": "string"}},
      "may": {"type": "array", "items": {"type": "string"}},
      "csrf_token": {"type": "string", "description": "Send as X-CSRF-Token with every write made with the session cookie"},
      "pending": {"type": "string", "nullable": true, "enum": ["second_factor_enrolment", "second_factor", "password_change", null],
        "description": "What the session must do before anything else: enrol a second factor, give its code, or change the password"}}},
  "SecondFactorEnrolment": {"type": "object", "required": ["secret", "uri", "qr"],
    "properties": {"secret": {"type": "string", "description": "The TOTP secret in base32, to type into an authenticator app"},
      "uri": {"type": "string", "description": "otpauth://totp/... (SHA1, 6 digits, 30 s)"},
      "qr": {"type": "array", "items": {"type": "string", "pattern": "^[01]+$"}, "description": "The QR code of the URI: rows of modules, 1 dark"}}},
  "SecondFactorCode": {"type": "object", "required": ["code"], "properties": {"code": {"type": "string", "pattern": "^[0-9]{6}$"}}},
  "PasswordChange": {"type": "object", "required": ["current_password", "new_password"],
    "properties": {"current_password": {"type": "string", "format": "password"},
      "new_password": {"type": "string", "format": "password", "minLength": 12}}},
  "PasswordReset": {"type": "object", "required": ["user", "password"],
    "properties": {"user": {"$ref": "#/components/schemas/User"},
      "password": {"type": "string", "description": "The one-time password, shown this once; the user must change it at the next sign-in"}}},
  "IndicatorSet": {"type": "object", "required": ["period", "area", "area_name", "indicators"],
    "properties": {"period": {"type": "string", "description": "YYYY, YYYY-Qn or YYYY-MM; for a date range FROM..TO"}, "area": {"type": "string"}, "area_name": {"type": "string"},
      "from": {"type": "string", "format": "date", "description": "A date range: its first day"},
      "to": {"type": "string", "format": "date", "description": "A date range: its last day"},
      "range": {"type": "string", "description": "A named range of the catalogue, when one was asked for"},
      "indicators": {"type": "object", "additionalProperties": {"type": "object", "required": ["value", "label", "definition", "theme", "measure"],
        "properties": {"value": {"description": "A number, or for a distribution [[value, count], ...]"},
          "previous": {"description": "The same for the previous period, or null"},
          "label": {"type": "string"}, "definition": {"type": "string"}, "theme": {"type": "string"},
          "measure": {"type": "string"}, "unit": {"type": "string"},
          "coverage": {"$ref": "#/components/schemas/Coverage"},
          "target": {"$ref": "#/components/schemas/TargetProgress"},
          "suppressed": {"type": "boolean", "description": "A public role: the value is suppressed (null) by the disclosure rule"},
          "previous_suppressed": {"type": "boolean", "description": "A public role: the previous value is suppressed (null)"},
          "rate": {"type": "number", "nullable": true, "description": "With rate=CODE, a count figure: the value per the rate's unit, null where the denominator is unknown or zero (or the count is suppressed)"}}}},
      "rate": {"type": "object", "required": ["code", "label", "per"], "description": "With rate=CODE: the rate asked for",
        "properties": {"code": {"type": "string"}, "label": {"type": "string"}, "per": {"type": "integer"}}}}},
  "TargetProgress": {"type": "object", "required": ["value", "direction", "progress", "elapsed", "status", "status_text", "text"],
    "description": "The catalogue's target for the figure's period or range and area, and the progress towards it (docs/figures.md)",
    "properties": {"value": {"type": "number"}, "direction": {"type": "string", "enum": ["at_least", "at_most"]},
      "period": {"type": "string"}, "range": {"type": "string"}, "area": {"type": "string"},
      "progress": {"type": "number", "description": "The figure as a fraction of the target"},
      "elapsed": {"type": "number", "description": "The part of the period passed, 0 to 1"},
      "status": {"type": "string", "enum": ["met", "on_track", "behind", "missed"]},
      "status_text": {"type": "string", "description": "gehaald, op koers, achter or niet gehaald"},
      "text": {"type": "string", "description": "The progress in Dutch words"}}},
  "Signal": {"type": "object", "required": ["rule", "indicator", "area", "value", "baseline", "rate", "p_value", "explanation"],
    "properties": {"rule": {"type": "string"}, "rule_label": {"type": "string"}, "indicator": {"type": "string"},
      "indicator_label": {"type": "string"}, "area": {"type": "string", "description": "The buurt or wijk code"},
      "area_name": {"type": "string"}, "value": {"type": "integer"}, "baseline": {"type": "number"},
      "rate": {"type": "number", "nullable": true}, "rate_label": {"type": "string"},
      "p_value": {"type": "number", "description": "After Holm's correction for the number of areas tested"},
      "explanation": {"type": "string", "description": "In Dutch words"}}},
  "SignalList": {"type": "object", "required": ["period", "signals"],
    "properties": {"period": {"type": "string"}, "signals": {"type": "array", "items": {"$ref": "#/components/schemas/Signal"}}}},
  "SignalEvents": {"type": "object", "required": ["since", "last", "events"],
    "properties": {"since": {"type": "integer"}, "last": {"type": "integer"},
      "events": {"type": "array", "items": {"type": "object", "required": ["id", "at", "event", "period", "signal"],
        "properties": {"id": {"type": "integer"}, "at": {"type": "string"}, "event": {"type": "string", "enum": ["appeared", "ended"]},
          "period": {"type": "string"}, "signal": {"$ref": "#/components/schemas/Signal"}}}}}},
  "OpenDataMetadata": {"type": "object", "required": ["@type", "dct:title", "dcat:distribution"],
    "description": "A dcat:Dataset in JSON-LD (DCAT-AP-NL): title, description, publisher, period, licence, the distribution and the indicators as a data dictionary"},
  "Coverage": {"type": "object", "required": ["expected", "delivered", "pending", "complete", "missing", "late"],
    "description": "Whether the sources the delivery calendar expects for the figure delivered for the period (coverage=true)",
    "properties": {"expected": {"type": "integer"}, "delivered": {"type": "integer"}, "pending": {"type": "integer"},
      "complete": {"type": "boolean"}, "missing": {"type": "array", "items": {"type": "string"}},
      "late": {"type": "array", "items": {"type": "string"}}}},
  "DeliveryCalendar": {"type": "object", "required": ["year", "today", "rows", "summary"],
    "properties": {"year": {"type": "integer"}, "today": {"type": "string", "format": "date"},
      "summary": {"type": "object", "additionalProperties": {"type": "integer"}},
      "rows": {"type": "array", "items": {"type": "object",
        "required": ["source", "activity_types", "aggregate_types", "frequency", "due_days", "cells"],
        "properties": {"source": {"type": "object", "required": ["kind", "id", "name", "type"],
            "properties": {"kind": {"type": "string", "enum": ["organisation", "location"]}, "id": {"type": "string"},
              "name": {"type": "string"}, "type": {"type": "string"}}},
          "activity_types": {"type": "array", "items": {"type": "string"}},
          "aggregate_types": {"type": "array", "items": {"type": "string"}},
          "frequency": {"type": "string", "enum": ["month", "quarter"]}, "due_days": {"type": "integer"},
          "cells": {"type": "array", "items": {"type": "object", "required": ["period", "due", "state", "records", "last_at"],
            "properties": {"period": {"type": "string"}, "due": {"type": "string", "format": "date"},
              "state": {"type": "string", "enum": ["on_time", "late", "missing", "not_yet_due", "not_expected"]},
              "records": {"type": "integer"}, "last_at": {"type": "string", "nullable": true}}}}}}}}},
  "CheckFinding": {"type": "object", "required": ["code", "label", "period", "left", "right"],
    "properties": {"code": {"type": "string"}, "label": {"type": "string"}, "period": {"type": "string"},
      "location": {"type": "string"}, "location_name": {"type": "string"},
      "left": {"type": "integer"}, "right": {"type": "integer"}}},
  "CheckList": {"type": "object", "required": ["period", "checks", "evaluated", "broken"],
    "properties": {"period": {"type": "string"}, "checks": {"type": "integer"}, "evaluated": {"type": "integer"},
      "broken": {"type": "array", "items": {"$ref": "#/components/schemas/CheckFinding"}}}},
  "RegionIndicators": {"type": "object", "required": ["period", "municipalities", "not_sharing", "region"],
    "properties": {"period": {"type": "string"},
      "municipalities": {"type": "array", "items": {"type": "object", "required": ["code", "name", "indicators"],
        "properties": {"code": {"type": "string"}, "name": {"type": "string"},
          "indicators": {"type": "object", "additionalProperties": {"type": "object", "required": ["value", "previous"],
            "properties": {"value": {}, "previous": {}}}}}}},
      "not_sharing": {"type": "array", "items": {"type": "object", "required": ["code", "name"],
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}},
      "region": {"type": "object", "additionalProperties": {"type": "object",
        "required": ["value", "previous", "label", "definition", "theme", "measure", "summing"],
        "properties": {"value": {"description": "The sum, or null when the measure does not add up (summing none)"},
          "previous": {}, "label": {"type": "string"}, "definition": {"type": "string"}, "theme": {"type": "string"},
          "measure": {"type": "string"},
          "summing": {"type": "string", "enum": ["exact", "per_municipality", "none"],
            "description": "exact: the municipalities add up to the region; per_municipality: a person counted in two municipalities counts twice; none: not summed (a share)"}}}}}},
  "Report": {"type": "object", "description": "The report model (format=json); HTML and Markdown are text"},
  "ReportTexts": {"type": "object", "required": ["year", "items"],
    "properties": {"year": {"type": "integer"}, "items": {"type": "array", "items": {"type": "object", "required": ["block", "text", "updated_at"],
      "properties": {"block": {"type": "string"}, "text": {"type": "string", "nullable": true}, "updated_at": {"type": "string", "nullable": true},
        "hint": {"type": "string", "nullable": true, "description": "What to write in the block (never printed in the letter)"},
        "unwritten": {"type": "boolean", "description": "The block must be written before the report can be approved"}}}}}},
  "ReportTextCopyInput": {"type": "object", "required": ["from"], "properties": {"from": {"type": "integer", "description": "An earlier year"}}},
  "ReportTextCopy": {"type": "object", "required": ["year", "from", "copied", "kept"],
    "properties": {"year": {"type": "integer"}, "from": {"type": "integer"},
      "copied": {"type": "array", "items": {"type": "string"}}, "kept": {"type": "array", "items": {"type": "string"}}}},
  "ReportTextInput": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "maxLength": 20000}}},
  "ReportText": {"type": "object", "required": ["year", "block", "text"],
    "properties": {"year": {"type": "integer"}, "block": {"type": "string"}, "text": {"type": "string"}}},
  "ReportEdition": {"type": "object", "description": "A frozen edition of a year's report (docs/report-editions.md)",
    "required": ["id", "year", "frozen_at", "decision_date", "decision_number", "corrects", "case", "content_hash"],
    "properties": {"id": {"type": "integer"}, "year": {"type": "integer"}, "frozen_at": {"type": "string"},
      "decision_date": {"type": "string", "nullable": true}, "decision_number": {"type": "string", "nullable": true},
      "corrects": {"type": "integer", "nullable": true}, "case": {"type": "integer", "nullable": true},
      "content_hash": {"type": "string", "description": "SHA-256 of the edition's canonical content, hex"}}},
  "ReportEditions": {"type": "object", "required": ["year", "editions", "approval"],
    "properties": {"year": {"type": "integer"}, "editions": {"type": "array", "items": {"$ref": "#/components/schemas/ReportEdition"}},
      "approval": {"type": "object", "nullable": true, "description": "The year's approval case (case type with subject kind report), if opened",
        "properties": {"id": {"type": "integer"}, "type": {"type": "string"}, "state": {"type": "string"}, "version": {"type": "integer"}}}}},
  "ReportEditionInput": {"type": "object",
    "properties": {"decision_date": {"type": "string"}, "decision_number": {"type": "string"}, "corrects": {"type": "integer"}}},
  "ReportEditionDiff": {"type": "object", "required": ["changes"],
    "properties": {"changes": {"type": "array", "items": {"type": "object",
      "required": ["period", "area", "indicator", "frozen", "live", "deliveries"],
      "properties": {"period": {"type": "string"}, "area": {"type": "string"}, "indicator": {"type": "string"},
        "frozen": {"nullable": true}, "live": {"nullable": true},
        "deliveries": {"type": "array", "items": {"type": "object", "required": ["id", "source", "received_at"],
          "properties": {"id": {"type": "integer"}, "source": {"type": "string"}, "received_at": {"type": "string"}}}}}}}}},
  "Counts": {"type": "object", "required": ["read", "stored", "replaced", "withdrawn", "unchanged", "rejected"],
    "properties": {"read": {"type": "integer"}, "stored": {"type": "integer"}, "replaced": {"type": "integer"},
      "withdrawn": {"type": "integer"}, "unchanged": {"type": "integer"}, "rejected": {"type": "integer"}}},
  "DeliveryList": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"type": "object",
    "required": ["id", "kind", "source", "format", "started_at", "finished_at", "status", "counts"],
    "properties": {"id": {"type": "integer"}, "kind": {"type": "string", "enum": ["file", "registrations"]},
      "source": {"type": "string"}, "format": {"type": "string"},
      "started_at": {"type": "string"}, "finished_at": {"type": "string"},
      "status": {"type": "string", "enum": ["running", "committed", "refused", "stopped"]},
      "counts": {"$ref": "#/components/schemas/Counts"}}}}}},
  "DeliveryJob": {"type": "object", "required": ["id", "state", "file", "format", "progress"],
    "properties": {"id": {"type": "string"}, "state": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
      "file": {"type": "string"}, "format": {"type": "string", "enum": ["ndjson", "csv"]},
      "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/CheckFinding"}, "description": "Checks across figures the delivery breaks (never a refusal)"},
      "progress": {"type": "object", "required": ["bytes_read", "bytes_total", "lines"],
        "properties": {"bytes_read": {"type": "integer"}, "bytes_total": {"type": "integer"}, "lines": {"type": "integer"}}},
      "failure": {"type": "string"}, "committed": {"type": "boolean"}, "delivery": {"type": "integer", "nullable": true},
      "already_imported": {"type": "integer"}, "counts": {"$ref": "#/components/schemas/Counts"},
      "errors": {"type": "array", "items": {"type": "object", "required": ["line", "field", "message", "text"],
        "properties": {"line": {"type": "integer"}, "field": {"type": "string"}, "message": {"type": "string"},
          "text": {"type": "string", "description": "FILE:LINE: FIELD: message"}}}},
      "errors_total": {"type": "integer"}, "has_rejects": {"type": "boolean"}}},
  "LogEntry": {"type": "object", "required": ["seq", "time", "trace_id", "span_id", "actor", "action", "processing_activity", "record", "result", "hash"],
    "properties": {"seq": {"type": "integer"}, "time": {"type": "string", "format": "date-time"},
      "trace_id": {"type": "string"}, "span_id": {"type": "string"}, "parent_span_id": {"type": "string", "nullable": true},
      "actor": {"type": "string"}, "action": {"type": "string", "enum": ["read", "create", "update", "withdraw", "search", "export", "list", "erase"]},
      "processing_activity": {"type": "string"}, "subject": {"type": "string", "nullable": true},
      "record": {"type": "string"}, "result": {"type": "string", "enum": ["ok", "denied", "not_found", "error"]},
      "hash": {"type": "string"}}},
  "SecurityLogEntry": {"type": "object", "required": ["seq", "time", "trace_id", "actor", "event", "result", "target", "detail", "client", "hash"],
    "properties": {"seq": {"type": "integer"}, "time": {"type": "string"}, "trace_id": {"type": "string"},
      "actor": {"type": "string"},
      "event": {"type": "string", "enum": ["sign_in", "sign_out", "session_expired", "user_created", "user_changed",
        "user_disabled", "token_created", "token_revoked", "role_granted", "catalogue_changed", "key_operation"]},
      "result": {"type": "string", "enum": ["ok", "failed", "throttled", "denied"]},
      "target": {"type": "string"}, "detail": {"type": "string"}, "client": {"type": "string"},
      "municipality": {"type": "string"}, "hash": {"type": "string"}}},
  "SecurityLogPage": {"type": "object", "required": ["items", "next_cursor"],
    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/SecurityLogEntry"}},
      "next_cursor": {"type": "string", "nullable": true}}},
  "AccessRequest": {"type": "object",
    "required": ["generated_at", "municipality", "found", "subject", "persons", "activities", "addresses", "cases", "processing_log"],
    "description": "Everything Grip holds about one person (format=json); format=html is the same as a document for the person",
    "properties": {"generated_at": {"type": "string"}, "municipality": {"type": "string"}, "found": {"type": "boolean"},
      "subject": {"type": "string", "nullable": true},
      "persons": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
      "activities": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
      "addresses": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
      "cases": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
      "processing_log": {"type": "array", "items": {"type": "object", "additionalProperties": true}}}},
  "LogPage": {"type": "object", "required": ["items", "next_cursor"],
    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/LogEntry"}},
      "next_cursor": {"type": "string", "nullable": true}}},
  "CaseTypes": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"type": "object",
    "required": ["key", "label", "subject_kind", "initial", "states", "inputs", "transitions"],
    "properties": {"key": {"type": "string"}, "label": {"type": "string"}, "subject_kind": {"type": "string"}, "initial": {"type": "string"},
      "states": {"type": "array", "items": {"type": "object", "required": ["key", "label", "final", "deadline_working_days"],
        "properties": {"key": {"type": "string"}, "label": {"type": "string"}, "final": {"type": "boolean"},
          "deadline_working_days": {"type": "integer", "nullable": true}}}},
      "inputs": {"type": "array", "items": {"type": "object", "required": ["key", "label", "type", "values"],
        "properties": {"key": {"type": "string"}, "label": {"type": "string"}, "type": {"type": "string", "enum": ["text", "date", "enum"]},
          "values": {"type": "array", "items": {"type": "string"}}}}},
      "transitions": {"type": "array", "items": {"type": "object", "required": ["key", "label", "from", "to", "roles", "inputs", "linked"],
        "properties": {"key": {"type": "string"}, "label": {"type": "string"}, "from": {"type": "array", "items": {"type": "string"}},
          "to": {"type": "string"}, "roles": {"type": "array", "items": {"type": "string"}},
          "inputs": {"type": "array", "items": {"type": "string"}}, "linked": {"type": "array", "items": {"type": "string"}}}}}}}}}},
  "CaseSummary": {"type": "object",
    "required": ["id", "type", "subject", "state", "state_label", "final", "team", "assignee", "area", "opened_on", "state_since", "deadline", "overdue", "version"],
    "properties": {"id": {"type": "integer"}, "type": {"type": "string"},
      "subject": {"type": "object", "required": ["kind", "id"], "properties": {"kind": {"type": "string"}, "id": {"type": "string"}}},
      "about": {"type": "object", "description": "What the case is about in words: a motion's title, an organisation's name, the expected date of the subject's deadline field, an activity's type and date and its address (personal fields only for roles with personal data)",
        "properties": {"title": {"type": "string"}, "name": {"type": "string"}, "expected": {"type": "string", "format": "date"},
          "activity_type": {"type": "string"}, "date": {"type": "string", "format": "date"},
          "address": {"type": "object", "additionalProperties": true}}},
      "state": {"type": "string"}, "state_label": {"type": "string"}, "final": {"type": "boolean"},
      "team": {"type": "string", "nullable": true}, "assignee": {"type": "string", "nullable": true}, "area": {"type": "string", "nullable": true},
      "opened_on": {"type": "string", "format": "date"}, "state_since": {"type": "string", "format": "date"},
      "deadline": {"type": "string", "format": "date", "nullable": true}, "overdue": {"type": "boolean"},
      "version": {"type": "integer", "description": "Send back as version to refuse a change when someone else changed the case"}}},
  "CasePage": {"type": "object", "required": ["items", "next_cursor"],
    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/CaseSummary"}},
      "next_cursor": {"type": "string", "nullable": true}}},
  "Case": {"allOf": [{"$ref": "#/components/schemas/CaseSummary"}, {"type": "object", "required": ["history", "linked", "allowed_transitions"],
    "properties": {
      "history": {"type": "array", "items": {"type": "object", "required": ["seq", "at", "actor", "action", "from", "to"],
        "properties": {"seq": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"},
          "action": {"type": "string"}, "from": {"type": "string", "nullable": true}, "to": {"type": "string"},
          "data": {"type": "object", "additionalProperties": true, "description": "inputs, changes {field: [old, new]}, created activities, note text (texts only for roles that may see them)"}}}},
      "linked": {"type": "array", "items": {"type": "object", "required": ["id", "type", "date", "explicit"],
        "properties": {"id": {"type": "string"}, "type": {"type": "string"}, "date": {"type": "string"}, "explicit": {"type": "boolean"}}}},
      "allowed_transitions": {"type": "array", "items": {"type": "string"}}}}]},
  "CaseOpen": {"type": "object", "required": ["type"],
    "properties": {"type": {"type": "string"}, "subject": {"type": "string", "description": "The id of a stored record"},
      "record": {"type": "object", "additionalProperties": true, "description": "Or a new record (without kind) to register with the case"},
      "team": {"type": "string"}, "assignee": {"type": "string"}, "inputs": {"type": "object", "additionalProperties": {"type": "string"}}}},
  "CaseStep": {"type": "object", "required": ["transition"],
    "properties": {"transition": {"type": "string"}, "inputs": {"type": "object", "additionalProperties": {"type": "string"}},
      "version": {"type": "integer"}}},
  "CaseNote": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "maxLength": 20000}, "version": {"type": "integer"}}},
  "CaseLink": {"type": "object", "required": ["activity"], "properties": {"activity": {"type": "string"}, "version": {"type": "integer"}}},
  "CaseAssignment": {"type": "object", "properties": {"team": {"type": "string"}, "assignee": {"type": "string"}, "version": {"type": "integer"}}},
  "CovenantJoin": {"type": "object", "required": ["since"], "properties": {"since": {"type": "string", "format": "date"}}},
  "Partners": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"type": "object",
    "required": ["organisation", "name", "branch", "covenant_since", "covenant_until", "member", "abuses"],
    "properties": {"organisation": {"type": "string"}, "name": {"type": "string"}, "branch": {"type": "array", "items": {"type": "string"}},
      "covenant_since": {"type": "string", "nullable": true}, "covenant_until": {"type": "string", "nullable": true},
      "member": {"type": "boolean"},
      "abuses": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/CaseSummary"}, {"type": "object", "required": ["steps"],
        "properties": {"steps": {"type": "array", "items": {"type": "object"}}}}]}}}}}}},
  "Motions": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"type": "object",
    "required": ["id", "type", "title", "adopted", "state", "state_label", "overdue", "final", "case"], "additionalProperties": true,
    "properties": {"id": {"type": "string"}, "type": {"type": "string"}, "title": {"type": "string"}, "adopted": {"type": "string"},
      "state": {"type": "string"}, "state_label": {"type": "string"}, "overdue": {"type": "boolean"},
      "final": {"type": "boolean", "description": "The motion is done: its case is closed, or it has none and its delivered status is a final state"},
      "case": {"type": "integer", "nullable": true}}}}}},
  "Assignees": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"type": "object",
    "required": ["name", "role", "role_label", "organisation"],
    "properties": {"name": {"type": "string"}, "role": {"type": "string"}, "role_label": {"type": "string"},
      "organisation": {"type": "string", "nullable": true}}}}}},
  "Health": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["ok"]}}},
  "Catalogue": {"type": "object", "additionalProperties": true},
  "CatalogueStatus": {"type": "object", "required": ["running_version", "running_since", "saved_version", "pending_restart", "writable"],
    "description": "The catalogue files' version the server runs (read at its start) and the version saved now; a saved change takes effect at the next start.",
    "properties": {"running_version": {"type": "string"}, "running_since": {"type": "string"}, "saved_version": {"type": "string"},
      "pending_restart": {"type": "boolean", "description": "A saved change waits for the server's next start"},
      "writable": {"type": "boolean", "description": "Whether the server may change the files (not the shipped catalogue)"}}},
  "CatalogueActivityType": {"type": "object", "required": ["code", "theme", "theme_label", "label", "description", "attributes"],
    "properties": {"code": {"type": "string"}, "theme": {"type": "string"}, "theme_label": {"type": "string"}, "label": {"type": "string"},
      "description": {"type": "string"},
      "attributes": {"type": "array", "items": {"type": "object", "required": ["name", "type", "label", "values"],
        "properties": {"name": {"type": "string"}, "type": {"type": "string"}, "label": {"type": "string"},
          "values": {"type": "array", "items": {"type": "object", "required": ["code", "label"],
            "properties": {"code": {"type": "string"}, "label": {"type": "string"}}}}}}}}},
  "CatalogueIndicator": {"type": "object", "required": ["code", "theme", "theme_label", "label", "definition", "unit", "measure", "activity_type", "activity_type_label", "where", "numerator", "attribute", "location_type", "aggregate_type"],
    "properties": {"code": {"type": "string"}, "theme": {"type": "string"}, "theme_label": {"type": "string"}, "label": {"type": "string"},
      "definition": {"type": "string"}, "unit": {"type": "string"}, "measure": {"type": "string"},
      "activity_type": {"type": "string", "nullable": true}, "activity_type_label": {"type": "string", "nullable": true},
      "where": {"type": "array", "items": {"type": "object", "additionalProperties": true}, "description": "The conditions as the catalogue writes them"},
      "numerator": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
      "attribute": {"type": "string", "nullable": true}, "location_type": {"type": "string", "nullable": true},
      "aggregate_type": {"type": "string", "nullable": true}}},
  "CatalogueActivityTypes": {"type": "object", "required": ["items", "catalogue"],
    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/CatalogueActivityType"}},
      "catalogue": {"$ref": "#/components/schemas/CatalogueStatus"}}},
  "CatalogueIndicators": {"type": "object", "required": ["items", "catalogue"],
    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/CatalogueIndicator"}},
      "catalogue": {"$ref": "#/components/schemas/CatalogueStatus"}}},
  "CatalogueCaseTypes": {"allOf": [{"$ref": "#/components/schemas/CaseTypes"},
    {"type": "object", "required": ["catalogue"], "properties": {"catalogue": {"$ref": "#/components/schemas/CatalogueStatus"}}}]},
  "CatalogueChanged": {"type": "object", "required": ["item", "catalogue"],
    "description": "The changed item as saved (an activity type, an indicator or the case type), and the versions: the change waits for the next start",
    "properties": {"item": {"type": "object", "additionalProperties": true}, "catalogue": {"$ref": "#/components/schemas/CatalogueStatus"}}},
  "CatalogueActivityTypeChange": {"type": "object", "additionalProperties": false,
    "properties": {"label": {"type": "string"}, "description": {"type": "string"},
      "attributes": {"type": "object", "description": "Attribute name to its new label",
        "additionalProperties": {"type": "object", "required": ["label"], "additionalProperties": false, "properties": {"label": {"type": "string"}}}}}},
  "CatalogueIndicatorChange": {"type": "object", "additionalProperties": false,
    "properties": {"label": {"type": "string"}, "definition": {"type": "string"}}},
  "CatalogueStateChange": {"type": "object", "additionalProperties": false,
    "properties": {"label": {"type": "string"},
      "deadline_working_days": {"type": "integer", "nullable": true, "minimum": 1, "maximum": 365, "description": "null: no deadline in this state"}}},
  "OidcConfiguration": {"type": "object", "required": ["enabled", "label"], "additionalProperties": false,
    "properties": {"enabled": {"type": "boolean"}, "label": {"type": "string", "nullable": true, "description": "For the button: Inloggen met <label>"}}},
  "OidcSignOut": {"type": "object", "required": ["end_session_url"], "additionalProperties": false,
    "properties": {"end_session_url": {"type": "string", "nullable": true, "description": "The provider's sign-out (RP-initiated logout), when signed in there"}}},
  "OpenApiDocument": {"type": "object", "required": ["openapi", "paths"], "additionalProperties": true}
})json")
        .as_object();
}

json::object field_schema(const records::FieldSpec& f) {
    using records::FieldType;
    switch (f.type) {
        case FieldType::Int: return {{"type", "integer"}};
        case FieldType::Number: return {{"type", "number"}};
        case FieldType::Bool: return {{"type", "boolean"}};
        case FieldType::Date: return {{"type", "string"}, {"format", "date"}};
        case FieldType::Enum: {
            json::array values;
            for (auto v : f.values) values.push_back(json::string(v));
            return {{"type", "string"}, {"enum", std::move(values)}};
        }
        case FieldType::TextList:
        case FieldType::LanguageList:
        case FieldType::EnumList: return {{"type", "array"}, {"items", {{"type", "string"}}}};
        case FieldType::Attributes: return {{"type", "object"}, {"additionalProperties", true}};
        case FieldType::Ref:
            return {{"type", "string"}, {"description", fmt::format("The id of a {}", records::kind_name(f.ref))}};
        default: return {{"type", "string"}};
    }
}

// One schema per record kind, from the exchange format's field table.
void add_kind_schemas(json::object& schemas) {
    for (auto kind : records::kAllKinds) {
        const auto& spec = records::kind_spec(kind);
        json::object properties;
        json::array required;
        for (const auto& f : spec.fields) {
            auto s = field_schema(f);
            if (f.personal == records::Personal::Yes)
                s["description"] = "Personal data: sealed at rest, shown only to roles with personal data";
            properties[f.name] = std::move(s);
            if (f.required) required.push_back(json::string(f.name));
        }
        json::object schema{{"type", "object"}, {"properties", std::move(properties)}};
        if (!required.empty()) schema["required"] = std::move(required);
        std::string name(spec.name);
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        schemas[name + "Fields"] = std::move(schema);
    }
}

json::object content(const std::string& schema, const std::string& type) {
    json::object media;
    if (!schema.empty()) media["schema"] = json::object{{"$ref", "#/components/schemas/" + schema}};
    return json::object{{type, std::move(media)}};
}

std::vector<std::string> path_params(const std::string& pattern) {
    std::vector<std::string> out;
    size_t at = 0;
    while ((at = pattern.find('{', at)) != std::string::npos) {
        const size_t end = pattern.find('}', at);
        out.push_back(pattern.substr(at + 1, end - at - 1));
        at = end;
    }
    return out;
}

// Who may call the route, in words, for the operation's description.
std::string access_text(const Route& route) {
    switch (route.access) {
        case Access::Public: return "Anyone may call it, signed in or not.";
        case Access::SigningIn:
            return "Needs a session or an API token; a session that has not finished signing in may call it too.";
        case Access::SignedIn: break;
    }
    if (route.permission.empty()) return "Needs a session or an API token.";
    return fmt::format("Needs a session or an API token of a role with the permission `{}` in the role table.",
                       route.permission);
}

// The headers every answer carries (http::apply_default_headers), as the
// document says them for a successful one.
json::object success_headers() {
    return json::object{{"API-Version",
                         {{"description", "The API's full version (semantic versioning)"},
                          {"schema", {{"type", "string"}, {"example", http::kApiVersion}}}}}};
}

json::object operation(const Route& route) {
    const auto& doc = route.doc;
    json::object op{{"operationId", doc.operation_id},
                    {"summary", doc.summary},
                    {"tags", json::array{json::string(route_tag(route))}}};
    const std::string& text = doc.description.empty() ? doc.summary : doc.description;
    op["description"] = fmt::format("{}{}\n\n{}", text, text.ends_with('.') ? "" : ".", access_text(route));
    json::array parameters;
    for (const auto& name : path_params(route.pattern)) {
        json::object schema{{"type", "string"}};
        if (name == "kind") {
            json::array kinds;
            for (auto k : records::kAllKinds) kinds.push_back(json::string(records::kind_name(k)));
            schema["enum"] = std::move(kinds);
        }
        parameters.push_back(
            json::object{{"name", name}, {"in", "path"}, {"required", true}, {"schema", std::move(schema)}});
    }
    for (const auto& q : doc.query)
        parameters.push_back(json::object{{"name", q.name},
                                          {"in", "query"},
                                          {"required", false},
                                          {"description", q.description},
                                          {"schema", {{"type", q.type}}}});
    if (!parameters.empty()) op["parameters"] = std::move(parameters);
    if (!doc.request_types.empty()) {
        json::object body_content;
        for (const auto& type : doc.request_types) {
            json::object media;
            if (type == "application/json" && !doc.request_schema.empty())
                media["schema"] = json::object{{"$ref", "#/components/schemas/" + doc.request_schema}};
            else media["schema"] = json::object{{"type", "string"}};
            body_content[type] = std::move(media);
        }
        op["requestBody"] = json::object{{"required", true}, {"content", std::move(body_content)}};
    }
    json::object responses;
    for (const auto& r : doc.responses) {
        json::object response{{"description", r.description}};
        if (r.status < 400) {
            auto headers = success_headers();
            // The document itself may be read by any site's tools (the NLGov
            // API Design Rules, /core/publish-openapi).
            if (route.pattern.ends_with("/openapi.json"))
                headers["Access-Control-Allow-Origin"] =
                    json::object{{"description", "Any origin may read the document"},
                                 {"schema", {{"type", "string"}, {"enum", {"*"}}}}};
            response["headers"] = std::move(headers);
        }
        if (!r.schema.empty() || !r.content_type.empty()) {
            if (r.content_type == "text/html") {
                // A document: HTML or its JSON model (the report also Markdown).
                json::object types;
                types["text/html"] = json::object{{"schema", {{"type", "string"}}}};
                if (r.schema == "Report") {
                    types["text/markdown"] = json::object{{"schema", {{"type", "string"}}}};
                    // The documents staff pass on: Word, PDF and the annex as a spreadsheet.
                    for (const char* binary :
                         {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/pdf",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
                        types[binary] = json::object{{"schema", {{"type", "string"}, {"format", "binary"}}}};
                }
                types["application/json"] = json::object{{"schema", {{"$ref", "#/components/schemas/" + r.schema}}}};
                response["content"] = std::move(types);
            } else if (!r.content_type.empty()) {
                response["content"] = json::object{{r.content_type, json::object{{"schema", {{"type", "string"}}}}}};
            } else {
                response["content"] =
                    content(r.schema, r.status >= 400 ? "application/problem+json" : "application/json");
            }
        }
        responses[std::to_string(r.status)] = std::move(response);
    }
    // Every write may meet a busy store (another process holds it, or the
    // writes queue up): 503 with Retry-After (problem_from, ErrorCode::Busy).
    if (route.method != boost::beast::http::verb::get && !responses.contains("503"))
        responses["503"] = json::object{{"description", "The store is busy; try again after Retry-After seconds"},
                                        {"content", content("Problem", "application/problem+json")}};
    // The server's limits can answer any route: too many requests from the
    // client's address, and a body larger than the route takes.
    const auto add_limit = [&](int status, std::string_view description) {
        const std::string key = std::to_string(status);
        if (responses.contains(key)) return;
        responses[key] =
            json::object{{"description", description}, {"content", content("Problem", "application/problem+json")}};
    };
    if (!doc.request_types.empty())
        add_limit(413, takes_files(route) ? "The body is larger than the server takes, or large and not signed in"
                                          : "The body is larger than a JSON body may be");
    add_limit(429, "Too many requests from this address: wait as Retry-After says");
    // A session that has not finished signing in (second factor, forced
    // password change) is refused everything but that.
    if (route.access == Access::SignedIn)
        add_limit(403, "The role may not do this, or the session must finish signing in first (pending)");
    op["responses"] = std::move(responses);
    if (route.access == Access::Public) op["security"] = json::array{};
    return op;
}

// What each tag groups; a tag not here is described by its path.
std::string tag_description(const std::string& tag) {
    static const std::map<std::string, std::string, std::less<>> known{
        {"system", "Health, this document and the catalogue the server runs on"},
        {"records", "Records of the exchange format: read, register, change, withdraw"},
        {"deliveries", "Deliveries: files of records from partners, and their outcome"},
        {"sessions", "Signing in and out, the second factor and the password"},
        {"users", "Accounts, roles and API tokens (beheer)"},
        {"indicators", "The live indicators per period and area"},
        {"reports", "The progress report, its texts and its frozen editions"},
        {"cases", "Casework: cases on records, their states and deadlines"},
        {"log", "The processing log and the security log"},
        {"catalogue", "The programme's catalogue: activity types, indicators, case types"},
    };
    if (auto it = known.find(tag); it != known.end()) return it->second;
    return fmt::format("The routes under {}/{}", kApiBasePath, tag);
}

// The route's path in the document: relative to the server (kApiBasePath),
// or as it is for a route outside the API (/healthz).
std::string document_path(const Route& route) {
    const std::string_view pattern = route.pattern;
    if (pattern.starts_with(kApiBasePath) && pattern.size() > kApiBasePath.size() &&
        pattern[kApiBasePath.size()] == '/')
        return std::string(pattern.substr(kApiBasePath.size()));
    return route.pattern;
}

}  // namespace

std::string route_tag(const Route& route) {
    if (!route.doc.tag.empty()) return route.doc.tag;
    std::string_view rest = route.pattern;
    if (rest.starts_with(kApiBasePath)) rest.remove_prefix(kApiBasePath.size());
    while (rest.starts_with('/')) rest.remove_prefix(1);
    const std::string_view segment = rest.substr(0, rest.find('/'));
    return segment.empty() ? std::string("system") : std::string(segment);
}

json::object openapi_document(const Router& router, const ApiContact& contact) {
    json::object paths;
    std::set<std::string> tags;
    for (const auto& route : router.routes()) {
        const std::string path = document_path(route);
        auto& item = paths[path];
        if (!item.is_object()) {
            item = json::object{};
            // A route outside the API's base path (/healthz) names its own
            // server: the host's root.
            if (path == route.pattern)
                item.as_object()["servers"] =
                    json::array{json::object{{"url", "/"}, {"description", "The host's root"}}};
        }
        std::string method(boost::beast::http::to_string(route.method));
        for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        item.as_object()[method] = operation(route);
        tags.insert(route_tag(route));
    }
    json::array tag_list;
    for (const auto& tag : tags) tag_list.push_back(json::object{{"name", tag}, {"description", tag_description(tag)}});
    auto schemas = fixed_schemas();
    add_kind_schemas(schemas);
    for (auto& [name, schema] : map_schemas()) schemas[name] = schema;
    json::object doc{
        {"openapi", "3.0.3"},
        {"info",
         {{"title", "Grip API"},
          {"version", http::kApiVersion},
          {"description",
           "The API of Grip: registrations in the exchange format, live indicators, the progress report and the "
           "processing log. Follows the Dutch API Design Rules: errors as application/problem+json, cursor "
           "pagination, no personal data in URLs. See docs/api.md."}}},
        {"servers", json::array{json::object{{"url", kApiBasePath},
                                             {"description", "This server; the path holds the API's major version"}}}},
        {"tags", std::move(tag_list)},
        {"paths", std::move(paths)},
        {"components",
         {{"schemas", std::move(schemas)},
          {"securitySchemes",
           {{"sessionCookie",
             {{"type", "apiKey"},
              {"in", "cookie"},
              {"name", "__Host-grip_session"},
              {"description", "Set by POST /api/v1/sessions; writes also need the X-CSRF-Token header"}}},
            {"apiToken",
             {{"type", "http"}, {"scheme", "bearer"}, {"description", "Made with `grip token create`"}}}}}}},
        {"security",
         json::array{json::object{{"sessionCookie", json::array{}}}, json::object{{"apiToken", json::array{}}}}},
    };
    if (!contact.name.empty() || !contact.email.empty() || !contact.url.empty()) {
        json::object c;
        if (!contact.name.empty()) c["name"] = contact.name;
        if (!contact.email.empty()) c["email"] = contact.email;
        if (!contact.url.empty()) c["url"] = contact.url;
        doc["info"].as_object()["contact"] = std::move(c);
    }
    return doc;
}

}  // namespace grip::api

#pragma once
// Mustache templates over JSON data. The report's layout lives in template
// files of the catalogue, so that a municipality changes it without a new
// build; this is the one place that knows the template library.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "common/result.h"

namespace grip::report {

// How {{name}} writes a string: Html escapes & < > " ', None writes it as is
// (Markdown and plain sentences; Markdown escaping is the caller's job).
// {{{name}}} and {{&name}} never escape.
enum class Escape { Html, None };

// Partial templates by name: {{> name}} renders partials.at(name) in the
// current context. A partial may not include another partial, which rules
// out endless recursion.
using Partials = std::map<std::string, std::string, std::less<>>;

// Renders `tmpl` with `data`. JSON maps onto mustache as follows: objects are
// objects (dotted names such as {{a.b.c}} walk into them), arrays are lists,
// strings are strings, integers are their digits (2023, not 2.023 or 2023.0),
// other numbers their shortest form (12.5, 3), true/false are booleans for
// sections, and null is false. An invalid template (an unclosed section, an
// unclosed tag) gives ErrorCode::Invalid with the parser's message; names
// missing from the data render as nothing, as mustache prescribes.
Result<std::string> render_template(std::string_view tmpl, const boost::json::value& data, Escape escape,
                                    const Partials& partials = {});

// Reads a template file whole. A missing file is NotFound, a read failure Io.
Result<std::string> load_template_file(const std::filesystem::path& path);

}  // namespace grip::report

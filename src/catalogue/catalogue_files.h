#pragma once
// The catalogue's files as `beheer` changes them from the web interface:
// read, written back readably (two-space indents, short lists and objects on
// one line, as the shipped files are), and replaced atomically with the
// previous version kept beside it (FILE.previous). The catalogue shipped
// with Grip is never changed in place: a server that should take changes
// runs on a copy (`grip serve --catalogue COPY/programme.json`).

#include <filesystem>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "common/result.h"

namespace grip::catalogue {

Result<std::string> read_text_file(const std::filesystem::path& file);

// A short hash of a file's text: the version shown to `beheer`.
std::string text_version(std::string_view text);

// JSON as people keep it: a container whose one-line form fits in 100
// columns stays on one line, others get one member per line.
std::string readable_json(const boost::json::value& value);

// Writes `text` to a temporary file beside `file`, makes it durable, keeps
// the current file as FILE.previous and renames the new one into place.
// A crash leaves either the old or the new file, never a half one.
Status replace_file_atomically(const std::filesystem::path& file, std::string_view text);

// Whether the file is part of the catalogue shipped with Grip (the installed
// copy or the source tree's), which a server does not change.
bool is_shipped_catalogue(const std::filesystem::path& file);

// Whether the server could replace the file: the file and its folder are
// writable and it is not the shipped catalogue.
bool catalogue_writable(const std::filesystem::path& file);

}  // namespace grip::catalogue

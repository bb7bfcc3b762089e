#pragma once
// Running a document tool (pandoc, WeasyPrint, rsvg-convert, LibreOffice)
// without a shell: the program and its arguments as a vector, its output
// captured, and its files in a private temporary folder that is removed
// afterwards. The one place in Grip that starts another program.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace grip::report {

// A private folder (mode 0700) under the system's temporary folder, removed
// with everything in it when the object goes. create() fails with Io when
// the folder cannot be made.
class TempDir {
public:
    static Result<TempDir> create();
    TempDir(TempDir&& other) noexcept;
    TempDir& operator=(TempDir&&) = delete;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();

    const std::filesystem::path& path() const { return path_; }

private:
    explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
    std::filesystem::path path_;
};

struct ToolCall {
    // The program, looked up on PATH, and its arguments (argv[1..]).
    std::string program;
    std::vector<std::string> arguments;
    // The Debian package that holds the program, named in the error when it
    // is missing ("pandoc", "weasyprint").
    std::string debian_package;
    // A folder for the captured output streams (a TempDir's path).
    std::filesystem::path work_dir;
};

// Runs the program and waits for it. Its standard output is returned; its
// standard input is empty. A program that cannot be found is Unsupported
// and names the package to install; one that ends with another status than
// 0 is Io, with the end of what it wrote to standard error.
Result<std::string> run_tool(const ToolCall& call);

// A whole file's bytes; NotFound when it is not there.
Result<std::string> read_file_bytes(const std::filesystem::path& path);
// Writes the bytes to a new file (or replaces it).
Status write_file_bytes(const std::filesystem::path& path, std::string_view bytes);

}  // namespace grip::report

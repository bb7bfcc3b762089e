#include "cli/output_file.h"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace grip::cli {

Status write_output(const std::string& file, std::string_view bytes) {
    if (file.empty() || file == "-") {
        fmt::print("{}", bytes);
        return ok_status();
    }
    const std::string tmp = file + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << bytes;
        out.flush();
        if (!out) return Error::io(fmt::format("cannot write {}", file));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec) return Error::io(fmt::format("cannot write {}: {}", file, ec.message()));
    return ok_status();
}

}  // namespace grip::cli

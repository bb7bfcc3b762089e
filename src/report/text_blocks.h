#pragma once
// The editable text blocks of a year's report: which blocks it has, which
// must still be written before it can be approved, and taking over an
// earlier year's texts as a start.

#include <string>
#include <vector>

#include "catalogue/catalogue.h"
#include "common/result.h"
#include "storage/store.h"

namespace grip::report {

// The text blocks a year's report has: the catalogue's blocks and one
// "motie.<id>" per linked motion (its handling text).
Result<std::vector<std::string>> report_text_blocks(storage::Store& store, const catalogue::Catalogue& catalogue,
                                                    int year);

// The text blocks of a year's report that someone must still write before
// the report can be approved: a block the catalogue lists in
// `text_blocks_to_write` without a stored text, and the block of a linked
// motion that has neither a stored text nor a response of its own. Empty
// when the report is ready to be approved.
Result<std::vector<std::string>> unwritten_text_blocks(storage::Store& store, const catalogue::Catalogue& catalogue,
                                                       int year);

struct TextCopy {
    std::vector<std::string> copied;  // blocks taken over
    std::vector<std::string> kept;    // blocks the year already had its own text for
};

// Takes over every written block of `from` that the report of `year` has
// too, unless `year` already has its own text for it. Call it inside one
// transaction (the API's writer batch) where that matters.
Result<TextCopy> copy_text_blocks(storage::Store& store, const catalogue::Catalogue& catalogue, int from, int year);

}  // namespace grip::report

#pragma once
// Beast's HTTP parser and reader. With -O2 and the sanitizers, g++ 12 warns
// falsely that a boost::optional in basic_parser may be used uninitialised
// (-Wmaybe-uninitialized, reported through inlining, so the system-header
// exemption does not apply); the build treats warnings as errors. Include the
// parser through this header so that the silencing stays in one place
// (clang, which builds the sanitizers' tests, has no such warning).

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

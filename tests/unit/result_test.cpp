// Errors that compose (issue 20, part 3): one Result<T, E = Error> whose
// Error carries the reasons of a refusal, so that TRY unwraps a case
// service's refusal as it unwraps a store's failure; the one mapping of an
// Error to problem+json; and writer jobs that say their result type.

#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/database.h"
#include "api/problem.h"
#include "api/router.h"
#include "common/result.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

Result<int> refuse_step() {
    return Error::conflict("the step is refused").with({{"role", "may not"}, {"transition", "not from this state"}});
}

Result<std::string> take_step() {
    const int n = TRY(refuse_step());
    return std::to_string(n);
}

TEST(ResultErrors, TryPassesTheReasonsOfARefusalOn) {
    auto taken = take_step();
    ASSERT_FALSE(taken.ok());
    EXPECT_EQ(taken.error().code, ErrorCode::Conflict);
    EXPECT_EQ(taken.error().message, "the step is refused");
    ASSERT_EQ(taken.error().reasons.size(), 2u);
    EXPECT_EQ(taken.error().reasons[1].field, "transition");
    EXPECT_EQ(taken.error().reasons[1].reason, "not from this state");
}

Result<int, std::string> parse_digit(char c) {
    if (c < '0' || c > '9') return std::string("not a digit");
    return c - '0';
}

Result<int, std::string> parse_two(const char* text) {
    const int tens = TRY(parse_digit(text[0]));
    return tens * 10 + TRY(parse_digit(text[1]));
}

TEST(ResultErrors, AResultTakesAnotherErrorType) {
    EXPECT_EQ(*parse_two("42"), 42);
    auto bad = parse_two("4x");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error(), "not a digit");
}

json::object body_of(const http::Response& response) { return json::parse(response.body()).as_object(); }

TEST(ResultErrors, TheReasonsOfAnErrorAreTheProblemsInvalidParams) {
    const auto response = api::problem_from(
        Error::invalid("a note is 1 to 20,000 characters").with({{"text", "1 to 20,000 characters"}}));
    EXPECT_EQ(response.result_int(), 400u);
    EXPECT_EQ(response[boost::beast::http::field::content_type], "application/problem+json");
    const auto body = body_of(response);
    EXPECT_EQ(body.at("detail").as_string(), "a note is 1 to 20,000 characters");
    ASSERT_TRUE(body.contains("invalid_params")) << response.body();
    const auto& param = body.at("invalid_params").as_array().at(0).as_object();
    EXPECT_EQ(param.at("name").as_string(), "text");
    EXPECT_EQ(param.at("reason").as_string(), "1 to 20,000 characters");
    // Without reasons, the body is as it was: no invalid_params.
    EXPECT_FALSE(body_of(api::problem_from(Error::not_found("no such case"))).contains("invalid_params"));
}

TEST(ResultErrors, ARefusalThatNamesTheRoleIs403) {
    const auto response = api::problem_from(
        Error::conflict("the role 'adviseur' may not open a melding").with({{"role", "may not open this case type"}}));
    EXPECT_EQ(response.result_int(), 403u);
    EXPECT_EQ(body_of(response).at("invalid_params").as_array().size(), 1u);
    // A store failure stays a 500 whose detail says nothing of the request.
    const auto failed = api::problem_from(Error::storage("disk full").with({{"role", "x"}}));
    EXPECT_EQ(failed.result_int(), 500u);
    EXPECT_EQ(std::string(body_of(failed).at("detail").as_string()).find("disk"), std::string::npos);
}

TEST(ResultErrors, AHandlerAnswersAnErrorOrAResponse) {
    // Both shapes fit a route's handler: Result<http::Response> converts
    // from a Response, and from an Error (which the router maps).
    api::Route returns_response{boost::beast::http::verb::get,
                                "/x",
                                api::Access::Public,
                                "",
                                [](api::Call&) { return api::problem(boost::beast::http::status::gone, "gone"); },
                                {}};
    api::Route returns_error{boost::beast::http::verb::get,
                             "/y",
                             api::Access::Public,
                             "",
                             [](api::Call&) -> api::Answer { return Error::not_found("no such thing"); },
                             {}};
    EXPECT_TRUE(returns_response.handler);
    EXPECT_TRUE(returns_error.handler);
}

TEST(WriterJobs, AJobSaysItsResultTypeAndItsRefusalKeepsItsReasons) {
    TestStore t;
    // A store with its figures in place, as the server's is.
    ASSERT_TRUE(t.import(test_data() / "deliveries" / "base.ndjson").committed);
    auto writer = api::Writer::create(store_location(t.dir().path(), "test.db"), t.catalogue(), t.keys());
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    Result<std::string> typed =
        (*writer)->run("GM0599", [](api::WriteBatch&) -> Result<std::string> { return std::string("a typed answer"); });
    ASSERT_TRUE(typed.ok()) << typed.error().message;
    EXPECT_EQ(*typed, "a typed answer");
    Status refused = (*writer)->run("GM0599", [](api::WriteBatch&) -> Status {
        return Error::invalid("refused").with({{"field", "what is wrong"}});
    });
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Invalid);
    ASSERT_EQ(refused.error().reasons.size(), 1u);
    EXPECT_EQ(refused.error().reasons[0].field, "field");
    (*writer)->stop();
}

}  // namespace
}  // namespace grip::testing

// Signals as events (src/signals/events, webhook, the API): a signal that
// appears or ends is stored once, on both store backends; `grip signals
// --record --webhook URL` posts each event to a real HTTP listener of the
// test; the server evaluates the signals after a delivery, so that GET
// /api/v1/signals/new shows what appeared since the user's last visit; and
// the public role gets no signal whose figures the disclosure rule withholds.

#include <atomic>
#include <set>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api_support.h"
#include "disclosure/public_figures.h"
#include "signals/evaluate.h"
#include "signals/events.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;
namespace asio = boost::asio;
namespace beast = boost::beast;

// Areas outside the priority group, each in a wijk of its own, and reports
// of overcrowding: Bospolder 14 in 2022 and 42 in 2023 (a signal), Cool 11
// and 12 (none); Tarwewijk, a priority buurt, is not watched.
// `organisation`: the partner that delivers them through the API (empty: none).
std::string reports(const std::string& buurt, int year, int count, int first_id, const std::string& organisation = "") {
    std::string out;
    const std::string of = organisation.empty() ? "" : fmt::format(", \"organisation\": \"{}\"", organisation);
    for (int i = 0; i < count; ++i)
        out += fmt::format(
            "{{\"kind\": \"activity\", \"id\": \"M-{}\", \"type\": \"melding_overbewoning\", \"date\": \"{}-0{}-1{}\", "
            "\"address\": \"ADR-{}\"{}, \"attributes\": {{\"uitkomst\": \"in_onderzoek\"}}}}\n",
            first_id + i, year, 1 + i % 9, i % 9, buurt, of);
    return out;
}

std::string areas() {
    return "{\"kind\": \"area\", \"code\": \"GM0599\", \"name\": \"Rotterdam\", \"level\": \"gemeente\"}\n"
           "{\"kind\": \"area\", \"code\": \"WK059903\", \"name\": \"Delfshaven\", \"level\": \"wijk\", \"parent\": "
           "\"GM0599\"}\n"
           "{\"kind\": \"area\", \"code\": \"WK059901\", \"name\": \"Rotterdam Centrum\", \"level\": \"wijk\", "
           "\"parent\": \"GM0599\"}\n"
           "{\"kind\": \"area\", \"code\": \"WK059915\", \"name\": \"Charlois\", \"level\": \"wijk\", \"parent\": "
           "\"GM0599\"}\n"
           "{\"kind\": \"area\", \"code\": \"BU05990321\", \"name\": \"Bospolder\", \"level\": \"buurt\", \"parent\": "
           "\"WK059903\", \"inhabitants\": 7055}\n"
           "{\"kind\": \"area\", \"code\": \"BU05990112\", \"name\": \"Cool\", \"level\": \"buurt\", \"parent\": "
           "\"WK059901\", \"inhabitants\": 5870}\n"
           "{\"kind\": \"area\", \"code\": \"BU05991571\", \"name\": \"Tarwewijk\", \"level\": \"buurt\", \"parent\": "
           "\"WK059915\", \"priority\": true, \"inhabitants\": 12310}\n";
}

// The addresses and reports; through the API a partner delivers them as its own.
std::string work(const std::string& organisation = "") {
    std::string out;
    int number = 0;
    for (const char* b : {"BU05990321", "BU05990112", "BU05991571"})
        out += fmt::format(
            "{{\"kind\": \"address\", \"id\": \"ADR-{0}\", \"postcode\": \"3000 AA\", \"house_number\": {1}, \"area\": "
            "\"{0}\"}}\n",
            b, ++number);
    const auto& o = organisation;
    out += reports("BU05990321", 2022, 14, 1000, o) + reports("BU05990321", 2023, 42, 2000, o);
    out += reports("BU05990112", 2022, 11, 3000, o) + reports("BU05990112", 2023, 12, 4000, o);
    out += reports("BU05991571", 2022, 5, 5000, o) + reports("BU05991571", 2023, 40, 6000, o);  // priority: not watched
    return out;
}

std::string city() { return areas() + work(); }

// A delivery through the API that must commit.
void deliver(ApiServer& server, const std::string& user, const std::string& text) {
    auto started = server.as(user, "POST", "/api/v1/deliveries?file=city.ndjson", text, "application/x-ndjson");
    ASSERT_EQ(started.status, 202) << started.body;
    auto job = server.finished_job(user, started.header("Location"));
    ASSERT_TRUE(job.at("committed").as_bool()) << json::serialize(job).substr(0, 2000);
}

// A real HTTP listener on the loopback interface that answers 200 to every
// request and keeps the bodies of the POSTs it got.
class Listener {
public:
    explicit Listener(int expected) : expected_(expected), acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
        thread_ = std::thread([this, expected] {
            struct Done {
                std::atomic<bool>& flag;
                ~Done() { flag = true; }
            } done{done_};
            for (int i = 0; i < expected; ++i, ++served_) {
                asio::ip::tcp::socket socket(io_);
                beast::error_code ec;
                acceptor_.accept(socket, ec);
                if (ec) return;
                beast::flat_buffer buffer;
                beast::http::request<beast::http::string_body> request;
                beast::http::read(socket, buffer, request, ec);
                if (ec) return;
                bodies_.push_back(request.body());
                types_.emplace_back(request[beast::http::field::content_type]);
                beast::http::response<beast::http::string_body> response(beast::http::status::ok, 11);
                response.set(beast::http::field::connection, "close");
                response.prepare_payload();
                beast::http::write(socket, response, ec);
            }
        });
    }
    // A test that failed before the expected requests came must not hang:
    // the listener's own requests finish its loop.
    ~Listener() {
        while (!done_ && served_ < expected_) {
            asio::io_context io;
            asio::ip::tcp::socket socket(io);
            beast::error_code ec;
            socket.connect(acceptor_.local_endpoint(), ec);
            if (ec) break;
            beast::http::request<beast::http::string_body> request(beast::http::verb::post, "/", 11);
            request.prepare_payload();
            beast::http::write(socket, request, ec);
            beast::flat_buffer buffer;
            beast::http::response<beast::http::string_body> response;
            beast::http::read(socket, buffer, response, ec);
            if (ec) break;
        }
        if (thread_.joinable()) thread_.join();
    }
    std::string url() const { return fmt::format("http://127.0.0.1:{}/meldingen", acceptor_.local_endpoint().port()); }
    // The bodies, once the expected requests came (joins the listener).
    const std::vector<std::string>& bodies() {
        if (thread_.joinable()) thread_.join();
        return bodies_;
    }
    const std::vector<std::string>& types() const { return types_; }

private:
    int expected_;
    std::atomic<int> served_{0};
    std::atomic<bool> done_{false};
    asio::io_context io_;
    asio::ip::tcp::acceptor acceptor_;
    std::thread thread_;
    std::vector<std::string> bodies_, types_;
};

TEST(SignalEvents, ASignalThatAppearsOrEndsIsStoredOnceAsAnEvent) {
    TestStore t;
    ASSERT_TRUE(t.import_text("city.ndjson", city()).committed);
    indicators::Engine engine(t.store(), t.catalogue());
    auto list = signals::evaluate(t.store(), engine, t.catalogue(), Period::year_of(2023));
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->signals.size(), 1u);
    EXPECT_EQ(list->signals[0].area, "BU05990321");
    ASSERT_TRUE(t.store().begin());
    auto first = signals::record_signals(t.store(), *list);
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_TRUE(t.store().commit());
    ASSERT_EQ(first->size(), 1u);
    EXPECT_EQ((*first)[0].kind, "appeared");
    EXPECT_FALSE((*first)[0].at.empty());
    // The same signals again: nothing new.
    ASSERT_TRUE(t.store().begin());
    auto again = signals::record_signals(t.store(), *list);
    ASSERT_TRUE(t.store().commit());
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->empty());
    // The signal is gone: it ended.
    signals::SignalList none;
    none.period = Period::year_of(2023);
    ASSERT_TRUE(t.store().begin());
    auto ended = signals::record_signals(t.store(), none);
    ASSERT_TRUE(t.store().commit());
    ASSERT_TRUE(ended);
    ASSERT_EQ(ended->size(), 1u);
    EXPECT_EQ((*ended)[0].kind, "ended");
    EXPECT_EQ((*ended)[0].area, "BU05990321");
    EXPECT_GT((*ended)[0].id, (*first)[0].id);
    auto events = t.store().signal_events(0, "2023");
    ASSERT_TRUE(events);
    EXPECT_EQ(events->size(), 2u);
    EXPECT_TRUE(t.store().signal_events(0, "2022")->empty());
    EXPECT_EQ(t.store().signal_events((*first)[0].id, "")->size(), 1u) << "after the first: the end";
    // A user's visit moves forward only.
    EXPECT_EQ(*t.store().signal_visit(7), 0);
    ASSERT_TRUE(t.store().set_signal_visit(7, (*ended)[0].id));
    ASSERT_TRUE(t.store().set_signal_visit(7, (*first)[0].id));
    EXPECT_EQ(*t.store().signal_visit(7), (*ended)[0].id);
    EXPECT_EQ(*t.store().signal_visit(8), 0);
}

TEST(SignalEvents, RecordingPostsEachEventToTheWebhook) {
    TempDir dir;
    write_file(dir / "city.ndjson", city());
    ASSERT_EQ(run_grip(dir.path(), "import " + (dir / "city.ndjson").string()).code, 0);
    std::string url;
    {
        Listener listener(1);
        url = listener.url();
        const auto run = run_grip(dir.path(), "signals --period 2023 --record --webhook " + url + " --format json");
        ASSERT_EQ(run.code, 0) << run.err;
        ASSERT_EQ(listener.bodies().size(), 1u);
        EXPECT_EQ(listener.types().at(0), "application/json");
        const auto event = json::parse(listener.bodies()[0]).as_object();
        EXPECT_EQ(event.at("event"), "appeared");
        EXPECT_EQ(event.at("period"), "2023");
        EXPECT_EQ(event.at("signal").at("area"), "BU05990321");
        EXPECT_NE(std::string(event.at("signal").at("explanation").as_string()).find("Bospolder"), std::string::npos);
    }
    // More reports of 2022 arrive late: the growth was not growth. The
    // signal ends, and the listener hears that.
    write_file(dir / "late.ndjson", reports("BU05990321", 2022, 30, 7000));
    ASSERT_EQ(run_grip(dir.path(), "import " + (dir / "late.ndjson").string()).code, 0);
    {
        Listener listener(1);
        const auto run = run_grip(dir.path(), "signals --period 2023 --record --webhook " + listener.url());
        ASSERT_EQ(run.code, 0) << run.err;
        ASSERT_EQ(listener.bodies().size(), 1u);
        const auto event = json::parse(listener.bodies()[0]).as_object();
        EXPECT_EQ(event.at("event"), "ended");
        EXPECT_EQ(event.at("signal").at("area"), "BU05990321");
        EXPECT_NE(run.out.find("Geen signalen"), std::string::npos) << run.out;
    }
    // A webhook that is not https:// outside the loopback interface is refused.
    const auto bad = run_grip(dir.path(), "signals --period 2023 --record --webhook http://meldingen.example.nl/x");
    EXPECT_NE(bad.code, 0);
    EXPECT_NE(bad.err.find("https://"), std::string::npos) << bad.err;
}

TEST(SignalsApi, SignalsOfAPeriodAndTheNewOnesSinceTheLastVisit) {
    ApiServer server;
    // The administrator's areas, then a partner's delivery: the server
    // evaluates the signals of the years it touched.
    deliver(server, "beheerder", areas());
    deliver(server, "opvang", work("ORG-KP"));

    const auto listed = server.as("adviseur", "GET", "/api/v1/signals?period=2023");
    ASSERT_EQ(listed.status, 200) << listed.body;
    const auto list = json::parse(listed.body).as_object();
    EXPECT_EQ(list.at("period"), "2023");
    ASSERT_EQ(list.at("signals").as_array().size(), 1u) << listed.body;
    EXPECT_EQ(list.at("signals").at(0).at("area"), "BU05990321");
    EXPECT_EQ(list.at("signals").at(0).at("value"), 42);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/signals").status, 400);

    // New since the last visit: the one that appeared; then nothing.
    const auto fresh = json::parse(server.as("adviseur", "GET", "/api/v1/signals/new").body).as_object();
    ASSERT_EQ(fresh.at("events").as_array().size(), 1u) << json::serialize(fresh);
    EXPECT_EQ(fresh.at("events").at(0).at("event"), "appeared");
    EXPECT_EQ(fresh.at("events").at(0).at("signal").at("area"), "BU05990321");
    EXPECT_EQ(json::parse(server.as("adviseur", "GET", "/api/v1/signals/new").body).at("events").as_array().size(), 0u);
    // Another user has not visited yet.
    EXPECT_EQ(
        json::parse(server.as("balie", "GET", "/api/v1/signals/new?mark=false").body).at("events").as_array().size(),
        1u);
    EXPECT_EQ(json::parse(server.as("balie", "GET", "/api/v1/signals/new").body).at("events").as_array().size(), 1u);

    // Late reports of 2022: the signal ends, an event for who follows it.
    deliver(server, "opvang", reports("BU05990321", 2022, 30, 7000, "ORG-KP"));
    const auto after = json::parse(server.as("adviseur", "GET", "/api/v1/signals/new").body).as_object();
    ASSERT_EQ(after.at("events").as_array().size(), 1u) << json::serialize(after);
    EXPECT_EQ(after.at("events").at(0).at("event"), "ended");
    EXPECT_EQ(
        json::parse(server.as("adviseur", "GET", "/api/v1/signals?period=2023").body).at("signals").as_array().size(),
        0u);
    server.check_contract();
}

TEST(SignalsApi, ThePublicRoleSeesNoSignalOnWithheldFigures) {
    // Groot IJsselmonde: 3 reports in 2022 and 20 in 2023, a signal on a
    // baseline too small to publish.
    const std::string more_areas =
        "{\"kind\": \"area\", \"code\": \"WK059912\", \"name\": \"IJsselmonde\", \"level\": \"wijk\", \"parent\": "
        "\"GM0599\"}\n"
        "{\"kind\": \"area\", \"code\": \"BU05991289\", \"name\": \"Groot IJsselmonde\", \"level\": \"buurt\", "
        "\"parent\": \"WK059912\", \"inhabitants\": 10190}\n";
    auto more_work = [](const std::string& o) {
        return "{\"kind\": \"address\", \"id\": \"ADR-BU05991289\", \"postcode\": \"3000 AB\", \"house_number\": 9, "
               "\"area\": \"BU05991289\"}\n" +
               reports("BU05991289", 2022, 3, 8000, o) + reports("BU05991289", 2023, 20, 9000, o);
    };
    const std::string data = city() + more_areas + more_work("");
    TestStore t;
    ASSERT_TRUE(t.import_text("city.ndjson", data).committed);
    indicators::Engine engine(t.store(), t.catalogue());
    auto all = signals::evaluate(t.store(), engine, t.catalogue(), Period::year_of(2023));
    ASSERT_TRUE(all);
    std::set<std::string> signalled;
    for (const auto& s : all->signals) signalled.insert(s.area);
    EXPECT_EQ(signalled, (std::set<std::string>{"BU05990321", "BU05991289"}));

    ApiServer server;
    deliver(server, "beheerder", areas() + more_areas);
    deliver(server, "opvang", work("ORG-KP") + more_work("ORG-KP"));
    const auto council = server.as("raad", "GET", "/api/v1/signals?period=2023");
    ASSERT_EQ(council.status, 200) << council.body;
    const auto adviser = json::parse(server.as("adviseur", "GET", "/api/v1/signals?period=2023").body);
    EXPECT_EQ(adviser.at("signals").as_array().size(), 2u);
    auto figures = disclosure::PublicFigures::of_year(engine, t.catalogue(), 2023);
    auto before = disclosure::PublicFigures::of_year(engine, t.catalogue(), 2022);
    ASSERT_TRUE(figures && before);
    const auto tree = *engine.area_tree();
    const auto shown = json::parse(council.body);
    for (const auto& s : shown.at("signals").as_array()) {
        const auto key = *tree.id_of(s.at("area").as_string());
        EXPECT_EQ(figures->of(Period::year_of(2023), key, "handhaving.meldingen_overbewoning"),
                  disclosure::Publication::Published);
        EXPECT_EQ(before->of(Period::year_of(2022), key, "handhaving.meldingen_overbewoning"),
                  disclosure::Publication::Published);
        EXPECT_NE(s.at("area"), "BU05991289") << "3 reports in 2022 are not published";
    }
    const auto events = json::parse(server.as("raad", "GET", "/api/v1/signals/new").body);
    for (const auto& e : events.at("events").as_array()) EXPECT_NE(e.at("signal").at("area"), "BU05991289");
    server.check_contract();
}

}  // namespace
}  // namespace grip::testing

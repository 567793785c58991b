// Pool options read from the URL: defaults, the :memory: rule, malformed values.
#include <catch2/catch.hpp>
#include <chrono>
#include <cormorant/errors.hpp>
#include <cormorant/pool.hpp>
#include <string>

namespace orm = cormorant;
using std::chrono::milliseconds;

namespace {

orm::pool_settings settings(const std::string& url) {
    return orm::pool_settings::from(orm::config::from_url(url));
}

}  // namespace

TEST_CASE("pool options default to 4 connections and 30 s", "[dry][pool]") {
    for (const char* url : {"sqlite:///app.db", "postgresql://u:p@h/d", "mysql://u@h:3306/d"}) {
        INFO(url);
        const orm::pool_settings s = settings(url);
        CHECK(s.size == 4);
        CHECK(s.timeout == milliseconds(30000));
    }
}

TEST_CASE("pool_size and pool_timeout are read from the URL", "[dry][pool]") {
    CHECK(settings("postgresql://u:p@h/d?pool_size=8").size == 8);
    CHECK(settings("sqlite:///app.db?pool_size=1").size == 1);
    CHECK(settings("mysql://u@h/d?pool_size=1000").size == 1000);
    CHECK(settings("mysql://u@h/d?pool_size=0012").size == 12);
    CHECK(settings("postgresql://u@h/d?pool_timeout=5").timeout == milliseconds(5000));
    CHECK(settings("postgresql://u@h/d?pool_timeout=0").timeout == milliseconds(0));
    CHECK(settings("postgresql://u@h/d?pool_timeout=0.5").timeout == milliseconds(500));
    CHECK(settings("postgresql://u@h/d?pool_timeout=.25").timeout == milliseconds(250));
    CHECK(settings("postgresql://u@h/d?pool_timeout=2.125").timeout == milliseconds(2125));
    // Below a millisecond rounds up, so a tiny timeout still waits a little.
    CHECK(settings("postgresql://u@h/d?pool_timeout=0.0001").timeout == milliseconds(1));
    CHECK(settings("postgresql://u@h/d?pool_timeout=86400").timeout == milliseconds(86400000));
}

TEST_CASE("sqlite://:memory: has a pool of exactly one connection", "[dry][pool]") {
    CHECK(settings("sqlite://:memory:").size == 1);
    CHECK(settings("sqlite:///:memory:").size == 1);
    CHECK(settings("sqlite://:memory:?pool_size=1").size == 1);
    try {
        settings("sqlite://:memory:?pool_size=2");
        FAIL("pool_size=2 was accepted for :memory:");
    } catch (const orm::config_error& e) {
        const std::string msg = e.what();
        CHECK(msg.find("pool_size must be 1 for sqlite://:memory:") != std::string::npos);
        CHECK(msg.find("new, empty database") != std::string::npos);
    }
}

TEST_CASE("malformed pool options are config errors that name the option, never the password",
          "[dry][pool]") {
    for (const char* url :
         {"postgresql://u:s3cret@h/d?pool_size=0", "postgresql://u:s3cret@h/d?pool_size=1001",
          "postgresql://u:s3cret@h/d?pool_size=-1", "postgresql://u:s3cret@h/d?pool_size=four",
          "postgresql://u:s3cret@h/d?pool_size=", "postgresql://u:s3cret@h/d?pool_size=2.5",
          "postgresql://u:s3cret@h/d?pool_size=99999999999999999999"}) {
        INFO(url);
        try {
            settings(url);
            FAIL("accepted");
        } catch (const orm::config_error& e) {
            const std::string msg = e.what();
            CHECK(msg.find("bad pool_size") != std::string::npos);
            CHECK(msg.find("s3cret") == std::string::npos);
        }
    }
    for (const char* url :
         {"mysql://u:s3cret@h/d?pool_timeout=-1", "mysql://u:s3cret@h/d?pool_timeout=",
          "mysql://u:s3cret@h/d?pool_timeout=.", "mysql://u:s3cret@h/d?pool_timeout=1.",
          "mysql://u:s3cret@h/d?pool_timeout=1e3", "mysql://u:s3cret@h/d?pool_timeout=1.2.3",
          "mysql://u:s3cret@h/d?pool_timeout=86401", "mysql://u:s3cret@h/d?pool_timeout=30s"}) {
        INFO(url);
        try {
            settings(url);
            FAIL("accepted");
        } catch (const orm::config_error& e) {
            const std::string msg = e.what();
            CHECK(msg.find("bad pool_timeout") != std::string::npos);
            CHECK(msg.find("s3cret") == std::string::npos);
        }
    }
}

TEST_CASE("the connection is opened without the pool options", "[dry][pool]") {
    const orm::config cfg =
        orm::config::from_url("postgresql://u@h/d?sslmode=disable&pool_size=3&pool_timeout=1");
    const orm::config conn = orm::pool_settings::without_pool_options(cfg);
    REQUIRE(conn.options.size() == 1);
    CHECK(conn.options[0].first == "sslmode");
    CHECK(cfg.options.size() == 3);
}

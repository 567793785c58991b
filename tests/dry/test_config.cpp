// Database URLs: parsing, percent-decoding, errors, masking, DATABASE_URL.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cormorant/config.hpp"
#include "cormorant/errors.hpp"

using cormorant::backend_kind;
using cormorant::config;
using cormorant::config_error;
using cormorant::mask_password;

namespace {

using option_list = std::vector<std::pair<std::string, std::string>>;

/// The message of the config_error that from_url throws, or "" when it throws none.
std::string error_message(std::string_view url) {
    try {
        (void)config::from_url(url);
    } catch (const config_error& e) {
        return e.what();
    }
    return {};
}

/// Checks that `url` is rejected with `reason`, in the documented message form,
/// and that no part of the password "s3cr%3At" (decoded "s3cr:t") is shown.
void check_rejected(std::string_view url, std::string_view reason) {
    INFO("url: " << url);
    CHECK_THROWS_AS(config::from_url(url), config_error);
    CHECK_THROWS_AS(config::from_url(url), cormorant::error);
    const std::string message = error_message(url);
    INFO("message: " << message);
    CHECK(message.rfind("invalid database URL '", 0) == 0);
    CHECK(message.find("': ") != std::string::npos);
    CHECK(message.find(reason) != std::string::npos);
    CHECK(message.find("s3cr") == std::string::npos);
    CHECK(message.find("3At") == std::string::npos);
}

/// Sets or unsets DATABASE_URL for one scope and restores the previous value.
class database_url_guard {
public:
    explicit database_url_guard(const char* value) {
        if (const char* old = std::getenv("DATABASE_URL")) saved_ = std::string(old);
        if (value != nullptr)
            ::setenv("DATABASE_URL", value, 1);
        else
            ::unsetenv("DATABASE_URL");
    }
    ~database_url_guard() {
        if (saved_)
            ::setenv("DATABASE_URL", saved_->c_str(), 1);
        else
            ::unsetenv("DATABASE_URL");
    }
    database_url_guard(const database_url_guard&) = delete;
    database_url_guard& operator=(const database_url_guard&) = delete;

private:
    std::optional<std::string> saved_;
};

}  // namespace

TEST_CASE("backend names", "[dry][config]") {
    CHECK(std::string_view(cormorant::to_string(backend_kind::sqlite)) == "sqlite");
    CHECK(std::string_view(cormorant::to_string(backend_kind::postgresql)) == "postgresql");
    CHECK(std::string_view(cormorant::to_string(backend_kind::mysql)) == "mysql");
}

TEST_CASE("SQLite URLs", "[dry][config]") {
    SECTION("relative path") {
        const auto cfg = config::from_url("sqlite:///rel/path.db");
        CHECK(cfg.backend == backend_kind::sqlite);
        CHECK(cfg.database == "rel/path.db");
        CHECK(cfg.user.empty());
        CHECK(cfg.password.empty());
        CHECK(cfg.host.empty());
        CHECK_FALSE(cfg.port.has_value());
        CHECK(cfg.options.empty());
    }
    SECTION("absolute path") {
        const auto cfg = config::from_url("sqlite:////abs/path.db");
        CHECK(cfg.backend == backend_kind::sqlite);
        CHECK(cfg.database == "/abs/path.db");
        CHECK(cfg.host.empty());
    }
    SECTION("in memory, both spellings") {
        for (const char* url : {"sqlite://:memory:", "sqlite:///:memory:"}) {
            INFO(url);
            const auto cfg = config::from_url(url);
            CHECK(cfg.backend == backend_kind::sqlite);
            CHECK(cfg.database == ":memory:");
            CHECK(cfg.host.empty());
            CHECK(cfg.options.empty());
        }
    }
    SECTION("sqlite3 scheme and upper-case scheme") {
        CHECK(config::from_url("sqlite3:///app.db").backend == backend_kind::sqlite);
        CHECK(config::from_url("sqlite3:///app.db").database == "app.db");
        CHECK(config::from_url("SQLite:///app.db").backend == backend_kind::sqlite);
    }
    SECTION("percent-decoded path") {
        CHECK(config::from_url("sqlite:///my%20data/app%23.db").database == "my data/app#.db");
        CHECK(config::from_url("sqlite:////tmp/a@b.db").database == "/tmp/a@b.db");
    }
    SECTION("options in URL order") {
        const auto cfg =
            config::from_url("sqlite:///app.db?synchronous=FULL&journal_mode=DELETE&busy_timeout=100");
        CHECK(cfg.database == "app.db");
        CHECK(cfg.options ==
              option_list{{"synchronous", "FULL"}, {"journal_mode", "DELETE"}, {"busy_timeout", "100"}});
        CHECK(cfg.option("journal_mode") == std::optional<std::string>("DELETE"));
        CHECK(cfg.option("busy_timeout") == std::optional<std::string>("100"));
        CHECK_FALSE(cfg.option("foreign_keys").has_value());
    }
    SECTION("options on an in-memory database") {
        const auto cfg = config::from_url("sqlite://:memory:?foreign_keys=off");
        CHECK(cfg.database == ":memory:");
        CHECK(cfg.options == option_list{{"foreign_keys", "off"}});
    }
}

TEST_CASE("PostgreSQL URLs", "[dry][config]") {
    SECTION("every part") {
        const auto cfg = config::from_url(
            "postgresql://app:secret@db.example.com:5433/shop?sslmode=require&connect_timeout=5");
        CHECK(cfg.backend == backend_kind::postgresql);
        CHECK(cfg.user == "app");
        CHECK(cfg.password == "secret");
        CHECK(cfg.host == "db.example.com");
        CHECK(cfg.port == std::optional<std::uint16_t>(5433));
        CHECK(cfg.database == "shop");
        CHECK(cfg.options == option_list{{"sslmode", "require"}, {"connect_timeout", "5"}});
    }
    SECTION("postgres alias, no user, no port") {
        const auto cfg = config::from_url("postgres://localhost/shop");
        CHECK(cfg.backend == backend_kind::postgresql);
        CHECK(cfg.user.empty());
        CHECK(cfg.password.empty());
        CHECK(cfg.host == "localhost");
        CHECK_FALSE(cfg.port.has_value());
        CHECK(cfg.database == "shop");
        CHECK(cfg.options.empty());
    }
    SECTION("user without password") {
        const auto cfg = config::from_url("postgresql://app@127.0.0.1:5432/shop");
        CHECK(cfg.user == "app");
        CHECK(cfg.password.empty());
        CHECK(cfg.host == "127.0.0.1");
        CHECK(cfg.port == std::optional<std::uint16_t>(5432));
    }
    SECTION("empty password after ':'") {
        const auto cfg = config::from_url("postgresql://app:@h/shop");
        CHECK(cfg.user == "app");
        CHECK(cfg.password.empty());
    }
    SECTION("port limits") {
        CHECK(config::from_url("postgresql://h:1/d").port == std::optional<std::uint16_t>(1));
        CHECK(config::from_url("postgresql://h:65535/d").port == std::optional<std::uint16_t>(65535));
        CHECK(config::from_url("postgresql://h:05432/d").port == std::optional<std::uint16_t>(5432));
    }
    SECTION("empty query") {
        CHECK(config::from_url("postgresql://h/d?").options.empty());
    }
}

TEST_CASE("MySQL and MariaDB URLs", "[dry][config]") {
    const auto my = config::from_url("mysql://root:pw@db:3306/shop?charset=utf8mb4");
    CHECK(my.backend == backend_kind::mysql);
    CHECK(my.user == "root");
    CHECK(my.password == "pw");
    CHECK(my.host == "db");
    CHECK(my.port == std::optional<std::uint16_t>(3306));
    CHECK(my.database == "shop");
    CHECK(my.options == option_list{{"charset", "utf8mb4"}});

    const auto maria = config::from_url("mariadb://root:pw@db:3306/shop?charset=utf8mb4");
    CHECK(maria.backend == backend_kind::mysql);
    CHECK(maria.user == my.user);
    CHECK(maria.password == my.password);
    CHECK(maria.host == my.host);
    CHECK(maria.port == my.port);
    CHECK(maria.database == my.database);
    CHECK(maria.options == my.options);
    CHECK(maria.masked_url() == my.masked_url());
    CHECK(maria.masked_url() == "mysql://root:***@db:3306/shop?charset=utf8mb4");
}

TEST_CASE("percent-decoding of user, password, database and options", "[dry][config]") {
    const auto cfg = config::from_url(
        "postgresql://us%40er%3Ax:s3cr%3At%2F%25%40@db:5432/"
        "my%20db%2Fx?app%20name=a%26b%3Dc&empty=&u=%C3%A9");
    CHECK(cfg.user == "us@er:x");
    CHECK(cfg.password == "s3cr:t/%@");
    CHECK(cfg.host == "db");
    CHECK(cfg.database == "my db/x");
    CHECK(cfg.options == option_list{{"app name", "a&b=c"}, {"empty", ""}, {"u", "\xC3\xA9"}});
    CHECK(cfg.option("app name") == std::optional<std::string>("a&b=c"));
    CHECK(cfg.option("empty") == std::optional<std::string>(""));
    // '+' is not a space in a URL
    CHECK(config::from_url("mysql://h/d?x=a+b").option("x") == std::optional<std::string>("a+b"));
    // upper- and lower-case hex digits
    CHECK(config::from_url("mysql://u:%3a%3A@h/d").password == "::");
}

TEST_CASE("IPv6 hosts", "[dry][config]") {
    SECTION("with port") {
        const auto cfg = config::from_url("postgresql://app:s3cr%3At@[::1]:5432/shop");
        CHECK(cfg.host == "::1");
        CHECK(cfg.port == std::optional<std::uint16_t>(5432));
        CHECK(cfg.user == "app");
        CHECK(cfg.password == "s3cr:t");
        CHECK(cfg.database == "shop");
        CHECK(cfg.masked_url() == "postgresql://app:***@[::1]:5432/shop");
    }
    SECTION("without port") {
        const auto cfg = config::from_url("mysql://[2001:db8::ff00:42:8329]/shop");
        CHECK(cfg.host == "2001:db8::ff00:42:8329");
        CHECK_FALSE(cfg.port.has_value());
        CHECK(cfg.masked_url() == "mysql://[2001:db8::ff00:42:8329]/shop");
    }
    SECTION("IPv4-mapped") {
        CHECK(config::from_url("postgresql://[::ffff:127.0.0.1]:1/d").host == "::ffff:127.0.0.1");
    }
}

TEST_CASE("option order is kept and option() finds by name", "[dry][config]") {
    const auto cfg = config::from_url("postgresql://h/d?zeta=1&alpha=2&mid=3");
    CHECK(cfg.options == option_list{{"zeta", "1"}, {"alpha", "2"}, {"mid", "3"}});
    CHECK(cfg.option("zeta") == std::optional<std::string>("1"));
    CHECK(cfg.option("alpha") == std::optional<std::string>("2"));
    CHECK(cfg.option("mid") == std::optional<std::string>("3"));
    CHECK_FALSE(cfg.option("Alpha").has_value());
    CHECK_FALSE(cfg.option("").has_value());
}

TEST_CASE("unknown or missing scheme", "[dry][config]") {
    const std::string accepted = "sqlite, sqlite3, postgresql, postgres, mysql, mariadb";
    check_rejected("oracle://app:s3cr%3At@h/d", "unknown scheme 'oracle'");
    check_rejected("oracle://app:s3cr%3At@h/d", accepted);
    check_rejected("http://h/d", "unknown scheme 'http'");
    check_rejected("app:s3cr%3At@h/d", "missing '://'");
    check_rejected("postgresql:app:s3cr%3At@h/d", "missing '://'");
    check_rejected("://app:s3cr%3At@h/d", "missing scheme");
    check_rejected("app:s3cr%3At@h://x/d", "bad scheme");
    check_rejected("postgre sql://app:s3cr%3At@h/d", "whitespace");
    check_rejected("postgresql//app:s3cr%3At@h/d", "missing '://'");
    check_rejected("postgresql:/app:s3cr%3At@h/d", "missing '://'");
    check_rejected("post/gresql://app:s3cr%3At@h/d", "bad scheme");
    check_rejected("", "empty URL");
}

TEST_CASE("broken SQLite URLs", "[dry][config]") {
    check_rejected("sqlite://", "missing database path");
    check_rejected("sqlite:///", "missing database path");
    check_rejected("sqlite://?journal_mode=WAL", "missing database path");
    check_rejected("sqlite://localhost/app.db", "no user or host");
    check_rejected("sqlite://app@/app.db", "no user or host");
    check_rejected("sqlite://app:s3cr%3At@localhost/app.db", "no user or host");
    check_rejected("sqlite:///app%2.db", "malformed percent-escape in the database path");
    check_rejected("sqlite:///app.db?journal_mode", "without '='");
}

TEST_CASE("broken server URLs", "[dry][config]") {
    SECTION("missing host") {
        check_rejected("postgresql://app:s3cr%3At@/shop", "missing host");
        check_rejected("postgresql://app:s3cr%3At@:5432/shop", "missing host");
        check_rejected("mysql:///shop", "missing host");
        check_rejected("mysql://app:s3cr%3At@[]:5432/shop", "bad IPv6 host");
    }
    SECTION("bad port") {
        for (const char* url :
             {"postgresql://app:s3cr%3At@h:0/shop", "postgresql://app:s3cr%3At@h:65536/shop",
              "postgresql://app:s3cr%3At@h:99999999999999999999/shop", "postgresql://app:s3cr%3At@h:/shop",
              "postgresql://app:s3cr%3At@h:54a/shop", "postgresql://app:s3cr%3At@h:-1/shop",
              "postgresql://app:s3cr%3At@h:+5/shop", "postgresql://app:s3cr%3At@h:00000/shop",
              "mysql://app:s3cr%3At@[::1]:x/shop", "mysql://app:s3cr%3At@::1:3306/shop"})
            check_rejected(url, "bad port");
    }
    SECTION("missing database name") {
        check_rejected("postgresql://app:s3cr%3At@h:5432", "missing database name");
        check_rejected("postgresql://app:s3cr%3At@h:5432/", "missing database name");
        check_rejected("postgresql://app:s3cr%3At@h:5432?sslmode=disable", "missing database name");
        check_rejected("postgresql://app:s3cr%3At@h:5432/?sslmode=disable", "missing database name");
        check_rejected("mysql://app:s3cr%3At@h/shop/extra", "'/' in the database name");
    }
    SECTION("malformed percent escapes") {
        check_rejected("postgresql://ap%zz:s3cr%3At@h/shop", "malformed percent-escape in the user name");
        check_rejected("postgresql://app:s3cr%3At%@h/shop", "malformed percent-escape in the password");
        check_rejected("postgresql://app:s3cr%3At%4@h/shop", "malformed percent-escape in the password");
        check_rejected("postgresql://app:s3cr%3At%g0@h/shop", "malformed percent-escape in the password");
        check_rejected("postgresql://app:s3cr%3At@h/sh%op", "malformed percent-escape in the database name");
        check_rejected("postgresql://app:s3cr%3At@h/shop%", "malformed percent-escape in the database name");
        check_rejected("postgresql://app:s3cr%3At@h/shop?a%2=1",
                       "malformed percent-escape in an option name");
        check_rejected("postgresql://app:s3cr%3At@h/shop?a=%%",
                       "malformed percent-escape in the value of option 'a'");
        check_rejected("postgresql://app:s3cr%3At%00@h/shop", "%00");
    }
    SECTION("bad options") {
        check_rejected("postgresql://app:s3cr%3At@h/shop?=1", "empty option name");
        check_rejected("postgresql://app:s3cr%3At@h/shop?a=1&&b=2", "empty option name");
        check_rejected("postgresql://app:s3cr%3At@h/shop?a=1&", "empty option name");
        check_rejected("postgresql://app:s3cr%3At@h/shop?&a=1", "empty option name");
        check_rejected("postgresql://app:s3cr%3At@h/shop?sslmode", "option without '='");
        check_rejected("postgresql://app:s3cr%3At@h/shop?a=1&sslmode", "option without '='");
        check_rejected("postgresql://app:s3cr%3At@h/shop?a=1&a=2", "option 'a' given twice");
    }
    SECTION("stray characters") {
        check_rejected("postgresql://app:s3cr%3At@h/shop ",
                       "whitespace or a control character at position 32");
        check_rejected(" postgresql://app:s3cr%3At@h/shop",
                       "whitespace or a control character at position 0");
        check_rejected("postgresql://app:s3cr%3At@h/my shop", "whitespace or a control character");
        check_rejected("postgresql://app:s3cr %3At@h/shop", "whitespace or a control character");
        check_rejected("postgresql://app:s3cr%3At@h/shop\n", "whitespace or a control character");
        check_rejected("postgresql://app:s3cr%3At@h\t/shop", "whitespace or a control character");
        check_rejected("postgresql://app:s3cr%3At@h/sh\x01op", "whitespace or a control character");
        check_rejected("postgresql://app:s3cr%3At@h/sh\x7fop", "whitespace or a control character");
        check_rejected("postgresql://app:s3cr%3At@x@h/shop", "unescaped '@'");
        check_rejected("postgresql://app@x:s3cr%3At@h/shop", "unescaped '@'");
        check_rejected("postgresql://app:s3cr%3At@h/shop#top", "'#'");
        check_rejected("postgresql://app:s3cr#%3At@h/shop", "'#'");
        check_rejected("postgresql://:s3cr%3At@h/shop", "missing user name");
        check_rejected("postgresql://app:s3cr%3At@h_!/shop", "bad host name");
        check_rejected("postgresql://app:s3cr%3At@[::1/shop", "unterminated IPv6 host");
        check_rejected("postgresql://app:s3cr%3At@[::1]x/shop", "after the IPv6 host");
        check_rejected("postgresql://app:s3cr%3At@[db]/shop", "bad IPv6 host");
    }
}

TEST_CASE("error messages show the URL with the password masked", "[dry][config]") {
    CHECK(error_message("postgresql://app:s3cr%3At@db:99999/shop") ==
          "invalid database URL 'postgresql://app:***@db:99999/shop': bad port (expected a number from 1 to "
          "65535)");
    CHECK(error_message("oracle://app:s3cr%3At@db/shop") ==
          "invalid database URL 'oracle://app:***@db/shop': unknown scheme 'oracle' "
          "(accepted: sqlite, sqlite3, postgresql, postgres, mysql, mariadb)");
    CHECK(error_message("mysql://app:s3cr%3At@x@db/shop") ==
          "invalid database URL 'mysql://app:***@db/shop': unescaped '@' in the user or password (write it "
          "as %40)");
    // a control character is shown escaped, so the message stays on one line
    CHECK(error_message("mysql://app:s3cr%3At@db/shop\n").find("mysql://app:***@db/shop\\x0a'") !=
          std::string::npos);
    // a password with an unescaped '/' is still not shown
    const std::string slash = error_message("postgresql://app:s3cr/%3At@db/shop");
    CHECK_FALSE(slash.empty());
    CHECK(slash.find("s3cr") == std::string::npos);
    CHECK(slash.find("3At") == std::string::npos);
}

TEST_CASE("mask_password", "[dry][config]") {
    SECTION("URLs that parse") {
        CHECK(mask_password("postgresql://app:s3cr%3At@db:5432/shop") == "postgresql://app:***@db:5432/shop");
        CHECK(mask_password("mysql://app:pw@[::1]:3306/shop?charset=utf8mb4") ==
              "mysql://app:***@[::1]:3306/shop?charset=utf8mb4");
        CHECK(mask_password("postgresql://app@db/shop") == "postgresql://app@db/shop");
        CHECK(mask_password("postgresql://app:@db/shop") == "postgresql://app:@db/shop");
        CHECK(mask_password("postgresql://db:5432/shop") == "postgresql://db:5432/shop");
        CHECK(mask_password("postgresql://[::1]:5432/shop") == "postgresql://[::1]:5432/shop");
        CHECK(mask_password("sqlite:///app.db") == "sqlite:///app.db");
        CHECK(mask_password("sqlite://:memory:") == "sqlite://:memory:");
        CHECK(mask_password("sqlite:////tmp/a@b.db") == "sqlite:////tmp/a@b.db");
    }
    SECTION("text that does not parse") {
        CHECK(mask_password("") == "");
        CHECK(mask_password("not a url") == "not a url");
        CHECK(mask_password("postgresql://app:s3cr%3At@x@db/shop") == "postgresql://app:***@db/shop");
        CHECK(mask_password("postgresql://app:s3cr%3At@db:port?/shop") ==
              "postgresql://app:***@db:port?/shop");
        CHECK(mask_password("oracle://app:s3cr t@db") == "oracle://app:***@db");
        CHECK(mask_password("app:s3cr%3At@db/shop") == "app:***@db/shop");
        CHECK(mask_password("postgresql:app:s3cr%3At@db/shop") == "postgresql:***@db/shop");
        CHECK(mask_password("postgresql://app:s3cr/t@db/shop") == "postgresql://app:***@db/shop");
        CHECK(mask_password("postgresql:///app:s3cr%3At@db/shop") == "postgresql:///app:***@db/shop");
        CHECK(mask_password("postgresql://db:5432/shop?x=a@b") == "postgresql://db:5432/shop?x=a@b");
        CHECK(mask_password("postgresql//app:s3cr%3At@db/shop") == "postgresql//app:***@db/shop");
        CHECK(mask_password("postgresql:/app:s3cr%3At@db/shop") == "postgresql:/app:***@db/shop");
        CHECK(mask_password("postgres ql://app:s3cr%3At@db/shop") == "postgres ql://app:***@db/shop");
        CHECK(mask_password("://app:s3cr%3At@db/shop") == "://app:***@db/shop");
        CHECK(mask_password("app:s3cr%3At@db://x/shop") == "app:***@db://x/shop");
    }
    SECTION("secret options") {
        CHECK(mask_password("postgresql://db/shop?sslmode=require&sslpassword=s3cr%3At&x=1") ==
              "postgresql://db/shop?sslmode=require&sslpassword=***&x=1");
        CHECK(mask_password("mysql://app:s3cr%3At@db/shop?password=s3cr") ==
              "mysql://app:***@db/shop?password=***");
    }
}

TEST_CASE("masked_url", "[dry][config]") {
    SECTION("normalised schemes") {
        CHECK(config::from_url("postgres://app:s3cr%3At@db:5432/shop").masked_url() ==
              "postgresql://app:***@db:5432/shop");
        CHECK(config::from_url("mariadb://db/shop").masked_url() == "mysql://db/shop");
        CHECK(config::from_url("sqlite3:///app.db").masked_url() == "sqlite:///app.db");
        CHECK(config::from_url("SQLITE:////abs/path.db").masked_url() == "sqlite:////abs/path.db");
        CHECK(config::from_url("sqlite:///:memory:").masked_url() == "sqlite://:memory:");
    }
    SECTION("no password, no '***'") {
        CHECK(config::from_url("postgresql://app@db/shop").masked_url() == "postgresql://app@db/shop");
        CHECK(config::from_url("postgresql://app:@db/shop").masked_url() == "postgresql://app@db/shop");
    }
    SECTION("encoding and round trip") {
        const auto cfg = config::from_url(
            "postgresql://us%40er:s3cr%3At@db:6543/my%20db%2Fx?app%20name=a%26b%3Dc&z=%2B&empty=");
        const std::string masked = cfg.masked_url();
        CHECK(masked == "postgresql://us%40er:***@db:6543/my%20db%2Fx?app%20name=a%26b%3Dc&z=%2B&empty=");
        CHECK(masked.find("s3cr") == std::string::npos);
        const auto again = config::from_url(masked);
        CHECK(again.backend == cfg.backend);
        CHECK(again.user == cfg.user);
        CHECK(again.password == "***");
        CHECK(again.host == cfg.host);
        CHECK(again.port == cfg.port);
        CHECK(again.database == cfg.database);
        CHECK(again.options == cfg.options);
    }
    SECTION("SQLite path encoding round trip") {
        const auto cfg = config::from_url("sqlite:///my%20dir/a%3Fb%25.db?journal_mode=WAL");
        CHECK(cfg.database == "my dir/a?b%.db");
        CHECK(cfg.masked_url() == "sqlite:///my%20dir/a%3Fb%25.db?journal_mode=WAL");
        CHECK(config::from_url(cfg.masked_url()).database == cfg.database);
    }
    SECTION("hand-built config") {
        config cfg;
        cfg.backend = backend_kind::mysql;
        cfg.user = "root";
        cfg.password = "s3cr:t";
        cfg.host = "db";
        cfg.database = "shop";
        cfg.options = {{"sslpassword", "s3cr:t"}, {"charset", "utf8mb4"}};
        CHECK(cfg.masked_url() == "mysql://root:***@db/shop?sslpassword=***&charset=utf8mb4");
    }
}

TEST_CASE("from_env reads DATABASE_URL", "[dry][config]") {
    SECTION("set") {
        database_url_guard guard("postgresql://app:s3cr%3At@db:5432/shop?sslmode=disable");
        const auto cfg = config::from_env();
        CHECK(cfg.backend == backend_kind::postgresql);
        CHECK(cfg.user == "app");
        CHECK(cfg.password == "s3cr:t");
        CHECK(cfg.host == "db");
        CHECK(cfg.port == std::optional<std::uint16_t>(5432));
        CHECK(cfg.database == "shop");
        CHECK(cfg.options == option_list{{"sslmode", "disable"}});
    }
    SECTION("unset: cormorant.db in the working directory") {
        database_url_guard guard(nullptr);
        const auto cfg = config::from_env();
        CHECK(cfg.backend == backend_kind::sqlite);
        CHECK(cfg.database == "cormorant.db");
        CHECK(cfg.options.empty());
        CHECK(cfg.masked_url() == config::default_url);
    }
    SECTION("empty counts as unset") {
        database_url_guard guard("");
        CHECK(config::from_env().database == "cormorant.db");
    }
    SECTION("invalid") {
        database_url_guard guard("postgresql://app:s3cr%3At@db:0/shop");
        CHECK_THROWS_AS(config::from_env(), config_error);
        try {
            (void)config::from_env();
        } catch (const config_error& e) {
            const std::string message = e.what();
            CHECK(message.find("bad port") != std::string::npos);
            CHECK(message.find("s3cr") == std::string::npos);
        }
    }
    SECTION("the guard restores the previous value") {
        std::optional<std::string> before;
        if (const char* v = std::getenv("DATABASE_URL")) before = std::string(v);
        {
            database_url_guard guard("mysql://db/x");
            CHECK(std::string(std::getenv("DATABASE_URL")) == "mysql://db/x");
        }
        const char* after = std::getenv("DATABASE_URL");
        CHECK(before.has_value() == (after != nullptr));
        if (before && after) CHECK(*before == after);
    }
}

// Translation of user-facing database URLs into the connection strings SOCI's
// backends take: libpq keywords for PostgreSQL, SOCI's keys for MySQL, and
// the file path for SQLite. Exact strings; no server needed.

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "../../src/connection/driver.hpp"
#include "cormorant/config.hpp"
#include "cormorant/errors.hpp"

using cormorant::config;
using cormorant::config_error;
using cormorant::detail::soci_connect_string;

namespace {

std::string translate(std::string_view url) {
    return soci_connect_string(config::from_url(url));
}

/// The message of the config_error the translation throws, or "" when it throws none.
std::string translation_error(std::string_view url) {
    try {
        (void)translate(url);
    } catch (const config_error& e) {
        return e.what();
    }
    return {};
}

constexpr std::string_view pg_options = " options='-c client_min_messages=warning'";

}  // namespace

TEST_CASE("PostgreSQL URLs become libpq keyword strings", "[dry][connect]") {
    CHECK(translate("postgresql://app:secret@db.example:5433/shop") ==
          "host=db.example port=5433 dbname=shop user=app password=secret" + std::string(pg_options));
    SECTION("the port defaults to 5432; user and password are left out when absent") {
        CHECK(translate("postgres://localhost/shop") ==
              "host=localhost port=5432 dbname=shop" + std::string(pg_options));
        CHECK(translate("postgresql://app@localhost/shop") ==
              "host=localhost port=5432 dbname=shop user=app" + std::string(pg_options));
    }
    SECTION("an IPv6 host loses its brackets") {
        CHECK(translate("postgresql://u:p@[::1]:6000/d") ==
              "host=::1 port=6000 dbname=d user=u password=p" + std::string(pg_options));
    }
    SECTION("values with spaces, quotes or backslashes are quoted and escaped") {
        // password: it's a \secret ; database: my db
        CHECK(translate("postgresql://o%27neil:it%27s%20a%20%5Csecret@h/my%20db") ==
              "host=h port=5432 dbname='my db' user='o\\'neil' password='it\\'s a \\\\secret'" +
                  std::string(pg_options));
        // '=' and '@' need no quoting in libpq values.
        CHECK(translate("postgresql://u:a%3Db%40c@h/d") ==
              "host=h port=5432 dbname=d user=u password=a=b@c" + std::string(pg_options));
    }
    SECTION("libpq options are passed through in URL order; pool options are cormorant's own") {
        CHECK(translate("postgresql://u:p@h/d?sslmode=require&pool_size=8&application_name=my%20app"
                        "&connect_timeout=5&target_session_attrs=read-write&pool_timeout=2") ==
              "host=h port=5432 dbname=d user=u password=p" + std::string(pg_options) +
                  " sslmode=require application_name='my app' connect_timeout=5 "
                  "target_session_attrs=read-write");
        CHECK(translate("postgresql://h/d?sslrootcert=/etc/ssl/ca.pem&sslcert=/c.pem&sslkey=/k.pem"
                        "&keepalives=1&keepalives_idle=30&gssencmode=disable&channel_binding=prefer") ==
              "host=h port=5432 dbname=d" + std::string(pg_options) +
                  " sslrootcert=/etc/ssl/ca.pem sslcert=/c.pem sslkey=/k.pem keepalives=1 keepalives_idle=30"
                  " gssencmode=disable channel_binding=prefer");
    }
    SECTION("an unknown option is a config_error naming it, with the password masked") {
        const std::string msg =
            translation_error("postgresql://u:Zq9secretpw@h/d?sslmode=require&colour=blue");
        INFO(msg);
        CHECK(msg.find("unknown PostgreSQL option 'colour'") != std::string::npos);
        CHECK(msg.find("postgresql://u:***@h/d?sslmode=require&colour=blue") != std::string::npos);
        CHECK(msg.find("Zq9secretpw") == std::string::npos);
        // Keywords cormorant sets itself cannot be overridden from the URL.
        CHECK(
            translation_error("postgresql://h/d?options=-cfoo").find("unknown PostgreSQL option 'options'") !=
            std::string::npos);
        CHECK(translation_error("postgresql://h/d?password=x").find("unknown PostgreSQL option 'password'") !=
              std::string::npos);
        CHECK(translation_error("postgresql://h/d?password=x").find("password=x") == std::string::npos);
    }
}

TEST_CASE("MySQL and MariaDB URLs become SOCI MySQL strings", "[dry][connect]") {
    CHECK(translate("mysql://app:secret@db.example:3307/shop") ==
          "host=db.example port=3307 db=shop user=app password=secret charset=utf8mb4");
    CHECK(translate("mariadb://app:secret@127.0.0.1/shop") ==
          "host=127.0.0.1 port=3306 db=shop user=app password=secret charset=utf8mb4");
    CHECK(translate("mysql://localhost/shop") == "host=localhost port=3306 db=shop charset=utf8mb4");
    SECTION("values with spaces, quotes or backslashes are quoted and escaped") {
        CHECK(translate("mysql://o%27neil:it%27s%20a%20%5Csecret@h/my%20db") ==
              "host=h port=3306 db='my db' user='o\\'neil' password='it\\'s a \\\\secret' charset=utf8mb4");
    }
    SECTION("SOCI's MySQL keys are passed through; pool_size and returning are cormorant's own") {
        CHECK(translate("mysql://u:p@h/d?connect_timeout=5&pool_size=8&returning=off&read_timeout=30"
                        "&write_timeout=30&sslca=/etc/ssl/ca.pem&sslcert=/c.pem&sslkey=/k.pem&local_infile=0"
                        "&unix_socket=/run/mysqld/mysqld.sock&pool_timeout=1") ==
              "host=h port=3306 db=d user=u password=p charset=utf8mb4 connect_timeout=5 read_timeout=30"
              " write_timeout=30 sslca=/etc/ssl/ca.pem sslcert=/c.pem sslkey=/k.pem local_infile=0"
              " unix_socket=/run/mysqld/mysqld.sock");
        CHECK(translate("mysql://h/d?returning=on") == "host=h port=3306 db=d charset=utf8mb4");
        // charset is accepted with the one value cormorant sets anyway.
        CHECK(translate("mysql://h/d?charset=utf8mb4") == "host=h port=3306 db=d charset=utf8mb4");
    }
    SECTION("unknown options and bad values are config_errors naming them, with the password masked") {
        const std::string msg = translation_error("mariadb://u:Zq9secretpw@h/d?sslmode=require");
        INFO(msg);
        CHECK(msg.find("unknown MySQL option 'sslmode'") != std::string::npos);
        CHECK(msg.find("mysql://u:***@h/d?sslmode=require") != std::string::npos);
        CHECK(msg.find("Zq9secretpw") == std::string::npos);
        // SOCI would accept these, but cormorant sets the character set itself and
        // a silent reconnect would lose the session settings and transaction.
        CHECK(translation_error("mysql://h/d?charset=latin1").find("option 'charset' must be 'utf8mb4'") !=
              std::string::npos);
        CHECK(translation_error("mysql://h/d?reconnect=1").find("unknown MySQL option 'reconnect'") !=
              std::string::npos);
        CHECK(translation_error("mysql://h/d?returning=maybe")
                  .find("option 'returning' must be 'on' or 'off'") != std::string::npos);
    }
}

TEST_CASE("SQLite URLs become SOCI's db= key", "[dry][connect]") {
    CHECK(translate("sqlite:////var/lib/app/app.db") == "db=\"/var/lib/app/app.db\"");
    CHECK(translate("sqlite:///data/my%20app.db?busy_timeout=100") == "db=\"data/my app.db\"");
    CHECK(translate("sqlite://:memory:") == "db=\":memory:\"");
    CHECK(translation_error("sqlite:///app.db?sslmode=require").find("unknown SQLite option 'sslmode'") !=
          std::string::npos);
}

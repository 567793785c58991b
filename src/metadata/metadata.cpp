#include "cormorant/metadata.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "cormorant/errors.hpp"

namespace cormorant {

std::string snake_case(std::string_view name) {
    std::string out;
    out.reserve(name.size() + 4);
    for (std::size_t i = 0; i < name.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        if (std::isupper(c)) {
            // A new word starts at an upper-case letter that follows a lower-case
            // letter or digit, or that ends a run of capitals ("HTTPServer").
            const bool after_lower = i > 0 && (std::islower(static_cast<unsigned char>(name[i - 1])) ||
                                               std::isdigit(static_cast<unsigned char>(name[i - 1])));
            const bool ends_run = i > 0 && std::isupper(static_cast<unsigned char>(name[i - 1])) &&
                                  i + 1 < name.size() &&
                                  std::islower(static_cast<unsigned char>(name[i + 1]));
            if (!out.empty() && out.back() != '_' && (after_lower || ends_run)) out += '_';
            out += static_cast<char>(std::tolower(c));
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

const column_info* table_info::find_column(std::string_view n) const {
    for (const auto& c : columns)
        if (c.name == n) return &c;
    return nullptr;
}

bool table_info::is_indexed(std::size_t column) const {
    auto contains = [&](const std::vector<index_info>& list) {
        return std::any_of(list.begin(), list.end(), [&](const index_info& ix) {
            return std::find(ix.columns.begin(), ix.columns.end(), column) != ix.columns.end();
        });
    };
    return contains(uniques) || contains(indexes);
}

value table_info::get(const void* object, std::size_t column) const {
    try {
        return columns[column].get(object);
    } catch (const value_error& e) {
        throw value_error(name + "." + columns[column].name + ": " + e.what());
    }
}

void table_info::set(void* object, std::size_t column, const value& v) const {
    if (!columns[column].set)
        throw schema_error("cormorant: " + type_name + "::" + columns[column].field +
                           " is const, so rows of " + name + " cannot be read into objects");
    try {
        columns[column].set(object, v);
    } catch (const value_error& e) {
        throw value_error(name + "." + columns[column].name + ": " + e.what());
    }
}

bool table_info::key_unassigned(const void* object) const {
    const column_info& k = key_column();
    if (!k.generated) return false;
    const value v = k.get(object);
    return !v.is_null() && v.as_int() == 0;
}

namespace detail {

void table_builder::add_column(column_info c) {
    t_.columns.push_back(std::move(c));
}

std::size_t table_builder::column_of_field(std::size_t field_index) const {
    for (std::size_t i = 0; i < t_.columns.size(); ++i)
        if (t_.columns[i].field_index == field_index) return i;
    // Compile-time checks make this unreachable for well-formed traits.
    throw schema_error("cormorant: field #" + std::to_string(field_index) + " of " + t_.type_name +
                       " is not a column");
}

void table_builder::rename(std::size_t field_index, std::string_view name) {
    t_.columns[column_of_field(field_index)].name = std::string(name);
}

void table_builder::set_key(std::size_t field_index, bool integer_key) {
    key_field_ = field_index;
    integer_key_ = integer_key;
}

void table_builder::set_version(std::size_t field_index) {
    version_field_ = field_index;
}
void table_builder::set_cascade_delete(std::size_t field_index) {
    cascade_fields_.push_back(field_index);
}

void table_builder::set_created_at(std::size_t field_index) {
    created_field_ = field_index;
}
void table_builder::set_updated_at(std::size_t field_index) {
    updated_field_ = field_index;
}

void table_builder::set_object_ops(std::shared_ptr<void> (*make)(),
                                   std::shared_ptr<void> (*clone)(const void*)) {
    t_.make = make;
    t_.clone = clone;
}

void table_builder::add_unique(std::vector<std::size_t> f) {
    unique_fields_.push_back(std::move(f));
}
void table_builder::add_index(std::vector<std::size_t> f) {
    index_fields_.push_back(std::move(f));
}

void table_builder::set_defaults() {
    if (!t_.make) return;
    const std::shared_ptr<void> fresh = t_.make();
    if (!fresh) return;
    for (column_info& c : t_.columns) {
        // 0 in a ref column names no row; the epoch (or an invalid date) is
        // hardly meant as a default, and a clock default is created_at's job.
        if (c.key || c.references || c.type == sql_type::timestamp || c.type == sql_type::date) continue;
        value v;
        try {
            v = c.get(fresh.get());
        } catch (...) {
            // A default is an extra: a user type that cannot convert its
            // default-constructed value leaves the column without one rather
            // than the model unusable.
            continue;
        }
        if (!v.is_null()) c.default_value = std::move(v);
    }
}

table_info table_builder::finish(std::string_view type_name, std::string_view unqualified,
                                 std::optional<std::string_view> table) {
    t_.type_name = std::string(type_name);
    t_.name = table ? std::string(*table) : snake_case(unqualified);
    t_.key = column_of_field(*key_field_);
    auto& key = t_.columns[t_.key];
    key.key = true;
    key.generated = integer_key_;
    if (key.nullable)
        throw schema_error("cormorant: the key of " + t_.type_name + " (" + key.field +
                           ") cannot be optional");

    if (version_field_) {
        t_.version = column_of_field(*version_field_);
        const column_info& v = t_.columns[*t_.version];
        if (v.type != sql_type::int16 && v.type != sql_type::int32 && v.type != sql_type::int64)
            throw schema_error("cormorant: the version field of " + t_.type_name + " (" + v.field +
                               ") must be an integer");
        if (*t_.version == t_.key)
            throw schema_error("cormorant: the version field of " + t_.type_name + " cannot be its key");
        t_.columns[*t_.version].version = true;
    }
    auto timestamp = [&](std::optional<std::size_t> field, const char* what) -> std::optional<std::size_t> {
        if (!field) return std::nullopt;
        const std::size_t i = column_of_field(*field);
        if (i == t_.key || t_.version == i)
            throw schema_error("cormorant: the " + std::string(what) + " field of " + t_.type_name + " (" +
                               t_.columns[i].field + ") cannot be its key or its version");
        return i;
    };
    t_.created_at = timestamp(created_field_, "created_at");
    t_.updated_at = timestamp(updated_field_, "updated_at");
    if (t_.created_at) t_.columns[*t_.created_at].created_at = true;
    if (t_.updated_at) t_.columns[*t_.updated_at].updated_at = true;
    set_defaults();

    for (std::size_t f : cascade_fields_) {
        column_info& c = t_.columns[column_of_field(f)];
        if (!c.references)
            throw schema_error("cormorant: cascade_delete of " + t_.type_name + " names " + c.field +
                               ", which is not a ref");
        c.cascade_delete = true;
    }

    auto make = [&](const std::vector<std::size_t>& fields, bool unique) {
        index_info ix;
        ix.unique = unique;
        ix.name = (unique ? "uq_" : "ix_") + t_.name;
        for (std::size_t f : fields) {
            ix.columns.push_back(column_of_field(f));
            ix.name += "_" + t_.columns[ix.columns.back()].name;
        }
        return ix;
    };
    for (const auto& f : unique_fields_) t_.uniques.push_back(make(f, true));
    for (const auto& f : index_fields_) t_.indexes.push_back(make(f, false));

    std::set<std::string> names;
    for (const auto& c : t_.columns)
        if (!names.insert(c.name).second)
            throw schema_error("cormorant: two fields of " + t_.type_name + " map to the column " + c.name);
    return std::move(t_);
}

}  // namespace detail
}  // namespace cormorant

// Checks that the code in a guide is the code of a compiled example. In the
// guide, every ```cpp block follows a marker line
//
//     <!-- snippet: examples/session_graph.cpp [graph] -->
//
// and must equal the lines between the two `//! [graph]` comments of that
// file, with their common indentation removed.
//
//     check_quotes SOURCE_DIR GUIDE.md...
#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace {

std::optional<std::vector<std::string>> read_lines(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

/// The lines between the two `//! [name]` markers, dedented; nullopt when the
/// markers are not there twice.
std::optional<std::vector<std::string>> snippet(const std::vector<std::string>& file,
                                                const std::string& name) {
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < file.size(); ++i)
        if (trim(file[i]) == "//! [" + name + "]") at.push_back(i);
    if (at.size() != 2) return std::nullopt;
    std::vector<std::string> out(file.begin() + static_cast<long>(at[0]) + 1,
                                 file.begin() + static_cast<long>(at[1]));
    std::size_t indent = std::string::npos;
    for (const auto& l : out)
        if (!trim(l).empty()) indent = std::min(indent, l.find_first_not_of(' '));
    for (auto& l : out) l = trim(l).empty() ? std::string() : l.substr(indent);
    return out;
}

int check_guide(const std::string& root, const std::string& guide) {
    const auto doc = read_lines(guide);
    if (!doc) {
        std::cerr << guide << ": cannot read\n";
        return 1;
    }
    static const std::regex marker(R"(<!-- snippet: (\S+) \[([\w-]+)\] -->)");
    int failures = 0, blocks = 0;
    for (std::size_t i = 0; i < doc->size(); ++i) {
        if ((*doc)[i] != "```cpp") continue;
        ++blocks;
        std::smatch m;
        if (i == 0 || !std::regex_match((*doc)[i - 1], m, marker)) {
            std::cerr << guide << ":" << i + 1 << ": a cpp block without a snippet marker\n";
            ++failures;
            continue;
        }
        std::vector<std::string> quoted;
        std::size_t j = i + 1;
        for (; j < doc->size() && (*doc)[j] != "```"; ++j) quoted.push_back((*doc)[j]);
        const std::string file = m[1], name = m[2];
        const auto source = read_lines(root + "/" + file);
        const auto expected = source ? snippet(*source, name) : std::nullopt;
        if (!expected) {
            std::cerr << guide << ":" << i + 1 << ": no snippet [" << name << "] in " << file << "\n";
            ++failures;
        } else if (*expected != quoted) {
            std::size_t k = 0;
            while (k < quoted.size() && k < expected->size() && quoted[k] == (*expected)[k]) ++k;
            std::cerr << guide << ":" << i + 2 + k << ": differs from " << file << " [" << name << "]\n"
                      << "  guide:   " << (k < quoted.size() ? quoted[k] : "(end)") << "\n"
                      << "  example: " << (k < expected->size() ? (*expected)[k] : "(end)") << "\n";
            ++failures;
        }
        i = j;
    }
    std::cout << guide << ": " << blocks << " code blocks, " << failures << " not matching their example\n";
    return failures ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: check_quotes SOURCE_DIR GUIDE.md...\n";
        return 2;
    }
    int rc = 0;
    for (int i = 2; i < argc; ++i) rc |= check_guide(argv[1], argv[i]);
    return rc;
}

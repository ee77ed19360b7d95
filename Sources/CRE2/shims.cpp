// RE2 is a C++ library; Swift sees it only through the C functions of cre2.h.
#include "cre2.h"

#include <re2/re2.h>

#include <cstring>
#include <string>

struct cre2_regexp {
    RE2 regexp;
    cre2_regexp(re2::StringPiece pattern, const RE2::Options &options) : regexp(pattern, options) {}
};

cre2_regexp *cre2_compile(const char *pattern, size_t length, char *error, size_t capacity) {
    RE2::Options options;
    // Refusals reach the user as config errors; RE2 must not also print them on stderr.
    options.set_log_errors(false);
    auto *compiled = new cre2_regexp(re2::StringPiece(pattern, length), options);
    if (compiled->regexp.ok()) {
        return compiled;
    }
    if (capacity > 0) {
        const std::string &reason = compiled->regexp.error();
        size_t count = reason.size() < capacity - 1 ? reason.size() : capacity - 1;
        std::memcpy(error, reason.data(), count);
        error[count] = '\0';
    }
    delete compiled;
    return nullptr;
}

int cre2_full_match(const cre2_regexp *pattern, const char *text, size_t length) {
    return RE2::FullMatch(re2::StringPiece(text, length), pattern->regexp) ? 1 : 0;
}

void cre2_free(cre2_regexp *pattern) {
    delete pattern;
}

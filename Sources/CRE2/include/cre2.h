#ifndef CRE2_H
#define CRE2_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A compiled RE2 pattern, opaque to Swift.
typedef struct cre2_regexp cre2_regexp;

/// Compiles `pattern` (UTF-8, `length` bytes) with RE2's default syntax, which is the syntax of Go's
/// regexp and so of Alertmanager's matchers. Returns NULL when RE2 refuses it, with RE2's reason
/// ("invalid escape sequence: \1") written into `error`, NUL-terminated and cut to `capacity` bytes.
cre2_regexp *cre2_compile(const char *pattern, size_t length, char *error, size_t capacity);

/// Whether `pattern` matches the whole of `text` (UTF-8, `length` bytes), in time linear in `length`.
int cre2_full_match(const cre2_regexp *pattern, const char *text, size_t length);

void cre2_free(cre2_regexp *pattern);

#ifdef __cplusplus
}
#endif

#endif

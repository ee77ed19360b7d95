#ifndef CCRYPTO_H
#define CCRYPTO_H

#include <stddef.h>
#include <stdint.h>

// The three primitives webhook authentication needs, from the system's OpenSSL libcrypto (which libcurl
// already loads), behind plain functions: OpenSSL's own headers pull in macros Swift cannot import.

// SHA-256 of `data` into `digest` (32 bytes). Returns 1 on success.
int ccrypto_sha256(const uint8_t *data, size_t length, uint8_t *digest);

// HMAC-SHA256 of `data` under `key` into `mac` (32 bytes). Returns 1 on success.
int ccrypto_hmac_sha256(const uint8_t *key, size_t key_length, const uint8_t *data, size_t length, uint8_t *mac);

// Whether the `length` bytes at `a` and `b` are equal, in time that does not depend on where they differ.
int ccrypto_equal(const uint8_t *a, const uint8_t *b, size_t length);

#endif

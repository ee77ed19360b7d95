#include "CCrypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

int ccrypto_sha256(const uint8_t *data, size_t length, uint8_t *digest) {
    unsigned int written = 0;
    return EVP_Digest(data, length, digest, &written, EVP_sha256(), NULL) == 1 && written == 32;
}

int ccrypto_hmac_sha256(const uint8_t *key, size_t key_length, const uint8_t *data, size_t length, uint8_t *mac) {
    unsigned int written = 0;
    // An empty key is legal for HMAC, but OpenSSL wants a non-NULL pointer for it.
    static const uint8_t empty = 0;
    return HMAC(EVP_sha256(), key_length ? key : &empty, (int)key_length, data, length, mac, &written) != NULL && written == 32;
}

int ccrypto_equal(const uint8_t *a, const uint8_t *b, size_t length) {
    return CRYPTO_memcmp(a, b, length) == 0;
}

#ifndef CZLIB_H
#define CZLIB_H

#include <stddef.h>
#include <stdint.h>

/// What czlib_inflate made of its input.
typedef enum {
    CZLIB_OK = 0,
    /// The output would be larger than the room given.
    CZLIB_TOO_LARGE = 1,
    /// Not a valid stream of the format asked for, or cut short.
    CZLIB_CORRUPT = 2,
} czlib_status;

/// Inflates a whole gzip (`gzip` != 0) or zlib (`gzip` == 0) stream from `input` into `output`, writing at most
/// `capacity` bytes; stops with CZLIB_TOO_LARGE the moment more would be needed, so a small bomb costs at most
/// `capacity` bytes. `*written` is the size of the output.
czlib_status czlib_inflate(const uint8_t *input, size_t length, uint8_t *output, size_t capacity, size_t *written, int gzip);

#endif

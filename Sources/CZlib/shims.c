#include "CZlib.h"

#include <string.h>
#include <zlib.h>

czlib_status czlib_inflate(const uint8_t *input, size_t length, uint8_t *output, size_t capacity, size_t *written, int gzip) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    // 16 + 15: a gzip wrapper; 15: a zlib wrapper, which is what HTTP's "deflate" means.
    if (inflateInit2(&stream, gzip ? 16 + MAX_WBITS : MAX_WBITS) != Z_OK) return CZLIB_CORRUPT;
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)length;
    stream.next_out = output;
    stream.avail_out = (uInt)capacity;
    int result = inflate(&stream, Z_FINISH);
    *written = capacity - stream.avail_out;
    czlib_status status;
    if (result == Z_STREAM_END && stream.avail_in == 0) {
        status = CZLIB_OK;
    } else if ((result == Z_BUF_ERROR || result == Z_OK) && stream.avail_out == 0) {
        status = CZLIB_TOO_LARGE;
    } else {
        status = CZLIB_CORRUPT;
    }
    inflateEnd(&stream);
    return status;
}

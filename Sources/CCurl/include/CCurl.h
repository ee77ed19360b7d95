#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>

// Swift cannot call C variadic functions, and curl_easy_setopt/getinfo are variadic. These typed
// wrappers are the whole reason this module has C code.

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);

typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *context);
CURLcode ccurl_setopt_write_callback(CURL *handle, ccurl_data_callback callback, void *context);
CURLcode ccurl_setopt_header_callback(CURL *handle, ccurl_data_callback callback, void *context);

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);

#endif

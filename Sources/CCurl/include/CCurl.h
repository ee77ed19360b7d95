#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>

// libcurl is loaded on first use (dlopen), not when the process starts: with the libraries it pulls in
// (GnuTLS, Kerberos, LDAP, SSH, RTMP…) it took 2.7 ms of every start, more than the rest of a one-shot
// `--dry-run`, which never talks to Jira. Every libcurl call goes through these functions.

// Loads libcurl.so.4 and initialises it, once per process; later calls return the first outcome. Returns
// NULL on success, else what went wrong (dlopen's message, or the function libcurl lacks).
const char *ccurl_load(void);

CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *handle);
void ccurl_easy_reset(CURL *handle);
CURLcode ccurl_easy_perform(CURL *handle);
const char *ccurl_easy_strerror(CURLcode code);
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *string);
void ccurl_slist_free_all(struct curl_slist *list);

// Swift cannot call C variadic functions, and curl_easy_setopt/getinfo are variadic: typed wrappers.
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

/*
 * http_parse.h — HTTP/1.x message parsing and formatting, without I/O.
 *
 * The server and the fetch client keep their sockets in async code and
 * hand the bytes they have to these functions, which are plain
 * synchronous C and unit-tested on their own (tests/servers).  Parsers
 * are incremental in the simplest way: given everything received so far
 * they answer "complete, and this long", "need more" or "malformed", and
 * never keep state between calls, except the chunked-body decoder which
 * consumes a stream piece by piece.
 *
 * Strings in parsed results point into the caller's buffer; nothing here
 * allocates.
 */
#ifndef SRV_HTTP_PARSE_H
#define SRV_HTTP_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"

/* Parser results below zero: the status the server answers with. */
enum {
    HTTP_NEED_MORE = 0,
    HTTP_E_BAD_REQUEST = -400,
    HTTP_E_TOO_LARGE = -431,       /* a header line longer than the parser allows */
    HTTP_E_NOT_IMPLEMENTED = -501, /* Transfer-Encoding in a request */
    HTTP_E_VERSION = -505,
};

enum http_method {
    HTTP_GET,
    HTTP_HEAD,
    HTTP_POST,
    HTTP_PUT,
    HTTP_DELETE,
    HTTP_OPTIONS,
    HTTP_OTHER,
};

struct http_request {
    enum http_method method;
    const char *target; /* request-target as sent, not NUL-terminated */
    size_t target_len;
    int minor;          /* HTTP/1.minor */
    int keep_alive;     /* the connection may carry another request */
    uint64_t content_length; /* body bytes that follow the head */
};

/* Parses the request head at buf[0..len).  Returns its length in bytes
 * (request line, headers and the empty line) when it is complete,
 * HTTP_NEED_MORE when it is not yet, or an HTTP_E_* code.  The body, if
 * content_length > 0, follows the head. */
long http_parse_request(const char *buf, size_t len, struct http_request *req);

struct http_response {
    int status;
    int minor;
    int keep_alive;
    int chunked;
    int has_length;          /* else: the body ends when the connection does */
    uint64_t content_length;
};

/* The same for a response head; `head_request` says the response answers
 * a HEAD (no body whatever the headers say). */
long http_parse_response(const char *buf, size_t len, int head_request, struct http_response *res);

/* Incremental decoder of a chunked body: counts the payload and finds its
 * end, discarding the framing. */
struct http_chunked {
    int state;
    uint64_t left;   /* payload bytes left in the current chunk */
    int digits;      /* hex digits seen in the current size line */
};
void http_chunked_init(struct http_chunked *c);
/* Consumes up to n bytes of p.  Returns the number of bytes consumed
 * (less than n only once the body ended), or -1 for malformed framing.
 * *payload receives how many of them were payload, *done becomes 1 when
 * the last chunk and its trailer have been seen. */
long http_chunked_feed(struct http_chunked *c, const char *p, size_t n, uint64_t *payload,
                       int *done);

/* Maps a request-target to a path relative to the document root: query
 * and fragment dropped, percent-escapes decoded, "." segments removed.
 * Writes a NUL-terminated path without a leading slash ("" for the root)
 * into out.  Returns its length, or -1 when the target is not an
 * origin-form path, escapes outside the root (".."), contains NUL or
 * does not fit. */
long http_target_to_path(const char *target, size_t len, char *out, size_t outsz);

/* The Content-Type for a file name, by extension. */
const char *http_mime_type(const char *path);

/* The reason phrase of a status code ("Not Found"). */
const char *http_reason(int status);

/* An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), 29 characters + NUL. */
void http_format_date(time_t t, char out[30]);

/* Appends a response head: status line, Server, Date, Content-Type (if
 * not NULL), Content-Length, Connection (as needed for `minor` and
 * `keep_alive`), `extra` (NULL, or header lines each ending in CRLF) and
 * the empty line. */
void http_put_head(struct srv_buf *out, int status, int minor, int keep_alive,
                   const char *date, const char *content_type, uint64_t content_length,
                   const char *extra);

/* A URL of the form http://host[:port][/path].  Pointers into the url. */
struct http_url {
    const char *host;
    size_t host_len;
    unsigned port;
    const char *path; /* "/" when the URL has none */
    size_t path_len;
};
/* 0, or -1 for anything that is not such a URL. */
int http_parse_url(const char *url, struct http_url *u);

#endif

/*
 * http_parse.c — HTTP/1.x heads, chunked bodies, targets and URLs.
 *
 * The request parser follows RFC 9112 where a server must be strict
 * (a request line of exactly three parts, no whitespace before a header's
 * colon, no obsolete line folding, one Host in HTTP/1.1, a single
 * consistent Content-Length, no Transfer-Encoding it does not implement)
 * because those are the ambiguities request smuggling lives on, and is
 * lenient where the RFC allows (bare LF line ends, empty lines before the
 * request line).  A line that does not end within HTTP_MAX_LINE bytes is
 * refused as too large rather than waited for.
 */
#include "http_parse.h"

#include <string.h>

#define HTTP_MAX_LINE 8192

/* RFC 9110 tchar: the characters of a token (methods, header names). */
static int is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Field-value characters: visible, space, tab, and obs-text. */
static int is_value_char(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int ieq(const char *p, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (n != m)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)p[i]) != lit[i])
            return 0;
    return 1;
}

/*
 * Finds the line starting at `at`: sets *end to the index of its first
 * terminator byte and *next to the index after the LF.  Returns 1 for a
 * complete line, 0 when more bytes are needed, or an HTTP_E_* code (a CR
 * not followed by LF is malformed; a line longer than HTTP_MAX_LINE is too
 * large).
 */
static int next_line(const char *buf, size_t len, size_t at, size_t *end, size_t *next)
{
    const char *lf = memchr(buf + at, '\n', len - at);
    if (lf == NULL)
        return len - at > HTTP_MAX_LINE ? HTTP_E_TOO_LARGE : HTTP_NEED_MORE;
    size_t i = (size_t)(lf - buf);
    if (i - at > HTTP_MAX_LINE)
        return HTTP_E_TOO_LARGE;
    *next = i + 1;
    if (i > at && buf[i - 1] == '\r')
        i--;
    if (memchr(buf + at, '\r', i - at) != NULL)
        return HTTP_E_BAD_REQUEST; /* a bare CR inside the line */
    *end = i;
    return 1;
}

/* "HTTP/1.x" at p[0..n): sets *minor.  0, or an HTTP_E_* code. */
static int parse_version(const char *p, size_t n, int *minor)
{
    if (n != 8 || memcmp(p, "HTTP/", 5) != 0 || p[6] != '.')
        return HTTP_E_BAD_REQUEST;
    if (p[5] < '0' || p[5] > '9' || p[7] < '0' || p[7] > '9')
        return HTTP_E_BAD_REQUEST;
    if (p[5] != '1')
        return HTTP_E_VERSION;
    *minor = p[7] - '0';
    return 0;
}

/* A decimal Content-Length; -1 for anything else (signs, spaces, overflow). */
static int parse_length(const char *p, size_t n, uint64_t *out)
{
    if (n == 0 || n > 19)
        return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(p[i] - '0');
    }
    *out = v;
    return 0;
}

/* Connection header tokens, comma separated: sets the close/keep-alive flags. */
static void scan_connection(const char *p, size_t n, int *close, int *keep)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == ','))
            i++;
        size_t s = i;
        while (i < n && p[i] != ',' && p[i] != ' ' && p[i] != '\t')
            i++;
        if (ieq(p + s, i - s, "close"))
            *close = 1;
        else if (ieq(p + s, i - s, "keep-alive"))
            *keep = 1;
    }
}

/* What the header fields of a message said that the parsers care about. */
struct fields {
    int hosts;
    int has_length;
    uint64_t length;
    int transfer_encoding;
    int chunked_last; /* the last transfer coding is "chunked" */
    int conn_close;
    int conn_keep;
};

/* The last comma-separated element of a Transfer-Encoding value. */
static int last_coding_is_chunked(const char *p, size_t n)
{
    size_t e = n;
    while (e > 0 && (p[e - 1] == ' ' || p[e - 1] == '\t'))
        e--;
    size_t s = e;
    while (s > 0 && p[s - 1] != ',')
        s--;
    while (s < e && (p[s] == ' ' || p[s] == '\t'))
        s++;
    return ieq(p + s, e - s, "chunked");
}

/* Header lines from `at` up to and including the empty line.  Returns the
 * head's total length, HTTP_NEED_MORE, or an HTTP_E_* code. */
static long parse_fields(const char *buf, size_t len, size_t at, struct fields *f)
{
    memset(f, 0, sizeof *f);
    for (;;) {
        size_t end, next;
        int rc = next_line(buf, len, at, &end, &next);
        if (rc <= 0)
            return rc;
        if (end == at)
            return (long)next; /* the empty line ends the head */
        const char *line = buf + at;
        size_t n = end - at;
        if (line[0] == ' ' || line[0] == '\t')
            return HTTP_E_BAD_REQUEST; /* obsolete line folding */
        size_t c = 0;
        while (c < n && is_tchar((unsigned char)line[c]))
            c++;
        if (c == 0 || c == n || line[c] != ':')
            return HTTP_E_BAD_REQUEST; /* no name, or junk (spaces) before ':' */
        const char *name = line;
        size_t name_len = c;
        size_t v = c + 1;
        while (v < n && (line[v] == ' ' || line[v] == '\t'))
            v++;
        size_t ve = n;
        while (ve > v && (line[ve - 1] == ' ' || line[ve - 1] == '\t'))
            ve--;
        for (size_t i = v; i < ve; i++)
            if (!is_value_char((unsigned char)line[i]))
                return HTTP_E_BAD_REQUEST;
        const char *val = line + v;
        size_t val_len = ve - v;

        if (ieq(name, name_len, "host")) {
            f->hosts++;
        } else if (ieq(name, name_len, "content-length")) {
            uint64_t l;
            if (parse_length(val, val_len, &l) < 0)
                return HTTP_E_BAD_REQUEST;
            if (f->has_length && l != f->length)
                return HTTP_E_BAD_REQUEST;
            f->has_length = 1;
            f->length = l;
        } else if (ieq(name, name_len, "transfer-encoding")) {
            f->transfer_encoding = 1;
            f->chunked_last = last_coding_is_chunked(val, val_len);
        } else if (ieq(name, name_len, "connection")) {
            scan_connection(val, val_len, &f->conn_close, &f->conn_keep);
        }
        at = next;
    }
}

static enum http_method method_of(const char *p, size_t n)
{
    static const struct {
        const char *name;
        enum http_method m;
    } methods[] = {
        {"GET", HTTP_GET},       {"HEAD", HTTP_HEAD},       {"POST", HTTP_POST},
        {"PUT", HTTP_PUT},       {"DELETE", HTTP_DELETE},   {"OPTIONS", HTTP_OPTIONS},
    };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (strlen(methods[i].name) == n && memcmp(methods[i].name, p, n) == 0)
            return methods[i].m;
    return HTTP_OTHER;
}

long http_parse_request(const char *buf, size_t len, struct http_request *req)
{
    size_t at = 0;
    /* RFC 9112 2.2: ignore empty lines before the request line. */
    while (at < len && (buf[at] == '\r' || buf[at] == '\n')) {
        if (buf[at] == '\r' && at + 1 < len && buf[at + 1] != '\n')
            return HTTP_E_BAD_REQUEST;
        at++;
    }
    if (at > HTTP_MAX_LINE)
        return HTTP_E_BAD_REQUEST;
    size_t end, next;
    int rc = next_line(buf, len, at, &end, &next);
    if (rc <= 0)
        return rc;

    /* method SP request-target SP HTTP-version, single spaces */
    const char *line = buf + at;
    size_t n = end - at;
    size_t m = 0;
    while (m < n && is_tchar((unsigned char)line[m]))
        m++;
    if (m == 0 || m == n || line[m] != ' ')
        return HTTP_E_BAD_REQUEST;
    size_t t = m + 1;
    size_t te = t;
    while (te < n && (unsigned char)line[te] > ' ' && line[te] != 0x7f)
        te++;
    if (te == t || te == n || line[te] != ' ')
        return HTTP_E_BAD_REQUEST;
    int minor = 0;
    if ((rc = parse_version(line + te + 1, n - te - 1, &minor)) < 0)
        return rc;

    struct fields f;
    long total = parse_fields(buf, len, next, &f);
    if (total <= 0)
        return total;
    if (f.transfer_encoding)
        return HTTP_E_NOT_IMPLEMENTED;
    if (minor >= 1 && f.hosts != 1)
        return HTTP_E_BAD_REQUEST; /* RFC 9112 3.2: exactly one Host */
    if (f.hosts > 1)
        return HTTP_E_BAD_REQUEST;

    req->method = method_of(line, m);
    req->target = line + t;
    req->target_len = te - t;
    req->minor = minor;
    req->keep_alive = minor >= 1 ? !f.conn_close : (f.conn_keep && !f.conn_close);
    req->content_length = f.has_length ? f.length : 0;
    return total;
}

long http_parse_response(const char *buf, size_t len, int head_request, struct http_response *res)
{
    size_t end, next;
    int rc = next_line(buf, len, 0, &end, &next);
    if (rc <= 0)
        return rc;
    /* HTTP-version SP 3DIGIT SP [reason] */
    if (end < 12 || buf[8] != ' ' || (end > 12 && buf[12] != ' '))
        return HTTP_E_BAD_REQUEST;
    int minor = 0;
    if ((rc = parse_version(buf, 8, &minor)) < 0)
        return rc;
    int status = 0;
    for (int i = 9; i < 12; i++) {
        if (buf[i] < '0' || buf[i] > '9')
            return HTTP_E_BAD_REQUEST;
        status = status * 10 + (buf[i] - '0');
    }
    if (status < 100)
        return HTTP_E_BAD_REQUEST;

    struct fields f;
    long total = parse_fields(buf, len, next, &f);
    if (total <= 0)
        return total;
    res->status = status;
    res->minor = minor;
    res->keep_alive = minor >= 1 ? !f.conn_close : (f.conn_keep && !f.conn_close);
    res->chunked = 0;
    res->has_length = 0;
    res->content_length = 0;
    if (head_request || status < 200 || status == 204 || status == 304) {
        res->has_length = 1; /* no body, whatever the fields say */
    } else if (f.transfer_encoding) {
        if (!f.chunked_last)
            return HTTP_E_BAD_REQUEST;
        res->chunked = 1; /* wins over Content-Length (RFC 9112 6.3) */
    } else if (f.has_length) {
        res->has_length = 1;
        res->content_length = f.length;
    } else {
        res->keep_alive = 0; /* the body runs to the end of the connection */
    }
    return total;
}

/* ---- chunked bodies ----------------------------------------------- */

enum {
    CH_SIZE,     /* hex digits of a chunk size */
    CH_SIZE_EXT, /* extensions or whitespace after the size, up to LF */
    CH_DATA,
    CH_DATA_CR,  /* the CRLF after a chunk's data */
    CH_DATA_LF,
    CH_TRAILER,  /* at the start of a trailer line (or the final empty line) */
    CH_TRAILER_LINE,
    CH_TRAILER_LF,
    CH_DONE,
};

void http_chunked_init(struct http_chunked *c)
{
    c->state = CH_SIZE;
    c->left = 0;
    c->digits = 0;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

long http_chunked_feed(struct http_chunked *c, const char *p, size_t n, uint64_t *payload,
                       int *done)
{
    size_t i = 0;
    *payload = 0;
    while (i < n && c->state != CH_DONE) {
        char ch = p[i];
        switch (c->state) {
        case CH_SIZE: {
            int h = hexval(ch);
            if (h >= 0) {
                if (c->digits == 15)
                    return -1; /* a size that cannot be real */
                c->left = c->left * 16 + (uint64_t)h;
                c->digits++;
                i++;
                break;
            }
            if (c->digits == 0)
                return -1;
            c->state = CH_SIZE_EXT;
            break;
        }
        case CH_SIZE_EXT:
            i++;
            if (ch == '\n') {
                c->digits = 0;
                c->state = c->left == 0 ? CH_TRAILER : CH_DATA;
            }
            break;
        case CH_DATA: {
            size_t take = n - i;
            if (take > c->left)
                take = (size_t)c->left;
            c->left -= take;
            *payload += take;
            i += take;
            if (c->left == 0)
                c->state = CH_DATA_CR;
            break;
        }
        case CH_DATA_CR:
            i++;
            if (ch == '\r')
                c->state = CH_DATA_LF;
            else if (ch == '\n')
                c->state = CH_SIZE;
            else
                return -1;
            break;
        case CH_DATA_LF:
            i++;
            if (ch != '\n')
                return -1;
            c->state = CH_SIZE;
            break;
        case CH_TRAILER:
            i++;
            if (ch == '\n')
                c->state = CH_DONE;
            else if (ch == '\r')
                c->state = CH_TRAILER_LF;
            else
                c->state = CH_TRAILER_LINE;
            break;
        case CH_TRAILER_LINE:
            i++;
            if (ch == '\n')
                c->state = CH_TRAILER;
            break;
        case CH_TRAILER_LF:
            i++;
            if (ch != '\n')
                return -1;
            c->state = CH_DONE;
            break;
        default:
            return -1;
        }
    }
    *done = c->state == CH_DONE;
    return (long)i;
}

/* ---- targets, types, dates ---------------------------------------- */

long http_target_to_path(const char *target, size_t len, char *out, size_t outsz)
{
    if (len == 0 || target[0] != '/' || outsz == 0)
        return -1;
    /* Decode first, then split: an escaped "%2e%2e" or "%2F" is then
     * seen for what it is. */
    char dec[HTTP_MAX_LINE + 1];
    size_t d = 0;
    for (size_t i = 0; i < len && target[i] != '?' && target[i] != '#'; i++) {
        char ch = target[i];
        if (ch == '%') {
            if (i + 2 >= len)
                return -1;
            int hi = hexval(target[i + 1]), lo = hexval(target[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            ch = (char)(hi * 16 + lo);
            i += 2;
        }
        if (ch == '\0' || d == HTTP_MAX_LINE)
            return -1;
        dec[d++] = ch;
    }

    size_t o = 0;
    size_t i = 0;
    while (i < d) {
        while (i < d && dec[i] == '/')
            i++;
        size_t s = i;
        while (i < d && dec[i] != '/')
            i++;
        size_t seg = i - s;
        if (seg == 0 || (seg == 1 && dec[s] == '.'))
            continue;
        if (seg == 2 && dec[s] == '.' && dec[s + 1] == '.')
            return -1;
        if (o + (o > 0) + seg + 1 > outsz)
            return -1;
        if (o > 0)
            out[o++] = '/';
        memcpy(out + o, dec + s, seg);
        o += seg;
    }
    out[o] = '\0';
    return (long)o;
}

const char *http_mime_type(const char *path)
{
    static const struct {
        const char *ext;
        const char *type;
    } types[] = {
        {"html", "text/html; charset=utf-8"},
        {"htm", "text/html; charset=utf-8"},
        {"txt", "text/plain; charset=utf-8"},
        {"css", "text/css"},
        {"js", "text/javascript"},
        {"json", "application/json"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"svg", "image/svg+xml"},
        {"ico", "image/x-icon"},
        {"pdf", "application/pdf"},
    };
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (dot != NULL && (slash == NULL || dot > slash)) {
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (ieq(dot + 1, strlen(dot + 1), types[i].ext))
                return types[i].type;
    }
    return "application/octet-stream";
}

const char *http_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

/* Two decimal digits of v (< 100). */
static void put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

void http_format_date(time_t t, char out[30])
{
    /* Spelled out rather than strftime: the format is fixed English
     * whatever the locale. */
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    gmtime_r(&t, &tm);
    unsigned year = (unsigned)(tm.tm_year + 1900) % 10000;
    memcpy(out, days[tm.tm_wday % 7], 3);
    memcpy(out + 3, ", ", 2);
    put2(out + 5, (unsigned)tm.tm_mday);
    out[7] = ' ';
    memcpy(out + 8, months[tm.tm_mon % 12], 3);
    out[11] = ' ';
    put2(out + 12, year / 100);
    put2(out + 14, year % 100);
    out[16] = ' ';
    put2(out + 17, (unsigned)tm.tm_hour);
    out[19] = ':';
    put2(out + 20, (unsigned)tm.tm_min);
    out[22] = ':';
    put2(out + 23, (unsigned)tm.tm_sec);
    memcpy(out + 25, " GMT", 5);
}

void http_put_head(struct srv_buf *out, int status, int minor, int keep_alive,
                   const char *date, const char *content_type, uint64_t content_length,
                   const char *extra)
{
    srv_buf_puts(out, "HTTP/1.1 ");
    srv_buf_put_u64(out, (uint64_t)status);
    srv_buf_putc(out, ' ');
    srv_buf_puts(out, http_reason(status));
    srv_buf_puts(out, "\r\nServer: pinion\r\nDate: ");
    srv_buf_puts(out, date);
    if (content_type != NULL) {
        srv_buf_puts(out, "\r\nContent-Type: ");
        srv_buf_puts(out, content_type);
    }
    srv_buf_puts(out, "\r\nContent-Length: ");
    srv_buf_put_u64(out, content_length);
    if (!keep_alive)
        srv_buf_puts(out, "\r\nConnection: close");
    else if (minor == 0)
        srv_buf_puts(out, "\r\nConnection: keep-alive");
    srv_buf_puts(out, "\r\n");
    if (extra != NULL)
        srv_buf_puts(out, extra);
    srv_buf_puts(out, "\r\n");
}

int http_parse_url(const char *url, struct http_url *u)
{
    if (strncmp(url, "http://", 7) != 0)
        return -1;
    const char *h = url + 7;
    size_t hl = strcspn(h, ":/?#");
    if (hl == 0)
        return -1;
    u->host = h;
    u->host_len = hl;
    u->port = 80;
    const char *p = h + hl;
    if (*p == ':') {
        p++;
        unsigned port = 0;
        const char *d = p;
        while (*p >= '0' && *p <= '9' && port <= 65535)
            port = port * 10 + (unsigned)(*p++ - '0');
        if (p == d || port == 0 || port > 65535)
            return -1;
        u->port = port;
    }
    if (*p == '\0') {
        u->path = "/";
        u->path_len = 1;
        return 0;
    }
    if (*p != '/')
        return -1;
    u->path = p;
    u->path_len = strcspn(p, "#");
    return 0;
}

/*
 * An async stream interface implemented twice, and protocol parsers that
 * await through it: struct stream { async long (*read)(...); ... } over a
 * non-blocking socket (a writer task on the other end of a socketpair)
 * and over an in-memory buffer that hands out a few bytes per read; a
 * line parser and a length-prefixed record parser, each run on both.
 * Each parser keeps its buffer in a struct of its own and awaits
 * s->read(s, ...) in a loop, so every read takes a callee frame from the
 * pools and gives it back.  A wrong lowering would call the wrong
 * implementation, pass the wrong object as `self`, lose the result of a
 * read (a short or empty record), or lose the parser's state across the
 * await (a record split between two reads).
 *
 * The frames keep a slot for each await through a pointer (and only for
 * those), which the layout report says are "through a pointer":
 * layout: fill pointers 1
 * layout: parse_lines pointers 1
 * layout: parse_records pointers 2
 * layout: over_memory pointers 1
 * layout: over_socket pointers 1
 * layout: next_byte pointers 0
 * layout: run pointers 0
 * layout: sock_read pointers 0
 */
#include <fcntl.h>
#include <pinion.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct stream {
    /* Up to n bytes into buf: their count, 0 at the end, or -errno. */
    async long (*read)(struct stream *self, void *buf, size_t n);
    async void (*close)(struct stream *self);
    const char *name;
};

/* ---- a socket --------------------------------------------------------- */

struct sock_stream {
    struct stream base; /* first */
    int fd;
};

static async long sock_read(struct stream *self, void *buf, size_t n)
{
    struct sock_stream *s = (struct sock_stream *)self;
    return (long)await(pn_read(s->fd, buf, n));
}

static async void sock_close(struct stream *self)
{
    struct sock_stream *s = (struct sock_stream *)self;
    await(pn_yield());
    close(s->fd);
    s->fd = -1;
}

/* ---- a buffer in memory ----------------------------------------------- */

struct mem_stream {
    struct stream base; /* first */
    const char *data;
    size_t len, pos;
    size_t chunk; /* at most this many bytes per read */
    int reads;
};

static async long mem_read(struct stream *self, void *buf, size_t n)
{
    struct mem_stream *m = (struct mem_stream *)self;
    await(pn_yield());
    size_t k = m->len - m->pos;
    if (k > n)
        k = n;
    if (k > m->chunk)
        k = m->chunk;
    memcpy(buf, m->data + m->pos, k);
    m->pos += k;
    m->reads++;
    return (long)k;
}

static async void mem_close(struct stream *self)
{
    struct mem_stream *m = (struct mem_stream *)self;
    printf("  %s closed after %d reads\n", self->name, m->reads);
}

/* ---- a reader over any stream ------------------------------------------ */

struct reader {
    struct stream *s;
    char buf[16]; /* smaller than some records: they arrive in pieces */
    size_t have, used;
    int eof;
};

/* Refills r->buf: 1 if bytes were added, 0 at the end, -errno. */
static async int fill(struct reader *r)
{
    if (r->used > 0) {
        memmove(r->buf, r->buf + r->used, r->have - r->used);
        r->have -= r->used;
        r->used = 0;
    }
    if (r->eof || r->have == sizeof r->buf)
        return 0;
    long n = await(r->s->read(r->s, r->buf + r->have, sizeof r->buf - r->have));
    if (n < 0)
        return (int)n;
    if (n == 0) {
        r->eof = 1;
        return 0;
    }
    r->have += (size_t)n;
    return 1;
}

/* One byte, or -1 at the end. */
static async int next_byte(struct reader *r)
{
    while (r->used == r->have)
        if (await(fill(r)) <= 0)
            return -1;
    return (unsigned char)r->buf[r->used++];
}

/* Lines ending in '\n' (the last one may not): each printed, their count. */
static async int parse_lines(struct stream *s)
{
    struct reader r = { s, { 0 }, 0, 0, 0 };
    char line[64];
    size_t len = 0;
    int lines = 0;
    for (;;) {
        int c = await(next_byte(&r));
        if (c < 0 || c == '\n') {
            if (c < 0 && len == 0)
                break;
            line[len] = '\0';
            printf("  %s line %d: \"%s\"\n", s->name, ++lines, line);
            len = 0;
            if (c < 0)
                break;
        } else if (len + 1 < sizeof line) {
            line[len++] = (char)c;
        }
    }
    await(s->close(s));
    return lines;
}

/* Records of a length byte and that many bytes: each printed, the total
 * length, or -1 for a record cut short. */
static async int parse_records(struct stream *s)
{
    struct reader r = { s, { 0 }, 0, 0, 0 };
    int total = 0;
    for (int k = 1;; k++) {
        int n = await(next_byte(&r));
        if (n < 0)
            break;
        char rec[256];
        for (int i = 0; i < n; i++) {
            int c = await(next_byte(&r));
            if (c < 0) {
                printf("  %s record %d cut short at %d of %d\n", s->name, k, i, n);
                await(s->close(s));
                return -1;
            }
            rec[i] = (char)c;
        }
        printf("  %s record %d: %d bytes \"%.*s\"\n", s->name, k, n, n, rec);
        total += n;
    }
    await(s->close(s));
    return total;
}

/* ---- the two streams, fed the same bytes ------------------------------- */

/* The other end of the socket: writes data in pieces, then closes. */
static async void feed(int fd, const char *data, size_t len)
{
    size_t off = 0;
    while (off < len) {
        size_t k = len - off < 5 ? len - off : 5;
        long w = (long)await(pn_write_all(fd, data + off, k));
        if (w < 0)
            break;
        off += k;
        await(pn_yield());
    }
    close(fd);
}

typedef async int (*parser_fn)(struct stream *s);

/* Runs parse over a socket fed data by another task. */
static async int over_socket(parser_fn parse, const char *data, size_t len)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        return -1;
    fcntl(sv[0], F_SETFL, O_NONBLOCK);
    fcntl(sv[1], F_SETFL, O_NONBLOCK);
    struct sock_stream ss = { { sock_read, sock_close, "socket" }, sv[0] };
    pn_task *t = pn_spawn(feed(sv[1], data, len));
    int r = await(parse(&ss.base));
    await(pn_join(t));
    return r;
}

static async int over_memory(parser_fn parse, const char *data, size_t len, size_t chunk)
{
    struct mem_stream ms = { { mem_read, mem_close, "memory" }, data, len, 0, chunk, 0 };
    return await(parse(&ms.base));
}

static async int run(void)
{
    static const char text[] = "GET / HTTP/1.1\nHost: example\n\na line longer than the reader's "
                               "buffer\nlast, without newline";
    static const char recs[] = "\005hello\000\013two records\001!\024twenty bytes exactly";
    static const char cut[] = "\003abc\010short";
    const struct { const char *what; parser_fn parse; const char *data; size_t len; } jobs[] = {
        { "lines", parse_lines, text, sizeof text - 1 },
        { "records", parse_records, recs, sizeof recs - 1 },
        { "cut records", parse_records, cut, sizeof cut - 1 },
    };
    int sum = 0;
    for (size_t j = 0; j < sizeof jobs / sizeof *jobs; j++) {
        printf("%s:\n", jobs[j].what);
        int a = await(over_memory(jobs[j].parse, jobs[j].data, jobs[j].len, 3 + j));
        int b = await(over_socket(jobs[j].parse, jobs[j].data, jobs[j].len));
        printf("  -> memory %d, socket %d\n", a, b);
        sum += a + b;
    }
    return sum;
}

int main(void)
{
    printf("sum %d\n", pn_block_on(run()));
    return 0;
}

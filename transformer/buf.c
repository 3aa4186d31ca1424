/*
 * buf.c — memory for the transformer: an arena, growable byte buffers and
 * arena-backed arrays.
 *
 * The transformer is a short-lived batch program that builds one IR per
 * input file, so the IR, names and temporary strings all come from one
 * arena released at exit; only the output text, which can be large and is
 * written to disk, lives in a heap Buf.  Allocation failure aborts: there
 * is nothing sensible to do halfway through a transformation.
 */
#include "transform.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct ArenaBlock {
    ArenaBlock *next;
    size_t used, size, mapped;
    _Alignas(16) unsigned char data[];
};

enum { ARENA_BLOCK = 2 * 1024 * 1024 };

/* Blocks are fresh pages mapped from the system, which are zero, and the
 * arena never hands out a byte twice, so an allocation needs no memset of
 * its own.  (From calloc, blocks smaller than its mmap threshold come from
 * the heap and are cleared byte by byte: a tenth of a large file's
 * transformation.)  A block's pages are faulted in by the mmap itself
 * (MAP_POPULATE), all at once, where touching them one by one took a page
 * fault each: the trees of a large file's async bodies are tens of
 * megabytes, and their page faults were a quarter of the transformer's
 * process (open_node alone 22%).  Asking for huge pages instead
 * (MADV_HUGEPAGE) cut the faults further, but made the kernel compact
 * memory in the fault path: some runs took half again as long.  The
 * first block is left to fault page by page: a small file uses a part of
 * it only. */
static ArenaBlock *block_new(size_t cap, bool populate)
{
    size_t len = sizeof(ArenaBlock) + cap;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | (populate ? MAP_POPULATE : 0), -1, 0);
    if (p == MAP_FAILED) {
        fputs("pinion: out of memory\n", stderr);
        abort();
    }
    ArenaBlock *b = p;
    b->size = cap;
    b->mapped = len;
    return b;
}

void *arena_alloc(Arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    ArenaBlock *b = a->head;
    if (!b || b->size - b->used < size) {
        bool big = size > ARENA_BLOCK - sizeof *b;
        b = block_new(big ? size : ARENA_BLOCK - sizeof *b, !big && a->head != NULL);
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void arena_free(Arena *a)
{
    while (a->head) {
        ArenaBlock *next = a->head->next;
        munmap(a->head, a->head->mapped);
        a->head = next;
    }
}

void vec_grow_(Arena *a, void **v, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t ncap = *cap ? *cap * 2 : (elem < 64 ? 64 / elem : 1);
    while (ncap < need)
        ncap *= 2;
    /* The array the arena handed out last grows where it is, when its
     * block has the room. */
    ArenaBlock *b = a->head;
    size_t old = (*cap * elem + 15) & ~(size_t)15, grown = (ncap * elem + 15) & ~(size_t)15;
    if (*v && b && (unsigned char *)*v + old == b->data + b->used &&
        b->size - b->used >= grown - old) {
        b->used += grown - old;
        *cap = ncap;
        return;
    }
    void *nv = arena_alloc(a, ncap * elem);
    if (*v)
        memcpy(nv, *v, *cap * elem);
    *v = nv;
    *cap = ncap;
}

const char *cx_name(Arena *a, CXString s, char *buf, size_t size)
{
    const char *c = clang_getCString(s);
    size_t n = c ? strlen(c) : 0;
    const char *r;
    if (n < size) {
        memcpy(buf, c ? c : "", n + 1);
        r = buf;
    } else {
        r = arena_strndup(a, c ? c : "", n);
    }
    clang_disposeString(s);
    return r;
}

char *cx_take(Arena *a, CXString s)
{
    const char *c = clang_getCString(s);
    char *r = arena_strdup(a, c ? c : "");
    clang_disposeString(s);
    return r;
}

static void buf_reserve(Buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t ncap = b->cap ? b->cap * 2 : 256;
    while (ncap < b->len + extra + 1)
        ncap *= 2;
    char *nd = realloc(b->data, ncap);
    if (!nd) {
        fputs("pinion: out of memory\n", stderr);
        abort();
    }
    b->data = nd;
    b->cap = ncap;
}

void buf_add(Buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_putc(Buf *b, char c)
{
    buf_add(b, &c, 1);
}

/* The conversion at fmt (just after its '%') when it is one that
 * format_plain() writes itself: s, .*s, c, d, u, x, zu, ld, lu, lld, llu
 * and %; its length, else 0. */
static size_t plain_conversion(const char *fmt)
{
    switch (fmt[0]) {
    case 's':
    case 'c':
    case 'd':
    case 'u':
    case 'x':
    case '%': return 1;
    case '.': return fmt[1] == '*' && fmt[2] == 's' ? 3 : 0;
    case 'z': return fmt[1] == 'u' ? 2 : 0;
    case 'l':
        if (fmt[1] == 'd' || fmt[1] == 'u')
            return 2;
        return fmt[1] == 'l' && (fmt[2] == 'd' || fmt[2] == 'u') ? 3 : 0;
    default: return 0;
    }
}

static void put_unsigned(Buf *b, unsigned long long v, unsigned base, bool negative)
{
    char digits[24];
    size_t n = sizeof digits;
    do {
        digits[--n] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (negative)
        digits[--n] = '-';
    buf_add(b, digits + n, sizeof digits - n);
}

static void put_signed(Buf *b, long long v)
{
    put_unsigned(b, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v, 10, v < 0);
}

/* printf without flags, widths or precisions (but `%.*s`): what nearly
 * every line of the output is written with, at a fraction of vsnprintf's
 * cost; false, having written nothing, for any other format. */
static bool format_plain(Buf *b, const char *fmt, va_list ap)
{
    for (const char *p = fmt; (p = strchr(p, '%')) != NULL; p += 1 + plain_conversion(p + 1))
        if (!plain_conversion(p + 1))
            return false;
    for (const char *p = fmt;;) {
        const char *q = strchr(p, '%');
        if (!q) {
            buf_add(b, p, strlen(p));
            return true;
        }
        buf_add(b, p, (size_t)(q - p));
        q++;
        switch (*q) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            buf_add(b, s, strlen(s));
            break;
        }
        case '.': {
            int n = va_arg(ap, int);
            const char *s = va_arg(ap, const char *);
            size_t k = 0;
            while ((n < 0 || k < (size_t)n) && s[k])
                k++;
            buf_add(b, s, k);
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            buf_add(b, &c, 1);
            break;
        }
        case 'd': put_signed(b, va_arg(ap, int)); break;
        case 'u': put_unsigned(b, va_arg(ap, unsigned), 10, false); break;
        case 'x': put_unsigned(b, va_arg(ap, unsigned), 16, false); break;
        case 'z': put_unsigned(b, va_arg(ap, size_t), 10, false); break;
        case 'l':
            if (q[1] == 'l')
                q[2] == 'd' ? put_signed(b, va_arg(ap, long long))
                            : put_unsigned(b, va_arg(ap, unsigned long long), 10, false);
            else
                q[1] == 'd' ? put_signed(b, va_arg(ap, long))
                            : put_unsigned(b, va_arg(ap, unsigned long), 10, false);
            break;
        case '%': buf_add(b, "%", 1); break;
        default: break;
        }
        p = q + plain_conversion(q);
    }
}

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
    if (format_plain(b, fmt, ap))
        return;
    /* One formatting pass when the text fits the room left. */
    buf_reserve(b, 256);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
    va_end(ap2);
    if ((size_t)n >= b->cap - b->len) {
        buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_free(Buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

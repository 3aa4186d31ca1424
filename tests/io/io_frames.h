/*
 * io_frames.h — hand-lowered tasks shared by the I/O suites (defined in
 * io_frames.c).
 */
#ifndef PINION_TESTS_IO_FRAMES_H
#define PINION_TESTS_IO_FRAMES_H

#include "io_util.h"

/* async void write_later(int fd, const void *data, size_t n, int close_after,
 *                        ssize_t *out);
 * Yields once, then *out = await(pn_write_all(fd, data, n)); closes fd if
 * asked. */
struct write_later__frame {
    pn_future pn__hdr;
    int fd;
    const void *data;
    size_t n;
    int close_after;
    ssize_t *out;
    union {
        struct pn_yield__frame yield;
        struct pn_write_all__frame write_all;
    } u;
};
void write_later__init(struct write_later__frame *f, int fd, const void *data, size_t n,
                       int close_after, ssize_t *out);
extern const pn_future_vtable write_later__vtable;

/* async void read_once(int fd, void *buf, size_t n, int *finished, ssize_t *out);
 * *out = await(pn_read(fd, buf, n)); then *finished = 1.  Dropped while
 * reading, it sets *finished = -1. */
struct read_once__frame {
    pn_future pn__hdr;
    int fd;
    void *buf;
    size_t n;
    int *finished;
    ssize_t *out;
    union {
        struct pn_read__frame read;
    } u;
};
void read_once__init(struct read_once__frame *f, int fd, void *buf, size_t n, int *finished,
                     ssize_t *out);
extern const pn_future_vtable read_once__vtable;

#endif

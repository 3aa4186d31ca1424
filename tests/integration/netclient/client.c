/*
 * client.c — a program of its own that awaits the async function of an
 * installed library: netlib's nl_session(), from find_package(NetLib).
 *
 * client()'s frame embeds nl_session's, laid out as the installed
 * pinion_frames/netlib.frames.h says; `label` and `replies` live across
 * the await beside it (nl_session keeps a pointer to `replies`).  What it
 * prints is netclient.expected, and so is what its synchronous reading
 * (erased/) prints.
 */
#include <pinion.h>
#include <netlib.h>

#include <stdio.h>
#include <stdlib.h>

static const char *const requests[] = {
    "SET greeting hello", "GET greeting", "DEL greeting", "GET greeting", "QUIT",
};
#define REQUESTS (sizeof requests / sizeof *requests)

/* An nl_reply_fn: prints one exchange; ud counts them. */
static void print_reply(size_t index, const char *request, const char *reply, void *ud)
{
    int *count = ud;
    ++*count;
    printf("%zu: %s -> %s\n", index + 1, request, reply);
}

static async int client(const char *name)
{
    char label[32];
    int replies = 0;
    snprintf(label, sizeof label, "client %s", name);
    int handled = await(nl_session(requests, REQUESTS, print_reply, &replies));
    printf("%s: %d requests handled, %d replies\n", label, handled, replies);
    return handled == (int)REQUESTS && replies == (int)REQUESTS ? 0 : -1;
}

int main(void)
{
    int status = pn_block_on(client("netclient"));
    pn_shutdown();
    return status == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

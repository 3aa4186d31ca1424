/*
 * store.c — the netlib protocol's meaning: parse a request line, update
 * or read the store, phrase the reply.  Plain synchronous C, called by the
 * async server in server.c between two awaits.
 */
#include "store.h"

#include <stdio.h>
#include <string.h>

void nl_store_init(struct nl_store *s)
{
    s->count = 0;
}

static size_t find(const struct nl_store *s, const char *key)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->slot[i].key, key) == 0)
            return i;
    return s->count;
}

/* Splits "WORD rest" in place: returns rest ("" when there is none). */
static char *split(char *s)
{
    char *space = strchr(s, ' ');
    if (!space)
        return s + strlen(s);
    *space = '\0';
    return space + 1;
}

int nl_store_answer(struct nl_store *s, const char *request, char *reply, size_t size)
{
    char line[NL_KEY_MAX + NL_VALUE_MAX + 8];
    if (strlen(request) >= sizeof line) {
        snprintf(reply, size, "ERROR request too long");
        return 0;
    }
    strcpy(line, request);
    char *args = split(line);
    const char *cmd = line;

    if (strcmp(cmd, "QUIT") == 0) {
        snprintf(reply, size, "BYE");
        return 1;
    }
    if (strcmp(cmd, "SET") == 0) {
        char *value = split(args);
        if (*args == '\0' || *value == '\0') {
            snprintf(reply, size, "ERROR usage: SET key value");
        } else if (strlen(args) >= NL_KEY_MAX || strlen(value) >= NL_VALUE_MAX) {
            snprintf(reply, size, "ERROR key or value too long");
        } else {
            size_t i = find(s, args);
            if (i == s->count && s->count == NL_STORE_SLOTS) {
                snprintf(reply, size, "ERROR store full");
                return 0;
            }
            if (i == s->count) {
                strcpy(s->slot[i].key, args);
                s->count++;
            }
            strcpy(s->slot[i].value, value);
            snprintf(reply, size, "OK");
        }
        return 0;
    }
    if (strcmp(cmd, "GET") == 0 || strcmp(cmd, "DEL") == 0) {
        size_t i = find(s, args);
        if (i == s->count) {
            snprintf(reply, size, "NOT_FOUND");
        } else if (cmd[0] == 'G') {
            snprintf(reply, size, "VALUE %s", s->slot[i].value);
        } else {
            s->slot[i] = s->slot[--s->count];
            snprintf(reply, size, "DELETED");
        }
        return 0;
    }
    snprintf(reply, size, "ERROR unknown command '%s'", cmd);
    return 0;
}

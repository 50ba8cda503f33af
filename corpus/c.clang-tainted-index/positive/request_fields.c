/* Indexes taken from a request with a missing bound: an opcode from a socket used to
 * pick a handler with no check at all, a channel number checked only against the top,
 * and a priority parsed from a config line checked only against zero. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef int (*handler_t)(int);

static handler_t handlers[8];
static int channel_volume[16];
static const char *priority_names[5] = {"idle", "low", "normal", "high", "urgent"};

int dispatch(int sock)
{
    unsigned char msg[2];
    if (read(sock, msg, sizeof msg) != (ssize_t)sizeof msg) return -1;
    int op = msg[0];
    handler_t h = handlers[op]; // expect: c.clang-tainted-index
    return h ? h(msg[1]) : -1;
}

void set_volume(FILE *in, int volume)
{
    int channel;
    if (fscanf(in, "%d", &channel) != 1) return;
    if (channel < 16)
        channel_volume[channel] = volume; // expect: c.clang-tainted-index
}

const char *priority_name(FILE *conf)
{
    char line[32];
    if (!fgets(line, sizeof line, conf)) return "none";
    long p = strtol(line, NULL, 10);
    if (p < 0) return "invalid";
    return priority_names[p]; // expect: c.clang-tainted-index
}

/* Arithmetic on values read from outside with no range check: a record count scaled to
 * bytes, a length field plus its header, a retry counter incremented from a saved state
 * file, and a constant that does not fit the narrow type it is stored in. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define RECORD_SIZE 48
#define HEADER_SIZE 16

long records_bytes(FILE *in)
{
    long count;
    if (fscanf(in, "%ld", &count) != 1) return -1;
    return count * RECORD_SIZE; // expect: c.clang-integer-overflow
}

int frame_size(FILE *in)
{
    int payload;
    if (fscanf(in, "len=%d", &payload) != 1) return -1;
    if (payload < 0) return -1;
    return payload + HEADER_SIZE; // expect: c.clang-integer-overflow
}

int next_attempt(FILE *state)
{
    int attempts;
    if (fscanf(state, "attempts=%d", &attempts) != 1) return 0;
    attempts++; // expect: c.clang-integer-overflow
    return attempts;
}

uint16_t default_port(void)
{
    uint16_t port;
    port = 70000; // expect: c.clang-integer-overflow
    return port;
}

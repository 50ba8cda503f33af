/* Parsing config and protocol lines with field widths on every string conversion. */
#include <stdio.h>

struct entry {
    char key[64];
    char value[128];
};

int read_entry(FILE *f, struct entry *e)
{
    return fscanf(f, " %63[^= ] = %127[^\n]", e->key, e->value) == 2 ? 0 : -1; // ok: c.scanf-unbounded-string
}

int parse_request_line(const char *line, char *method, char *target)
{
    /* the caller passes char method[8] and char target[256] */
    return sscanf(line, "%7s %255s HTTP/1.%*d", method, target); // ok: c.scanf-unbounded-string
}

int parse_mac(const char *text, unsigned char mac[6])
{
    return sscanf(text, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx", // ok: c.scanf-unbounded-string
                  &mac[0], &mac[1], &mac[2], &mac[3], &mac[4], &mac[5]) == 6 ? 0 : -1;
}

int read_char_field(FILE *f, char *flag)
{
    return fscanf(f, " %c", flag); // ok: c.scanf-unbounded-string
}

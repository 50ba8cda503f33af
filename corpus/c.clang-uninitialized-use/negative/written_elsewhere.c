/* Variables written in ways a naive reader misses: through &x by a parsing call, inside
 * a project's timing macro, on every value of an enum, before a panic macro's default,
 * by a do/while body that always runs once, behind an assert-style check, a volatile
 * progress marker read when longjmp returns to setjmp, and a struct filled through its
 * address. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

extern int monitor_enabled;
long now_ms(void);
void fatal_at(const char *file, int line, const char *msg);

#define START_TIMER(var) if (monitor_enabled) { var = now_ms(); } else { var = 0; }
#define PANIC(msg) fatal_at(__FILE__, __LINE__, msg), __builtin_unreachable()
#define CHECK(e) ((e) ? (void)0 : (fatal_at(__FILE__, __LINE__, #e), abort()))

typedef enum { COLOR_RED, COLOR_GREEN, COLOR_BLUE } color_t;

int parse_port(const char *s)
{
    int port;
    if (sscanf(s, "%d", &port) != 1) return -1;
    return port; // ok: c.clang-uninitialized-use
}

long timed_work(void (*work)(void))
{
    long start;
    START_TIMER(start);
    work();
    return now_ms() - start; // ok: c.clang-uninitialized-use
}

unsigned rgb(color_t c)
{
    unsigned value;
    switch (c) {
    case COLOR_RED: value = 0xff0000; break;
    case COLOR_GREEN: value = 0x00ff00; break;
    case COLOR_BLUE: value = 0x0000ff; break;
    }
    return value; // ok: c.clang-uninitialized-use
}

int encoding_width(int encoding)
{
    int width;
    if (encoding == 1) width = 2;
    else if (encoding == 2) width = 4;
    else PANIC("unknown encoding");
    return width; // ok: c.clang-uninitialized-use
}

int drain(FILE *f)
{
    int c;
    do {
        c = fgetc(f);
    } while (c != EOF && c != '\n');
    return c; // ok: c.clang-uninitialized-use
}

int scaled(int have_scale, int x)
{
    int scale;
    if (have_scale) scale = 3;
    CHECK(have_scale);
    return x * scale; // ok: c.clang-uninitialized-use
}

static jmp_buf recover;
void parse_all(const char *text);

int parse_guarded(const char *text)
{
    volatile int step;
    if (setjmp(recover) != 0) {
        fprintf(stderr, "parse failed at step %d\n", step); // ok: c.clang-uninitialized-use
        return -1;
    }
    step = 1;
    parse_all(text);
    return 0;
}

struct window {
    int width;
    int height;
};

void query_window(struct window *w);

int window_area(void)
{
    struct window w;
    query_window(&w);
    return w.width * w.height; // ok: c.clang-uninitialized-use
}

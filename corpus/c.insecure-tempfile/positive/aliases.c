/* A portability layer that names its temporary-file calls through macros, as
 * cross-platform code does: the calls still make names another process can take first. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef _WIN32
#define compat_mktemp _mktemp
#else
#define compat_mktemp mktemp
#endif
#define COMPAT_TMPNAM tmpnam
#define TEMP_NAME_IN tempnam
#define SPOOL_NAME TEMP_NAME_IN /* a chain: SPOOL_NAME -> TEMP_NAME_IN -> tempnam */
#define OPEN_FILE open

char *spool_path(const char *dir)
{
    return SPOOL_NAME(dir, "spool"); // expect: c.insecure-tempfile
}

int open_scratch(char *tmpl)
{
    if (!compat_mktemp(tmpl)) return -1; // expect: c.insecure-tempfile
    return OPEN_FILE(tmpl, O_RDWR | O_CREAT, 0600);
}

struct job {
    char name[L_tmpnam];
    FILE *out;
};

int job_start(struct job *j)
{
    if (!COMPAT_TMPNAM(j->name)) return -1; // expect: c.insecure-tempfile
    j->out = fopen(j->name, "w");
    return j->out ? 0 : -1;
}

/* The name is created with O_CREAT | O_EXCL through the same kind of alias: the open
 * fails if another process took the name first. */
int lock_file(char *tmpl)
{
    if (!compat_mktemp(tmpl)) return -1; // ok: c.insecure-tempfile
    return OPEN_FILE(tmpl, O_RDWR | O_CREAT | O_EXCL, 0600);
}

/* tmpnam's buffer and tempnam's result, each created exclusively before any use. */
int claim_name(void)
{
    char name[L_tmpnam];
    if (!COMPAT_TMPNAM(name)) return -1; // ok: c.insecure-tempfile
    return OPEN_FILE(name, O_RDWR | O_CREAT | O_EXCL, 0600);
}

char *spool_claim(const char *dir)
{
    char *path = SPOOL_NAME(dir, "lock"); // ok: c.insecure-tempfile
    if (!path) return NULL;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    close(fd);
    return path;
}

/* mktemp's result points at the template it filled: opening it exclusively is as good. */
int lock_by_result(char *tmpl)
{
    char *name = compat_mktemp(tmpl); // ok: c.insecure-tempfile
    if (!name) return -1;
    return OPEN_FILE(name, O_RDWR | O_CREAT | O_EXCL, 0600);
}

/* Two blocks, two variables called name: only the second block creates its file
 * exclusively, and that open says nothing about the first block's name. */
int open_output(int must_be_new)
{
    if (!must_be_new) {
        char *name = COMPAT_TMPNAM(NULL); // expect: c.insecure-tempfile
        if (!name) return -1;
        return OPEN_FILE(name, O_WRONLY | O_CREAT, 0600);
    } else {
        char *name = COMPAT_TMPNAM(NULL); // ok: c.insecure-tempfile
        if (!name) return -1;
        return OPEN_FILE(name, O_WRONLY | O_CREAT | O_EXCL, 0600);
    }
}

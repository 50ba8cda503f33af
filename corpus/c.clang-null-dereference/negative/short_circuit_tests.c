/* A pointer tested in the left side of && / || / ?: is not NULL in the right side, also
 * when the test is nested in a longer chain, negated, or after a loop that may leave it
 * NULL. A test of a member (`!of->log`, `ctx->read_cb && blen`) says nothing about the
 * base pointer. */
#include <stddef.h>
#include <stdio.h>

struct node {
    int kind;
    int var;
    struct node *next;
};

int last_is_var(struct node *n)
{
    while (n && n->kind == 3) n = n->next;
    return n && n->kind == 1 && n->var >= 0; // ok: c.clang-null-dereference
}

int first_var_or(struct node *n, int fallback)
{
    while (n && n->kind != 1) n = n->next;
    if (!(n && n->kind == 1) || n->var < 0) return fallback; // ok: c.clang-null-dereference
    return n->var; // ok: c.clang-null-dereference
}

int var_of_kind(struct node *n, int kind)
{
    while (n && n->kind != kind) n = n->next;
    return (n == NULL || n->kind != kind) ? -1 : n->var; // ok: c.clang-null-dereference
}

struct out_file {
    FILE *log;
    int err;
    int is_dir;
    int (*read_cb)(void *);
};

int close_log(struct out_file *of)
{
    if (!of->log) return of->err; // ok: c.clang-null-dereference
    fclose(of->log);
    of->log = NULL;
    return of->err; // ok: c.clang-null-dereference
}

int is_plain(struct out_file *file)
{
    if (!file->err && !file->is_dir) return 1;
    return file->is_dir; // ok: c.clang-null-dereference
}

int feed(struct out_file *ctx, size_t blen)
{
    int r = 0;
    if (ctx->read_cb && blen) r = ctx->read_cb(ctx);
    return r + ctx->err; // ok: c.clang-null-dereference
}

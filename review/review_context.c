/* review_context.c — a candidate's context, assembled piece by piece within a token budget
 * (see review_context.h).
 *
 * The one idea: every piece (a definition, a man-page section) is offered to the budget in
 * priority order and either goes in whole, goes in cut at a line boundary, or is left out;
 * the count of what went in is the caller's token counter applied to each piece, so the
 * budget holds for the model's own tokenizer. Cutting searches the number of lines that
 * fit by bisection, a few counter calls per cut piece. */
#include "review/review_context.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review/review_manpage.h"

#define DEFAULT_MAX_MAN_PAGES 3
#define CUT_MARK "...\n"

const char *review_context_part_name(review_context_part_kind_t kind)
{
    static const char *const NAMES[] = {"line definitions", "other definitions", "man pages"};
    return (unsigned)kind < REVIEW_CONTEXT_PART_COUNT ? NAMES[kind] : "?";
}

/* ---- pieces and the budget -------------------------------------------------------------- */

typedef struct {
    const review_context_options_t *opts;
    review_context_t *ctx;
    FILE *out[REVIEW_CONTEXT_PART_COUNT]; /* one stream per part, into parts[i].text */
    size_t sizes[REVIEW_CONTEXT_PART_COUNT];
    bool oom;
} builder_t;

static size_t count(const builder_t *b, const char *text, size_t length)
{
    return b->opts->count(b->opts->count_ctx, text, length);
}

/* Offers header + body to part: in whole, cut, or left out. */
static void offer(builder_t *b, review_context_part_kind_t kind, const char *header, const char *body)
{
    if (b->oom) return;
    review_context_part_t *part = &b->ctx->parts[kind];
    size_t hn = strlen(header), bn = strlen(body);
    bool newline = bn && body[bn - 1] != '\n';
    size_t n = hn + bn + newline;
    char *piece = malloc(n + sizeof(CUT_MARK));
    if (!piece) {
        b->oom = true;
        return;
    }
    memcpy(piece, header, hn);
    memcpy(piece + hn, body, bn);
    if (newline) piece[hn + bn] = '\n';
    piece[n] = 0;
    size_t left = b->ctx->budget - b->ctx->used;
    size_t tokens = count(b, piece, n);
    if (tokens <= left) {
        fwrite(piece, 1, n, b->out[kind]);
        part->tokens += tokens;
        b->ctx->used += tokens;
        part->pieces++;
        free(piece);
        return;
    }
    /* cut: the most whole lines of the body (at least one) that fit with the mark */
    size_t ends[256]; /* offsets in piece just after each body line's '\n' */
    size_t lines = 0;
    for (size_t i = hn; i < n && lines < sizeof(ends) / sizeof(*ends); i++)
        if (piece[i] == '\n') ends[lines++] = i + 1;
    char *trial = malloc(n + sizeof(CUT_MARK));
    if (!trial) {
        free(piece);
        b->oom = true;
        return;
    }
    size_t best = 0, best_tokens = 0, lo = 1, hi = lines ? lines - 1 : 0;
    while (lo <= hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t len = ends[mid - 1];
        memcpy(trial, piece, len);
        memcpy(trial + len, CUT_MARK, sizeof(CUT_MARK));
        size_t t = count(b, trial, len + sizeof(CUT_MARK) - 1);
        if (t <= left) {
            best = mid;
            best_tokens = t;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (best) {
        fwrite(piece, 1, ends[best - 1], b->out[kind]);
        fputs(CUT_MARK, b->out[kind]);
        part->tokens += best_tokens;
        b->ctx->used += best_tokens;
        part->pieces++;
        part->pieces_cut++;
    } else {
        part->pieces_left++;
    }
    free(trial);
    free(piece);
}

/* ---- definitions ------------------------------------------------------------------------ */

/* How an item's file is shown: relative to the repository root when the candidate's path
 * tells where that is (the file is <root>/<candidate path>), else its base name. */
static const char *shown_path(const char *file, const char *main_file, size_t root_len)
{
    if (root_len && !strncmp(file, main_file, root_len)) return file + root_len;
    const char *slash = strrchr(file, '/');
    return slash ? slash + 1 : file;
}

/* The length of the repository-root prefix (with its '/') of the main file, found as the
 * file of an item whose path ends in "/" + the candidate's path; 0 when none does. */
static size_t root_prefix(const clang_context_list_t *list, const char *path, const char **main_file)
{
    size_t pn = path ? strlen(path) : 0;
    for (size_t i = 0; pn && i < list->count; i++) {
        const char *f = list->items[i].file;
        size_t fn = strlen(f);
        if (fn > pn && f[fn - pn - 1] == '/' && !strcmp(f + fn - pn, path)) {
            *main_file = f;
            return fn - pn;
        }
    }
    return 0;
}

static void offer_definitions(builder_t *b, const clang_context_list_t *list, const candidate_t *c)
{
    const char *main_file = "";
    size_t root = root_prefix(list, c->path, &main_file);
    for (size_t i = 0; i < list->count && !b->oom; i++) {
        const clang_context_item_t *it = &list->items[i];
        char header[512];
        const char *shown = shown_path(it->file, main_file, root);
        if (it->library) snprintf(header, sizeof(header), "// <%s>\n", shown);
        else snprintf(header, sizeof(header), "// %s:%u\n", shown, it->line);
        offer(b, it->on_line ? REVIEW_CONTEXT_LINE_DEFINITIONS : REVIEW_CONTEXT_OTHER_DEFINITIONS, header, it->text);
    }
}

/* ---- man pages -------------------------------------------------------------------------- */

typedef struct {
    char *names[8];
    size_t count, max;
} names_t;

static void names_add(names_t *n, const char *name, size_t len, bool *oom)
{
    if (n->count >= n->max || len == 0) return;
    for (size_t i = 0; i < n->count; i++)
        if (strlen(n->names[i]) == len && !strncmp(n->names[i], name, len)) return;
    char *copy = strndup(name, len);
    if (!copy) {
        *oom = true;
        return;
    }
    n->names[n->count++] = copy;
}

/* The names called in a snippet: an identifier followed by '(', not a keyword. */
static void names_from_snippet(names_t *n, const char *s, bool *oom)
{
    static const char *const KEYWORDS[] = {"if", "while", "for", "switch", "return", "sizeof", "_Alignof",
                                           "alignof", "defined", "__attribute__", "__typeof__", "typeof"};
    for (const char *p = s; p && *p && !*oom;) {
        if (!(isalpha((unsigned char)*p) || *p == '_') || (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
            p++;
            continue;
        }
        const char *start = p;
        while (isalnum((unsigned char)*p) || *p == '_') p++;
        size_t len = (size_t)(p - start);
        const char *q = p;
        while (*q == ' ' || *q == '\t') q++;
        if (*q != '(') continue;
        bool keyword = false;
        for (size_t k = 0; k < sizeof(KEYWORDS) / sizeof(*KEYWORDS); k++)
            keyword |= strlen(KEYWORDS[k]) == len && !strncmp(KEYWORDS[k], start, len);
        if (!keyword) names_add(n, start, len, oom);
    }
}

static void offer_man_pages(builder_t *b, const names_t *names)
{
    const char *dir = b->opts->man_dir;
    if (dir && !dir[0]) return;
    review_manpage_t *pages[8] = {0};
    size_t page_count = 0;
    for (size_t i = 0; i < names->count; i++) {
        review_manpage_t *page;
        char err[512];
        if (review_manpage_find(&page, dir, names->names[i], err, sizeof(err)) != 0) {
            if (!b->ctx->note && !(b->ctx->note = strdup(err))) b->oom = true;
            continue;
        }
        if (!page) continue;
        bool repeat = false; /* realloc and malloc share a page */
        for (size_t k = 0; k < page_count; k++) repeat |= !strcmp(pages[k]->path, page->path);
        if (repeat) review_manpage_free(page);
        else pages[page_count++] = page;
    }
    /* every page's first section, then every page's second, ... (RETURN VALUE first) */
    for (size_t rank = 0; !b->oom; rank++) {
        bool any = false;
        for (size_t k = 0; k < page_count; k++) {
            if (rank >= pages[k]->section_count) continue;
            any = true;
            char header[256];
            snprintf(header, sizeof(header), "// man %d %s: %s\n", pages[k]->section, pages[k]->function,
                     pages[k]->sections[rank].title);
            offer(b, REVIEW_CONTEXT_MAN_PAGES, header, pages[k]->sections[rank].text);
        }
        if (!any) break;
    }
    for (size_t k = 0; k < page_count; k++) review_manpage_free(pages[k]);
}

/* ---- building --------------------------------------------------------------------------- */

/* The candidate's lines: start to end, not counting an end at column 1 of the next line. */
static void flagged_lines(const candidate_t *c, unsigned *first, unsigned *last)
{
    *first = c->range.start_line ? c->range.start_line : 1;
    *last = c->range.end_line;
    if (*last > *first && c->range.end_col <= 1) (*last)--;
    if (*last < *first) *last = *first;
}

int review_context_build(review_context_t **out, clang_context_file_t *file, const candidate_t *c,
                         const review_context_options_t *opts, char *err, size_t err_size)
{
    *out = NULL;
    review_context_t *ctx = calloc(1, sizeof(*ctx));
    builder_t b = {.opts = opts, .ctx = ctx};
    clang_context_list_t list;
    clang_context_list_init(&list);
    names_t names = {.max = opts->max_man_pages ? opts->max_man_pages : DEFAULT_MAX_MAN_PAGES};
    if (names.max > sizeof(names.names) / sizeof(*names.names)) names.max = sizeof(names.names) / sizeof(*names.names);
    if (!ctx) goto oom;
    ctx->budget = opts->budget;
    for (int k = 0; k < REVIEW_CONTEXT_PART_COUNT; k++)
        if (!(b.out[k] = open_memstream(&ctx->parts[k].text, &b.sizes[k]))) goto oom;
    if (file) {
        unsigned first, last, steps[32];
        size_t step_count = 0;
        flagged_lines(c, &first, &last);
        for (size_t i = 0; i < c->flow_count && step_count < sizeof(steps) / sizeof(*steps); i++)
            steps[step_count++] = c->flow[i].range.start_line;
        if (clang_context_collect_lines(file, first, last, steps, step_count, &opts->limits, &list, err, err_size) != 0)
            goto fail;
        if (list.function && !(ctx->function = strdup(list.function))) goto oom;
        offer_definitions(&b, &list, c);
        for (size_t i = 0; i < list.count && !b.oom; i++)
            if (list.items[i].library && list.items[i].on_line)
                names_add(&names, list.items[i].name, strlen(list.items[i].name), &b.oom);
    } else {
        names_from_snippet(&names, c->snippet, &b.oom);
    }
    offer_man_pages(&b, &names);
    if (b.oom) goto oom;
    for (int k = 0; k < REVIEW_CONTEXT_PART_COUNT; k++) {
        int rc = fclose(b.out[k]);
        b.out[k] = NULL;
        if (rc != 0) goto oom;
    }
    for (size_t i = 0; i < names.count; i++) free(names.names[i]);
    clang_context_list_destroy(&list);
    *out = ctx;
    return 0;
oom:
    snprintf(err, err_size, "review context: out of memory");
fail:
    for (int k = 0; k < REVIEW_CONTEXT_PART_COUNT; k++)
        if (b.out[k]) fclose(b.out[k]);
    for (size_t i = 0; i < names.count; i++) free(names.names[i]);
    clang_context_list_destroy(&list);
    review_context_free(ctx);
    return -1;
}

int review_context_build_text(review_context_t **out, clang_context_t *ctx, const char *abs_path, const char *text,
                              size_t length, const candidate_t *c, const review_context_options_t *opts, char *err,
                              size_t err_size)
{
    clang_context_file_t *file = NULL; /* ctx's: kept for the file's next candidate */
    char why[512] = "";
    bool parsed = clang_context_parse_last(ctx, &file, abs_path, text, length, why, sizeof(why)) == 0;
    int rc = review_context_build(out, parsed ? file : NULL, c, opts, err, err_size);
    /* a file libclang cannot parse still gets its man pages; the note says why no more */
    if (rc == 0 && !parsed && !(*out)->note && !((*out)->note = strdup(why))) {
        review_context_free(*out);
        *out = NULL;
        snprintf(err, err_size, "review context: out of memory");
        return -1;
    }
    return rc;
}

void review_context_free(review_context_t *context)
{
    if (!context) return;
    for (int k = 0; k < REVIEW_CONTEXT_PART_COUNT; k++) free(context->parts[k].text);
    free(context->function);
    free(context->note);
    free(context);
}

char *review_context_join(const review_context_t *context)
{
    size_t n = 0;
    for (int k = 0; k < REVIEW_CONTEXT_PART_COUNT; k++) n += strlen(context->parts[k].text);
    char *text = malloc(n + 1);
    if (!text) return NULL;
    size_t at = 0;
    for (int k = 0; k < REVIEW_CONTEXT_PART_COUNT; k++) {
        size_t len = strlen(context->parts[k].text);
        memcpy(text + at, context->parts[k].text, len);
        at += len;
    }
    text[at] = 0;
    return text;
}

int review_context_format_stats(const review_context_t *context, size_t code_tokens, size_t total_budget, char *buf,
                                size_t size)
{
    size_t definitions = context->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].tokens +
                         context->parts[REVIEW_CONTEXT_OTHER_DEFINITIONS].tokens;
    return snprintf(buf, size, "budget: code %zu, definitions %zu, man pages %zu of %zu", code_tokens, definitions,
                    context->parts[REVIEW_CONTEXT_MAN_PAGES].tokens, total_budget);
}

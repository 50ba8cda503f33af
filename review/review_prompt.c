/* review_prompt.c — blueprints loaded from rules/prompts/ and the prompt texts built from
 * them (see review_prompt.h). The YAML files are small mappings read with libyaml's
 * document API: a key's value is a scalar or a sequence of scalars. */
#include "review/review_prompt.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/hash.h"

typedef struct {
    char *family;
    char **patterns;
    size_t pattern_count;
} family_map_t;

struct review_prompts {
    char *system, *answer;
    review_blueprint_t *blueprints; /* (count,); generic is one of them */
    size_t count;
    family_map_t *map;              /* families.yml in file order */
    size_t map_count;
    size_t generic;                 /* index of generic in blueprints */
};

static int fail(char *err, size_t err_size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- YAML ------------------------------------------------------------------------------ */

/* One loaded document whose root must be a mapping. */
typedef struct {
    yaml_document_t doc;
    yaml_node_t *root;
} yaml_file_t;

static int yaml_file_load(yaml_file_t *y, const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return fail(err, err_size, "%s: cannot open: %m", path);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        return fail(err, err_size, "out of memory");
    }
    yaml_parser_set_input_file(&parser, f);
    int ok = yaml_parser_load(&parser, &y->doc);
    if (!ok) {
        fail(err, err_size, "%s:%zu:%zu: %s", path, parser.problem_mark.line + 1, parser.problem_mark.column + 1,
             parser.problem ? parser.problem : "YAML error");
        yaml_parser_delete(&parser);
        fclose(f);
        return -1;
    }
    yaml_parser_delete(&parser);
    fclose(f);
    y->root = yaml_document_get_root_node(&y->doc);
    if (!y->root || y->root->type != YAML_MAPPING_NODE) {
        yaml_document_delete(&y->doc);
        return fail(err, err_size, "%s: expected a mapping of keys to values", path);
    }
    return 0;
}

static const char *scalar(yaml_file_t *y, yaml_node_t *n)
{
    (void)y;
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* The value of key in the root mapping, or NULL. */
static yaml_node_t *yaml_get(yaml_file_t *y, const char *key)
{
    for (yaml_node_pair_t *p = y->root->data.mapping.pairs.start; p < y->root->data.mapping.pairs.top; p++) {
        const char *k = scalar(y, yaml_document_get_node(&y->doc, p->key));
        if (k && strcmp(k, key) == 0) return yaml_document_get_node(&y->doc, p->value);
    }
    return NULL;
}

static int get_text(yaml_file_t *y, const char *path, const char *key, char **out, char *err, size_t err_size)
{
    const char *v = scalar(y, yaml_get(y, key));
    if (!v) return fail(err, err_size, "%s: '%s' is missing or not text", path, key);
    if (!(*out = strdup(v))) return fail(err, err_size, "out of memory");
    return 0;
}

/* A sequence of scalars as malloc'd copies. */
static int get_list(yaml_file_t *y, yaml_node_t *n, const char *path, const char *key, char ***out, size_t *count,
                    char *err, size_t err_size)
{
    *out = NULL;
    *count = 0;
    if (!n || n->type != YAML_SEQUENCE_NODE) return fail(err, err_size, "%s: '%s' must be a list", path, key);
    size_t total = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (total == 0) return 0;
    char **items = calloc(total, sizeof(*items));
    if (!items) return fail(err, err_size, "out of memory");
    for (size_t i = 0; i < total; i++) {
        const char *v = scalar(y, yaml_document_get_node(&y->doc, n->data.sequence.items.start[i]));
        if (!v || !(items[i] = strdup(v))) {
            for (size_t k = 0; k < i; k++) free(items[k]);
            free(items);
            return v ? fail(err, err_size, "out of memory")
                     : fail(err, err_size, "%s: '%s' must list plain words", path, key);
        }
    }
    *out = items;
    *count = total;
    return 0;
}

/* ---- loading ------------------------------------------------------------------------------ */

static void blueprint_destroy(review_blueprint_t *b)
{
    free(b->family);
    free(b->title);
    free(b->cwes);
    free(b->meaning);
    free(b->true_positive);
    free(b->false_positive);
}

static int load_blueprint(review_blueprint_t *b, const char *dir, const char *family, char *err, size_t err_size)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s.yml", dir, family);
    memset(b, 0, sizeof(*b));
    yaml_file_t y;
    if (yaml_file_load(&y, path, err, err_size) != 0) return -1;
    char **cwes = NULL;
    size_t cwe_count = 0;
    int rc = -1;
    if (!(b->family = strdup(family))) {
        fail(err, err_size, "out of memory");
        goto done;
    }
    if (get_text(&y, path, "title", &b->title, err, err_size) != 0 ||
        get_text(&y, path, "meaning", &b->meaning, err, err_size) != 0 ||
        get_text(&y, path, "true_positive", &b->true_positive, err, err_size) != 0 ||
        get_text(&y, path, "false_positive", &b->false_positive, err, err_size) != 0 ||
        get_list(&y, yaml_get(&y, "cwe"), path, "cwe", &cwes, &cwe_count, err, err_size) != 0)
        goto done;
    if (cwe_count && !(b->cwes = calloc(cwe_count, sizeof(int)))) {
        fail(err, err_size, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < cwe_count; i++) {
        char *end;
        long v = strtol(cwes[i], &end, 10);
        if (*end || v <= 0 || v > 100000) {
            fail(err, err_size, "%s: cwe: '%s' is not a CWE number", path, cwes[i]);
            goto done;
        }
        b->cwes[b->cwe_count++] = (int)v;
    }
    rc = 0;
done:
    for (size_t i = 0; i < cwe_count; i++) free(cwes[i]);
    free(cwes);
    yaml_document_delete(&y.doc);
    if (rc != 0) blueprint_destroy(b);
    return rc;
}

static int add_blueprint(review_prompts_t *p, const char *dir, const char *family, char *err, size_t err_size)
{
    for (size_t i = 0; i < p->count; i++)
        if (strcmp(p->blueprints[i].family, family) == 0) return 0;
    review_blueprint_t *grown = realloc(p->blueprints, (p->count + 1) * sizeof(*grown));
    if (!grown) return fail(err, err_size, "out of memory");
    p->blueprints = grown;
    if (load_blueprint(&p->blueprints[p->count], dir, family, err, err_size) != 0) return -1;
    p->count++;
    return 0;
}

static int load_common(review_prompts_t *p, const char *dir, char *err, size_t err_size)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/common.yml", dir);
    yaml_file_t y;
    if (yaml_file_load(&y, path, err, err_size) != 0) return -1;
    int rc = get_text(&y, path, "system", &p->system, err, err_size) == 0 &&
                     get_text(&y, path, "answer", &p->answer, err, err_size) == 0
                 ? 0
                 : -1;
    yaml_document_delete(&y.doc);
    return rc;
}

static int load_families(review_prompts_t *p, const char *dir, char *err, size_t err_size)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/families.yml", dir);
    yaml_file_t y;
    if (yaml_file_load(&y, path, err, err_size) != 0) return -1;
    size_t total = (size_t)(y.root->data.mapping.pairs.top - y.root->data.mapping.pairs.start);
    int rc = -1;
    if (total && !(p->map = calloc(total, sizeof(*p->map)))) {
        fail(err, err_size, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < total; i++) {
        yaml_node_pair_t *pair = &y.root->data.mapping.pairs.start[i];
        const char *family = scalar(&y, yaml_document_get_node(&y.doc, pair->key));
        if (!family || !*family || strchr(family, '/') || family[0] == '.') {
            fail(err, err_size, "%s: a family name must be a plain word", path);
            goto done;
        }
        family_map_t *m = &p->map[p->map_count];
        if (!(m->family = strdup(family))) {
            fail(err, err_size, "out of memory");
            goto done;
        }
        p->map_count++;
        if (get_list(&y, yaml_document_get_node(&y.doc, pair->value), path, family, &m->patterns, &m->pattern_count,
                     err, err_size) != 0 ||
            add_blueprint(p, dir, family, err, err_size) != 0)
            goto done;
    }
    rc = 0;
done:
    yaml_document_delete(&y.doc);
    return rc;
}

int review_prompts_load(review_prompts_t **out, const char *dir, char *err, size_t err_size)
{
    *out = NULL;
    review_prompts_t *p = calloc(1, sizeof(*p));
    if (!p) return fail(err, err_size, "out of memory");
    if (load_common(p, dir, err, err_size) != 0 || load_families(p, dir, err, err_size) != 0 ||
        add_blueprint(p, dir, "generic", err, err_size) != 0) {
        review_prompts_free(p);
        return -1;
    }
    for (size_t i = 0; i < p->count; i++)
        if (strcmp(p->blueprints[i].family, "generic") == 0) p->generic = i;
    *out = p;
    return 0;
}

void review_prompts_free(review_prompts_t *p)
{
    if (!p) return;
    free(p->system);
    free(p->answer);
    for (size_t i = 0; i < p->count; i++) blueprint_destroy(&p->blueprints[i]);
    free(p->blueprints);
    for (size_t i = 0; i < p->map_count; i++) {
        free(p->map[i].family);
        for (size_t k = 0; k < p->map[i].pattern_count; k++) free(p->map[i].patterns[k]);
        free(p->map[i].patterns);
    }
    free(p->map);
    free(p);
}

const review_blueprint_t *review_prompts_family(const review_prompts_t *p, const char *rule_id)
{
    for (size_t i = 0; i < p->map_count; i++)
        for (size_t k = 0; k < p->map[i].pattern_count; k++)
            if (fnmatch(p->map[i].patterns[k], rule_id, 0) == 0)
                for (size_t b = 0; b < p->count; b++)
                    if (strcmp(p->blueprints[b].family, p->map[i].family) == 0) return &p->blueprints[b];
    return &p->blueprints[p->generic];
}

const char *review_prompts_answer(const review_prompts_t *p) { return p->answer; }

/* ---- texts -------------------------------------------------------------------------------- */

typedef struct {
    char *data;
    size_t length, capacity;
    bool failed;
} text_t;

static void text_add(text_t *t, const char *fmt, ...)
{
    if (t->failed) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        t->failed = true;
        return;
    }
    if (t->length + (size_t)n + 1 > t->capacity) {
        size_t cap = (t->length + (size_t)n + 1) * 2;
        char *grown = realloc(t->data, cap);
        if (!grown) {
            t->failed = true;
            return;
        }
        t->data = grown;
        t->capacity = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->data + t->length, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->length += (size_t)n;
}

static char *text_take(text_t *t)
{
    if (t->failed || !t->data) {
        free(t->data);
        return NULL;
    }
    return t->data;
}

char *review_prompt_system(const review_prompts_t *p, const review_blueprint_t *b)
{
    text_t t = {0};
    text_add(&t, "%s\nThis finding belongs to the family: %s", p->system, b->title);
    for (size_t i = 0; i < b->cwe_count; i++) text_add(&t, "%sCWE-%d", i ? ", " : " (", b->cwes[i]);
    text_add(&t, "%s.\n%s", b->cwe_count ? ")" : "", b->meaning);
    text_add(&t, "It is a true positive when:\n%s", b->true_positive);
    text_add(&t, "It is a false positive when:\n%s", b->false_positive);
    return text_take(&t);
}

char *review_prompt_finding(const candidate_t *c, const rule_t *rule, const review_window_t *w, const char *context)
{
    text_t t = {0};
    text_add(&t, "Finding: %s", c->rule_id ? c->rule_id : "?");
    if (rule && rule->short_description) text_add(&t, " (%s)", rule->short_description);
    if (c->cwe) text_add(&t, ", CWE-%d", c->cwe);
    text_add(&t, "\nAt: %s line %u\nMessage: %s\nThe analyzer's certainty: %s\n", c->path ? c->path : "?",
             c->range.start_line, c->message ? c->message : "", certainty_name(c->certainty));
    if (c->fact_count) {
        text_add(&t, "Facts the analyzer found:\n");
        for (size_t i = 0; i < c->fact_count; i++) text_add(&t, "- %s: %s\n", c->facts[i].name, c->facts[i].value);
    }
    if (context && *context) text_add(&t, "Definitions and documentation it uses:\n%s\n", context);
    /* the delimiter carries a hash of the window: code cannot spell its closing line */
    char tag[17];
    snprintf(tag, sizeof(tag), "%016llx", (unsigned long long)hash_bytes(w->text, w->text_length));
    text_add(&t, "The code, lines %u to %u of %s (each line starts with its number), between the lines "
                 "BEGIN CODE %s and END CODE %s:\nBEGIN CODE %s\n",
             w->first_line, w->last_line, c->path ? c->path : "?", tag, tag, tag);
    if (!t.failed && w->text_length) {
        /* the code is added as bytes: it may hold '%' and NULs are impossible in a window */
        text_add(&t, "%.*s", (int)w->text_length, w->text);
    }
    text_add(&t, "END CODE %s\n", tag);
    return text_take(&t);
}

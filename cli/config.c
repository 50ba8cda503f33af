/* config.c — reading `.assay.yml` and answering what it says about a path (see config.h).
 *
 * libyaml loads the file as one document; each mapping is read by a table of the keys it
 * may hold, so an unknown or repeated key stops the read with the key's line. The answers
 * (is this rule on here, which certainty, which failure level) fold the settings in the
 * order they apply: the file's top level, the overrides whose paths match, the command
 * line. */
#include "cli/config.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "analyzer/lint/discover.h"

/* ---- errors and small helpers ------------------------------------------------------- */

typedef struct {
    const char *path;
    yaml_document_t *doc;
    char *err;
    size_t err_size;
} reader_t;

static int line_of(const yaml_node_t *node)
{
    return (int)node->start_mark.line + 1;
}

__attribute__((format(printf, 3, 4)))
static int fail_at(reader_t *r, const yaml_node_t *node, const char *format, ...)
{
    int n = snprintf(r->err, r->err_size, "%s:%d: ", r->path, node ? line_of(node) : 1);
    if (n < 0 || (size_t)n >= r->err_size) return -1;
    va_list args;
    va_start(args, format);
    vsnprintf(r->err + n, r->err_size - (size_t)n, format, args);
    va_end(args);
    return -1;
}

static const char *scalar(const yaml_node_t *node)
{
    return node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

static int push_string(char ***items, size_t *count, const char *text)
{
    char **grown = realloc(*items, (*count + 1) * sizeof(**items));
    if (!grown) return -1;
    *items = grown;
    if (!(grown[*count] = strdup(text))) return -1;
    (*count)++;
    return 0;
}

/* A list of words, or one text of comma-separated words, each passed to add. */
typedef int (*word_add_t)(reader_t *r, void *target, const char *word, const yaml_node_t *node);

static int read_words(reader_t *r, const char *key, const yaml_node_t *value, void *target, word_add_t add)
{
    if (value->type == YAML_SCALAR_NODE) {
        char *copy = strdup(scalar(value));
        if (!copy) return fail_at(r, value, "out of memory");
        int rc = 0;
        for (char *save = NULL, *w = strtok_r(copy, ", \t", &save); w && rc == 0; w = strtok_r(NULL, ", \t", &save))
            rc = add(r, target, w, value);
        free(copy);
        return rc;
    }
    if (value->type != YAML_SEQUENCE_NODE) return fail_at(r, value, "%s: want a list of words, got a mapping", key);
    for (yaml_node_item_t *item = value->data.sequence.items.start; item < value->data.sequence.items.top; item++) {
        yaml_node_t *node = yaml_document_get_node(r->doc, *item);
        const char *word = node ? scalar(node) : NULL;
        if (!word || !*word) return fail_at(r, node ? node : value, "%s: want a list of words", key);
        if (add(r, target, word, node) != 0) return -1;
    }
    return 0;
}

/* ---- the keys ----------------------------------------------------------------------- */

typedef struct {
    config_scope_t *scope;
    bool enable;
} toggle_target_t;

static int add_toggle(reader_t *r, void *target, const char *word, const yaml_node_t *node)
{
    toggle_target_t *t = target;
    config_scope_t *s = t->scope;
    config_toggle_t *grown = realloc(s->toggles, (s->toggle_count + 1) * sizeof(*grown));
    if (!grown) return fail_at(r, node, "out of memory");
    s->toggles = grown;
    if (!(grown[s->toggle_count].pattern = strdup(word))) return fail_at(r, node, "out of memory");
    grown[s->toggle_count].enable = t->enable;
    grown[s->toggle_count].line = line_of(node);
    s->toggle_count++;
    return 0;
}

typedef struct {
    char ***list;
    size_t *count;
} path_target_t;

static int add_path(reader_t *r, void *target, const char *word, const yaml_node_t *node)
{
    path_target_t *t = target;
    /* a leading "./" and a trailing '/' say nothing more */
    while (word[0] == '.' && word[1] == '/') word += 2;
    char *copy = strdup(word);
    if (!copy) return fail_at(r, node, "out of memory");
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/') copy[--n] = '\0';
    int rc = *copy ? push_string(t->list, t->count, copy) : 0;
    free(copy);
    return rc == 0 ? 0 : fail_at(r, node, "out of memory");
}

/* Reads the pairs of mapping node, each key looked up in keys[]; handle(r, index, key
 * node, value node, ctx) reads one. Unknown and repeated keys are errors. */
typedef int (*pair_read_t)(reader_t *r, int index, const yaml_node_t *key, const yaml_node_t *value, void *ctx);

static int read_mapping(reader_t *r, const char *what, const yaml_node_t *node, const char *const *keys,
                        size_t key_count, pair_read_t handle, void *ctx)
{
    if (node->type != YAML_MAPPING_NODE) return fail_at(r, node, "%s: want a mapping of keys", what);
    bool seen[16] = {false};
    for (yaml_node_pair_t *pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top; pair++) {
        yaml_node_t *key = yaml_document_get_node(r->doc, pair->key);
        yaml_node_t *value = yaml_document_get_node(r->doc, pair->value);
        const char *name = key ? scalar(key) : NULL;
        if (!name || !value) return fail_at(r, key ? key : node, "%s: a key must be a word", what);
        size_t i = 0;
        while (i < key_count && strcmp(keys[i], name) != 0) i++;
        if (i == key_count) {
            char want[256] = "";
            for (size_t k = 0; k < key_count; k++)
                snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%s", k ? ", " : "", keys[k]);
            return fail_at(r, key, "unknown key '%s'%s%s (want %s)", name, node == yaml_document_get_root_node(r->doc) ? "" : " in ",
                           node == yaml_document_get_root_node(r->doc) ? "" : what, want);
        }
        if (seen[i]) return fail_at(r, key, "%s: repeated key", name);
        seen[i] = true;
        if (handle(r, (int)i, key, value, ctx) != 0) return -1;
    }
    return 0;
}

static const char *const rules_keys[] = {"enable", "disable"};

static int read_rules_pair(reader_t *r, int index, const yaml_node_t *key, const yaml_node_t *value, void *ctx)
{
    toggle_target_t target = {ctx, index == 0};
    char name[32];
    snprintf(name, sizeof(name), "rules.%s", scalar(key));
    return read_words(r, name, value, &target, add_toggle);
}

static int read_scalar_value(reader_t *r, const char *key, const yaml_node_t *value, const char **out)
{
    if (!(*out = scalar(value)) || !**out) return fail_at(r, value, "%s: want one word", key);
    return 0;
}

/* min-certainty, fail-on and rules: the keys a scope may set. */
static int read_scope_key(reader_t *r, const char *key, const yaml_node_t *value, config_scope_t *scope)
{
    const char *word;
    if (strcmp(key, "rules") == 0)
        return read_mapping(r, "rules", value, rules_keys, 2, read_rules_pair, scope);
    if (read_scalar_value(r, key, value, &word) != 0) return -1;
    if (strcmp(key, "min-certainty") == 0) {
        if (certainty_parse(word, &scope->min_certainty) != 0)
            return fail_at(r, value, "min-certainty: unknown certainty '%s' (want low, medium, high)", word);
        return 0;
    }
    /* fail-on */
    if (severity_parse(word, &scope->fail_on) != 0)
        return fail_at(r, value, "fail-on: unknown level '%s' (want error, warning, note, none)", word);
    scope->fail_on_set = true;
    return 0;
}

static const char *const override_keys[] = {"paths", "rules", "min-certainty", "fail-on"};

static int read_override_pair(reader_t *r, int index, const yaml_node_t *key, const yaml_node_t *value, void *ctx)
{
    config_scope_t *scope = ctx;
    if (index == 0) {
        path_target_t target = {&scope->paths, &scope->path_count};
        return read_words(r, "overrides.paths", value, &target, add_path);
    }
    return read_scope_key(r, scalar(key), value, scope);
}

typedef struct {
    config_t *config;
} top_ctx_t;

static const char *const top_keys[] = {"rules", "exclude", "min-certainty", "fail-on",
                                       "model", "review-budget", "overrides"};

/* "2", "2s", "1.5s", "1500ms" -> seconds; -1 when it is none of these. */
static double parse_budget(const char *word)
{
    char *end;
    errno = 0;
    double value = strtod(word, &end);
    if (errno || end == word || value < 0 || value != value) return -1;
    if (strcmp(end, "ms") == 0) return value / 1000.0;
    if (*end == '\0' || strcmp(end, "s") == 0) return value;
    return -1;
}

static int read_top_pair(reader_t *r, int index, const yaml_node_t *key, const yaml_node_t *value, void *ctx)
{
    config_t *c = ((top_ctx_t *)ctx)->config;
    const char *name = scalar(key), *word;
    switch (index) {
    case 1: {
        path_target_t target = {&c->exclude, &c->exclude_count};
        return read_words(r, "exclude", value, &target, add_path);
    }
    case 4: {
        if (read_scalar_value(r, name, value, &word) != 0) return -1;
        size_t size = strlen(c->dir) + strlen(word) + 2;
        if (!(c->model = malloc(size))) return fail_at(r, value, "out of memory");
        if (word[0] == '/') snprintf(c->model, size, "%s", word);
        else snprintf(c->model, size, "%s/%s", c->dir, word);
        return 0;
    }
    case 5:
        if (read_scalar_value(r, name, value, &word) != 0) return -1;
        if ((c->review_budget = parse_budget(word)) < 0)
            return fail_at(r, value, "review-budget: want seconds such as 2, 2s or 1500ms, got '%s'", word);
        return 0;
    case 6:
        if (value->type != YAML_SEQUENCE_NODE)
            return fail_at(r, value, "overrides: want a list of entries (- paths: ...)");
        for (yaml_node_item_t *item = value->data.sequence.items.start; item < value->data.sequence.items.top;
             item++) {
            yaml_node_t *entry = yaml_document_get_node(r->doc, *item);
            if (!entry) return fail_at(r, value, "overrides: an empty entry");
            config_scope_t *grown = realloc(c->overrides, (c->override_count + 1) * sizeof(*grown));
            if (!grown) return fail_at(r, entry, "out of memory");
            c->overrides = grown;
            config_scope_t *scope = &grown[c->override_count++];
            memset(scope, 0, sizeof(*scope));
            scope->line = line_of(entry);
            if (read_mapping(r, "overrides", entry, override_keys, 4, read_override_pair, scope) != 0) return -1;
            if (scope->path_count == 0) return fail_at(r, entry, "overrides: an entry needs paths");
        }
        return 0;
    default:
        return read_scope_key(r, name, value, &c->top);
    }
}

/* ---- loading ------------------------------------------------------------------------ */

static void scope_destroy(config_scope_t *s)
{
    for (size_t i = 0; i < s->path_count; i++) free(s->paths[i]);
    free(s->paths);
    for (size_t i = 0; i < s->toggle_count; i++) free(s->toggles[i].pattern);
    free(s->toggles);
}

void config_free(config_t *config)
{
    if (!config) return;
    scope_destroy(&config->top);
    for (size_t i = 0; i < config->override_count; i++) scope_destroy(&config->overrides[i]);
    free(config->overrides);
    for (size_t i = 0; i < config->exclude_count; i++) free(config->exclude[i]);
    free(config->exclude);
    free(config->model);
    free(config->path);
    free(config->dir);
    free(config);
}

int config_parse(config_t **out, const char *path, const char *dir, const char *text, size_t length,
                 char *err, size_t err_size)
{
    *out = NULL;
    config_t *c = calloc(1, sizeof(*c));
    if (!c || !(c->path = strdup(path)) || !(c->dir = strdup(dir))) {
        config_free(c);
        snprintf(err, err_size, "%s: out of memory", path);
        return -1;
    }
    c->review_budget = -1;
    reader_t r = {.path = path, .err = err, .err_size = err_size};
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        config_free(c);
        snprintf(err, err_size, "%s: out of memory", path);
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
    int rc = 0;
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(err, err_size, "%s:%zu: %s", path, parser.problem_mark.line + 1,
                 parser.problem ? parser.problem : "YAML syntax error");
        rc = -1;
    } else {
        r.doc = &doc;
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (root && !(root->type == YAML_SCALAR_NODE && !*scalar(root))) { /* an empty file is fine */
            top_ctx_t ctx = {c};
            rc = read_mapping(&r, "the file", root, top_keys, sizeof(top_keys) / sizeof(*top_keys), read_top_pair,
                              &ctx);
        }
        yaml_document_delete(&doc);
        if (rc == 0) {
            yaml_document_t next;
            if (yaml_parser_load(&parser, &next)) {
                if (yaml_document_get_root_node(&next)) {
                    snprintf(err, err_size, "%s:%zu: want one YAML document, found another", path,
                             yaml_document_get_root_node(&next)->start_mark.line + 1);
                    rc = -1;
                }
                yaml_document_delete(&next);
            }
        }
    }
    yaml_parser_delete(&parser);
    if (rc != 0) {
        config_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

int config_load(config_t **out, const char *path, char *err, size_t err_size)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_size, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        snprintf(err, err_size, "%s: not a regular file", path);
        return -1;
    }
    char *text = malloc((size_t)st.st_size + 1);
    size_t got = text ? fread(text, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!text || got != (size_t)st.st_size) {
        free(text);
        snprintf(err, err_size, "%s: cannot read the file", path);
        return -1;
    }
    char *real = realpath(path, NULL), *dir = real ? strdup(real) : NULL;
    char *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
    int rc = dir ? config_parse(out, path, dir, text, got, err, err_size) : -1;
    if (!dir) snprintf(err, err_size, "%s: %s", path, strerror(errno ? errno : ENOMEM));
    free(real);
    free(dir);
    free(text);
    return rc;
}

char *config_find(const char *start)
{
    char *dir = realpath(start && *start ? start : ".", NULL);
    if (!dir) dir = realpath(".", NULL); /* a path that does not exist yet: from here */
    if (!dir) return NULL;
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        char *slash = strrchr(dir, '/');
        if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
    }
    for (;;) {
        size_t size = strlen(dir) + sizeof(CONFIG_FILE_NAME) + 2;
        char *candidate = malloc(size);
        if (!candidate) break;
        snprintf(candidate, size, "%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", CONFIG_FILE_NAME);
        if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode)) {
            free(dir);
            return candidate;
        }
        free(candidate);
        char *slash = strrchr(dir, '/');
        if (!slash || strcmp(dir, "/") == 0) break;
        *(slash == dir ? slash + 1 : slash) = '\0';
    }
    free(dir);
    return NULL;
}

/* ---- the policy --------------------------------------------------------------------- */

/* Removes "." and ".." components and doubled '/' from the absolute path, in place. */
static void normalize(char *path)
{
    char *out = path;
    for (const char *in = path; *in;) {
        while (*in == '/') in++;
        const char *end = strchrnul(in, '/');
        size_t n = (size_t)(end - in);
        if (n == 0 || (n == 1 && in[0] == '.')) {
        } else if (n == 2 && in[0] == '.' && in[1] == '.') {
            while (out > path && *--out != '/') {
            }
        } else {
            *out++ = '/';
            memmove(out, in, n);
            out += n;
        }
        in = end;
    }
    if (out == path) *out++ = '/';
    *out = '\0';
}

char *config_policy_local_path(const config_policy_t *p, const char *display_path)
{
    if (!p->config || !p->root) return NULL;
    size_t size = strlen(p->root) + strlen(display_path) + 2;
    char *abs = malloc(size);
    if (!abs) return NULL;
    if (display_path[0] == '/') snprintf(abs, size, "%s", display_path);
    else snprintf(abs, size, "%s%s%s", p->root, strcmp(p->root, "/") == 0 ? "" : "/", display_path);
    normalize(abs);
    char *local = discover_relative_path(abs, p->config->dir);
    free(abs);
    if (local && (strcmp(local, "..") == 0 || strncmp(local, "../", 3) == 0)) {
        free(local);
        return NULL;
    }
    return local;
}

/* A glob covers a path when it matches it or one of the folders it lies in. */
static bool glob_covers(const char *pattern, const char *path)
{
    if (fnmatch(pattern, path, 0) == 0) return true;
    char prefix[PATH_MAX];
    size_t n = strlen(path);
    if (n >= sizeof(prefix)) return false;
    memcpy(prefix, path, n + 1);
    for (char *slash = strrchr(prefix, '/'); slash; slash = strrchr(prefix, '/')) {
        *slash = '\0';
        if (fnmatch(pattern, prefix, 0) == 0) return true;
    }
    return false;
}

static bool globs_cover(char *const *patterns, size_t count, const char *local)
{
    for (size_t i = 0; local && i < count; i++)
        if (glob_covers(patterns[i], local)) return true;
    return false;
}

bool config_policy_excludes(const config_policy_t *p, const char *display_path)
{
    if (!p->config || p->config->exclude_count == 0) return false;
    char *local = config_policy_local_path(p, display_path);
    bool excluded = globs_cover(p->config->exclude, p->config->exclude_count, local);
    free(local);
    return excluded;
}

static bool toggles_fold(bool state, const config_toggle_t *toggles, size_t count, const char *id)
{
    for (size_t i = 0; i < count; i++)
        if (fnmatch(toggles[i].pattern, id, 0) == 0) state = toggles[i].enable;
    return state;
}

static bool cli_fold(const config_policy_t *p, bool state, const char *id)
{
    for (size_t i = 0; i < p->cli_toggle_count; i++)
        if (fnmatch(p->cli_toggles[i].pattern, id, 0) == 0) state = p->cli_toggles[i].enable;
    return state;
}

/* Which overrides apply to display_path: a bit per override (the first 64). */
static unsigned long long matching_overrides(const config_policy_t *p, const char *display_path)
{
    if (!p->config || p->config->override_count == 0) return 0;
    char *local = config_policy_local_path(p, display_path);
    unsigned long long bits = 0;
    for (size_t i = 0; local && i < p->config->override_count && i < 64; i++)
        if (globs_cover(p->config->overrides[i].paths, p->config->overrides[i].path_count, local))
            bits |= 1ull << i;
    free(local);
    return bits;
}

static bool rule_enabled_for(const config_policy_t *p, const char *id, unsigned long long overrides)
{
    bool state = true;
    if (p->config) {
        state = toggles_fold(state, p->config->top.toggles, p->config->top.toggle_count, id);
        for (size_t i = 0; i < p->config->override_count && i < 64; i++)
            if (overrides & (1ull << i))
                state = toggles_fold(state, p->config->overrides[i].toggles, p->config->overrides[i].toggle_count, id);
    }
    return cli_fold(p, state, id);
}

bool config_policy_rule_enabled(const config_policy_t *p, const char *rule_id, const char *display_path)
{
    return rule_enabled_for(p, rule_id, matching_overrides(p, display_path));
}

static certainty_t min_certainty_for(const config_policy_t *p, unsigned long long overrides)
{
    if (p->cli_min_certainty != CERTAINTY_UNSET) return p->cli_min_certainty;
    certainty_t c = CERTAINTY_MEDIUM;
    if (!p->config) return c;
    if (p->config->top.min_certainty != CERTAINTY_UNSET) c = p->config->top.min_certainty;
    for (size_t i = 0; i < p->config->override_count && i < 64; i++)
        if ((overrides & (1ull << i)) && p->config->overrides[i].min_certainty != CERTAINTY_UNSET)
            c = p->config->overrides[i].min_certainty;
    return c;
}

certainty_t config_policy_min_certainty(const config_policy_t *p, const char *display_path)
{
    return min_certainty_for(p, matching_overrides(p, display_path));
}

severity_t config_policy_fail_on(const config_policy_t *p, const char *display_path)
{
    if (p->cli_fail_on_given) return p->cli_fail_on;
    severity_t level = SEVERITY_WARNING;
    if (!p->config) return level;
    if (p->config->top.fail_on_set) level = p->config->top.fail_on;
    unsigned long long overrides = matching_overrides(p, display_path);
    for (size_t i = 0; i < p->config->override_count && i < 64; i++)
        if ((overrides & (1ull << i)) && p->config->overrides[i].fail_on_set) level = p->config->overrides[i].fail_on;
    return level;
}

certainty_t config_policy_lowest_certainty(const config_policy_t *p)
{
    certainty_t lowest = min_certainty_for(p, 0);
    for (size_t i = 0; p->config && i < p->config->override_count && i < 64; i++) {
        certainty_t c = min_certainty_for(p, 1ull << i);
        if (c < lowest) lowest = c;
    }
    return lowest;
}

static int check_toggles(const config_t *c, const config_scope_t *s, const rule_pack_t *pack, char *err,
                         size_t err_size)
{
    for (size_t t = 0; t < s->toggle_count; t++) {
        bool matched = false;
        for (size_t i = 0; i < pack->count && !matched; i++)
            matched = fnmatch(s->toggles[t].pattern, pack->rules[i]->id, 0) == 0;
        if (!matched) {
            snprintf(err, err_size, "%s:%d: rules.%s: no rule matches '%s'", c->path, s->toggles[t].line,
                     s->toggles[t].enable ? "enable" : "disable", s->toggles[t].pattern);
            return -1;
        }
    }
    return 0;
}

int config_policy_apply_rules(const config_policy_t *p, rule_pack_t *pack, char *err, size_t err_size)
{
    if (!p->config) return 0;
    if (check_toggles(p->config, &p->config->top, pack, err, err_size) != 0) return -1;
    for (size_t i = 0; i < p->config->override_count; i++)
        if (check_toggles(p->config, &p->config->overrides[i], pack, err, err_size) != 0) return -1;
    for (size_t r = 0; r < pack->count; r++) {
        const char *id = pack->rules[r]->id;
        bool on = rule_enabled_for(p, id, 0);
        for (size_t i = 0; !on && i < p->config->override_count && i < 64; i++) on = rule_enabled_for(p, id, 1ull << i);
        pack->rules[r]->enabled = on;
    }
    return 0;
}

size_t config_policy_filter(const config_policy_t *p, candidate_list_t *list)
{
    if (!p->config) return 0;
    size_t kept = 0, dropped = 0;
    for (size_t i = 0; i < list->count; i++) {
        candidate_t *c = list->items[i];
        unsigned long long overrides = matching_overrides(p, c->path);
        /* as candidate_list_drop_below: a finding the model review confirmed stays */
        bool keep = rule_enabled_for(p, c->rule_id, overrides) &&
                    (c->certainty == CERTAINTY_UNSET || c->confirmed ||
                     c->certainty >= min_certainty_for(p, overrides));
        if (keep) {
            list->items[kept++] = c;
        } else {
            candidate_free(c);
            dropped++;
        }
    }
    list->count = kept;
    return dropped;
}

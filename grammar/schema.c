/* schema.c — JSON Schema (a documented subset, see grammar.h) → GBNF text.
 *
 * Each sub-schema becomes one rule named after where it sits (root, root-verdict,
 * root-fix-start-line, ...); shared building blocks (string characters, numbers, any
 * JSON value) are emitted once on demand. The converter is strict: a keyword it does not
 * implement is an error naming the keyword and its JSON pointer, because silently
 * ignoring, say, "pattern" would let the model produce values the caller's validator then
 * rejects. Output is compact JSON with at most one space after ':' and ','. */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/grammar_impl.h"

#define MAX_INT_DIGITS 16   /* unbounded integers: at most this many digits */
#define MAX_FRAC_DIGITS 16
#define BOUND_LIMIT 1000000000000000000LL /* |bounds| above 10^18 are refused */

typedef struct {
    char *ref;   /* "#/definitions/x" */
    char *rule;
} ref_rule_t;

typedef struct {
    const char *source;
    json_t *doc;
    grammar_text_t rules;      /* everything but root, in creation order */
    char **names;
    size_t n_names, cap_names;
    ref_rule_t *refs;
    size_t n_refs, cap_refs;
    const grammar_schema_override_t *overrides;
    size_t n_overrides;
    bool *override_used;
    bool need_char, need_string, need_number, need_value;
    int failed;
    char *err;
    size_t err_size;
} conv_t;

static void fail(conv_t *c, int code, const char *fmt, ...)
{
    if (c->failed) return;
    c->failed = code;
    if (!c->err || !c->err_size) return;
    int n = snprintf(c->err, c->err_size, "%s: ", c->source);
    if (n < 0 || (size_t)n >= c->err_size) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err + n, c->err_size - (size_t)n, fmt, ap);
    va_end(ap);
}

/* JSON pointer of key under ptr, with ~ and / escaped */
static void pointer_join(char *out, size_t size, const char *ptr, const char *key)
{
    size_t at = (size_t)snprintf(out, size, "%s/", ptr);
    for (const char *k = key; *k && at + 3 < size; k++) {
        if (*k == '~') { out[at++] = '~'; out[at++] = '0'; }
        else if (*k == '/') { out[at++] = '~'; out[at++] = '1'; }
        else out[at++] = *k;
    }
    out[at < size ? at : size - 1] = 0;
}

/* A rule name from a hint: [a-z0-9-] only, unique. Returns a pointer owned by c. */
static const char *new_name(conv_t *c, const char *hint)
{
    char base[96];
    size_t n = 0;
    for (const char *h = hint; *h && n < sizeof base - 1; h++) {
        char ch = *h;
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-') base[n++] = ch;
        else if (ch >= 'A' && ch <= 'Z') base[n++] = (char)(ch - 'A' + 'a');
        else if (n > 0 && base[n - 1] != '-') base[n++] = '-';
    }
    while (n > 0 && base[n - 1] == '-') n--;
    if (n == 0) { strcpy(base, "r"); n = 1; }
    base[n] = 0;
    char name[128];
    snprintf(name, sizeof name, "%s", base);
    for (int k = 2;; k++) {
        bool taken = strcmp(name, "root") == 0 && strcmp(hint, "root") != 0;
        for (size_t i = 0; i < c->n_names && !taken; i++) taken = strcmp(c->names[i], name) == 0;
        if (!taken) break;
        snprintf(name, sizeof name, "%s-%d", base, k);
    }
    if (c->n_names == c->cap_names) {
        size_t cap = c->cap_names ? c->cap_names * 2 : 32;
        char **p = realloc(c->names, cap * sizeof *p);
        if (!p) { fail(c, GRAMMAR_ERR_NOMEM, "out of memory"); return "oom"; }
        c->names = p;
        c->cap_names = cap;
    }
    c->names[c->n_names] = strdup(name);
    if (!c->names[c->n_names]) { fail(c, GRAMMAR_ERR_NOMEM, "out of memory"); return "oom"; }
    return c->names[c->n_names++];
}

static void add_literal_json(grammar_text_t *t, json_t *value)
{
    char *s = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
    if (!s) { t->oom = true; return; }
    grammar_text_str(t, " ");
    grammar_text_literal(t, s, strlen(s));
    free(s);
}

static const char *const annotations[] = {"$schema", "$id", "$comment", "title", "description",
                                          "examples", "default", "definitions", "$defs", NULL};
static const char *const supported[] = {"type", "properties", "required", "additionalProperties",
                                        "items", "minItems", "maxItems", "minLength", "maxLength",
                                        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                                        "enum", "const", "anyOf", "oneOf", "$ref", NULL};

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0) return true;
    return false;
}

static const char *visit(conv_t *c, json_t *schema, const char *ptr, const char *hint);

/* ---- shared building blocks ---------------------------------------------------------------- */

static void emit_shared(conv_t *c, grammar_text_t *t)
{
    if (c->need_value) {
        c->need_string = c->need_number = true;
        grammar_text_str(t,
                         "json-value ::= json-object | json-array | json-string | json-number | \"true\" | \"false\" | \"null\"\n"
                         "json-object ::= \"{\" ( json-string \":\" \" \"? json-value ( \",\" \" \"? json-string \":\" \" \"? json-value )* )? \"}\"\n"
                         "json-array ::= \"[\" ( json-value ( \",\" \" \"? json-value )* )? \"]\"\n");
    }
    if (c->need_string) {
        c->need_char = true;
        grammar_text_str(t, "json-string ::= \"\\\"\" json-chars \"\\\"\"\n"
                            "json-chars ::= [^\"\\\\\\x00-\\x1F] json-chars | \"\\\\\" [\"\\\\/bfnrt] json-chars | \"\"\n");
    }
    if (c->need_char) grammar_text_str(t, "json-char ::= [^\"\\\\\\x00-\\x1F] | \"\\\\\" [\"\\\\/bfnrt]\n");
    if (c->need_number)
        grammar_text_fmt(t,
                         "json-number ::= \"-\"? ( \"0\" | [1-9] [0-9]{0,%d} ) ( \".\" [0-9]{1,%d} )? ( [eE] [-+]? [0-9]{1,3} )?\n",
                         MAX_INT_DIGITS - 1, MAX_FRAC_DIGITS);
}

/* ---- per type -------------------------------------------------------------------------- */

static bool get_int_bound(conv_t *c, json_t *schema, const char *key, const char *ptr, bool *has,
                          int64_t *out, bool integral_required)
{
    json_t *v = json_object_get(schema, key);
    if (!v) return true;
    char p[512];
    pointer_join(p, sizeof p, ptr, key);
    if (!json_is_number(v)) {
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "'%s' at %s must be a number", key, p);
        return false;
    }
    double d = json_number_value(v);
    if (fabs(d) > (double)BOUND_LIMIT) {
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "'%s' at %s is beyond +-10^18", key, p);
        return false;
    }
    if (integral_required && d != floor(d)) {
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "unsupported keyword value: non-integral '%s' at %s (number bounds must be integers)", key, p);
        return false;
    }
    *has = true;
    *out = json_is_integer(v) ? (int64_t)json_integer_value(v) : (int64_t)d;
    return true;
}

static void integer_body(conv_t *c, grammar_text_t *t, json_t *schema, const char *ptr)
{
    bool has_lo = false, has_hi = false, has_xlo = false, has_xhi = false;
    int64_t lo = 0, hi = 0, xlo = 0, xhi = 0;
    json_t *v;
    /* integers: a fractional bound rounds inward */
    if ((v = json_object_get(schema, "minimum")) && json_is_real(v)) {
        if (!get_int_bound(c, schema, "minimum", ptr, &has_lo, &lo, false)) return;
        if ((double)lo < json_real_value(v)) lo++;
    } else if (!get_int_bound(c, schema, "minimum", ptr, &has_lo, &lo, false)) return;
    if ((v = json_object_get(schema, "maximum")) && json_is_real(v)) {
        if (!get_int_bound(c, schema, "maximum", ptr, &has_hi, &hi, false)) return;
        if ((double)hi > json_real_value(v)) hi--;
    } else if (!get_int_bound(c, schema, "maximum", ptr, &has_hi, &hi, false)) return;
    if (!get_int_bound(c, schema, "exclusiveMinimum", ptr, &has_xlo, &xlo, true)) return;
    if (!get_int_bound(c, schema, "exclusiveMaximum", ptr, &has_xhi, &xhi, true)) return;
    if (has_xlo && (!has_lo || xlo + 1 > lo)) { has_lo = true; lo = xlo + 1; }
    if (has_xhi && (!has_hi || xhi - 1 < hi)) { has_hi = true; hi = xhi - 1; }
    if (has_lo && has_hi && lo > hi) {
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "integer range at %s is empty (%lld > %lld)", ptr[0] ? ptr : "/",
             (long long)lo, (long long)hi);
        return;
    }
    grammar_int_range(t, has_lo, lo, has_hi, hi, MAX_INT_DIGITS);
}

/* magnitude m in [a, b] (b may be unbounded) written as digits with a fraction */
static void magnitude(grammar_text_t *t, uint64_t a, bool has_b, uint64_t b)
{
    grammar_text_str(t, " (");
    if (!has_b) {
        grammar_uint_range(t, a, false, 0, MAX_INT_DIGITS);
        grammar_text_fmt(t, " ( \".\" [0-9]{1,%d} )?", MAX_FRAC_DIGITS);
    } else {
        if (a + 1 <= b) {
            grammar_uint_range(t, a, true, b - 1, MAX_INT_DIGITS);
            grammar_text_fmt(t, " ( \".\" [0-9]{1,%d} )? |", MAX_FRAC_DIGITS);
        }
        grammar_uint_range(t, b, true, b, MAX_INT_DIGITS);
        grammar_text_fmt(t, " ( \".\" \"0\"{1,%d} )?", MAX_FRAC_DIGITS);
    }
    grammar_text_str(t, " )");
}

static void number_body(conv_t *c, grammar_text_t *t, json_t *schema, const char *ptr)
{
    bool has_lo = false, has_hi = false, dummy = false;
    int64_t lo = 0, hi = 0, x = 0;
    if (!get_int_bound(c, schema, "minimum", ptr, &has_lo, &lo, true)) return;
    if (!get_int_bound(c, schema, "maximum", ptr, &has_hi, &hi, true)) return;
    if (json_object_get(schema, "exclusiveMinimum") || json_object_get(schema, "exclusiveMaximum")) {
        char p[512];
        pointer_join(p, sizeof p, ptr, json_object_get(schema, "exclusiveMinimum") ? "exclusiveMinimum" : "exclusiveMaximum");
        (void)dummy; (void)x;
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "unsupported keyword '%s' at %s (exclusive bounds only for integers)",
             json_object_get(schema, "exclusiveMinimum") ? "exclusiveMinimum" : "exclusiveMaximum", p);
        return;
    }
    if (!has_lo && !has_hi) {
        c->need_number = true;
        grammar_text_str(t, " json-number");
        return;
    }
    if (has_lo && has_hi && lo > hi) {
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "number range at %s is empty", ptr[0] ? ptr : "/");
        return;
    }
    grammar_text_str(t, " (");
    bool first = true;
    if (!has_hi || hi >= 0) { /* v >= 0 */
        magnitude(t, has_lo && lo > 0 ? (uint64_t)lo : 0, has_hi, has_hi ? (uint64_t)hi : 0);
        first = false;
    }
    if (!has_lo || lo < 0) { /* v < 0: "-" magnitude in [max(0,-hi), -lo] */
        if (!first) grammar_text_str(t, " |");
        grammar_text_str(t, " \"-\"");
        magnitude(t, has_hi && hi < 0 ? (uint64_t)(-hi) : 0, has_lo, has_lo ? (uint64_t)(-lo) : 0);
    }
    grammar_text_str(t, " )");
}

static bool get_count(conv_t *c, json_t *schema, const char *key, const char *ptr, bool *has, uint32_t *out)
{
    json_t *v = json_object_get(schema, key);
    if (!v) return true;
    char p[512];
    pointer_join(p, sizeof p, ptr, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100000) {
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "'%s' at %s must be an integer in 0..100000", key, p);
        return false;
    }
    *has = true;
    *out = (uint32_t)json_integer_value(v);
    return true;
}

static void string_body(conv_t *c, grammar_text_t *t, json_t *schema, const char *ptr)
{
    bool has_min = false, has_max = false;
    uint32_t min = 0, max = 0;
    if (!get_count(c, schema, "minLength", ptr, &has_min, &min)) return;
    if (!get_count(c, schema, "maxLength", ptr, &has_max, &max)) return;
    if (has_min && has_max && min > max) {
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "string at %s: minLength > maxLength", ptr[0] ? ptr : "/");
        return;
    }
    if (!has_min && !has_max) {
        c->need_string = true;
        grammar_text_str(t, " json-string");
        return;
    }
    c->need_char = true;
    if (has_max) grammar_text_fmt(t, " \"\\\"\" json-char{%u,%u} \"\\\"\"", min, max);
    else grammar_text_fmt(t, " \"\\\"\" json-char{%u,} \"\\\"\"", min);
}

static void array_body(conv_t *c, grammar_text_t *t, json_t *schema, const char *ptr, const char *hint)
{
    bool has_min = false, has_max = false;
    uint32_t min = 0, max = 0;
    if (!get_count(c, schema, "minItems", ptr, &has_min, &min)) return;
    if (!get_count(c, schema, "maxItems", ptr, &has_max, &max)) return;
    if (has_min && has_max && min > max) {
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "array at %s: minItems > maxItems", ptr[0] ? ptr : "/");
        return;
    }
    json_t *items = json_object_get(schema, "items");
    const char *item;
    char p[512], h[128];
    if (items) {
        pointer_join(p, sizeof p, ptr, "items");
        if (!json_is_object(items) && !json_is_boolean(items)) {
            fail(c, GRAMMAR_ERR_UNSUPPORTED, "unsupported keyword value: 'items' at %s must be one schema (tuple form unsupported)", p);
            return;
        }
        snprintf(h, sizeof h, "%s-item", hint);
        item = visit(c, items, p, h);
    } else {
        c->need_value = true;
        item = "json-value";
    }
    if (c->failed) return;
    if (has_max && max == 0) { grammar_text_str(t, " \"[]\""); return; }
    /* "[" item ("," item){min-1, max-1} "]", optional as a whole when min == 0 */
    grammar_text_fmt(t, " \"[\" ( %s", item);
    uint32_t rest_min = min > 0 ? min - 1 : 0;
    if (has_max) grammar_text_fmt(t, " ( \",\" \" \"? %s ){%u,%u}", item, rest_min, max - 1);
    else grammar_text_fmt(t, " ( \",\" \" \"? %s ){%u,}", item, rest_min);
    grammar_text_fmt(t, " )%s \"]\"", min == 0 ? "?" : "");
}

static void object_body(conv_t *c, grammar_text_t *t, json_t *schema, const char *ptr, const char *hint)
{
    json_t *props = json_object_get(schema, "properties");
    json_t *req = json_object_get(schema, "required");
    json_t *addl = json_object_get(schema, "additionalProperties");
    char p[512];
    if (addl && !json_is_boolean(addl)) {
        pointer_join(p, sizeof p, ptr, "additionalProperties");
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "unsupported keyword value: 'additionalProperties' at %s must be true or false", p);
        return;
    }
    if (props && !json_is_object(props)) {
        pointer_join(p, sizeof p, ptr, "properties");
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "'properties' at %s must be an object", p);
        return;
    }
    if (req && !json_is_array(req)) {
        pointer_join(p, sizeof p, ptr, "required");
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "'required' at %s must be an array of names", p);
        return;
    }
    if (!props && !req) {
        /* no properties listed: the empty object is always valid, and with
         * additionalProperties true any object is; emit any object then */
        if (addl && json_is_false(addl)) grammar_text_str(t, " \"{}\"");
        else { c->need_value = true; grammar_text_str(t, " json-object"); }
        return;
    }
    size_t n = props ? json_object_size(props) : 0;
    const char **keys = calloc(n + 1, sizeof *keys);
    const char **rules = calloc(n + 1, sizeof *rules);
    bool *required = calloc(n + 1, sizeof *required);
    if (!keys || !rules || !required) { fail(c, GRAMMAR_ERR_NOMEM, "out of memory"); goto done; }
    size_t k = 0;
    const char *key;
    json_t *sub;
    json_object_foreach(props, key, sub) keys[k++] = key;
    size_t i;
    json_t *r;
    json_array_foreach(req, i, r) {
        if (!json_is_string(r)) {
            pointer_join(p, sizeof p, ptr, "required");
            fail(c, GRAMMAR_ERR_UNSUPPORTED, "'required' at %s must list property names", p);
            goto done;
        }
        bool found = false;
        for (size_t j = 0; j < n; j++)
            if (strcmp(keys[j], json_string_value(r)) == 0) { required[j] = true; found = true; }
        if (!found) {
            pointer_join(p, sizeof p, ptr, "required");
            fail(c, GRAMMAR_ERR_UNSUPPORTED, "required property '%s' at %s is not in 'properties' (extra properties are not generated)",
                 json_string_value(r), p);
            goto done;
        }
    }
    /* order: required in schema order, then optional in schema order */
    const char **order = calloc(n + 1, sizeof *order);
    bool *order_req = calloc(n + 1, sizeof *order_req);
    if (!order || !order_req) { free(order); free(order_req); fail(c, GRAMMAR_ERR_NOMEM, "out of memory"); goto done; }
    size_t m = 0, n_req = 0;
    for (size_t j = 0; j < n; j++) if (required[j]) { order[m] = keys[j]; order_req[m++] = true; n_req++; }
    for (size_t j = 0; j < n; j++) if (!required[j]) { order[m] = keys[j]; order_req[m++] = false; }
    for (size_t j = 0; j < n && !c->failed; j++) {
        char pp[512], h[160];
        pointer_join(pp, sizeof pp, ptr, "properties");
        pointer_join(p, sizeof p, pp, order[j]);
        snprintf(h, sizeof h, "%s-%s", hint, order[j]);
        rules[j] = visit(c, json_object_get(props, order[j]), p, h);
    }
    if (c->failed) { free(order); free(order_req); goto done; }
    /* a key-value pair: "\"key\"" ":" " "? value */
    grammar_text_str(t, " \"{\"");
    for (size_t j = 0; j < n_req; j++) {
        if (j > 0) grammar_text_str(t, " \",\" \" \"?");
        json_t *ks = json_string(order[j]);
        add_literal_json(t, ks);
        json_decref(ks);
        grammar_text_fmt(t, " \":\" \" \"? %s", rules[j]);
    }
    if (n_req > 0) {
        for (size_t j = n_req; j < n; j++) {
            json_t *ks = json_string(order[j]);
            grammar_text_str(t, " ( \",\" \" \"?");
            add_literal_json(t, ks);
            json_decref(ks);
            grammar_text_fmt(t, " \":\" \" \"? %s )?", rules[j]);
        }
    } else if (n > 0) {
        /* all optional: ( kv_i ("," kv_j)? ... for j > i )? over the first present i */
        grammar_text_str(t, " (");
        for (size_t j = 0; j < n; j++) {
            if (j > 0) grammar_text_str(t, " |");
            json_t *ks = json_string(order[j]);
            add_literal_json(t, ks);
            json_decref(ks);
            grammar_text_fmt(t, " \":\" \" \"? %s", rules[j]);
            for (size_t q = j + 1; q < n; q++) {
                json_t *kq = json_string(order[q]);
                grammar_text_str(t, " ( \",\" \" \"?");
                add_literal_json(t, kq);
                json_decref(kq);
                grammar_text_fmt(t, " \":\" \" \"? %s )?", rules[q]);
            }
        }
        grammar_text_str(t, " )?");
    }
    grammar_text_str(t, " \"}\"");
    free(order);
    free(order_req);
done:
    free(keys);
    free(rules);
    free(required);
}

static void typed_body(conv_t *c, grammar_text_t *t, json_t *schema, const char *type, const char *ptr,
                       const char *hint)
{
    if (strcmp(type, "string") == 0) string_body(c, t, schema, ptr);
    else if (strcmp(type, "integer") == 0) integer_body(c, t, schema, ptr);
    else if (strcmp(type, "number") == 0) number_body(c, t, schema, ptr);
    else if (strcmp(type, "boolean") == 0) grammar_text_str(t, " ( \"true\" | \"false\" )");
    else if (strcmp(type, "null") == 0) grammar_text_str(t, " \"null\"");
    else if (strcmp(type, "object") == 0) object_body(c, t, schema, ptr, hint);
    else if (strcmp(type, "array") == 0) array_body(c, t, schema, ptr, hint);
    else {
        char p[512];
        pointer_join(p, sizeof p, ptr, "type");
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "unknown type '%s' at %s", type, p);
    }
}

static const char *ref_rule(conv_t *c, const char *ref, const char *ptr)
{
    for (size_t i = 0; i < c->n_refs; i++)
        if (strcmp(c->refs[i].ref, ref) == 0) return c->refs[i].rule;
    const char *name = NULL;
    const char *container = NULL;
    if (strncmp(ref, "#/definitions/", 14) == 0) { container = "definitions"; name = ref + 14; }
    else if (strncmp(ref, "#/$defs/", 8) == 0) { container = "$defs"; name = ref + 8; }
    json_t *target = container ? json_object_get(json_object_get(c->doc, container), name) : NULL;
    if (!target) {
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "$ref '%s' at %s/$ref: only #/definitions/NAME or #/$defs/NAME within this document are supported, and the target must exist",
             ref, ptr);
        return NULL;
    }
    if (c->n_refs == c->cap_refs) {
        size_t cap = c->cap_refs ? c->cap_refs * 2 : 8;
        ref_rule_t *r = realloc(c->refs, cap * sizeof *r);
        if (!r) { fail(c, GRAMMAR_ERR_NOMEM, "out of memory"); return NULL; }
        c->refs = r;
        c->cap_refs = cap;
    }
    char hint[160];
    snprintf(hint, sizeof hint, "def-%s", name);
    const char *rule = new_name(c, hint);
    /* register first so that recursive references find the rule */
    c->refs[c->n_refs].ref = strdup(ref);
    c->refs[c->n_refs].rule = (char *)rule;
    c->n_refs++;
    char p[512];
    snprintf(p, sizeof p, "/%s/%s", container, name);
    grammar_text_t body = {0};
    /* visit writes its own rule; make this one an alias */
    const char *inner = visit(c, target, p, hint);
    if (!c->failed) {
        grammar_text_fmt(&body, "%s ::= %s\n", rule, inner);
        grammar_text_add(&c->rules, body.s, body.len);
    }
    grammar_text_destroy(&body);
    return rule;
}

/* Converts the sub-schema at ptr; returns the name of its rule (owned by c). */
static const char *visit(conv_t *c, json_t *schema, const char *ptr, const char *hint)
{
    if (c->failed) return "failed";
    grammar_text_t t = {0};
    const char *name = NULL;
    for (size_t i = 0; i < c->n_overrides; i++) {
        if (strcmp(c->overrides[i].pointer, ptr) == 0) {
            c->override_used[i] = true;
            name = new_name(c, hint);
            grammar_text_fmt(&t, "%s ::= %s\n", name, c->overrides[i].body);
            if (c->overrides[i].extra_rules) grammar_text_str(&t, c->overrides[i].extra_rules);
            size_t l = t.len;
            if (l && t.s[l - 1] != '\n') grammar_text_str(&t, "\n");
            goto out;
        }
    }
    if (json_is_true(schema)) { c->need_value = true; return "json-value"; }
    if (!json_is_object(schema)) {
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "the schema at %s must be an object or true", ptr[0] ? ptr : "/");
        return "failed";
    }
    const char *key;
    json_t *val;
    json_object_foreach(schema, key, val) {
        if (in_list(annotations, key) || in_list(supported, key)) continue;
        char p[512];
        pointer_join(p, sizeof p, ptr, key);
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "unsupported keyword '%s' at %s", key, p);
        return "failed";
    }
    json_t *ref = json_object_get(schema, "$ref");
    if (ref) {
        if (!json_is_string(ref)) {
            fail(c, GRAMMAR_ERR_UNSUPPORTED, "'$ref' at %s/$ref must be a string", ptr);
            return "failed";
        }
        json_object_foreach(schema, key, val) {
            if (strcmp(key, "$ref") == 0 || in_list(annotations, key)) continue;
            char p[512];
            pointer_join(p, sizeof p, ptr, key);
            fail(c, GRAMMAR_ERR_UNSUPPORTED, "unsupported keyword '%s' beside $ref at %s", key, p);
            return "failed";
        }
        const char *r = ref_rule(c, json_string_value(ref), ptr);
        return r ? r : "failed";
    }
    name = new_name(c, hint);
    grammar_text_fmt(&t, "%s ::=", name);
    json_t *cnst = json_object_get(schema, "const");
    json_t *en = json_object_get(schema, "enum");
    json_t *any = json_object_get(schema, "anyOf");
    if (!any) any = json_object_get(schema, "oneOf");
    json_t *type = json_object_get(schema, "type");
    char p[512];
    if (cnst) {
        add_literal_json(&t, cnst);
    } else if (en) {
        pointer_join(p, sizeof p, ptr, "enum");
        if (!json_is_array(en) || json_array_size(en) == 0) {
            fail(c, GRAMMAR_ERR_UNSUPPORTED, "'enum' at %s must be a non-empty array", p);
            goto out;
        }
        size_t i;
        json_t *v;
        json_array_foreach(en, i, v) {
            if (i > 0) grammar_text_str(&t, " |");
            add_literal_json(&t, v);
        }
    } else if (any) {
        const char *kw = json_object_get(schema, "anyOf") ? "anyOf" : "oneOf";
        pointer_join(p, sizeof p, ptr, kw);
        if (!json_is_array(any) || json_array_size(any) == 0) {
            fail(c, GRAMMAR_ERR_UNSUPPORTED, "'%s' at %s must be a non-empty array", kw, p);
            goto out;
        }
        if (type) {
            fail(c, GRAMMAR_ERR_UNSUPPORTED, "unsupported combination: 'type' beside '%s' at %s (put the type inside each alternative)", kw, ptr[0] ? ptr : "/");
            goto out;
        }
        size_t i;
        json_t *v;
        json_array_foreach(any, i, v) {
            char pi[560], h[160];
            snprintf(pi, sizeof pi, "%s/%zu", p, i);
            snprintf(h, sizeof h, "%s-%zu", hint, i);
            const char *alt = visit(c, v, pi, h);
            if (c->failed) goto out;
            grammar_text_fmt(&t, "%s %s", i > 0 ? " |" : "", alt);
        }
    } else if (json_is_string(type)) {
        typed_body(c, &t, schema, json_string_value(type), ptr, name);
    } else if (json_is_array(type)) {
        size_t i;
        json_t *v;
        json_array_foreach(type, i, v) {
            if (!json_is_string(v)) {
                pointer_join(p, sizeof p, ptr, "type");
                fail(c, GRAMMAR_ERR_UNSUPPORTED, "'type' at %s must name types", p);
                goto out;
            }
            grammar_text_str(&t, i > 0 ? " | (" : " (");
            typed_body(c, &t, schema, json_string_value(v), ptr, name);
            grammar_text_str(&t, " )");
        }
    } else if (type) {
        pointer_join(p, sizeof p, ptr, "type");
        fail(c, GRAMMAR_ERR_UNSUPPORTED, "'type' at %s must be a string or an array", p);
    } else if (json_object_get(schema, "properties") || json_object_get(schema, "required")) {
        object_body(c, &t, schema, ptr, name);
    } else if (json_object_get(schema, "items")) {
        array_body(c, &t, schema, ptr, name);
    } else {
        c->need_value = true;
        grammar_text_str(&t, " json-value");
    }
    grammar_text_str(&t, "\n");
out:
    if (!c->failed) grammar_text_add(&c->rules, t.s ? t.s : "", t.len);
    if (t.oom || c->rules.oom) fail(c, GRAMMAR_ERR_NOMEM, "out of memory");
    grammar_text_destroy(&t);
    return name ? name : "failed";
}

int grammar_schema_to_gbnf(char **out, const char *schema_json, size_t len, const char *source,
                           const grammar_schema_override_t *overrides, size_t n_overrides, char *err,
                           size_t err_size)
{
    *out = NULL;
    conv_t c = {0};
    c.source = source ? source : "<schema>";
    c.err = err;
    c.err_size = err_size;
    c.overrides = overrides;
    c.n_overrides = n_overrides;
    json_error_t je;
    c.doc = json_loadb(schema_json, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    if (!c.doc) {
        if (err && err_size)
            snprintf(err, err_size, "%s:%d:%d: invalid JSON: %s", c.source, je.line, je.column, je.text);
        return GRAMMAR_ERR_SYNTAX;
    }
    c.override_used = calloc(n_overrides + 1, sizeof *c.override_used);
    if (!c.override_used) fail(&c, GRAMMAR_ERR_NOMEM, "out of memory");
    /* the root rule is written first so the text reads top-down */
    grammar_text_t head = {0};
    if (!c.failed) {
        /* visit names the root schema's rule "root" */
        const char *root = visit(&c, c.doc, "", "root");
        if (!c.failed && strcmp(root, "root") != 0) grammar_text_fmt(&head, "root ::= %s\n", root);
    }
    for (size_t i = 0; i < n_overrides && !c.failed; i++)
        if (!c.override_used[i])
            fail(&c, GRAMMAR_ERR_ARG, "override pointer '%s' names no converted sub-schema", overrides[i].pointer);
    int rc = c.failed;
    if (!rc) {
        grammar_text_add(&head, c.rules.s ? c.rules.s : "", c.rules.len);
        emit_shared(&c, &head);
        *out = grammar_text_take(&head);
        if (!*out) rc = GRAMMAR_ERR_NOMEM;
    }
    grammar_text_destroy(&head);
    grammar_text_destroy(&c.rules);
    for (size_t i = 0; i < c.n_names; i++) free(c.names[i]);
    free(c.names);
    for (size_t i = 0; i < c.n_refs; i++) free(c.refs[i].ref);
    free(c.refs);
    free(c.override_used);
    json_decref(c.doc);
    if (rc == GRAMMAR_ERR_NOMEM && err && err_size) snprintf(err, err_size, "%s: out of memory", c.source);
    return rc;
}

/* cmd_rules.c — `assay --list-rules` and `assay --explain RULE`: the rule pack described
 * to a user.
 *
 * --list-rules prints one aligned line per rule (id, severity, CWE, engine, certainty,
 * whether it has a fix, whether it runs with this configuration), or with --format=json
 * an array of the same as objects. --explain prints one rule's description, help and fix,
 * then examples taken from its labelled corpus (corpus/<id>/ beside the rules folder): the
 * lines the positive cases mark `// expect: <id>`, and the safe look-alikes marked
 * `// ok: <id>`, each with the lines before it for context and the label itself removed. */
#include <errno.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/rules/rule_pack.h"
#include "cli/cli_args.h"
#include "cli/commands.h"
#include "cli/config.h"

enum { EXIT_CLEAN = 0, EXIT_USAGE = 2 };

static const char *rules_dir_of(const cli_options_t *o)
{
    return o->rules_dir ? o->rules_dir : rule_pack_default_dir();
}

/* The pack with the configuration's and the command line's toggles applied. */
static int load_pack(rule_pack_t **pack, const cli_options_t *o)
{
    char err[1024] = "";
    const char *dir = rules_dir_of(o);
    if (!dir) {
        fprintf(stderr, "assay: cannot find the rules folder next to the assay binary; pass --rules DIR\n");
        return EXIT_USAGE;
    }
    if (rule_pack_load_dir(pack, dir, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s\n", err);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < o->toggle_count; i++) {
        if (rule_pack_set_enabled(*pack, o->toggles[i].pattern, o->toggles[i].enable) < 0) {
            char message[512];
            snprintf(message, sizeof(message), "--%s %s: no rule matches (rules from %s)",
                     o->toggles[i].enable ? "enable" : "disable", o->toggles[i].pattern, dir);
            return cli_args_usage_error("assay", message);
        }
    }
    config_policy_t policy = {.config = o->config, .cli_toggles = o->toggles, .cli_toggle_count = o->toggle_count};
    if (config_policy_apply_rules(&policy, *pack, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s\n", err);
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

static const char *engine_name(const rule_t *rule)
{
    return rule->engine == RULE_ENGINE_CLANG ? "clang" : "treesitter";
}

static void cwe_text(char *out, size_t size, const rule_t *rule)
{
    if (rule->cwe > 0) snprintf(out, size, "CWE-%d", rule->cwe);
    else snprintf(out, size, "-");
}

static int list_json(const rule_pack_t *pack)
{
    json_t *array = json_array();
    for (size_t i = 0; array && i < pack->count; i++) {
        const rule_t *r = pack->rules[i];
        char cwe[16];
        cwe_text(cwe, sizeof(cwe), r);
        const char *fix = rule_fix_description(r);
        json_t *item = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:b, s:s}", "id", r->id, "name",
                                 r->name ? r->name : "", "severity", severity_name(r->severity), "cwe",
                                 r->cwe > 0 ? json_string(cwe) : json_null(), "engine", engine_name(r),
                                 "certainty", certainty_name(rule_default_certainty(r)), "fix",
                                 fix ? json_string(fix) : json_null(), "enabled", r->enabled, "short",
                                 r->short_description ? r->short_description : "");
        if (!item || json_array_append_new(array, item) != 0) {
            json_decref(array);
            array = NULL;
        }
    }
    char *text = array ? json_dumps(array, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(array);
    if (!text) {
        fprintf(stderr, "assay: out of memory\n");
        return EXIT_USAGE;
    }
    int rc = printf("%s\n", text) < 0 || fflush(stdout) != 0 ? EXIT_USAGE : EXIT_CLEAN;
    free(text);
    if (rc != EXIT_CLEAN) fprintf(stderr, "assay: cannot write the rule list to standard output\n");
    return rc;
}

static int list_table(const rule_pack_t *pack)
{
    int id_width = 2;
    for (size_t i = 0; i < pack->count; i++) {
        int n = (int)strlen(pack->rules[i]->id);
        if (n > id_width) id_width = n;
    }
    printf("%-*s  %-8s  %-8s  %-10s  %-9s  %-3s  %s\n", id_width, "id", "severity", "cwe", "engine", "certainty",
           "fix", "enabled");
    for (size_t i = 0; i < pack->count; i++) {
        const rule_t *r = pack->rules[i];
        char cwe[16];
        cwe_text(cwe, sizeof(cwe), r);
        printf("%-*s  %-8s  %-8s  %-10s  %-9s  %-3s  %s\n", id_width, r->id, severity_name(r->severity), cwe,
               engine_name(r), certainty_name(rule_default_certainty(r)), rule_fix_description(r) ? "yes" : "no",
               r->enabled ? "yes" : "no");
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "assay: cannot write the rule list to standard output\n");
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

int cmd_rules_list(const cli_options_t *o)
{
    rule_pack_t *pack = NULL;
    int status = load_pack(&pack, o);
    if (status == EXIT_CLEAN) status = o->format == REPORT_JSON ? list_json(pack) : list_table(pack);
    rule_pack_free(pack);
    return status;
}

/* ---- --explain ---------------------------------------------------------------------- */

/* Reads a whole small file; NULL when it cannot. */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *text = NULL;
    size_t length = 0, cap = 0, got;
    char chunk[4096];
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (length + got + 1 > cap) {
            cap = (length + got + 1) * 2;
            char *grown = realloc(text, cap);
            if (!grown) {
                free(text);
                fclose(f);
                return NULL;
            }
            text = grown;
        }
        memcpy(text + length, chunk, got);
        length += got;
    }
    fclose(f);
    if (text) text[length] = '\0';
    return text;
}

/* Whether the line holds a "// <label>: ... id ..." comment naming id. */
static bool line_labels(const char *line, size_t length, const char *label, const char *id)
{
    char pattern[32];
    snprintf(pattern, sizeof(pattern), "%s:", label);
    const char *end = line + length;
    for (const char *c = line; c + 1 < end; c++) {
        if (c[0] != '/' || c[1] != '/') continue;
        const char *p = c + 2;
        while (p < end && *p == ' ') p++;
        size_t n = strlen(pattern);
        if ((size_t)(end - p) < n || strncmp(p, pattern, n) != 0) continue;
        size_t id_length = strlen(id);
        for (const char *w = p + n; w + id_length <= end; w++) {
            bool starts = w == p + n || w[-1] == ' ' || w[-1] == ',';
            bool ends = w + id_length == end || w[id_length] == ',' || w[id_length] == ' ' || w[id_length] == '/';
            if (starts && ends && strncmp(w, id, id_length) == 0) return true;
        }
    }
    return false;
}

/* Prints one line (without its "// expect:" or "// ok:" label); marked: the labelled one. */
static void print_line(const char *line, size_t length, size_t number, bool marked)
{
    for (size_t i = 0; i + 1 < length; i++) {
        if (line[i] != '/' || line[i + 1] != '/') continue;
        const char *p = line + i + 2;
        while (*p == ' ') p++;
        if (strncmp(p, "expect:", 7) == 0 || strncmp(p, "ok:", 3) == 0) {
            length = i;
            while (length && (line[length - 1] == ' ' || line[length - 1] == '\t')) length--;
            break;
        }
    }
    printf("  %s%4zu | %.*s\n", marked ? ">" : " ", number, (int)length, line);
}

/* Prints up to *budget examples of lines labelled `label` for id in the file, each with
 * two lines before it; returns how many it printed. */
static int print_examples(const char *path, const char *shown_path, const char *label, const char *id, int budget)
{
    char *text = read_text(path);
    if (!text) return 0;
    const char *lines[4096];
    size_t lengths[4096], count = 0;
    for (char *p = text; *p && count < 4096;) {
        char *nl = strchr(p, '\n');
        lines[count] = p;
        lengths[count++] = nl ? (size_t)(nl - p) : strlen(p);
        p = nl ? nl + 1 : p + strlen(p);
    }
    int printed = 0;
    size_t shown_until = 0;
    for (size_t k = 0; k < count && printed < budget; k++) {
        if (!line_labels(lines[k], lengths[k], label, id)) continue;
        if (printed == 0) printf("  %s:\n", shown_path);
        size_t from = k >= 2 ? k - 2 : 0;
        if (from < shown_until) from = shown_until;
        else if (printed > 0) printf("   %4s |\n", "...");
        for (size_t j = from; j <= k; j++) print_line(lines[j], lengths[j], j + 1, j == k);
        shown_until = k + 1;
        printed++;
    }
    free(text);
    return printed;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The examples of one kind (positive cases' `expect`, any case's `ok`) from corpus/<id>/. */
static int print_corpus(const char *corpus, const char *id, const char *label, const char *const *subdirs,
                        int budget)
{
    int printed = 0;
    for (size_t s = 0; subdirs[s] && printed < budget; s++) {
        char dir[4096];
        snprintf(dir, sizeof(dir), "%s/%s/%s", corpus, id, subdirs[s]);
        DIR *d = opendir(dir);
        if (!d) continue;
        char *names[256];
        size_t count = 0;
        for (struct dirent *e; (e = readdir(d)) && count < 256;) {
            size_t n = strlen(e->d_name);
            bool source = n > 2 && e->d_name[0] != '.' &&
                          (strcmp(e->d_name + n - 2, ".c") == 0 || strcmp(e->d_name + n - 2, ".h") == 0);
            if (!source) continue;
            if (!(names[count] = strdup(e->d_name))) break;
            count++;
        }
        closedir(d);
        qsort(names, count, sizeof(*names), compare_names);
        for (size_t i = 0; i < count; i++) {
            if (printed < budget) {
                char path[8192], shown[512];
                snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
                snprintf(shown, sizeof(shown), "corpus/%s/%s/%s", id, subdirs[s], names[i]);
                printed += print_examples(path, shown, label, id, budget - printed);
            }
            free(names[i]);
        }
    }
    return printed;
}

int cmd_rules_explain(const cli_options_t *o)
{
    rule_pack_t *pack = NULL;
    int status = load_pack(&pack, o);
    if (status != EXIT_CLEAN) {
        rule_pack_free(pack);
        return status;
    }
    const rule_t *r = rule_pack_find(pack, o->explain_rule);
    if (!r) {
        char message[512];
        snprintf(message, sizeof(message), "--explain %s: no such rule (assay --list-rules lists them)",
                 o->explain_rule);
        rule_pack_free(pack);
        return cli_args_usage_error("assay", message);
    }
    char cwe[16];
    cwe_text(cwe, sizeof(cwe), r);
    printf("%s: %s\n", r->id, r->short_description ? r->short_description : "");
    printf("  severity %s, %s, %s engine, certainty %s%s\n\n", severity_name(r->severity), cwe, engine_name(r),
           certainty_name(rule_default_certainty(r)), r->enabled ? "" : ", disabled here");
    if (r->full_description && *r->full_description) printf("%s\n\n", r->full_description);
    if (r->help && *r->help) printf("What to do:\n%s\n\n", r->help);
    const char *fix = rule_fix_description(r);
    if (fix) printf("Fix offered (after the analyzer re-checks it): %s\n\n", fix);
    if (r->help_uri && *r->help_uri) printf("More: %s\n\n", r->help_uri);
    else if (r->cwe > 0) printf("More: https://cwe.mitre.org/data/definitions/%d.html\n\n", r->cwe);

    /* the corpus sits beside the rules folder: <dir>/../corpus */
    char corpus[4096];
    snprintf(corpus, sizeof(corpus), "%s/../corpus", rules_dir_of(o));
    static const char *const positive[] = {"positive", NULL};
    static const char *const both[] = {"negative", "positive", NULL};
    printf("Flagged:\n");
    if (print_corpus(corpus, r->id, "expect", positive, 3) == 0)
        printf("  (no labelled example found in %s/%s)\n", corpus, r->id);
    printf("\nNot flagged (safe look-alikes):\n");
    if (print_corpus(corpus, r->id, "ok", both, 3) == 0) printf("  (none labelled)\n");
    rule_pack_free(pack);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "assay: cannot write to standard output\n");
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

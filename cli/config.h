/* config.h — the project configuration file, `.assay.yml`: how assay runs for a project.
 *
 * The file is found like clang-tidy finds `.clang-tidy`: the nearest `.assay.yml` in the
 * folder of the linted path or any folder above it (`--config FILE` names one,
 * `--no-config` ignores them). It is YAML, read with libyaml:
 *
 *   rules:                      # applied in order, before --enable/--disable
 *     disable: ['c.weak-*']     # ids or fnmatch globs; a list or one word
 *     enable: [c.weak-random]
 *   exclude: [third_party, 'src/gen_*.c']  # paths never linted
 *   min-certainty: medium       # low | medium | high
 *   fail-on: warning            # error | warning | note | none
 *   model: models/review.gguf   # relative to the file's folder
 *   review-budget: 2s           # seconds of model review per run: 2, 2s, 1500ms
 *   overrides:                  # per-folder settings; later entries win
 *     - paths: [tests, legacy]
 *       rules: {disable: [c.gets]}
 *       min-certainty: high
 *       fail-on: none
 *
 * Paths (`exclude`, `overrides.paths`) are fnmatch globs matched against a file's path
 * relative to the file's folder, where `*` also matches '/'; a pattern that names a folder
 * covers everything inside it. The command line wins: a value given there replaces the
 * file's everywhere, and --enable/--disable come after every toggle of the file.
 *
 * An unknown key, a value of the wrong shape or an unknown word is an error naming the
 * file, the line and the key ("x/.assay.yml:4: fail-on: unknown level 'hgih' (want error,
 * warning, note, none)"). Reading is pure: no printing, nothing global. */
#ifndef ASSAY_CONFIG_H
#define ASSAY_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/cli_options.h"
#include "core/candidate.h"
#include "core/rule.h"

#define CONFIG_FILE_NAME ".assay.yml"

/* One rule toggle of the file, with its line for errors. */
typedef struct {
    char *pattern; /* rule id or glob; owned */
    bool enable;
    int line;
} config_toggle_t;

/* Settings that apply to a set of paths: the whole tree (the file's top level) or the
 * paths of one `overrides` entry. */
typedef struct {
    char **paths;              /* globs (overrides only); owned */
    size_t path_count;
    config_toggle_t *toggles;  /* in file order */
    size_t toggle_count;
    certainty_t min_certainty; /* CERTAINTY_UNSET: not set here */
    severity_t fail_on;        /* meaningful when fail_on_set */
    bool fail_on_set;
    int line;                  /* where the entry starts */
} config_scope_t;

typedef struct config {
    char *path;                /* the file as found or named (for messages) */
    char *dir;                 /* its folder, absolute */
    config_scope_t top;
    config_scope_t *overrides;
    size_t override_count;
    char **exclude;            /* globs; owned */
    size_t exclude_count;
    char *model;               /* absolute (resolved against dir), or NULL */
    double review_budget;      /* seconds; < 0 when not set */
} config_t;

/* Parses text (the contents of the file at path; dir is its folder, absolute) into a new
 * config (config_free). 0, or -1 with err = "path:line: key: problem". */
int config_parse(config_t **out, const char *path, const char *dir, const char *text, size_t length,
                 char *err, size_t err_size);

/* Reads and parses the file at path. 0, or -1 with err set ("path: No such file..."). */
int config_load(config_t **out, const char *path, char *err, size_t err_size);

/* NULL is a no-op. */
void config_free(config_t *config);

/* The nearest .assay.yml in start (a file's or a folder's path; a file starts at its
 * folder) or a folder above it: a new string, or NULL when there is none. */
char *config_find(const char *start);

/* A run's view of the file next to the command line: which rules, certainty and failure
 * level apply to a path. Everything borrowed. */
typedef struct {
    const config_t *config;              /* NULL: no file */
    const char *root;                    /* the run's root (absolute): display paths are
                                          * relative to it */
    const cli_rule_toggle_t *cli_toggles; /* --enable/--disable, applied last */
    size_t cli_toggle_count;
    certainty_t cli_min_certainty;       /* CERTAINTY_UNSET: not on the command line */
    severity_t cli_fail_on;              /* meaningful when cli_fail_on_given */
    bool cli_fail_on_given;
} config_policy_t;

/* The path of display_path (relative to policy->root) relative to the config file's
 * folder (new string), or NULL when it lies outside that folder or there is no file. */
char *config_policy_local_path(const config_policy_t *policy, const char *display_path);

/* Whether the file's `exclude` covers display_path. */
bool config_policy_excludes(const config_policy_t *policy, const char *display_path);

/* Whether the rule is on for display_path: on by default, then the file's top-level
 * toggles, those of every override whose paths match, and the command line's, in order. */
bool config_policy_rule_enabled(const config_policy_t *policy, const char *rule_id, const char *display_path);

certainty_t config_policy_min_certainty(const config_policy_t *policy, const char *display_path);
severity_t config_policy_fail_on(const config_policy_t *policy, const char *display_path);

/* The lowest minimum certainty any path can have (the run keeps candidates down to it and
 * config_policy_filter drops the rest per path). */
certainty_t config_policy_lowest_certainty(const config_policy_t *policy);

/* Sets which rules of pack run: a rule runs when it is on for the tree (the file's
 * top-level toggles, then the command line's) or for the paths of some override (the same
 * with the override's toggles between). Every rule is on by default (rule files have no
 * off switch). Checks that each toggle of the file matches a rule: 0, or -1 with
 * err = "path:line: rules: no rule matches 'x'". */
int config_policy_apply_rules(const config_policy_t *policy, rule_pack_t *pack, char *err, size_t err_size);

/* Drops (frees) the candidates whose rule is off for their path or whose certainty is
 * below their path's minimum (unless the model review confirmed them). Returns how many
 * went. */
size_t config_policy_filter(const config_policy_t *policy, candidate_list_t *list);

#endif

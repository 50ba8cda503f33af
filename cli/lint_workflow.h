/* lint_workflow.h — what the lint command does for the workflows of a project: the
 * configuration file (.assay.yml, cli/config.h) merged with the command line, and linting
 * only what a commit or a branch changes (--staged, --diff REV; analyzer/lint/git_changes.h).
 *
 * cmd_lint.c calls these at fixed points of a run: workflow_setup before anything is
 * loaded, workflow_policy once the root is known, the exclusion after discovery, the
 * per-path filter before the certainty cut, and workflow_fails for the exit status. These
 * functions print nothing; the caller prints the messages they return. */
#ifndef ASSAY_LINT_WORKFLOW_H
#define ASSAY_LINT_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/lint/discover.h"
#include "analyzer/lint/git_changes.h"
#include "analyzer/lint/lint_buffer.h"
#include "analyzer/lint/lint_run.h"
#include "cli/cli_options.h"
#include "cli/config.h"

/* Finds the configuration file for o (--config, else the nearest .assay.yml from the first
 * path, the --stdin-filename, or the current folder; none with --no-config), loads it into
 * *config (NULL when there is none; config_free) and merges it into o where the command
 * line said nothing: the model, the review budget, the failure level, and the lowest
 * minimum certainty any path has (o->config points at the file). 0, or -1 with err = "path:line: key: problem". */
int workflow_setup(cli_options_t *o, config_t **config, char *err, size_t err_size);
/* (With --staged and no budget from either, the model review gets 2 s: a commit waits.) */

/* The policy of a run rooted at root (absolute) for the options o. */
void workflow_policy(config_policy_t *policy, const cli_options_t *o, const char *root);

/* Removes from found the files the configuration excludes. Returns how many went. */
size_t workflow_exclude_files(const config_policy_t *policy, discover_result_t *found);

/* --staged / --diff REV: lints the changed files with the source extensions (o->extensions,
 * else c and h) that the configuration does not exclude: the staged text or the work
 * tree's, each under its own path (so its compile command applies), and keeps only the
 * findings on changed lines unless --all-lines. The root (the git top level) goes into
 * found->root and each file linted into found->files (fs_path: the work tree file);
 * result gets the candidates (sorted), notices, partial remarks, sources and statistics.
 * 0, or -1 with err (not in a git work tree, an unknown revision, git failing). */
int workflow_lint_changes(lint_result_t *result, discover_result_t *found, const cli_options_t *o,
                          const rule_pack_t *pack, clang_options_t *clang, char *err, size_t err_size);

/* SARIF's versionControlProvenance for a run rooted at root into out (empty otherwise):
 * read from git when the report is SARIF, --no-git is off and root is a work tree's top
 * level. git_provenance_destroy releases it. */
void workflow_provenance(git_provenance_t *out, const cli_options_t *o, const char *root);

/* Whether a candidate of list is at or above the failure level of its path (one the
 * model review dismissed does not count). */
bool workflow_fails(const config_policy_t *policy, const candidate_list_t *list);

#endif

/* rule.h — one rule of the rule pack, and the pack itself, as loaded from rules/.
 *
 * Rules are data: each file rules/<id>.yml describes one rule (metadata, a tree-sitter query
 * with predicates, optional fix templates). This header is the shape every room sees; the
 * loader lives in analyzer/rules/, the matcher in analyzer/syntax/. Rules whose checks are
 * C code in the libclang pass (engine: clang) are loaded the same way, so reporters can
 * describe every finding's rule. */
#ifndef ASSAY_RULE_H
#define ASSAY_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/candidate.h"

/* The engine a rule runs in: query rules run in the tree-sitter scanner; "clang" rules are
 * metadata only (their checks are C code in the libclang pass). */
typedef enum {
    RULE_ENGINE_TREESITTER = 0,
    RULE_ENGINE_CLANG = 1,
} rule_engine_t;

/* The families of decision the libclang pass makes on a tree-sitter candidate of a rule
 * (`decide:`; a set of bits). The pass looks at the call the candidate sits on, with the
 * compiler's types and constant values and what its path walk noted, and dismisses the
 * candidate when that proves it harmless, or grades its certainty. rules/README.md says
 * what each family proves. */
typedef enum {
    RULE_DECIDE_ASSERT = 1u << 0,     /* `assert`: a side effect in assert(): is it compiled out? */
    RULE_DECIDE_BOUNDS = 1u << 1,     /* `bounds`: a write past the end: a constant size that fits */
    RULE_DECIDE_FORMAT = 1u << 2,     /* `format`: a printf-style format: constant, or own data */
    RULE_DECIDE_COMMAND = 1u << 3,    /* `command`: a shell command: constant, or own text */
    RULE_DECIDE_REALLOC = 1u << 4,    /* `realloc`: the old pointer owns no block on any path */
    RULE_DECIDE_ALLOC_SIZE = 1u << 5, /* `alloc-size`: an allocation's size: known or checked */
    RULE_DECIDE_ALLOC_WRAP = 1u << 6, /* `alloc-wrap`: a size product: types keep it small */
    RULE_DECIDE_EVIDENCE = 1u << 7,   /* `evidence`: medium only with evidence the pass found, else low */
} rule_decide_t;

typedef struct rule {
    char *id;                /* "c.strcpy-unbounded" */
    char *name;              /* "StrcpyUnbounded": SARIF reportingDescriptor.name */
    char *short_description; /* one line */
    char *full_description;  /* a paragraph */
    char *message;           /* template; {capture} and {fact} are substituted */
    char *help;              /* why it matters and what to do (plain text / markdown) */
    char *help_uri;          /* may be NULL */
    rule_engine_t engine;    /* `engine:` (default treesitter) */
    severity_t severity;     /* default level */
    certainty_t certainty;   /* `certainty:`; when absent the loader sets medium for
                              * tree-sitter rules and high for libclang ones */
    double security_severity;/* 0.0..10.0 (GitHub code scanning); 0 when not security */
    int cwe;                 /* primary CWE, 0 when none */
    int *extra_cwes;         /* further CWEs (e.g. 680 next to 190) */
    size_t extra_cwe_count;
    char **tags;             /* "security", "correctness", ... */
    size_t tag_count;
    char **overlaps;         /* ids of rules that report the same flaw (`overlaps:`); a
                              * finding of theirs on the same code is merged into this
                              * rule's (analyzer/merge_findings.h) */
    size_t overlap_count;
    unsigned decide;         /* `decide:`, RULE_DECIDE_* bits; 0 for none */
    char *source_path;       /* the rule file, for error messages */
    bool enabled;            /* after --enable / --disable */
    void *impl;              /* matcher's private data (compiled query, regexes); not for reporters */
} rule_t;

typedef struct rule_pack {
    rule_t **rules;
    size_t count;
    void *impl;              /* loader's private data (combined query); not for reporters */
} rule_pack_t;

/* The certainty a finding of this rule has unless its pass says otherwise. */
certainty_t rule_default_certainty(const rule_t *rule);

/* Returns the rule with that id, or NULL. */
const rule_t *rule_pack_find(const rule_pack_t *pack, const char *id);

#endif

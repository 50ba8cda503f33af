/* rule_impl.h — private to the rule loader, predicates and scanner (not a public API).
 *
 * A rule_t (core/rule.h) carries what reporters need; its `impl` points at a
 * rule_impl_t holding what only the matcher needs: the query text and where each of its
 * lines sits in the rule file (to turn a tree-sitter error offset into path:line:col),
 * the report capture, the parsed message and fix templates. The pack's `impl` points at
 * a pack_impl_t: the one combined query and, per pattern, its rule and predicates. */
#ifndef ASSAY_RULE_IMPL_H
#define ASSAY_RULE_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tree_sitter/api.h>

#include "analyzer/rules/rule_pack.h"

/* A template: literal text and {name} references, parsed once at load. */
typedef struct {
    bool is_name;
    char *text; /* the literal text, or the referenced name */
} template_part_t;

typedef struct {
    template_part_t *parts;
    size_t count;
} template_t;

typedef enum {
    FIX_EDIT_REPLACE,
    FIX_EDIT_INSERT_BEFORE,
    FIX_EDIT_INSERT_AFTER,
} fix_edit_kind_t;

typedef struct {
    fix_edit_kind_t kind;
    char *capture;        /* the capture whose range the edit applies to */
    uint32_t capture_id;  /* in its group's combined query */
    bool statement;       /* 'statement(@capture)': the edit applies to the simple statement
                           * (expression statement or declaration, directly in a block)
                           * holding the capture; no such statement: no fix */
    template_t replacement;
    int line;             /* in the rule file */
} fix_edit_spec_t;

typedef struct {
    rule_engine_t engine;
    int id_line;
    char *query;                 /* block indentation removed */
    uint32_t *query_line_file;   /* (query lines,) file line of each query line */
    uint32_t *query_line_indent; /* (query lines,) bytes of indentation removed */
    size_t query_line_count;
    int query_key_line;
    char *report;                /* capture giving the primary location */
    int report_line;
    uint32_t report_capture_id;  /* in its group's combined query */
    bool gated;                  /* runs in the gated group (see pack_impl_t) */
    char **gate_words;           /* the identifiers that gate it */
    size_t gate_word_count;
    int gate_height;             /* deepest level of a gate capture below its pattern's root */
    bool keyed;                  /* not gated, but every pattern's root starts with a keyword */
    uint32_t root_keywords;      /* keyed: bit k for each keyword its roots start with */
    template_t message;
    int message_line;
    char *fix_description;       /* NULL: the rule has no fix */
    bool fix_changes_meaning;
    int fix_line;
    char **fix_requires;         /* facts/captures that must exist for the fix to be offered;
                                  * 'name=text': and have exactly that text */
    size_t fix_require_count;
    fix_edit_spec_t *fix_edits;
    size_t fix_edit_count;
} rule_impl_t;

/* One combined query over a group of rules, and per pattern its rule and predicates. */
typedef struct {
    TSQuery *query;                           /* NULL when the group is empty */
    uint32_t pattern_count;
    rule_t **pattern_rule;                    /* (patterns,) the rule each pattern belongs to */
    struct predicate_list *pattern_predicates; /* (patterns,) */
} rule_group_t;

/* A gate height meaning "somewhere in the top-level declaration": the capture's level in
 * its pattern could not be read. */
#define GATE_HEIGHT_UNKNOWN 1000

/* The compiled pack. A rule is "gated" when every one of its patterns carries an #eq? or
 * #any-of? on a capture with identifier strings (strcpy, malloc, ...): it can only match
 * where one of those words is written, at a node whose root lies at most the word's gate
 * height (the capture's level in the pattern) above the word. Gated rules run only on
 * those small subtrees of the top-level declarations that mention a gate word (found by
 * one scan over the file's identifiers); the other rules run over the whole tree. The two
 * groups are each one combined query. */
typedef struct {
    rule_group_t everywhere;
    rule_group_t keyed;       /* rules rooted at statements that start with a keyword (below) */
    rule_group_t gated;
    uint32_t keywords;        /* bit k: some keyed pattern's root starts with keyword k */
    uint64_t word_filter[256]; /* [first byte] bit min(length, 63): some gate word or root
                                  keyword starts so (a quick "no" for most identifiers) */
    char **gate_words;        /* (gate_cap,) open-addressing set of identifiers; NULL = empty slot */
    int *gate_heights;        /* (gate_cap,) per word: the largest gate height of its rules */
    size_t gate_cap;          /* a power of two */
} pack_impl_t;

/* Whether s[0..len) (len > 0) might be a gate word or root keyword: false means it is
 * neither. */
static inline bool rule_pack_maybe_word(const pack_impl_t *impl, const char *s, size_t len)
{
    return impl->word_filter[(unsigned char)s[0]] >> (len < 63 ? len : 63) & 1;
}

/* Whether s[0..len) is the first token of the root of some keyed pattern (`if`, `return`,
 * ...). A keyed rule (rule_impl_t.keyed) runs only on the statements starting at such a
 * word, and on the whole tree when the parse has errors (a statement might then lack its
 * keyword). */
bool rule_pack_root_keyword(const pack_impl_t *impl, const char *s, size_t len);

/* The gate height of the identifier s[0..len) (0 or more), or -1 when it is not a gate
 * word of the pack. */
int rule_pack_gate_height(const pack_impl_t *impl, const char *s, size_t len);

/* rule_yaml.c — a rule file's YAML as its top-level keys, each text or a list of texts. */
typedef struct {
    char *text;      /* the value; a block (`key: |`) without its final line breaks */
    int line;        /* 1-based line of the value (of `|` for a block) */
    int first_line;  /* 1-based line of the text's first line (the line below `key: |`) */
    int column;      /* 0-based column where the text starts; a block's indentation */
    bool block;      /* a literal block: line k of text is file line first_line + k */
} rule_yaml_scalar_t;

typedef struct {
    char *key;
    int line;                  /* 1-based line of the key */
    bool is_list;              /* written as a YAML list */
    rule_yaml_scalar_t *items; /* (count,) one for a plain value */
    size_t count;
} rule_yaml_entry_t;

typedef struct {
    rule_yaml_entry_t *entries; /* (count,) in file order, keys unique */
    size_t count;
    int last_line;              /* the file's last line (errors about something missing) */
} rule_yaml_t;

/* Reads text (one YAML document holding one mapping of keys to texts or lists of texts)
 * into doc; 0, or -1 with err = "path:line: problem" (YAML syntax errors, nested
 * mappings, duplicate keys, several documents) and doc left empty. */
int rule_yaml_read(rule_yaml_t *doc, const char *path, const char *text, size_t length, char *err,
                   size_t err_size);
void rule_yaml_destroy(rule_yaml_t *doc);

/* rule_file.c — parses one rule file into a new rule (rule->impl set). Checks the syntax
 * and the fields that need no query; 0, or -1 with err = "path:line: problem". */
/* Writes "path:line: message" to err (when err_size > 0) and returns -1: every error of a
 * rule file is reported so. */
int rule_error_at(char *err, size_t err_size, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

int rule_file_parse(rule_t **out, const char *path, const char *text, size_t length,
                    char *err, size_t err_size);
void rule_free(rule_t *rule);

/* Parses "{name}" templates: "{{" is a literal '{', "}}" a literal '}', and a '{' that does
 * not start {identifier} is literal. 0, or -1 on out of memory. */
int template_parse(template_t *out, const char *text);
void template_destroy(template_t *t);

/* Turns an offset into the rule's query text into a line and column of its file. */
void rule_query_position(const rule_impl_t *impl, uint32_t offset, uint32_t *line, uint32_t *col);

#endif

/* clang_facts.h — facts from types and constants for candidates the tree-sitter rules
 * found, and the decision whether libclang's view confirms or dismisses them.
 *
 * The candidate's call is found by position. For string copies the facts are the
 * destination size (char buf[16], struct members, sizeof expressions), the source
 * (string literal and its length, a buffer of known size, or unbounded input such as
 * argv[1]); for printf-style calls whether the format is a compile-time constant; for
 * sized copies the constant size. A candidate is dismissed only when the types prove it
 * safe (a literal that fits, a constant size within the destination, a constant format,
 * a format or size that every path computes from the function's own constants). */
#ifndef ASSAY_CLANG_FACTS_H
#define ASSAY_CLANG_FACTS_H

#include <stdbool.h>

#include "core/candidate.h"
#include "core/rule.h"
#include "analyzer/clang/clang_ast.h"
#include "analyzer/clang/clang_findings.h"

typedef enum { FACTS_NO_CALL = 0, FACTS_KEEP, FACTS_DISMISS } facts_verdict_t;

/* Adds facts to c (only facts it does not have yet) and returns the verdict. -1 is never
 * returned: out of memory while adding a fact just leaves it out. `decide` is the set of
 * decision families of c's rule (its `decide:` key, RULE_DECIDE_* bits): only those may
 * dismiss or grade it; facts are added whatever the rule. `walked` holds what the path
 * walk saw at calls (clang_findings_note): a non-literal format or an allocation size
 * that was this function's own constant data on every path dismisses candidates of the
 * format and alloc-size families. `reason` receives a short explanation of a dismissal. */
facts_verdict_t clang_facts_apply(clang_unit_t *unit, const clang_findings_t *walked, candidate_t *c,
                                  unsigned decide, char *reason, size_t reason_size);

#endif

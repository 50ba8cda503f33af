/* clang_paths_int.h — the abstract state shared by the path walker (clang_paths.c), the
 * expression transfer (clang_eval.c) and the library call models (clang_calls.c).
 * Private to those three files. */
#ifndef ASSAY_CLANG_PATHS_INT_H
#define ASSAY_CLANG_PATHS_INT_H

#include <limits.h>
#include <stdint.h>

#include "analyzer/clang/paths/clang_paths.h"

#define PATH_MAX_VARS 96
#define PATH_MAX_OBJS 40
#define PATH_MAX_MEMO 8
#define PATH_MAX_GUARDS 8
#define PATH_MAX_GLOBALS 4
#define PATH_MAX_FIELDS 6
#define RANGE_MIN LLONG_MIN
#define RANGE_MAX LLONG_MAX

/* What a tracked object (an allocation, an open file, a local array) is. */
typedef enum { OBJ_HEAP = 1, OBJ_FILE, OBJ_FD, OBJ_STACK, OBJ_STATIC } obj_kind_t;
typedef enum {
    ST_MAYBE_NULL = 1, /* returned by an allocator, not yet checked */
    ST_NONNULL,        /* checked, or cannot be NULL */
    ST_NULL,           /* checked and NULL on this path */
    ST_FREED,
    ST_ESCAPED,        /* returned, stored outside, or given to code that may keep it */
} obj_status_t;

/* Taint bits: the value comes from outside; later bits record the checks seen. */
enum {
    TAINT = 1,
    TAINT_LOWER = 2,   /* compared against a lower bound */
    TAINT_UPPER = 4,   /* compared against an upper bound */
    TAINT_ZERO = 8,    /* compared against zero */
    TAINT_NUMERIC = 16 /* only a number (rand()): not a string source */
};

typedef struct {
    long long lo, hi;
} irange_t;

typedef struct {
    uint8_t used, kind, status, tainted;
    uint8_t opaque : 1;        /* contents written by code this pass cannot see */
    uint8_t kept : 1;          /* stored in a file-static variable: never leaked here */
    uint8_t foreign : 1;       /* holds text from outside the function (a parameter's string,
                                * a global, a call's result) copied or formatted into it */
    /* Contents (clang_contents.c): a local array declared without an initialiser, an
     * alloca or malloc block starts tracked; only bytes [0, written) have been written
     * since. Anything the walk cannot follow (an unknown write, the pointer handed to
     * code it does not see) ends the tracking. */
    uint8_t contents : 1;      /* 1: tracked */
    uint8_t contents_skip : 4; /* CSKIP_* */
    uint16_t null_seq;         /* pstate_t.seq when it was found NULL (ST_NULL) */
    uint16_t contents_seq;     /* pstate_t.seq when it was created */
    int32_t written;           /* contents: bytes */
    long long str_len;         /* length of the string it holds when known, else -1 */
    long long fill;            /* memset(p, non-NUL, fill) seen, waiting for p[fill] = 0; -1 */
    long long bytes;           /* size when known, else -1 */
    const cnode_t *site;       /* where it was created */
    const char *what;          /* "malloc", "fopen", ... */
} pobj_t;

/* pobj_t.contents_skip: the path passed code that would have written the contents */
enum {
    CSKIP_SILENT = 1,    /* in the untaken arm of an opaque test (its outcome rests on state
                          * the walk cannot see) */
    CSKIP_UNDECIDED = 2, /* in the untaken arm of an undecided test ... */
    CSKIP_TESTED = 4,    /* ... and another undecided test came after (may be correlated) */
    CSKIP_LOOP = 8       /* in a loop of a length the walk does not know, left early */
};

typedef struct {
    /* packed into 8 bytes before the range: states are copied at every branch */
    int8_t obj;          /* object the pointer refers to, -1 none */
    uint8_t init : 1;    /* 0: declared without a value and not yet written */
    uint8_t null : 2;    /* untracked pointers: 0 unknown, 1 NULL, 2 non-NULL; integers:
                          * 1 zero, 2 tested non-zero (a range cannot say "not 0") */
    uint8_t offset : 1;  /* pointer moved away from the start of its object */
    uint8_t taint;
    uint8_t addr1;       /* holds &local: 1 + that local's index; 0 none */
    uint16_t null_seq;   /* pstate_t.seq when it became NULL (null == 1) */
    int16_t func1;       /* holds a function of this file: 1 + its index in the unit; 0 none */
    irange_t r;          /* integer range */
} pvar_t;

/* The value a file-static variable was given on this path (what `static char *g_data;
 * ... g_data = p; sink();` hands to sink(), walked inline). Forgotten at calls that could
 * change it: functions walked inline or not, except library calls. */
typedef struct {
    int global; /* index in clang_unit_t.globals */
    pvar_t value;
} pglobal_t;

/* The value a path stored in a field of a local struct or union (`u.first = p`; the
 * members of a union share offset 0, so `u.second` reads it back). Forgotten when the
 * aggregate is written whole or its address is taken; what it owns escapes when the
 * aggregate is used whole (returned, copied, passed). */
typedef struct {
    int var;           /* the local aggregate */
    long long offset;  /* the field's offset in bits */
    pvar_t value;
} pfield_t;

/* The value of an expression. */
typedef struct {
    int obj;          /* object it points to, -1 */
    int var;          /* local it names (after stripping), -1 */
    uint8_t null;     /* 1 NULL constant / known NULL, 2 known non-NULL */
    uint8_t offset;
    uint8_t taint;
    int taint_var, taint_obj; /* where the taint came from (for the flow), -1 */
    irange_t r;
    long long str_len; /* string literal length, -1 */
    int addr1;         /* &local: 1 + that local's index; 0 none */
    int func1;         /* a function of this file: 1 + its index in the unit; 0 none */
} aval_t;

/* A persistent list of the events of a path (arena-allocated, shared by states). */
typedef enum { EV_ALLOC, EV_FREE, EV_NULL, EV_NONNULL, EV_TAINT, EV_ASSIGN, EV_DECL, EV_ESCAPE } event_kind_t;
typedef struct pevent {
    const struct pevent *prev;
    const cnode_t *at;
    uint8_t kind;
    int8_t obj, var;
    const char *note;
} pevent_t;

typedef struct {
    pvar_t v[PATH_MAX_VARS];
    pobj_t o[PATH_MAX_OBJS];
    uint32_t memo_hash[PATH_MAX_MEMO];
    uint8_t memo_value[PATH_MAX_MEMO];
    uint8_t memo_count;
    const pevent_t *events;
    const cnode_t *returned_at; /* the return statement on this path, if any */
    /* Locals assigned / released in the arm of an opaque branch (a condition naming no
     * local: a global flag, some_call()) that this path did not take. A defect that the
     * other arm would have avoided depends on a value the pass cannot see: not reported. */
    uint64_t skip_assign[2], skip_release[2];
    /* Locals the untaken side of an undecided branch would have written (an if arm, the
     * right side of && / || that short-circuited) while they were still unwritten: a read
     * of one may be excluded by a later, correlated test. Cleared when the local is
     * written. Used by the uninitialised-read check to lower its certainty. */
    uint64_t undecided_assign[2];
    uint64_t undecided_tested[2]; /* ... and an undecided test came after the skip */
    /* Locals that the untaken side of an undecided branch inside a loop would have written,
     * whatever they held
     * before: a value here may survive only because every pass took the other way
     * (`bt = -1; for (...) if (cost[t] < bc) bt = t;`), which the walk cannot rule out
     * without knowing the data. Cleared when the local is written. Range findings resting
     * on one are low. */
    uint64_t loop_kept[2];
    aval_t ret;                 /* the value returned on this path (has_ret) */
    bool has_ret;
    /* Branches this path took whose condition the walk could not decide (both ways were
     * feasible), newest last, each with the code its outcome runs (the arm) and a sequence
     * number; NULL pointers record the sequence number of when they became NULL. A NULL
     * dereference inside the arm of such a branch taken after the pointer became NULL
     * rests on a condition the walk cannot relate to the NULL check (redis:
     * `if (!args) warn(); for (j = 0; j < argc; j++) args[j]...`, argc 0 when args is
     * NULL): it is reported with low certainty. */
    const cnode_t *guard_arm[PATH_MAX_GUARDS];
    const cnode_t *guard_cond[PATH_MAX_GUARDS];
    uint16_t guard_seq[PATH_MAX_GUARDS];
    uint8_t guard_count;
    uint16_t seq;
    pglobal_t globals[PATH_MAX_GLOBALS];
    uint8_t global_count;
    pfield_t fields[PATH_MAX_FIELDS];
    uint8_t field_count;
    /* Undecided tests that read memory through locals (`c->verbose`, `*flags`, `v[i]`),
     * with the outcome this path took: a second test of the same text takes it again
     * while neither the locals it names (mtest_vars: bit var % 64) nor memory were
     * written in between (paths_mtest_forget). */
    uint32_t mtest_hash[PATH_MAX_MEMO];
    uint64_t mtest_vars[PATH_MAX_MEMO];
    uint8_t mtest_value[PATH_MAX_MEMO];
    uint8_t mtest_count;
    /* The last call on this path that ended an if's arm and ran code the walk does not
     * see (`if (!p) oom_handler(n);`), and its sequence number: such a callee often does
     * not return, so a NULL found before it and dereferenced after it is not proved. */
    const cnode_t *unseen_call;
    uint16_t unseen_seq;
} pstate_t;



#define PATH_MAX_COUNTERS 64

typedef struct pctx {
    clang_unit_t *unit;
    const cfunc_t *f;
    clang_findings_t *out;
    int oom;
    int depth;                 /* calls walked inline above this one */
    const struct pctx *parent; /* the caller's context when walked inline */
    size_t *inline_spent;      /* block visits spent inline, shared by one top-level walk */
    /* how often each increment ran with an exact value: loops are widened after a few */
    const cnode_t *counter_node[PATH_MAX_COUNTERS];
    uint16_t counter_runs[PATH_MAX_COUNTERS];
    int counter_count;
    bool widened;              /* ranges stopped being followed exactly: a counter (counter_widen)
                                * or the ranges at a block visited often (loops) */
    bool lost_exact;           /* ... and even exact values were dropped there, loop counters
                                * included: which pass of a loop a path is in is not known */
} pctx_t;

static inline bool paths_skipped_assign(const pstate_t *s, int var)
{
    return var >= 0 && var < 128 && (s->skip_assign[var / 64] >> (var % 64) & 1);
}
static inline bool paths_undecided_assigned(const pstate_t *s, int var)
{
    return var >= 0 && var < 128 && (s->undecided_tested[var / 64] >> (var % 64) & 1);
}
static inline bool paths_loop_kept(const pstate_t *s, int var)
{
    return var >= 0 && var < 128 && (s->loop_kept[var / 64] >> (var % 64) & 1);
}
static inline bool paths_skipped_release(const pstate_t *s, int var)
{
    return var >= 0 && var < 128 && (s->skip_release[var / 64] >> (var % 64) & 1);
}

/* clang_eval.c */
aval_t paths_eval_unknown(void);
bool paths_range_known(irange_t r);
aval_t paths_eval_expr(pctx_t *cx, pstate_t *s, cnode_t *n);
void paths_eval_statement(pctx_t *cx, pstate_t *s, cnode_t *n);
/* The walk took `outcome` at cond without being able to decide it: records in
 * s->undecided_assign the unwritten locals the other side would have written, and moves
 * the locals skipped earlier to s->undecided_tested. */
void paths_eval_note_undecided(pctx_t *cx, pstate_t *s, cnode_t *cond, bool outcome);
void paths_assign_var(pctx_t *cx, pstate_t *s, int var, aval_t value, const cnode_t *at);
void paths_event_add(pctx_t *cx, pstate_t *s, event_kind_t kind, const cnode_t *at, int obj, int var, const char *note);
int paths_obj_new(pctx_t *cx, pstate_t *s, obj_kind_t kind, obj_status_t status, const cnode_t *site, const char *what);
void paths_deref_check(pctx_t *cx, pstate_t *s, aval_t p, cnode_t *at, const char *how);
void paths_use_check(pctx_t *cx, pstate_t *s, aval_t p, cnode_t *at);
long long paths_aval_bytes(pstate_t *s, aval_t v, cnode_t *expr);
void paths_flow_for(pctx_t *cx, const pstate_t *s, clang_finding_t *f, int obj, int var, unsigned kinds);
const char *paths_var_name(pctx_t *cx, int var);

/* clang_eval.c: sets in mask (bit var % 128) the locals that code under n writes after
 * their declaration: assigned, stepped, address taken, passed to a call by storage. */
void paths_eval_written_vars(const cnode_t *n, uint64_t mask[2]);

/* clang_eval.c: why a finding at n about freed memory is not proved (the walk dropped exact
 * values, loop counters included, while n runs in a loop: a path may take a pass the
 * program never takes), or NULL. */
const char *paths_lost_pass_reason(const pctx_t *cx, const cnode_t *n);

/* clang_eval.c: the condition of an undecided branch (see pstate_t) that the path took
 * after `seq` and under whose arm `at` runs, or NULL. */
const cnode_t *paths_guard_after(const pstate_t *s, const cnode_t *at, uint16_t seq);

/* clang_eval.c: the slot holding what this path stored in n, a field of a local aggregate
 * (pfield_t) or a file-static variable (pglobal_t); NULL when none. */
pvar_t *paths_eval_slot_of(pstate_t *s, cnode_t *n);

/* clang_eval.c: adds a finding of rule at range, graded low when low_reason is set (a
 * certain finding replaces a low one at the same place; a low one never displaces one). */
clang_finding_t *paths_finding_graded(pctx_t *cx, const char *rule, source_range_t range, const char *low_reason);

/* clang_contents.c: contents of tracked objects (see pobj_t). */
void paths_contents_track(pstate_t *s, int obj);
/* True for an array type whose contents are tracked: elements of a scalar type or of a
 * struct of the program (not nested arrays, not va_list or jmp_buf from system headers). */
bool paths_contents_trackable(CXType array);
void paths_contents_forget(pstate_t *s, int obj);
/* An element access `n` (a subscript, *p or p->m) through base at index idx: a read of
 * bytes never written is reported, a write extends the written prefix. */
void paths_contents_access(pctx_t *cx, pstate_t *s, cnode_t *n, aval_t base, aval_t idx);
/* For a reference n to a local struct: true when n is the base of a `.` member that is
 * read (data.x, data.in.y); false for a member written, an address taken, a whole copy. */
bool paths_contents_member_read(const cnode_t *n);
/* True when the function's text names `name` more often than its AST does: clang dropped
 * an expression it could not type (a missing header), possibly a write of it. */
bool paths_contents_uses_lost(pctx_t *cx, const char *name);
/* p's contents are read whole by a library call (strlen, the source of memcpy ...). */
void paths_contents_read_call(pctx_t *cx, pstate_t *s, aval_t p, cnode_t *call, const char *fn);
/* p's first `bytes` bytes are written by a call (memset, memcpy); bytes < 0: unknown. */
void paths_contents_write_call(pstate_t *s, aval_t p, long long bytes);
/* The walk took `outcome` at cond without deciding it (opaque: a test of no local):
 * marks the tracked objects that only the untaken side writes. */
void paths_contents_branch(pctx_t *cx, pstate_t *s, cnode_t *cond, bool outcome, bool opaque);

/* clang_paths.c: forgets the remembered memory tests (see pstate_t.mtest_*) that name
 * local var, or all of them for var < 0 (memory was written). */
void paths_mtest_forget(pstate_t *s, int var);

/* clang_paths.c: refines s for cond having value outcome; false when impossible. */
bool paths_path_refine(pctx_t *cx, pstate_t *s, cnode_t *cond, bool outcome);

/* clang_paths.c: walks a call to a function of this file with the caller's values for
 * its parameters (depth- and budget-limited); findings inside it are reported where they
 * happen. False when it was not walked (too deep, recursive, too big): the caller then
 * treats the call as unknown. */
bool paths_inline_call(pctx_t *cx, pstate_t *s, cnode_t *call, const cfunc_t *callee, const aval_t *args,
                       uint32_t nargs, aval_t *result);

/* clang_calls.c: models of library calls; returns the call's value. */
aval_t paths_call_eval(pctx_t *cx, pstate_t *s, cnode_t *call);

#endif

/* audit_triage.h — plain lint runs honour the audit's false alarms.
 *
 * When the tree being linted has an audit store (ROOT/.assay/audit.db, ROOT being the
 * report root: the git top level, --root, or the current folder), findings whose
 * fingerprint was triaged false-alarm there (`assay audit triage FP --as false-alarm`)
 * are not reported, as if they were in a baseline. The store is only read. */
#ifndef ASSAY_AUDIT_TRIAGE_H
#define ASSAY_AUDIT_TRIAGE_H

#include <stddef.h>

#include "core/candidate.h"

/* ROOT/.assay/audit.db, newly allocated (NULL on out of memory). */
char *audit_triage_default_db(const char *root);

/* Frees the candidates of list whose fingerprint db_path triages false-alarm; *dropped
 * says how many. No store at db_path: nothing happens (0). 0, or -1 with err set when the
 * store exists but cannot be read. */
int audit_triage_filter(const char *db_path, candidate_list_t *list, size_t *dropped, char *err, size_t err_size);

#endif

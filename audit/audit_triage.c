/* audit_triage.c — dropping findings triaged false-alarm (see audit_triage.h). */
#include "audit/audit_triage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit_db.h"

char *audit_triage_default_db(const char *root)
{
    char *path;
    if (asprintf(&path, "%s%s.assay/audit.db", root, root[0] && root[strlen(root) - 1] == '/' ? "" : "/") < 0)
        return NULL;
    return path;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int audit_triage_filter(const char *db_path, candidate_list_t *list, size_t *dropped, char *err, size_t err_size)
{
    *dropped = 0;
    if (access(db_path, F_OK) != 0) return 0;
    audit_db_t *db;
    if (audit_db_open(&db, db_path, true, err, err_size) != 0) return -1;
    char **alarms;
    size_t count;
    int rc = audit_db_false_alarms(db, &alarms, &count, err, err_size);
    audit_db_close(db);
    if (rc != 0) return -1;
    size_t kept = 0;
    for (size_t i = 0; i < list->count; i++) {
        candidate_t *c = list->items[i];
        const char *key = c->fingerprint;
        if (count && bsearch(&key, alarms, count, sizeof(*alarms), compare_strings)) {
            candidate_free(c);
            (*dropped)++;
        } else {
            list->items[kept++] = c;
        }
    }
    list->count = kept;
    for (size_t i = 0; i < count; i++) free(alarms[i]);
    free(alarms);
    return 0;
}

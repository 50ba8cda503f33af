/* codequality.c — GitLab Code Quality (CodeClimate issues) report (see codequality.h).
 *
 * GitLab keys issues by fingerprint and silently merges equal ones, so the writer keeps a
 * count per fingerprint (a jansson object used as a hash set) and numbers repeats. */
#include "reporters/codequality.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reporters/json_value.h"
#include "reporters/text.h"

static const char *severity_word(const candidate_t *c, const rule_t *rule)
{
    double security = rule ? rule->security_severity : 0.0;
    if (security > 0.0) {
        if (security >= 9.0) return "blocker";
        if (security >= 7.0) return "critical";
        if (security >= 4.0) return "major";
        return "minor";
    }
    switch (c->severity) {
    case SEVERITY_ERROR: return "major";
    case SEVERITY_NOTE: return "info";
    default: return "minor";
    }
}

static bool is_security(const candidate_t *c, const rule_t *rule)
{
    if (c->cwe > 0) return true;
    if (!rule) return false;
    if (rule->security_severity > 0.0 || rule->cwe > 0) return true;
    for (size_t i = 0; i < rule->tag_count; i++)
        if (rule->tags[i] && strcmp(rule->tags[i], "security") == 0) return true;
    return false;
}

/* The candidate's fingerprint, made unique within this report. */
static json_t *unique_fingerprint(const candidate_t *c, json_t *seen, bool *failed)
{
    char base[512];
    if (c->fingerprint[0]) {
        snprintf(base, sizeof(base), "%.*s", (int)sizeof(c->fingerprint), c->fingerprint);
    } else { /* the driver did not fill one: fall back to the location */
        snprintf(base, sizeof(base), "%s:%s:%u:%u", c->rule_id ? c->rule_id : "",
                 c->path ? c->path : "", (unsigned)c->range.start_line,
                 (unsigned)c->range.start_col);
    }
    char *key = text_utf8_repair_string(base, false); /* jansson keys must be UTF-8 */
    if (!key) {
        *failed = true;
        return NULL;
    }
    json_int_t count = json_integer_value(json_object_get(seen, key)) + 1;
    json_value_set(seen, key, json_integer(count), failed);
    json_t *value;
    if (count == 1) {
        value = json_string(key);
    } else {
        char numbered[2048];
        snprintf(numbered, sizeof(numbered), "%s:%lld", key, (long long)count);
        value = json_value_string(numbered);
    }
    free(key);
    return value;
}

static json_t *issue_object(const candidate_t *c, const report_options_t *options, json_t *seen,
                            bool *failed)
{
    const rule_t *rule = text_candidate_rule(c, options);
    json_t *issue = json_object();
    json_value_set(issue, "type", json_string("issue"), failed);
    json_value_set(issue, "check_name", json_value_string(c->rule_id), failed);
    json_value_set(issue, "description",
                   json_value_string(c->message && *c->message ? c->message : "(no message)"), failed);
    json_t *categories = json_array();
    json_value_append(categories, json_string(is_security(c, rule) ? "Security" : "Bug Risk"),
                      failed);
    json_value_set(issue, "categories", categories, failed);
    json_value_set(issue, "severity", json_string(severity_word(c, rule)), failed);
    json_value_set(issue, "fingerprint", unique_fingerprint(c, seen, failed), failed);

    json_t *location = json_object();
    json_value_set(location, "path", json_value_string(c->path), failed);
    json_t *lines = json_object();
    uint32_t begin = c->range.start_line ? c->range.start_line : 1;
    uint32_t end = c->range.end_line >= begin ? c->range.end_line : begin;
    json_value_set(lines, "begin", json_integer(begin), failed);
    json_value_set(lines, "end", json_integer(end), failed);
    json_value_set(location, "lines", lines, failed);
    json_value_set(issue, "location", location, failed);
    if (c->review_state != REVIEW_STATE_STATIC) { /* what the model review said, as the body */
        char body[1024];
        if (c->review_state == REVIEW_STATE_REVIEWED)
            snprintf(body, sizeof(body), "Reviewed by %s: %s (confidence %d%%)%s. %s",
                     options->model_name ? options->model_name : "the model", review_verdict_name(c->verdict),
                     c->confidence, c->dismissed ? ", dismissed" : c->confirmed ? ", confirmed" : "",
                     c->review_reason ? c->review_reason : "");
        else
            snprintf(body, sizeof(body), "Not reviewed by the model: %s",
                     c->review_reason ? c->review_reason : "no reason given");
        json_t *content = json_object();
        json_value_set(content, "body", json_value_string(body), failed);
        json_value_set(issue, "content", content, failed);
    }
    return issue;
}

int codequality_report_write(FILE *out, const candidate_list_t *candidates,
                             const report_options_t *options, char *err, size_t err_size)
{
    bool failed = false;
    json_t *issues = json_array();
    json_t *seen = json_object();
    if (!seen) failed = true;
    for (size_t i = 0; i < candidates->count && !failed; i++)
        if (candidates->items[i] && (!candidates->items[i]->dismissed || options->show_dismissed))
            json_value_append(issues, issue_object(candidates->items[i], options, seen, &failed),
                              &failed);
    int rc;
    if (failed || !issues)
        rc = text_error(err, err_size, "out of memory while building the Code Quality report");
    else
        rc = json_value_write(out, issues, JSON_INDENT(2), true, err, err_size);
    if (rc == 0 && fflush(out) != 0) rc = text_error(err, err_size, "write failed: %s", strerror(errno));
    json_decref(seen);
    json_decref(issues);
    return rc;
}

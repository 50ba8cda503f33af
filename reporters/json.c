/* json.c — findings as a JSON array or JSON Lines, for scripts (see json.h).
 *
 * Each candidate becomes one jansson object built in a fixed key order; the array form is
 * pretty-printed with two-space indentation, the JSON Lines form is compact. */
#include "reporters/json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "reporters/json_value.h"
#include "reporters/text.h"

const char *json_verdict_name(review_verdict_t verdict)
{
    switch (verdict) {
    case REVIEW_TRUE_POSITIVE: return "true-positive";
    case REVIEW_FALSE_POSITIVE: return "false-positive";
    case REVIEW_UNCERTAIN: return "uncertain";
    default: return NULL;
    }
}

static void set_range(json_t *object, const source_range_t *range, bool *failed)
{
    json_value_set(object, "line", json_integer(range->start_line), failed);
    json_value_set(object, "column", json_integer(range->start_col), failed);
    json_value_set(object, "end_line", json_integer(range->end_line), failed);
    json_value_set(object, "end_column", json_integer(range->end_col), failed);
}

static json_t *fix_object(const fix_t *fix, bool *failed)
{
    if (!fix) return json_null();
    json_t *object = json_object();
    json_value_set(object, "description", json_value_string(fix->description), failed);
    json_value_set(object, "may_change_meaning", json_boolean(fix->may_change_meaning), failed);
    json_value_set(object, "verified", json_boolean(fix->verified), failed);
    json_t *edits = json_array();
    for (size_t i = 0; i < fix->edit_count; i++) {
        json_t *edit = json_object();
        set_range(edit, &fix->edits[i].range, failed);
        json_value_set(edit, "replacement", json_value_string(fix->edits[i].replacement), failed);
        json_value_append(edits, edit, failed);
    }
    json_value_set(object, "edits", edits, failed);
    return object;
}

static json_t *candidate_object(const candidate_t *c, const report_options_t *options, bool *failed)
{
    json_t *object = json_object();
    json_value_set(object, "rule", json_value_string(c->rule_id), failed);
    json_value_set(object, "cwe", c->cwe > 0 ? json_integer(c->cwe) : json_null(), failed);
    json_value_set(object, "severity", json_string(severity_name(c->severity)), failed);
    json_value_set(object, "path", json_value_string(c->path), failed);
    set_range(object, &c->range, failed);
    json_value_set(object, "message", json_value_string(c->message), failed);
    json_value_set(object, "snippet", c->snippet ? json_value_string(c->snippet) : json_null(),
                   failed);

    json_t *facts = json_object();
    for (size_t i = 0; i < c->fact_count; i++) {
        char *name = text_utf8_repair_string(c->facts[i].name, false);
        if (!name) {
            *failed = true;
            continue;
        }
        json_value_set(facts, name, json_value_string(c->facts[i].value), failed);
        free(name);
    }
    json_value_set(object, "facts", facts, failed);
    /* only a verified fix is offered; a rejected one leaves its reason */
    json_value_set(object, "fix", fix_object(c->fix && c->fix->verified ? c->fix : NULL, failed), failed);
    if (c->fix && !c->fix->verified && c->fix->rejected_reason)
        json_value_set(object, "fix_rejected", json_value_string(c->fix->rejected_reason), failed);

    json_t *flow = json_array();
    for (size_t i = 0; i < c->flow_count; i++) {
        json_t *step = json_object();
        set_range(step, &c->flow[i].range, failed);
        json_value_set(step, "message", json_value_string(c->flow[i].message), failed);
        json_value_append(flow, step, failed);
    }
    json_value_set(object, "flow", flow, failed);
    json_value_set(object, "certainty",
                   c->certainty != CERTAINTY_UNSET ? json_string(certainty_name(c->certainty)) : json_null(), failed);
    json_value_set(object, "fingerprint", json_value_string(c->fingerprint), failed);
    json_value_set(object, "line_hash", json_value_string(c->line_hash), failed);

    const char *verdict = json_verdict_name(c->verdict);
    if (verdict) {
        json_t *review = json_object();
        json_value_set(review, "verdict", json_string(verdict), failed);
        json_value_set(review, "confidence", json_integer(c->confidence), failed);
        json_value_set(review, "reason",
                       c->review_reason ? json_value_string(c->review_reason) : json_null(), failed);
        json_value_set(object, "verdict", review, failed);
    } else {
        json_value_set(object, "verdict", json_null(), failed);
    }
    if (c->review_state != REVIEW_STATE_STATIC) { /* a run with a model: everything it did */
        json_t *review = json_object();
        json_value_set(review, "reviewed", json_boolean(c->review_state == REVIEW_STATE_REVIEWED), failed);
        if (c->review_state == REVIEW_STATE_UNREVIEWED)
            json_value_set(review, "why_not",
                           c->review_reason ? json_value_string(c->review_reason) : json_null(), failed);
        json_value_set(review, "dismissed", json_boolean(c->dismissed), failed);
        json_value_set(review, "confirmed", json_boolean(c->confirmed), failed);
        json_value_set(review, "fix_drafted", json_boolean(c->fix_drafted), failed);
        json_value_set(review, "draft_rejected",
                       c->draft_rejected ? json_value_string(c->draft_rejected) : json_null(), failed);
        json_value_set(review, "model", options && options->model_name ? json_value_string(options->model_name)
                                                                       : json_null(), failed);
        json_value_set(review, "model_sha256", options && options->model_sha256
                                                   ? json_value_string(options->model_sha256)
                                                   : json_null(), failed);
        json_value_set(object, "review", review, failed);
    }
    return object;
}

static json_t *notice_object(const notice_t *notice, bool *failed)
{
    json_t *object = json_object();
    json_value_set(object, "notice", json_value_string(notice->message), failed);
    json_value_set(object, "path", json_value_string(notice->path), failed);
    return object;
}

int json_report_write(FILE *out, const candidate_list_t *candidates,
                      const report_options_t *options, char *err, size_t err_size)
{
    bool failed = false;
    json_t *all = json_array();
    for (size_t i = 0; i < candidates->count; i++)
        if (candidates->items[i]) json_value_append(all, candidate_object(candidates->items[i], options, &failed), &failed);
    for (size_t i = 0; i < options->notice_count; i++)
        json_value_append(all, notice_object(&options->notices[i], &failed), &failed);
    int rc = 0;
    if (failed || !all) {
        rc = text_error(err, err_size, "out of memory while building the JSON report");
    } else if (options->json_lines) {
        for (size_t i = 0; i < json_array_size(all) && rc == 0; i++)
            rc = json_value_write(out, json_array_get(all, i), JSON_COMPACT, true, err, err_size);
    } else {
        rc = json_value_write(out, all, JSON_INDENT(2), true, err, err_size);
    }
    if (rc == 0 && fflush(out) != 0) rc = text_error(err, err_size, "write failed: %s", strerror(errno));
    json_decref(all);
    return rc;
}

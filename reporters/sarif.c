/* sarif.c — SARIF 2.1.0 log of one run (see sarif.h).
 *
 * The document is built as a jansson tree in the order the spec lists properties, then
 * printed once. The one idea: rules get their index first (every rule of the pack, then
 * any rule only a candidate names, in order of first use), so each result can carry a
 * ruleIndex that points at a real reportingDescriptor. Columns are converted from the
 * candidates' byte columns to UTF-16 code units through the caller's source lines. */
#include "reporters/sarif.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reporters/json.h"
#include "reporters/json_value.h"
#include "reporters/text.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT "%SRCROOT%"
#define CWE_TAXONOMY "CWE"
#define CWE_VERSION "4.14"
#define MAX_RESULTS 25000      /* GitHub: results per run */
#define MAX_TAGS 20            /* GitHub: tags per rule */
#define MAX_FLOW_LOCATIONS 10000 /* GitHub: thread flow locations per result */

typedef struct {
    const report_options_t *options;
    json_t *rules;   /* driver.rules */
    json_t *indexes; /* rule id -> index in rules */
    json_t *taxa;    /* CWE taxa, in order of first use */
    json_t *taxa_seen; /* CWE id -> true */
    bool failed;
} sarif_builder_t;

/* ---- small values ----------------------------------------------------------------- */

static json_t *message_object(const char *text)
{
    json_t *message = json_object();
    bool failed = false;
    json_value_set(message, "text", json_value_string(text && *text ? text : "(no message)"), &failed);
    if (failed) {
        json_decref(message);
        return NULL;
    }
    return message;
}

/* Percent-encodes every byte outside RFC 3986's unreserved set and '/'. */
static void put_uri_path(text_buffer_t *out, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (keep) {
            text_buffer_putc(out, (char)c);
        } else {
            char escape[3] = {'%', hex[c >> 4], hex[c & 15]};
            text_buffer_append(out, escape, 3);
        }
    }
}

static json_t *artifact_location(const char *path)
{
    text_buffer_t uri;
    text_buffer_init(&uri);
    const char *relative = path && *path ? path : "unknown";
    while (relative[0] == '.' && relative[1] == '/') relative += 2; /* "./a.c" -> "a.c" */
    bool absolute = relative[0] == '/'; /* a file outside the root: an absolute file URI */
    if (absolute) text_buffer_puts(&uri, "file://");
    put_uri_path(&uri, relative);
    json_t *location = json_object();
    bool failed = uri.failed;
    json_value_set(location, "uri", json_string(uri.data ? uri.data : ""), &failed);
    if (!absolute) json_value_set(location, "uriBaseId", json_string(SRCROOT), &failed);
    text_buffer_destroy(&uri);
    if (failed) {
        json_decref(location);
        return NULL;
    }
    return location;
}

static uint32_t utf16_column(const report_options_t *options, const char *path, uint32_t line,
                             uint32_t byte_column)
{
    size_t length;
    const char *text = text_source_line(options, path, line, &length);
    return text_column_convert(text, length, byte_column, TEXT_COLUMN_UTF16);
}

static json_t *region_object(const report_options_t *options, const char *path,
                             const source_range_t *range, const char *snippet, bool *failed)
{
    json_t *region = json_object();
    uint32_t line = range->start_line ? range->start_line : 1;
    json_value_set(region, "startLine", json_integer(line), failed);
    uint32_t start_column = 0;
    if (range->start_col) {
        start_column = utf16_column(options, path, line, range->start_col);
        json_value_set(region, "startColumn", json_integer(start_column), failed);
    }
    bool end_valid = range->end_line > line ||
                     (range->end_line == line && range->start_col && range->end_col >= range->start_col);
    if (end_valid) {
        json_value_set(region, "endLine", json_integer(range->end_line), failed);
        if (range->end_col) {
            uint32_t end_column = utf16_column(options, path, range->end_line, range->end_col);
            if (range->end_line == line && end_column < start_column) end_column = start_column;
            json_value_set(region, "endColumn", json_integer(end_column), failed);
        }
    }
    if (snippet) {
        json_t *text = json_object();
        json_value_set(text, "text", json_value_string(snippet), failed);
        json_value_set(region, "snippet", text, failed);
    }
    return region;
}

static json_t *physical_location(const report_options_t *options, const char *path,
                                 const source_range_t *range, const char *snippet, bool *failed)
{
    json_t *physical = json_object();
    json_value_set(physical, "artifactLocation", artifact_location(path), failed);
    if (range) json_value_set(physical, "region", region_object(options, path, range, snippet, failed), failed);
    size_t length;
    const char *line = range && (range->end_line == 0 || range->end_line == range->start_line)
                           ? text_source_line(options, path, range->start_line, &length)
                           : NULL;
    /* SARIF wants a context region to be a proper superset of the region */
    if (line && range->start_col <= 1 && (range->end_col == 0 || range->end_col > length)) line = NULL;
    if (line) { /* the whole line around a one-line region, for viewers without the file */
        json_t *context = json_object(), *text = json_object();
        char *clean = text_utf8_repair(line, length, false);
        json_value_set(context, "startLine", json_integer(range->start_line), failed);
        json_value_set(text, "text", clean ? json_string(clean) : NULL, failed);
        json_value_set(context, "snippet", text, failed);
        json_value_set(physical, "contextRegion", context, failed);
        free(clean);
    }
    json_t *location = json_object();
    json_value_set(location, "physicalLocation", physical, failed);
    return location;
}

static const char *level_name(severity_t severity)
{
    switch (severity) {
    case SEVERITY_ERROR: return "error";
    case SEVERITY_NOTE: return "note";
    case SEVERITY_NONE: return "none";
    default: return "warning";
    }
}

/* ---- rules ------------------------------------------------------------------------ */

static void add_taxon(sarif_builder_t *b, int cwe)
{
    char id[16];
    snprintf(id, sizeof(id), "%d", cwe);
    if (json_object_get(b->taxa_seen, id)) return;
    json_value_set(b->taxa_seen, id, json_true(), &b->failed);
    json_t *taxon = json_object();
    json_value_set(taxon, "id", json_string(id), &b->failed);
    char text[32], uri[80];
    snprintf(text, sizeof(text), "CWE-%d", cwe);
    snprintf(uri, sizeof(uri), "https://cwe.mitre.org/data/definitions/%d.html", cwe);
    json_value_set(taxon, "shortDescription", message_object(text), &b->failed);
    json_value_set(taxon, "helpUri", json_string(uri), &b->failed);
    json_value_append(b->taxa, taxon, &b->failed);
}

static bool has_tag(json_t *tags, const char *tag)
{
    size_t i;
    json_t *value;
    json_array_foreach(tags, i, value)
        if (strcmp(json_string_value(value), tag) == 0) return true;
    return false;
}

static void add_tag(json_t *tags, const char *tag, bool *failed)
{
    if (json_array_size(tags) >= MAX_TAGS || has_tag(tags, tag)) return;
    json_value_append(tags, json_value_string(tag), failed);
}

/* "precision:<value>" tags set the SARIF precision; other tags are copied. */
static const char *rule_precision(const rule_t *rule)
{
    for (size_t i = 0; i < rule->tag_count; i++) {
        const char *tag = rule->tags[i];
        if (tag && strncmp(tag, "precision:", 10) == 0 && tag[10]) return tag + 10;
    }
    return rule->certainty != CERTAINTY_UNSET ? certainty_name(rule->certainty) : "medium";
}

static json_t *rule_properties(sarif_builder_t *b, const rule_t *rule)
{
    json_t *properties = json_object();
    json_t *tags = json_array();
    if (rule->security_severity > 0.0 || rule->cwe > 0) add_tag(tags, "security", &b->failed);
    for (size_t i = 0; i < rule->tag_count; i++)
        if (rule->tags[i] && *rule->tags[i] && strncmp(rule->tags[i], "precision:", 10) != 0)
            add_tag(tags, rule->tags[i], &b->failed);
    char cwe_tag[48];
    for (size_t i = 0; i <= rule->extra_cwe_count; i++) {
        int cwe = i == 0 ? rule->cwe : (rule->extra_cwes ? rule->extra_cwes[i - 1] : 0);
        if (cwe <= 0) continue;
        snprintf(cwe_tag, sizeof(cwe_tag), "external/cwe/cwe-%d", cwe);
        add_tag(tags, cwe_tag, &b->failed);
    }
    json_value_set(properties, "tags", tags, &b->failed);
    json_value_set(properties, "precision", json_value_string(rule_precision(rule)), &b->failed);
    if (rule->security_severity > 0.0) {
        char text[16];
        double value = rule->security_severity > 10.0 ? 10.0 : rule->security_severity;
        snprintf(text, sizeof(text), "%.1f", value);
        json_value_set(properties, "security-severity", json_string(text), &b->failed);
    }
    const char *problem = rule->severity == SEVERITY_ERROR     ? "error"
                          : rule->severity == SEVERITY_NOTE ? "recommendation"
                                                            : "warning";
    json_value_set(properties, "problem.severity", json_string(problem), &b->failed);
    return properties;
}

static json_t *rule_help(sarif_builder_t *b, const rule_t *rule, const char *fallback)
{
    const char *help = rule->help && *rule->help ? rule->help : fallback;
    text_buffer_t markdown;
    text_buffer_init(&markdown);
    text_buffer_puts(&markdown, help);
    size_t linked = 0;
    for (size_t i = 0; i <= rule->extra_cwe_count; i++) {
        int cwe = i == 0 ? rule->cwe : (rule->extra_cwes ? rule->extra_cwes[i - 1] : 0);
        if (cwe <= 0) continue;
        text_buffer_printf(&markdown,
                           "%s[CWE-%d](https://cwe.mitre.org/data/definitions/%d.html)",
                           linked++ ? ", " : "\n\nSee ", cwe, cwe);
    }
    if (linked) text_buffer_putc(&markdown, '.');
    json_t *object = json_object();
    json_value_set(object, "text", json_value_string(help), &b->failed);
    json_value_set(object, "markdown", json_value_string(markdown.failed ? help : markdown.data),
                   &b->failed);
    text_buffer_destroy(&markdown);
    return object;
}

/* SARIF's friendly rule name, Pascal case, made from the id's last part when the rule has
 * none: "c.use-after-free" -> "UseAfterFree"; NULL when that would just repeat the id. */
static json_t *friendly_name(const char *id)
{
    const char *dot = strrchr(id, '.');
    const char *part = dot && dot[1] ? dot + 1 : id;
    text_buffer_t name;
    text_buffer_init(&name);
    bool upper = true;
    for (const char *p = part; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            upper = true;
            continue;
        }
        if (upper && c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        text_buffer_putc(&name, c);
        upper = false;
    }
    /* SARIF1001: a name equal to the id (ignoring case) must be left out */
    json_t *value = !name.failed && name.length && strcasecmp(name.data, id) != 0 ? json_string(name.data)
                                                                                 : NULL;
    text_buffer_destroy(&name);
    return value;
}

static json_t *rule_descriptor(sarif_builder_t *b, const rule_t *rule)
{
    json_t *descriptor = json_object(), *name;
    const char *short_text = rule->short_description && *rule->short_description
                                 ? rule->short_description
                                 : rule->id;
    const char *full_text = rule->full_description && *rule->full_description
                                ? rule->full_description
                                : short_text;
    json_value_set(descriptor, "id", json_value_string(rule->id), &b->failed);
    if (rule->name && *rule->name)
        json_value_set(descriptor, "name", json_value_string(rule->name), &b->failed);
    else if ((name = friendly_name(rule->id)))
        json_value_set(descriptor, "name", name, &b->failed);
    json_value_set(descriptor, "shortDescription", message_object(short_text), &b->failed);
    json_value_set(descriptor, "fullDescription", message_object(full_text), &b->failed);
    json_value_set(descriptor, "help", rule_help(b, rule, full_text), &b->failed);
    /* every rule has a helpUri: its own, else its CWE's page, else its rule file in assay's
     * repository (the file holds the description and help) */
    if (rule->help_uri && *rule->help_uri)
        json_value_set(descriptor, "helpUri", json_value_string(rule->help_uri), &b->failed);
    else if (rule->cwe > 0) {
        char uri[80];
        snprintf(uri, sizeof(uri), "https://cwe.mitre.org/data/definitions/%d.html", rule->cwe);
        json_value_set(descriptor, "helpUri", json_string(uri), &b->failed);
    } else {
        text_buffer_t uri;
        text_buffer_init(&uri);
        text_buffer_puts(&uri, SARIF_RULE_FILE_URI);
        put_uri_path(&uri, rule->id);
        text_buffer_puts(&uri, ".yml");
        json_value_set(descriptor, "helpUri", uri.failed ? NULL : json_string(uri.data), &b->failed);
        text_buffer_destroy(&uri);
    }
    json_t *configuration = json_object();
    json_value_set(configuration, "level", json_string(level_name(rule->severity)), &b->failed);
    json_value_set(descriptor, "defaultConfiguration", configuration, &b->failed);
    json_value_set(descriptor, "properties", rule_properties(b, rule), &b->failed);

    json_t *relationships = json_array();
    for (size_t i = 0; i <= rule->extra_cwe_count; i++) {
        int cwe = i == 0 ? rule->cwe : (rule->extra_cwes ? rule->extra_cwes[i - 1] : 0);
        if (cwe <= 0) continue;
        add_taxon(b, cwe);
        char id[16];
        snprintf(id, sizeof(id), "%d", cwe);
        json_t *target = json_object(), *component = json_object(), *kinds = json_array();
        json_value_set(target, "id", json_string(id), &b->failed);
        json_value_set(component, "name", json_string(CWE_TAXONOMY), &b->failed);
        json_value_set(target, "toolComponent", component, &b->failed);
        json_value_append(kinds, json_string("superset"), &b->failed);
        json_t *relationship = json_object();
        json_value_set(relationship, "target", target, &b->failed);
        json_value_set(relationship, "kinds", kinds, &b->failed);
        json_value_append(relationships, relationship, &b->failed);
    }
    if (json_array_size(relationships))
        json_value_set(descriptor, "relationships", relationships, &b->failed);
    else
        json_decref(relationships);
    return descriptor;
}

/* Index of the rule with id in driver.rules, adding a descriptor (from rule, or a minimal
 * one) when the id is new. */
static size_t rule_index(sarif_builder_t *b, const char *raw_id, const rule_t *rule)
{
    char *id = text_utf8_repair_string(raw_id, false); /* jansson keys must be UTF-8 */
    if (!id) {
        b->failed = true;
        return 0;
    }
    json_t *known = json_object_get(b->indexes, id);
    if (known) {
        free(id);
        return (size_t)json_integer_value(known);
    }
    size_t index = json_array_size(b->rules);
    if (rule) {
        json_value_append(b->rules, rule_descriptor(b, rule), &b->failed);
    } else {
        /* a rule assay did not load (a pass reported an id the pack lacks): say so */
        static const char missing[] = "No description: this rule is not in the loaded rule pack.";
        json_t *descriptor = json_object(), *help = json_object();
        json_value_set(descriptor, "id", json_value_string(id), &b->failed);
        json_t *name = friendly_name(id);
        if (name) json_value_set(descriptor, "name", name, &b->failed);
        json_value_set(descriptor, "shortDescription", message_object(id), &b->failed);
        json_value_set(descriptor, "fullDescription", message_object(missing), &b->failed);
        json_value_set(help, "text", json_string(missing), &b->failed);
        json_value_set(help, "markdown", json_string(missing), &b->failed);
        json_value_set(descriptor, "help", help, &b->failed);
        json_value_append(b->rules, descriptor, &b->failed);
    }
    json_value_set(b->indexes, id, json_integer((json_int_t)index), &b->failed);
    free(id);
    return index;
}

/* ---- results ---------------------------------------------------------------------- */

static json_t *fix_object(sarif_builder_t *b, const candidate_t *c)
{
    const fix_t *fix = c->fix;
    json_t *replacements = json_array();
    for (size_t i = 0; i < fix->edit_count; i++) {
        const fix_edit_t *edit = &fix->edits[i];
        json_t *replacement = json_object();
        json_value_set(replacement, "deletedRegion",
                       region_object(b->options, c->path, &edit->range, NULL, &b->failed), &b->failed);
        json_t *content = json_object();
        json_value_set(content, "text", json_value_string(edit->replacement), &b->failed);
        json_value_set(replacement, "insertedContent", content, &b->failed);
        json_value_append(replacements, replacement, &b->failed);
    }
    json_t *change = json_object();
    json_value_set(change, "artifactLocation", artifact_location(c->path), &b->failed);
    json_value_set(change, "replacements", replacements, &b->failed);
    json_t *changes = json_array();
    json_value_append(changes, change, &b->failed);
    json_t *object = json_object();
    json_value_set(object, "description",
                   message_object(fix->description && *fix->description ? fix->description : "Apply the fix"),
                   &b->failed);
    json_value_set(object, "artifactChanges", changes, &b->failed);
    return object;
}

static json_t *code_flows(sarif_builder_t *b, const candidate_t *c)
{
    json_t *locations = json_array();
    for (size_t i = 0; i < c->flow_count && i < MAX_FLOW_LOCATIONS; i++) {
        const flow_step_t *step = &c->flow[i];
        json_t *location = physical_location(b->options, c->path, &step->range, NULL, &b->failed);
        json_value_set(location, "message", message_object(step->message), &b->failed);
        json_t *flow_location = json_object();
        json_value_set(flow_location, "location", location, &b->failed);
        json_value_append(locations, flow_location, &b->failed);
    }
    json_t *thread = json_object();
    json_value_set(thread, "locations", locations, &b->failed);
    json_t *threads = json_array();
    json_value_append(threads, thread, &b->failed);
    json_t *flow = json_object();
    json_value_set(flow, "threadFlows", threads, &b->failed);
    json_t *flows = json_array();
    json_value_append(flows, flow, &b->failed);
    return flows;
}

static json_t *result_object(sarif_builder_t *b, const candidate_t *c)
{
    const char *id = c->rule_id && *c->rule_id ? c->rule_id : "unknown";
    size_t index = rule_index(b, id, text_candidate_rule(c, b->options));
    json_t *result = json_object();
    json_value_set(result, "ruleId", json_value_string(id), &b->failed);
    json_value_set(result, "ruleIndex", json_integer((json_int_t)index), &b->failed);
    json_value_set(result, "level", json_string(level_name(c->severity)), &b->failed);
    json_value_set(result, "message", message_object(c->message), &b->failed);
    json_t *locations = json_array();
    json_value_append(locations, physical_location(b->options, c->path, &c->range, c->snippet, &b->failed),
                      &b->failed);
    json_value_set(result, "locations", locations, &b->failed);

    json_t *fingerprints = json_object();
    if (c->line_hash[0])
        json_value_set(fingerprints, "primaryLocationLineHash", json_value_string(c->line_hash), &b->failed);
    if (c->fingerprint[0])
        json_value_set(fingerprints, "assayFingerprint/v1", json_value_string(c->fingerprint), &b->failed);
    if (json_object_size(fingerprints))
        json_value_set(result, "partialFingerprints", fingerprints, &b->failed);
    else
        json_decref(fingerprints);

    if (c->flow_count) json_value_set(result, "codeFlows", code_flows(b, c), &b->failed);
    if (c->fix && c->fix->verified && c->fix->edit_count) { /* only verified fixes are offered */
        json_t *fixes = json_array();
        json_value_append(fixes, fix_object(b, c), &b->failed);
        json_value_set(result, "fixes", fixes, &b->failed);
    }

    if (c->dismissed) { /* the model review's confident false positive: kept, as suppressed */
        json_t *suppression = json_object();
        json_value_set(suppression, "kind", json_string("external"), &b->failed);
        json_value_set(suppression, "status", json_string("accepted"), &b->failed);
        json_value_set(suppression, "justification",
                       json_value_string(c->review_reason ? c->review_reason : "dismissed by the model review"),
                       &b->failed);
        json_t *suppressions = json_array();
        json_value_append(suppressions, suppression, &b->failed);
        json_value_set(result, "suppressions", suppressions, &b->failed);
    }

    const char *verdict = json_verdict_name(c->verdict);
    {
        json_t *properties = json_object();
        if (c->certainty != CERTAINTY_UNSET)
            json_value_set(properties, "assay/certainty", json_string(certainty_name(c->certainty)), &b->failed);
        if (c->review_state != REVIEW_STATE_STATIC)
            json_value_set(properties, "assay/reviewed", json_boolean(c->review_state == REVIEW_STATE_REVIEWED),
                           &b->failed);
        if (verdict) {
            json_value_set(properties, "assay/verdict", json_string(verdict), &b->failed);
            json_value_set(properties, "assay/confidence", json_integer(c->confidence), &b->failed);
            if (c->review_reason)
                json_value_set(properties, "assay/reviewReason", json_value_string(c->review_reason),
                               &b->failed);
        } else if (c->review_state == REVIEW_STATE_UNREVIEWED && c->review_reason) {
            json_value_set(properties, "assay/reviewReason", json_value_string(c->review_reason), &b->failed);
        }
        if (c->review_state != REVIEW_STATE_STATIC && b->options->model_name) {
            json_value_set(properties, "assay/model", json_value_string(b->options->model_name), &b->failed);
            if (b->options->model_sha256)
                json_value_set(properties, "assay/modelSha256", json_value_string(b->options->model_sha256),
                               &b->failed);
        }
        if (c->confirmed) json_value_set(properties, "assay/confirmedByReview", json_true(), &b->failed);
        if (c->fix_drafted) json_value_set(properties, "assay/fixDraftedByModel", json_true(), &b->failed);
        if (c->draft_rejected)
            json_value_set(properties, "assay/draftFixRejected", json_value_string(c->draft_rejected), &b->failed);
        if (c->fix && !c->fix->verified && c->fix->rejected_reason)
            json_value_set(properties, "assay/fixRejected", json_value_string(c->fix->rejected_reason),
                           &b->failed);
        if (c->fact_count) {
            json_t *facts = json_object();
            for (size_t i = 0; i < c->fact_count; i++) {
                char *name = text_utf8_repair_string(c->facts[i].name, false);
                if (!name) {
                    b->failed = true;
                    continue;
                }
                json_value_set(facts, name, json_value_string(c->facts[i].value), &b->failed);
                free(name);
            }
            json_value_set(properties, "assay/facts", facts, &b->failed);
        }
        if (json_object_size(properties))
            json_value_set(result, "properties", properties, &b->failed);
        else
            json_decref(properties);
    }
    return result;
}

/* ---- run -------------------------------------------------------------------------- */

static json_t *notification(const char *path, const char *text, bool *failed)
{
    json_t *object = json_object();
    json_value_set(object, "level", json_string("warning"), failed);
    json_value_set(object, "message", message_object(text), failed);
    if (path && *path) {
        json_t *physical = json_object();
        json_value_set(physical, "artifactLocation", artifact_location(path), failed);
        json_t *location = json_object();
        json_value_set(location, "physicalLocation", physical, failed);
        json_t *locations = json_array();
        json_value_append(locations, location, failed);
        json_value_set(object, "locations", locations, failed);
    }
    return object;
}

static json_t *invocation(const candidate_list_t *candidates, const report_options_t *options,
                          bool *failed)
{
    json_t *object = json_object();
    json_value_set(object, "executionSuccessful", json_true(), failed);
    json_t *notifications = json_array();
    for (size_t i = 0; i < options->notice_count; i++)
        json_value_append(notifications,
                          notification(options->notices[i].path, options->notices[i].message, failed),
                          failed);
    if (candidates->count > MAX_RESULTS) {
        char text[160];
        snprintf(text, sizeof(text),
                 "%zu results were left out: GitHub code scanning accepts at most %d per run.",
                 candidates->count - MAX_RESULTS, MAX_RESULTS);
        json_value_append(notifications, notification(NULL, text, failed), failed);
    }
    if (json_array_size(notifications))
        json_value_set(object, "toolExecutionNotifications", notifications, failed);
    else
        json_decref(notifications);
    return object;
}

static json_t *root_uri(const char *repo_root)
{
    if (!repo_root || repo_root[0] != '/') return NULL;
    text_buffer_t uri;
    text_buffer_init(&uri);
    text_buffer_puts(&uri, "file://");
    put_uri_path(&uri, repo_root);
    if (uri.length && uri.data[uri.length - 1] != '/') text_buffer_putc(&uri, '/');
    json_t *value = uri.failed ? NULL : json_string(uri.data);
    text_buffer_destroy(&uri);
    if (!value) return NULL;
    json_t *location = json_object();
    bool failed = false;
    json_value_set(location, "uri", value, &failed);
    json_t *bases = json_object();
    json_value_set(bases, SRCROOT, location, &failed);
    if (failed) {
        json_decref(bases);
        return NULL;
    }
    return bases;
}

static json_t *cwe_taxonomy(sarif_builder_t *b)
{
    json_t *taxonomy = json_object();
    json_value_set(taxonomy, "name", json_string(CWE_TAXONOMY), &b->failed);
    json_value_set(taxonomy, "version", json_string(CWE_VERSION), &b->failed);
    json_value_set(taxonomy, "organization", json_string("MITRE"), &b->failed);
    json_value_set(taxonomy, "informationUri", json_string("https://cwe.mitre.org/"), &b->failed);
    json_value_set(taxonomy, "shortDescription", message_object("The MITRE Common Weakness Enumeration"),
                   &b->failed);
    json_value_set(taxonomy, "taxa", json_incref(b->taxa), &b->failed);
    json_t *taxonomies = json_array();
    json_value_append(taxonomies, taxonomy, &b->failed);
    return taxonomies;
}

/* run.versionControlProvenance: one versionControlDetails for the repository the
 * paths are relative to (mappedTo the same %SRCROOT% the locations use). */
static json_t *provenance(const report_options_t *options, bool *failed)
{
    json_t *details = json_object(), *mapped = json_object(), *list = json_array();
    json_value_set(details, "repositoryUri", json_value_string(options->vcs_repository_uri), failed);
    if (options->vcs_revision_id && *options->vcs_revision_id)
        json_value_set(details, "revisionId", json_value_string(options->vcs_revision_id), failed);
    if (options->vcs_branch && *options->vcs_branch)
        json_value_set(details, "branch", json_value_string(options->vcs_branch), failed);
    json_value_set(mapped, "uriBaseId", json_string(SRCROOT), failed);
    json_value_set(details, "mappedTo", mapped, failed);
    json_value_append(list, details, failed);
    return list;
}

int sarif_report_write(FILE *out, const candidate_list_t *candidates,
                       const report_options_t *options, char *err, size_t err_size)
{
    sarif_builder_t b = {
        .options = options,
        .rules = json_array(),
        .indexes = json_object(),
        .taxa = json_array(),
        .taxa_seen = json_object(),
    };
    if (!b.rules || !b.indexes || !b.taxa || !b.taxa_seen) b.failed = true;
    if (options->rules) {
        for (size_t i = 0; i < options->rules->count && !b.failed; i++) {
            const rule_t *rule = options->rules->rules[i];
            if (rule && rule->id && *rule->id) rule_index(&b, rule->id, rule);
        }
    }
    json_t *results = json_array();
    for (size_t i = 0; i < candidates->count && i < MAX_RESULTS && !b.failed; i++)
        if (candidates->items[i])
            json_value_append(results, result_object(&b, candidates->items[i]), &b.failed);

    const char *version = options->tool_version && *options->tool_version ? options->tool_version : "0.0.0";
    json_t *driver = json_object();
    json_value_set(driver, "name", json_string("assay"), &b.failed);
    json_value_set(driver, "version", json_value_string(version), &b.failed);
    json_value_set(driver, "semanticVersion", json_value_string(version), &b.failed);
    json_value_set(driver, "informationUri", json_string(SARIF_TOOL_INFORMATION_URI), &b.failed);
    json_value_set(driver, "rules", json_incref(b.rules), &b.failed);
    if (json_array_size(b.taxa)) {
        json_t *supported = json_array(), *reference = json_object();
        json_value_set(reference, "name", json_string(CWE_TAXONOMY), &b.failed);
        json_value_append(supported, reference, &b.failed);
        json_value_set(driver, "supportedTaxonomies", supported, &b.failed);
    }
    json_t *tool = json_object();
    json_value_set(tool, "driver", driver, &b.failed);

    json_t *run = json_object();
    json_value_set(run, "tool", tool, &b.failed);
    json_t *invocations = json_array();
    json_value_append(invocations, invocation(candidates, options, &b.failed), &b.failed);
    json_value_set(run, "invocations", invocations, &b.failed);
    if (options->vcs_repository_uri && *options->vcs_repository_uri)
        json_value_set(run, "versionControlProvenance", provenance(options, &b.failed), &b.failed);
    json_t *bases = root_uri(options->repo_root);
    if (bases) json_value_set(run, "originalUriBaseIds", bases, &b.failed);
    if (json_array_size(b.taxa)) json_value_set(run, "taxonomies", cwe_taxonomy(&b), &b.failed);
    json_value_set(run, "columnKind", json_string("utf16CodeUnits"), &b.failed);
    json_value_set(run, "results", results, &b.failed);

    json_t *runs = json_array();
    json_value_append(runs, run, &b.failed);
    json_t *root = json_object();
    json_value_set(root, "$schema", json_string(SARIF_SCHEMA), &b.failed);
    json_value_set(root, "version", json_string("2.1.0"), &b.failed);
    json_value_set(root, "runs", runs, &b.failed);

    int rc;
    if (b.failed)
        rc = text_error(err, err_size, "out of memory while building the SARIF report");
    else
        rc = json_value_write(out, root, JSON_INDENT(2), true, err, err_size);
    if (rc == 0 && fflush(out) != 0) rc = text_error(err, err_size, "write failed: %s", strerror(errno));
    json_decref(root);
    json_decref(b.rules);
    json_decref(b.indexes);
    json_decref(b.taxa);
    json_decref(b.taxa_seen);
    return rc;
}

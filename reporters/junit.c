/* junit.c — JUnit XML report written with libxml2's xmlTextWriter (see junit.h).
 *
 * Candidates arrive sorted by path, so the findings of one file are a contiguous run: each
 * run becomes one <testsuite>. Notices join the suite of their file, or get a suite of
 * their own after the others. Every string goes through text_utf8_repair(..., xml=true)
 * first: libxml2 escapes markup, but only valid XML characters may be written at all. */
#include "reporters/junit.h"

#include <errno.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reporters/gcc.h"
#include "reporters/text.h"

typedef struct {
    xmlTextWriterPtr writer;
    const report_options_t *options;
    const char *timestamp;
    const char *hostname;
    bool failed;
} junit_writer_t;

/* One file's suite: the run of candidates [first, first + count) and its notices; a clean
 * checked file has neither and gets one passing testcase. */
typedef struct {
    const char *path;
    size_t first, count;
    bool clean;
} junit_suite_t;

static void put_attribute(junit_writer_t *w, const char *name, const char *value)
{
    char *clean = text_utf8_repair_string(value, true);
    if (!clean || xmlTextWriterWriteAttribute(w->writer, BAD_CAST name, BAD_CAST clean) < 0)
        w->failed = true;
    free(clean);
}

static void put_count(junit_writer_t *w, const char *name, size_t value)
{
    char text[32];
    snprintf(text, sizeof(text), "%zu", value);
    put_attribute(w, name, text);
}

static void start(junit_writer_t *w, const char *element)
{
    if (xmlTextWriterStartElement(w->writer, BAD_CAST element) < 0) w->failed = true;
}

static void end(junit_writer_t *w)
{
    if (xmlTextWriterEndElement(w->writer) < 0) w->failed = true;
}

static void put_text(junit_writer_t *w, const char *text, size_t length)
{
    char *clean = text_utf8_repair(text, length, true);
    if (!clean || xmlTextWriterWriteString(w->writer, BAD_CAST clean) < 0) w->failed = true;
    free(clean);
}

static size_t notices_of(const report_options_t *options, const char *path)
{
    size_t count = 0;
    for (size_t i = 0; i < options->notice_count; i++)
        if (strcmp(options->notices[i].path ? options->notices[i].path : "", path) == 0) count++;
    return count;
}

static void put_finding(junit_writer_t *w, const candidate_t *c)
{
    char name[512];
    snprintf(name, sizeof(name), "%s at %u:%u", c->rule_id ? c->rule_id : "unknown",
             (unsigned)c->range.start_line, (unsigned)c->range.start_col);
    start(w, "testcase");
    put_attribute(w, "name", name);
    put_attribute(w, "classname", c->path ? c->path : "");
    put_attribute(w, "time", "0");
    if (c->dismissed) { /* the model review's confident false positive: skipped, with its reason */
        start(w, "skipped");
        text_buffer_t why;
        text_buffer_init(&why);
        text_buffer_printf(&why, "dismissed by the model review (confidence %d%%): %s", c->confidence,
                           c->review_reason ? c->review_reason : "");
        if (why.failed) w->failed = true;
        else put_attribute(w, "message", why.data);
        text_buffer_destroy(&why);
        end(w);
        end(w);
        return;
    }
    start(w, "failure");
    put_attribute(w, "message", c->message && *c->message ? c->message : "(no message)");
    put_attribute(w, "type", c->rule_id ? c->rule_id : "unknown");
    text_buffer_t block;
    text_buffer_init(&block);
    if (gcc_report_format_candidate(&block, c, w->options) != 0) w->failed = true;
    if (c->snippet && *c->snippet) { /* the matched code itself, whole */
        text_buffer_puts(&block, "snippet:\n");
        text_buffer_puts(&block, c->snippet);
        text_buffer_putc(&block, '\n');
    }
    if (block.failed) w->failed = true;
    else put_text(w, block.data, block.length);
    text_buffer_destroy(&block);
    end(w);
    end(w);
}

static void put_notice(junit_writer_t *w, const notice_t *notice)
{
    start(w, "testcase");
    put_attribute(w, "name", "assay (file could not be checked)");
    put_attribute(w, "classname", notice->path ? notice->path : "");
    put_attribute(w, "time", "0");
    start(w, "error");
    put_attribute(w, "message", notice->message ? notice->message : "");
    put_attribute(w, "type", "assay.notice");
    text_buffer_t line;
    text_buffer_init(&line);
    text_buffer_printf(&line, "%s: %s\n", notice->path ? notice->path : "",
                       notice->message ? notice->message : "");
    if (line.failed) w->failed = true;
    else put_text(w, line.data, line.length);
    text_buffer_destroy(&line);
    end(w);
    end(w);
}

static void put_suite(junit_writer_t *w, const candidate_list_t *candidates, const junit_suite_t *suite)
{
    const report_options_t *options = w->options;
    size_t errors = suite->clean ? 0 : notices_of(options, suite->path);
    size_t dismissed = 0;
    for (size_t i = 0; i < suite->count; i++) dismissed += candidates->items[suite->first + i]->dismissed;
    start(w, "testsuite");
    put_attribute(w, "name", suite->path);
    put_count(w, "tests", suite->count + errors + suite->clean);
    put_count(w, "failures", suite->count - dismissed);
    put_count(w, "errors", errors);
    put_count(w, "skipped", dismissed);
    put_attribute(w, "time", "0");
    put_attribute(w, "timestamp", w->timestamp);
    put_attribute(w, "hostname", w->hostname);
    put_attribute(w, "file", suite->path);
    if (suite->clean) {
        start(w, "testcase");
        put_attribute(w, "name", "assay");
        put_attribute(w, "classname", suite->path);
        put_attribute(w, "time", "0");
        end(w);
    }
    for (size_t i = 0; i < suite->count; i++) put_finding(w, candidates->items[suite->first + i]);
    for (size_t i = 0; i < options->notice_count; i++)
        if (strcmp(options->notices[i].path ? options->notices[i].path : "", suite->path) == 0)
            put_notice(w, &options->notices[i]);
    end(w);
}

static const char *candidate_path(const candidate_t *c)
{
    return c && c->path ? c->path : "";
}

/* Groups the candidates into suites (runs of one path), then adds a suite for every
 * notice path no candidate has. Returns the count, or -1 on out of memory. */
static long build_suites(const candidate_list_t *candidates, const report_options_t *options,
                         junit_suite_t **out)
{
    junit_suite_t *suites =
        calloc(candidates->count + options->notice_count + options->checked_file_count + 1, sizeof(*suites));
    if (!suites) return -1;
    size_t count = 0;
    for (size_t i = 0; i < candidates->count; i++) {
        if (!candidates->items[i]) continue;
        const char *path = candidate_path(candidates->items[i]);
        if (count && strcmp(suites[count - 1].path, path) == 0 &&
            suites[count - 1].first + suites[count - 1].count == i) {
            suites[count - 1].count++;
        } else {
            suites[count++] = (junit_suite_t){.path = path, .first = i, .count = 1};
        }
    }
    size_t with_findings = count;
    for (size_t i = 0; i < options->notice_count; i++) {
        const char *path = options->notices[i].path ? options->notices[i].path : "";
        bool known = false;
        for (size_t k = 0; k < count && !known; k++) known = strcmp(suites[k].path, path) == 0;
        if (!known) suites[count++] = (junit_suite_t){.path = path};
    }
    size_t with_problems = count;
    for (size_t i = 0; options->checked_files && i < options->checked_file_count; i++) {
        const char *path = options->checked_files[i] ? options->checked_files[i] : "";
        /* finding suites are sorted by path (so are the candidates): binary search them;
         * notice suites are few */
        bool known = false;
        size_t low = 0, high = with_findings;
        while (low < high && !known) {
            size_t middle = low + (high - low) / 2;
            int order = strcmp(suites[middle].path, path);
            if (order == 0) known = true;
            else if (order < 0) low = middle + 1;
            else high = middle;
        }
        for (size_t k = with_findings; k < with_problems && !known; k++) known = strcmp(suites[k].path, path) == 0;
        if (!known) suites[count++] = (junit_suite_t){.path = path, .clean = true};
    }
    *out = suites;
    return (long)count;
}

/* libxml2 reports its own errors (out of memory, mostly) by printing to stderr through
 * per-thread handlers. A library must not print: while the report is built, this thread's
 * handlers are swapped for silent ones and put back afterwards; failures still surface as
 * the writer's return values. */
static void silent_error(void *ctx, const char *message, ...)
{
    (void)ctx, (void)message;
}

static void silent_structured_error(void *ctx, xmlErrorPtr error)
{
    (void)ctx, (void)error;
}

static int write_document(FILE *out, const candidate_list_t *candidates, const report_options_t *options,
                          char *err, size_t err_size);

int junit_report_write(FILE *out, const candidate_list_t *candidates,
                       const report_options_t *options, char *err, size_t err_size)
{
    xmlGenericErrorFunc generic = xmlGenericError;
    void *generic_context = xmlGenericErrorContext;
    xmlStructuredErrorFunc structured = xmlStructuredError;
    void *structured_context = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, silent_error);
    xmlSetStructuredErrorFunc(NULL, silent_structured_error);
    int rc = write_document(out, candidates, options, err, err_size);
    xmlSetGenericErrorFunc(generic_context, generic);
    xmlSetStructuredErrorFunc(structured_context, structured);
    return rc;
}

static int write_document(FILE *out, const candidate_list_t *candidates, const report_options_t *options,
                          char *err, size_t err_size)
{
    char timestamp[32], hostname[256];
    if (options->timestamp) {
        snprintf(timestamp, sizeof(timestamp), "%s", options->timestamp);
    } else {
        time_t now = time(NULL);
        struct tm utc;
        gmtime_r(&now, &utc);
        strftime(timestamp, sizeof(timestamp), "%Y-%m-%dT%H:%M:%S", &utc);
    }
    if (options->hostname) {
        snprintf(hostname, sizeof(hostname), "%s", options->hostname);
    } else if (gethostname(hostname, sizeof(hostname)) != 0) {
        snprintf(hostname, sizeof(hostname), "localhost");
    }
    hostname[sizeof(hostname) - 1] = '\0';

    junit_suite_t *suites = NULL;
    long suite_count = build_suites(candidates, options, &suites);
    xmlBufferPtr buffer = xmlBufferCreate();
    xmlTextWriterPtr writer = buffer ? xmlNewTextWriterMemory(buffer, 0) : NULL;
    if (suite_count < 0 || !writer) {
        if (writer) xmlFreeTextWriter(writer);
        xmlBufferFree(buffer);
        free(suites);
        return text_error(err, err_size, "out of memory while building the JUnit report");
    }
    junit_writer_t w = {.writer = writer, .options = options, .timestamp = timestamp, .hostname = hostname};
    size_t findings = 0;
    size_t dismissed = 0;
    for (size_t i = 0; i < candidates->count; i++) {
        findings += candidates->items[i] != NULL;
        dismissed += candidates->items[i] && candidates->items[i]->dismissed;
    }

    if (xmlTextWriterSetIndent(writer, 1) < 0 || xmlTextWriterSetIndentString(writer, BAD_CAST "  ") < 0 ||
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", NULL) < 0)
        w.failed = true;
    start(&w, "testsuites");
    put_attribute(&w, "name", "assay");
    size_t clean = 0;
    for (long i = 0; i < suite_count; i++) clean += suites[i].clean;
    put_count(&w, "tests", findings + options->notice_count + clean);
    put_count(&w, "failures", findings - dismissed);
    put_count(&w, "errors", options->notice_count);
    put_attribute(&w, "time", "0");
    for (long i = 0; i < suite_count && !w.failed; i++) put_suite(&w, candidates, &suites[i]);
    end(&w);
    if (xmlTextWriterEndDocument(writer) < 0) w.failed = true;
    xmlFreeTextWriter(writer); /* flushes into buffer */

    int rc = 0;
    if (w.failed) {
        rc = text_error(err, err_size, "cannot build the JUnit report (out of memory or invalid text)");
    } else {
        size_t length = (size_t)xmlBufferLength(buffer);
        if (fwrite(xmlBufferContent(buffer), 1, length, out) != length ||
            (length && xmlBufferContent(buffer)[length - 1] != '\n' && fputc('\n', out) == EOF) ||
            fflush(out) != 0)
            rc = text_error(err, err_size, "write failed: %s", strerror(errno));
    }
    xmlBufferFree(buffer);
    free(suites);
    return rc;
}

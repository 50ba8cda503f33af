/* report.c — format names and the dispatch of report_write to one writer per format. */
#include "reporters/report.h"

#include <string.h>

#include "reporters/codequality.h"
#include "reporters/gcc.h"
#include "reporters/json.h"
#include "reporters/junit.h"
#include "reporters/sarif.h"
#include "reporters/text.h"

static const char *const format_names[] = {
    [REPORT_GCC] = "gcc",
    [REPORT_SARIF] = "sarif",
    [REPORT_JUNIT] = "junit",
    [REPORT_JSON] = "json",
    [REPORT_CODEQUALITY] = "codequality",
};

int report_format_parse(const char *name, report_format_t *out)
{
    if (!name) return -1;
    for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
        if (strcmp(name, format_names[i]) == 0) {
            *out = (report_format_t)i;
            return 0;
        }
    }
    return -1;
}

const char *report_format_name(report_format_t format)
{
    if ((unsigned)format >= sizeof(format_names) / sizeof(format_names[0])) return "unknown";
    return format_names[format];
}

int report_write(FILE *out, report_format_t format, const candidate_list_t *candidates,
                 const report_options_t *options, char *err, size_t err_size)
{
    static const candidate_list_t no_candidates;
    static const report_options_t no_options;
    if (!out) return text_error(err, err_size, "report: no output stream");
    if (!candidates) candidates = &no_candidates;
    if (!options) options = &no_options;
    switch (format) {
    case REPORT_GCC: return gcc_report_write(out, candidates, options, err, err_size);
    case REPORT_SARIF: return sarif_report_write(out, candidates, options, err, err_size);
    case REPORT_JUNIT: return junit_report_write(out, candidates, options, err, err_size);
    case REPORT_JSON: return json_report_write(out, candidates, options, err, err_size);
    case REPORT_CODEQUALITY:
        return codequality_report_write(out, candidates, options, err, err_size);
    }
    return text_error(err, err_size, "report: unknown format %d", (int)format);
}

/* junit.h — JUnit XML for CI test dashboards (Jenkins, GitLab, Azure).
 *
 * <testsuites> holds one <testsuite> per file that has findings or notices (name and file
 * = the path, timestamp, hostname, tests/failures/errors/skipped counts). Each finding is
 * one <testcase> (classname = path, name = "rule-id at line:col") with one <failure>:
 * message = the diagnostic message, type = the rule id, text = the gcc-style line and the
 * snippet. Each notice is a <testcase> with an <error>. When the caller passes the checked
 * files, each clean one gets a suite with one passing testcase, so dashboards count it. The document is written with
 * libxml2's text writer, so every string is escaped; invalid UTF-8 and characters XML
 * cannot hold become U+FFFD. It validates against the Maven Surefire junit-10.xsd. */
#ifndef ASSAY_REPORT_JUNIT_H
#define ASSAY_REPORT_JUNIT_H

#include <stdio.h>

#include "reporters/report.h"

/* Writes the JUnit XML document; 0, or -1 with err set. */
int junit_report_write(FILE *out, const candidate_list_t *candidates,
                       const report_options_t *options, char *err, size_t err_size);

#endif

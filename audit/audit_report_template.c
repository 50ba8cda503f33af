/* audit_report_template.c — audit/audit_report.html compiled into the binary.
 *
 * The template is a real HTML file, so it can be opened and edited as one; the assembler
 * copies its bytes here (.incbin, read relative to the repository root where the build
 * runs; the Makefile makes this object depend on the file) and adds the closing NUL. */
#include "audit/audit_report.h"

__asm__(".section .rodata\n"
        ".global audit_report_template\n"
        ".type audit_report_template, @object\n"
        ".balign 16\n"
        "audit_report_template:\n"
        ".incbin \"audit/audit_report.html\"\n"
        ".byte 0\n"
        ".size audit_report_template, . - audit_report_template\n"
        ".previous\n");

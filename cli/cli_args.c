/* cli_args.c — getopt_long behind a table, with one wording for usage problems (see
 * cli_args.h).
 *
 * The table becomes getopt_long's two descriptions: a short-option string that starts
 * with "-:" (return non-options in order, as code 1, instead of permuting argv; report a
 * missing value as ':' instead of printing) and an array of struct option whose val is
 * the short name when there is one (so "-j" and "--jobs" come back alike) and 256 + the
 * table index otherwise. Everything getopt would have printed is turned into a message
 * here, from optopt and the argument getopt stopped at. */
#include "cli/cli_args.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { LONG_ONLY_BASE = 256 };

__attribute__((format(printf, 3, 4)))
static int problem(char *err, size_t err_size, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(err, err_size, format, args);
    va_end(args);
    return -1;
}

/* getopt's code for spec i */
static int code_of(const cli_args_t *args, size_t i)
{
    return args->specs[i].short_name ? (unsigned char)args->specs[i].short_name
                                     : LONG_ONLY_BASE + (int)i;
}

/* the table entry getopt returned code for, or NULL */
static const cli_arg_spec_t *spec_of(const cli_args_t *args, int code)
{
    for (size_t i = 0; i < args->spec_count; i++)
        if (code_of(args, i) == code) return &args->specs[i];
    return NULL;
}

int cli_args_begin(cli_args_t *args, const cli_arg_spec_t *specs, size_t spec_count,
                   int argc, char **argv, int first, char *err, size_t err_size)
{
    memset(args, 0, sizeof(*args));
    if (spec_count > CLI_ARGS_MAX_OPTIONS)
        return problem(err, err_size, "%zu options: at most %d", spec_count,
                       CLI_ARGS_MAX_OPTIONS);
    if (first < 1) first = 1;
    if (first > argc) first = argc;
    args->specs = specs;
    args->spec_count = spec_count;
    args->argv = argv + first - 1;
    args->argc = argc - first + 1;
    args->offset = first - 1;

    char *s = args->short_options;
    *s++ = '-';
    *s++ = ':';
    size_t n_long = 0;
    for (size_t i = 0; i < spec_count; i++) {
        const cli_arg_spec_t *spec = &specs[i];
        if (spec->short_name) {
            if (strchr(args->short_options + 2, spec->short_name) || spec->short_name == ':' ||
                spec->short_name == '-')
                return problem(err, err_size, "short option '-%c' twice or not allowed",
                               spec->short_name);
            *s++ = spec->short_name;
            if (spec->takes_value) *s++ = ':';
        }
        if (spec->long_name)
            args->long_options[n_long++] = (struct option){
                spec->long_name, spec->takes_value ? required_argument : no_argument, NULL,
                code_of(args, i)};
    }
    *s = '\0';
    args->long_options[n_long] = (struct option){0};
    optind = 0; /* glibc: re-initialise completely, forgetting any earlier command line */
    return 0;
}

/* Problem for a '?' from getopt: an unknown or ambiguous option, or a value given to a
 * long option that takes none. */
static int unknown_option(const cli_args_t *args, char *err, size_t err_size)
{
    const char *arg = optind >= 1 && optind <= args->argc ? args->argv[optind - 1] : "";
    if (optopt == 0) { /* a long option getopt did not recognise, or ambiguous */
        const char *name = strncmp(arg, "--", 2) == 0 ? arg + 2 : arg; /* "--name=value" */
        size_t length = strcspn(name, "=");
        char matches[256] = "";
        size_t count = 0, used = 0;
        for (const struct option *o = args->long_options; o->name; o++) {
            if (strncmp(o->name, name, length) != 0) continue;
            int w = snprintf(matches + used, sizeof(matches) - used, "%s--%s",
                             count ? ", " : "", o->name);
            if (w > 0 && (size_t)w < sizeof(matches) - used) used += (size_t)w;
            count++;
        }
        if (count > 1)
            return problem(err, err_size, "option '--%.*s' is ambiguous (%s)", (int)length, name,
                           matches);
        return problem(err, err_size, "unknown option '--%.*s'", (int)length, name);
    }
    const cli_arg_spec_t *spec = spec_of(args, optopt);
    if (spec && spec->long_name) /* "--quiet=yes" */
        return problem(err, err_size, "option '--%s' takes no value", spec->long_name);
    if (optopt > 0 && optopt < LONG_ONLY_BASE)
        return problem(err, err_size, "unknown option '-%c'", optopt);
    return problem(err, err_size, "unknown option '%s'", arg);
}

/* Problem for a ':' from getopt: the last argument is an option that needs a value. */
static int missing_value(const cli_args_t *args, char *err, size_t err_size)
{
    const char *arg = optind >= 1 && optind <= args->argc ? args->argv[optind - 1] : "";
    const cli_arg_spec_t *spec = spec_of(args, optopt);
    if (spec && spec->long_name && (strncmp(arg, "--", 2) == 0 || !spec->short_name))
        return problem(err, err_size, "option '--%s' needs a value", spec->long_name);
    if (spec && spec->short_name)
        return problem(err, err_size, "option '-%c' needs a value", spec->short_name);
    return problem(err, err_size, "option '%s' needs a value", arg);
}

int cli_args_next(cli_args_t *args, cli_arg_t *arg, char *err, size_t err_size)
{
    memset(arg, 0, sizeof(*arg));
    arg->id = CLI_ARG_POSITIONAL;
    if (!args->rest) {
        int long_index = -1;
        int code = getopt_long(args->argc, args->argv, args->short_options, args->long_options,
                               &long_index);
        if (code == -1) {
            /* the end, or "--": what follows it is positional (getopt leaves optind there) */
            args->rest = true;
            args->next = optind;
        } else if (code == 1) {
            arg->value = optarg;
            arg->index = optind - 1 + args->offset;
            return 1;
        } else if (code == '?') {
            return unknown_option(args, err, err_size);
        } else if (code == ':') {
            return missing_value(args, err, err_size);
        } else {
            const cli_arg_spec_t *spec = spec_of(args, code);
            if (!spec) return problem(err, err_size, "getopt returned an unknown code %d", code);
            arg->id = spec->id;
            arg->value = spec->takes_value ? optarg : NULL;
            if (long_index >= 0)
                snprintf(arg->name, sizeof(arg->name), "--%s", args->long_options[long_index].name);
            else
                snprintf(arg->name, sizeof(arg->name), "-%c", spec->short_name);
            return 1;
        }
    }
    if (args->next >= args->argc) return 0;
    arg->value = args->argv[args->next];
    arg->index = args->next + args->offset;
    arg->after_double_dash = true;
    args->next++;
    return 1;
}

int cli_args_usage_error(const char *command, const char *problem_text)
{
    fprintf(stderr, "assay: %s\nTry '%s --help' for more information.\n", problem_text, command);
    return 2;
}

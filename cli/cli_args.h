/* cli_args.h — one way to read a command line, shared by every command: GNU getopt_long
 * with a table of options, and one format for the problems a user can make.
 *
 * What the user gets, in every command: options anywhere (before, between and after the
 * positional arguments); short options bundled ("-qj2", "-j2", "-j 2"); long ones as
 * "--jobs=2" or "--jobs 2", or any unambiguous prefix ("--jo=2"); "--" ends the options
 * (a file named "-x.c" follows it); a lone "-" is a positional argument. Positional
 * arguments come back in command-line order, interleaved with the options.
 *
 * Reading is pure: no printing, no exiting, argv is not reordered (getopt runs in its
 * return-in-order mode, which also ignores POSIXLY_CORRECT). The only global state is
 * getopt's own (optind and friends, libc's): cli_args_begin re-initialises it (optind = 0,
 * glibc's full reset), so a process may read several command lines one after another,
 * but not two at once. cli_args_usage_error is the one place a usage problem is printed. */
#ifndef ASSAY_CLI_ARGS_H
#define ASSAY_CLI_ARGS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

/* One option of a command's table. */
typedef struct {
    const char *long_name; /* without "--"; NULL: short only */
    char short_name;       /* 0: long only */
    bool takes_value;      /* a value is required: "-j2", "-j 2", "--jobs=2", "--jobs 2" */
    int id;                /* the command's own code, >= 0, handed back in cli_arg_t.id */
} cli_arg_spec_t;

enum { CLI_ARGS_MAX_OPTIONS = 48 };
/* cli_arg_t.id of a positional argument */
enum { CLI_ARG_POSITIONAL = -1 };

/* One argument read. */
typedef struct {
    int id;                 /* the option's id, or CLI_ARG_POSITIONAL */
    const char *value;      /* the option's value (NULL for a flag), or the argument itself;
                             * points into argv */
    char name[48];          /* the option as the user chose it, for messages: "-j" or
                             * "--jobs" (a long name in full even when abbreviated) */
    int index;              /* positional: its index in argv */
    bool after_double_dash; /* positional: it came after "--" */
} cli_arg_t;

/* The reading state of one command line; lives on the caller's stack. */
typedef struct {
    const cli_arg_spec_t *specs;
    size_t spec_count;
    struct option long_options[CLI_ARGS_MAX_OPTIONS + 1];
    char short_options[4 + 2 * CLI_ARGS_MAX_OPTIONS];
    int argc;        /* of the window getopt sees: argv[first - 1 .. argc) */
    char **argv;
    int offset;      /* window index + offset = caller's argv index */
    bool rest;       /* getopt has finished ("--" or the end): the rest are positional */
    int next;        /* window index of the next positional after "--" */
} cli_args_t;

/* Starts reading argv[first..argc) (argv[first - 1] is never read: it is the name getopt
 * skips) with a table of options. Returns 0, or -1 with err set when the table is bad
 * (too many options, a short name twice): a programming error, not a usage error. */
int cli_args_begin(cli_args_t *args, const cli_arg_spec_t *specs, size_t spec_count,
                   int argc, char **argv, int first, char *err, size_t err_size);

/* The next argument: returns 1 with *arg filled, 0 at the end, or -1 with err set to a
 * one-line usage problem: "unknown option '--frob'", "unknown option '-Z'",
 * "option '--format' needs a value", "option '--quiet' takes no value",
 * "option '--no' is ambiguous (--no-color, --no-git)". */
int cli_args_next(cli_args_t *args, cli_arg_t *arg, char *err, size_t err_size);

/* Prints a usage problem the one way every command does, to stderr:
 *     assay: <problem>
 *     Try '<command> --help' for more information.
 * command is "assay", "assay model", ...; returns 2, the usage exit status. */
int cli_args_usage_error(const char *command, const char *problem);

#endif

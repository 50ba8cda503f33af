/* Untrusted strings reach a shell: a command-line argument formatted into a popen()
 * command, a line from a control socket run by system(), a user-supplied name passed to
 * sh -c, the lines of a script read with getline() and run one by one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char cmd[256];
    if (argc < 2) return 2;
    snprintf(cmd, sizeof cmd, "gzip -dc %s", argv[1]); // expect: c.clang-unchecked-return
    FILE *p = popen(cmd, "r"); // expect: c.clang-command-injection
    if (!p) return 1;
    char buf[512];
    while (fgets(buf, sizeof buf, p)) fputs(buf, stdout);
    return pclose(p) == 0 ? 0 : 1;
}

int run_control_command(int sock)
{
    char line[128];
    ssize_t n = recv(sock, line, sizeof line - 1, 0);
    if (n <= 0) return -1;
    line[n] = '\0';
    return system(line); // expect: c.clang-command-injection
}

int archive_user(void)
{
    char name[64];
    if (!fgets(name, sizeof name, stdin)) return -1;
    name[strcspn(name, "\n")] = '\0';
    execl("/bin/sh", "sh", "-c", name, (char *)NULL); // expect: c.clang-command-injection, c.exec-shell-command
    return -1;
}

int run_script(FILE *script)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&line, &cap, script)) > 0) {
        if (line[n - 1] == '\n') line[n - 1] = '\0';
        rc = system(line); // expect: c.clang-command-injection
        if (rc != 0) break;
    }
    free(line);
    return rc;
}

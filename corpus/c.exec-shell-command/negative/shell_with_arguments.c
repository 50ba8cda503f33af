/* Data handed to a shell as positional parameters ("$1"), never spliced into the
 * script text, and programs run from an argument vector without any shell. */
#include <unistd.h>

void extract(const char *archive, const char *dest)
{
    execl("/bin/sh", "sh", "-c", "cd \"$2\" && exec tar -xf \"$1\"", // ok: c.exec-shell-command
          "sh", archive, dest, (char *)NULL);
    _exit(127);
}

void notify(const char *title, const char *body, char **envp)
{
    execle("/bin/sh", "sh", "-c", "exec notify-send -- \"$1\" \"$2\"", "sh", title, body, (char *)NULL, envp); // ok: c.exec-shell-command
    _exit(127);
}

void resize(const char *in, const char *out)
{
    char *const argv[] = {"convert", (char *)in, "-resize", "50%", (char *)out, NULL};
    execvp("convert", argv); // ok: c.exec-shell-command
    _exit(127);
}

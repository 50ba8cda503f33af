/* execl() and its kin run no shell: an untrusted string passed as one argument after the
 * program cannot run another command (only the program path, or a shell's -c text, can). */
#include <stdlib.h>
#include <unistd.h>

void run_helper(void)
{
    const char *user = getenv("USER");
    if (!user)
        user = "nobody";
    execl("/usr/bin/ntlm_auth", "ntlm_auth", "--username", user, (char *)NULL); // ok: c.clang-command-injection
    _exit(1);
}

void show_manual(void)
{
    const char *topic = getenv("TOPIC");
    if (topic)
        execlp("man", "man", "--", topic, (char *)NULL); // ok: c.clang-command-injection
}

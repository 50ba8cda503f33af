/* Path and message building with strcat into fixed arrays. */
#include <string.h>

void build_path(const char *dir, const char *file)
{
    char path[256];
    path[0] = '\0';
    strcat(path, dir); // expect: c.strcat-unbounded
    strcat(path, "/"); // expect: c.strcat-unbounded
    strcat(path, file); // expect: c.strcat-unbounded
    open_file(path);
}

struct request {
    char query[128];
};

void add_param(struct request *req, const char *key, const char *value)
{
    strcat(req->query, key); // expect: c.strcat-unbounded
    strcat(req->query, "="); // expect: c.strcat-unbounded
    strcat(req->query, value); // expect: c.strcat-unbounded
}

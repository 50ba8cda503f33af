/* mmap tested against MAP_FAILED, its documented failure value. */
#include <fcntl.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct blob {
    const unsigned char *data;
    size_t size;
};

int blob_map(struct blob *b, const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return -1;
    }
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return -1; // ok: c.clang-incorrect-return-check
    b->data = map;
    b->size = (size_t)st.st_size;
    return 0;
}

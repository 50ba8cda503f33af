#include <fcntl.h>
#include <unistd.h>
/* unsigned arithmetic wraps by definition: an LCG is not an overflow */
unsigned next_rand(void)
{
    static unsigned seed;
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd >= 0) { (void)read(fd, &seed, sizeof seed); close(fd); }
    seed = seed * 1103515245u + 12345u;
    return seed;
}
// expect-false-alarm: c.clang-integer-overflow

#include <stdint.h>
/* ecx is the output operand of the asm: it is written */
int have_sse42(void)
{
    uint32_t eax = 1, ecx;
    __asm__("cpuid" : "=c"(ecx) : "a"(eax) : "%ebx", "%edx");
    return (ecx >> 20) & 1;
}
// expect-false-alarm: c.clang-uninitialized-use

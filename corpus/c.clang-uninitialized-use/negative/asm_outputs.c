/* Outputs of inline assembly are written by the instruction: reading them afterwards is
 * reading a value (cpuid fills all four registers; rdtsc two). */
#include <stdint.h>

unsigned cpu_vendor_word(unsigned leaf)
{
    unsigned a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf));
    return a ^ b ^ c ^ d; // ok: c.clang-uninitialized-use
}

uint64_t cycles(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo; // ok: c.clang-uninitialized-use
}

struct regs {
    unsigned eax, ebx;
};

unsigned sum_regs(void)
{
    struct regs r;
    __asm__ volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx) : "a"(0));
    return r.eax + r.ebx; // ok: c.clang-uninitialized-use
}

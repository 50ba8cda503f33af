/* The address of a static local scalar: it lives as long as the program, so returning
 * it is fine (a shared constant, a counter handed out by reference). */
#include <stddef.h>

const int *invalid_marker(void)
{
    static const int inv = 7;
    return &inv; // ok: c.clang-return-stack-address, c.return-local-address
}

unsigned long *call_counter(void)
{
    static unsigned long calls;
    calls++;
    return &calls; // ok: c.clang-return-stack-address, c.return-local-address
}

const double *default_ratio(int precise)
{
    static const double coarse = 0.5, fine = 0.125;
    const double *pick = precise ? &fine : &coarse;
    return pick; // ok: c.clang-return-stack-address
}

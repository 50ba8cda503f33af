/* a static local lives for the whole program: not stack memory */
const int *last_or_invalid(const int *code, int pc)
{
    static const int invalid = ~0;
    if (pc > 0)
        return &code[pc - 1];
    return &invalid;
}
// expect-false-alarm: c.clang-return-stack-address

/* while (n--) tests the old value: with n == 0 the body never runs */
static int sum(const char *s, unsigned long n)
{
    int total = 0;
    while (n--)
        total += s[n];
    return total;
}
int use(void)
{
    return sum("", 0);
}
// expect-false-alarm: c.clang-index-out-of-bounds

/* `scale` is only set for two of the three modes. */
int apply(int mode, int x)
{
    int scale;
    if (mode == 1) scale = 10;
    else if (mode == 2) scale = 100;
    return x * scale; // expect: c.clang-uninitialized-use
}

/* Every path sets `scale`. */
int apply(int mode, int x)
{
    int scale;
    if (mode == 1) scale = 10;
    else if (mode == 2) scale = 100;
    else scale = 1;
    return x * scale; // ok: c.clang-uninitialized-use
}

/* `<=` where `<` was meant writes one element past the end. */
void clear(void)
{
    int counts[16];
    for (int i = 0; i <= 16; i++)
        counts[i] = 0; // expect: c.clang-index-out-of-bounds
    (void)counts;
}

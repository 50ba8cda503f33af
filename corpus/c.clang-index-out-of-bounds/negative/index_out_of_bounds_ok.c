/* The loop stays inside the array. */
void clear(void)
{
    int counts[16];
    for (int i = 0; i < 16; i++)
        counts[i] = 0; // ok: c.clang-index-out-of-bounds
    (void)counts;
}

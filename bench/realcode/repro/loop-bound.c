/* ttlg doubles 27 times at most: 2^27 fits an int */
int slices(const int *nums)
{
    int lg, ttlg, total = 0;
    for (lg = 0, ttlg = 1; lg <= 26; lg++, ttlg *= 2)
        total += nums[lg] * (ttlg > 1);
    return total;
}
// expect-false-alarm: c.clang-integer-overflow

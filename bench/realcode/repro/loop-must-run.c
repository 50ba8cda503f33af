/* bt is replaced in the first iteration: every cost < 999999999 */
void pick(const unsigned short cost[6], int fave[6])
{
    int t, bt = -1, bc = 999999999;
    for (t = 0; t < 6; t++)
        if (cost[t] < bc) { bc = cost[t]; bt = t; }
    fave[bt]++;
}
// expect-false-alarm: c.clang-index-out-of-bounds

/* for (i = n; i-- != 0;) runs the body with i = n-1 ... 0 */
int checksum(const unsigned char h[8])
{
    int sum = 0;
    unsigned i;
    for (i = 8; i-- != 0;)
        sum += h[i];
    return sum;
}
// expect-false-alarm: c.clang-index-out-of-bounds

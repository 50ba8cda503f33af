#include <stdio.h>
/* as without a build: include guessing found only WIN32-Code/nmake/event2/event-config.h,
   whose EVENT__ssize_t is SSIZE_T, a Windows type: every prototype using it is invalid */
#define ev_ssize_t SSIZE_T
long buffer_copyout(void *buf, void *out, ev_ssize_t len);
/* tinytest's tt_int_op declares its operands with initialisers */
#define CHECK_EQ(a, b) do { long val1_ = (long)(a); long val2_ = (long)(b); \
    if (val1_ != val2_) printf("%ld != %ld\n", val1_, val2_); } while (0)
void test_copyout(void *buf, char tmp[10])
{
    CHECK_EQ(10, buffer_copyout(buf, tmp, 10));   /* "'val2_' is read before it is given a value" */
}
// expect-false-alarm: c.clang-uninitialized-use

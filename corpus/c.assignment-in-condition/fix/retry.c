/* fix-case: verified — '=' in the condition becomes '=='. */
int next_state(int state, int done)
{
    if (state = done) // expect: c.assignment-in-condition
        return 0;
    return state + 1;
}

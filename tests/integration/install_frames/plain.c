/* plain.c — a library without async code. */
int plain_answer(void);

int plain_answer(void)
{
    return 42;
}

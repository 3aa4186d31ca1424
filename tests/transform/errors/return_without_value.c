// expect: 10:5: error: non-void function 'total' should return a value
// expect: 17:5: error: void function 'log_it' should not return a value
// Errors clang gives by default (warnings it maps to errors) are errors
// for pinion too, with the diagnostics it otherwise leaves to the compiler.
#include <pinion.h>

async int total(int n)
{
    if (n < 0)
    return;
    await(pn_yield());
    return n;
}

async void log_it(int n)
{
    return n;
}

int main(void)
{
    return pn_block_on(total(1));
}

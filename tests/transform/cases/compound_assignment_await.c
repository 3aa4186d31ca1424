/*
 * Compound assignment operators with an awaited right operand, on
 * locals, array elements, struct members and through pointers, for
 * every operator and for mixed types (a double updated by an int).
 */
#include <pinion.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

struct acc {
    long sum;
    unsigned bits;
};

static async int run(void)
{
    int x = 100;
    x += await(id(5));
    x -= await(id(3));
    x *= await(id(2));
    x /= await(id(4));
    x %= await(id(17));
    x <<= await(id(3));
    x >>= await(id(1));
    x &= await(id(0xfe));
    x |= await(id(0x100));
    x ^= await(id(0x11));
    printf("x=%d\n", x);

    int arr[3] = { 1, 2, 3 };
    struct acc acc = { 0, 0 };
    struct acc *pa = &acc;
    double d = 1.5;
    for (int i = 0; i < 3; i++) {
        arr[i] *= await(id(i + 2));
        pa->sum += await(id(arr[i]));
        acc.bits |= 1u << await(id(i * 4));
        d *= await(id(2));
    }
    unsigned char small = 250;
    small += (unsigned char)await(id(10)); /* wraps to 4 */
    printf("arr=%d,%d,%d sum=%ld bits=%#x d=%.2f small=%d\n", arr[0], arr[1], arr[2], acc.sum,
           acc.bits, d, small);
    return x % 64 + (int)acc.sum + small;
}

int main(void)
{
    return pn_block_on(run()) & 0x7f;
}

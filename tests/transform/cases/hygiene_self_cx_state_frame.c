/*
 * User names that a careless generator might use for its own purposes:
 * locals and parameters called self, cx, state, frame, fut, ret, result,
 * and names that look like generated ones.  They are ordinary variables.
 */
#include <pinion.h>
#include <stdio.h>

static async int id(int v)
{
    await(pn_yield());
    return v;
}

struct frame {
    int state;
};

static async int machine(int self, int cx)
{
    int state = self + cx;
    struct frame frame = { .state = state * 2 };
    int fut = await(id(state));
    int ret = await(id(frame.state));
    int result = fut + ret;
    int poll = 1, drop = 2, init = 3, vtable = 4, hdr = 5;
    int resume_1 = await(id(poll + drop + init + vtable + hdr));
    int self_1 = self * 1000;
    printf("self=%d cx=%d state=%d frame.state=%d fut=%d ret=%d result=%d resume_1=%d self_1=%d\n",
           self, cx, state, frame.state, fut, ret, result, resume_1, self_1);
    return result + resume_1 + self_1;
}

static async int run(void)
{
    int self = 1, cx = 2;
    int machine_frame = await(machine(self, cx));
    int state = await(machine(cx, self));
    return machine_frame + state;
}

int main(void)
{
    int r = pn_block_on(run());
    printf("r=%d\n", r);
    return r % 100;
}

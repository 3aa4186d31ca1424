// expect: 26:53: error: jump out of a statement expression that awaits is not supported
// expect: 39:17: error: jump out of a statement expression that awaits is not supported
// expect: 50:29: error: jump out of a statement expression that awaits is not supported
// expect: 58:14: error: jump out of a statement expression that returns from a macro's body is not supported
/*
 * A statement expression that awaits may be left only by finishing it or
 * by return: a goto to a label outside it, or a break or continue of a
 * loop outside it, would abandon the enclosing expression half evaluated,
 * which its lowering into statements cannot express.  Jumps that stay
 * inside are fine (stmt_expr_control_flow_inside).  The same holds for
 * one without an await that is rebuilt because a return inside it comes
 * out of a macro's body.
 */
#include <pinion.h>

#define GUARD(e) ({ if ((e) < 0) return -1; if ((e) == 0) break; (e); })

static async int id(int v)
{
    await(pn_yield());
    return v;
}

static async int goto_out(int k)
{
    int v = 1 + ({ int t = await(id(k)); if (t < 0) goto fail; t; });
    return v;
fail:
    return -1;
}

static async int break_out(int n)
{
    int s = 0;
    for (int i = 0; i < n; i++) {
        s += ({
            int t = await(id(i));
            if (t > 3)
                break;
            t;
        });
    }
    return s;
}

static async int continue_out(int n)
{
    int s = 0;
    while (n-- > 0)
        s += ({ if (n == 2) continue; await(id(n)); });
    return s;
}

static async int guard_break(int n)
{
    int s = 0;
    for (int i = 0; i < n; i++)
        s += GUARD(n - i - 2);
    await(pn_yield());
    return s;
}

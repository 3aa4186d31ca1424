/*
 * layout.c — `--print-frame-layout`: what each async function's frame
 * holds and where.
 *
 * The layout is computed the way a C compiler lays out the generated
 * struct: fields in declaration order, each at the next multiple of its
 * alignment, frame locals that share storage (liveness.c's slots)
 * overlapping in an anonymous union, the children's frames in one union.
 * The report also says what each await point keeps and which locals stay
 * out of the frame.  Sizes and
 * alignments of the field types come from clang (the same target the
 * output is compiled for); a child frame defined in this file is laid out
 * recursively, one from a header is measured from its struct, and one from
 * another file of the target has the size target mode computed for it.
 * Target mode relies on these numbers for the opaque frames other files
 * embed, and the defining file checks them with _Static_assert.
 */
#include "transform.h"

#include <stdlib.h>
#include <string.h>

typedef struct Field {
    const char *name;
    const char *kind; /* header, result, parameter, local, temporary, children */
    const char *type;
    const char *local;
    unsigned line;
    long long size, align, offset;
    Slot *slot;   /* a frame local's slot: shared when it has several locals */
    bool escapes; /* ... whose address is taken */
} Field;

typedef struct Layout {
    VEC(Field) fields;
    long long size, align;
} Layout;

static long long round_up(long long v, long long a)
{
    return a > 0 ? (v + a - 1) / a * a : v;
}

/* What an alignment specifier kept on a frame field (Local.align:
 * `_Alignas(16)`, `__attribute__((aligned(16)))`) asks for, when its
 * argument is an integer literal; 0 when it cannot be told from the text
 * (a type, a macro).  Target mode's layout checks catch what this misses. */
static long long requested_align(const char *spec)
{
    const char *open = strstr(spec, "aligned(");
    if (open)
        open += strlen("aligned(");
    else if ((open = strstr(spec, "_Alignas(")))
        open += strlen("_Alignas(");
    else
        return 0;
    char *end = NULL;
    long long v = strtoll(open, &end, 0);
    while (end && (*end == ' ' || *end == 'u' || *end == 'U' || *end == 'l' || *end == 'L'))
        end++;
    return end && end != open && *end == ')' && v > 0 ? v : 0;
}

static void add(Layout *l, Arena *a, Field f)
{
    if (f.align < 1)
        f.align = 1;
    if (f.size < 0)
        f.size = 0;
    f.offset = round_up(l->size, f.align);
    l->size = f.offset + f.size;
    if (f.align > l->align)
        l->align = f.align;
    vec_push(a, &l->fields, f);
}

static const char *type_name(Unit *u, CXType t);

/* The field of one frame local, not yet placed. */
static Field local_field(Unit *u, Local *x)
{
    Arena *a = &u->arena;
    if (x->is_temp)
        return (Field){ x->field, "temporary", type_name(u, x->type), NULL, 0,
                        clang_Type_getSizeOf(x->type), clang_Type_getAlignOf(x->type), 0, NULL,
                        false };
    unsigned line = 0;
    clang_getPresumedLocation(clang_getCursorLocation(x->decl), NULL, &line, NULL);
    Buf tb = { 0 };
    spell_field_as(u, &tb, x, "");
    const char *decl = arena_strdup(a, tb.data ? tb.data : "");
    buf_free(&tb);
    CXType c = clang_getCanonicalType(x->type);
    bool decays = x->is_param && (c.kind == CXType_ConstantArray ||
                                  c.kind == CXType_IncompleteArray ||
                                  c.kind == CXType_VariableArray ||
                                  c.kind == CXType_FunctionProto ||
                                  c.kind == CXType_FunctionNoProto);
    long long size = decays ? (long long)sizeof(void *) : clang_Type_getSizeOf(x->type);
    long long align = decays ? (long long)_Alignof(void *) : clang_Type_getAlignOf(x->type);
    if (x->align && requested_align(x->align) > align)
        align = requested_align(x->align);
    Field fl = { x->field, x->is_param ? "parameter" : "local", decl, x->name, line, size, align,
                 0, NULL, x->escapes };
    if (fl.align < 1)
        fl.align = 1;
    if (fl.size < 0)
        fl.size = 0;
    return fl;
}

/* One slot of frame locals (liveness.c): a plain field, or for several
 * locals the anonymous union emit.c declares — as large and as aligned as
 * its largest member, every member at its start. */
static void add_slot(Unit *u, Layout *l, Slot *s)
{
    if (s->n == 1) {
        Field fl = local_field(u, s->locals[0]);
        fl.slot = s;
        add(l, &u->arena, fl);
        return;
    }
    size_t first = l->fields.n;
    long long usize = 0, ualign = 1;
    for (unsigned k = 0; k < s->n; k++) {
        Field fl = local_field(u, s->locals[k]);
        fl.slot = s;
        if (fl.size > usize)
            usize = fl.size;
        if (fl.align > ualign)
            ualign = fl.align;
        vec_push(&u->arena, &l->fields, fl);
    }
    long long off = round_up(l->size, ualign);
    for (size_t k = first; k < l->fields.n; k++)
        l->fields.v[k].offset = off;
    l->size = off + round_up(usize, ualign);
    if (ualign > l->align)
        l->align = ualign;
}

static const char *type_name(Unit *u, CXType t)
{
    Buf b = { 0 };
    spell_type(u, &b, t, NULL, true);
    char *s = arena_strdup(&u->arena, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

static void frame_size(Unit *u, Func *f, long long *size, long long *align, int depth);

static void await_size(Unit *u, Await *a, long long *size, long long *align, int depth)
{
    if (a->boxed) {
        *size = (long long)sizeof(void *);
        *align = (long long)_Alignof(void *);
        return;
    }
    if (!a->nbranches) {
        frame_size(u, a->callee, size, align, depth);
        return;
    }
    /* pn_all / pn_race: the branches' frames side by side (and a mask). */
    long long off = 0, al = 1;
    for (unsigned b = 0; b < a->nbranches; b++) {
        long long s = 0, ba = 1;
        frame_size(u, a->branches[b].callee, &s, &ba, depth);
        off = round_up(off, ba) + s;
        if (ba > al)
            al = ba;
    }
    if (!a->race) {
        off = round_up(off, (long long)_Alignof(unsigned)) + (long long)sizeof(unsigned);
        if ((long long)_Alignof(unsigned) > al)
            al = (long long)_Alignof(unsigned);
    }
    *size = round_up(off, al);
    *align = al;
}

static void layout_of(Unit *u, Func *f, Layout *l, int depth)
{
    Arena *a = &u->arena;
    l->align = 1;
    add(l, a, (Field){ "pn__hdr", "header", "pn_future", NULL, 0, 8, 4, 0, NULL, false });
    if (!f->is_void)
        add(l, a,
            (Field){ "pn__ret", "result", type_name(u, f->ret_type), NULL, 0,
                     clang_Type_getSizeOf(f->ret_type), clang_Type_getAlignOf(f->ret_type), 0,
                     NULL, false });
    for (unsigned i = 0; i < f->nslots; i++)
        add_slot(u, l, &f->slots[i]);
    if (f->awaits.n) {
        long long usize = 0, ualign = 1;
        for (size_t i = 0; i < f->awaits.n; i++) {
            long long s = 0, al = 1;
            await_size(u, f->awaits.v[i], &s, &al, depth + 1);
            if (s > usize)
                usize = s;
            if (al > ualign)
                ualign = al;
        }
        add(l, a,
            (Field){ "pn__aw", "children", "union", NULL, 0, round_up(usize, ualign), ualign,
                     0, NULL, false });
    }
    l->size = round_up(l->size, l->align);
}

static void frame_size(Unit *u, Func *f, long long *size, long long *align, int depth)
{
    if (f->dyn) {
        /* struct { struct pn__dyn__frame pn__d; T pn__ret; } */
        long long s = u->dyn_frame_known ? clang_Type_getSizeOf(u->dyn_frame_type) : 0;
        long long al = u->dyn_frame_known ? clang_Type_getAlignOf(u->dyn_frame_type) : 1;
        if (!f->is_void) {
            long long rs = clang_Type_getSizeOf(f->ret_type);
            long long ra = clang_Type_getAlignOf(f->ret_type);
            if (ra > al)
                al = ra;
            s = round_up(s, ra > 0 ? ra : 1) + (rs > 0 ? rs : 0);
        }
        *size = round_up(s, al);
        *align = al;
        return;
    }
    if (f->defined && f->body && depth < 64) {
        Layout l = { { 0 }, 0, 1 };
        layout_of(u, f, &l, depth);
        *size = l.size;
        *align = l.align;
    } else if (f->frames_header) {
        /* Another file's frame, laid out by target mode (target.c). */
        *size = f->frame_size;
        *align = f->frame_align;
    } else if (f->frame_known) {
        *size = clang_Type_getSizeOf(f->frame_type);
        *align = clang_Type_getAlignOf(f->frame_type);
    } else {
        *size = 0;
        *align = 1;
    }
}

/* The size and alignment of f's frame, as the compiler will lay it out
 * (target mode publishes them in the frames header). */
void frame_layout(Unit *u, Func *f, long long *size, long long *align)
{
    frame_size(u, f, size, align, 0);
}

/* What an await point's slot holds, for the layout's readers. */
static const char *await_callee(const Await *aw)
{
    if (aw->callee)
        return aw->callee->dyn ? "through a pointer" : aw->callee->name;
    return aw->race ? "pn_race" : "pn_all";
}

static void json_string(Buf *b, const char *s)
{
    buf_putc(b, '"');
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            buf_printf(b, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            buf_printf(b, "\\u%04x", *s);
        else
            buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

/* The other locals of x's slot: ", shares storage with 'a', 'b'" in text,
 * a JSON array of names otherwise. */
static void print_shares(Buf *out, Field *x, bool json)
{
    if (!x->slot || x->slot->n < 2)
        return;
    buf_puts(out, json ? ", \"shares_with\": [" : ", shares storage with ");
    bool first = true;
    for (unsigned k = 0; k < x->slot->n; k++) {
        Local *o = x->slot->locals[k];
        if (o->field == x->name)
            continue;
        buf_puts(out, first ? "" : ", ");
        if (json)
            json_string(out, o->name);
        else
            buf_printf(out, "'%s'", o->name);
        first = false;
    }
    if (json)
        buf_puts(out, "]");
}

/* The frame locals an await point keeps: ", keeps a, b" in text, a JSON
 * array of names otherwise (nothing when liveness is off). */
static void print_keeps(Buf *out, Func *f, Await *aw, bool json)
{
    if (frame_liveness_off(f))
        return;
    if (!json && !aw->nkeeps) {
        buf_puts(out, ", keeps no local");
        return;
    }
    buf_puts(out, json ? ", \"keeps\": [" : ", keeps ");
    for (unsigned k = 0; k < aw->nkeeps; k++) {
        buf_puts(out, k ? ", " : "");
        if (json)
            json_string(out, aw->keeps[k]->name);
        else
            buf_puts(out, aw->keeps[k]->name);
    }
    if (json)
        buf_puts(out, "]");
}

/* The body's locals in scope at an await point, innermost first (lower.c):
 * what a cleanup at the end of their scopes would have to run for. */
static void print_scope(Buf *out, Await *aw)
{
    if (!aw->nscope)
        return;
    buf_puts(out, "; in scope: ");
    for (unsigned k = 0; k < aw->nscope; k++)
        buf_printf(out, "%s%s", k ? ", " : "", aw->scope[k]->name);
}

/* Whether liveness decided this frame, and the body locals it left as
 * ordinary locals of the poll function. */
static void print_liveness(Buf *out, Func *f, bool json)
{
    const char *off = frame_liveness_off(f);
    bool first = true;
    if (json) {
        if (off) {
            buf_puts(out, ", \"liveness\": false, \"liveness_off\": ");
            json_string(out, off);
            return;
        }
        buf_puts(out, ", \"liveness\": true, \"poll_locals\": [");
    } else if (off) {
        buf_printf(out, "  liveness off (%s): every local whose scope has an await after it "
                        "is in the frame, in a field of its own\n", off);
        return;
    }
    for (size_t i = 0; i < f->locals.n; i++) {
        Local *x = f->locals.v[i];
        if (x->in_frame || x->is_param || x->is_static || x->is_extern || x->is_temp)
            continue;
        if (json) {
            buf_puts(out, first ? "" : ", ");
            json_string(out, x->name);
        } else {
            buf_printf(out, "%s%s", first ? "  not in the frame (never needed after an await): "
                                          : ", ", x->name);
        }
        first = false;
    }
    buf_puts(out, json ? "]" : first ? "" : "\n");
}

void print_layouts(Unit *u, Buf *out, bool json)
{
    bool first = true;
    if (json)
        buf_puts(out, "{\"frames\": [");
    for (size_t i = 0; i < u->funcs.n; i++) {
        Func *f = u->funcs.v[i];
        if (!f->defined || !f->is_async || !f->body)
            continue;
        Layout l = { { 0 }, 0, 1 };
        layout_of(u, f, &l, 0);
        if (json) {
            buf_puts(out, first ? "\n  {" : ",\n  {");
            buf_puts(out, "\"function\": ");
            json_string(out, f->name);
            buf_puts(out, ", \"file\": ");
            json_string(out, u->path);
            buf_printf(out, ", \"line\": %u, \"size\": %lld, \"align\": %lld", f->line, l.size,
                       l.align);
            print_liveness(out, f, true);
            buf_puts(out, ", \"fields\": [");
            for (size_t k = 0; k < l.fields.n; k++) {
                Field *x = &l.fields.v[k];
                buf_puts(out, k ? ",\n    {" : "\n    {");
                buf_puts(out, "\"name\": ");
                json_string(out, x->name);
                buf_puts(out, ", \"kind\": ");
                json_string(out, x->kind);
                buf_puts(out, ", \"type\": ");
                json_string(out, x->type);
                buf_printf(out, ", \"offset\": %lld, \"size\": %lld, \"align\": %lld", x->offset,
                           x->size, x->align);
                if (x->local) {
                    buf_puts(out, ", \"source\": ");
                    json_string(out, x->local);
                    if (x->line)
                        buf_printf(out, ", \"line\": %u", x->line);
                    if (x->escapes)
                        buf_puts(out, ", \"address_taken\": true");
                }
                print_shares(out, x, true);
                if (strcmp(x->kind, "children") == 0) {
                    buf_puts(out, ", \"children\": [");
                    for (size_t j = 0; j < f->awaits.n; j++) {
                        Await *aw = f->awaits.v[j];
                        long long s = 0, al = 1;
                        await_size(u, aw, &s, &al, 1);
                        buf_puts(out, j ? ", {" : "{");
                        buf_printf(out, "\"name\": \"pn__a%u\", \"callee\": ", aw->index);
                        json_string(out, await_callee(aw));
                        buf_printf(out, ", \"size\": %lld, \"line\": %u", s, aw->line);
                        print_keeps(out, f, aw, true);
                        buf_puts(out, "}");
                    }
                    buf_puts(out, "]");
                }
                buf_puts(out, "}");
            }
            buf_puts(out, "]}");
        } else {
            buf_printf(out, "%sframe of %s (%s:%u): %lld bytes, align %lld\n", first ? "" : "\n",
                       f->name, u->path, f->line, l.size, l.align);
            buf_puts(out, "  offset   size  align  field            holds\n");
            for (size_t k = 0; k < l.fields.n; k++) {
                Field *x = &l.fields.v[k];
                buf_printf(out, "  %6lld %6lld %6lld  %-16s ", x->offset, x->size, x->align,
                           x->name);
                if (x->local) {
                    buf_printf(out, "%s '%s' (%s), line %u%s", x->kind, x->local, x->type,
                               x->line, x->escapes ? ", address taken" : "");
                    print_shares(out, x, false);
                    buf_puts(out, "\n");
                } else if (strcmp(x->kind, "children") == 0)
                    buf_puts(out, "child frames, one at a time:\n");
                else {
                    buf_printf(out, "%s (%s)", x->kind, x->type);
                    print_shares(out, x, false);
                    buf_puts(out, "\n");
                }
                if (strcmp(x->kind, "children") == 0)
                    for (size_t j = 0; j < f->awaits.n; j++) {
                        Await *aw = f->awaits.v[j];
                        long long s = 0, al = 1;
                        await_size(u, aw, &s, &al, 1);
                        buf_printf(out, "%43s pn__a%u: %s (%lld bytes%s), await at line %u", "",
                                   aw->index, await_callee(aw), s,
                                   aw->callee && aw->callee->dyn
                                       ? ": the callee's frame is in the runtime's pools"
                                       : "",
                                   aw->line);
                        print_keeps(out, f, aw, false);
                        print_scope(out, aw);
                        buf_puts(out, "\n");
                    }
            }
            print_liveness(out, f, false);
        }
        first = false;
    }
    if (json)
        buf_puts(out, first ? "]}\n" : "\n]}\n");
}

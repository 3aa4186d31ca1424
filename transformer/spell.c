/*
 * spell.c — C types as text.
 *
 * A frame field, a temporary, a parameter of a generated function: each
 * needs its type written as a declaration around a name, which libclang
 * spells only for simple cases.  This file writes declarators (pointers,
 * arrays, functions, qualifiers) from a CXType, with the names of types
 * moved out of an async body, the pointer a va_list parameter decays to,
 * and the field a parameter declared as an array really is.  The emitter,
 * the layout report and the frames headers share it; it writes into a
 * Buf and never decides where the text goes.
 */
#include "transform.h"

#include <string.h>

static Hoist *hoist_of(Unit *u, CXCursor decl)
{
    if (!u->nhoists || clang_Cursor_isNull(decl))
        return NULL;
    decl = clang_getCanonicalCursor(decl);
    for (size_t i = 0; i < u->funcs.n; i++) {
        Func *f = u->funcs.v[i];
        for (size_t j = 0; j < f->hoists.n; j++)
            if (clang_equalCursors(f->hoists.v[j]->decl, decl))
                return f->hoists.v[j];
    }
    return NULL;
}

static void quals(Buf *b, CXType t, bool strip_const)
{
    if (!strip_const && clang_isConstQualifiedType(t))
        buf_puts(b, "const ");
    if (clang_isVolatileQualifiedType(t))
        buf_puts(b, "volatile ");
    if (clang_isRestrictQualifiedType(t))
        buf_puts(b, "restrict ");
}

/* The unqualified spelling of a type clang can name itself. */
static void bare_spelling(Unit *u, Buf *b, CXType t)
{
    char *s = cx_take(&u->arena, clang_getTypeSpelling(t));
    for (;;) {
        if (strncmp(s, "const ", 6) == 0)
            s += 6;
        else if (strncmp(s, "volatile ", 9) == 0)
            s += 9;
        else if (strncmp(s, "restrict ", 9) == 0)
            s += 9;
        else
            break;
    }
    buf_puts(b, s);
}

static void spell_base(Unit *u, Buf *b, CXType t, bool strip)
{
    quals(b, t, strip);
    switch (t.kind) {
    case CXType_Elaborated: {
        CXType named = clang_Type_getNamedType(t);
        spell_base(u, b, named, true);
        return;
    }
    case CXType_Typedef: {
        Hoist *h = hoist_of(u, clang_getTypeDeclaration(t));
        if (h)
            buf_puts(b, h->new_name);
        else
            buf_puts(b, cx_take(&u->arena, clang_getTypedefName(t)));
        return;
    }
    case CXType_Record:
    case CXType_Enum: {
        CXCursor d = clang_getTypeDeclaration(t);
        const char *kw = clang_getCursorKind(d) == CXCursor_UnionDecl ? "union"
                         : t.kind == CXType_Enum                       ? "enum"
                                                                      : "struct";
        Hoist *h = hoist_of(u, d);
        if (h) {
            buf_printf(b, "%s %s", kw, h->new_name);
            return;
        }
        char *name = cx_take(&u->arena, clang_getCursorSpelling(d));
        if (!*name || strstr(name, "(unnamed") || strstr(name, "(anonymous")) {
            /* Only reachable for a type declared at file scope without a
             * name and used without its typedef. */
            bare_spelling(u, b, t);
            return;
        }
        buf_printf(b, "%s %s", kw, name);
        return;
    }
    default:
        bare_spelling(u, b, t);
        return;
    }
}

static bool is_declarator_kind(enum CXTypeKind k)
{
    return k == CXType_Pointer || k == CXType_ConstantArray || k == CXType_IncompleteArray ||
           k == CXType_VariableArray || k == CXType_FunctionProto ||
           k == CXType_FunctionNoProto;
}

/* Types whose sugar hides a declarator (parentheses, attributes, typeof)
 * are spelled through their canonical type. */
static CXType desugar(CXType t)
{
    if (t.kind == CXType_Unexposed || t.kind == CXType_Attributed)
        return clang_getCanonicalType(t);
    return t;
}

/* The record x86-64's va_list is an array of: the compiler's own, which
 * clang spells `struct __va_list_tag` and gcc cannot name. */
static bool is_va_list_tag(Unit *u, CXType t)
{
    t = clang_getCanonicalType(t);
    if (t.kind != CXType_Record)
        return false;
    CXCursor d = clang_getTypeDeclaration(t);
    CXFile file = NULL;
    clang_getFileLocation(clang_getCursorLocation(d), &file, NULL, NULL, NULL);
    char buf[32];
    return !file && strcmp(cx_name(&u->arena, clang_getCursorSpelling(d), buf, sizeof buf),
                           "__va_list_tag") == 0;
}

/* A va_list, or the pointer a va_list parameter decays to (a frame field
 * holding the caller's va_list, which va_arg accepts as the parameter
 * itself), spelled through __builtin_va_list, which both compilers know. */
static bool spell_va_list(Unit *u, Buf *b, CXType t, Buf *inner, bool strip)
{
    bool decayed = t.kind == CXType_Pointer && is_va_list_tag(u, clang_getPointeeType(t));
    bool array = t.kind == CXType_ConstantArray && clang_getArraySize(t) == 1 &&
                 is_va_list_tag(u, clang_getArrayElementType(t));
    if (!decayed && !array)
        return false;
    CXType tag = decayed ? clang_getPointeeType(t) : clang_getArrayElementType(t);
    Buf q = { 0 };
    quals(&q, tag, false);
    if (decayed) {
        buf_printf(b, "__typeof__(&(*(%s__builtin_va_list *)0)[0])", q.data ? q.data : "");
        buf_free(&q);
        quals(&q, t, strip);
        if (q.len)
            q.data[q.len - 1] = '\0';
        if (q.len)
            buf_printf(b, " %s", q.data);
    } else {
        buf_printf(b, "%s__builtin_va_list", q.data ? q.data : "");
    }
    buf_free(&q);
    if (inner->len)
        buf_printf(b, inner->data[0] == '[' ? "%s" : " %s", inner->data);
    return true;
}

static void spell_decl(Unit *u, Buf *b, CXType t, Buf *inner, bool strip, int depth)
{
    t = desugar(t);
    if (spell_va_list(u, b, t, inner, strip))
        return;
    if (depth > 64 || !is_declarator_kind(t.kind)) {
        Buf base = { 0 };
        spell_base(u, &base, t, strip);
        buf_puts(b, base.data ? base.data : "int");
        if (inner->len)
            buf_printf(b, inner->data[0] == '[' ? "%s" : " %s", inner->data);
        buf_free(&base);
        return;
    }
    Buf next = { 0 };
    switch (t.kind) {
    case CXType_Pointer: {
        CXType pointee = desugar(clang_getPointeeType(t));
        buf_puts(&next, "*");
        Buf q = { 0 };
        quals(&q, t, strip);
        if (q.len) {
            q.data[q.len - 1] = '\0';
            buf_puts(&next, q.data);
            if (inner->len)
                buf_putc(&next, ' ');
        }
        buf_free(&q);
        if (inner->len)
            buf_add(&next, inner->data, inner->len);
        if (pointee.kind == CXType_ConstantArray || pointee.kind == CXType_IncompleteArray ||
            pointee.kind == CXType_VariableArray || pointee.kind == CXType_FunctionProto ||
            pointee.kind == CXType_FunctionNoProto) {
            Buf paren = { 0 };
            buf_printf(&paren, "(%s)", next.data);
            buf_free(&next);
            next = paren;
        }
        spell_decl(u, b, pointee, &next, false, depth + 1);
        break;
    }
    case CXType_ConstantArray:
        if (inner->len)
            buf_add(&next, inner->data, inner->len);
        buf_printf(&next, "[%lld]", clang_getArraySize(t));
        spell_decl(u, b, clang_getArrayElementType(t), &next, strip, depth + 1);
        break;
    case CXType_IncompleteArray:
    case CXType_VariableArray:
        if (inner->len)
            buf_add(&next, inner->data, inner->len);
        buf_puts(&next, "[]");
        spell_decl(u, b, clang_getArrayElementType(t), &next, strip, depth + 1);
        break;
    case CXType_FunctionProto:
    case CXType_FunctionNoProto: {
        if (inner->len)
            buf_add(&next, inner->data, inner->len);
        buf_putc(&next, '(');
        int n = t.kind == CXType_FunctionProto ? clang_getNumArgTypes(t) : -1;
        for (int i = 0; i < n; i++) {
            if (i)
                buf_puts(&next, ", ");
            Buf none = { 0 };
            spell_decl(u, &next, clang_getArgType(t, (unsigned)i), &none, false, depth + 1);
            buf_free(&none);
        }
        if (n == 0 && !clang_isFunctionTypeVariadic(t))
            buf_puts(&next, "void");
        if (n > 0 && clang_isFunctionTypeVariadic(t))
            buf_puts(&next, ", ...");
        buf_putc(&next, ')');
        spell_decl(u, b, clang_getResultType(t), &next, false, depth + 1);
        break;
    }
    default:
        break;
    }
    buf_free(&next);
}

void spell_type(Unit *u, Buf *b, CXType t, const char *name, bool strip_top_quals)
{
    Buf inner = { 0 };
    if (name && *name)
        buf_puts(&inner, name);
    spell_decl(u, b, t, &inner, strip_top_quals, 0);
    buf_free(&inner);
}

/* A frame field: top-level qualifiers dropped (the field is assigned
 * when the local is initialised), and a parameter declared as an array or
 * a function is the pointer it really is. */
void spell_field(Unit *u, Buf *b, Local *l)
{
    spell_field_as(u, b, l, l->field);
}

void spell_field_as(Unit *u, Buf *b, Local *l, const char *name)
{
    CXType t = l->type;
    CXType c = clang_getCanonicalType(t);
    if (l->is_param && (c.kind == CXType_ConstantArray || c.kind == CXType_IncompleteArray ||
                        c.kind == CXType_VariableArray)) {
        CXType elem = clang_getArrayElementType(c);
        if (is_va_list_tag(u, elem)) {
            Buf q = { 0 };
            quals(&q, elem, false);
            buf_printf(b, "__typeof__(&(*(%s__builtin_va_list *)0)[0]) %s", q.data ? q.data : "",
                       name);
            buf_free(&q);
            return;
        }
        spell_type(u, b, clang_getArrayElementType(c), arena_printf(&u->arena, "*%s", name), false);
        return;
    }
    if (l->is_param && (c.kind == CXType_FunctionProto || c.kind == CXType_FunctionNoProto)) {
        spell_type(u, b, t, arena_printf(&u->arena, "(*%s)", name), false);
        return;
    }
    spell_type(u, b, t, name, true);
}

/* Async functions and the pointers declared async: the calling
 * convention pinion.h gives them under the transformer. */
bool type_is_async_fn(CXType t)
{
    t = clang_getCanonicalType(t);
    return (t.kind == CXType_FunctionProto || t.kind == CXType_FunctionNoProto) &&
           clang_getFunctionTypeCallingConv(t) == CXCallingConv_PreserveMost;
}

bool type_is_async_fnptr(CXType t)
{
    t = clang_getCanonicalType(t);
    return t.kind == CXType_Pointer && type_is_async_fn(clang_getPointeeType(t));
}

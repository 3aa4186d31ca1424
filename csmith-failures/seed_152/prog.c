/*
 * This is a RANDOMLY GENERATED PROGRAM.
 *
 * Generator: csmith 2.3.0
 * Git version: 30dccd7
 * Options:   --seed 152 --no-argc --no-volatiles --no-volatile-pointers --no-packed-struct --max-funcs 5 --max-block-depth 3 --max-expr-complexity 6 --max-array-len-per-dim 6 -o /tmp/csmith-soak.cSuvr1/seed_152/prog.c
 * Seed:      152
 */

#include "csmith.h"


static long __undefined;

/* --- Struct/Union Declarations --- */
/* --- GLOBAL VARIABLES --- */
static const uint32_t g_17[1] = {4294967287UL};
static int32_t g_25 = 2L;
static int32_t *g_24 = &g_25;
static int32_t g_31[6][6] = {{4L,4L,(-1L),4L,4L,(-1L)},{4L,4L,(-1L),4L,4L,(-1L)},{4L,4L,(-1L),4L,4L,(-1L)},{4L,4L,(-1L),4L,4L,(-1L)},{4L,4L,(-1L),4L,4L,(-1L)},{4L,4L,(-1L),4L,4L,(-1L)}};
static uint8_t g_48 = 0UL;
static uint8_t g_60 = 8UL;
static int32_t g_63 = 0x071081B2L;
static int32_t **g_68 = &g_24;
static uint32_t g_80 = 0x9EFCF395L;
static uint16_t g_83 = 0x497AL;
static int64_t g_99 = (-1L);
static int16_t g_101 = 0xFC42L;


/* --- FORWARD DECLARATIONS --- */
static uint8_t  func_1(void);
static int32_t * func_2(int16_t  p_3, int32_t * const  p_4, int32_t  p_5);
static int32_t * func_7(uint16_t  p_8, int32_t * p_9, uint8_t  p_10);
static uint16_t  func_11(const uint64_t  p_12, int32_t * p_13, uint64_t  p_14, int32_t * p_15, int32_t  p_16);
static int32_t * func_41(uint16_t  p_42, int32_t * p_43, int32_t * p_44, int32_t * p_45, const int32_t  p_46);


/* --- FUNCTIONS --- */
/* ------------------------------------------ */
/* 
 * reads : g_17 g_24 g_25 g_31 g_48 g_60 g_68 g_63
 * writes: g_31 g_25 g_48 g_60 g_63 g_68 g_83 g_24
 */
static uint8_t  func_1(void)
{ /* block id: 0 */
    uint16_t l_6 = 0x0ADEL;
    uint64_t l_26[1][3];
    int32_t *l_27[6] = {&g_25,&g_25,&g_25,&g_25,&g_25,&g_25};
    uint64_t l_28 = 18446744073709551611UL;
    uint32_t l_29 = 1UL;
    uint16_t *l_84[4][5] = {{&g_83,&g_83,&l_6,(void*)0,(void*)0},{&l_6,(void*)0,&l_6,&l_6,(void*)0},{(void*)0,&l_6,&l_6,(void*)0,&l_6},{(void*)0,(void*)0,&g_83,(void*)0,(void*)0}};
    uint32_t l_85 = 1UL;
    int16_t l_111 = 8L;
    uint32_t l_112 = 4294967292UL;
    int32_t **l_115 = &l_27[0];
    int i, j;
    for (i = 0; i < 1; i++)
    {
        for (j = 0; j < 3; j++)
            l_26[i][j] = 0xAF5BFB66FEBFB2C4LL;
    }
    g_24 = func_2(l_6, func_7((l_85 = func_11((g_17[0] | (safe_rshift_func_uint8_t_u_s((safe_add_func_int64_t_s_s(((safe_lshift_func_int16_t_s_s(((void*)0 == g_24), 10)) <= l_6), l_26[0][1])), 1))), l_27[5], l_28, &g_25, l_29)), l_27[5], g_17[0]), g_17[0]);
    l_112++;
    (*l_115) = &g_31[4][3];
    return g_63;
}


/* ------------------------------------------ */
/* 
 * reads :
 * writes:
 */
static int32_t * func_2(int16_t  p_3, int32_t * const  p_4, int32_t  p_5)
{ /* block id: 52 */
    uint16_t l_108 = 65535UL;
    int32_t l_109 = 0x6DE5F43CL;
    int32_t *l_110 = &g_31[3][2];
    l_109 |= (l_108 , l_108);
    return l_110;
}


/* ------------------------------------------ */
/* 
 * reads : g_48
 * writes: g_48
 */
static int32_t * func_7(uint16_t  p_8, int32_t * p_9, uint8_t  p_10)
{ /* block id: 33 */
    uint16_t l_94[1][4];
    int i, j;
    for (i = 0; i < 1; i++)
    {
        for (j = 0; j < 4; j++)
            l_94[i][j] = 0xBB00L;
    }
    for (g_48 = 24; (g_48 != 24); g_48 = safe_add_func_int16_t_s_s(g_48, 7))
    { /* block id: 36 */
        int32_t *l_97 = &g_63;
        int32_t l_98 = 1L;
        int32_t *l_102 = &l_98;
        int32_t **l_107[1][2];
        int i, j;
        for (i = 0; i < 1; i++)
        {
            for (j = 0; j < 2; j++)
                l_107[i][j] = &l_102;
        }
    }
    return p_9;
}


/* ------------------------------------------ */
/* 
 * reads : g_25 g_31 g_48 g_60 g_68 g_24
 * writes: g_31 g_25 g_48 g_60 g_63 g_68 g_83
 */
static uint16_t  func_11(const uint64_t  p_12, int32_t * p_13, uint64_t  p_14, int32_t * p_15, int32_t  p_16)
{ /* block id: 1 */
    int32_t *l_30 = &g_31[4][3];
    int32_t *l_74[1];
    int32_t **l_73 = &l_74[0];
    uint32_t *l_79[1][2];
    uint16_t l_81 = 65527UL;
    uint16_t *l_82 = &g_83;
    int i, j;
    for (i = 0; i < 1; i++)
        l_74[i] = &g_31[4][3];
    for (i = 0; i < 1; i++)
    {
        for (j = 0; j < 2; j++)
            l_79[i][j] = &g_80;
    }
    (*l_30) ^= (*p_15);
    for (p_16 = (-5); (p_16 == (-6)); --p_16)
    { /* block id: 5 */
        for (p_14 = 23; (p_14 == 54); p_14++)
        { /* block id: 8 */
            uint32_t l_36 = 4294967295UL;
            --l_36;
        }
        return (*l_30);
    }
    for (g_25 = 5; (g_25 > 7); g_25++)
    { /* block id: 15 */
        uint8_t *l_47 = &g_48;
        uint8_t *l_59 = &g_60;
        uint32_t l_61 = 4294967295UL;
        int32_t *l_62 = &g_63;
        int32_t *l_64 = &g_25;
        int32_t **l_65 = &l_64;
        (*l_65) = func_41(p_14, &g_25, (((*l_62) = (((((*l_47)++) == (safe_div_func_uint8_t_u_u((((((*l_59) |= (safe_rshift_func_uint16_t_u_s(0UL, (p_14 <= (safe_div_func_uint16_t_u_u((safe_lshift_func_int16_t_s_s(0x8CD9L, 8)), 1UL)))))) < 0L) <= (-1L)) != 0x01L), (*l_30)))) && l_61) && (*l_30))) , l_64), l_30, g_31[0][2]);
        if ((*l_30))
            break;
        (*l_30) = (p_12 | (safe_rshift_func_uint8_t_u_u(0xE8L, 7)));
        g_68 = &l_30;
    }
    (*l_30) = ((safe_rshift_func_uint8_t_u_s(255UL, 2)) | ((*l_82) = (safe_add_func_uint8_t_u_u(((*g_68) != ((*l_73) = &p_16)), (safe_mul_func_int8_t_s_s(((safe_sub_func_uint32_t_u_u((l_81 |= g_31[4][3]), (((*g_24) ^= (p_15 != p_15)) & p_14))) != p_16), 251UL))))));
    return (*l_30);
}


/* ------------------------------------------ */
/* 
 * reads :
 * writes:
 */
static int32_t * func_41(uint16_t  p_42, int32_t * p_43, int32_t * p_44, int32_t * p_45, const int32_t  p_46)
{ /* block id: 19 */
    return &g_31[4][3];
}




/* ---------------------------------------- */
int main (void)
{
    int i, j;
    int print_hash_value = 0;
    platform_main_begin();
    crc32_gentab();
    func_1();
    for (i = 0; i < 1; i++)
    {
        transparent_crc(g_17[i], "g_17[i]", print_hash_value);
        if (print_hash_value) printf("index = [%d]\n", i);

    }
    transparent_crc(g_25, "g_25", print_hash_value);
    for (i = 0; i < 6; i++)
    {
        for (j = 0; j < 6; j++)
        {
            transparent_crc(g_31[i][j], "g_31[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    transparent_crc(g_48, "g_48", print_hash_value);
    transparent_crc(g_60, "g_60", print_hash_value);
    transparent_crc(g_63, "g_63", print_hash_value);
    transparent_crc(g_80, "g_80", print_hash_value);
    transparent_crc(g_83, "g_83", print_hash_value);
    transparent_crc(g_99, "g_99", print_hash_value);
    transparent_crc(g_101, "g_101", print_hash_value);
    platform_main_end(crc32_context ^ 0xFFFFFFFFUL, print_hash_value);
    return 0;
}

/************************ statistics *************************
XXX max struct depth: 0
breakdown:
   depth: 0, occurrence: 24
XXX total union variables: 0

XXX non-zero bitfields defined in structs: 0
XXX zero bitfields defined in structs: 0
XXX const bitfields defined in structs: 0
XXX volatile bitfields defined in structs: 0
XXX structs with bitfields in the program: 0
breakdown:
XXX full-bitfields structs in the program: 0
breakdown:
XXX times a bitfields struct's address is taken: 0
XXX times a bitfields struct on LHS: 0
XXX times a bitfields struct on RHS: 0
XXX times a single bitfield on LHS: 0
XXX times a single bitfield on RHS: 0

XXX max expression depth: 21
breakdown:
   depth: 1, occurrence: 22
   depth: 2, occurrence: 5
   depth: 3, occurrence: 1
   depth: 14, occurrence: 1
   depth: 19, occurrence: 1
   depth: 21, occurrence: 1

XXX total number of pointers: 27

XXX times a variable address is taken: 29
XXX times a pointer is dereferenced on RHS: 8
breakdown:
   depth: 1, occurrence: 8
XXX times a pointer is dereferenced on LHS: 13
breakdown:
   depth: 1, occurrence: 13
XXX times a pointer is compared with null: 1
XXX times a pointer is compared with address of another variable: 0
XXX times a pointer is compared with another pointer: 1
XXX times a pointer is qualified to be dereferenced: 210

XXX max dereference level: 2
breakdown:
   level: 0, occurrence: 0
   level: 1, occurrence: 43
   level: 2, occurrence: 2
XXX number of pointers point to pointers: 5
XXX number of pointers point to scalars: 22
XXX number of pointers point to structs: 0
XXX percent of pointers has null in alias set: 25.9
XXX average alias set size: 1.48

XXX times a non-volatile is read: 63
XXX times a non-volatile is write: 40
XXX times a volatile is read: 0
XXX    times read thru a pointer: 0
XXX times a volatile is write: 0
XXX    times written thru a pointer: 0
XXX times a volatile is available for access: 0
XXX percentage of non-volatile access: 100

XXX forward jumps: 0
XXX backward jumps: 0

XXX stmts: 21
XXX max block depth: 2
breakdown:
   depth: 0, occurrence: 14
   depth: 1, occurrence: 6
   depth: 2, occurrence: 1

XXX percentage a fresh-made variable is used: 20.9
XXX percentage an existing variable is used: 79.1
********************* end of statistics **********************/


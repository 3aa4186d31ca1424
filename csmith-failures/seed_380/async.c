#include <pinion.h>
/*
 * This is a RANDOMLY GENERATED PROGRAM.
 *
 * Generator: csmith 2.3.0
 * Git version: 30dccd7
 * Options:   --seed 380 --no-argc --no-volatiles --no-volatile-pointers --no-packed-struct --max-funcs 5 --max-block-depth 3 --max-expr-complexity 6 --max-array-len-per-dim 6 -o /tmp/csmith-soak.cSuvr1/seed_380/prog.c
 * Seed:      380
 */

#include "csmith.h"


static long __undefined;

/* --- Struct/Union Declarations --- */
/* --- GLOBAL VARIABLES --- */
static int32_t g_2 = 0x1A049FE3L;
static int16_t g_32 = 0xAB56L;
static int32_t g_36 = 0x4951162DL;
static int32_t g_46 = (-8L);
static int32_t *g_47[1] = {&g_46};
static uint32_t g_52 = 2UL;
static int32_t g_59 = 0xAA4AECA2L;
static uint16_t g_79[1][2][6] = {{{0UL,0x37C8L,0x006EL,0x37C8L,0UL,0UL},{0x1160L,0x37C8L,0x37C8L,0x1160L,0x4240L,0x1160L}}};
static int8_t g_81 = 4L;
static uint16_t g_162 = 0xB8DAL;
static int32_t g_176 = 0L;
static int8_t g_177 = 1L;
static int64_t g_178 = 0x5BA149CD5C755685LL;
static int32_t g_179 = 3L;
static uint64_t g_180 = 0xD3B482F0B7091F55LL;
static uint8_t g_187 = 0xF4L;
static const int32_t **g_190[3] = {(void*)0,(void*)0,(void*)0};
static const int32_t ***g_189 = &g_190[0];
static const int32_t ****g_188[5] = {&g_189,&g_189,&g_189,&g_189,&g_189};
static uint8_t g_220[5] = {0x66L,0x66L,0x66L,0x66L,0x66L};
static int8_t *g_224 = &g_81;
static int8_t **g_223 = &g_224;
static const int8_t *****g_238 = (void*)0;
static int8_t ***g_308 = (void*)0;


/* --- FORWARD DECLARATIONS --- */
static async const int32_t  func_1(void);
static async int64_t  func_5(int8_t  p_6, int64_t  p_7, uint32_t  p_8, int32_t  p_9, uint32_t  p_10);
static async int64_t  func_11(int32_t  p_12);
static async int32_t * func_17(int32_t * p_18);
static async int32_t * func_19(uint64_t  p_20, int16_t  p_21);


/* --- FUNCTIONS --- */
/* ------------------------------------------ */
/* 
 * reads : g_2 g_52 g_176 g_223 g_224 g_81 g_179 g_79 g_220 g_187 g_59 g_178
 * writes: g_2 g_176 g_180 g_308
 */
static async const int32_t  func_1(void)
{ await(pn_yield()); /* block id: 0 */
    uint32_t l_254 = 0xB3F4301EL;
    uint16_t *l_282 = &g_79[0][1][4];
    uint16_t **l_281 = &l_282;
    int32_t l_303 = 5L;
    const int32_t * const l_305 = &g_179;
    for (g_2 = 0; (g_2 <= 1); ++g_2)
    { await(pn_yield()); /* block id: 3 */
        int16_t l_255 = 0x5104L;
        uint16_t **l_284 = &l_282;
        int8_t ***l_292[6] = {(void*)0,(void*)0,(void*)0,(void*)0,(void*)0,(void*)0};
        int8_t **** const l_291 = &l_292[5];
        int32_t l_299 = 0xDCB5EDF6L;
        int32_t *l_323 = &g_179;
        int32_t *l_324 = &g_179;
        int32_t *l_325 = &g_36;
        int32_t *l_326 = &g_59;
        int32_t *l_327 = &g_59;
        int32_t *l_328[5] = {&g_59,&g_59,&g_59,&g_59,&g_59};
        int32_t l_329 = (-6L);
        uint32_t l_330 = 2UL;
        int i;
        if ((await(func_5(g_2, await(func_11(g_2)), l_254, l_254, l_255)) > 3L))
        { await(pn_yield()); /* block id: 143 */
            uint8_t l_270 = 4UL;
            int32_t *l_271 = &g_176;
            int32_t l_276 = 1L;
            uint16_t ***l_283 = (void*)0;
            (*l_271) ^= l_270;
            for (g_180 = 0; (g_180 != 12); ++g_180)
            { await(pn_yield()); /* block id: 147 */
                int32_t *l_274 = (void*)0;
                int32_t *l_275[4][4][1] = {{{&g_176},{&g_176},{&g_176},{&g_59}},{{&g_176},{&g_176},{&g_176},{&g_176}},{{&g_59},{&g_59},{(void*)0},{(void*)0}},{{&g_59},{&g_176},{&g_59},{(void*)0}}};
                uint8_t l_277 = 0xB1L;
                uint32_t l_280[4] = {0xF6E834FDL,0xF6E834FDL,0xF6E834FDL,0xF6E834FDL};
                int i, j, k;
                l_277++;
                if (l_280[3])
                    break;
                if ((*l_271))
                    break;
                (*l_271) = l_254;
            }
            if (l_255)
                continue;
            l_284 = l_281;
        }
        else
        { await(pn_yield()); /* block id: 155 */
            int32_t l_302 = 0x932F1ED4L;
            int64_t l_304 = 0x2793B3B70A786B73LL;
            int16_t *l_317 = &g_32;
            if ((!8UL))
            { await(pn_yield()); /* block id: 156 */
                uint32_t l_290 = 1UL;
                uint64_t *l_297[2];
                int32_t l_298 = (-5L);
                int32_t *l_300 = (void*)0;
                int32_t *l_301[1][6][4] = {{{&g_36,&g_176,&g_36,&g_36},{&g_176,&g_176,&g_59,&g_176},{&g_176,&g_36,&g_36,&g_176},{&g_36,&g_176,&g_36,&g_36},{&g_176,&g_176,&g_59,&g_176},{&g_176,&g_36,&g_36,&g_176}}};
                int i, j, k;
                for (i = 0; i < 2; i++)
                    l_297[i] = &g_180;
                l_304 = (safe_rshift_func_uint8_t_u_u(((safe_add_func_int8_t_s_s(l_290, (l_291 == (void*)0))) , ((((((((l_302 = ((l_299 ^= (l_298 &= (safe_mod_func_int16_t_s_s((safe_mod_func_int64_t_s_s((((**g_223) && (*g_224)) ^ g_179), g_81)), l_254)))) != 0x5FFA1521E2DD4836LL)) , 18446744073709551608UL) , g_79[0][0][2]) || 0x008B653837C134BDLL) == g_220[2]) ^ g_187) || l_303) , l_302)), l_303));
                return l_299;
            }
            else
            { await(pn_yield()); /* block id: 162 */
                const int32_t *l_307 = &g_179;
                const int32_t **l_306 = &l_307;
                int16_t *l_316[5][5][5] = {{{(void*)0,&l_255,(void*)0,&l_255,(void*)0},{(void*)0,(void*)0,(void*)0,(void*)0,(void*)0},{(void*)0,&l_255,(void*)0,&l_255,(void*)0},{(void*)0,(void*)0,(void*)0,(void*)0,(void*)0},{(void*)0,&l_255,(void*)0,&l_255,(void*)0}},{{(void*)0,(void*)0,(void*)0,(void*)0,(void*)0},{(void*)0,&l_255,(void*)0,&l_255,(void*)0},{(void*)0,(void*)0,(void*)0,(void*)0,(void*)0},{(void*)0,&l_255,(void*)0,&l_255,(void*)0},{(void*)0,(void*)0,(void*)0,(void*)0,(void*)0}},{{(void*)0,&l_255,(void*)0,&l_255,(void*)0},{(void*)0,(void*)0,(void*)0,(void*)0,(void*)0},{(void*)0,&l_255,(void*)0,&l_255,(void*)0},{(void*)0,(void*)0,(void*)0,(void*)0,(void*)0},{(void*)0,&l_255,(void*)0,&l_255,(void*)0}},{{(void*)0,(void*)0,(void*)0,(void*)0,(void*)0},{(void*)0,&l_255,(void*)0,&l_255,(void*)0},{(void*)0,(void*)0,(void*)0,(void*)0,(void*)0},{(void*)0,&l_255,(void*)0,&l_255,(void*)0},{(void*)0,(void*)0,(void*)0,(void*)0,(void*)0}},{{(void*)0,&l_255,(void*)0,&l_255,(void*)0},{(void*)0,(void*)0,(void*)0,(void*)0,(void*)0},{(void*)0,&l_255,(void*)0,&l_255,(void*)0},{(void*)0,(void*)0,(void*)0,(void*)0,(void*)0},{(void*)0,&l_255,(void*)0,&l_255,(void*)0}}};
                int16_t **l_315 = &l_316[3][0][4];
                uint32_t *l_319[1];
                uint32_t **l_318 = &l_319[0];
                int32_t *l_320 = (void*)0;
                int32_t *l_321 = (void*)0;
                int32_t *l_322 = &g_176;
                int i, j, k;
                for (i = 0; i < 1; i++)
                    l_319[i] = &l_254;
                (*l_306) = l_305;
                (*l_322) |= ((&g_223 == (g_308 = &g_223)) > (safe_rshift_func_int16_t_s_u((((*l_318) = ((!((((safe_unary_minus_func_uint32_t_u(g_59)) || ((safe_rshift_func_uint16_t_u_u(((((*l_315) = &g_32) != (g_220[4] , l_317)) && (**l_306)), g_178)) & 9UL)) >= 2L) < 0xD0C135C6C0F8EBAFLL)) , (void*)0)) == &g_52), 9)));
                if (l_304)
                    continue;
            }
        }
        l_330++;
    }
    return g_187;
}


/* ------------------------------------------ */
/* 
 * reads :
 * writes:
 */
static async int64_t  func_5(int8_t  p_6, int64_t  p_7, uint32_t  p_8, int32_t  p_9, uint32_t  p_10)
{ await(pn_yield()); /* block id: 138 */
    const uint64_t l_258 = 0x32D29E3F56E04B88LL;
    int32_t **l_262 = (void*)0;
    int32_t ***l_261 = &l_262;
    int32_t ****l_260 = &l_261;
    int32_t *****l_259[1];
    uint64_t l_263 = 0UL;
    uint32_t l_264 = 4294967293UL;
    int32_t l_265 = (-1L);
    int16_t l_266[6][2][1];
    uint32_t l_267[4] = {0UL,0UL,0UL,0UL};
    int i, j, k;
    for (i = 0; i < 1; i++)
        l_259[i] = &l_260;
    for (i = 0; i < 6; i++)
    { await(pn_yield());
        for (j = 0; j < 2; j++)
        { await(pn_yield());
            for (k = 0; k < 1; k++)
                l_266[i][j][k] = 0x8BAEL;
        }
    }
    l_264 |= (l_263 &= (safe_add_func_uint64_t_u_u(l_258, ((void*)0 != l_259[0]))));
    l_267[3]--;
    return p_9;
}


/* ------------------------------------------ */
/* 
 * reads : g_2 g_52
 * writes:
 */
static async int64_t  func_11(int32_t  p_12)
{ await(pn_yield()); /* block id: 4 */
    uint32_t l_30[3];
    uint8_t l_34 = 0x32L;
    int32_t **l_51 = &g_47[0];
    uint16_t *l_78 = &g_79[0][1][0];
    int8_t *l_80[6];
    int32_t l_82[2];
    int32_t l_83 = 1L;
    int32_t ***l_89 = &l_51;
    const int32_t *l_91 = (void*)0;
    const int32_t **l_90 = &l_91;
    int32_t *l_92 = (void*)0;
    int8_t l_96[3];
    int32_t *****l_249 = (void*)0;
    int i;
    for (i = 0; i < 3; i++)
        l_30[i] = 0x51EF9953L;
    for (i = 0; i < 6; i++)
        l_80[i] = &g_81;
    for (i = 0; i < 2; i++)
        l_82[i] = 0xFE95B7CAL;
    for (i = 0; i < 3; i++)
        l_96[i] = (-1L);
    for (p_12 = 21; (p_12 > (-23)); p_12--)
    { await(pn_yield()); /* block id: 7 */
        if (g_2)
            break;
    }
    return g_52;
}


/* ------------------------------------------ */
/* 
 * reads :
 * writes: g_47
 */
static async int32_t * func_17(int32_t * p_18)
{ await(pn_yield()); /* block id: 19 */
    g_47[0] = &g_46;
    return &g_2;
}


/* ------------------------------------------ */
/* 
 * reads : g_2 g_32 g_36
 * writes: g_36 g_46
 */
static async int32_t * func_19(uint64_t  p_20, int16_t  p_21)
{ await(pn_yield()); /* block id: 15 */
    uint16_t l_37[3][2] = {{0xDA87L,0xDA87L},{0xDA87L,0xDA87L},{0xDA87L,0xDA87L}};
    uint64_t l_44 = 0x36FE54384F3AC16BLL;
    int32_t *l_45[1];
    int i, j;
    for (i = 0; i < 1; i++)
        l_45[i] = &g_36;
    g_46 = (g_36 ^= (((p_20 <= 0UL) || (l_37[0][0] < ((((safe_mul_func_uint8_t_u_u(((g_2 >= (((safe_mod_func_uint64_t_u_u((safe_add_func_int16_t_s_s(0L, l_37[0][0])), 1L)) , g_2) > l_37[0][1])) | l_37[1][1]), g_2)) > g_32) | 0xCDD5376EL) < l_44))) & 4L));
    return &g_2;
}




/* ---------------------------------------- */
int main (void)
{
    int i, j, k;
    int print_hash_value = 0;
    platform_main_begin();
    crc32_gentab();
    pn_block_on(func_1());
    transparent_crc(g_2, "g_2", print_hash_value);
    transparent_crc(g_32, "g_32", print_hash_value);
    transparent_crc(g_36, "g_36", print_hash_value);
    transparent_crc(g_46, "g_46", print_hash_value);
    transparent_crc(g_52, "g_52", print_hash_value);
    transparent_crc(g_59, "g_59", print_hash_value);
    for (i = 0; i < 1; i++)
    {
        for (j = 0; j < 2; j++)
        {
            for (k = 0; k < 6; k++)
            {
                transparent_crc(g_79[i][j][k], "g_79[i][j][k]", print_hash_value);
                if (print_hash_value) printf("index = [%d][%d][%d]\n", i, j, k);

            }
        }
    }
    transparent_crc(g_81, "g_81", print_hash_value);
    transparent_crc(g_162, "g_162", print_hash_value);
    transparent_crc(g_176, "g_176", print_hash_value);
    transparent_crc(g_177, "g_177", print_hash_value);
    transparent_crc(g_178, "g_178", print_hash_value);
    transparent_crc(g_179, "g_179", print_hash_value);
    transparent_crc(g_180, "g_180", print_hash_value);
    transparent_crc(g_187, "g_187", print_hash_value);
    for (i = 0; i < 5; i++)
    {
        transparent_crc(g_220[i], "g_220[i]", print_hash_value);
        if (print_hash_value) printf("index = [%d]\n", i);

    }
    platform_main_end(crc32_context ^ 0xFFFFFFFFUL, print_hash_value);
    return 0;
}

/************************ statistics *************************
XXX max struct depth: 0
breakdown:
   depth: 0, occurrence: 82
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

XXX max expression depth: 20
breakdown:
   depth: 1, occurrence: 32
   depth: 2, occurrence: 3
   depth: 4, occurrence: 1
   depth: 8, occurrence: 1
   depth: 16, occurrence: 1
   depth: 17, occurrence: 1
   depth: 20, occurrence: 1

XXX total number of pointers: 89

XXX times a variable address is taken: 118
XXX times a pointer is dereferenced on RHS: 30
breakdown:
   depth: 1, occurrence: 16
   depth: 2, occurrence: 11
   depth: 3, occurrence: 3
XXX times a pointer is dereferenced on LHS: 44
breakdown:
   depth: 1, occurrence: 40
   depth: 2, occurrence: 4
XXX times a pointer is compared with null: 6
XXX times a pointer is compared with address of another variable: 0
XXX times a pointer is compared with another pointer: 1
XXX times a pointer is qualified to be dereferenced: 1232

XXX max dereference level: 4
breakdown:
   level: 0, occurrence: 0
   level: 1, occurrence: 97
   level: 2, occurrence: 48
   level: 3, occurrence: 26
   level: 4, occurrence: 3
XXX number of pointers point to pointers: 30
XXX number of pointers point to scalars: 59
XXX number of pointers point to structs: 0
XXX percent of pointers has null in alias set: 30.3
XXX average alias set size: 1.26

XXX times a non-volatile is read: 253
XXX times a non-volatile is write: 135
XXX times a volatile is read: 0
XXX    times read thru a pointer: 0
XXX times a volatile is write: 0
XXX    times written thru a pointer: 0
XXX times a volatile is available for access: 0
XXX percentage of non-volatile access: 100

XXX forward jumps: 2
XXX backward jumps: 3

XXX stmts: 28
XXX max block depth: 3
breakdown:
   depth: 0, occurrence: 11
   depth: 1, occurrence: 3
   depth: 2, occurrence: 5
   depth: 3, occurrence: 9

XXX percentage a fresh-made variable is used: 16.8
XXX percentage an existing variable is used: 83.2
********************* end of statistics **********************/


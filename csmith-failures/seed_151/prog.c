/*
 * This is a RANDOMLY GENERATED PROGRAM.
 *
 * Generator: csmith 2.3.0
 * Git version: 30dccd7
 * Options:   --seed 151 --no-argc --no-volatiles --no-volatile-pointers --no-packed-struct --max-funcs 5 --max-block-depth 3 --max-expr-complexity 6 --max-array-len-per-dim 6 -o /tmp/csmith-soak.cSuvr1/seed_151/prog.c
 * Seed:      151
 */

#include "csmith.h"


static long __undefined;

/* --- Struct/Union Declarations --- */
struct S0 {
   int32_t  f0;
};

/* --- GLOBAL VARIABLES --- */
static uint32_t g_6 = 8UL;
static int32_t g_15 = 5L;
static const int32_t *g_14 = &g_15;
static const int32_t g_43[4][6][3] = {{{0x32CAC245L,0x32CAC245L,0x32CAC245L},{(-1L),(-1L),(-1L)},{0x32CAC245L,0x32CAC245L,0x32CAC245L},{(-1L),(-1L),(-1L)},{0x32CAC245L,0x32CAC245L,0x32CAC245L},{(-1L),(-1L),(-1L)}},{{0x32CAC245L,0x32CAC245L,0x32CAC245L},{(-1L),(-1L),(-1L)},{0x32CAC245L,0x32CAC245L,0x32CAC245L},{(-1L),(-1L),(-1L)},{0x32CAC245L,0x32CAC245L,0x32CAC245L},{(-1L),(-1L),(-1L)}},{{0x32CAC245L,0x32CAC245L,0x32CAC245L},{(-1L),(-1L),(-1L)},{0x32CAC245L,0x32CAC245L,0x32CAC245L},{(-1L),(-1L),(-1L)},{0x32CAC245L,0x32CAC245L,0x32CAC245L},{(-1L),(-1L),(-1L)}},{{0x32CAC245L,0x32CAC245L,0x32CAC245L},{(-1L),(-1L),(-1L)},{0x32CAC245L,0x32CAC245L,0x32CAC245L},{(-1L),(-1L),(-1L)},{0x32CAC245L,0x32CAC245L,0x32CAC245L},{(-1L),(-1L),(-1L)}}};
static int32_t *g_57 = &g_15;
static int32_t **g_56 = &g_57;
static int8_t g_60 = 0x00L;
static uint16_t g_62 = 0x9320L;
static struct S0 g_68[3] = {{1L},{1L},{1L}};
static int8_t g_71 = (-1L);
static uint16_t g_72 = 6UL;
static uint64_t g_84[4][4] = {{18446744073709551606UL,18446744073709551615UL,18446744073709551606UL,18446744073709551615UL},{18446744073709551606UL,18446744073709551615UL,18446744073709551606UL,18446744073709551615UL},{18446744073709551606UL,18446744073709551615UL,18446744073709551606UL,18446744073709551615UL},{18446744073709551606UL,18446744073709551615UL,18446744073709551606UL,18446744073709551615UL}};
static const uint16_t *g_140 = &g_72;
static const uint16_t **g_139 = &g_140;
static int64_t g_161[2][1] = {{1L},{1L}};
static int8_t g_186 = (-1L);
static uint32_t g_187 = 4294967295UL;
static uint8_t g_192 = 0x2DL;
static uint8_t g_194[1][2] = {{255UL,255UL}};
static uint8_t g_231 = 0x9DL;
static uint16_t ***** const g_241 = (void*)0;
static const uint8_t **g_248[1][1] = {{(void*)0}};
static int8_t g_315 = 0x0AL;
static uint32_t g_316 = 1UL;
static uint8_t *g_364 = &g_192;
static uint8_t **g_363 = &g_364;
static uint8_t ***g_362[5] = {&g_363,&g_363,&g_363,&g_363,&g_363};
static uint8_t ****g_361 = &g_362[3];
static uint8_t *****g_360 = &g_361;
static uint8_t g_375 = 1UL;
static int8_t g_378[2][5] = {{0x4EL,0xA6L,(-9L),0xA6L,0x4EL},{0x4EL,0xA6L,(-9L),0xA6L,0x4EL}};
static int32_t g_379 = 0x124C298BL;
static int64_t g_382 = 0xD053B3811DD9A7E3LL;
static int32_t g_384 = 6L;
static uint64_t g_385[4] = {0xB5829E4F98A097C5LL,0xB5829E4F98A097C5LL,0xB5829E4F98A097C5LL,0xB5829E4F98A097C5LL};


/* --- FORWARD DECLARATIONS --- */
static struct S0  func_1(void);
static int32_t * func_3(int8_t  p_4, int32_t * p_5);
static int16_t  func_7(int32_t * p_8, uint32_t  p_9);
static int32_t * func_10(int32_t  p_11, const int32_t * p_12, int8_t  p_13);
static int8_t  func_18(int32_t  p_19, int32_t * p_20, int8_t  p_21);


/* --- FUNCTIONS --- */
/* ------------------------------------------ */
/* 
 * reads : g_6 g_14 g_15 g_56 g_72 g_68 g_57 g_60 g_84 g_43 g_139 g_62 g_140 g_187 g_161 g_71 g_194 g_231 g_241 g_248 g_316 g_192 g_315 g_361 g_362 g_360 g_375 g_385 g_378 g_384
 * writes: g_15 g_60 g_62 g_68 g_57 g_72 g_84 g_71 g_161 g_187 g_192 g_194 g_14 g_231 g_248 g_316 g_360 g_375 g_385 g_361
 */
static struct S0  func_1(void)
{ /* block id: 0 */
    int16_t l_2 = 0x5C80L;
    int32_t l_292 = (-1L);
    uint8_t *l_304 = &g_231;
    uint8_t **l_303[2][5][4] = {{{&l_304,&l_304,&l_304,&l_304},{&l_304,&l_304,&l_304,&l_304},{&l_304,&l_304,&l_304,&l_304},{&l_304,&l_304,&l_304,&l_304},{&l_304,&l_304,&l_304,&l_304}},{{&l_304,&l_304,&l_304,&l_304},{&l_304,&l_304,&l_304,&l_304},{&l_304,&l_304,&l_304,&l_304},{&l_304,&l_304,&l_304,&l_304},{&l_304,&l_304,&l_304,&l_304}}};
    uint8_t ***l_302 = &l_303[0][0][2];
    uint8_t ****l_301 = &l_302;
    int32_t *l_319 = &g_15;
    uint64_t **l_332 = (void*)0;
    int8_t l_338[6];
    const uint16_t ***l_339 = &g_139;
    int16_t l_347 = (-7L);
    int32_t l_380 = (-8L);
    int8_t l_381 = (-7L);
    int32_t l_383 = 5L;
    struct S0 l_391 = {1L};
    int i, j, k;
    for (i = 0; i < 6; i++)
        l_338[i] = 1L;
    if (l_2)
    { /* block id: 1 */
        uint64_t *l_291 = (void*)0;
        int32_t l_295 = 0xA971BE73L;
        (*g_56) = func_3(g_6, ((g_6 | (func_7(func_10(g_6, g_14, (safe_mod_func_int8_t_s_s(func_18(((&g_15 == &g_15) , 0x456E348CL), &g_15, g_15), 0xB7L))), g_6) || 0xE820L)) , (void*)0));
        l_295 = ((((safe_lshift_func_int16_t_s_u((l_2 || (l_292 = 0x60E54F6E66161C1ALL)), 5)) < (l_2 && (-2L))) , (safe_lshift_func_int16_t_s_u(l_2, l_295))) || l_295);
    }
    else
    { /* block id: 137 */
        int8_t l_306 = 0x23L;
        int32_t l_312 = (-4L);
        int32_t l_313 = 0xA94B1C12L;
        int32_t l_314[6][3] = {{0xC81B91DDL,0x5BB545E7L,0xF0108C17L},{1L,0x5BB545E7L,(-10L)},{5L,0x5BB545E7L,0x5BB545E7L},{0xC81B91DDL,0x5BB545E7L,0xF0108C17L},{1L,0x5BB545E7L,(-10L)},{5L,0x5BB545E7L,0x5BB545E7L}};
        uint8_t l_323 = 1UL;
        uint64_t *l_331 = &g_84[1][2];
        uint64_t **l_330 = &l_331;
        uint8_t ****l_388 = &l_302;
        int i, j;
        for (g_72 = 0; (g_72 > 8); ++g_72)
        { /* block id: 140 */
            return g_68[0];
        }
        for (g_231 = 0; (g_231 != 35); ++g_231)
        { /* block id: 145 */
            uint16_t l_300 = 0UL;
            uint8_t *****l_305 = &l_301;
            (*l_305) = (l_300 , l_301);
            (*g_56) = func_10(l_306, func_10(l_306, func_3(l_2, (*g_56)), g_6), l_2);
        }
        if (l_2)
        { /* block id: 149 */
            struct S0 *l_308 = &g_68[2];
            struct S0 **l_307 = &l_308;
            int32_t *l_309 = &g_68[0].f0;
            int32_t *l_310 = &g_68[0].f0;
            int32_t *l_311[6] = {&g_68[0].f0,&g_68[0].f0,&g_68[0].f0,&g_68[0].f0,&g_68[0].f0,&g_68[0].f0};
            int i;
            (*l_307) = &g_68[2];
            ++g_316;
        }
        else
        { /* block id: 152 */
lbl_324:
            l_319 = (*g_56);
        }
        for (l_2 = 24; (l_2 <= (-5)); --l_2)
        { /* block id: 157 */
            int32_t *l_322[1];
            uint64_t *l_326 = &g_84[2][1];
            uint64_t **l_325 = &l_326;
            uint64_t ***l_327 = &l_325;
            uint64_t **l_329 = (void*)0;
            uint64_t ***l_328[2];
            uint32_t *l_337 = (void*)0;
            uint8_t *****l_359 = &l_301;
            uint8_t ***l_365 = (void*)0;
            uint8_t *l_374 = &l_323;
            uint8_t ** const l_373 = &l_374;
            uint8_t ** const *l_372 = &l_373;
            uint8_t ** const **l_371 = &l_372;
            int i;
            for (i = 0; i < 1; i++)
                l_322[i] = &l_313;
            for (i = 0; i < 2; i++)
                l_328[i] = &l_329;
            l_323 = (0x3D82L || 3UL);
            if (g_187)
                goto lbl_324;
            if (((g_161[1][0] != ((((l_330 = ((*l_327) = l_325)) != l_332) >= (safe_div_func_uint16_t_u_u(l_306, ((((safe_mul_func_int8_t_s_s(((l_338[3] = g_192) == 4L), l_312)) , l_339) != &g_139) && l_306)))) < (*g_140))) >= l_314[5][0]))
            { /* block id: 163 */
                int8_t l_342 = 6L;
                g_15 &= 1L;
                (*g_56) = (*g_56);
                l_314[1][1] = (((l_338[3] || g_71) < ((((safe_mod_func_int8_t_s_s((l_342 || (((safe_sub_func_uint32_t_u_u(((g_316 = ((((safe_mul_func_int8_t_s_s(l_347, (safe_lshift_func_int8_t_s_s((safe_rshift_func_int16_t_s_u((safe_add_func_int64_t_s_s((g_161[1][0] &= (((((~(((l_342 ^ 1UL) < 1L) | (*g_14))) , l_342) && l_313) , 0x13L) ^ l_342)), g_84[1][2])), 0)), l_342)))) , 0x29L) < l_314[3][2]) && 0x099EL)) , g_315), 0x4BB9F9DEL)) <= g_84[1][2]) | (*g_14))), l_338[3])) <= (**g_139)) && g_194[0][0]) ^ (**g_139))) < 0x31C5F3EB53713277LL);
            }
            else
            { /* block id: 169 */
                uint16_t *l_366 = (void*)0;
                int32_t l_367[1];
                uint32_t *l_368[4][3] = {{&g_6,(void*)0,(void*)0},{&g_6,(void*)0,(void*)0},{&g_6,(void*)0,(void*)0},{&g_6,(void*)0,(void*)0}};
                int32_t l_369 = 9L;
                int32_t l_370[1];
                int i, j;
                for (i = 0; i < 1; i++)
                    l_367[i] = 0x58F672B8L;
                for (i = 0; i < 1; i++)
                    l_370[i] = 0L;
                g_68[0].f0 ^= ((safe_div_func_int16_t_s_s(((l_369 &= (l_314[3][2] <= (g_15 |= ((safe_div_func_int64_t_s_s((((l_359 = (g_360 = l_359)) != (void*)0) >= (l_367[0] ^= (l_312 = (l_313 ^= (l_365 != (*g_361)))))), l_323)) , l_367[0])))) , g_231), l_370[0])) , l_323);
                l_370[0] ^= (-9L);
                (*g_56) = (*g_56);
                if (l_367[0])
                    continue;
            }
            if ((((*l_371) = (**g_360)) == (void*)0))
            { /* block id: 183 */
                ++g_375;
                g_385[1]--;
            }
            else
            { /* block id: 186 */
                uint8_t ****l_389 = &g_362[4];
                uint8_t *****l_390 = &l_389;
                l_383 = (g_378[1][4] > (((*g_360) = (g_192 , l_388)) == ((*l_390) = l_389)));
                if (l_2)
                    break;
            }
        }
    }
    (*g_56) = func_3(g_384, (l_383 , (*g_56)));
    return l_391;
}


/* ------------------------------------------ */
/* 
 * reads : g_194 g_56
 * writes: g_57
 */
static int32_t * func_3(int8_t  p_4, int32_t * p_5)
{ /* block id: 131 */
    int32_t *l_288 = &g_15;
    (*g_56) = func_10((0x9FDAL && 4UL), &g_15, g_194[0][0]);
    return l_288;
}


/* ------------------------------------------ */
/* 
 * reads : g_72 g_84 g_68 g_43 g_62 g_139 g_140 g_187 g_161 g_56 g_71 g_194 g_231 g_241 g_248
 * writes: g_72 g_84 g_161 g_187 g_192 g_194 g_14 g_57 g_71 g_231 g_248
 */
static int16_t  func_7(int32_t * p_8, uint32_t  p_9)
{ /* block id: 71 */
    uint16_t *l_144 = &g_72;
    uint64_t *l_149 = &g_84[1][2];
    int32_t l_155 = 0xC8C07AB7L;
    uint32_t l_158 = 0xA4D05B2AL;
    int8_t l_159 = 0x61L;
    int64_t *l_160 = &g_161[1][0];
    int32_t l_265 = 2L;
    if (((((*l_160) = ((p_9 != ((safe_mul_func_uint16_t_u_u((++(*l_144)), (safe_mod_func_uint8_t_u_u((g_84[2][2] , ((((*l_149)++) , (l_159 = (safe_lshift_func_uint8_t_u_u((safe_unary_minus_func_int16_t_s(l_155)), (safe_mul_func_int8_t_s_s(((g_68[0] , (((p_9 == p_9) || l_158) <= l_155)) > l_158), l_158)))))) | l_158)), g_43[3][1][2])))) != g_62)) ^ (-1L))) >= 1L) <= l_155))
    { /* block id: 76 */
        uint8_t l_167 = 0x7FL;
        int32_t l_185[4] = {1L,1L,1L,1L};
        const uint32_t *l_195 = &g_187;
        int i;
        for (p_9 = 0; (p_9 <= 3); p_9 += 1)
        { /* block id: 79 */
            int16_t l_162 = 0x8F27L;
            int32_t *l_163 = (void*)0;
            int32_t *l_164 = &l_155;
            int32_t *l_165 = &l_155;
            int32_t *l_166[4] = {&l_155,&l_155,&l_155,&l_155};
            uint32_t *l_172 = &l_158;
            uint16_t **l_181 = &l_144;
            uint16_t ***l_180[4][1][1] = {{{&l_181}},{{(void*)0}},{{&l_181}},{{(void*)0}}};
            uint16_t ****l_179 = &l_180[2][0][0];
            int i, j, k;
            l_167++;
            if (((((l_159 < ((safe_sub_func_uint32_t_u_u((++(*l_172)), ((&g_71 != &g_60) < (safe_rshift_func_uint8_t_u_s((safe_add_func_uint16_t_u_u((((**g_139) , p_9) ^ (*g_140)), l_155)), 4))))) | g_62)) , l_160) == (void*)0) > (*g_140)))
            { /* block id: 82 */
                uint16_t *****l_182 = &l_179;
                (*l_182) = l_179;
            }
            else
            { /* block id: 84 */
                uint8_t l_190 = 0xD9L;
                uint8_t *l_191 = &g_192;
                uint8_t *l_193 = &g_194[0][0];
                (*l_165) = (((l_167 | (safe_div_func_int8_t_s_s(l_167, (g_187--)))) >= 0x28AAL) <= ((l_190 < ((*l_193) = ((*l_191) = (((*l_144) = 6UL) >= p_9)))) , p_9));
            }
            for (g_72 = 0; (g_72 <= 0); g_72 += 1)
            { /* block id: 93 */
                const int32_t **l_196 = &g_14;
                int32_t **l_197 = &l_166[0];
                int i, j;
                p_8 = ((*l_197) = ((*g_56) = func_10((((void*)0 == l_195) <= g_84[(g_72 + 1)][g_72]), ((*l_196) = ((g_161[(g_72 + 1)][g_72] != 0x53L) , p_8)), g_161[(g_72 + 1)][g_72])));
            }
            for (g_71 = 3; (g_71 >= 0); g_71 -= 1)
            { /* block id: 101 */
                int i, j;
                (*l_165) = g_84[p_9][g_71];
            }
        }
    }
    else
    { /* block id: 105 */
        uint8_t l_200 = 0x18L;
        struct S0 l_211 = {0x9F282321L};
        int16_t l_220 = 0x69A3L;
        int32_t l_223[5][6] = {{0xD0C7CD9FL,0x54F28CA5L,1L,(-1L),1L,0x54F28CA5L},{0xD0C7CD9FL,0x54F28CA5L,1L,(-1L),1L,0x54F28CA5L},{0xD0C7CD9FL,0x54F28CA5L,1L,(-1L),1L,0x54F28CA5L},{0xD0C7CD9FL,0x54F28CA5L,1L,(-1L),1L,0x54F28CA5L},{0xD0C7CD9FL,0x54F28CA5L,1L,(-1L),1L,0x54F28CA5L}};
        uint8_t *l_284 = (void*)0;
        uint8_t *l_285[6];
        int32_t l_286[6] = {0xD5CA6FD5L,1L,1L,0xD5CA6FD5L,0L,0L};
        int32_t *l_287 = &l_211.f0;
        int i, j;
        for (i = 0; i < 6; i++)
            l_285[i] = &g_192;
        for (g_71 = (-14); (g_71 >= 12); g_71 = safe_add_func_int32_t_s_s(g_71, 1))
        { /* block id: 108 */
            uint8_t *l_221 = &g_192;
            int32_t l_229 = 0x223AF518L;
            int32_t l_230 = (-1L);
            int8_t *l_260[5];
            uint32_t *l_266 = &l_158;
            uint32_t *l_269 = &g_187;
            int32_t *l_273 = &l_223[0][0];
            int i;
            for (i = 0; i < 5; i++)
                l_260[i] = &g_186;
            if ((l_200 > ((0UL && (safe_mod_func_uint16_t_u_u((safe_mul_func_int16_t_s_s((((safe_lshift_func_uint16_t_u_u(((safe_mod_func_uint16_t_u_u((safe_mod_func_int8_t_s_s((1L < (((l_211 , (safe_lshift_func_int8_t_s_u((safe_mul_func_uint16_t_u_u((safe_div_func_uint8_t_u_u(((*l_221) = (safe_mod_func_int32_t_s_s(((254UL > l_220) == g_194[0][1]), l_220))), 252UL)), l_159)), 2))) >= p_9) || p_9)), g_43[2][3][2])), 0x16F2L)) & 0xC7B4ADEE2F40C1D3LL), l_155)) & g_161[1][0]) <= l_211.f0), 0xE18EL)), 65530UL))) <= g_194[0][0])))
            { /* block id: 110 */
                int32_t *l_222 = &g_68[0].f0;
                int32_t *l_224 = &l_223[0][1];
                int32_t *l_225 = &l_223[0][5];
                int32_t l_226 = (-5L);
                int32_t *l_227 = (void*)0;
                int32_t *l_228[5][2][1];
                int i, j, k;
                for (i = 0; i < 5; i++)
                {
                    for (j = 0; j < 2; j++)
                    {
                        for (k = 0; k < 1; k++)
                            l_228[i][j][k] = &l_223[0][5];
                    }
                }
                ++g_231;
            }
            else
            { /* block id: 112 */
                uint64_t l_246 = 18446744073709551611UL;
                int32_t *l_247 = &l_223[3][5];
                const uint8_t ***l_249 = &g_248[0][0];
                l_229 |= (safe_mul_func_uint16_t_u_u((safe_lshift_func_int8_t_s_s((((safe_add_func_int16_t_s_s((~(*g_140)), (g_241 == (((safe_lshift_func_uint16_t_u_s(p_9, 14)) && ((safe_sub_func_uint16_t_u_u(((p_9 , (p_9 & p_9)) || 18446744073709551615UL), l_246)) > (*g_140))) , (void*)0)))) == g_43[2][3][2]) | g_71), 0)), 65535UL));
                (*l_247) |= 0x2CB91EF0L;
                (*g_56) = p_8;
                (*l_249) = g_248[0][0];
            }
            (*l_273) = ((((safe_div_func_int8_t_s_s((safe_add_func_int8_t_s_s((safe_mul_func_int8_t_s_s((safe_rshift_func_uint16_t_u_u((safe_mul_func_int8_t_s_s((l_155 = (&g_14 == &g_14)), (safe_div_func_int64_t_s_s(((safe_div_func_uint32_t_u_u(4294967286UL, 7L)) ^ ((((*l_269) = ((*l_266)--)) | (~(safe_mod_func_uint8_t_u_u((p_9 > p_9), g_231)))) == l_159)), 0x6B69A5DB99627D35LL)))), l_223[3][0])), g_43[1][1][1])), p_9)), l_229)) | l_230) , g_84[3][2]) & g_194[0][0]);
        }
        (*l_287) = ((g_194[0][0] = (l_265 = (safe_mul_func_uint8_t_u_u((l_286[2] &= ((((safe_sub_func_int64_t_s_s((l_265 || 0x8460L), (safe_sub_func_uint8_t_u_u(l_223[1][4], 0x09L)))) || ((((safe_add_func_uint8_t_u_u((safe_add_func_int8_t_s_s(p_9, p_9)), p_9)) , p_9) == p_9) && 65529UL)) || l_211.f0) | 0x12L)), 3UL)))) == l_220);
    }
    p_8 = ((*g_56) = &l_265);
    return p_9;
}


/* ------------------------------------------ */
/* 
 * reads :
 * writes:
 */
static int32_t * func_10(int32_t  p_11, const int32_t * p_12, int8_t  p_13)
{ /* block id: 68 */
    int32_t *l_141[3][1][4] = {{{&g_68[0].f0,(void*)0,&g_68[0].f0,(void*)0}},{{&g_68[0].f0,(void*)0,&g_68[0].f0,(void*)0}},{{&g_68[0].f0,(void*)0,&g_68[0].f0,(void*)0}}};
    int i, j, k;
    p_11 = 0xA0674BD7L;
    return l_141[1][0][1];
}


/* ------------------------------------------ */
/* 
 * reads : g_6 g_15 g_56 g_72 g_68 g_57 g_60 g_14 g_84 g_43 g_139
 * writes: g_15 g_60 g_62 g_68 g_57 g_72 g_84 g_71
 */
static int8_t  func_18(int32_t  p_19, int32_t * p_20, int8_t  p_21)
{ /* block id: 2 */
    uint32_t l_23 = 6UL;
    uint64_t *l_24 = (void*)0;
    int32_t l_25 = 0L;
    int32_t l_115[2];
    uint16_t **l_135 = (void*)0;
    int i;
    for (i = 0; i < 2; i++)
        l_115[i] = 0x21153E23L;
    if ((p_21 & (((l_25 = (safe_unary_minus_func_uint32_t_u((l_23 >= (((l_23 != g_6) , (0x36L ^ p_19)) && 0x3FC0233FD52A42BBLL))))) ^ 0x37BD55FD0A3205F5LL) , 65528UL)))
    { /* block id: 4 */
        int32_t *l_32 = &l_25;
        g_15 = ((((void*)0 != l_24) == (safe_rshift_func_uint16_t_u_u((((*l_32) |= (safe_mod_func_int32_t_s_s(0xFEDAACDAL, ((0x38D1L != (safe_lshift_func_uint8_t_u_u(((p_19 | p_21) > p_19), p_21))) && g_15)))) , g_15), l_23))) | 0x6DL);
        for (p_19 = (-27); (p_19 == 4); ++p_19)
        { /* block id: 9 */
            return g_6;
        }
    }
    else
    { /* block id: 12 */
        int32_t *l_36 = &l_25;
        int32_t **l_35 = &l_36;
        struct S0 l_64 = {0x147D86C3L};
        uint32_t l_103 = 1UL;
        uint64_t *l_133 = &g_84[1][2];
        uint16_t *l_138 = &g_62;
        uint16_t **l_137[6] = {&l_138,&l_138,&l_138,&l_138,&l_138,&l_138};
        int i;
        (*l_35) = &p_19;
        for (g_15 = 0; (g_15 > 5); ++g_15)
        { /* block id: 16 */
            const int32_t *l_42 = &g_43[2][3][2];
            const int32_t **l_41 = &l_42;
            int8_t *l_58 = (void*)0;
            int8_t *l_59 = &g_60;
            uint16_t *l_61 = &g_62;
            struct S0 *l_75 = (void*)0;
            if ((safe_add_func_int8_t_s_s(((((*l_41) = &p_19) != (void*)0) && (**l_41)), (safe_lshift_func_int16_t_s_u((safe_div_func_int16_t_s_s((l_25 = (safe_sub_func_uint32_t_u_u(((18446744073709551615UL || (safe_mul_func_uint16_t_u_u(((*l_61) = (safe_lshift_func_int16_t_s_s((((*l_59) = ((safe_mod_func_int64_t_s_s(((l_35 = g_56) == &g_57), 0xDCF746B3257B06F8LL)) <= 0x6691L)) , 0x0B62L), 5))), l_25))) != p_19), (*p_20)))), (*l_36))), 1)))))
            { /* block id: 22 */
                int16_t l_63 = 0L;
                (*l_41) = (void*)0;
                return l_63;
            }
            else
            { /* block id: 25 */
                struct S0 *l_65 = (void*)0;
                struct S0 *l_66 = (void*)0;
                struct S0 *l_67 = &g_68[0];
                int32_t *l_69 = &l_25;
                int32_t *l_70[1][6] = {{&l_64.f0,&l_64.f0,&l_64.f0,&l_64.f0,&l_64.f0,&l_64.f0}};
                int i, j;
                (*l_67) = (l_64 = l_64);
                if ((*p_20))
                    continue;
                p_20 = ((*g_56) = &p_19);
                --g_72;
            }
            g_68[1] = g_68[2];
            for (l_64.f0 = (-17); (l_64.f0 <= 9); l_64.f0 = safe_add_func_int16_t_s_s(l_64.f0, 1))
            { /* block id: 36 */
                (*g_57) |= 0xD8CACF64L;
                if ((*l_42))
                    continue;
            }
        }
        for (g_60 = 13; (g_60 >= (-30)); g_60 = safe_sub_func_uint8_t_u_u(g_60, 4))
        { /* block id: 43 */
            uint16_t *l_96 = &g_72;
            int32_t *l_118 = &l_115[1];
            uint64_t **l_134[5];
            uint16_t ***l_136[3];
            int i;
            for (i = 0; i < 5; i++)
                l_134[i] = &l_133;
            for (i = 0; i < 3; i++)
                l_136[i] = &l_135;
            if ((*g_14))
            { /* block id: 44 */
                uint64_t *l_82 = (void*)0;
                uint64_t *l_83 = &g_84[1][2];
                (**l_35) = (((safe_rshift_func_int16_t_s_s(p_21, 13)) | 1UL) ^ (--(*l_83)));
            }
            else
            { /* block id: 47 */
                uint16_t *l_95 = &g_62;
                uint16_t **l_97 = &l_96;
                uint64_t *l_98 = (void*)0;
                uint64_t *l_99 = &g_84[0][1];
                int32_t l_100 = (-6L);
                int8_t *l_111 = (void*)0;
                int8_t *l_112 = &g_71;
                int32_t *l_116 = (void*)0;
                int32_t *l_117 = &l_25;
                (**l_35) = (safe_div_func_int64_t_s_s(((safe_add_func_int8_t_s_s((~g_15), (safe_lshift_func_uint16_t_u_u(g_43[1][5][2], (~(l_95 == ((*l_97) = l_96))))))) | ((*l_95) = ((((*l_99) = (0xDF4734A2L && p_21)) , 0x01L) | g_6))), l_100));
                (*l_117) |= (safe_add_func_uint64_t_u_u(l_103, ((*l_36) = ((*l_99) |= (safe_sub_func_int64_t_s_s((safe_add_func_int16_t_s_s((((p_19 | (~((((g_43[3][2][1] <= ((safe_mod_func_int8_t_s_s(((*l_112) = (-1L)), ((safe_sub_func_int32_t_s_s((*p_20), (*g_14))) | g_60))) & g_43[3][4][0])) & p_19) | l_115[0]) >= g_6))) == (*g_57)) , p_19), 0xE2FBL)), g_60))))));
                (*g_56) = l_118;
                if ((*g_14))
                    continue;
            }
            g_68[0].f0 &= (safe_mod_func_int32_t_s_s((-1L), (safe_rshift_func_uint8_t_u_s((safe_sub_func_int64_t_s_s(((safe_lshift_func_uint16_t_u_u(((*l_96) = p_19), 7)) & ((((((safe_lshift_func_int8_t_s_u((safe_rshift_func_int8_t_s_u((safe_add_func_uint32_t_u_u(0xA71BB9DFL, ((l_24 = l_133) == l_133))), 2)), 2)) , p_21) | (-5L)) , p_21) && 0UL) ^ g_84[2][2])), l_115[0])), (*l_118)))));
            (*l_118) ^= (((g_84[1][2] & p_19) > ((((((l_137[2] = l_135) != g_139) , &g_140) == l_135) >= p_21) == p_21)) || l_25);
            if ((**g_56))
                continue;
        }
    }
    return g_68[0].f0;
}




/* ---------------------------------------- */
int main (void)
{
    int i, j, k;
    int print_hash_value = 0;
    platform_main_begin();
    crc32_gentab();
    func_1();
    transparent_crc(g_6, "g_6", print_hash_value);
    transparent_crc(g_15, "g_15", print_hash_value);
    for (i = 0; i < 4; i++)
    {
        for (j = 0; j < 6; j++)
        {
            for (k = 0; k < 3; k++)
            {
                transparent_crc(g_43[i][j][k], "g_43[i][j][k]", print_hash_value);
                if (print_hash_value) printf("index = [%d][%d][%d]\n", i, j, k);

            }
        }
    }
    transparent_crc(g_60, "g_60", print_hash_value);
    transparent_crc(g_62, "g_62", print_hash_value);
    for (i = 0; i < 3; i++)
    {
        transparent_crc(g_68[i].f0, "g_68[i].f0", print_hash_value);
        if (print_hash_value) printf("index = [%d]\n", i);

    }
    transparent_crc(g_71, "g_71", print_hash_value);
    transparent_crc(g_72, "g_72", print_hash_value);
    for (i = 0; i < 4; i++)
    {
        for (j = 0; j < 4; j++)
        {
            transparent_crc(g_84[i][j], "g_84[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    for (i = 0; i < 2; i++)
    {
        for (j = 0; j < 1; j++)
        {
            transparent_crc(g_161[i][j], "g_161[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    transparent_crc(g_186, "g_186", print_hash_value);
    transparent_crc(g_187, "g_187", print_hash_value);
    transparent_crc(g_192, "g_192", print_hash_value);
    for (i = 0; i < 1; i++)
    {
        for (j = 0; j < 2; j++)
        {
            transparent_crc(g_194[i][j], "g_194[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    transparent_crc(g_231, "g_231", print_hash_value);
    transparent_crc(g_315, "g_315", print_hash_value);
    transparent_crc(g_316, "g_316", print_hash_value);
    transparent_crc(g_375, "g_375", print_hash_value);
    for (i = 0; i < 2; i++)
    {
        for (j = 0; j < 5; j++)
        {
            transparent_crc(g_378[i][j], "g_378[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    transparent_crc(g_379, "g_379", print_hash_value);
    transparent_crc(g_382, "g_382", print_hash_value);
    transparent_crc(g_384, "g_384", print_hash_value);
    for (i = 0; i < 4; i++)
    {
        transparent_crc(g_385[i], "g_385[i]", print_hash_value);
        if (print_hash_value) printf("index = [%d]\n", i);

    }
    platform_main_end(crc32_context ^ 0xFFFFFFFFUL, print_hash_value);
    return 0;
}

/************************ statistics *************************
XXX max struct depth: 1
breakdown:
   depth: 0, occurrence: 80
   depth: 1, occurrence: 3
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

XXX max expression depth: 29
breakdown:
   depth: 1, occurrence: 88
   depth: 2, occurrence: 16
   depth: 3, occurrence: 1
   depth: 4, occurrence: 1
   depth: 5, occurrence: 2
   depth: 6, occurrence: 1
   depth: 9, occurrence: 2
   depth: 10, occurrence: 2
   depth: 11, occurrence: 1
   depth: 12, occurrence: 2
   depth: 13, occurrence: 1
   depth: 14, occurrence: 1
   depth: 15, occurrence: 2
   depth: 17, occurrence: 4
   depth: 18, occurrence: 1
   depth: 20, occurrence: 2
   depth: 22, occurrence: 1
   depth: 23, occurrence: 1
   depth: 29, occurrence: 1

XXX total number of pointers: 119

XXX times a variable address is taken: 118
XXX times a pointer is dereferenced on RHS: 29
breakdown:
   depth: 1, occurrence: 23
   depth: 2, occurrence: 6
XXX times a pointer is dereferenced on LHS: 56
breakdown:
   depth: 1, occurrence: 54
   depth: 2, occurrence: 2
XXX times a pointer is compared with null: 2
XXX times a pointer is compared with address of another variable: 1
XXX times a pointer is compared with another pointer: 3
XXX times a pointer is qualified to be dereferenced: 503

XXX max dereference level: 4
breakdown:
   level: 0, occurrence: 0
   level: 1, occurrence: 175
   level: 2, occurrence: 38
   level: 3, occurrence: 0
   level: 4, occurrence: 1
XXX number of pointers point to pointers: 42
XXX number of pointers point to scalars: 72
XXX number of pointers point to structs: 5
XXX percent of pointers has null in alias set: 28.6
XXX average alias set size: 1.3

XXX times a non-volatile is read: 285
XXX times a non-volatile is write: 171
XXX times a volatile is read: 0
XXX    times read thru a pointer: 0
XXX times a volatile is write: 0
XXX    times written thru a pointer: 0
XXX times a volatile is available for access: 0
XXX percentage of non-volatile access: 100

XXX forward jumps: 0
XXX backward jumps: 1

XXX stmts: 83
XXX max block depth: 3
breakdown:
   depth: 0, occurrence: 12
   depth: 1, occurrence: 14
   depth: 2, occurrence: 24
   depth: 3, occurrence: 33

XXX percentage a fresh-made variable is used: 21.9
XXX percentage an existing variable is used: 78.1
********************* end of statistics **********************/


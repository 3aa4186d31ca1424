/*
 * This is a RANDOMLY GENERATED PROGRAM.
 *
 * Generator: csmith 2.3.0
 * Git version: 30dccd7
 * Options:   --seed 379 --no-argc --no-volatiles --no-volatile-pointers --no-packed-struct --max-funcs 5 --max-block-depth 3 --max-expr-complexity 6 --max-array-len-per-dim 6 -o /tmp/csmith-soak.cSuvr1/seed_379/prog.c
 * Seed:      379
 */

#include "csmith.h"


static long __undefined;

/* --- Struct/Union Declarations --- */
union U0 {
   uint64_t  f0;
   const uint32_t  f1;
   int64_t  f2;
};

/* --- GLOBAL VARIABLES --- */
static int64_t g_10 = 0x94B2AB76D6092F64LL;
static int64_t g_14 = 0x35357F451D52AA0ALL;
static uint8_t g_36 = 0x0BL;
static int8_t g_39[3] = {1L,1L,1L};
static uint64_t g_50[5][6] = {{0x4186397847253245LL,0x281B1D0B827BE627LL,0x281B1D0B827BE627LL,0x4186397847253245LL,18446744073709551606UL,0x128B80BBE90AECF9LL},{0x05CE4EC6F9132F4BLL,0x0F55F5DDA3018177LL,0x23D12EF61160DD4FLL,0x128B80BBE90AECF9LL,0xBBB785AA1EDE5A1ALL,8UL},{0xBBB785AA1EDE5A1ALL,18446744073709551606UL,0x6219FF40B36FE085LL,18446744073709551606UL,0xBBB785AA1EDE5A1ALL,0x7D7132C2674D9070LL},{8UL,0x0F55F5DDA3018177LL,18446744073709551615UL,0x05DD88BA54F90BF5LL,18446744073709551606UL,0x23D12EF61160DD4FLL},{0x23D12EF61160DD4FLL,0x281B1D0B827BE627LL,0x0F55F5DDA3018177LL,0x0F55F5DDA3018177LL,0x281B1D0B827BE627LL,0x23D12EF61160DD4FLL}};
static int32_t g_54 = 0xF2AED5A0L;
static int32_t *g_53 = &g_54;
static uint32_t g_58 = 0xC08F94BBL;
static int8_t ** const *g_64 = (void*)0;
static int8_t g_67 = 0L;
static int32_t g_74 = 0L;
static uint64_t g_88 = 0x0EBCE04D8298A3CELL;
static uint8_t g_94 = 248UL;
static uint32_t g_96 = 1UL;
static int8_t *g_101[5] = {(void*)0,(void*)0,(void*)0,(void*)0,(void*)0};
static int8_t **g_100 = &g_101[2];
static int8_t ***g_99[5][2] = {{&g_100,&g_100},{&g_100,&g_100},{&g_100,&g_100},{&g_100,&g_100},{&g_100,&g_100}};
static uint16_t g_107 = 0x65C7L;
static uint16_t g_135 = 0x5B70L;
static int8_t g_146 = 0x46L;
static uint32_t g_147[3][4][2] = {{{0xCD4106AFL,0UL},{0x864A2489L,0UL},{0xCD4106AFL,0x864A2489L},{0xF1E01A23L,0xF1E01A23L}},{{0xF1E01A23L,0x864A2489L},{0xCD4106AFL,0UL},{0x864A2489L,0UL},{0xCD4106AFL,0x864A2489L}},{{0xF1E01A23L,0xF1E01A23L},{0xF1E01A23L,0x864A2489L},{0xCD4106AFL,0UL},{0x864A2489L,0UL}}};
static union U0 g_158 = {5UL};
static uint8_t g_197 = 0UL;
static uint32_t g_209 = 0xEA562904L;
static int16_t g_218 = 0x31B0L;
static const int16_t *g_217 = &g_218;
static const int16_t **g_216 = &g_217;


/* --- FORWARD DECLARATIONS --- */
static int16_t  func_1(void);
static uint64_t  func_5(int8_t  p_6, int32_t  p_7, union U0  p_8, uint32_t  p_9);
static int32_t  func_11(uint32_t  p_12, int8_t  p_13);
static int64_t  func_15(const uint32_t  p_16, int32_t  p_17, uint32_t  p_18, int32_t  p_19, const int32_t  p_20);
static uint16_t  func_24(const uint8_t  p_25, int64_t  p_26, union U0  p_27);


/* --- FUNCTIONS --- */
/* ------------------------------------------ */
/* 
 * reads : g_10 g_14 g_36 g_50 g_53 g_54 g_39 g_74 g_88 g_94 g_67 g_99 g_58 g_96 g_107 g_135 g_147 g_146 g_158 g_197 g_158.f2
 * writes: g_36 g_39 g_50 g_53 g_54 g_14 g_58 g_64 g_67 g_74 g_88 g_94 g_96 g_10 g_107 g_135 g_147 g_197 g_209 g_216 g_158.f2
 */
static int16_t  func_1(void)
{ /* block id: 0 */
    int32_t l_4[3];
    union U0 l_78 = {0x654EA11AD519FD4ALL};
    uint32_t *l_95 = &g_96;
    uint64_t l_125 = 0xCD5B4F6F77BD324CLL;
    int32_t l_144 = 0xEADAD783L;
    const int8_t *l_195 = &g_39[1];
    const int8_t **l_194 = &l_195;
    const int16_t *l_215 = (void*)0;
    const int16_t **l_214 = &l_215;
    uint32_t l_222 = 0xC7FC2CE5L;
    int i;
    for (i = 0; i < 3; i++)
        l_4[i] = 8L;
    if (((safe_div_func_uint32_t_u_u(((*l_95) = (l_4[1] >= ((g_94 |= func_5(g_10, func_11(g_10, g_14), l_78, l_78.f0)) && g_10))), l_78.f0)) , l_4[2]))
    { /* block id: 51 */
        int16_t l_114 = 1L;
        uint16_t l_141 = 2UL;
        int32_t * const l_142[1] = {&g_74};
        uint32_t l_165 = 18446744073709551610UL;
        const int8_t l_173 = (-2L);
        int64_t l_178 = 7L;
        int16_t l_179[1];
        uint32_t l_181 = 1UL;
        uint16_t **l_200 = (void*)0;
        uint8_t l_212 = 255UL;
        int i;
        for (i = 0; i < 1; i++)
            l_179[i] = 7L;
        for (g_67 = 1; (g_67 <= 4); g_67 += 1)
        { /* block id: 54 */
            uint16_t *l_106 = &g_107;
            int32_t l_117 = (-3L);
            int32_t *l_118 = &l_117;
            int32_t l_124 = 0x6ECFD825L;
            for (g_10 = 0; (g_10 <= 4); g_10 += 1)
            { /* block id: 57 */
                int i, j;
                if (g_50[g_67][(g_67 + 1)])
                    break;
            }
            (*g_53) = ((((safe_mul_func_uint8_t_u_u(((void*)0 == g_99[3][1]), ((safe_rshift_func_int16_t_s_u((((((((*l_106) = g_50[2][4]) || (((safe_sub_func_uint16_t_u_u((safe_mod_func_int64_t_s_s((safe_sub_func_uint16_t_u_u(0xCC1CL, l_114)), g_74)), g_58)) >= 0x915DL) >= 18446744073709551606UL)) != g_96) ^ 0x9E6B2CF0L) , 6UL) , g_39[0]), 11)) , l_114))) < g_88) == g_39[0]) >= g_10);
            if ((*g_53))
                continue;
            (*l_118) = (((*g_53) &= (l_117 || g_58)) == 0L);
            for (g_14 = 0; (g_14 <= 4); g_14 += 1)
            { /* block id: 67 */
                int32_t *l_121 = &l_4[1];
                int32_t *l_122 = (void*)0;
                int32_t *l_123[2][4][5] = {{{&l_4[2],&l_4[2],&g_74,&l_4[2],&l_4[1]},{&g_74,&l_4[2],&l_4[1],&l_117,&l_4[1]},{&l_117,&l_117,&l_4[1],&l_4[2],&g_74},{&l_4[2],&g_54,&l_4[1],(void*)0,&g_74}},{{&l_4[1],&l_4[1],&l_4[1],&l_4[1],&l_4[1]},{&l_4[2],&g_54,&g_74,&l_4[1],&l_117},{&l_4[2],&l_117,&g_74,&l_4[2],&l_4[2]},{&l_4[1],&l_4[2],&l_4[1],&g_54,&l_117}}};
                int i, j, k;
                (*g_53) = (g_50[g_67][g_67] , (g_50[g_14][(g_67 + 1)] || (g_50[g_14][(g_67 + 1)] != ((*l_106)--))));
                --l_125;
            }
        }
        if (l_114)
        { /* block id: 73 */
            int16_t *l_132 = &l_114;
            int32_t l_133[4][3][4] = {{{1L,0x0A9413DEL,0x0A9413DEL,1L},{0x0A9413DEL,1L,0x0A9413DEL,0x0A9413DEL},{1L,1L,(-3L),1L}},{{1L,0x0A9413DEL,0x0A9413DEL,1L},{0x0A9413DEL,1L,0x0A9413DEL,0x0A9413DEL},{1L,1L,(-3L),1L}},{{1L,0x0A9413DEL,0x0A9413DEL,1L},{0x0A9413DEL,1L,0x0A9413DEL,0x0A9413DEL},{1L,1L,(-3L),1L}},{{1L,0x0A9413DEL,0x0A9413DEL,1L},{0x0A9413DEL,1L,0x0A9413DEL,0x0A9413DEL},{1L,1L,(-3L),1L}}};
            uint16_t *l_134 = &g_135;
            int8_t l_138 = (-1L);
            uint8_t *l_139 = &g_94;
            const int8_t l_140 = 0x65L;
            int32_t l_145[1];
            const int8_t *l_156 = (void*)0;
            const int8_t **l_155 = &l_156;
            int8_t *l_180 = &g_39[0];
            int8_t **l_193 = &g_101[4];
            int i, j, k;
            for (i = 0; i < 1; i++)
                l_145[i] = (-2L);
            if ((safe_mul_func_int16_t_s_s((((((*l_139) = ((safe_div_func_int8_t_s_s(((((*l_132) = g_39[0]) , (g_107 == ((*l_134) |= l_133[3][0][2]))) , (((void*)0 == &g_53) < 0UL)), l_78.f1)) == l_138)) & 0x6EL) , 0UL) , l_140), l_141)))
            { /* block id: 77 */
                int32_t **l_143 = &g_53;
                (*l_143) = l_142[0];
                l_144 = (*g_53);
                g_147[0][1][1]--;
            }
            else
            { /* block id: 81 */
                uint64_t l_154[1];
                const int8_t **l_157 = &l_156;
                int64_t *l_163 = (void*)0;
                int8_t *l_164[2];
                int i;
                for (i = 0; i < 1; i++)
                    l_154[i] = 18446744073709551611UL;
                for (i = 0; i < 2; i++)
                    l_164[i] = &g_39[0];
                (*g_53) = (safe_lshift_func_uint16_t_u_s(l_125, ((safe_add_func_int64_t_s_s(g_10, ((((((l_154[0] == l_154[0]) , l_155) == l_157) >= 0x38L) == g_146) == g_146))) != g_107)));
                l_133[2][1][3] ^= (g_158 , (safe_lshift_func_int8_t_s_u(((l_165 = (safe_sub_func_int16_t_s_s((l_154[0] >= ((*g_53) = 0x072AC362L)), (((g_36 = ((*l_139) = (((((g_10 = l_4[0]) && 0x2811D3E0DDAC5461LL) , 0x9C777C12L) <= l_4[0]) | 1UL))) <= g_88) ^ g_50[2][4])))) && 247UL), l_154[0])));
            }
            (*g_53) = ((safe_mul_func_uint16_t_u_u((l_133[3][1][0] == (&l_142[0] != &g_53)), (safe_div_func_uint64_t_u_u((!(safe_add_func_uint32_t_u_u((l_173 > l_4[2]), 1L))), g_67)))) >= 0x7CF0L);
            (*g_53) |= ((((l_4[1] = ((0x1DEC7084L < 0xAEBFDBDBL) , l_133[0][1][0])) && (safe_rshift_func_int8_t_s_s((safe_mul_func_uint16_t_u_u((l_178 != ((*l_180) = l_179[0])), 0x182DL)), l_78.f0))) , l_4[0]) || l_181);
            if ((safe_mod_func_int8_t_s_s(l_125, (safe_mul_func_int16_t_s_s((g_39[0] > (safe_sub_func_uint16_t_u_u((safe_sub_func_int64_t_s_s((-3L), ((safe_mul_func_int16_t_s_s((l_145[0] < ((&l_142[0] != &l_142[0]) , l_78.f2)), 0x8011L)) , g_96))), 5UL))), g_39[0])))))
            { /* block id: 94 */
                uint8_t l_192 = 0x6AL;
                (*g_53) = (*g_53);
                return l_192;
            }
            else
            { /* block id: 97 */
                int64_t l_196 = (-6L);
                (*g_53) = ((l_193 == l_194) || g_94);
                g_197++;
            }
        }
        else
        { /* block id: 101 */
            uint16_t ***l_201 = &l_200;
            int16_t *l_206 = (void*)0;
            int16_t *l_207 = &l_179[0];
            int16_t *l_208 = &l_114;
            int32_t l_213[1];
            int i;
            for (i = 0; i < 1; i++)
                l_213[i] = 5L;
            (*l_201) = l_200;
            l_213[0] = ((l_4[1] = (safe_add_func_int16_t_s_s((g_209 = ((*l_208) ^= ((g_107 , (safe_mul_func_int16_t_s_s(l_144, ((*l_207) = 0x8B7FL)))) | 2UL))), ((((((safe_lshift_func_int16_t_s_s(l_212, 8)) ^ g_147[0][1][1]) ^ l_4[2]) & 0x7DE9B01001B9E98DLL) != g_58) && g_147[0][1][1])))) >= l_213[0]);
        }
    }
    else
    { /* block id: 109 */
lbl_221:
        g_216 = l_214;
        for (g_158.f2 = (-25); (g_158.f2 == (-29)); g_158.f2 = safe_sub_func_int64_t_s_s(g_158.f2, 4))
        { /* block id: 113 */
            if (g_10)
                goto lbl_221;
        }
    }
    (*g_53) = l_222;
    return l_144;
}


/* ------------------------------------------ */
/* 
 * reads : g_74 g_53 g_54 g_88
 * writes: g_74 g_88
 */
static uint64_t  func_5(int8_t  p_6, int32_t  p_7, union U0  p_8, uint32_t  p_9)
{ /* block id: 38 */
    int32_t *l_79 = &g_54;
    int32_t *l_80[3];
    int8_t l_81 = (-5L);
    uint8_t l_82 = 246UL;
    int i;
    for (i = 0; i < 3; i++)
        l_80[i] = &g_74;
    --l_82;
    for (g_74 = 22; (g_74 != (-6)); g_74 = safe_sub_func_uint16_t_u_u(g_74, 7))
    { /* block id: 42 */
        int32_t **l_87 = &l_80[2];
        int8_t *l_92[5];
        int8_t **l_91 = &l_92[4];
        int8_t ***l_93 = &l_91;
        int i;
        for (i = 0; i < 5; i++)
            l_92[i] = (void*)0;
        if ((*g_53))
            break;
        (*l_87) = &g_74;
        ++g_88;
        (*l_93) = l_91;
    }
    return g_74;
}


/* ------------------------------------------ */
/* 
 * reads : g_10 g_14 g_36 g_50 g_53 g_54 g_39 g_74
 * writes: g_36 g_39 g_50 g_53 g_54 g_14 g_58 g_64 g_67
 */
static int32_t  func_11(uint32_t  p_12, int8_t  p_13)
{ /* block id: 1 */
    uint16_t l_21 = 0x0051L;
    uint8_t *l_35 = &g_36;
    int32_t l_37 = 0L;
    int8_t *l_38 = &g_39[0];
    union U0 l_40 = {0UL};
    int32_t *l_66[5] = {(void*)0,(void*)0,(void*)0,(void*)0,(void*)0};
    uint16_t *l_77 = &l_21;
    int i;
    g_67 = (func_15(g_10, ((l_21 = 0xBC35L) ^ ((((safe_lshift_func_uint16_t_u_u(func_24((+(((*l_38) = ((((safe_mul_func_uint8_t_u_u(g_14, (1UL == ((safe_sub_func_uint8_t_u_u(((*l_35) = (((safe_mul_func_uint8_t_u_u(g_10, 0xD2L)) <= 1UL) | p_13)), g_10)) >= p_12)))) || l_37) > l_37) , g_14)) | l_37)), l_37, l_40), p_12)) , l_40.f2) , g_14) | l_40.f0)), p_12, g_14, g_14) < (-1L));
    (*g_53) = (((safe_rshift_func_uint8_t_u_u((safe_add_func_uint64_t_u_u(g_50[2][4], (safe_mul_func_uint16_t_u_u((g_74 ^ (safe_mul_func_uint16_t_u_u(((*l_77) &= g_50[2][5]), ((l_40 , 7UL) < 3UL)))), p_12)))), g_50[4][2])) & p_13) , 0x7D996F04L);
    return g_39[0];
}


/* ------------------------------------------ */
/* 
 * reads : g_53 g_54 g_50 g_39
 * writes: g_53 g_54 g_14 g_50 g_58 g_64
 */
static int64_t  func_15(const uint32_t  p_16, int32_t  p_17, uint32_t  p_18, int32_t  p_19, const int32_t  p_20)
{ /* block id: 18 */
    int8_t *l_62 = &g_39[2];
    int8_t ** const l_61 = &l_62;
    int8_t ** const *l_60 = &l_61;
    int32_t l_65 = 8L;
    g_53 = g_53;
    for (g_54 = 0; (g_54 != 24); g_54++)
    { /* block id: 22 */
        uint32_t *l_57 = &g_58;
        int32_t **l_59 = &g_53;
        int8_t ** const **l_63[2];
        int i;
        for (i = 0; i < 2; i++)
            l_63[i] = (void*)0;
        for (p_18 = 0; p_18 < 5; p_18 += 1)
        {
            for (g_14 = 0; g_14 < 6; g_14 += 1)
            {
                g_50[p_18][g_14] = 0xE8B3EC6B9FE2185ALL;
            }
        }
        (*l_59) = (((*l_57) = (g_50[4][2] >= (250UL & p_16))) , &g_54);
        for (p_17 = 2; (p_17 >= 0); p_17 -= 1)
        { /* block id: 28 */
            int i;
            return g_39[p_17];
        }
        g_64 = l_60;
    }
    return l_65;
}


/* ------------------------------------------ */
/* 
 * reads : g_36 g_50
 * writes: g_36 g_50
 */
static uint16_t  func_24(const uint8_t  p_25, int64_t  p_26, union U0  p_27)
{ /* block id: 5 */
    const int8_t *l_42 = &g_39[0];
    const int8_t **l_41[6][6][3] = {{{&l_42,&l_42,&l_42},{&l_42,(void*)0,&l_42},{&l_42,&l_42,&l_42},{&l_42,&l_42,&l_42},{&l_42,(void*)0,&l_42},{(void*)0,&l_42,&l_42}},{{(void*)0,&l_42,&l_42},{&l_42,&l_42,&l_42},{(void*)0,(void*)0,&l_42},{(void*)0,&l_42,&l_42},{&l_42,&l_42,(void*)0},{&l_42,(void*)0,&l_42}},{{(void*)0,&l_42,&l_42},{&l_42,&l_42,&l_42},{&l_42,(void*)0,&l_42},{&l_42,&l_42,&l_42},{&l_42,(void*)0,&l_42},{&l_42,(void*)0,&l_42}},{{(void*)0,&l_42,&l_42},{&l_42,&l_42,&l_42},{&l_42,&l_42,&l_42},{(void*)0,(void*)0,&l_42},{(void*)0,(void*)0,(void*)0},{&l_42,&l_42,&l_42}},{{(void*)0,(void*)0,(void*)0},{&l_42,&l_42,&l_42},{(void*)0,(void*)0,(void*)0},{&l_42,(void*)0,&l_42},{&l_42,&l_42,&l_42},{&l_42,&l_42,&l_42}},{{(void*)0,&l_42,&l_42},{&l_42,&l_42,&l_42},{(void*)0,(void*)0,&l_42},{&l_42,&l_42,(void*)0},{(void*)0,&l_42,&l_42},{(void*)0,&l_42,(void*)0}}};
    const int8_t ***l_43 = &l_41[0][3][0];
    int32_t l_44 = 0xDBE4FCD5L;
    int32_t *l_47 = &l_44;
    int32_t *l_48 = &l_44;
    int32_t *l_49 = (void*)0;
    int i, j, k;
    (*l_43) = l_41[0][1][2];
    if (l_44)
    { /* block id: 7 */
        for (g_36 = 0; (g_36 == 15); ++g_36)
        { /* block id: 10 */
            return p_27.f0;
        }
    }
    else
    { /* block id: 13 */
        return p_25;
    }
    g_50[2][4]++;
    return g_36;
}




/* ---------------------------------------- */
int main (void)
{
    int i, j, k;
    int print_hash_value = 0;
    platform_main_begin();
    crc32_gentab();
    func_1();
    transparent_crc(g_10, "g_10", print_hash_value);
    transparent_crc(g_14, "g_14", print_hash_value);
    transparent_crc(g_36, "g_36", print_hash_value);
    for (i = 0; i < 3; i++)
    {
        transparent_crc(g_39[i], "g_39[i]", print_hash_value);
        if (print_hash_value) printf("index = [%d]\n", i);

    }
    for (i = 0; i < 5; i++)
    {
        for (j = 0; j < 6; j++)
        {
            transparent_crc(g_50[i][j], "g_50[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    transparent_crc(g_54, "g_54", print_hash_value);
    transparent_crc(g_58, "g_58", print_hash_value);
    transparent_crc(g_67, "g_67", print_hash_value);
    transparent_crc(g_74, "g_74", print_hash_value);
    transparent_crc(g_88, "g_88", print_hash_value);
    transparent_crc(g_94, "g_94", print_hash_value);
    transparent_crc(g_96, "g_96", print_hash_value);
    transparent_crc(g_107, "g_107", print_hash_value);
    transparent_crc(g_135, "g_135", print_hash_value);
    transparent_crc(g_146, "g_146", print_hash_value);
    for (i = 0; i < 3; i++)
    {
        for (j = 0; j < 4; j++)
        {
            for (k = 0; k < 2; k++)
            {
                transparent_crc(g_147[i][j][k], "g_147[i][j][k]", print_hash_value);
                if (print_hash_value) printf("index = [%d][%d][%d]\n", i, j, k);

            }
        }
    }
    transparent_crc(g_158.f0, "g_158.f0", print_hash_value);
    transparent_crc(g_158.f1, "g_158.f1", print_hash_value);
    transparent_crc(g_158.f2, "g_158.f2", print_hash_value);
    transparent_crc(g_197, "g_197", print_hash_value);
    transparent_crc(g_209, "g_209", print_hash_value);
    transparent_crc(g_218, "g_218", print_hash_value);
    platform_main_end(crc32_context ^ 0xFFFFFFFFUL, print_hash_value);
    return 0;
}

/************************ statistics *************************
XXX max struct depth: 0
breakdown:
   depth: 0, occurrence: 56
XXX total union variables: 3

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
   depth: 1, occurrence: 62
   depth: 2, occurrence: 8
   depth: 3, occurrence: 1
   depth: 4, occurrence: 1
   depth: 5, occurrence: 2
   depth: 8, occurrence: 1
   depth: 10, occurrence: 1
   depth: 11, occurrence: 3
   depth: 13, occurrence: 1
   depth: 15, occurrence: 1
   depth: 16, occurrence: 1
   depth: 17, occurrence: 1
   depth: 19, occurrence: 1
   depth: 29, occurrence: 1

XXX total number of pointers: 56

XXX times a variable address is taken: 80
XXX times a pointer is dereferenced on RHS: 4
breakdown:
   depth: 1, occurrence: 4
XXX times a pointer is dereferenced on LHS: 32
breakdown:
   depth: 1, occurrence: 32
XXX times a pointer is compared with null: 2
XXX times a pointer is compared with address of another variable: 0
XXX times a pointer is compared with another pointer: 3
XXX times a pointer is qualified to be dereferenced: 323

XXX max dereference level: 2
breakdown:
   level: 0, occurrence: 0
   level: 1, occurrence: 48
   level: 2, occurrence: 4
XXX number of pointers point to pointers: 21
XXX number of pointers point to scalars: 35
XXX number of pointers point to structs: 0
XXX percent of pointers has null in alias set: 25
XXX average alias set size: 1.2

XXX times a non-volatile is read: 146
XXX times a non-volatile is write: 93
XXX times a volatile is read: 0
XXX    times read thru a pointer: 0
XXX times a volatile is write: 0
XXX    times written thru a pointer: 0
XXX times a volatile is available for access: 0
XXX percentage of non-volatile access: 100

XXX forward jumps: 0
XXX backward jumps: 1

XXX stmts: 56
XXX max block depth: 3
breakdown:
   depth: 0, occurrence: 16
   depth: 1, occurrence: 14
   depth: 2, occurrence: 14
   depth: 3, occurrence: 12

XXX percentage a fresh-made variable is used: 25.8
XXX percentage an existing variable is used: 74.2
********************* end of statistics **********************/


// The project's only C boundary: GSL headers, plus accessors for GSL's
// generator-type globals, which Swift 6 cannot reference directly
// ("reference to var ... is not concurrency-safe").
#ifndef DIXIAN_CGSL_SHIM_H
#define DIXIAN_CGSL_SHIM_H

// Lets Swift inline gsl_rng_uniform and friends.
#define HAVE_INLINE 1

#include <gsl/gsl_version.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_multiroots.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_sf_gamma.h>

/// GSL's version string, as the library reports it.
static inline const char *dixian_gsl_version(void) { return gsl_version; }

/// The null-terminated table of every generator type GSL knows.
static inline const gsl_rng_type **dixian_rng_types(void) { return gsl_rng_types_setup(); }

/// GSL's Sobol quasi-random generator type.
static inline const gsl_qrng_type *dixian_qrng_sobol(void) { return gsl_qrng_sobol; }

/// Brent's bracketing root solver type.
static inline const gsl_root_fsolver_type *dixian_root_brent(void) { return gsl_root_fsolver_brent; }

/// Powell's hybrid multidimensional root solver type (no derivatives).
static inline const gsl_multiroot_fsolver_type *dixian_multiroot_hybrids(void) { return gsl_multiroot_fsolver_hybrids; }

/// The state of GSL's `mt19937` generator as its source lays it out (`mt_state_t`): 624
/// words, each holding 32 bits in an unsigned long, and the index of the next word to temper.
/// GSLTests checks that `dixian_mt19937_next` gives exactly `gsl_rng_get`'s numbers.
typedef struct {
    unsigned long mt[624];
    int mti;
} dixian_mt19937_state;

/// Refills the 624 words (Matsumoto and Nishimura's recurrence, period 2^19937 − 1).
static void dixian_mt19937_refill(dixian_mt19937_state *s) {
    const unsigned long upper = 0x80000000UL, lower = 0x7fffffffUL, a = 0x9908b0dfUL;
    int k = 0;
    for (; k < 624 - 397; k++) {
        unsigned long y = (s->mt[k] & upper) | (s->mt[k + 1] & lower);
        s->mt[k] = s->mt[k + 397] ^ (y >> 1) ^ ((y & 1) ? a : 0);
    }
    for (; k < 623; k++) {
        unsigned long y = (s->mt[k] & upper) | (s->mt[k + 1] & lower);
        s->mt[k] = s->mt[k + 397 - 624] ^ (y >> 1) ^ ((y & 1) ? a : 0);
    }
    unsigned long y = (s->mt[623] & upper) | (s->mt[0] & lower);
    s->mt[623] = s->mt[396] ^ (y >> 1) ^ ((y & 1) ? a : 0);
    s->mti = 0;
}

/// Seeds an `mt19937` state from all 64 bits of `seed`: Matsumoto and Nishimura's reference
/// `init_by_array` (mt19937ar.c, 2002) with the key [low 32 bits, high 32 bits]. GSL's
/// `gsl_rng_set` keeps only the low 32 bits, so that distinct 64-bit stream seeds could share
/// a state. GSLTests checks the reference's published outputs.
static void dixian_mt19937_seed_by_array(void *state, const unsigned long *key, int length) {
    dixian_mt19937_state *s = (dixian_mt19937_state *)state;
    unsigned long *mt = s->mt;
    mt[0] = 19650218UL;
    for (int i = 1; i < 624; i++) {
        mt[i] = (1812433253UL * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (unsigned long)i) & 0xffffffffUL;
    }
    int i = 1, j = 0;
    for (int k = 624 > length ? 624 : length; k > 0; k--) {
        mt[i] = ((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525UL)) + key[j] + (unsigned long)j) & 0xffffffffUL;
        i++;
        j++;
        if (i >= 624) { mt[0] = mt[623]; i = 1; }
        if (j >= length) j = 0;
    }
    for (int k = 623; k > 0; k--) {
        mt[i] = ((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941UL)) - (unsigned long)i) & 0xffffffffUL;
        i++;
        if (i >= 624) { mt[0] = mt[623]; i = 1; }
    }
    mt[0] = 0x80000000UL;  // the most significant bit set: the state is never all zero
    s->mti = 624;
}

/// The next 32-bit output of an `mt19937` generator whose state is `state` — the number
/// `gsl_rng_get` would return, without its call through a function pointer, so Swift can
/// inline the draw.
static inline unsigned int dixian_mt19937_next(void *state) {
    dixian_mt19937_state *s = (dixian_mt19937_state *)state;
    if (s->mti >= 624) dixian_mt19937_refill(s);
    unsigned long k = s->mt[s->mti++];
    k ^= k >> 11;
    k ^= (k << 7) & 0x9d2c5680UL;
    k ^= (k << 15) & 0xefc60000UL;
    k ^= k >> 18;
    return (unsigned int)k;
}

/// Dixian's generator for short streams that start often (a household's clock draws of one
/// year, seeded from the household and the year): SplitMix64 (Steele, Lea and Flood 2014),
/// the upper 32 bits of each output. Seeding is one store, where `mt19937`'s takes microseconds.
typedef struct {
    unsigned long long x;
} dixian_splitmix_state;

/// The next 32-bit output of a SplitMix64 generator whose state is `state`.
static inline unsigned int dixian_splitmix_next(void *state) {
    dixian_splitmix_state *s = (dixian_splitmix_state *)state;
    unsigned long long z = (s->x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (unsigned int)(z >> 32);
}

static void dixian_splitmix_set(void *state, unsigned long seed) { ((dixian_splitmix_state *)state)->x = seed; }
static unsigned long dixian_splitmix_get(void *state) { return dixian_splitmix_next(state); }
static double dixian_splitmix_get_double(void *state) { return dixian_splitmix_next(state) / 4294967296.0; }

/// The SplitMix64 generator as a GSL generator type, so that GSL's samplers draw from it.
static inline const gsl_rng_type *dixian_splitmix_type(void) {
    static const gsl_rng_type type = {
        "dixian-splitmix64", 0xffffffffUL, 0, sizeof(dixian_splitmix_state),
        dixian_splitmix_set, dixian_splitmix_get, dixian_splitmix_get_double};
    return &type;
}

#endif

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

#endif

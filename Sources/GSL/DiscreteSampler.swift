import CGSL

/// Draws an index 0..<K with probability proportional to fixed weights, in O(1)
/// per draw after an O(K) set-up (Walker's alias method).
///
/// Owns GSL's look-up table, freed when the sampler is released. Immutable after
/// creation, so one sampler may be shared by workers that each bring their own
/// `RandomGenerator`.
public final class DiscreteSampler: @unchecked Sendable {
    /// The owned GSL alias table.
    @usableFromInline let table: UnsafeMutablePointer<gsl_ran_discrete_t>

    /// The number of categories K; `sample(_:)` returns an index in 0..<count.
    public let count: Int

    /// Builds the alias table for `weights` (any non-negative scale; they are
    /// normalised by their sum).
    ///
    /// - Throws: `GSLError.invalidArgument` if `weights` is empty, has a negative
    ///   or non-finite entry, or sums to zero; `GSLError.status` if GSL fails.
    ///
    /// The corresponding C function is `gsl_ran_discrete_preproc`.
    public init(weights: [Double]) throws {
        GSL.disableAbortOnError()
        guard !weights.isEmpty else {
            throw GSLError.invalidArgument("discrete weights are empty; give at least one weight")
        }
        if let bad = weights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw GSLError.invalidArgument(
                "discrete weight \(bad) is \(weights[bad]); weights must be finite and >= 0")
        }
        let total = weights.reduce(0, +)
        guard total > 0, total.isFinite else {
            throw GSLError.invalidArgument("discrete weights sum to \(total); at least one must be > 0")
        }
        guard let table = gsl_ran_discrete_preproc(weights.count, weights) else {
            throw GSLError.fromStatus(Int32(GSL_EINVAL), function: "gsl_ran_discrete_preproc")
        }
        self.table = table
        count = weights.count
    }

    deinit {
        gsl_ran_discrete_free(table)
    }

    /// An index in 0..<`count`, drawn with probability weight[i] / Σ weights.
    /// The corresponding C function is `gsl_ran_discrete`.
    @inlinable public func sample(_ rng: RandomGenerator) -> Int {
        gsl_ran_discrete(rng.state, table)
    }

    /// The normalised probability of index `k` (0 outside 0..<`count`).
    /// The corresponding C function is `gsl_ran_discrete_pdf`.
    public func probability(of k: Int) -> Double {
        guard k >= 0, k < count else { return 0 }
        return gsl_ran_discrete_pdf(k, table)
    }
}

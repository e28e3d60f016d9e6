import DixianModel
import GSL

/// A scenario distribution ready to sample: parameters converted once (a log-normal's
/// ζ and σ, a discrete distribution's alias table), so that sampling allocates nothing.
struct PreparedDistribution: Sendable {
    private enum Kind: Sendable {
        case fixed(Double)
        case uniform(Double, Double)
        case beta(Double, Double)
        case lognormal(zeta: Double, sigma: Double)
        case gamma(Double, Double)
        case normal(Double, Double)
        case discrete([Double], DiscreteSampler)
        case poisson(Double)
        case exponential(Double)
    }

    private let kind: Kind
    /// The distribution as the scenario wrote it.
    let source: Distribution

    init(_ distribution: Distribution) throws {
        source = distribution
        switch distribution {
        case .fixed(let value): kind = .fixed(value)
        case .uniform(let lo, let hi): kind = .uniform(lo, hi)
        case .beta(let a, let b): kind = .beta(a, b)
        case .lognormal(let mean, let sd):
            let p = RandomGenerator.lognormalParameters(mean: mean, sd: sd)
            kind = .lognormal(zeta: p.zeta, sigma: p.sigma)
        case .gamma(let shape, let scale): kind = .gamma(shape, scale)
        case .normal(let mean, let sd): kind = .normal(mean, sd)
        case .discrete(let values, let weights): kind = .discrete(values, try DiscreteSampler(weights: weights))
        case .poisson(let mean): kind = .poisson(mean)
        case .exponential(let mean): kind = .exponential(mean)
        }
    }

    /// One draw. How many variates it consumes depends only on the distribution and the
    /// stream (`fixed` none, `uniform` one; the rejection samplers of the others as many as
    /// they reject), never on a policy: draws from the shock tape stay common to variants.
    func sample(_ rng: RandomGenerator) -> Double {
        switch kind {
        case .fixed(let value): value
        case .uniform(let lo, let hi): rng.uniform(min: lo, max: hi)
        case .beta(let a, let b): rng.beta(a: a, b: b)
        case .lognormal(let zeta, let sigma): rng.lognormal(zeta: zeta, sigma: sigma)
        case .gamma(let shape, let scale): rng.gamma(shape: shape, scale: scale)
        case .normal(let mean, let sd): mean + rng.gaussian(sd: sd)
        case .discrete(let values, let sampler): values[sampler.sample(rng)]
        case .poisson(let mean): Double(rng.poisson(mean: mean))
        case .exponential(let mean): rng.exponential(mean: mean)
        }
    }

    /// A draw clamped to [0, 1], for shares and severities.
    func sampleFraction(_ rng: RandomGenerator) -> Double {
        min(1, max(0, sample(rng)))
    }

    /// A draw clamped below at 0, for amounts of money.
    func sampleAmount(_ rng: RandomGenerator) -> Double {
        max(0, sample(rng))
    }
}

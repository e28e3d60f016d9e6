import Foundation
import GSL
import Testing

/// Sample means of 10^5 draws against theoretical means, within 4 standard errors
/// (see `standardErrors`), each with a fixed seed and "high-entropy" parameters.
@Suite("RandomGenerator: distributions")
struct DistributionTests {
    let rng: RandomGenerator

    init() throws { rng = try RandomGenerator(seed: 20_210_225) }

    @Test func uniform() {
        expectMean(0.5, sd: (1.0 / 12).squareRoot()) { rng.uniform() }
        expectMean(0.5, sd: (1.0 / 12).squareRoot()) { rng.uniformPositive() }
        let (a, b) = (-2.385, 7.1)
        expectMean((a + b) / 2, sd: (b - a) / 12.0.squareRoot()) { rng.uniform(min: a, max: b) }
        // Discrete uniform on 0..<n: mean (n − 1)/2, variance (n² − 1)/12.
        let n = 7.0
        expectMean((n - 1) / 2, sd: ((n * n - 1) / 12).squareRoot()) { Double(rng.uniformInt(7)) }
    }

    @Test func bernoulli() {
        let p = 0.2385
        expectMean(p, sd: (p * (1 - p)).squareRoot()) { rng.bernoulli(p) ? 1 : 0 }
    }

    @Test func gaussian() {
        let sd = 2.385
        expectMean(0, sd: sd) { rng.gaussian(sd: sd) }
        // The sample variance too: Var(s²) ≈ 2σ⁴/(n − 1) for normal data.
        let draws = (0..<sampleSize).map { _ in rng.gaussian(sd: sd) }
        let variance = Statistics.variance(draws)
        let varianceSE = (2 * sd * sd * sd * sd / Double(sampleSize - 1)).squareRoot()
        #expect(abs(variance - sd * sd) <= standardErrors * varianceSE)
    }

    @Test func lognormalByMeanAndSD() {
        // Income-like: mean 8,000 yuan/year, sd 3,500.
        let (mean, sd) = (8_000.0, 3_500.0)
        expectMean(mean, sd: sd) { rng.lognormal(mean: mean, sd: sd) }
        let p = RandomGenerator.lognormalParameters(mean: mean, sd: sd)
        // E[X] = exp(ζ + σ²/2) recovers the mean exactly up to round-off.
        #expect(abs(exp(p.zeta + p.sigma * p.sigma / 2) - mean) <= 1e-9 * mean)
    }

    @Test func lognormalByZetaSigma() {
        let (zeta, sigma) = (0.385, 0.5)
        let mean = exp(zeta + sigma * sigma / 2)
        let sd = mean * (exp(sigma * sigma) - 1).squareRoot()
        expectMean(mean, sd: sd) { rng.lognormal(zeta: zeta, sigma: sigma) }
    }

    @Test func beta() {
        let (a, b) = (2.385, 5.1)
        let variance = a * b / ((a + b) * (a + b) * (a + b + 1))
        expectMean(a / (a + b), sd: variance.squareRoot()) { rng.beta(a: a, b: b) }
    }

    @Test func gamma() {
        let (shape, scale) = (2.385, 1.7)
        expectMean(shape * scale, sd: shape.squareRoot() * scale) { rng.gamma(shape: shape, scale: scale) }
        // Shape below 1 takes GSL's other branch.
        let small = 0.385
        expectMean(small * scale, sd: small.squareRoot() * scale) { rng.gamma(shape: small, scale: scale) }
    }

    @Test func exponential() {
        let mean = 4.2
        expectMean(mean, sd: mean) { rng.exponential(mean: mean) }
    }

    @Test func poisson() {
        for mean in [0.05, 3.385, 23.85] {  // GSL switches method above 10.
            expectMean(mean, sd: mean.squareRoot()) { Double(rng.poisson(mean: mean)) }
        }
    }

    @Test func binomial() {
        let (p, n) = (0.2385, 17.0)
        expectMean(n * p, sd: (n * p * (1 - p)).squareRoot()) { Double(rng.binomial(p: p, n: 17)) }
    }

    @Test func geometric() {
        // Trials until the first success: mean 1/p, variance (1 − p)/p².
        let p = 0.2385
        expectMean(1 / p, sd: (1 - p).squareRoot() / p) { Double(rng.geometric(p: p)) }
    }
}

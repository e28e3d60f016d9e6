import GSL
import Testing

@Suite("DiscreteSampler")
struct DiscreteSamplerTests {
    let weights = [1.0, 2.385, 0.5, 4.0]
    var probabilities: [Double] { weights.map { $0 / weights.reduce(0, +) } }

    @Test func meanAndFrequencies() throws {
        let sampler = try DiscreteSampler(weights: weights)
        let rng = try RandomGenerator(seed: 4_201_776)
        #expect(sampler.count == 4)
        var counts = [Int](repeating: 0, count: weights.count)
        var sum = 0.0
        for _ in 0..<sampleSize {
            let k = sampler.sample(rng)
            counts[k] += 1
            sum += Double(k)
        }
        let mean = probabilities.enumerated().reduce(0.0) { $0 + Double($1.offset) * $1.element }
        let secondMoment = probabilities.enumerated().reduce(0.0) { $0 + Double($1.offset * $1.offset) * $1.element }
        let sd = (secondMoment - mean * mean).squareRoot()
        let n = Double(sampleSize)
        #expect(abs(sum / n - mean) <= standardErrors * sd / n.squareRoot())
        // Each category's count is Binomial(n, pₖ): sd √(n pₖ (1 − pₖ)).
        for (k, p) in probabilities.enumerated() {
            let countSD = (n * p * (1 - p)).squareRoot()
            #expect(abs(Double(counts[k]) - n * p) <= standardErrors * countSD, "category \(k)")
        }
    }

    @Test func probabilitiesAreNormalised() throws {
        let sampler = try DiscreteSampler(weights: weights)
        for (k, p) in probabilities.enumerated() {
            // GSL stores the normalised weights; only round-off separates them.
            #expect(abs(sampler.probability(of: k) - p) <= 1e-15)
        }
        #expect(sampler.probability(of: -1) == 0)
        #expect(sampler.probability(of: 4) == 0)
    }

    @Test func zeroWeightIsNeverDrawn() throws {
        let sampler = try DiscreteSampler(weights: [0, 3, 0, 1])
        let rng = try RandomGenerator(seed: 99)
        for _ in 0..<10_000 {
            let k = sampler.sample(rng)
            #expect(k == 1 || k == 3)
        }
    }

    @Test(arguments: [[], [1, -0.5], [1, .nan], [1, .infinity], [0, 0, 0]] as [[Double]])
    func rejectsInvalidWeights(_ weights: [Double]) {
        #expect(throws: GSLError.self) { try DiscreteSampler(weights: weights) }
    }
}

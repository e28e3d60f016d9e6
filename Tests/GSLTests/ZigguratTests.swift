import Foundation
import GSL
import Testing

/// The inline `mt19937` draws and the ziggurat samplers of `RandomGenerator`.
@Suite("RandomGenerator: inline draws and ziggurat samplers")
struct ZigguratTests {
    @Test func inlineMersenneTwisterGivesGSLsNumbers() throws {
        // `uniform()` of an mt19937 generator steps its state inline; `uniform(min: 0, max: 1)`
        // is GSL's gsl_ran_flat, which draws through the generator's function pointer and
        // returns 0·(1 − u) + 1·u = u exactly. Twin generators must agree to the bit over
        // many refills of the 624-word state and after reseeding.
        let inline = try RandomGenerator(name: "mt19937", seed: 20_211_130)
        let gsl = try RandomGenerator(name: "mt19937", seed: 20_211_130)
        for round in 0..<3 {
            for i in 0..<5_000 {
                let a = inline.uniform()
                let b = gsl.uniform(min: 0, max: 1)
                if a != b {
                    Issue.record("draw \(i) of round \(round): inline \(a), GSL \(b)")
                    return
                }
            }
            inline.reseed(UInt64(round) * 7_919 + 3)
            gsl.reseed(UInt64(round) * 7_919 + 3)
        }
        // Mixing inline words with GSL's own samplers keeps one stream.
        let mixedA = try RandomGenerator(name: "mt19937", seed: 99)
        let mixedB = try RandomGenerator(name: "mt19937", seed: 99)
        for _ in 0..<2_000 {
            #expect(mixedA.gaussian() == mixedB.gaussian())
            #expect(Double(mixedA.word()) * 0x1p-32 == mixedB.uniform(min: 0, max: 1))
        }
    }

    @Test func splitMixGivesTheReferenceNumbersInlineAndThroughGSL() throws {
        // SplitMix64 (Steele, Lea and Flood 2014) seeded 0: the first outputs are
        // 0xE220A8397B1DCDAF and 0x6E789E6AA1B965F4 (the reference implementation's); the
        // generator gives their upper 32 bits. Through GSL's function pointer (gsl_ran_flat,
        // 0·(1 − u) + 1·u = u) the numbers are the same, and a reseed is the stream's start.
        let rng = try RandomGenerator(splitMixSeed: 0)
        #expect(rng.name == "dixian-splitmix64")
        #expect(rng.word() == 0xE220_A839)
        #expect(rng.word() == 0x6E78_9E6A)
        let inline = try RandomGenerator(splitMixSeed: 77)
        let gsl = try RandomGenerator(splitMixSeed: 77)
        for _ in 0..<2_000 { #expect(inline.uniform() == gsl.uniform(min: 0, max: 1)) }
        inline.reseed(5)
        let first = (0..<10).map { _ in inline.word() }
        inline.reseed(5)
        #expect((0..<10).map { _ in inline.word() } == first)
        // GSL's samplers and the ziggurat draw from it with the right distributions.
        let count = 200_000
        let normals = (0..<count).map { _ in gsl.normal() }
        #expect(Self.ksDistance(normals) { Statistics.normalCDF($0) } * Double(count).squareRoot() < Self.ksBound)
        let exponentials = (0..<count).map { _ in gsl.standardExponential() }
        #expect(Self.ksDistance(exponentials) { 1 - exp(-$0) } * Double(count).squareRoot() < Self.ksBound)
        let integers = (0..<count).map { _ in gsl.uniformInt(10) }
        for k in 0..<10 {
            // Binomial(count, 0.1): within 4 standard deviations of count/10.
            #expect(abs(Double(integers.count { $0 == UInt(k) }) - 20_000) <= 4 * (20_000 * 0.9).squareRoot())
        }
    }

    /// Kolmogorov–Smirnov distance between the empirical CDF of `draws` and `cdf`.
    static func ksDistance(_ draws: [Double], _ cdf: (Double) -> Double) -> Double {
        let sorted = draws.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = max(d, abs(f - Double(i) / n), abs(Double(i + 1) / n - f))
        }
        return d
    }

    // With n draws from the right distribution, √n·D follows Kolmogorov's distribution,
    // for which P(√n·D > 1.95) ≈ 0.001: the bound a correct sampler passes (seeds fixed).
    static let ksBound = 1.95

    // Generators with every kind of word: inline (mt19937), 32-bit through GSL (taus2),
    // and composed of two 16-bit draws (ranlux: 24-bit outputs).
    @Test(arguments: [("mt19937", 200_000), ("taus2", 200_000), ("ranlux", 40_000)])
    func normalHasTheNormalDistribution(name: String, count: Int) throws {
        let rng = try RandomGenerator(name: name, seed: 31_415)
        let draws = (0..<count).map { _ in rng.normal() }
        let d = Self.ksDistance(draws) { Statistics.normalCDF($0) }
        #expect(d * Double(count).squareRoot() < Self.ksBound, "\(name): KS distance \(d)")
        // The mean within 4 standard errors (sd 1).
        let mean = draws.reduce(0, +) / Double(count)
        #expect(abs(mean) < 4 / Double(count).squareRoot(), "\(name): mean \(mean)")
    }

    @Test(arguments: [("mt19937", 200_000), ("taus2", 200_000), ("ranlux", 40_000)])
    func standardExponentialHasTheExponentialDistribution(name: String, count: Int) throws {
        let rng = try RandomGenerator(name: name, seed: 27_182)
        let draws = (0..<count).map { _ in rng.standardExponential() }
        let d = Self.ksDistance(draws) { 1 - exp(-$0) }
        #expect(d * Double(count).squareRoot() < Self.ksBound, "\(name): KS distance \(d)")
        #expect(draws.allSatisfy { $0 >= 0 })
        let mean = draws.reduce(0, +) / Double(count)
        #expect(abs(mean - 1) < 4 / Double(count).squareRoot(), "\(name): mean \(mean)")
    }

    @Test func tailsHaveTheirProbability() throws {
        // The tails are drawn by separate code (beyond r = 3.4426 for the normal, 7.6971 for
        // the exponential). Counts of 10^6 draws beyond a point t are binomial: expect
        // n·p within 4 standard deviations √(n·p·(1 − p)); the points straddle r.
        let rng = try RandomGenerator(name: "mt19937", seed: 16_180)
        let n = 1_000_000
        let normals = (0..<n).map { _ in abs(rng.normal()) }
        for t in [2.5, 3.0, 3.4426, 3.8, 4.2] {
            let p = 2 * (1 - Statistics.normalCDF(t))
            expectCount(normals.count { $0 > t }, n: n, p: p, "|z| > \(t)")
        }
        let exponentials = (0..<n).map { _ in rng.standardExponential() }
        for t in [5.0, 7.0, 7.6971, 8.5, 10.0] {
            expectCount(exponentials.count { $0 > t }, n: n, p: exp(-t), "x > \(t)")
        }
    }

    private func expectCount(
        _ observed: Int, n: Int, p: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let expected = Double(n) * p
        let sd = (expected * (1 - p)).squareRoot()
        #expect(abs(Double(observed) - expected) <= 4 * sd, "\(what): \(observed), expected \(expected) ± \(4 * sd)",
                sourceLocation: sourceLocation)
    }
}

@Suite("SinglePrecision")
struct SinglePrecisionTests {
    @Test func expIsWithinOneUnitInTheLastPlace() {
        // Points from −30 to 30, 10⁻⁵·max(1, |x|) apart (about 900,000), and the
        // ends of the inline range: |exp(x) − e^x| ≤ one Float ulp of e^x.
        var x: Float = -30
        var worst = 0.0
        while x <= 30 {
            let exact = Foundation.exp(Double(x))
            let ulp = Double(Float(exact).ulp)
            worst = max(worst, abs(Double(SinglePrecision.exp(x)) - exact) / ulp)
            x += 1e-5 * max(1, abs(x))
        }
        #expect(worst <= 1, "worst error \(worst) ulp")
        for x: Float in [-79.5, -20, -1e-7, 0, 1e-7, 20, 79.5, 85, -95] {
            let exact = Foundation.exp(Double(x))
            #expect(abs(Double(SinglePrecision.exp(x)) - exact) <= Double(Float(exact).ulp), "x = \(x)")
        }
        #expect(SinglePrecision.exp(0) == 1)
    }

    @Test func expInPlaceGivesTheNumbersOfExpBitForBit() {
        // The shock tape exponentiates its volatility factors a block at a time; its
        // numbers must be exp(_:)'s exactly (the SIMD loop may not reorder or fuse anything).
        var values = stride(from: -79.5, through: 79.5, by: 0.0137).map { Float($0) } + [0, -0.0, 1e-7, -1e-7]
        let expected = values.map { SinglePrecision.exp($0).bitPattern }
        values.withUnsafeMutableBufferPointer { SinglePrecision.exp(inPlace: $0) }
        #expect(values.map(\.bitPattern) == expected)
        // Outside the inline range the block falls back to exp(_:) one value at a time.
        var mixed: [Float] = [-95, 0.5, 85, -3, .nan]
        let mixedExpected = mixed.map { SinglePrecision.exp($0).bitPattern }
        mixed.withUnsafeMutableBufferPointer { SinglePrecision.exp(inPlace: $0) }
        #expect(Array(mixed[..<4].map(\.bitPattern)) == Array(mixedExpected[..<4]))
        #expect(mixed[4].isNaN)
    }
}

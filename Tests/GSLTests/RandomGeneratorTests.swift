import CGSL
@testable import GSL
import Testing

@Suite("RandomGenerator: construction and seeding")
struct RandomGeneratorTests {
    @Test func generatorNamesIncludeTheCommonOnes() {
        let names = GSL.generatorNames
        #expect(names.contains("mt19937"))
        #expect(names.contains("taus2"))
        #expect(names.contains("ranlxd2"))
        #expect(Set(names).count == names.count)
    }

    @Test func everyGeneratorNameConstructsAndDraws() throws {
        for name in GSL.generatorNames {
            let rng = try RandomGenerator(name: name, seed: 2385)
            #expect(rng.name == name)
            for _ in 0..<10 {
                let u = rng.uniform()
                #expect(u >= 0 && u < 1, "\(name) gave \(u)")
            }
        }
    }

    @Test func defaultGeneratorIsMersenneTwister() throws {
        #expect(try RandomGenerator(seed: 1).name == "mt19937")
    }

    @Test func unknownNameThrowsWithTheList() {
        #expect(throws: GSLError.unknownGenerator(name: "mt19938", available: GSL.generatorNames)) {
            try RandomGenerator(name: "mt19938", seed: 1)
        }
        let error = GSLError.unknownGenerator(name: "x", available: ["mt19937", "taus2"])
        #expect(error.description.contains("mt19937, taus2"))
    }

    @Test func sameSeedGivesSameSequence() throws {
        let a = try RandomGenerator(name: "taus2", seed: 20_200_531)
        let b = try RandomGenerator(name: "taus2", seed: 20_200_531)
        #expect((0..<100).map { _ in a.uniform() } == (0..<100).map { _ in b.uniform() })
    }

    @Test func reseedReproducesTheStream() throws {
        let rng = try RandomGenerator(seed: 8_675_309)
        let first = (0..<50).map { _ in rng.gaussian() }
        _ = rng.uniform()
        rng.reseed(8_675_309)
        #expect((0..<50).map { _ in rng.gaussian() } == first)
    }

    @Test func differentSeedsDiffer() throws {
        let a = try RandomGenerator(seed: 1)
        let b = try RandomGenerator(seed: 2)
        #expect((0..<20).map { _ in a.uniform() } != (0..<20).map { _ in b.uniform() })
    }

    @Test func mt19937MatchesGSLReferenceValue() throws {
        // GSL's own test suite (rng/test.c, GSL 2.x): mt19937 seeded 4357, the
        // 1000th raw output is 1186927261; uniform() is that output / 2^32, exact.
        let rng = try RandomGenerator(name: "mt19937", seed: 4357)
        var u = 0.0
        for _ in 0..<1000 { u = rng.uniform() }
        #expect(u == 1_186_927_261.0 / 4_294_967_296.0)
    }

    @Test func mt19937SeededByArrayGivesTheReferenceNumbers() throws {
        // Matsumoto and Nishimura's mt19937ar.c (2002): init_by_array with the key
        // {0x123, 0x234, 0x345, 0x456}; its published mt19937ar.out starts 1067595299,
        // 955945823, 477289528, and its 1000th output is 3460025646.
        let rng = try RandomGenerator(name: "mt19937", seed: 1)
        let key: [UInt] = [0x123, 0x234, 0x345, 0x456]
        dixian_mt19937_seed_by_array(rng.state.pointee.state, key, 4)
        let words = (0..<1000).map { _ in rng.word() }
        #expect(Array(words.prefix(3)) == [1_067_595_299, 955_945_823, 477_289_528])
        #expect(words[999] == 3_460_025_646)
        // All 64 bits of a seed: the key [low 32 bits, high 32 bits]. The same numbers as
        // numpy's MT19937 seeded by init_by_array with that key (first and 1000th output).
        rng.reseed(allBits: 0x0123_4567_89AB_CDEF)
        let wide = (0..<1000).map { _ in rng.word() }
        #expect(wide[0] == 3_851_240_871 && wide[999] == 1_068_068_003)
    }

    @Test func seedsThatDifferOnlyInTheirHighBitsStartDifferentStreams() throws {
        // gsl_rng_set keeps mt19937's low 32 bits: these two seeds start the same stream
        // there, and must not when every bit is taken.
        let a = try RandomGenerator(name: "mt19937", seed: 0)
        let b = try RandomGenerator(name: "mt19937", seed: 0)
        a.reseed(0x0000_0001_0000_0005)
        b.reseed(0x0000_0000_0000_0005)
        #expect(a.word() == b.word())
        a.reseed(allBits: 0x0000_0001_0000_0005)
        b.reseed(allBits: 0x0000_0000_0000_0005)
        #expect((0..<4).map { _ in a.word() } != (0..<4).map { _ in b.word() })
        // A generator other than mt19937 is seeded by gsl_rng_set either way.
        let c = try RandomGenerator(name: "taus2", seed: 0)
        let d = try RandomGenerator(name: "taus2", seed: 0)
        c.reseed(allBits: 77)
        d.reseed(77)
        #expect((0..<4).map { _ in c.word() } == (0..<4).map { _ in d.word() })
    }

    @Test func uniformRanges() throws {
        let rng = try RandomGenerator(seed: 11)
        for _ in 0..<10_000 {
            let u = rng.uniformPositive()
            #expect(u > 0 && u < 1)
            #expect(rng.uniformInt(7) < 7)
            let x = rng.uniform(min: -2.385, max: 3.5)
            #expect(x >= -2.385 && x < 3.5)
            #expect(rng.geometric(p: 0.3) >= 1)
        }
        #expect(rng.bernoulli(1))
        #expect(!rng.bernoulli(0))
    }
}

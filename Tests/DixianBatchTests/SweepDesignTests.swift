import DixianBatch
import DixianModel
import GSL
import Testing

@Suite("SweepDesign")
struct SweepDesignTests {
    @Test func gridIsTheFullFactorialLastKeyFastest() {
        let design = SweepDesign.grid([
            .init(keyPath: "a", values: [.number(1), .number(2)]),
            .init(keyPath: "b", values: [.string("x"), .string("y"), .string("z")]),
        ])
        #expect(design.keyPaths == ["a", "b"])
        #expect(design.count == 6)
        #expect(design.rows.first == [.number(1), .string("x")])
        #expect(design.rows[1] == [.number(1), .string("y")])
        #expect(design.rows.last == [.number(2), .string("z")])
        #expect(Set(design.rows).count == 6)
        #expect(design.saltelliBlocks == nil)
    }

    @Test func saltelliDesignHasABAndEveryABMatrix() throws {
        let parameters: [Sweep.RangeParameter] = [
            .init(keyPath: "p", min: 2.385, max: 7.5), .init(keyPath: "q", min: -1, max: 1),
            .init(keyPath: "r", min: 100, max: 300),
        ]
        let n = 16
        let design = try SweepDesign.sobol(samples: n, parameters: parameters)
        #expect(design.count == n * (parameters.count + 2))
        let blocks = try #require(design.saltelliBlocks)
        #expect(blocks.a == 0..<16 && blocks.b == 16..<32 && blocks.ab == [32..<48, 48..<64, 64..<80])

        // A and B are the two halves of GSL's 6-dimensional Sobol points, scaled.
        let sobol = try SobolSequence(dimension: 6)
        for j in 0..<n {
            let u = sobol.next()
            for (i, p) in parameters.enumerated() {
                #expect(design.rows[j][i] == .number(p.min + u[i] * (p.max - p.min)))
                #expect(design.rows[n + j][i] == .number(p.min + u[3 + i] * (p.max - p.min)))
            }
        }
        // A_B⁽ⁱ⁾ is A with column i from B.
        for i in parameters.indices {
            for j in 0..<n {
                var expected = design.rows[j]
                expected[i] = design.rows[n + j][i]
                #expect(design.rows[blocks.ab[i].lowerBound + j] == expected)
            }
        }
    }

    @Test func wholeNumberKeysTakeEveryWholeValueEquallyOften() throws {
        // 1…3 from 2^k Sobol points: u ∈ [0, 1/3) → 1, [1/3, 2/3) → 2, [2/3, 1) → 3.
        let design = try SweepDesign.sobol(
            samples: 64, parameters: [.init(keyPath: "years", min: 1, max: 3)], wholeNumberKeys: ["years"])
        let a = design.rows[0..<64].map { $0[0] }
        for value in [1.0, 2.0, 3.0] {
            let count = a.filter { $0 == .number(value) }.count
            // 64 van der Corput points put ⌊64/3⌋ or ⌈64/3⌉ in each third.
            #expect(count == 21 || count == 22, "\(value): \(count)")
        }
        #expect(a.allSatisfy { if case .number(let x) = $0 { x == x.rounded() } else { false } })
    }

    @Test func tooManySobolParametersIsAnError() {
        let parameters = (0..<21).map { Sweep.RangeParameter(keyPath: "k\($0)", min: 0, max: 1) }
        #expect(throws: GSLError.self) { try SweepDesign.sobol(samples: 8, parameters: parameters) }
        #expect(throws: GSLError.self) { try SweepDesign.sobol(samples: 7, parameters: Array(parameters.prefix(1))) }
    }
}

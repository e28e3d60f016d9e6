import DixianBatch
import DixianModel
import DixianScenario
import DixianTestSupport
import Foundation
import GSL
import Testing

@Suite("SweepDesign")
struct SweepDesignTests {
    @Test func theScenarioLanguageRefusesTheSobolSweepsTheDesignCannotMake() throws {
        // The decoder's limit (a located error) is the design's: 20 parameters load, 21 do not.
        func sweep(_ k: Int) -> String {
            "sweep:\n  design: sobol\n  samples: 16\n  parameters:\n"
                + TestScenarios.sobolKeys.prefix(k).map { "    \($0): {min: 0.1, max: 0.2}\n" }.joined()
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dixian-sobol-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("s.yaml").path
        try sweep(SweepDesign.maximumSobolParameters).write(toFile: file, atomically: true, encoding: .utf8)
        let loaded = try ScenarioLoader.load(file: file)
        #expect(try SweepDesign(loaded.scenario.sweep!).keyPaths.count == SweepDesign.maximumSobolParameters)
        try sweep(SweepDesign.maximumSobolParameters + 1).write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: InputErrors.self) { try ScenarioLoader.load(file: file) }
    }

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

        // A and B are the two halves of GSL's 6-dimensional Sobol points, scaled: the 16
        // points after the first 15, which GSL's sequence (it never returns the origin)
        // must skip to start at point 16, a block of the sequence.
        let sobol = try SobolSequence(dimension: 6)
        #expect(SweepDesign.sobolSkip(samples: n) == 15)
        for _ in 0..<15 { _ = sobol.next() }
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

    /// GSL's first points repeat across dimensions (every dimension's first point is 0.5,
    /// and with k = 4 dimensions 1–4 and 5–8 agree on the first three): taken from the
    /// start, B's first rows were A's and a third of a small design repeated other points.
    /// From a block of the sequence, each column of A and of B is the N midpoints
    /// (2c + 1)/(2N) once each, no row of B is its row of A, no point is the centre.
    @Test func sobolDesignIsABlockOfTheSequenceWithoutRepeatedRows() throws {
        let parameters = ["a", "b", "c", "d"].map { Sweep.RangeParameter(keyPath: $0, min: 0, max: 1) }
        #expect(SweepDesign.sobolSkip(samples: 16) == 15)
        #expect(SweepDesign.sobolSkip(samples: 17) == 31)
        #expect(SweepDesign.sobolSkip(samples: 256) == 255)
        for n in [16, 32, 64] {
            let design = try SweepDesign.sobol(samples: n, parameters: parameters)
            let blocks = try #require(design.saltelliBlocks)
            let midpoints = Set((0..<n).map { ScenarioValue.number(Double(2 * $0 + 1) / Double(2 * n)) })
            for i in parameters.indices {
                #expect(Set(design.rows[blocks.a].map { $0[i] }) == midpoints, "N = \(n), A column \(i)")
                #expect(Set(design.rows[blocks.b].map { $0[i] }) == midpoints, "N = \(n), B column \(i)")
            }
            for j in 0..<n { #expect(design.rows[j] != design.rows[n + j], "N = \(n), row \(j)") }
            #expect(!design.rows.contains([ScenarioValue](repeating: .number(0.5), count: 4)))
        }
        // What repeats is a row of A_B⁽ⁱ⁾ whose column i is the same in A and B: none at
        // N = 16 (19 before), 16 of 1,536 at N = 256 (27 before) — as docs/batch.md says.
        #expect(Set(try SweepDesign.sobol(samples: 16, parameters: parameters).rows).count == 96)
        #expect(Set(try SweepDesign.sobol(samples: 256, parameters: parameters).rows).count == 1_536 - 16)
    }

    @Test func saltelliPositionNamesTheMatrixAndRowOfEachPoint() throws {
        let parameters = [Sweep.RangeParameter(keyPath: "p", min: 0, max: 1), .init(keyPath: "q", min: 0, max: 1)]
        let design = try SweepDesign.sobol(samples: 16, parameters: parameters)
        #expect(design.saltelliPosition(ofRow: 0)! == ("A", nil, 0))
        #expect(design.saltelliPosition(ofRow: 17)! == ("B", nil, 1))
        #expect(design.saltelliPosition(ofRow: 34)! == ("AB", "p", 2))
        #expect(design.saltelliPosition(ofRow: 63)! == ("AB", "q", 15))
        #expect(design.saltelliPosition(ofRow: 64) == nil)
        #expect(SweepDesign.grid([.init(keyPath: "a", values: [.number(1)])]).saltelliPosition(ofRow: 0) == nil)
    }

    @Test func fewSamplesOrNotAPowerOfTwoAreWarnedAbout() {
        #expect(SweepDesign.minimumSobolSamples == 16 && SweepDesign.recommendedSobolSamples == 64)
        let few = SweepDesign.sobolWarnings(samples: 16)
        #expect(few.count == 1 && few[0].hasPrefix("16 Sobol samples are few"), "\(few)")
        #expect(few[0].contains("use 64 or more"))
        #expect(SweepDesign.sobolWarnings(samples: 64).isEmpty)
        #expect(SweepDesign.sobolWarnings(samples: 256).isEmpty)
        let odd = SweepDesign.sobolWarnings(samples: 100)
        #expect(odd == ["100 Sobol samples are not a power of two: the design takes part of a block of the Sobol "
            + "sequence and is not balanced; 64 or 128 would be"])
        #expect(SweepDesign.sobolWarnings(samples: 20).count == 2)
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
        #expect(throws: GSLError.self) { try SweepDesign.sobol(samples: 16, parameters: parameters) }
        #expect(throws: GSLError.self) { try SweepDesign.sobol(samples: 15, parameters: Array(parameters.prefix(1))) }
    }
}

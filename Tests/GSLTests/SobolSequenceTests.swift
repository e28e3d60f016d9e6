import GSL
import Testing

@Suite("SobolSequence")
struct SobolSequenceTests {
    @Test func firstPointsMatchGSLManual() throws {
        // The GSL manual's qrng example prints these first 2-D Sobol points; they
        // are dyadic rationals, exact in binary, so compare exactly.
        let sobol = try SobolSequence(dimension: 2)
        #expect(sobol.dimension == 2)
        let expected: [[Double]] = [[0.5, 0.5], [0.75, 0.25], [0.25, 0.75], [0.375, 0.375], [0.875, 0.875]]
        var point: [Double] = []
        sobol.next(into: &point)
        #expect(point == expected[0])
        for p in expected.dropFirst() {
            #expect(sobol.next() == p)
        }
    }

    @Test(arguments: [0, -1, 41])
    func dimensionOutsideGSLLimitThrows(_ dimension: Int) {
        #expect(throws: GSLError.self) { try SobolSequence(dimension: dimension) }
    }

    @Test func maximumDimensionWorks() throws {
        let sobol = try SobolSequence(dimension: SobolSequence.maximumDimension)
        let point = sobol.next()
        #expect(point.count == 40)
        #expect(point.allSatisfy { $0 >= 0 && $0 < 1 })
    }
}

import Testing
@testable import DixianCLI

@Suite struct ComparisonTableTests {
    @Test func figuresThatRoundToZeroHaveNoSign() {
        // An interval of (−0.04, 0.03) households reads "(0.0 to 0.0)", not "(-0.0 to 0.0)".
        #expect(ComparisonTableText.fmt(-0.04) == "0.0")
        #expect(ComparisonTableText.fmt(-0.0) == "0.0")
        #expect(ComparisonTableText.fmt(0.03) == "0.0")
        #expect(ComparisonTableText.fmt(-0.05001) == "-0.1")
        #expect(ComparisonTableText.fmt(-21.86) == "-21.9")
        #expect(ComparisonTableText.fmt(-604.4) == "-604")
        #expect(ComparisonTableText.fmt(4_135.2) == "4135")
    }
}

@testable import DixianModel
import Testing

@Suite struct CountyTests {
    @Test func keyAndBorderCountiesMatchTheModel() {
        // MODEL.md §2: key assisted counties 凤庆, 永德, 沧源; border villages in 镇康, 耿马, 沧源.
        #expect(County.allCases.filter(\.isKeyAssisted) == [.fengqing, .yongde, .cangyuan])
        #expect(County.allCases.filter(\.isBorderCounty) == [.zhenkang, .gengma, .cangyuan])
        #expect(County.allCases.count == 8)
    }

    @Test func diagnosticsPrintFileLineColumn() {
        let d = Diagnostic(
            location: SourceLocation(file: "a.yaml", line: 3, column: 7), path: "seed",
            message: "expected an integer")
        #expect(d.description == "a.yaml:3:7: seed: expected an integer")
    }

    @Test func theListingGivesAProblemRepeatedInEveryRowTenTimesInFullAndThenItsLines() {
        func problem(_ file: String, _ line: Int, _ path: String, _ message: String = "bad") -> Diagnostic {
            Diagnostic(location: SourceLocation(file: file, line: line, column: 5), path: path, message: message)
        }
        // 25 rows with the same bad status (one of them found twice), 3 with a bad county, and
        // 12 different bad statuses in another file.
        let errors = InputErrors(
            (2...26).map { problem("a.csv", $0, "status") } + [problem("a.csv", 7, "status")]
                + [3, 9, 30].map { problem("a.csv", $0, "county") }
                + (2...13).map { problem("b.csv", $0, "status", "bad \($0)") })
        #expect(errors.diagnostics.count == 25 + 3 + 12)
        let lines = errors.listing().split(separator: "\n").map(String.init)
        func status(_ line: Int) -> String { problem("a.csv", line, "status").description }
        func county(_ line: Int) -> String { problem("a.csv", line, "county").description }
        // In file order (a county problem after the status problem of its line, as given).
        #expect(lines == [status(2), status(3), county(3)] + (4...9).map(status) + [county(9), status(10), status(11)]
            + ["a.csv: status: the problem above, 15 more times, on lines 12-26", county(30)]
            + (2...13).map { problem("b.csv", $0, "status", "bad \($0)").description })
        // Ten or fewer of a problem: every one in full, as `description` lists them.
        let few = InputErrors((2...11).map { problem("a.csv", $0, "status") })
        #expect(few.listing() == few.description)
        #expect(InputErrors.lineRanges([12, 13, 14, 16, 20, 21][...]) == "12-14, 16, 20-21")
        #expect(InputErrors.lineRanges([5, 5, 6][...]) == "5-6")
        #expect(InputErrors.lineRanges([7][...]) == "7")
    }
}

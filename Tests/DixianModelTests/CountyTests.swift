import DixianModel
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

    @Test func theListingShowsTenProblemsOfAColumnAndCountsTheRest() {
        func problem(_ file: String, _ line: Int, _ path: String) -> Diagnostic {
            Diagnostic(location: SourceLocation(file: file, line: line, column: 5), path: path, message: "bad")
        }
        // 25 rows with a bad status, 3 with a bad county, 12 bad statuses in another file.
        let errors = InputErrors(
            (2...26).map { problem("a.csv", $0, "status") } + [3, 9, 30].map { problem("a.csv", $0, "county") }
                + (2...13).map { problem("b.csv", $0, "status") })
        let lines = errors.listing().split(separator: "\n").map(String.init)
        let shown = lines.filter { !$0.contains("not shown") }
        #expect(shown.filter { $0.hasPrefix("a.csv") && $0.contains("status") }.map { String($0.split(separator: ":")[1]) }
            == (2...11).map { "\($0)" })
        #expect(shown.filter { $0.contains("county") }.count == 3)
        #expect(shown.filter { $0.hasPrefix("b.csv") }.count == 10)
        #expect(lines.suffix(2) == [
            "a.csv: status: 15 more problems on lines 12 to 26, not shown (the first 10 are above)",
            "b.csv: status: 2 more problems on lines 12 to 13, not shown (the first 10 are above)",
        ])
        #expect(lines.count == 10 + 3 + 10 + 2)
        // Ten or fewer at a path: every one, as `description` lists them.
        let few = InputErrors((2...11).map { problem("a.csv", $0, "status") })
        #expect(few.listing() == few.description)
    }
}

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
}

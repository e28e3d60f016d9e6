import DixianModel
import Foundation
import Testing
import Yams
@testable import DixianPopulation

/// The built population is shared by the tests of this file (built once, ~1 s in debug).
enum Lincang {
    static let built: (population: Population, calibration: LincangCalibration) = {
        try! LincangPopulation.buildWithCalibration()
    }()
    static var population: Population { built.population }
}

@Suite struct LincangPopulationTests {
    @Test func calibrationReportIsWithinEveryTolerance() throws {
        let report = try LincangPopulation.calibrationReport(for: Lincang.population)
        print(report.table)
        print(Lincang.built.calibration)
        for row in report.rows {
            #expect(row.withinTolerance, "\(row.key): \(row.value) vs \(row.target) (\(row.tolerance))")
        }
        #expect(report.rows.count == 24)
    }

    @Test func calibrationTableFitsEightyColumnsInBothLanguages() throws {
        let report = try LincangPopulation.calibrationReport(for: Lincang.population)
        for language in [Outputs.Language.en, .zh] {
            let lines = report.table(language: language).split(separator: "\n").map(String.init)
            #expect(lines.allSatisfy { $0.terminalWidth <= 80 }, "\(language): \(lines.map(\.terminalWidth).max()!)")
            // Every row's numbers are on a line of their own; a long name goes on below them.
            #expect(lines.filter { $0.hasSuffix(language == .en ? "yes" : "是") }.count == 24)
            #expect(lines.allSatisfy { $0.hasSuffix(language == .en ? "yes" : "是") || $0.hasPrefix("  ") || $0 == lines[0] })
        }
        let english = report.table(language: .en).split(separator: "\n").map(String.init)
        let row = try #require(english.firstIndex { $0.hasPrefix("monitored edge & hardship households ") })
        #expect(english[row].hasSuffix(" 5554     5554      exact  yes"))
        #expect(english[row + 1] == "  (边缘易致贫户, 突发严重困难户)")
    }
}

@Suite struct LincangStructureTests {
    @Test func buildIsDeterministic() throws {
        let again = try LincangPopulation.build()
        #expect(again == Lincang.population)
    }

    @Test func householdsAreConsistent() {
        let p = Lincang.population
        #expect(p.count == 94_195 + 5_554)
        #expect(p.ids.isNumbered && p.ids[p.count - 1] == "lc2020-099749")
        var villagesWithHouseholds = Set<Int32>()
        for i in p.indices {
            #expect(p.size[i] >= 1 && p.migrants[i] <= p.laborers[i] && p.laborers[i] <= p.size[i])
            villagesWithHouseholds.insert(p.village[i])
            let money = [p.wageLocal[i], p.wageMigrant[i], p.property[i], p.transfer[i], p.dibaoAmount[i]]
            if !money.allSatisfy({ $0 >= 0 && $0 == $0.rounded() }) { Issue.record("money of household \(i) is not whole yuan") }
            if p.flags[i].contains(.relocated) != (p.site[i] >= 0) { Issue.record("household \(i): relocated without a site") }
            if p.flags[i].contains(.dibao) != (p.dibaoAmount[i] > 0) { Issue.record("household \(i): 低保 flag and amount disagree") }
            if p.flags[i].contains(.tekun) && p.flags[i].contains(.dibao) { Issue.record("household \(i): both 特困 and 低保") }
            if p.status[i] != .exited && !p.flags[i].contains(.monitored) { Issue.record("edge household \(i) not monitored") }
        }
        #expect(villagesWithHouseholds.count == p.geography.villages.count)
        #expect(p.geography.townships.map(\.code).prefix(2) == ["linxiang-01", "linxiang-02"])
        #expect(p.geography.villages.last?.code.hasPrefix("cangyuan-10-") == true)
        let townshipsPerCounty = Dictionary(grouping: p.geography.townships, by: \.county).mapValues(\.count)
        #expect(townshipsPerCounty == [.linxiang: 10, .fengqing: 13, .yunxian: 12, .yongde: 10,
                                       .zhenkang: 7, .shuangjiang: 6, .gengma: 9, .cangyuan: 10])
        let borderByCounty = Dictionary(grouping: p.geography.villages.indices.filter { p.geography.villages[$0].isBorder },
                                        by: { p.geography.county(ofVillage: Int32($0)) }).mapValues(\.count)
        #expect(borderByCounty == [.zhenkang: 14, .gengma: 13, .cangyuan: 17])
    }

    @Test func scaleTwoDoublesHouseholdsAndVillages() throws {
        let double = try LincangPopulation.build(scale: 2)
        let p = Lincang.population
        #expect(double.count == 2 * p.count)
        #expect(double.geography.villages.count == 2 * p.geography.villages.count)
        #expect(double.geography.townships.count == 2 * p.geography.townships.count)
        let report = try LincangPopulation.calibrationReport(for: double, scale: 2)
        for row in report.rows {
            #expect(row.withinTolerance, "\(row.key): \(row.value) vs \(row.target) (\(row.tolerance))")
        }
        #expect(report["exited_persons"]?.value == Double(2 * 368_914))
    }

    @Test func aPopulationReadBackFromAFileIsComparedAtItsScale() throws {
        // The file's scale comes from its exited households: the export's own scale, even where
        // the count's share (11,774 / 94,195 = 0.124996…) is not it, and where a target lands
        // on a half so that a scale off in the sixth digit would round it the other way.
        for scale in [0.125, 0.3, 0.75] {
            let population = try LincangPopulation.build(scale: scale)
            let read = try LincangPopulation.scale(ofFile: population)
            #expect(read == scale)
            let report = try LincangPopulation.calibrationReport(for: population, scale: scale)
            let failing = report.rows.filter { !$0.withinTolerance }
            #expect(failing.isEmpty, "\(scale): \(failing)")
        }
    }

    @Test func tooSmallScaleIsAnError() {
        #expect(throws: LincangDataError.self) { try LincangPopulation.build(scale: 0.001) }
        #expect(throws: LincangDataError.self) { try LincangPopulation.build(scale: -1) }
    }

    @Test func memoryPerHousehold() {
        // 4 village + 4 site + 5 counts + status + flags + 5 money + 4 insured + 4 production
        // offsets, and 9 bytes (commodity, amount) for each commodity a household grows.
        let p = Lincang.population
        let entries = Double(p.productionAmount.count) / Double(p.count)
        #expect(p.bytesPerHousehold == 4 + 4 + 5 + 1 + 1 + 40 + 4 + 4 + 9 * entries)
        // Lincang's households grow one to three of the nine commodities.
        #expect(entries > 1 && entries <= 3)
    }

    @Test func sparseProductionReadsAsTheDenseMatrix() {
        let p = Lincang.population
        let width = p.commodities.count
        #expect(p.production.count == p.count * width)
        for i in stride(from: 0, to: p.count, by: 997) {
            var dense = [Double](repeating: 0, count: width)
            for e in p.productionEntries(i) { dense[Int(p.productionCommodity[e])] = p.productionAmount[e] }
            #expect((0..<width).map { p.production[i * width + $0] } == dense)
            #expect(p.productionEntries(i).allSatisfy { p.productionAmount[$0] > 0 })
        }
    }

    @Test func solvedParametersReproduceTheirTargets() {
        let c = Lincang.built.calibration
        #expect(abs(c.exitedIncomeMean - 10_610) < 1e-6)
        #expect(abs(c.exitedIncomeShareBelow - 0.5342) < 1e-9)
        #expect(c.sizeCountsExited.reduce(0, +) == 94_195)
        #expect(c.sizeCountsExited.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element } == 368_914)
        #expect(c.componentScales.count == 4 && c.componentScales[1] == 1)
    }
}

@Suite struct LincangDataFileTests {
    /// Every entry (a mapping with `value`) names a source: a DATA.md or MODEL.md row, or
    /// `assumption` with a reason; every other mapping only groups entries.
    @Test func everyEntryHasASource() throws {
        let root = try #require(try Yams.compose(yaml: LincangData.embeddedText))
        var entries = 0
        func walk(_ node: Node, path: String) {
            guard let mapping = node.mapping else {
                Issue.record("\(path) is a bare value outside an entry")
                return
            }
            if let _ = mapping["value"] {
                entries += 1
                let source = mapping["source"]?.string ?? ""
                if source == "assumption" {
                    if (mapping["why"]?.string ?? "").isEmpty { Issue.record("\(path): an assumption needs a `why`") }
                } else if !(source.contains("DATA.md") || source.contains("MODEL.md")) {
                    Issue.record("\(path): source `\(source)` is neither a DATA.md/MODEL.md row nor `assumption`")
                }
                return
            }
            for (key, child) in mapping { walk(child, path: path + "." + (key.string ?? "?")) }
        }
        walk(root, path: "lincang-2020")
        #expect(entries > 60)
    }

    @Test func decodesTolerances() {
        #expect(Tolerance("exact") == .exact)
        #expect(Tolerance("0.5%") == .relative(0.005))
        #expect(Tolerance("1.5 pp") == .points(1.5))
        #expect(Tolerance("about") == nil)
        #expect(Tolerance.relative(0.02).accepts(10_400, target: 10_610))
        #expect(!Tolerance.points(1).accepts(55, target: 53.42))
    }
}

import DixianModel
import Foundation
import Testing
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
}

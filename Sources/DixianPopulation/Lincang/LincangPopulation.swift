import DixianModel
import Foundation
import GSL

/// The built-in calibrated synthetic population `lincang-2020` (MODEL.md §2): the registered
/// exited households (脱贫户) of Lincang (临沧) at the end of 2020 and the monitored edge
/// (边缘易致贫户) and hardship (突发严重困难户) households, by county, township and village.
///
/// Built deterministically from `lincang-2020.yaml` (its own seed, independent of any
/// scenario seed); every calibrated parameter is solved in code with GSL root finders
/// (see ``LincangCalibration``). `scale` multiplies households, persons, townships,
/// villages, border villages and relocation sites (rounded; the eight counties stay), so
/// that scale 300 is a national-size run with Lincang's structure.
public enum LincangPopulation {
    /// The name scenarios use for this population.
    public static let name = "lincang-2020"

    /// Builds `lincang-2020` at `scale` (> 0; 1 reproduces the MODEL.md §2 table).
    ///
    /// O(n log n) in the n households (a few sorts); about 0.1 s per 100,000 households in
    /// a release build (docs/population.md).
    public static func build(scale: Double = 1, data: LincangData? = nil) throws -> Population {
        try buildWithCalibration(scale: scale, data: data).population
    }

    /// Throws ``LincangDataError`` when `scale` is too small for the population's structure
    /// (a county left without a township, a site without households…), at once, without
    /// building the households.
    public static func checkScale(_ scale: Double, data: LincangData? = nil) throws {
        try LincangGenerator(data: data ?? LincangData.embedded(), scale: scale).checkLayout()
    }

    /// Builds the population and returns the parameters solved on the way.
    public static func buildWithCalibration(scale: Double = 1, data: LincangData? = nil) throws
        -> (population: Population, calibration: LincangCalibration)
    {
        var generator = try LincangGenerator(data: data ?? LincangData.embedded(), scale: scale)
        let population = try generator.generate()
        return (population, generator.calibration)
    }

    /// The calibration report of `population` against the MODEL.md §2 table, with counts
    /// scaled by `scale` (see ``CalibrationReport``).
    public static func calibrationReport(for population: Population, scale: Double = 1) throws -> CalibrationReport {
        CalibrationReport(population: population, data: try LincangData.embedded(), scale: scale)
    }

    /// The share of Lincang a household file holds, by its exited households against the
    /// registered 94,195: the shortest decimal (to 6 places) whose scaled count rounds to the
    /// file's, so that a population exported at a scale reads back at that scale and its
    /// counts are compared with the targets at it (1 for a file with no exited household).
    public static func scale(ofFile population: Population) throws -> Double {
        let exited = population.status.lazy.filter { $0 == .exited }.count
        guard exited > 0 else { return 1 }
        let registered = (try LincangData.embedded()).targets.exitedHouseholds.value
        let share = Double(exited) / registered
        for places in 1...6 {
            let unit = pow(10, Double(places))
            let rounded = (share * unit).rounded() / unit
            if rounded > 0 && Int((registered * rounded).rounded()) == exited { return rounded }
        }
        return share
    }
}

/// The parameters solved while building `lincang-2020` (printed in docs/population.md).
public struct LincangCalibration: Sendable, CustomStringConvertible {
    public var scale: Double = 1
    /// μ and σ of log per-capita income of the exited before truncation at P_2020.
    public var exitedIncomeMu = 0.0
    public var exitedIncomeSigma = 0.0
    /// The truncated distribution's mean and share below 10,000 (the targets, recomputed).
    public var exitedIncomeMean = 0.0
    public var exitedIncomeShareBelow = 0.0
    /// θ of the size tilt `w_k · e^{θk}` for exited and for edge/hardship households.
    public var sizeTiltExited = 0.0
    public var sizeTiltEdgeHardship = 0.0
    /// Households of each size 1…8.
    public var sizeCountsExited: [Int] = []
    public var sizeCountsEdgeHardship: [Int] = []
    /// Binomial probabilities of a person being a laborer and a laborer a migrant (exited).
    public var laborerProbability = 0.0
    public var migrantProbability = 0.0
    /// Scale factors of the four income components (production = 1): wage, production,
    /// transfer (excluding 低保), property.
    public var componentScales: [Double] = []
    /// 低保 paid to the exited as a share of their income, %.
    public var dibaoShareOfIncome = 0.0
    /// Households picked: 特困, 低保 (exited), monitored (exited), relocated.
    public var tekunHouseholds = 0
    public var dibaoHouseholdsExited = 0
    public var monitoredHouseholdsExited = 0
    public var relocatedHouseholds = 0
    /// Seconds spent building.
    public var seconds = 0.0

    public var description: String {
        func f(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
        return """
            scale                                   \(scale)
            exited per-capita income: ln y ~ N(μ, σ²) truncated at P_2020
              μ = \(f(exitedIncomeMu, 6)), σ = \(f(exitedIncomeSigma, 6)) (median before truncation \(f(exp(exitedIncomeMu), 0)) yuan)
              truncated mean \(f(exitedIncomeMean, 2)) yuan, share below 10,000 = \(f(exitedIncomeShareBelow * 100, 4))%
            size tilt θ: exited \(f(sizeTiltExited, 6)), edge/hardship \(f(sizeTiltEdgeHardship, 6))
              exited households by size 1…8:        \(sizeCountsExited)
              edge/hardship households by size 1…8: \(sizeCountsEdgeHardship)
            laborer probability \(f(laborerProbability)), migrant probability \(f(migrantProbability))
            income component scales (wage, production, transfer excl. 低保, property): \(componentScales.map { f($0, 6) })
            低保 as share of exited income: \(f(dibaoShareOfIncome, 3))%
            picked: 特困 \(tekunHouseholds), 低保 (exited) \(dibaoHouseholdsExited), monitored (exited) \(monitoredHouseholdsExited), relocated \(relocatedHouseholds)
            """
    }
}

import DixianModel
import Foundation
import Yams

/// An entry of `lincang-2020.yaml`: a value with its source.
public struct Sourced<Value: Decodable & Sendable>: Decodable, Sendable {
    public var value: Value
    /// A DATA.md or MODEL.md row, quoted briefly, or `assumption`.
    public var source: String
    /// Why this value (required for assumptions).
    public var why: String?
}

/// How far a calibrated figure may be from its target (MODEL.md §2).
public enum Tolerance: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// Equal (counts; shares of 100%).
    case exact
    /// Within this fraction of the target (0.005 = ±0.5%).
    case relative(Double)
    /// Within this many percentage points (the figure is a percentage).
    case points(Double)

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = Tolerance(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "tolerance `\(text)`: expected `exact`, `X%` or `X pp`"))
        }
        self = parsed
    }

    /// Parses `exact`, `0.5%` or `1.5 pp`.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "exact" { self = .exact; return }
        if t.hasSuffix("%"), let x = Double(t.dropLast().trimmingCharacters(in: .whitespaces)) {
            self = .relative(x / 100); return
        }
        if t.hasSuffix("pp"), let x = Double(t.dropLast(2).trimmingCharacters(in: .whitespaces)) {
            self = .points(x); return
        }
        return nil
    }

    /// True when `value` is within tolerance of `target`.
    public func accepts(_ value: Double, target: Double) -> Bool {
        switch self {
        case .exact: return value == target
        case .relative(let r): return abs(value - target) <= r * abs(target) + 1e-9
        case .points(let p): return abs(value - target) <= p + 1e-9
        }
    }

    public var description: String {
        switch self {
        case .exact: "exact"
        case .relative(let r): "±\(HouseholdFile.formatMoney(r * 100))%"
        case .points(let p): "±\(HouseholdFile.formatMoney(p)) pp"
        }
    }
}

/// A calibration target of the MODEL.md §2 table.
public struct Target: Decodable, Sendable {
    public var value: Double
    public var tolerance: Tolerance
    public var source: String
}

/// The contents of `lincang-2020.yaml`: every assumption and target of the built-in
/// population, each with its source (see the file's header).
public struct LincangData: Decodable, Sendable {
    public struct Lines: Decodable, Sendable {
        /// Poverty line P_2020, yuan per person per year.
        public var poverty: Sourced<Double>
        /// Monitoring line M_2020, yuan per person per year.
        public var monitoring: Sourced<Double>
        /// The 10,000-yuan per-capita threshold of the calibration table.
        public var incomeThreshold: Sourced<Double>
    }
    public struct Targets: Decodable, Sendable {
        public var exitedHouseholds, exitedPersons, edgeHardshipHouseholds, edgeHardshipPersons: Target
        public var counties, townships, villages: Target
        public var meanIncomePerCapita, shareBelowIncomeThreshold: Target
        public var wageShare, productionShare, transferShare, propertyShare: Target
        public var laborerShare, migrantShare, monitoredPersons, dibaoPersons: Target
        public var relocatedHouseholds, relocatedPersons, relocationSites: Target
        public var keyAssistedCounties, borderVillages, borderVillagesElsewhere, exitedAtOrAbovePovertyLine: Target
    }
    public struct CountyEntry: Decodable, Sendable {
        public var townships: Sourced<Int>
        public var villages: Sourced<Int>
        public var householdWeight: Sourced<Double>
        public var borderVillages: Sourced<Int>
        public var relocationSites: Sourced<Int>
    }
    public struct ByGroup: Decodable, Sendable {
        public var exited: Sourced<Double>
        public var edgeHardship: Sourced<Double>
    }
    public struct SizeWeights: Decodable, Sendable {
        public var exited: Sourced<[Double]>
        public var edgeHardship: Sourced<[Double]>
    }
    public struct EdgeHardshipOnly: Decodable, Sendable {
        public var edgeHardship: Sourced<Double>
    }
    public struct IncomeBand: Decodable, Sendable {
        /// Median per-capita income, yuan.
        public var median: Sourced<Double>
        /// Standard deviation of log income.
        public var logSd: Sourced<Double>
        public var minimum: Sourced<Double>
        public var maximum: Sourced<Double>
    }
    public struct ComponentWeights: Decodable, Sendable {
        public var wagePerLocalLaborer, wagePerMigrant: Sourced<Double>
        public var productionBase, productionPerLocalLaborer, productionPerDependant: Sourced<Double>
        public var transferBase, transferPerDependant, transferPerDisabled: Sourced<Double>
        public var propertyBase: Sourced<Double>
    }
    public struct DibaoPreference: Decodable, Sendable {
        public var incomePower: Sourced<Double>
        public var noLaborerFactor: Sourced<Double>
    }
    public struct MonitoringPreference: Decodable, Sendable {
        public var incomePower: Sourced<Double>
        public var illnessFactor: Sourced<Double>
    }

    public var seed: Sourced<UInt64>
    public var householdIdPrefix: Sourced<String>
    public var lines: Lines
    public var targets: Targets
    public var counties: [String: CountyEntry]
    public var villageSizeDispersion: Sourced<Double>
    public var householdSizeWeights: SizeWeights
    public var laborerProbability: EdgeHardshipOnly
    public var migrantProbability: EdgeHardshipOnly
    public var disabledProbability: ByGroup
    public var chronicProbability: ByGroup
    public var hardshipShare: Sourced<Double>
    public var incomeRankCorrelation: Sourced<Double>
    public var edgeIncome: IncomeBand
    public var hardshipIncome: IncomeBand
    public var componentWeights: ComponentWeights
    public var commoditySharesInHousehold: Sourced<[Double]>
    public var commodityMix: Sourced<[String: [Double]]>
    public var insuranceTakeUp: Sourced<[String: Double]>
    public var boundShare: ByGroup
    public var tekunShare: Sourced<Double>
    public var dibaoPerPerson: Sourced<Double>
    public var dibaoIncomeCap: Sourced<Double>
    public var dibaoPreference: DibaoPreference
    public var edgeHardshipDibaoShare: Sourced<Double>
    public var monitoringPreference: MonitoringPreference

    /// The embedded `lincang-2020.yaml`, as text.
    public static var embeddedText: String {
        String(decoding: PackageResources.lincang_2020_yaml, as: UTF8.self)
    }

    /// Decodes the embedded data file.
    public static func embedded() throws -> LincangData {
        try decode(embeddedText)
    }

    /// Decodes a data file's text. Its keys are snake_case (`household_weight`); they are
    /// mapped to the camelCase properties by going through JSON, whose decoder has that
    /// strategy (Yams' has none). Table keys (county codes, commodities) hold no `_`.
    public static func decode(_ text: String) throws -> LincangData {
        guard let tree = try Yams.load(yaml: text) else { throw LincangDataError("the file is empty") }
        let json = try JSONSerialization.data(withJSONObject: tree)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(LincangData.self, from: json)
    }

    /// The county entry for `county`, or a thrown error naming it.
    func entry(_ county: County) throws -> CountyEntry {
        guard let e = counties[county.rawValue] else { throw LincangDataError("counties.\(county.rawValue) is missing") }
        return e
    }
}

/// The data file is inconsistent (a missing county, weights of the wrong length).
public struct LincangDataError: Error, CustomStringConvertible {
    public var description: String { "lincang-2020.yaml: " + message }
    /// The problem, without the data file's name.
    public var message: String
    init(_ message: String) { self.message = message }
}

/// Everything a run needs besides the population itself: one scenario file, validated.
///
/// `Scenario()` is the complete default scenario — the Lincang baseline of
/// `scenarios/lincang-baseline.yaml`, the 2022 plan's policy mix over the transition
/// period 2021–2025. Every default is set here, once, with its unit and its source
/// (a DATA.md row) or the word "assumption"; the scenario loader starts from these values
/// and changes only what a file says. `docs/scenario-reference.md` lists every key.
public struct Scenario: Hashable, Sendable {
    /// Short name, used in reports and as the default output folder.
    public var name: String = "lincang-baseline"
    /// Free text for the reader of a report.
    public var description: String = ""
    /// Seed of every random stream of a run (MODEL.md §7). Assumption: the plan's date.
    public var seed: UInt64 = 20_221_230
    /// How many replications to run. Assumption: 1,000 fixed.
    public var replications: Replications = .fixed(1_000)
    /// Simulated years, inclusive. Default the transition period 过渡期 2021–2025 (MODEL.md §1).
    public var years: YearRange = YearRange(start: 2021, end: 2025)
    /// The year every amount of the scenario and of the population refers to (MODEL.md §1).
    /// Default 2020, the year of the population's figures (MODEL.md §2).
    public var baseYear: Int = 2020
    /// GSL generator name (`gsl_rng_types`), checked by the engine against the generators
    /// GSL offers. Default `mt19937`, GSL's own default: assumption.
    public var rng: String = "mt19937"
    /// Which households.
    public var population: PopulationSource = PopulationSource()
    /// Poverty, monitoring and 低保 lines.
    public var lines: Lines = Lines()
    /// What counts in a household's net resources.
    public var accounting: Accounting = Accounting()
    /// Trend growth and idiosyncratic volatility of incomes (MODEL.md §3.5).
    public var income: IncomeSettings = IncomeSettings()
    /// Prices, disasters, labour market, illness (MODEL.md §3).
    public var shocks: Shocks = Shocks()
    /// The policy mix (MODEL.md §4).
    public var policies: Policies = Policies()
    /// Thresholds of large-scale relapse 规模性返贫 (MODEL.md §5).
    public var largeScale: LargeScaleThresholds = LargeScaleThresholds()
    /// Where results go and in which formats.
    public var outputs: Outputs = Outputs()
    /// Policy variants compared with common random numbers (MODEL.md §6); empty for none.
    public var variants: [Variant] = []
    /// Fixed events on top of the random ones (MODEL.md §6), or nil.
    public var drill: Drill? = nil
    /// A parameter sweep (grid or Sobol design), or nil.
    public var sweep: Sweep? = nil

    public init() {}

    /// The value of a line in `year`, honouring `baseYear` (and the poverty line of the
    /// same year for a monitoring line given as a multiple).
    public func line(_ kind: LineKind, in year: Int) -> Double {
        switch kind {
        case .poverty:
            return lines.poverty.value(in: year, baseYear: baseYear)
        case .monitoring:
            return lines.monitoring.value(
                in: year, baseYear: baseYear, povertyLine: line(.poverty, in: year))
        case .dibao:
            return lines.dibao.value(in: year, baseYear: baseYear)
        }
    }

    /// The poverty line `P_t`.
    public func povertyLine(in year: Int) -> Double { line(.poverty, in: year) }
    /// The monitoring line `M_t`.
    public func monitoringLine(in year: Int) -> Double { line(.monitoring, in: year) }
    /// The 低保 standard `D_t`.
    public func dibaoStandard(in year: Int) -> Double { line(.dibao, in: year) }

    /// The folder results go to: `outputs.dir`, or `outputs/<name>` when none is given.
    public var outputDirectory: String { outputs.dir ?? "outputs/\(name)" }
}

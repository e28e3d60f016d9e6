/// The three lines of MODEL.md §1, each for the scenario's `base_year` or as a table.
public struct Lines: Hashable, Sendable {
    /// Poverty line `P_t` (国家扶贫标准), yuan per person per year.
    /// Default 4,000 in 2020 (DATA.md §1, NRRA "≈4,000", 2020), grown 3% a year
    /// (DATA.md §1: 2,536 in 2011 → 3,218 in 2019 is 3.0% a year).
    public var poverty: Line = .indexed(value: 4_000, growth: 0.03)

    /// Monitoring line `M_t` (防止返贫监测底线), yuan per person per year.
    /// Default: Yunnan's own line as a table — 6,000 in 2021 (DATA.md §1, national monitoring
    /// line 2021), 8,700 in 2025 (DATA.md §1, 云农办通〔2025〕1号); 2022–2024 are DATA.md's
    /// GUESS, a geometric interpolation (6,600 / 7,200 / 7,900): assumption.
    /// The national rule `{multiple: 1.5}` (6,000 in 2020) is the alternative.
    public var monitoring: Line = .table([2021: 6_000, 2022: 6_600, 2023: 7_200, 2024: 7_900, 2025: 8_700])

    /// Rural minimum living guarantee standard `D_t` (农村低保标准), yuan per person per year.
    /// Default 4,620 in 2020 (MODEL.md §1; DATA.md §2 has Yunnan's floor ≥4,500), grown 6%
    /// a year (DATA.md §2: GUESS, +5–8% a year).
    public var dibao: Line = .indexed(value: 4_620, growth: 0.06)

    public init() {}
}

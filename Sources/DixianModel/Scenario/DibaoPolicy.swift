/// Minimum living guarantee (农村低保) and extreme-poverty support (特困供养), MODEL.md §4.
public struct DibaoPolicy: Hashable, Sendable {
    public var enabled = true
    /// Months 低保 keeps paying after a household rises above `D_t` (渐退期).
    /// Default 6: assumption (national practice, not in DATA.md).
    public var phaseOutMonths: Int = 6
    /// 特困 support standard, yuan per person per year in the base year. Default 9,984:
    /// DATA.md §2, Yunnan ≥832 yuan a month at the end of 2020.
    public var tekunStandard: Double = 9_984

    public init() {}
}

/// A policy mix: one setting of every instrument of MODEL.md §4. Defaults are the
/// 2022 Lincang plan's mix; anti-relapse insurance and price insurance are off.
public struct Policies: Hashable, Sendable {
    public var monitoring = MonitoringPolicy()
    public var dibao = DibaoPolicy()
    public var medical = MedicalPolicy()
    public var employment = EmploymentPolicy()
    public var agriInsurance = AgriInsurancePolicy()
    public var binding = BindingPolicy()
    public var consumptionHelp = ConsumptionHelpPolicy()
    public var riskFund = RiskFundPolicy()
    public var relapseInsurance = RelapseInsurancePolicy()
    public var disasterRelief = DisasterReliefPolicy()
    /// Yearly budgets per county, by instrument; an instrument without one is unlimited.
    public var budgets: [Instrument: Budget] = [:]

    public init() {}

    /// Whether an instrument is switched on.
    public func isEnabled(_ instrument: Instrument) -> Bool {
        switch instrument {
        case .monitoring: monitoring.enabled
        case .dibao: dibao.enabled
        case .medical: medical.enabled
        case .employment: employment.enabled
        case .agriInsurance: agriInsurance.enabled
        case .binding: binding.enabled
        case .consumptionHelp: consumptionHelp.enabled
        case .riskFund: riskFund.enabled
        case .relapseInsurance: relapseInsurance.enabled
        case .disasterRelief: disasterRelief.enabled
        }
    }
}

/// A yearly budget of one instrument (MODEL.md §4, "Budgets"): when a county's budget
/// for the year is spent, the instrument pays nothing more there that year.
///
/// A budget given county by county without a `default` caps only the counties it lists;
/// the others are not capped (a planner capping 沧源's relief means 沧源's, not the others'
/// at nothing). An amount for every county, or a `default`, caps them all.
public struct Budget: Hashable, Sendable {
    /// Yuan per county and year; `default` applies to the counties not listed only when
    /// ``capsUnlisted``.
    public var yearlyPerCounty: Keyed<County, Double>
    /// Whether the counties `yearlyPerCounty` does not list are capped at its default.
    public var capsUnlisted: Bool

    public init(yearlyPerCounty: Keyed<County, Double>, capsUnlisted: Bool = true) {
        self.yearlyPerCounty = yearlyPerCounty
        self.capsUnlisted = capsUnlisted
    }

    /// Whether the budget caps `county`.
    public func caps(_ county: County) -> Bool { capsUnlisted || yearlyPerCounty.overrides[county] != nil }

    /// The county's yearly budget, yuan; infinite for a county it does not cap.
    public subscript(county: County) -> Double { caps(county) ? yearlyPerCounty[county] : .infinity }
}

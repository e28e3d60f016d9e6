import DixianModel

/// The headline figures of a replication (INTERFACE.md, names exactly as written there).
public enum Metric: String, CaseIterable, Sendable, Hashable {
    /// 返贫: households of status `exited` with net resources below the poverty line.
    case relapseHouseholds = "relapse_households"
    /// Persons in relapsed households.
    case relapsePersons = "relapse_persons"
    /// 新致贫: households of another status below the poverty line.
    case newPovertyHouseholds = "new_poverty_households"
    /// Households below the monitoring line at year end, any status.
    case atRiskHouseholds = "at_risk_households"
    /// Households that are monitoring objects at year end.
    case monitoredHouseholds = "monitored_households"
    /// Of the households at risk at some month end of the year, the share monitored at year end.
    case foundShare = "found_share"
    /// Mean months from a household's first at-risk month to being found, over households found.
    case detectionLagMonths = "detection_lag_months"
    /// Village-years in breach of the large-scale relapse threshold (规模性返贫).
    case villageBreaches = "village_breaches"
    /// Township-years in breach.
    case townshipBreaches = "township_breaches"
    /// 1 when any village breaches (in the year, or in any year for `all`), else 0.
    case anyVillageBreach = "any_village_breach"
    /// All policy spending, yuan.
    case spendingTotal = "spending_total"
    /// Households below the poverty line while monitored at year end.
    case poorWhileMonitored = "poor_while_monitored_households"
    /// Persons in newly poor households (MODEL.md §5 counts new poverty in households and
    /// persons); after the metrics INTERFACE.md lists, whose order it keeps.
    case newPovertyPersons = "new_poverty_persons"

    /// Whether the figure is a 0/1 event (its interval is the exact binomial one).
    public var isEvent: Bool { self == .anyVillageBreach }

    /// Whether the figure counts something (its exceedance curve is reported).
    public var isCount: Bool {
        switch self {
        case .foundShare, .detectionLagMonths, .spendingTotal, .anyVillageBreach: false
        default: true
        }
    }
}

/// A breakdown of the households (INTERFACE.md `group`).
public enum OutcomeGroup: Hashable, Sendable {
    case all
    case county(County)
    /// Relocated households (易地扶贫搬迁).
    case relocated
    /// Households of border villages (沿边行政村).
    case border
    /// Households of key assisted counties (重点帮扶县).
    case keyCounty
    /// Monitoring objects at the start of the run.
    case monitoredAtStart
    /// 低保 recipients at the start of the run.
    case dibao

    /// Every group, in output order.
    public static let every: [OutcomeGroup] =
        [.all] + County.allCases.map { .county($0) } + [.relocated, .border, .keyCounty, .monitoredAtStart, .dibao]

    /// The name written in output files.
    public var name: String {
        switch self {
        case .all: "all"
        case .county(let c): "county:\(c.rawValue)"
        case .relocated: "relocated"
        case .border: "border"
        case .keyCounty: "key_county"
        case .monitoredAtStart: "monitored_at_start"
        case .dibao: "dibao"
        }
    }

    /// Position in ``every``.
    var index: Int {
        switch self {
        case .all: 0
        case .county(let c): 1 + County.allCases.firstIndex(of: c)!
        case .relocated: 9
        case .border: 10
        case .keyCounty: 11
        case .monitoredAtStart: 12
        case .dibao: 13
        }
    }
}

/// What a relapse is blamed on: the largest loss against the household's own no-shock
/// path (MODEL.md §5); `none` when no shock lost it anything (a structurally poor year).
public enum RelapseCause: String, CaseIterable, Sendable, Hashable {
    case disaster, price
    case jobLoss = "job_loss"
    case illness
    case volatility
    case none
}

/// The payers of policy spending, as reported in `spending.csv`.
public enum SpendingItem: String, CaseIterable, Sendable, Hashable {
    /// Targeted help to monitored households (帮扶).
    case monitoring
    /// 低保 payments.
    case dibao
    /// 特困供养 support.
    case tekun
    /// Basic and catastrophic-illness insurance reimbursements.
    case medicalInsurance = "medical_insurance"
    /// Medical aid and tilted aid (医疗救助, 倾斜救助).
    case medicalAid = "medical_aid"
    /// Wages of public-welfare posts (公益性岗位).
    case employment
    /// Agricultural yield and price insurance indemnities.
    case agriInsurance = "agri_insurance"
    /// Price support to bound households (双绑 floor price).
    case binding
    /// Consumption help purchases above market price (消费帮扶).
    case consumptionHelp = "consumption_help"
    /// Industry risk fund reimbursements (产业发展风险保障金).
    case riskFund = "risk_fund"
    /// Anti-relapse insurance payouts (防止返贫保险).
    case relapseInsurance = "relapse_insurance"
    /// Anti-relapse insurance premiums paid by government.
    case relapseInsurancePremiums = "relapse_insurance_premiums"
    /// Temporary assistance and housing reconstruction subsidies.
    case disasterRelief = "disaster_relief"

    /// Position in `allCases`.
    @inline(__always) public var index: Int {
        switch self {
        case .monitoring: 0
        case .dibao: 1
        case .tekun: 2
        case .medicalInsurance: 3
        case .medicalAid: 4
        case .employment: 5
        case .agriInsurance: 6
        case .binding: 7
        case .consumptionHelp: 8
        case .riskFund: 9
        case .relapseInsurance: 10
        case .relapseInsurancePremiums: 11
        case .disasterRelief: 12
        }
    }

    /// Whether `spending_total` counts this item: every one but anti-relapse insurance's
    /// payouts, which the insurer pays out of the premiums government pays (counted instead:
    /// counting both would count the same money twice).
    public var countsInTotal: Bool { self != .relapseInsurance }

    /// The instrument whose yearly budget limits this item, if any (低保 and 特困 share the
    /// 低保 budget; insurance reimbursements and premiums have none).
    public var budgetInstrument: Instrument? {
        switch self {
        case .monitoring: .monitoring
        case .dibao, .tekun: .dibao
        case .medicalAid: .medical
        case .employment: .employment
        case .agriInsurance: .agriInsurance
        case .binding: .binding
        case .consumptionHelp: .consumptionHelp
        case .riskFund: .riskFund
        case .relapseInsurance: .relapseInsurance
        case .disasterRelief: .disasterRelief
        case .medicalInsurance, .relapseInsurancePremiums: nil
        }
    }
}

/// How a replication's figures are laid out: metric × period × group, where a period is
/// one simulated year or the whole horizon (`all`, the last period).
public struct OutcomeLayout: Hashable, Sendable {
    /// The simulated years, in order.
    public let years: [Int]
    public var periodCount: Int { years.count + 1 }
    public var allPeriod: Int { years.count }

    public init(years: [Int]) { self.years = years }

    /// The name of a period in output files: the year, or `all`.
    public func periodName(_ period: Int) -> String {
        period == allPeriod ? "all" : String(years[period])
    }

    var metricStride: Int { periodCount * OutcomeGroup.every.count }
    var valueCount: Int { Metric.allCases.count * metricStride }

    @inline(__always) func index(_ metric: Int, _ period: Int, _ group: Int) -> Int {
        metric * metricStride + period * OutcomeGroup.every.count + group
    }

    var spendingCount: Int { SpendingItem.allCases.count * County.allCases.count * periodCount }

    @inline(__always) func spendingIndex(_ item: Int, _ county: Int, _ period: Int) -> Int {
        (item * County.allCases.count + county) * periodCount + period
    }

    var causeCount: Int { RelapseCause.allCases.count * periodCount }

    /// Figures a replication keeps per variant (values, spending, causes; drills add their
    /// months, ``monthlyCount``): doubles held until the run's files are written, in memory or
    /// in a spill file (``ReplicationStore``).
    public var figuresPerReplication: Int { valueCount + spendingCount + causeCount }

    /// A drill's month-by-month figures per replication and variant.
    public var monthlyCount: Int { years.count * 12 * DrillMetric.stride }
}

/// Figure numbers: where each figure sits in a replication's record as a ``ReplicationStore``
/// keeps it — values (metric × period × group), then spending (item × county × period), then
/// relapses by cause (cause × period), then a drill's months. Consecutive numbers are read
/// together at the cost of one, so tables that walk figures in this order read fastest.
extension OutcomeLayout {
    /// The figures of the headline values (metric × period × group).
    public var valueFigures: Range<Int> { 0..<valueCount }
    /// The spending figures (item × county × period).
    public var spendingFigures: Range<Int> { valueCount..<valueCount + spendingCount }
    /// The relapses-by-cause figures (cause × period).
    public var causeFigures: Range<Int> { valueCount + spendingCount..<figuresPerReplication }
    /// A drill's figures of month `month` of year `yearIndex`: ``DrillMetric`` order, then
    /// households at risk per county, households relapsing per county, then spending per item.
    public func monthFigures(yearIndex: Int, month: Int) -> Range<Int> {
        let start = figuresPerReplication + (yearIndex * 12 + month) * DrillMetric.stride
        return start..<start + DrillMetric.stride
    }

    /// Figures per replication: ``figuresPerReplication``, plus ``monthlyCount`` for a drill.
    public func recordCount(monthly: Bool) -> Int { figuresPerReplication + (monthly ? monthlyCount : 0) }

    /// The figure of `metric` in `period` for `group`.
    public func figure(_ metric: Metric, period: Int, group: OutcomeGroup = .all) -> Int {
        index(Metric.allCases.firstIndex(of: metric)!, period, group.index)
    }

    /// The spending figure of one payer in one county and period, yuan.
    public func figure(spending item: SpendingItem, county: County, period: Int) -> Int {
        valueCount + spendingIndex(item.index, County.allCases.firstIndex(of: county)!, period)
    }

    /// The figure of the households whose relapse is blamed on `cause` in `period`.
    public func figure(relapses cause: RelapseCause, period: Int) -> Int {
        valueCount + spendingCount + RelapseCause.allCases.firstIndex(of: cause)! * periodCount + period
    }

    /// A drill's figure at the end of `month` (0-based) of year `yearIndex` (see ``ReplicationOutcome/monthly``).
    public func figure(_ metric: DrillMetric, yearIndex: Int, month: Int) -> Int {
        figuresPerReplication + (yearIndex * 12 + month) * DrillMetric.stride + metric.index
    }

    /// A drill's households at risk in one county at the end of `month` of year `yearIndex`.
    public func figure(atRisk county: County, yearIndex: Int, month: Int) -> Int {
        figuresPerReplication + (yearIndex * 12 + month) * DrillMetric.stride + DrillMetric.allCases.count
            + County.allCases.firstIndex(of: county)!
    }

    /// A drill's exited households heading for relapse in one county at the end of `month`
    /// of year `yearIndex`.
    public func figure(relapsing county: County, yearIndex: Int, month: Int) -> Int {
        figuresPerReplication + (yearIndex * 12 + month) * DrillMetric.stride + DrillMetric.allCases.count
            + County.allCases.count + County.allCases.firstIndex(of: county)!
    }

    /// A drill's spending on one item in `month` of year `yearIndex`, yuan.
    public func figure(monthlySpending item: SpendingItem, yearIndex: Int, month: Int) -> Int {
        figuresPerReplication + (yearIndex * 12 + month) * DrillMetric.stride + DrillMetric.allCases.count
            + 2 * County.allCases.count + item.index
    }
}

/// The figures of one replication of one variant: everything the summary, the
/// replication table and the exceedance curves are computed from.
///
/// `nan` marks a figure that is undefined in this replication (a share with no
/// households to share among); summaries skip it.
public struct ReplicationOutcome: Sendable, Equatable {
    /// Equal when every figure has the same bits (so undefined figures, NaN, compare equal).
    public static func == (a: ReplicationOutcome, b: ReplicationOutcome) -> Bool {
        func same(_ x: [Double], _ y: [Double]) -> Bool { x.map(\.bitPattern) == y.map(\.bitPattern) }
        return a.layout == b.layout && same(a.values, b.values) && same(a.spending, b.spending)
            && same(a.causes, b.causes) && same(a.monthly, b.monthly)
    }

    public let layout: OutcomeLayout
    /// metric × period × group, see ``OutcomeLayout``.
    public var values: [Double]
    /// Spending, yuan: item × county × period.
    public var spending: [Double]
    /// Relapsed households by cause: cause × period.
    public var causes: [Double]
    /// For a drill, the month-by-month figures: (year index × 12 + month) × (``DrillMetric``,
    /// then households at risk per county, households relapsing per county, spending per
    /// item); empty otherwise.
    public var monthly: [Double]

    public init(layout: OutcomeLayout, monthly: Bool = false) {
        self.layout = layout
        values = Array(repeating: 0, count: layout.valueCount)
        spending = Array(repeating: 0, count: layout.spendingCount)
        causes = Array(repeating: 0, count: layout.causeCount)
        self.monthly = monthly ? Array(repeating: 0, count: layout.years.count * 12 * DrillMetric.stride) : []
    }

    /// A drill figure at the end of `month` (0-based) of year `yearIndex`.
    public func monthly(_ metric: DrillMetric, yearIndex: Int, month: Int) -> Double {
        monthly[(yearIndex * 12 + month) * DrillMetric.stride + metric.index]
    }

    /// A drill's households at risk in one county at the end of `month` of year `yearIndex`.
    public func monthlyAtRisk(county: County, yearIndex: Int, month: Int) -> Double {
        monthly[(yearIndex * 12 + month) * DrillMetric.stride + DrillMetric.allCases.count
            + County.allCases.firstIndex(of: county)!]
    }

    /// A drill's exited households heading for relapse in one county at the end of `month`
    /// of year `yearIndex`.
    public func monthlyRelapsing(county: County, yearIndex: Int, month: Int) -> Double {
        monthly[(yearIndex * 12 + month) * DrillMetric.stride + DrillMetric.allCases.count + County.allCases.count
            + County.allCases.firstIndex(of: county)!]
    }

    /// A drill's spending on one item in `month` of year `yearIndex`, yuan.
    public func monthlySpending(_ item: SpendingItem, yearIndex: Int, month: Int) -> Double {
        monthly[(yearIndex * 12 + month) * DrillMetric.stride + DrillMetric.allCases.count + 2 * County.allCases.count
            + item.index]
    }

    public func value(_ metric: Metric, period: Int, group: OutcomeGroup = .all) -> Double {
        values[layout.index(Metric.allCases.firstIndex(of: metric)!, period, group.index)]
    }

    public func spending(_ item: SpendingItem, county: County, period: Int) -> Double {
        spending[
            layout.spendingIndex(
                SpendingItem.allCases.firstIndex(of: item)!, County.allCases.firstIndex(of: county)!, period)]
    }

    public func relapses(cause: RelapseCause, period: Int) -> Double {
        causes[RelapseCause.allCases.firstIndex(of: cause)! * layout.periodCount + period]
    }
}

/// The month-by-month figures of a drill (MODEL.md §6), each at a month's end.
public enum DrillMetric: String, CaseIterable, Sendable, Hashable {
    /// Households whose projected resources for the year are below the monitoring line.
    case atRisk = "at_risk_households"
    /// Households found by monitoring in the month.
    case found = "found_households"
    /// Households receiving targeted help for the first time in the run, in the month.
    case helped = "helped_households"
    /// Exited households whose projected resources for the year are below the poverty line:
    /// in December, the year's relapses.
    case relapsing = "relapsing_households"
    /// Exited households heading for relapse at this month's end for the first time since
    /// the drill's first event; their running total is `relapsed_since_start` in drill.csv.
    case firstRelapsing = "first_relapsing_households"
    /// Villages whose relapsing households reach the large-scale threshold.
    case villageBreaches = "village_breaches"
    /// Townships likewise.
    case townshipBreaches = "township_breaches"
    /// Policy spending in the month, yuan (payments limited by a budget as granted).
    case spending = "spending"
    /// Public-welfare posts held in the month.
    case postsInUse = "posts_in_use"

    var index: Int { Self.allCases.firstIndex(of: self)! }

    /// Values per month: the metrics, households at risk per county (code order), households
    /// relapsing per county, spending per item (``SpendingItem`` order).
    static let stride = allCases.count + 2 * County.allCases.count + SpendingItem.allCases.count
}

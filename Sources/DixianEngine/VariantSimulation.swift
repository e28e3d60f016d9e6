import DixianModel
import Foundation
import GSL

/// One variant's policies acting on a replication's shock tape, year by year (MODEL.md
/// §3.6, §4, §5).
///
/// A household-year with no shock, no unemployed migrant, no policy contact and
/// resources safely above the monitoring line is settled in a few operations (the fast
/// path). Every other household-year is walked month by month (the slow path): jobs
/// change at the start of a month, then the month's shocks land, then its wages and
/// payments are earned, and at the end of the month the household's projected
/// resources for the year decide whether it is at risk, found, helped or enrolled.
///
/// Payments limited by a budget or by the number of posts are recorded as claims and
/// granted after the year's pass in month order (then household order), so a budget
/// runs out in the month it would run out in reality; a household denied a payment
/// keeps the rest of its year as simulated, without that payment.
///
/// Performance: the household loop reads and writes only ``FixedBuffer``s owned by this
/// object or shared read-only by the run's workers (``HouseholdColumns``), and
/// reads the tape through buffer pointers, so it does no reference counting, uniqueness
/// or bounds checks per household. Every buffer it owns is freed in `deinit` (the shared
/// columns by ``HouseholdColumns``).
final class VariantSimulation {
    let settings: PolicySettings
    let shocks: ShockSettings
    let table: HouseholdTable
    let selections: PolicySelections
    let layout: OutcomeLayout
    /// The policies' draws, keyed by household and month (the same in every variant).
    private var draws = PolicyDraws()
    /// The household columns, shared read-only with the run's other workers.
    private let columns: HouseholdColumns

    // The household columns the year pass reads: views of the shared `columns`, and copies of `selections`.
    private let persons: FixedBuffer<Int32>
    private let county: FixedBuffer<UInt8>
    private let village: FixedBuffer<Int32>
    private let township: FixedBuffer<Int32>
    private let groupBits: FixedBuffer<UInt16>
    private let exited: FixedBuffer<Bool>
    private let tekun: FixedBuffer<Bool>
    /// Local (non-migrant) laborers, able or not.
    private let localLaborers: FixedBuffer<UInt8>
    private let migrants: FixedBuffer<UInt8>
    private let wageLocal: FixedBuffer<Double>
    private let wageMigrant: FixedBuffer<Double>
    /// Base-year monthly wage of the household's local laborers together, and of each migrant.
    private let localMonthlyBase: FixedBuffer<Double>
    private let migrantMonthlyBase: FixedBuffer<Double>
    private let property: FixedBuffer<Double>
    private let transfer: FixedBuffer<Double>
    private let productionStart: FixedBuffer<Int32>
    private let productionCommodity: FixedBuffer<UInt8>
    private let productionAmount: FixedBuffer<Double>
    private let productionHousehold: FixedBuffer<Int32>
    private let migrantStart: FixedBuffer<Int32>
    private let bound: FixedBuffer<Bool>
    private let insured: FixedBuffer<UInt32>
    private let relapseInsured: FixedBuffer<Bool>
    /// Commodity mask of each hazard.
    private let hazardMask: FixedBuffer<UInt32>
    /// Bit i set when spending item i is limited by a budget (its payments are claims).
    private let budgetedItems: UInt32
    /// The budget pool of each spending item, −1 when none.
    private let poolOfItem: [Int]

    // State carried across the years of a replication.
    /// First absolute month (12·yearIndex + month) in which the household is monitored; `Int32.max` when not.
    private let monitoredFrom: FixedBuffer<Int32>
    private let stableYears: FixedBuffer<UInt8>
    /// Absolute month of the first at-risk month end of the current unfound episode, or −1.
    private let atRiskSince: FixedBuffer<Int32>
    private let dibaoEnrolled: FixedBuffer<Bool>
    private let dibaoMonthly: FixedBuffer<Double>
    /// Months of 低保 still to pay while phasing out, or −1 when not phasing out.
    private let phaseOutLeft: FixedBuffer<Int16>
    /// Per migrant: employed, remaining spell budget, absolute month of the last job loss
    /// (no re-employment that month), able to work.
    private let employed: FixedBuffer<Bool>
    private let spellBudget: FixedBuffer<Double>
    private let lostAt: FixedBuffer<Int32>
    private let migrantAble: FixedBuffer<Bool>
    /// Per household: able local laborers, able migrants, and able migrants without a job.
    private let ableLocal: FixedBuffer<UInt8>
    private let ableMigrants: FixedBuffer<UInt8>
    private let unemployedMigrants: FixedBuffer<UInt8>
    /// Laborer-months of wage lost to an illness or an injury (MODEL.md §3.2, §3.4: `k` months
    /// of wage) that fall after the December of the year after the event's, placed twelve of
    /// each cause a year from the January of theirs.
    private let carriedIllnessMonths: FixedBuffer<UInt16>
    private let carriedInjuryMonths: FixedBuffer<UInt16>
    /// Absences of laborers running into the next year, month by month (``Absence/Carry``).
    private let absenceCarry: FixedBuffer<Absence.Carry>
    /// Bits for the whole-horizon counts: 1 relapsed, 2 newly poor, 4 at risk, 8 monitored, 16 poor while monitored.
    private let ever: FixedBuffer<UInt8>

    // Scratch of a year.
    private let resources: FixedBuffer<Double>
    private let denied: FixedBuffer<Double>
    private let lossDisaster: FixedBuffer<Float>
    private let lossJob: FixedBuffer<Float>
    private let lossIllness: FixedBuffer<Float>
    /// Where household h's events of the year start in the tape's events.
    private let firstEvent: FixedBuffer<Int32>
    /// Bits of a year: 1 at risk at some month end, 2 found this year.
    private let yearFlags: FixedBuffer<UInt8>
    /// Whether household h's year left nothing to count at its end unless a payment of its
    /// is denied: settled by the fast path above M_t, which is at or above the poverty line
    /// (set by every pass of h; `countHouseholds` skips such a household).
    private let uncounted: FixedBuffer<Bool>
    /// The households of the year not `uncounted` and not already counted by the pass (which
    /// counts those that claimed nothing budget-limited, outside groups sharing passes), in
    /// household order (a pass of every household): the first `toCountEnd` entries (a buffer
    /// of every household, appended to without an array's uniqueness and capacity checks).
    private let toCount: FixedBuffer<Int32>
    private var toCountEnd = 0
    private let lagMonths: FixedBuffer<Int16>
    private var claims: [Claim] = []
    private var postClaims: [PostClaim] = []
    /// The year's spending per item and county, in exact units of 10^-6 yuan (``Spending``).
    private let spendingYear: FixedBuffer<Int64>
    private let relapsedPerVillage: FixedBuffer<Int32>
    private let relapsedPerTownship: FixedBuffer<Int32>
    /// Production of the household being simulated at this year's prices, per crop.
    private let production: FixedBuffer<Double>
    /// This year's price index per commodity, and the price a bound household gets (≥ the floor).
    private let price: FixedBuffer<Double>
    private let boundPrice: FixedBuffer<Double>
    /// Share of a household's affected production that consumption help buys at base price.
    private let consumptionShare: FixedBuffer<Double>
    /// Price-insurance indemnity per yuan of production at base price, per commodity.
    private let priceIndemnity: FixedBuffer<Double>
    private let yearCounters: Counters
    private let wholeHorizon: Counters
    /// Month-by-month tallies of a drill; nil for other runs.
    private let drill: DrillMonths?
    /// A drill's households that claimed something budget-limited or a post this year, in
    /// household order, and their projections at the month ends (``recountDrillMonths()``).
    private var drillClaimants: [DrillClaimant] = []
    /// `drillClaimants`' projections, 22 each: before the month's help at the ends of
    /// January…November, then after it.
    private var drillProjections: [Double] = []
    /// The projections of the household being simulated, as `drillProjections` holds them.
    private var drillScratch = [Double](repeating: 0, count: 22)
    /// The month (0-based) in which this pass first counted the household being simulated
    /// as helped, and heading for relapse since the drill's start; −1 when it did not.
    private var drillHelpedMonth: Int8 = -1
    private var drillFirstRelapsing: Int8 = -1
    /// What the year's grants denied a drill's households, claim by claim.
    private var drillDenials: [DrillDenial] = []
    /// Months (bits) in which a drill's household had targeted help granted, when a budget limits it.
    private var drillHelpGranted: [Int32: UInt16] = [:]
    /// Whether any policy is on: if none is, households are simulated by the copy of the
    /// pass compiled without the policies' tests (``NoPolicies``).
    private let anyPolicy: Bool

    // Sharing passes with the reference variant of the tape group (``PolicyFeatures``).
    /// The first variant of the tape group, when this variant shares its passes.
    private unowned(unsafe) var reference: VariantSimulation?
    /// Household-years whose pass this variant took from the reference, over its life.
    private(set) var sharedPasses = 0
    /// The features in which this variant's settings differ from the reference's.
    private var differing: PolicyFeatures = []
    /// The features the last household's pass read.
    private var consulted: PolicyFeatures = []

    /// Records that the pass read `feature` of the policies: nothing in the copy of the
    /// pass for a mix with every policy off, which runs only when no record is kept.
    @inline(__always) private func note<M: PolicyMix>(_: M.Type, _ feature: PolicyFeatures) {
        if M.any { consulted |= feature }
    }
    /// Per household: whether its state may differ from the reference's (it is then kept
    /// and simulated here; otherwise it is the reference's).
    private var diverged: FixedBuffer<Bool>
    /// The reference, while some variant shares its passes: payments also kept in
    /// `payments`, what each pass read in `passRead`, state at the start of a pass that may
    /// change it in `startOfYear` and `migrantsAtStartOfYear`.
    private var logging = false
    /// A sharing variant during its pass: payments kept in `payments`, made after the pass.
    private var deferring = false
    private var payments: [Payment] = []
    private var passRead: FixedBuffer<PolicyFeatures>
    /// Where each household's payments end in `payments` (the reference).
    private var paymentsEnd: FixedBuffer<Int32>
    /// The pass's payments per item and county in spending units: the reference's own; a
    /// sharing variant's, the reference's with its simulated households' in their place.
    private let passTotals: FixedBuffer<Int64>
    /// The households a sharing variant simulated this year, in order.
    private var simulated: [Int32] = []
    /// The households with a payment denied this year.
    private var deniedHouseholds: [Int32] = []
    /// This year's budget denials (household, amount), in the order made.
    private var budgetDenials: [(Int32, Double)] = []
    /// The year's relapses by cause.
    private let yearCauses = FixedBuffer<Double>(repeating: 0, count: RelapseCause.allCases.count)
    /// The number of claims the reference's pass made (before the posts' claims).
    private var passClaimsEnd = 0
    private var startOfYear: FixedBuffer<CarriedState>
    private var migrantsAtStartOfYear: FixedBuffer<MigrantState>
    /// The year being simulated (set by the pass, read by the tally).
    private var yearContext: YearContext?
    private var yearTape: ShockYear?
    /// Whether settings read by the tally for a household's next state (monitoring's exit
    /// rule, whether monitoring is on) differ from the reference's: then a monitored
    /// household diverges at the tally.
    private var tallyDiffers = true

    /// A drill's tallies for the months of the current year (MODEL.md §6).
    private final class DrillMonths {
        let atRisk = FixedBuffer<Double>(repeating: 0, count: 12)
        let found = FixedBuffer<Double>(repeating: 0, count: 12)
        let helped = FixedBuffer<Double>(repeating: 0, count: 12)
        let relapsing = FixedBuffer<Double>(repeating: 0, count: 12)
        let firstRelapsing = FixedBuffer<Double>(repeating: 0, count: 12)
        /// Spending per month, and per item and month (item × 12 + month), in exact units (``Spending``).
        let spending = FixedBuffer<Int64>(repeating: 0, count: 12)
        let spendingByItem = FixedBuffer<Int64>(repeating: 0, count: SpendingItem.allCases.count * 12)
        let posts = FixedBuffer<Double>(repeating: 0, count: 12)
        /// Households at risk, and exited households heading for relapse, per county and month
        /// (county × 12 + month).
        let atRiskByCounty = FixedBuffer<Double>(repeating: 0, count: County.allCases.count * 12)
        let relapsingByCounty = FixedBuffer<Double>(repeating: 0, count: County.allCases.count * 12)
        /// Relapsing households per village and month (village × 12 + month), and per township.
        let villageRelapsing: FixedBuffer<Int32>
        let townshipRelapsing: FixedBuffer<Int32>

        init(villages: Int, townships: Int) {
            villageRelapsing = FixedBuffer(repeating: 0, count: villages * 12)
            townshipRelapsing = FixedBuffer(repeating: 0, count: townships * 12)
        }

        func zero() {
            for buffer in [atRisk, found, helped, relapsing, firstRelapsing, posts, atRiskByCounty, relapsingByCounty] { buffer.fill(with: 0) }
            spending.fill(with: 0)
            spendingByItem.fill(with: 0)
            villageRelapsing.fill(with: 0)
            townshipRelapsing.fill(with: 0)
        }

        deinit {
            for buffer in [atRisk, found, helped, relapsing, firstRelapsing, posts, atRiskByCounty, relapsingByCounty] { buffer.deallocate() }
            spending.deallocate()
            spendingByItem.deallocate()
            villageRelapsing.deallocate()
            townshipRelapsing.deallocate()
        }
    }

    /// A drill's household that claimed something budget-limited or a post in the year.
    private struct DrillClaimant {
        var household: Int32
        /// The month this year's pass first counted it as helped, or −1.
        var helped: Int8
        /// The month this year's pass first counted it heading for relapse since the drill's start, or −1.
        var firstRelapsing: Int8
    }

    /// The part of a drill's claim that a grant denied.
    private struct DrillDenial {
        var household: Int32
        var month: UInt8
        /// What it is: targeted help or anti-relapse insurance, paid at the month's end after
        /// its at-risk test; a monthly flow the month's projection carries on — a post's wage
        /// to December, 低保 or 特困 support for the months the household goes on claiming it
        /// (a phase-out's, only those it has left); anything else, paid during the month.
        var kind: Kind
        var amount: Double

        enum Kind { case help, insurance, post, allowance, other }

        /// Whether the claim is paid after the month's at-risk test.
        var afterTest: Bool { kind == .help || kind == .insurance }
    }

    /// Records household h's state at the ends of `months` of the current year in the drill's
    /// tallies, January to November, with its projections there — `before` the month's help
    /// (the at-risk test's), `after` it (the relapse test's): December's is the year's count
    /// (`countOwn`), which holds tilted aid, paid after the months, and the claims budgets
    /// and posts deny; ``recountDrillMonths()`` counts the months again with those denials.
    @inline(__always) private func recordMonths(
        _ h: Int, _ months: Range<Int>, before: Double, after: Double, atRisk: Bool, relapsing: Bool
    ) {
        guard drill != nil, months.lowerBound < 11 else { return }
        let months = months.lowerBound..<min(months.upperBound, 11)
        for m in months {
            drillScratch[m] = before
            drillScratch[11 + m] = after
        }
        recordMonthEnds(h, months, atRisk: atRisk, relapsing: relapsing)
    }

    /// Records household h's state at the ends of `months` of the current year in the drill's tallies.
    @inline(__always) private func recordMonthEnds(_ h: Int, _ months: Range<Int>, atRisk: Bool, relapsing: Bool) {
        guard let drill, atRisk || relapsing else { return }
        if relapsing && ever[h] & Self.relapsingSinceDrillBit == 0 {
            // The first month end since the drill's start at which h is heading for relapse.
            let first = max(months.lowerBound, shocks.drillStart - drillYearStart)
            if first < months.upperBound {
                ever[h] |= Self.relapsingSinceDrillBit
                drill.firstRelapsing[first] += 1
                drillFirstRelapsing = Int8(first)
            }
        }
        let v = Int(village[h]) * 12
        let t = Int(township[h]) * 12
        let c = Int(county[h]) * 12
        for m in months {
            if atRisk {
                drill.atRisk[m] += 1
                drill.atRiskByCounty[c + m] += 1
            }
            if relapsing {
                drill.relapsing[m] += 1
                drill.relapsingByCounty[c + m] += 1
                drill.villageRelapsing[v + m] += 1
                drill.townshipRelapsing[t + m] += 1
            }
        }
    }

    /// Counts household h as helped in `month` if it was never helped before in the run.
    @inline(__always) private func recordHelped(_ h: Int, month: Int) {
        guard let drill, ever[h] & Self.helpedBit == 0 else { return }
        ever[h] |= Self.helpedBit
        drill.helped[month] += 1
        drillHelpedMonth = Int8(month)
    }

    /// The `ever` bit of a household that has received targeted help.
    private static let helpedBit: UInt8 = 32
    /// The `ever` bit of a household that has been heading for relapse at a month end since a drill's start.
    private static let relapsingSinceDrillBit: UInt8 = 64
    /// The absolute month of January of the year being simulated (for a drill's tallies).
    private var drillYearStart = 0

    private struct Claim {
        var household: Int32
        var month: UInt8
        var item: UInt8
        /// Whether it pays part of an out-of-pocket cost (a medical reimbursement, a housing subsidy).
        var relievesCost: Bool
        var amount: Double
    }

    /// A payment made during a household's pass, kept to be made again by variants that take the pass.
    private struct Payment {
        var household: Int32
        var item: SpendingItem
        var county: UInt8
        var month: UInt8
        var relievesCost: Bool
        var amount: Double
    }

    private struct PostClaim {
        var household: Int32
        var month: UInt8
    }

    /// Per-group tallies of a period, indexed `metric × groups + group`.
    private struct Counters {
        let values: FixedBuffer<Double>
        let foundNumerator: FixedBuffer<Double>
        let foundDenominator: FixedBuffer<Double>
        let lagSum: FixedBuffer<Double>
        let lagCount: FixedBuffer<Double>

        init() {
            let groups = OutcomeGroup.every.count
            values = FixedBuffer(repeating: 0, count: Metric.allCases.count * groups)
            foundNumerator = FixedBuffer(repeating: 0, count: groups)
            foundDenominator = FixedBuffer(repeating: 0, count: groups)
            lagSum = FixedBuffer(repeating: 0, count: groups)
            lagCount = FixedBuffer(repeating: 0, count: groups)
        }

        func zero() {
            for buffer in [values, foundNumerator, foundDenominator, lagSum, lagCount] { buffer.fill(with: 0) }
        }

        func deallocate() {
            for buffer in [values, foundNumerator, foundDenominator, lagSum, lagCount] { buffer.deallocate() }
        }
    }

    /// Cumulative monthly hazards of re-employment, `−log(1 − p)`, without and with employment help.
    private let findHazardWithoutHelp: Double
    private let boostedFindHazard: Double

    private static let groups = OutcomeGroup.every.count
    private static let counties = County.allCases.count
    /// `counties` for the payments of the household pass, where a static's lazy
    /// initialisation check would cost a call each time.
    private let countyCount = VariantSimulation.counties
    private static let metricIndex = Dictionary(uniqueKeysWithValues: Metric.allCases.enumerated().map { ($1, $0) })

    init(
        settings: PolicySettings, shocks: ShockSettings, table: HouseholdTable, columns: HouseholdColumns,
        selections: PolicySelections, layout: OutcomeLayout
    ) throws {
        self.columns = columns
        self.settings = settings
        self.shocks = shocks
        self.table = table
        self.selections = selections
        self.layout = layout
        let n = table.count
        let m = table.migrantCount
        persons = columns.persons
        county = columns.county
        village = columns.village
        township = columns.township
        groupBits = columns.groupBits
        exited = columns.exited
        tekun = columns.tekun
        localLaborers = columns.localLaborers
        migrants = columns.migrants
        wageLocal = columns.wageLocal
        wageMigrant = columns.wageMigrant
        localMonthlyBase = columns.localMonthlyBase
        migrantMonthlyBase = columns.migrantMonthlyBase
        property = columns.property
        transfer = columns.transfer
        productionStart = columns.productionStart
        productionCommodity = columns.productionCommodity
        productionAmount = columns.productionAmount
        productionHousehold = columns.productionHousehold
        migrantStart = columns.migrantStart
        bound = FixedBuffer(selections.bound)
        insured = FixedBuffer(selections.insured)
        relapseInsured = FixedBuffer(selections.relapseInsured)
        hazardMask = FixedBuffer(shocks.hazards.map(\.commodityMask))
        budgetedItems = settings.budgetPool.enumerated().reduce(0) { $1.element != nil ? $0 | 1 << UInt32($1.offset) : $0 }
        poolOfItem = settings.budgetPool.map { $0 ?? -1 }

        monitoredFrom = FixedBuffer(repeating: .max, count: n)
        stableYears = FixedBuffer(repeating: 0, count: n)
        atRiskSince = FixedBuffer(repeating: -1, count: n)
        dibaoEnrolled = FixedBuffer(repeating: false, count: n)
        dibaoMonthly = FixedBuffer(repeating: 0, count: n)
        phaseOutLeft = FixedBuffer(repeating: -1, count: n)
        employed = FixedBuffer(repeating: true, count: m)
        spellBudget = FixedBuffer(repeating: 0, count: m)
        lostAt = FixedBuffer(repeating: -1, count: m)
        migrantAble = FixedBuffer(repeating: true, count: m)
        ableLocal = FixedBuffer(repeating: 0, count: n)
        ableMigrants = FixedBuffer(repeating: 0, count: n)
        unemployedMigrants = FixedBuffer(repeating: 0, count: n)
        carriedIllnessMonths = FixedBuffer(repeating: 0, count: n)
        carriedInjuryMonths = FixedBuffer(repeating: 0, count: n)
        absenceCarry = FixedBuffer(repeating: Absence.Carry(), count: n)
        ever = FixedBuffer(repeating: 0, count: n)
        resources = FixedBuffer(repeating: 0, count: n)
        denied = FixedBuffer(repeating: 0, count: n)
        lossDisaster = FixedBuffer(repeating: 0, count: n)
        lossJob = FixedBuffer(repeating: 0, count: n)
        lossIllness = FixedBuffer(repeating: 0, count: n)
        firstEvent = FixedBuffer(repeating: 0, count: n)
        yearFlags = FixedBuffer(repeating: 0, count: n)
        uncounted = FixedBuffer(repeating: false, count: n)
        toCount = FixedBuffer(repeating: 0, count: n)
        lagMonths = FixedBuffer(repeating: 0, count: n)
        // The buffers of sharing passes are allocated by `share(with:)` when needed (§6).
        diverged = FixedBuffer(repeating: true, count: 0)
        passRead = FixedBuffer(repeating: [], count: 0)
        paymentsEnd = FixedBuffer(repeating: 0, count: 0)
        passTotals = FixedBuffer(repeating: 0, count: SpendingItem.allCases.count * Self.counties)
        startOfYear = FixedBuffer(repeating: Self.noState, count: 0)
        migrantsAtStartOfYear = FixedBuffer(repeating: Self.noMigrantState, count: 0)
        spendingYear = FixedBuffer(repeating: Int64(0), count: SpendingItem.allCases.count * Self.counties)
        relapsedPerVillage = FixedBuffer(repeating: 0, count: table.villageCount)
        relapsedPerTownship = FixedBuffer(repeating: 0, count: table.townshipCount)
        production = FixedBuffer(repeating: 0, count: table.commodityCount)
        price = FixedBuffer(repeating: 0, count: table.commodityCount)
        boundPrice = FixedBuffer(repeating: 0, count: table.commodityCount)
        consumptionShare = FixedBuffer(repeating: 0, count: table.commodityCount)
        priceIndemnity = FixedBuffer(repeating: 0, count: table.commodityCount)
        yearCounters = Counters()
        wholeHorizon = Counters()
        drill = shocks.drillEvents.isEmpty ? nil : DrillMonths(villages: table.villageCount, townships: table.townshipCount)
        anyPolicy = settings.monitoring.enabled || settings.dibao.enabled || settings.medical.enabled
            || settings.employment.enabled || settings.agriInsurance.enabled || settings.binding.enabled
            || settings.consumptionHelp.enabled || settings.riskFund.enabled || settings.relapseInsurance.enabled
            || settings.disasterRelief.enabled
        findHazardWithoutHelp = -log1p(-min(settings.reemploymentMonthly, ShockSettings.almostOne))
        boostedFindHazard = -log1p(
            -min(settings.reemploymentMonthly + settings.employment.reemploymentBoost, ShockSettings.almostOne))
        places = PlaceTally(villages: table.villageCount, townships: table.townshipCount)
        breachedThisReplication = [Bool](repeating: false, count: table.villageCount + table.townshipCount)
    }

    deinit {
        carriedIllnessMonths.deallocate()
        carriedInjuryMonths.deallocate()
        absenceCarry.deallocate()
        bound.deallocate()
        insured.deallocate()
        relapseInsured.deallocate()
        hazardMask.deallocate()
        monitoredFrom.deallocate()
        stableYears.deallocate()
        atRiskSince.deallocate()
        dibaoEnrolled.deallocate()
        dibaoMonthly.deallocate()
        phaseOutLeft.deallocate()
        employed.deallocate()
        spellBudget.deallocate()
        lostAt.deallocate()
        migrantAble.deallocate()
        ableLocal.deallocate()
        ableMigrants.deallocate()
        unemployedMigrants.deallocate()
        ever.deallocate()
        resources.deallocate()
        denied.deallocate()
        lossDisaster.deallocate()
        lossJob.deallocate()
        lossIllness.deallocate()
        firstEvent.deallocate()
        yearFlags.deallocate()
        uncounted.deallocate()
        toCount.deallocate()
        lagMonths.deallocate()
        diverged.deallocate()
        passRead.deallocate()
        yearCauses.deallocate()
        paymentsEnd.deallocate()
        passTotals.deallocate()
        startOfYear.deallocate()
        migrantsAtStartOfYear.deallocate()
        spendingYear.deallocate()
        relapsedPerVillage.deallocate()
        relapsedPerTownship.deallocate()
        production.deallocate()
        price.deallocate()
        boundPrice.deallocate()
        consumptionShare.deallocate()
        priceIndemnity.deallocate()
        yearCounters.deallocate()
        wholeHorizon.deallocate()
    }

    /// Starts replication `replication`: seeds the policy stream (the same seed for every
    /// variant) and sets every household to its state at the start of the run.
    func start(replication: Int) {
        draws.reseed(StreamSeeds.seed(scenarioSeed: shocks.seed, replication: replication, purpose: .policies))
        for h in 0..<table.count {
            monitoredFrom[h] = table.startsMonitored[h] && settings.monitoring.enabled ? 0 : .max
            stableYears[h] = 0
            atRiskSince[h] = -1
            dibaoEnrolled[h] = table.startsDibao[h] && settings.dibao.enabled && !tekun[h]
            // Until the first annual review sets it, the monthly 低保 is what the household
            // received in the base year; a household found above the standard at that review
            // keeps it through the phase-out.
            dibaoMonthly[h] = dibaoEnrolled[h] ? table.dibaoAmount[h] / 12 : 0
            phaseOutLeft[h] = -1
            ableLocal[h] = localLaborers[h]
            ableMigrants[h] = migrants[h]
            unemployedMigrants[h] = 0
            carriedIllnessMonths[h] = 0
            carriedInjuryMonths[h] = 0
            absenceCarry[h] = Absence.Carry()
            ever[h] = 0
        }
        employed.fill(with: true)
        spellBudget.fill(with: 0)
        lostAt.fill(with: -1)
        migrantAble.fill(with: true)
        wholeHorizon.zero()
        for p in breachedThisReplication.indices { breachedThisReplication[p] = false }
    }

    // MARK: - A year

    /// Facts of a year shared by every household (its prices are in `price`, `boundPrice`,
    /// `consumptionShare` and `priceIndemnity`).
    private struct YearContext {
        var index: Int
        var povertyLine: Double
        var monitoringLine: Double
        /// M_t·(1 + margin): a monitored household whose year's resources per person reach it
        /// counts a stable year towards leaving monitoring (风险消除).
        var exitLine: Double
        var dibaoStandard: Double
        var wageGrowth: Double
        var productionGrowth: Double
        var propertyGrowth: Double
        var transferGrowth: Double
        var takeUp: Double
        var epidemicMonths: UInt16
    }

    /// Simulates year `yearIndex` of every variant of a tape group on the group's shock tape
    /// and writes each variant's figures into `outcomes[slots[k]]`.
    ///
    /// The first variant (the reference) simulates every household and keeps what each
    /// pass read and paid. Each other variant that shares passes (``PolicyFeatures``)
    /// simulates only the households it has to — those whose state already differs from
    /// the reference's (diverged), and those whose pass this year read a setting in which
    /// it differs (they diverge now, from the reference's state at the year's start) —
    /// and leaves the others' state where it is, in the reference: their payments and
    /// post claims are the reference's, merged in household order with its own, and its
    /// tally reads their figures from the reference. So a variant's cost is that of the
    /// households its differences touch, and its figures are those it would compute
    /// alone, to the bit.
    static func simulate(
        group: [VariantSimulation], yearIndex y: Int, tape: ShockYear, into outcomes: inout [ReplicationOutcome],
        at slots: [Int]
    ) {
        let reference = group[0]
        reference.logging = group.dropFirst().contains { $0.reference != nil }
        reference.payments.removeAll(keepingCapacity: true)
        reference.pass(yearIndex: y, tape: tape)
        reference.logging = false
        for variant in group.dropFirst() { variant.pass(yearIndex: y, tape: tape) }
        for variant in group { variant.grant() }
        // The reference's tally last: the others read its figures and state of the year before it changes them.
        for k in group.indices.dropFirst() { group[k].tally(into: &outcomes[slots[k]]) }
        reference.tally(into: &outcomes[slots[0]])
        for k in group.indices.dropFirst() { group[k].completeTally(into: &outcomes[slots[k]]) }
    }

    /// Starts replication `replication` for every variant of a tape group; see ``simulate(group:yearIndex:tape:into:at:)``.
    static func start(group: [VariantSimulation], replication: Int) {
        for variant in group { variant.start(replication: replication) }
        for variant in group.dropFirst() where variant.reference != nil {
            variant.diverged.fill(with: false)
            variant.diverge(from: group[0])
        }
    }

    /// The households' pass of year `y`: each household simulated, or, in a variant that
    /// shares passes, only those its differences touch.
    private func pass(yearIndex y: Int, tape: ShockYear) {
        let context = beginYear(yearIndex: y, tape: tape)
        let count = table.count
        let reference = self.reference
        deferring = reference != nil
        if deferring {
            payments.removeAll(keepingCapacity: true)
            simulated.removeAll(keepingCapacity: true)
        }
        toCountEnd = 0
        // A household that claimed nothing budget-limited this year (no post, no claim on a
        // budget) cannot be denied a payment, so its figures are final when its pass ends:
        // it is counted then, while its columns are still in cache, instead of at the
        // year's end. Not in a group sharing passes, whose variants read the reference's
        // state of the year before its tally moves it.
        let countsInPass = reference == nil && !logging
        tape.events.withUnsafeBufferPointer { events in
            tape.hazardEvents.withUnsafeBufferPointer { hazardEvents in
                tape.wageFactor.withUnsafeBufferPointer { wageFactor in
                    tape.productionFactor.withUnsafeBufferPointer { productionFactor in
                        var cursor = 0
                        for h in 0..<count {
                            let first = cursor
                            firstEvent[h] = Int32(first)
                            while cursor < events.count && events[cursor].household == Int32(h) { cursor += 1 }
                            if let reference {
                                let read = reference.passRead[h]
                                let fromRecord = !read.contains(.settledFast)
                                if !diverged[h] {
                                    if differing.isDisjoint(with: read) {
                                        sharedPasses += 1
                                        continue
                                    }
                                    // Diverges now: from the reference's state at the start of the year.
                                    takeState(h, from: reference, startOfYear: fromRecord)
                                    diverged[h] = true
                                } else if differing.isDisjoint(with: read)
                                    && hasStartOfYearState(h, of: reference, fromRecord: fromRecord)
                                {
                                    // Back where the reference is: its pass is this variant's again.
                                    diverged[h] = false
                                    sharedPasses += 1
                                    continue
                                }
                            }
                            consulted = []
                            let claimsBefore = claims.count
                            let postClaimsBefore = postClaims.count
                            if drill != nil {
                                drillHelpedMonth = -1
                                drillFirstRelapsing = -1
                            }
                            let own = UnsafeBufferPointer(rebasing: events[first..<cursor])
                            if anyPolicy || logging || reference != nil {
                                simulateHousehold(
                                    SomePolicies.self, h, context: context, events: own, hazardEvents: hazardEvents,
                                    wageFactor: Double(wageFactor[h]), productionFactor: Double(productionFactor[h]))
                            } else {
                                simulateHousehold(
                                    NoPolicies.self, h, context: context, events: own, hazardEvents: hazardEvents,
                                    wageFactor: Double(wageFactor[h]), productionFactor: Double(productionFactor[h]))
                            }
                            if drill != nil && (claims.count > claimsBefore || postClaims.count > postClaimsBefore) {
                                drillClaimants.append(
                                    DrillClaimant(
                                        household: Int32(h), helped: drillHelpedMonth, firstRelapsing: drillFirstRelapsing))
                                drillProjections += drillScratch
                            }
                            if !uncounted[h] {
                                if countsInPass && claims.count == claimsBefore && postClaims.count == postClaimsBefore {
                                    countOwn(h, context: context, tape: tape)
                                } else {
                                    toCount[toCountEnd] = Int32(h)
                                    toCountEnd += 1
                                }
                            }
                            if logging {
                                passRead[h] = consulted
                                paymentsEnd[h] = Int32(payments.count)
                            } else if deferring {
                                simulated.append(Int32(h))
                            }
                        }
                    }
                }
            }
        }
        if let reference {
            deferring = false
            mergePasses(with: reference)
        }
        passClaimsEnd = claims.count
    }

    /// The year's context; clears the year's claims and spending.
    private func beginYear(yearIndex y: Int, tape: ShockYear) -> YearContext {
        let context = makeContext(yearIndex: y, tape: tape)
        yearContext = context
        yearTape = tape
        drillYearStart = 12 * y
        claims.removeAll(keepingCapacity: true)
        postClaims.removeAll(keepingCapacity: true)
        drillClaimants.removeAll(keepingCapacity: true)
        drillProjections.removeAll(keepingCapacity: true)
        spendingYear.fill(with: 0)
        passTotals.fill(with: 0)
        zeroCounts()
        return context
    }

    /// After the households' pass: premiums paid, posts and budget-limited claims granted.
    private func grant() {
        deniedHouseholds.removeAll(keepingCapacity: true)
        budgetDenials.removeAll(keepingCapacity: true)
        drillDenials.removeAll(keepingCapacity: true)
        drillHelpGranted.removeAll(keepingCapacity: true)
        if settings.relapseInsurance.enabled {
            // Premiums of anti-relapse insurance, paid by government for every insured household,
            // for the year in January (a drill's months too).
            let i = SpendingItem.relapseInsurancePremiums.index
            for c in 0..<Self.counties {
                let units = Spending.units(settings.relapseInsurance.premium * Double(selections.relapseInsuredPerCounty[c]))
                spendingYear[i * Self.counties + c] &+= units
                if let drill {
                    drill.spending[0] &+= units
                    drill.spendingByItem[i * 12] &+= units
                }
            }
        }
        grantPosts()
        grantBudgets()
        recountDrillMonths()
    }

    /// After the grants: the year's counts, then its tally (in a sharing variant that
    /// counts differences, the tally waits for the reference's counts: `completeTally`).
    private func tally(into outcome: inout ReplicationOutcome) {
        guard let context = yearContext, let tape = yearTape else { preconditionFailure("tally before the year's pass") }
        // The counts were zeroed when the year began (`beginYear`): the pass may have counted.
        if let reference, !tallyDiffers {
            countDifferences(context: context, tape: tape, from: reference)
            return
        }
        countHouseholds(context: context, tape: tape)
        tally(context: context, tape: tape, into: &outcome)
    }

    /// A sharing variant that counted differences: the reference's counts added, the tally.
    private func completeTally(into outcome: inout ReplicationOutcome) {
        guard let context = yearContext, let tape = yearTape, let reference, !tallyDiffers else { return }
        addCounts(of: reference)
        tally(context: context, tape: tape, into: &outcome)
    }

    // MARK: - Sharing passes with the reference variant

    /// Makes this variant share the passes of households its differences from `reference`
    /// (the first variant of its tape group) do not touch. Not in drills (their
    /// month-by-month tallies are made during the pass), nor when the variant differs
    /// in a setting every household reads.
    func share(with reference: VariantSimulation) {
        differing = settings.features(selections, differingFrom: reference.settings, reference.selections)
        guard drill == nil && !differing.contains(.residual) else { return }
        self.reference = reference
        reference.keepPassRecords()
        if diverged.count != table.count {
            diverged.deallocate()
            diverged = FixedBuffer(repeating: true, count: table.count)
        }
        tallyDiffers = settings.monitoring.enabled != reference.settings.monitoring.enabled
            || settings.monitoring.exit != reference.settings.monitoring.exit
    }

    /// Allocates the reference's records of its passes (once; a run without sharing never needs them).
    private func keepPassRecords() {
        guard passRead.count != table.count else { return }
        passRead.deallocate()
        paymentsEnd.deallocate()
        startOfYear.deallocate()
        migrantsAtStartOfYear.deallocate()
        passRead = FixedBuffer(repeating: [], count: table.count)
        paymentsEnd = FixedBuffer(repeating: 0, count: table.count)
        startOfYear = FixedBuffer(repeating: Self.noState, count: table.count)
        migrantsAtStartOfYear = FixedBuffer(repeating: Self.noMigrantState, count: table.migrantCount)
    }

    private static let noState = CarriedState(
        monitoredFrom: 0, atRiskSince: 0, dibaoMonthly: 0, phaseOutLeft: 0, stableYears: 0, ableLocal: 0,
        ableMigrants: 0, unemployedMigrants: 0, ever: 0, dibaoEnrolled: false, carriedIllnessMonths: 0,
        carriedInjuryMonths: 0, absenceCarry: Absence.Carry())
    private static let noMigrantState = MigrantState(spellBudget: 0, lostAt: 0, employed: false, able: false)

    /// A household's state carried from year to year, as one value (for the reference's
    /// record of its state at the start of a year).
    private struct CarriedState {
        var monitoredFrom: Int32
        var atRiskSince: Int32
        var dibaoMonthly: Double
        var phaseOutLeft: Int16
        var stableYears: UInt8
        var ableLocal: UInt8
        var ableMigrants: UInt8
        var unemployedMigrants: UInt8
        var ever: UInt8
        var dibaoEnrolled: Bool
        var carriedIllnessMonths: UInt16
        var carriedInjuryMonths: UInt16
        var absenceCarry: Absence.Carry
    }

    /// A migrant's state carried from year to year.
    private struct MigrantState {
        var spellBudget: Double
        var lostAt: Int32
        var employed: Bool
        var able: Bool
    }

    @inline(__always) private func carriedState(_ h: Int) -> CarriedState {
        CarriedState(
            monitoredFrom: monitoredFrom[h], atRiskSince: atRiskSince[h], dibaoMonthly: dibaoMonthly[h],
            phaseOutLeft: phaseOutLeft[h], stableYears: stableYears[h], ableLocal: ableLocal[h],
            ableMigrants: ableMigrants[h], unemployedMigrants: unemployedMigrants[h], ever: ever[h],
            dibaoEnrolled: dibaoEnrolled[h], carriedIllnessMonths: carriedIllnessMonths[h],
            carriedInjuryMonths: carriedInjuryMonths[h], absenceCarry: absenceCarry[h])
    }

    @inline(__always) private func setCarriedState(_ h: Int, _ state: CarriedState) {
        monitoredFrom[h] = state.monitoredFrom
        atRiskSince[h] = state.atRiskSince
        dibaoMonthly[h] = state.dibaoMonthly
        phaseOutLeft[h] = state.phaseOutLeft
        stableYears[h] = state.stableYears
        ableLocal[h] = state.ableLocal
        ableMigrants[h] = state.ableMigrants
        unemployedMigrants[h] = state.unemployedMigrants
        ever[h] = state.ever
        dibaoEnrolled[h] = state.dibaoEnrolled
        carriedIllnessMonths[h] = state.carriedIllnessMonths
        carriedInjuryMonths[h] = state.carriedInjuryMonths
        absenceCarry[h] = state.absenceCarry
    }

    @inline(__always) private func migrantState(_ m: Int) -> MigrantState {
        MigrantState(spellBudget: spellBudget[m], lostAt: lostAt[m], employed: employed[m], able: migrantAble[m])
    }

    @inline(__always) private func setMigrantState(_ m: Int, _ state: MigrantState) {
        spellBudget[m] = state.spellBudget
        lostAt[m] = state.lostAt
        employed[m] = state.employed
        migrantAble[m] = state.able
    }

    /// Records household h's state at the start of its pass (the reference, before a pass
    /// that may change it), for variants that diverge on this pass.
    @inline(__always) private func recordStartOfYear(_ h: Int) {
        startOfYear[h] = carriedState(h)
        for m in Int(migrantStart[h])..<Int(migrantStart[h + 1]) { migrantsAtStartOfYear[m] = migrantState(m) }
    }

    /// Takes household h's state from the reference: as it was at the start of the year
    /// (`startOfYear`: before a pass that changed it), or as it is now, with the year's figures.
    private func takeState(_ h: Int, from r: VariantSimulation, startOfYear: Bool) {
        if startOfYear {
            setCarriedState(h, r.startOfYear[h])
            for m in Int(migrantStart[h])..<Int(migrantStart[h + 1]) { setMigrantState(m, r.migrantsAtStartOfYear[m]) }
        } else {
            setCarriedState(h, r.carriedState(h))
            for m in Int(migrantStart[h])..<Int(migrantStart[h + 1]) { setMigrantState(m, r.migrantState(m)) }
            resources[h] = r.resources[h]
            lossDisaster[h] = r.lossDisaster[h]
            lossJob[h] = r.lossJob[h]
            lossIllness[h] = r.lossIllness[h]
            yearFlags[h] = r.yearFlags[h]
            lagMonths[h] = r.lagMonths[h]
        }
    }

    /// After a sharing variant's pass: its payments are the reference's, with those of
    /// the households it simulated in place of the reference's for them. Spending is kept
    /// in exact units, so totals can be corrected household by household and come out as
    /// they would from every payment made in turn; claims on a budget stay totals until a
    /// budget runs short (`grantBudgets`, `passClaims`). The post claims are merged in
    /// household order, the order in which the variant would have made them all.
    private func mergePasses(with r: VariantSimulation) {
        let counties = Self.counties
        for k in 0..<passTotals.count { passTotals[k] = r.passTotals[k] }
        for h in simulated {
            for payment in r.payments[r.paymentRange(of: Int(h))] {
                passTotals[payment.item.index * counties + Int(payment.county)] &-= Spending.units(payment.amount)
            }
        }
        for payment in payments {
            passTotals[payment.item.index * counties + Int(payment.county)] &+= Spending.units(payment.amount)
        }
        for i in 0..<SpendingItem.allCases.count where !isBudgeted(i) {
            for c in 0..<counties { spendingYear[i * counties + c] &+= passTotals[i * counties + c] }
        }
        guard !r.postClaims.isEmpty || !postClaims.isEmpty else { return }
        postClaims = mergedWithReference(r.postClaims, postClaims, household: \.household)
    }

    /// The reference's entries (in household order) of the households this variant did not
    /// simulate, merged with its own (in household order, all of households it simulated).
    private func mergedWithReference<Entry>(
        _ theirs: some Sequence<Entry>, _ mine: some Collection<Entry>, household: (Entry) -> Int32
    ) -> [Entry] {
        var merged: [Entry] = []
        var j = mine.startIndex
        for entry in theirs where !diverged[Int(household(entry))] {
            while j != mine.endIndex && household(mine[j]) < household(entry) {
                merged.append(mine[j])
                mine.formIndex(after: &j)
            }
            merged.append(entry)
        }
        merged.append(contentsOf: mine[j...])
        return merged
    }

    /// Where household h's payments stand in `payments` (the reference, which records them all).
    private func paymentRange(of h: Int) -> Range<Int> {
        (h == 0 ? 0 : Int(paymentsEnd[h - 1]))..<Int(paymentsEnd[h])
    }

    /// Whether a budget limits spending item `i` (its payments are claims).
    @inline(__always) private func isBudgeted(_ i: Int) -> Bool { budgetedItems & (1 << UInt32(i)) != 0 }

    /// Whether a sharing variant's pass claims are the reference's: the households it
    /// simulated claimed what they claimed there (same items, months and amounts).
    private func hasReferenceClaims(_ r: VariantSimulation) -> Bool {
        var j = 0
        for h in simulated {
            // Its own payments are all of households it simulated, in household order.
            let start = j
            while j < payments.count && payments[j].household == h { j += 1 }
            let mine = payments[start..<j].lazy.filter { self.isBudgeted($0.item.index) }
            let theirs = r.payments[r.paymentRange(of: Int(h))].lazy.filter { self.isBudgeted($0.item.index) }
            let same = mine.elementsEqual(theirs) {
                $0.item == $1.item && $0.month == $1.month && $0.amount.bitPattern == $1.amount.bitPattern
            }
            guard same else { return false }
        }
        return true
    }

    /// A sharing variant's pass claims one by one, in household order: the reference's
    /// for the households it did not simulate, its own for the others.
    private func passClaims() -> [Claim] {
        guard let r = reference else { return [] }
        func claim(_ p: Payment) -> Claim {
            Claim(
                household: p.household, month: p.month, item: UInt8(p.item.index), relievesCost: p.relievesCost,
                amount: p.amount)
        }
        let mine = payments.lazy.filter { self.isBudgeted($0.item.index) }.map(claim)
        if r.budgetedItems == budgetedItems {
            // The same items are claims there: its pass claims are the ones to take.
            return mergedWithReference(r.claims[..<r.passClaimsEnd], mine, household: \.household)
        }
        let theirs = r.payments.lazy.filter { self.isBudgeted($0.item.index) }.map(claim)
        return mergedWithReference(theirs, mine, household: \.household)
    }

    /// Whether household h's state here is the reference's at the start of the year (its
    /// record of it, `fromRecord`, when its pass changed it; else its state now).
    private func hasStartOfYearState(_ h: Int, of r: VariantSimulation, fromRecord: Bool) -> Bool {
        let theirs = fromRecord ? r.startOfYear[h] : r.carriedState(h)
        guard same(carriedState(h), theirs) else { return false }
        for m in Int(migrantStart[h])..<Int(migrantStart[h + 1]) {
            guard same(migrantState(m), fromRecord ? r.migrantsAtStartOfYear[m] : r.migrantState(m)) else { return false }
        }
        return true
    }

    @inline(__always) private func same(_ a: CarriedState, _ b: CarriedState) -> Bool {
        a.monitoredFrom == b.monitoredFrom && a.atRiskSince == b.atRiskSince
            && a.dibaoMonthly.bitPattern == b.dibaoMonthly.bitPattern && a.phaseOutLeft == b.phaseOutLeft
            && a.stableYears == b.stableYears && a.ableLocal == b.ableLocal && a.ableMigrants == b.ableMigrants
            && a.unemployedMigrants == b.unemployedMigrants && a.ever == b.ever && a.dibaoEnrolled == b.dibaoEnrolled
            && a.carriedIllnessMonths == b.carriedIllnessMonths && a.carriedInjuryMonths == b.carriedInjuryMonths
            && a.absenceCarry == b.absenceCarry
    }

    @inline(__always) private func same(_ a: MigrantState, _ b: MigrantState) -> Bool {
        a.spellBudget.bitPattern == b.spellBudget.bitPattern && a.lostAt == b.lostAt && a.employed == b.employed
            && a.able == b.able
    }

    /// Marks as diverged every household whose carried state differs from the reference's
    /// (at the start of a replication: the settings of a variant may start some
    /// households elsewhere).
    private func diverge(from r: VariantSimulation) {
        for h in 0..<table.count where !diverged[h] && !hasStartOfYearState(h, of: r, fromRecord: false) {
            diverged[h] = true
        }
    }

    private func makeContext(yearIndex y: Int, tape: ShockYear) -> YearContext {
        let s = settings
        let n = table.commodityCount
        price.copy(from: tape.priceIndex)
        let floor = s.binding.enabled ? s.binding.floor : 0
        for c in 0..<n { boundPrice[c] = max(price[c], floor) }

        // Consumption help (消费帮扶): a yearly amount buys the affected output (listed
        // commodities whose price fell) at base price; when it cannot buy everything,
        // every household's affected output is bought in the same proportion, `share` =
        // yearly / the affected output's value at base price. A household gains what the
        // purchase pays above what its output fetches (`consumptionShare` × its price
        // loss). The affected output is this year's (growth and each household's production
        // factor), each household's computed as its pass computes it, so that the purchases
        // add up to the yearly amount itself (to rounding), not to it only on average — less
        // what the year's disasters destroy: the share is set in January, before them (a
        // later disaster changes no earlier month), and destroyed output is not bought.
        consumptionShare.fill(with: 0)
        if s.consumptionHelp.enabled {
            // Per commodity, the base-price value of a unit of output bought above what it
            // fetches (1 − π for an unbound household; 1 − max(π, floor) for a bound one), or 0.
            var bought = [Double](repeating: 0, count: 2 * n)
            for c in 0..<n where s.consumptionMask & (1 << UInt32(c)) != 0 && price[c] < 1 {
                bought[c] = 1 - price[c]
                bought[n + c] = max(0, 1 - boundPrice[c])
            }
            var affectedValue = 0.0
            if bought.contains(where: { $0 > 0 }) {
                // Over the production entries, in four running sums (a sum's rounding is all
                // that the order changes, far below the test's and the accounts' precision).
                var sums = SIMD4<Double>()
                let entries = productionAmount.count
                let growth = s.productionGrowth[y]
                // 1 where the purchase adds something, else 0 (a product, not a branch).
                let buys = bought.map { $0 > 0 ? 1.0 : 0 }
                buys.withUnsafeBufferPointer { buys in
                    tape.productionFactor.withUnsafeBufferPointer { factor in
                        // The output's value at base price, where the purchase adds something.
                        @inline(__always) func value(_ k: Int) -> Double {
                            let h = Int(productionHousehold[k])
                            let table = bound[h] ? n : 0
                            return productionAmount[k] * (growth * Double(factor[h]))
                                * buys[table + Int(productionCommodity[k])]
                        }
                        var k = 0
                        while k + 4 <= entries {
                            sums += SIMD4(value(k), value(k + 1), value(k + 2), value(k + 3))
                            k += 4
                        }
                        while k < entries {
                            sums[0] += value(k)
                            k += 1
                        }
                    }
                }
                affectedValue = sums.sum()
            }
            let share = affectedValue > 0 ? min(1, s.consumptionHelp.yearly / affectedValue) : 0
            for c in 0..<n where bought[c] > 0 { consumptionShare[c] = share }
        }
        priceIndemnity.fill(with: 0)
        if s.agriInsurance.enabled && s.agriInsurance.priceInsurance.enabled {
            let p = s.agriInsurance.priceInsurance
            for c in 0..<n { priceIndemnity[c] = p.indemnity * max(0, p.trigger - price[c]) }
        }
        return YearContext(
            index: y, povertyLine: s.povertyLine[y], monitoringLine: s.monitoringLine[y],
            exitLine: s.monitoringLine[y] * (1 + s.monitoring.exit.margin),
            dibaoStandard: s.dibaoStandard[y], wageGrowth: s.wageGrowth[y], productionGrowth: s.productionGrowth[y],
            propertyGrowth: s.propertyGrowth[y], transferGrowth: s.transferGrowth[y], takeUp: s.takeUp[y],
            epidemicMonths: tape.epidemicMonths)
    }

    // MARK: - One household-year

    /// Simulates household h's year: `events` are its shocks of the year in month order,
    /// `hazardEvents` the year's hazard events, the factors its volatility draws (§3.5).
    private func simulateHousehold<M: PolicyMix>(
        _: M.Type, _ h: Int, context x: YearContext, events: UnsafeBufferPointer<ShockEvent>,
        hazardEvents: UnsafeBufferPointer<HazardEvent>, wageFactor: Double, productionFactor: Double
    ) {
        let y = x.index
        let persons = Double(self.persons[h])
        // Bound to a cooperative (双绑); the floor price applies only when binding is on.
        let bound = self.bound[h]
        let floored = bound && (M.any && settings.binding.enabled)
        let county = Int(self.county[h])
        let tekun = self.tekun[h]

        // Production at this year's prices (MODEL.md §3.6), and the year-level payments that
        // follow from prices alone: price insurance, consumption help, binding's floor price,
        // the risk fund's share of price losses. All are known at the start of the year.
        let firstCrop = Int(productionStart[h])
        let lastCrop = Int(productionStart[h + 1])
        let productionScale = x.productionGrowth * productionFactor
        var productionIncome = 0.0
        var priceInsurance = 0.0
        var consumption = 0.0
        var bindingSupport = 0.0
        var priceLoss = 0.0
        var uncompensated = 0.0
        let insured = self.insured[h]
        for k in firstCrop..<lastCrop {
            let c = Int(productionCommodity[k])
            let base = productionAmount[k] * productionScale
            let marketPrice = price[c]
            let price = floored ? boundPrice[c] : marketPrice
            production[k - firstCrop] = base * price
            productionIncome += base * price
            let loss = base * max(0, 1 - price)
            priceLoss += loss
            // With every policy off, the payments below are zero (nothing to add).
            guard M.any else { continue }
            bindingSupport += base * (price - marketPrice)
            // Without a branch (which crops are insured is unpredictable): adding +0 changes nothing.
            let indemnity = base * priceIndemnity[c] * Double((insured &>> UInt32(c)) & 1)
            priceInsurance += indemnity
            // Bought at base price from what the household sells at: a bound household's
            // output fetches the floor already, so the purchase adds only what lies above it.
            let bought = loss * consumptionShare[c]
            consumption += bought
            // What the crop's price fall still costs: the risk fund's part, crop by crop (price
            // insurance, on the market price, may repay more than a bound crop's loss).
            uncompensated += max(0, loss - indemnity - bought)
        }
        let riskFundPrice = bound && (M.any && settings.riskFund.enabled) ? settings.riskFund.share * uncompensated : 0

        let localLaborers = Int(self.localLaborers[h])
        let wageScale = x.wageGrowth * wageFactor
        var localMonthly = localMonthlyBase[h] * wageScale
        if Int(ableLocal[h]) < localLaborers { localMonthly *= Double(ableLocal[h]) / Double(localLaborers) }
        let migrantMonthly = migrantMonthlyBase[h] * wageScale
        let property = self.property[h] * x.propertyGrowth
        let transfer = self.transfer[h] * x.transferGrowth
        let yearPayments = priceInsurance + consumption + riskFundPrice
        if tekun { note(M.self, .dibao) }
        let tekunMonthly = tekun && (M.any && settings.dibao.enabled) ? settings.dibao.tekunStandard * persons / 12 : 0

        let firstMigrant = Int(migrantStart[h])
        let lastMigrant = Int(migrantStart[h + 1])

        let monitoringLine = x.monitoringLine * persons
        let fastAnnual =
            localMonthly * 12 + Double(ableMigrants[h]) * migrantMonthly * 12 + productionIncome + property + transfer
            + yearPayments
        let startMonth = Int32(12 * y)
        let carriesLostWages = carriedIllnessMonths[h] | carriedInjuryMonths[h] != 0 || !absenceCarry[h].isEmpty
        if events.isEmpty && unemployedMigrants[h] == 0 && monitoringStart(M.self, h) > startMonth + 11
            && !enrolled(M.self, h) && tekunMonthly == 0 && atRiskSince[h] < 0 && x.epidemicMonths == 0
            && !carriesLostWages && fastAnnual >= monitoringLine
        {
            note(M.self, .settledFast)
            resources[h] = fastAnnual
            // The count's own test (per person), so that skipping it changes nothing.
            uncounted[h] = x.povertyLine <= x.monitoringLine && fastAnnual / persons >= x.monitoringLine
                && monitoringStart(M.self, h) == .max
            lossDisaster[h] = 0
            lossJob[h] = 0
            lossIllness[h] = 0
            yearFlags[h] = 0
            if drill != nil {
                recordMonths(
                    h, 0..<12, before: fastAnnual, after: fastAnnual, atRisk: false,
                    relapsing: exited[h] && fastAnnual < x.povertyLine * persons)
            }
            paySilently(M.self, h, county: county, month: 11, priceInsurance: priceInsurance, consumption: consumption,
                        riskFund: riskFundPrice, binding: bindingSupport)
            return
        }

        // The slow path: month by month.
        uncounted[h] = false
        if logging { recordStartOfYear(h) }
        yearFlags[h] = 0
        var fixedIncome = productionIncome + property + transfer + yearPayments
        var flows = 0.0
        var lumps = 0.0
        var outOfPocket = 0.0
        var medicalOutOfPocket = 0.0
        var helpPaid = 0.0
        var relapseInsurancePaid = 0.0
        var medical = MedicalYear()
        var dibaoPaid = 0.0
        var disasterLoss = 0.0
        var jobLoss = 0.0
        var illnessLoss = 0.0
        var localRate = localMonthly
        // Laborers absent (ill or injured, their wage lost) in each month of this year and the
        // next; the laborer-months of this year's absences charged so far and their wages, by
        // cause (a disability gives some back).
        var absence = Absence()
        var charged = (illness: 0, injury: 0, illnessWages: 0.0, injuryWages: 0.0)
        if carriesLostWages {
            // Absences that began in earlier years: their months of this year, at this year's
            // mean laborer wage; then those of absences beyond the next year still to place, up
            // to twelve of each cause, from the next year's January (MODEL.md §3.2; docs/model.md).
            let wage = laborerMonthlyWage(h, local: localMonthly, migrant: migrantMonthly)
            let carried = absence.start(from: absenceCarry[h])
            absenceCarry[h] = Absence.Carry()
            charged = (carried.illness, carried.injury, Double(carried.illness) * wage, Double(carried.injury) * wage)
            fixedIncome -= Double(carried.illness + carried.injury) * wage
            illnessLoss += Double(carried.illness) * wage
            disasterLoss += Double(carried.injury) * wage
            let laborers = ableLaborers(h)
            let illnessMonths = min(carriedIllnessMonths[h], 12)
            let injuryMonths = min(carriedInjuryMonths[h], 12)
            carriedIllnessMonths[h] -= illnessMonths
            carriedInjuryMonths[h] -= injuryMonths
            _ = absence.take(from: 12, months: Int(illnessMonths), laborers: laborers, illness: true)
            _ = absence.take(from: 12, months: Int(injuryMonths), laborers: laborers, illness: false)
        }

        // Consumption help and binding's support are paid on the output the year's disasters
        // leave (after the months, or at once for a quiet year); price insurance and the
        // risk fund's share of the price fall on all of it (the fund's disaster share then
        // covers the rest of a destroyed output's value).
        var consumptionLost = 0.0
        var bindingLost = 0.0
        paySilently(M.self, h, county: county, month: 11, priceInsurance: priceInsurance, consumption: 0,
                    riskFund: riskFundPrice, binding: 0)

        // 低保 annual review (年度复核) at the start of the year.
        note(M.self, .dibao)
        if (M.any && settings.dibao.enabled) && !tekun {
            let income =
                localMonthly * 12 + Double(employedAbleMigrants(h)) * migrantMonthly * 12 + fixedIncome
            let eligible = income < x.dibaoStandard * persons
            if enrolled(M.self, h) {
                if eligible {
                    dibaoMonthly[h] = (x.dibaoStandard * persons - income) / 12
                    phaseOutLeft[h] = -1
                } else if phaseOut(M.self, h) < 0 {
                    // 渐退期: keep paying the last monthly amount for phase_out_months, then stop.
                    note(M.self, .dibaoPhaseOut)
                    phaseOutLeft[h] = Int16(settings.dibao.phaseOutMonths)
                    if phaseOut(M.self, h) == 0 {
                        dibaoEnrolled[h] = false
                        phaseOutLeft[h] = -1
                    }
                }
            } else if eligible && ableLaborers(h) == 0 && monitoringStart(M.self, h) <= startMonth {
                dibaoEnrolled[h] = true
                dibaoMonthly[h] = (x.dibaoStandard * persons - income) / 12
                phaseOutLeft[h] = -1
            }
        }

        // A quiet year — no shock, nobody unemployed, no epidemic, no 低保 phase-out or
        // enrolment to come — keeps the same projection all year: settle it without the
        // month loop. The result is what the loop would compute.
        let employedMigrants = employedAbleMigrants(h)
        let dibaoRate = enrolled(M.self, h) ? dibaoMonthly[h] : 0
        let annual = localMonthly * 12 + Double(employedMigrants) * migrantMonthly * 12 + fixedIncome
            + (tekunMonthly + dibaoRate) * 12
        let mayEnrol = (M.any && settings.dibao.enabled) && !enrolled(M.self, h) && !tekun && ableLaborers(h) == 0
            && annual < x.dibaoStandard * persons
        // A price loss is an insured loss of anti-relapse insurance, paid at the end of January
        // if the projection is then below M_t: the month loop pays it. A household above the
        // line all year gets nothing from it and is settled like any quiet year.
        let insurablePriceLoss = priceLoss > 0 && annual < monitoringLine
        if insurablePriceLoss { note(M.self, .relapseInsurance) }
        let insuredPriceLoss = insurablePriceLoss && (M.any && settings.relapseInsurance.enabled) && relapseInsured[h]
        if events.isEmpty && unemployedMigrants[h] == 0 && x.epidemicMonths == 0 && phaseOut(M.self, h) < 0
            && !mayEnrol && !insuredPriceLoss && !carriesLostWages
        {
            if consumption > 0 || bindingSupport > 0 {
                paySilently(M.self, h, county: county, month: 11, priceInsurance: 0, consumption: consumption, riskFund: 0,
                            binding: bindingSupport)
            }
            settleQuietYear(
                M.self, h, annual: annual, monitoringLine: monitoringLine, povertyLine: x.povertyLine * persons,
                startMonth: startMonth, county: county, dibaoRate: dibaoRate, tekunRate: tekunMonthly)
            return
        }

        var cursor = 0
        var rate = 0.0
        // Local wages an epidemic month cuts (a labour-market loss, with job loss's).
        var epidemicCut = 0.0
        var lastAtRisk = false
        var lastRelapsing = false
        // The last month end's projections, before and after its help (a drill's record).
        var lastBefore = 0.0
        var lastAfter = 0.0
        // Whether the last month end left everything as it was: then a month with no shock,
        // nobody unemployed, no epidemic edge, no phase-out and no detection pending keeps
        // the same flows and projection, and only its payments need recording.
        var settled = false
        // Months m > 0 whose epidemic state differs from month m − 1's.
        let epidemicEdges = (x.epidemicMonths ^ (x.epidemicMonths << 1)) & 0xFFE
        // A post's wage in the household's county (none in a county without posts: nobody is
        // promised one there).
        let countyPostWage = (M.any && settings.employment.enabled) && settings.posts[county] > 0
            ? settings.employment.postWageMonthly : 0
        var nextMonth = 0
        while nextMonth < 12 {
            let month = nextMonth
            nextMonth += 1
            let absolute = startMonth + Int32(month)
            let monitored = monitoringStart(M.self, h) <= absolute
            let epidemicEdge = epidemicEdges & (1 << UInt16(month)) != 0
            if lastAtRisk && !monitored { note(M.self, .monitoringEnabled) }
            if settled && (cursor == events.count || events[cursor].month != UInt8(month))
                && unemployedMigrants[h] == 0 && !epidemicEdge && phaseOut(M.self, h) < 0
                && !(lastAtRisk && !monitored && (M.any && settings.monitoring.enabled)) && monitoringStart(M.self, h) != absolute
            {
                // Nothing changes before the next event, epidemic edge or start of monitoring:
                // settle the months up to it at once.
                var end = cursor < events.count ? Int(events[cursor].month) : 12
                end = min(end, (epidemicEdges >> UInt16(month)).trailingZeroBitCount + month)
                let monitoredFrom = monitoringStart(M.self, h)
                if monitoredFrom > absolute && monitoredFrom < startMonth + 12 {
                    end = min(end, Int(monitoredFrom - startMonth))
                }
                for m in month..<end {
                    flows += rate
                    if enrolled(M.self, h) {
                        dibaoPaid += dibaoMonthly[h]
                        pay(h, .dibao, county: county, month: m, dibaoMonthly[h])
                    }
                    if tekunMonthly > 0 { pay(h, .tekun, county: county, month: m, tekunMonthly) }
                }
                jobLoss += epidemicCut * Double(end - month)
                recordMonths(h, month..<end, before: lastBefore, after: lastAfter, atRisk: lastAtRisk, relapsing: lastRelapsing)
                nextMonth = end
                continue
            }
            settled = true
            var coveredLoss = month == 0 && priceLoss > 0
            // What the month's covered losses take from the projection, net of what pays for
            // them in the same month (anti-relapse insurance covers this much of a shortfall).
            // January's price fall: its loss less the payments that follow from it.
            var coveredDrop = month == 0 && priceLoss > 0 ? priceLoss - yearPayments : 0
            let epidemic = x.epidemicMonths & (1 << UInt16(month)) != 0
            // The wage of the post a monitored household's unemployed migrant holds.
            let postWage = monitored ? countyPostWage : 0

            // 1. Jobs change at the start of the month (MODEL.md §3.3): an employed migrant
            // with a job event loses the job; one unemployed at the start may find work.
            var scan = cursor
            while scan < events.count && events[scan].month == UInt8(month) {
                let event = events[scan]
                scan += 1
                let m = Int(event.index)
                guard event.kind == .jobLoss, migrantAble[m], employed[m] else { continue }
                employed[m] = false
                spellBudget[m] = event.amount
                lostAt[m] = absolute
                unemployedMigrants[h] += 1
                coveredLoss = true
                coveredDrop += (migrantMonthly - postWage) * Double(12 - month)
            }
            if unemployedMigrants[h] > 0 {
                if monitored { note(M.self, .employment) }
                let findHazard = monitored && (M.any && settings.employment.enabled) ? boostedFindHazard : findHazardWithoutHelp
                for m in firstMigrant..<lastMigrant where migrantAble[m] && !employed[m] && lostAt[m] != absolute {
                    spellBudget[m] -= findHazard
                    if spellBudget[m] <= 0 {
                        employed[m] = true
                        unemployedMigrants[h] -= 1
                    }
                }
            }

            // 2. The month's other shocks.
            let low = monitored || enrolled(M.self, h) || tekun
            while cursor < events.count && events[cursor].month == UInt8(month) {
                let event = events[cursor]
                cursor += 1
                switch event.kind {
                case .jobLoss:
                    continue
                case .illness:
                    coveredLoss = true
                    note(M.self, .medical)
                    if low { note(M.self, .medicalAid) }
                    let paid = medicalCost(
                        M.self, event.amount, low: low, takeUp: x.takeUp, year: &medical, household: h, county: county,
                        month: month)
                    outOfPocket += paid
                    medicalOutOfPocket += paid
                    // The months of wage lost up to December; the rest in the years after.
                    let lost = absence.take(from: month, months: Int(event.months), laborers: ableLaborers(h), illness: true)
                    carriedIllnessMonths[h] = UInt16(clamping: Int(carriedIllnessMonths[h]) + lost.beyond)
                    let wageLost = Double(lost.now) * laborerMonthlyWage(h, local: localRate, migrant: migrantMonthly)
                    charged.illness += lost.now
                    charged.illnessWages += wageLost
                    fixedIncome -= wageLost
                    illnessLoss += (settings.rigidExpenditure ? paid : 0) + wageLost
                    coveredDrop += (settings.rigidExpenditure ? paid : 0) + wageLost
                case .disaster:
                    coveredLoss = true
                    note(M.self, .disasterRelief)
                    let hazardEvent = hazardEvents[Int(event.index)]
                    let mask = hazardMask[Int(hazardEvent.hazard)]
                    for k in firstCrop..<lastCrop {
                        let c = Int(productionCommodity[k])
                        guard mask & (1 << UInt32(c)) != 0 else { continue }
                        let before = production[k - firstCrop]
                        let loss = before * hazardEvent.severity
                        production[k - firstCrop] -= loss
                        fixedIncome -= loss
                        disasterLoss += loss
                        coveredDrop += loss
                        if M.any && loss > 0 && (floored || consumptionShare[c] > 0) {
                            // Output destroyed is neither bought by consumption help nor sold at
                            // binding's floor: their payments shrink by the share of the output lost.
                            let marketPrice = self.price[c]
                            let price = floored ? boundPrice[c] : marketPrice
                            let units = loss / price
                            let notBought = units * (max(0, 1 - price) * consumptionShare[c])
                            consumptionLost += notBought
                            fixedIncome -= notBought
                            disasterLoss += notBought
                            coveredDrop += notBought
                            bindingLost += units * (price - marketPrice)
                        }
                        var indemnity = 0.0
                        if (M.any && settings.agriInsurance.enabled) && insured & (1 << UInt32(c)) != 0 {
                            indemnity = settings.agriInsurance.indemnity
                                * max(0, hazardEvent.severity - settings.agriInsurance.deductible) * before
                            lumps += indemnity
                            coveredDrop -= indemnity
                            pay(h, .agriInsurance, county: county, month: month, indemnity)
                        }
                        if bound && (M.any && settings.riskFund.enabled) {
                            // Its share of the loss that insurance leaves.
                            let reimbursed = settings.riskFund.share * max(0, loss - indemnity)
                            lumps += reimbursed
                            coveredDrop -= reimbursed
                            pay(h, .riskFund, county: county, month: month, reimbursed)
                        }
                    }
                    if event.amount > 0 {
                        let subsidy = (M.any && settings.disasterRelief.enabled) && low ? settings.disasterRelief.housingSubsidy * event.amount : 0
                        pay(h, .disasterRelief, county: county, month: month, subsidy, relievesCost: true)
                        outOfPocket += event.amount - subsidy
                        if settings.rigidExpenditure {
                            disasterLoss += event.amount - subsidy
                            coveredDrop += event.amount - subsidy
                        }
                    }
                    if event.months > 0 {
                        let lost = absence.take(from: month, months: Int(event.months), laborers: ableLaborers(h), illness: false)
                        carriedInjuryMonths[h] = UInt16(clamping: Int(carriedInjuryMonths[h]) + lost.beyond)
                        let wageLost = Double(lost.now) * laborerMonthlyWage(h, local: localRate, migrant: migrantMonthly)
                        charged.injury += lost.now
                        charged.injuryWages += wageLost
                        fixedIncome -= wageLost
                        disasterLoss += wageLost
                        coveredDrop += wageLost
                    }
                    if (M.any && settings.disasterRelief.enabled) && settings.disasterRelief.temporary > 0 {
                        lumps += settings.disasterRelief.temporary
                        coveredDrop -= settings.disasterRelief.temporary
                        pay(h, .disasterRelief, county: county, month: month, settings.disasterRelief.temporary)
                    }
                case .disability:
                    coveredLoss = true
                    let remaining = Double(12 - month)
                    if event.index >= 0 {
                        let m = Int(event.index)
                        if migrantAble[m] { ableMigrants[h] -= 1 }
                        migrantAble[m] = false
                        if employed[m] {
                            illnessLoss += migrantMonthly * remaining
                            coveredDrop += migrantMonthly * remaining
                        } else {
                            employed[m] = true  // out of the labour market; no longer counted as unemployed
                            unemployedMigrants[h] -= 1
                            coveredDrop += postWage * remaining  // and out of the post
                        }
                    } else if ableLocal[h] > 0 {
                        let before = localRate
                        ableLocal[h] -= 1
                        localRate = localMonthlyBase[h] * wageScale * Double(ableLocal[h]) / Double(localLaborers)
                        illnessLoss += (before - localRate) * remaining
                        coveredDrop += (before - localRate) * (epidemic ? 1 - settings.localWageCut : 1) * remaining
                    }
                    // Months in which more laborers were absent than are now able: their wage is
                    // the disability's to take. Given back at the mean wage each cause's months
                    // were charged at this year, so never more than was charged.
                    let given = absence.release(from: month, laborers: ableLaborers(h))
                    if given.illness + given.injury > 0 {
                        let illness = Double(given.illness) * charged.illnessWages / Double(max(1, charged.illness))
                        let injury = Double(given.injury) * charged.injuryWages / Double(max(1, charged.injury))
                        charged = (charged.illness - given.illness, charged.injury - given.injury,
                                   charged.illnessWages - illness, charged.injuryWages - injury)
                        fixedIncome += illness + injury
                        illnessLoss -= illness
                        disasterLoss -= injury
                        coveredDrop -= illness + injury
                    }
                }
            }

            // 3. The month's flows: wages, 低保, 特困 support, posts.
            rate = localRate * (epidemic ? 1 - settings.localWageCut : 1) + tekunMonthly
            // One addition per employed migrant, in migrant order (the sum's rounding depends on it).
            let unemployed = Int(unemployedMigrants[h])
            for _ in 0..<employedAbleMigrants(h) { rate += migrantMonthly }
            jobLoss += Double(unemployed) * migrantMonthly
            epidemicCut = epidemic ? localRate * settings.localWageCut : 0
            jobLoss += epidemicCut
            // 低保 of a phase-out paid this month: it runs on only for the phase-out's months left.
            var phaseOutDibao = 0.0
            if enrolled(M.self, h) {
                rate += dibaoMonthly[h]
                dibaoPaid += dibaoMonthly[h]
                pay(h, .dibao, county: county, month: month, dibaoMonthly[h])
                if phaseOut(M.self, h) > 0 {
                    phaseOutDibao = dibaoMonthly[h]
                    phaseOutLeft[h] -= 1
                    if phaseOut(M.self, h) == 0 {
                        // Phase-out over: out of 低保, no phase-out pending (−1, so that later
                        // months and years can be settled); next month's flows change.
                        dibaoEnrolled[h] = false
                        phaseOutLeft[h] = -1
                        settled = false
                    }
                }
            }
            if tekunMonthly > 0 { pay(h, .tekun, county: county, month: month, tekunMonthly) }
            if monitored && unemployed > 0 { note(M.self, .employment) }
            if unemployed > 0 && postWage > 0 {
                for _ in 0..<unemployed {
                    rate += postWage
                    postClaims.append(PostClaim(household: Int32(h), month: UInt8(month)))
                }
            }
            flows += rate

            // 4. Month end: project the year, then detect, help, enrol, insure.
            let remaining = Double(11 - month)
            var ahead = rate * remaining
            if phaseOutDibao > 0 {
                // The months to come at this month's rate, but a phase-out's 低保 only for the
                // months it still runs (none when it ended this month).
                let phaseOutMonths = enrolled(M.self, h) ? min(Double(phaseOut(M.self, h)), remaining) : 0
                ahead = (rate - phaseOutDibao) * remaining + phaseOutDibao * phaseOutMonths
            }
            var projected = fixedIncome + lumps + flows + ahead
                - (settings.rigidExpenditure ? outOfPocket : 0)
            let atRisk = projected < monitoringLine
            lastAtRisk = atRisk
            lastBefore = projected
            if atRisk {
                yearFlags[h] |= 1
                if atRiskSince[h] < 0 && !monitored { atRiskSince[h] = absolute }
            } else if !monitored {
                atRiskSince[h] = -1
            }

            if atRisk && monitoringStart(M.self, h) == .max {
                note(M.self, .monitoringEnabled)
                note(M.self, .detection)
            }
            // Found at this month end: monitored from the next month, but enrolled in 低保 now.
            var foundNow = false
            if atRisk && monitoringStart(M.self, h) == .max && (M.any && settings.monitoring.enabled) {
                let screening = settings.screeningMonths & (1 << UInt16(month)) != 0 ? settings.monitoring.screening.sensitivity : 0
                let found = 1 - (1 - settings.monitoring.cadreMonthly) * (1 - settings.monitoring.selfReportMonthly) * (1 - screening)
                if draws.uniform(household: h, counter: Int(absolute), .detection) < found {
                    monitoredFrom[h] = absolute + 1
                    yearFlags[h] |= 2
                    lagMonths[h] = Int16(absolute - max(atRiskSince[h], 0))
                    atRiskSince[h] = -1
                    stableYears[h] = 0
                    settled = false
                    drill?.found[month] += 1
                    foundNow = true
                }
            }

            if monitored {
                note(M.self, .help)
                // Targeted help (帮扶): gap_coverage of the projected shortfall below M_t, capped per year.
                let withoutHelp = projected - helpPaid
                let need = min(settings.monitoring.cap, settings.monitoring.gapCoverage * max(0, monitoringLine - withoutHelp))
                // A top-up of less than half a spending unit is the rounding of the sums above
                // (the projection less the help paid), not a shortfall: no payment, no help.
                if Spending.units(need - helpPaid) > 0 {
                    let topUp = need - helpPaid
                    helpPaid += topUp
                    lumps += topUp
                    projected += topUp
                    settled = false
                    pay(h, .monitoring, county: county, month: month, topUp)
                    recordHelped(h, month: month)
                }
            }
            if (monitored || foundNow) && month < 11 {
                note(M.self, .dibao)
                // 低保 enrolment when found (MODEL.md §4: at the month end of detection, paid
                // from the next month) or later while monitored: no able laborer and resources
                // below D_t (the projection holds no 低保 still to come: the household is not
                // enrolled). The means test leaves out the targeted help paid: sized on the same
                // gap, it would otherwise keep the household out of 低保 this year, and the review
                // (at the year's start, before any help) would enrol it the next. December's
                // month end enrols nobody: paid from January, the household is the review's, on
                // the new year's income (enrolled in December, it would enter the review as a
                // household already paid, and one then above the standard would get a phase-out).
                if (M.any && settings.dibao.enabled) && !enrolled(M.self, h) && !tekun && ableLaborers(h) == 0 {
                    let income = projected - dibaoPaid - helpPaid
                    if income < x.dibaoStandard * persons {
                        dibaoEnrolled[h] = true
                        dibaoMonthly[h] = (x.dibaoStandard * persons - income) / 12
                        phaseOutLeft[h] = -1
                        settled = false
                    }
                }
            }

            // Anti-relapse insurance covers the shortfall below M_t that the month's covered
            // losses made: all of it when they pushed the projection below M_t, only what they
            // took when it was below M_t before.
            let shortfall = min(monitoringLine - projected, coveredDrop)
            if coveredLoss && shortfall > 0 { note(M.self, .relapseInsurance) }
            if coveredLoss && shortfall > 0 && (M.any && settings.relapseInsurance.enabled) && relapseInsured[h] {
                let payout = min(
                    settings.relapseInsurance.cap - relapseInsurancePaid,
                    settings.relapseInsurance.share * shortfall)
                if payout > 0 {
                    relapseInsurancePaid += payout
                    lumps += payout
                    projected += payout
                    settled = false
                    pay(h, .relapseInsurance, county: county, month: month, payout)
                }
            }
            lastRelapsing = exited[h] && projected < x.povertyLine * persons
            lastAfter = projected
            recordMonths(h, month..<(month + 1), before: lastBefore, after: projected, atRisk: atRisk, relapsing: lastRelapsing)
        }

        if consumption > 0 || bindingSupport > 0 {
            paySilently(M.self, h, county: county, month: 11, priceInsurance: 0, consumption: consumption - consumptionLost,
                        riskFund: 0, binding: bindingSupport - bindingLost)
        }

        // Tilted aid (倾斜救助) when the year's medical out-of-pocket still exceeds M_t.
        let lowAtYearEnd = monitoringStart(M.self, h) <= startMonth + 11 || enrolled(M.self, h) || tekun
        if medicalOutOfPocket > x.monitoringLine { note(M.self, .medical) }
        if medicalOutOfPocket > x.monitoringLine && lowAtYearEnd && (M.any && settings.medical.enabled && settings.medical.tiltedAid.enabled) {
            let tilted = min(settings.medical.tiltedAid.cap, settings.medical.tiltedAid.rate * (medicalOutOfPocket - x.monitoringLine))
            outOfPocket -= tilted
            illnessLoss -= settings.rigidExpenditure ? tilted : 0
            pay(h, .medicalAid, county: county, month: 11, tilted, relievesCost: true)
        }

        resources[h] = fixedIncome + lumps + flows - (settings.rigidExpenditure ? outOfPocket : 0)
        lossDisaster[h] = Float(disasterLoss)
        lossJob[h] = Float(jobLoss)
        lossIllness[h] = Float(illnessLoss)
        absenceCarry[h] = absence.carry
    }

    /// Settles a quiet household-year (see `simulateHousehold`): monthly flows constant,
    /// so the projected resources are `annual` all year, plus targeted help once found.
    private func settleQuietYear<M: PolicyMix>(
        _: M.Type, _ h: Int, annual: Double, monitoringLine: Double, povertyLine: Double, startMonth: Int32, county: Int,
        dibaoRate: Double, tekunRate: Double
    ) {
        let s = settings
        lossDisaster[h] = 0
        lossJob[h] = 0
        lossIllness[h] = 0
        payEveryMonth(h, .dibao, county: county, dibaoRate)
        payEveryMonth(h, .tekun, county: county, tekunRate)
        let atRisk = annual < monitoringLine
        // Targeted help once monitored: paid at the end of the first monitored month, sized
        // to the (constant) projected shortfall.
        var helpMonth = 12
        if monitoringStart(M.self, h) <= startMonth {
            if atRisk { yearFlags[h] |= 1 }
            helpMonth = 0
        } else if atRisk {
            yearFlags[h] |= 1
            if atRiskSince[h] < 0 { atRiskSince[h] = startMonth }
            note(M.self, .monitoringEnabled)
            note(M.self, .detection)
            if (M.any && s.monitoring.enabled) {
                let cadre = (1 - s.monitoring.cadreMonthly) * (1 - s.monitoring.selfReportMonthly)
                for month in 0..<12 {
                    let screening = s.screeningMonths & (1 << UInt16(month)) != 0 ? s.monitoring.screening.sensitivity : 0
                    let absolute = startMonth + Int32(month)
                    if draws.uniform(household: h, counter: Int(absolute), .detection) < 1 - cadre * (1 - screening) {
                        monitoredFrom[h] = absolute + 1
                        yearFlags[h] |= 2
                        lagMonths[h] = Int16(absolute - atRiskSince[h])
                        atRiskSince[h] = -1
                        stableYears[h] = 0
                        helpMonth = month + 1
                        drill?.found[month] += 1
                        break
                    }
                }
            }
        } else {
            atRiskSince[h] = -1
        }
        var help = 0.0
        if helpMonth < 12 {
            note(M.self, .help)
            help = min(s.monitoring.cap, s.monitoring.gapCoverage * max(0, monitoringLine - annual))
            // Less than half a spending unit is no help, as in the month loop.
            if Spending.units(help) == 0 { help = 0 }
            pay(h, .monitoring, county: county, month: helpMonth, help)
            if help > 0 { recordHelped(h, month: helpMonth) }
        }
        resources[h] = annual + help
        if drill != nil {
            // At a month's end the at-risk test sees the projection before that month's help,
            // the relapse projection after it.
            let relapsingBefore = exited[h] && annual < povertyLine
            let relapsingAfter = exited[h] && annual + help < povertyLine
            let atRiskAfter = annual + help < monitoringLine
            let m = min(helpMonth, 12)
            recordMonths(h, 0..<m, before: annual, after: annual, atRisk: atRisk, relapsing: relapsingBefore)
            if m < 12 {
                recordMonths(h, m..<(m + 1), before: annual, after: annual + help, atRisk: atRisk, relapsing: relapsingAfter)
                recordMonths(
                    h, (m + 1)..<12, before: annual + help, after: annual + help, atRisk: atRiskAfter, relapsing: relapsingAfter)
            }
        }
    }

    // With every policy off, nobody is monitored, enrolled in 低保 or phasing out of it
    // (`start`), and the copy of the pass for that mix runs only for a variant keeping its
    // own state: these reads are then constants.

    /// The month from which household h is monitored (`.max`: not monitored).
    @inline(__always) private func monitoringStart<M: PolicyMix>(_: M.Type, _ h: Int) -> Int32 {
        M.any ? monitoredFrom[h] : .max
    }

    /// Whether household h receives 低保.
    @inline(__always) private func enrolled<M: PolicyMix>(_: M.Type, _ h: Int) -> Bool {
        M.any && dibaoEnrolled[h]
    }

    /// The months of 低保 phase-out household h has left (−1: none pending).
    @inline(__always) private func phaseOut<M: PolicyMix>(_: M.Type, _ h: Int) -> Int16 {
        M.any ? phaseOutLeft[h] : -1
    }

    /// Able migrants of household h with a job.
    @inline(__always) private func employedAbleMigrants(_ h: Int) -> Int {
        Int(ableMigrants[h]) - Int(unemployedMigrants[h])
    }

    /// Able laborers of household h, local and migrant.
    @inline(__always) private func ableLaborers(_ h: Int) -> Int {
        Int(ableLocal[h]) + Int(ableMigrants[h])
    }

    /// A laborer's monthly wage in this household: the mean over its able laborers of what each
    /// earns now (`local`: the local laborers' wages together; an unemployed migrant earns none).
    private func laborerMonthlyWage(_ h: Int, local: Double, migrant: Double) -> Double {
        let laborers = ableLaborers(h)
        guard laborers > 0 else { return 0 }
        return (local + Double(employedAbleMigrants(h)) * migrant) / Double(laborers)
    }

    /// A household's medical year: whether it holds basic insurance (drawn once, at its
    /// first illness), and what each tier has paid so far against its yearly cap or threshold.
    private struct MedicalYear {
        var insured: Bool?
        var basicPaid = 0.0
        /// Out-of-pocket after basic insurance, summed over the year's illnesses.
        var afterBasic = 0.0
        var catastrophicPaid = 0.0
        var aidPaid = 0.0
    }

    /// The out-of-pocket part of one illness costing `cost` after the three tiers of
    /// medical security (三重制度, MODEL.md §4), paying each tier's share:
    /// basic insurance `rate` of the cost above the deductible (per illness), up to its cap
    /// per year; catastrophic insurance `rate` of the year's out-of-pocket after basic above
    /// its threshold (halved, and the rate +5 pp, for low-income households); medical aid
    /// `rate` of the rest for low-income households, up to its cap per year.
    private func medicalCost<M: PolicyMix>(
        _: M.Type, _ cost: Double, low: Bool, takeUp: Double, year: inout MedicalYear, household h: Int, county: Int, month: Int
    ) -> Double {
        let m = settings.medical
        guard M.any && m.enabled else { return cost }
        var remaining = cost
        if year.insured == nil { year.insured = draws.uniform(household: h, counter: drillYearStart / 12, .takeUp) < takeUp }
        if year.insured == true {
            let basic = min(max(0, m.basic.cap - year.basicPaid), m.basic.rate * max(0, remaining - m.basic.deductible))
            year.basicPaid += basic
            remaining -= basic
            year.afterBasic += remaining
            let threshold = m.catastrophic.threshold * (low ? 1 - m.catastrophic.lowIncomeThresholdCut : 1)
            let rate = min(1, m.catastrophic.rate + (low ? m.catastrophic.lowIncomeRateBonus : 0))
            let due = rate * max(0, year.afterBasic - threshold)
            let catastrophic = min(remaining, max(0, due - year.catastrophicPaid))
            year.catastrophicPaid += catastrophic
            remaining -= catastrophic
            pay(h, .medicalInsurance, county: county, month: month, basic + catastrophic, relievesCost: true)
        }
        if low {
            let aid = min(max(0, m.aid.cap - year.aidPaid), m.aid.rate * remaining)
            year.aidPaid += aid
            remaining -= aid
            pay(h, .medicalAid, county: county, month: month, aid, relievesCost: true)
        }
        return remaining
    }

    // MARK: - Paying

    /// Records a payment: straight into the year's spending, or as a claim when a budget
    /// limits the item. `relievesCost`: it pays part of an out-of-pocket cost.
    @inline(__always) private func pay(
        _ h: Int, _ item: SpendingItem, county: Int, month: Int, _ amount: Double, relievesCost: Bool = false
    ) {
        guard amount > 0 else { return }
        let payment = Payment(
            household: Int32(h), item: item, county: UInt8(county), month: UInt8(month), relievesCost: relievesCost,
            amount: amount)
        if deferring {
            payments.append(payment)
            return
        }
        if logging {
            payments.append(payment)
            passTotals[item.index * countyCount + county] &+= Spending.units(amount)
        }
        record(payment)
    }

    /// Makes a payment: into the year's spending, or a claim when a budget limits the item.
    @inline(__always) private func record(_ payment: Payment) {
        let h = Int(payment.household)
        let item = payment.item
        let county = Int(payment.county)
        let month = Int(payment.month)
        let amount = payment.amount
        let i = item.index
        if let drill {
            let units = Spending.units(amount)
            if item.countsInTotal { drill.spending[month] &+= units }
            drill.spendingByItem[i * 12 + month] &+= units
        }
        if isBudgeted(i) {
            claims.append(
                Claim(
                    household: Int32(h), month: UInt8(month), item: UInt8(i), relievesCost: payment.relievesCost,
                    amount: amount))
        } else {
            spendingYear[i * countyCount + county] &+= Spending.units(amount)
        }
    }

    /// Records a monthly payment of `rate` made every month of the year: twelve claims when
    /// a budget limits the item or a drill reports spending by month, else one payment of
    /// the year's total.
    private func payEveryMonth(_ h: Int, _ item: SpendingItem, county: Int, _ rate: Double) {
        guard rate > 0 else { return }
        if isBudgeted(item.index) || drill != nil {
            for month in 0..<12 { pay(h, item, county: county, month: month, rate) }
        } else {
            pay(h, item, county: county, month: 0, rate * 12)
        }
    }

    /// Pays the year-level production payments (none with every policy off: all are zero).
    private func paySilently<M: PolicyMix>(
        _: M.Type, _ h: Int, county: Int, month: Int, priceInsurance: Double, consumption: Double, riskFund: Double,
        binding: Double
    ) {
        guard M.any else { return }
        pay(h, .agriInsurance, county: county, month: month, priceInsurance)
        pay(h, .consumptionHelp, county: county, month: month, consumption)
        pay(h, .riskFund, county: county, month: month, riskFund)
        pay(h, .binding, county: county, month: month, binding)
    }

    /// Grants post-months in month order, then household order, while the county has posts.
    private func grantPosts() {
        guard !postClaims.isEmpty else { return }
        let wage = settings.employment.postWageMonthly
        var inUse = [Int](repeating: 0, count: Self.counties * 12)
        // Post claims are made in household order, so month by month they come in
        // household order too: one pass per month grants them in order, without sorting.
        for month in 0..<UInt8(12) {
            for claim in postClaims where claim.month == month {
                let h = Int(claim.household)
                let county = Int(self.county[h])
                let slot = county * 12 + Int(month)
                if inUse[slot] < settings.posts[county] {
                    inUse[slot] += 1
                    pay(h, .employment, county: county, month: Int(month), wage)
                } else {
                    if denied[h] == 0 { deniedHouseholds.append(Int32(h)) }
                    denied[h] += wage
                    if drill != nil {
                        drillDenials.append(
                            DrillDenial(household: Int32(h), month: month, kind: .post, amount: wage))
                    }
                }
            }
        }
        if let drill {
            for month in 0..<12 {
                drill.posts[month] = Double((0..<Self.counties).reduce(0) { $0 + inUse[$1 * 12 + month] })
            }
        }
    }

    /// Grants budget-limited claims in month order, then household order, until each
    /// county's yearly budget for the item is spent.
    private func grantBudgets() {
        let deferred = reference != nil && budgetedItems != 0
        guard !claims.isEmpty || deferred else { return }
        let counties = Self.counties
        let pools = settings.budget.count
        // Claimed per budget and county, exactly (in spending units), whatever the order.
        var claimed = [Int64](repeating: 0, count: pools * counties)
        if deferred {
            // A sharing variant's pass claims are still totals (`mergePasses`).
            for i in 0..<SpendingItem.allCases.count where isBudgeted(i) {
                for c in 0..<counties { claimed[poolOfItem[i] * counties + c] &+= passTotals[i * counties + c] }
            }
        }
        for claim in claims {
            let pool = poolOfItem[Int(claim.item)]
            claimed[pool * counties + Int(county[Int(claim.household)])] &+= Spending.units(claim.amount)
        }
        // What each budget has left, in whole spending units rounded down, so that what it
        // grants (whole units) never sums to more than the budget itself.
        var left = [Int64](repeating: .max, count: pools * counties)
        var anyShort = false
        for (pool, budget) in settings.budget.enumerated() {
            guard let budget else { continue }
            for c in 0..<counties where budget[c].isFinite {
                left[pool * counties + c] = Spending.unitsAtMost(budget[c])
                if claimed[pool * counties + c] > left[pool * counties + c] { anyShort = true }
            }
        }
        if !anyShort {
            // Within budget everywhere (the usual case): every claim is paid as made.
            if deferred {
                for i in 0..<SpendingItem.allCases.count where isBudgeted(i) {
                    for c in 0..<counties { spendingYear[i * counties + c] &+= passTotals[i * counties + c] }
                }
            }
            for claim in claims {
                spendingYear[Int(claim.item) * counties + Int(county[Int(claim.household)])] &+= Spending.units(claim.amount)
            }
            return
        }
        // A budget runs short: the claims one by one, in the order made (the pass's, then the posts').
        if deferred, let r = reference, claims.isEmpty, r.claims.count == r.passClaimsEnd,
            settings.budget == r.settings.budget, budgetedItems == r.budgetedItems,
            settings.rigidExpenditure == r.settings.rigidExpenditure, hasReferenceClaims(r)
        {
            // The reference's claims on the same budgets: its grants, and its denials in its order.
            for i in 0..<SpendingItem.allCases.count where isBudgeted(i) {
                for c in 0..<counties { spendingYear[i * counties + c] &+= r.spendingYear[i * counties + c] }
            }
            for (h32, amount) in r.budgetDenials {
                let h = Int(h32)
                if denied[h] == 0 { deniedHouseholds.append(h32) }
                denied[h] += amount
            }
            budgetDenials = r.budgetDenials
            return
        }
        if deferred { claims = passClaims() + claims }
        let countsInTotal = SpendingItem.allCases.map(\.countsInTotal)
        for i in grantOrder() {
            let claim = claims[i]
            let h = Int(claim.household)
            let county = Int(self.county[h])
            let slot = poolOfItem[Int(claim.item)] * counties + county
            let asked = Spending.units(claim.amount)
            let granted = min(asked, max(0, left[slot]))
            left[slot] -= granted
            spendingYear[Int(claim.item) * counties + county] &+= granted
            if drill != nil && Int(claim.item) == SpendingItem.monitoring.index && granted > 0 {
                drillHelpGranted[Int32(h), default: 0] |= 1 << UInt16(claim.month)
            }
            guard granted < asked else { continue }
            let refused = claim.amount - Spending.yuan(granted)
            if let drill {
                if countsInTotal[Int(claim.item)] { drill.spending[Int(claim.month)] &-= asked - granted }
                drill.spendingByItem[Int(claim.item) * 12 + Int(claim.month)] &-= asked - granted
            }
            // What a denied reimbursement or subsidy leaves the household to pay lowers its
            // resources only when out-of-pocket costs are counted (accounting.rigid_expenditure).
            guard !claim.relievesCost || settings.rigidExpenditure else { continue }
            if denied[h] == 0 { deniedHouseholds.append(Int32(h)) }
            budgetDenials.append((Int32(h), refused))
            denied[h] += refused
            if drill != nil {
                let item = Int(claim.item)
                let kind: DrillDenial.Kind =
                    item == SpendingItem.monitoring.index ? .help
                    : item == SpendingItem.relapseInsurance.index ? .insurance
                    : item == SpendingItem.employment.index ? .post
                    : item == SpendingItem.dibao.index || item == SpendingItem.tekun.index ? .allowance : .other
                drillDenials.append(DrillDenial(household: Int32(h), month: claim.month, kind: kind, amount: refused))
            }
        }
    }

    /// Counts a drill's months, January to November, again for the households whose claims
    /// the year's grants denied in part (a budget ran short, the county's posts were taken).
    ///
    /// The pass counted every month's end as if every claim were paid; at a month's end a
    /// household's projection then lacks what was denied of its claims of that month and
    /// before — the month's help and anti-relapse insurance only after its at-risk test —
    /// and, for a monthly flow denied that month (a post, 低保, 特困 support), the same
    /// for each month to December, which the projection carries it on to; so the household
    /// may be at risk, or heading for relapse, where the pass did not count it. A
    /// household first counted helped in a month whose help was denied is counted helped
    /// in the first later month whose help was granted, if any. December needs nothing: the
    /// year's count holds the denials (`countOwn`).
    private func recountDrillMonths() {
        guard let drill, !drillDenials.isEmpty, let x = yearContext else { return }
        let denials = drillDenials.sorted { ($0.household, $0.month) < ($1.household, $1.month) }
        let drillFrom = shocks.drillStart - drillYearStart
        // The months (bits) of each denied household's 低保 and 特困 claims: a denied month's
        // allowance is carried by its projection for the later months it is claimed in.
        var allowanceMonths: [Int32: UInt16] = [:]
        for d in denials where d.kind == .allowance { allowanceMonths[d.household] = 0 }
        if !allowanceMonths.isEmpty {
            for claim in claims[..<passClaimsEnd] where allowanceMonths[claim.household] != nil
                && (Int(claim.item) == SpendingItem.dibao.index || Int(claim.item) == SpendingItem.tekun.index)
            {
                allowanceMonths[claim.household]! |= 1 << UInt16(claim.month)
            }
        }
        var i = 0
        var k = 0
        while i < denials.count {
            let h32 = denials[i].household
            var during = [Double](repeating: 0, count: 12)
            var afterTest = [Double](repeating: 0, count: 12)
            // A monthly flow denied in month m, as month m's projection carries it on.
            var ahead = [Double](repeating: 0, count: 12)
            var helpDenied = false
            while i < denials.count && denials[i].household == h32 {
                let d = denials[i]
                let m = Int(d.month)
                if d.afterTest { afterTest[m] += d.amount } else { during[m] += d.amount }
                switch d.kind {
                case .post: ahead[m] += d.amount * Double(11 - m)
                case .allowance:
                    let later = (allowanceMonths[h32] ?? 0) & (0xFFF << UInt16(m + 1)) & 0xFFF
                    ahead[m] += d.amount * Double(later.nonzeroBitCount)
                case .help: helpDenied = true
                case .insurance, .other: break
                }
                i += 1
            }
            while k < drillClaimants.count && drillClaimants[k].household < h32 { k += 1 }
            guard k < drillClaimants.count, drillClaimants[k].household == h32 else { continue }
            let claimant = drillClaimants[k]
            let h = Int(h32)
            let persons = Double(self.persons[h])
            let (monitoringLine, povertyLine) = (x.monitoringLine * persons, x.povertyLine * persons)
            let (c, v, t) = (Int(county[h]) * 12, Int(village[h]) * 12, Int(township[h]) * 12)
            var deniedSoFar = 0.0
            var firstRelapsing = -1
            for m in 0..<11 {
                let before = drillProjections[22 * k + m]
                let after = drillProjections[22 * k + 11 + m]
                let beforeNow = before - (deniedSoFar + during[m] + ahead[m])
                deniedSoFar += during[m] + afterTest[m]
                let afterNow = after - (deniedSoFar + ahead[m])
                if before >= monitoringLine && beforeNow < monitoringLine {
                    drill.atRisk[m] += 1
                    drill.atRiskByCounty[c + m] += 1
                }
                let relapsingNow = exited[h] && afterNow < povertyLine
                if relapsingNow && !(exited[h] && after < povertyLine) {
                    drill.relapsing[m] += 1
                    drill.relapsingByCounty[c + m] += 1
                    drill.villageRelapsing[v + m] += 1
                    drill.townshipRelapsing[t + m] += 1
                }
                if relapsingNow && firstRelapsing < 0 && m >= drillFrom { firstRelapsing = m }
            }
            if firstRelapsing >= 0 {
                if ever[h] & Self.relapsingSinceDrillBit == 0 {
                    ever[h] |= Self.relapsingSinceDrillBit
                    drill.firstRelapsing[firstRelapsing] += 1
                } else if Int(claimant.firstRelapsing) > firstRelapsing {
                    drill.firstRelapsing[Int(claimant.firstRelapsing)] -= 1
                    drill.firstRelapsing[firstRelapsing] += 1
                }
            }
            if helpDenied && claimant.helped >= 0 {
                let month = Int(claimant.helped)
                let granted = (drillHelpGranted[h32] ?? 0) >> UInt16(month)
                if granted & 1 == 0 {
                    drill.helped[month] -= 1
                    if granted != 0 {
                        drill.helped[month + granted.trailingZeroBitCount] += 1
                    } else {
                        ever[h] &= ~Self.helpedBit
                    }
                }
            }
        }
    }

    /// The indices of `claims` ordered by budget pool, month, household, then the order made.
    ///
    /// A stable bucket sort by (pool, month). Claims are made household by household,
    /// except post wages, which `grantPosts` claims month by month in household order,
    /// so within each bucket households already ascend; should they not, a full sort decides.
    private func grantOrder() -> [Int] {
        let buckets = settings.budget.count * 12
        @inline(__always) func bucket(_ claim: Claim) -> Int { poolOfItem[Int(claim.item)] * 12 + Int(claim.month) }
        var start = [Int](repeating: 0, count: buckets + 1)
        for claim in claims { start[bucket(claim) + 1] += 1 }
        for b in 0..<buckets { start[b + 1] += start[b] }
        var next = start
        var order = [Int](repeating: 0, count: claims.count)
        for (i, claim) in claims.enumerated() {
            let b = bucket(claim)
            order[next[b]] = i
            next[b] += 1
        }
        for b in 0..<buckets where start[b + 1] - start[b] > 1 {
            for j in (start[b] + 1)..<start[b + 1] where claims[order[j]].household < claims[order[j - 1]].household {
                return claims.indices.sorted { a, b in
                    let x = claims[a]
                    let y = claims[b]
                    return (bucket(x), x.household, a) < (bucket(y), y.household, b)
                }
            }
        }
        return order
    }

    // MARK: - Year-end tally

    /// The year's figures of every household: counters, relapses per village and
    /// township and by cause; then each household's state for the next year (its `ever`
    /// bits, leaving monitoring).
    private func countHouseholds(context x: YearContext, tape: ShockYear) {
        let yearEnd = Int32(12 * x.index + 11)
        guard let reference = self.reference else {
            // Every household was simulated: count those with something to count that the
            // pass has not counted, and the `uncounted` ones whose payments were denied (the
            // sums are exact in any order).
            for i in 0..<toCountEnd { countOwn(Int(toCount[i]), context: x, tape: tape) }
            for h in deniedHouseholds where uncounted[Int(h)] { countOwn(Int(h), context: x, tape: tape) }
            return
        }
        for h in 0..<table.count {
            // In a variant sharing passes, a household whose state is the reference's has its
            // figures read there; the reference's tally, after this one, changes its state.
            // It diverges here when a payment of its was denied differently, or when the
            // rules for leaving monitoring differ and it is monitored.
            if !diverged[h] {
                if reference.uncounted[h] && denied[h] == 0 && reference.denied[h] == 0 { continue }
                let there = reference.monitoredFrom[h]
                if denied[h] != reference.denied[h] || (tallyDiffers && there <= yearEnd + 1 && there != .max) {
                    takeState(h, from: reference, startOfYear: false)
                    diverged[h] = true
                } else {
                    _ = count(
                        h, resources: reference.resources[h] - denied[h], monitoredFrom: reference.monitoredFrom[h],
                        flags: reference.yearFlags[h], lag: reference.lagMonths[h],
                        losses: (reference.lossDisaster[h], reference.lossJob[h], reference.lossIllness[h]), sign: 1,
                        context: x, tape: tape, able: (reference.ableLocal[h], reference.ableMigrants[h]))
                    denied[h] = 0
                    continue
                }
            }
            countOwn(h, context: x, tape: tape)
        }
    }

    /// Counts household h from this variant's own state, and moves its state to the next year.
    @inline(__always) private func countOwn(_ h: Int, context x: YearContext, tape: ShockYear) {
        let s = settings
        if denied[h] != 0 {
            resources[h] -= denied[h]
            denied[h] = 0
        }
        let (everBits, perCapita, monitored) = count(
            h, resources: resources[h], monitoredFrom: monitoredFrom[h], flags: yearFlags[h], lag: lagMonths[h],
            losses: (lossDisaster[h], lossJob[h], lossIllness[h]), sign: 1, context: x, tape: tape,
            able: (ableLocal[h], ableMigrants[h]))
        ever[h] |= everBits
        if drill != nil {
            // December's month end: the household as the year counts it.
            recordMonthEnds(h, 11..<12, atRisk: everBits & 4 != 0, relapsing: everBits & 1 != 0)
        }

        // 风险消除: monitored households stably above M_t·(1 + margin) leave monitoring.
        if s.monitoring.enabled && monitored {
            if perCapita >= x.exitLine {
                stableYears[h] += 1
                if Int(stableYears[h]) >= s.monitoring.exit.stableYears {
                    monitoredFrom[h] = .max
                    stableYears[h] = 0
                }
            } else {
                stableYears[h] = 0
            }
        }
    }

    /// A sharing variant whose tally follows the reference's rules: before the reference's
    /// tally, counts the households it simulated (and those whose payments were denied
    /// differently, which diverge now), each as its own figures less the reference's.
    /// `completeTally` then adds the reference's counts. All counts are whole numbers, so
    /// the sums are exact and equal those of counting every household in turn.
    private func countDifferences(context x: YearContext, tape: ShockYear, from r: VariantSimulation) {
        for list in [deniedHouseholds, r.deniedHouseholds] {
            for h32 in list {
                let h = Int(h32)
                guard !diverged[h], denied[h] != r.denied[h] else { continue }
                takeState(h, from: r, startOfYear: false)
                diverged[h] = true
                simulated.append(h32)
            }
        }
        for h32 in simulated {
            let h = Int(h32)
            _ = count(
                h, resources: r.resources[h] - r.denied[h], monitoredFrom: r.monitoredFrom[h], flags: r.yearFlags[h],
                lag: r.lagMonths[h], losses: (r.lossDisaster[h], r.lossJob[h], r.lossIllness[h]), sign: -1, context: x,
                tape: tape, able: (r.ableLocal[h], r.ableMigrants[h]))
            countOwn(h, context: x, tape: tape)
        }
        for h in deniedHouseholds { denied[Int(h)] = 0 }
    }

    /// Adds the reference's counts of the year to this variant's differences (`countDifferences`).
    private func addCounts(of r: VariantSimulation) {
        let counters = yearCounters
        let theirs = r.yearCounters
        // The households' counts only: the rest of `values` (breaches, spending) is the tally's.
        let m = offsets
        for row in [m.relapseH, m.relapseP, m.newPoorH, m.newPoorP, m.atRisk, m.monitored, m.poorMonitored] {
            for g in 0..<Self.groups { counters.values[row + g] += theirs.values[row + g] }
        }
        for g in 0..<Self.groups {
            counters.foundNumerator[g] += theirs.foundNumerator[g]
            counters.foundDenominator[g] += theirs.foundDenominator[g]
            counters.lagSum[g] += theirs.lagSum[g]
            counters.lagCount[g] += theirs.lagCount[g]
            wholeHorizon.foundNumerator[g] += theirs.foundNumerator[g]
            wholeHorizon.foundDenominator[g] += theirs.foundDenominator[g]
            wholeHorizon.lagSum[g] += theirs.lagSum[g]
            wholeHorizon.lagCount[g] += theirs.lagCount[g]
        }
        for v in 0..<table.villageCount { relapsedPerVillage[v] += r.relapsedPerVillage[v] }
        for t in 0..<table.townshipCount { relapsedPerTownship[t] += r.relapsedPerTownship[t] }
        for k in 0..<yearCauses.count { yearCauses[k] += r.yearCauses[k] }
    }

    /// Adds household h's figures of the year to the counters, `sign` times (−1 takes a
    /// household's figures in the reference out); returns its `ever` bits, resources per
    /// person and whether it is monitored at the year's end.
    @inline(__always) private func count(
        _ h: Int, resources: Double, monitoredFrom: Int32, flags: UInt8, lag: Int16, losses: (Float, Float, Float),
        sign: Double, context x: YearContext, tape: ShockYear, able: (local: UInt8, migrants: UInt8)
    ) -> (UInt8, Double, Bool) {
        let counters = yearCounters
        let yearEnd = Int32(12 * x.index + 11)
        let persons = Double(self.persons[h])
        let perCapita = resources / persons
        let exited = self.exited[h]
        let poor = perCapita < x.povertyLine
        let atRisk = perCapita < x.monitoringLine
        let monitored = monitoredFrom <= yearEnd + 1 && monitoredFrom != .max

        let relapsed = poor && exited
        let newlyPoor = poor && !exited
        let foundSomeMonth = flags & 2 != 0
        let atRiskSomeMonth = flags & 1 != 0
        var everBits: UInt8 = 0
        if relapsed {
            everBits |= 1
            relapsedPerVillage[Int(village[h])] += Int32(sign)
            relapsedPerTownship[Int(township[h])] += Int32(sign)
            yearCauses[cause(h, context: x, tape: tape, losses: losses, able: able)] += sign
        }
        if newlyPoor { everBits |= 2 }
        if atRisk { everBits |= 4 }
        if monitored { everBits |= 8 }
        if monitored && poor { everBits |= 16 }
        if everBits != 0 || atRiskSomeMonth || foundSomeMonth {
            let lag = Double(lag) * sign
            let weightedPersons = persons * sign
            let m = offsets
            forEachGroup(of: h) { g in
                if relapsed {
                    counters.values[m.relapseH + g] += sign
                    counters.values[m.relapseP + g] += weightedPersons
                }
                if newlyPoor {
                    counters.values[m.newPoorH + g] += sign
                    counters.values[m.newPoorP + g] += weightedPersons
                }
                if atRisk { counters.values[m.atRisk + g] += sign }
                if monitored { counters.values[m.monitored + g] += sign }
                if monitored && poor { counters.values[m.poorMonitored + g] += sign }
                if atRiskSomeMonth {
                    counters.foundDenominator[g] += sign
                    wholeHorizon.foundDenominator[g] += sign
                    if monitored {
                        counters.foundNumerator[g] += sign
                        wholeHorizon.foundNumerator[g] += sign
                    }
                }
                if foundSomeMonth {
                    counters.lagSum[g] += lag
                    counters.lagCount[g] += sign
                    wholeHorizon.lagSum[g] += lag
                    wholeHorizon.lagCount[g] += sign
                }
            }
        }
        return (everBits, perCapita, monitored)
    }

    /// Offsets of the per-household counts in `Counters.values` (metric × groups), kept
    /// per instance: a static's lazy initialisation check would cost a call per household.
    private let offsets = VariantSimulation.countOffsets
    private static let countOffsets = (
        relapseH: metricIndex[.relapseHouseholds]! * groups, relapseP: metricIndex[.relapsePersons]! * groups,
        newPoorH: metricIndex[.newPovertyHouseholds]! * groups, newPoorP: metricIndex[.newPovertyPersons]! * groups,
        atRisk: metricIndex[.atRiskHouseholds]! * groups,
        monitored: metricIndex[.monitoredHouseholds]! * groups,
        poorMonitored: metricIndex[.poorWhileMonitored]! * groups)

    /// Starts the year's counts at zero.
    private func zeroCounts() {
        yearCounters.zero()
        relapsedPerVillage.fill(with: 0)
        relapsedPerTownship.fill(with: 0)
        yearCauses.fill(with: 0)
    }

    /// The year's tally from the counts: breaches, spending, the figures of `outcome`.
    private func tally(context x: YearContext, tape: ShockYear, into outcome: inout ReplicationOutcome) {
        let s = settings
        let groups = Self.groups
        let counters = yearCounters
        let causes = (0..<RelapseCause.allCases.count).map { yearCauses[$0] }

        // Large-scale relapse (规模性返贫): villages and townships in breach.
        let villageBreach = Self.metricIndex[.villageBreaches]! * groups
        let townshipBreach = Self.metricIndex[.townshipBreaches]! * groups
        let anyBreach = Self.metricIndex[.anyVillageBreach]! * groups
        let vt = s.largeScale.village
        let tt = s.largeScale.township
        breachedVillages.removeAll(keepingCapacity: true)
        for v in 0..<table.villageCount {
            let relapsed = relapsedPerVillage[v]
            let exited = table.exitedPerVillage[v]
            // The rate as a quotient: 7 of 100 is 7% (7 ≥ 0.07 × 100 = 7.000000000000001 is false).
            guard exited > 0, Int(relapsed) >= vt.minHouseholds, Double(relapsed) / Double(exited) >= vt.rate else { continue }
            breachedVillages.append(Int32(v))
            breachedThisReplication[v] = true
            let county = Int(table.villageCounty[v])
            counters.values[villageBreach] += 1
            counters.values[villageBreach + 1 + county] += 1
            if County.allCases[county].isKeyAssisted { counters.values[villageBreach + OutcomeGroup.keyCounty.index] += 1 }
            if villageIsBorder[v] { counters.values[villageBreach + OutcomeGroup.border.index] += 1 }
        }
        for v in 0..<table.villageCount { places.villageRelapsed[v] += Int64(relapsedPerVillage[v]) }
        for t in 0..<table.townshipCount {
            let relapsed = relapsedPerTownship[t]
            let exited = table.exitedPerTownship[t]
            places.townshipRelapsed[t] += Int64(relapsed)
            guard exited > 0, Int(relapsed) >= tt.minHouseholds, Double(relapsed) / Double(exited) >= tt.rate else { continue }
            breachedThisReplication[table.villageCount + t] = true
            let county = Int(townshipCounty[t])
            counters.values[townshipBreach] += 1
            counters.values[townshipBreach + 1 + county] += 1
            if County.allCases[county].isKeyAssisted { counters.values[townshipBreach + OutcomeGroup.keyCounty.index] += 1 }
        }
        for g in 0..<groups { counters.values[anyBreach + g] = counters.values[villageBreach + g] > 0 ? 1 : 0 }

        // Spending: per item and county into the outcome; totals per county and overall.
        let spendingM = Self.metricIndex[.spendingTotal]! * groups
        for (i, item) in SpendingItem.allCases.enumerated() {
            for c in 0..<Self.counties {
                let amount = Spending.yuan(spendingYear[i * Self.counties + c])
                outcome.spending[layout.spendingIndex(i, c, x.index)] = amount
                outcome.spending[layout.spendingIndex(i, c, layout.allPeriod)] += amount
                guard item.countsInTotal else { continue }
                counters.values[spendingM] += amount
                counters.values[spendingM + 1 + c] += amount
                if County.allCases[c].isKeyAssisted { counters.values[spendingM + OutcomeGroup.keyCounty.index] += amount }
            }
        }
        for (k, count) in causes.enumerated() {
            outcome.causes[k * layout.periodCount + x.index] = count
            outcome.causes[k * layout.periodCount + layout.allPeriod] += count
        }

        write(counters, period: x.index, into: &outcome)
        for metric in [villageBreach, townshipBreach, spendingM] {
            for g in 0..<groups {
                let i = layout.index(metric / groups, layout.allPeriod, g)
                outcome.values[i] += counters.values[metric + g]
            }
        }
        for g in 0..<groups {
            let i = layout.index(anyBreach / groups, layout.allPeriod, g)
            outcome.values[i] = max(outcome.values[i], counters.values[anyBreach + g])
        }
        markUndefined(period: x.index, in: &outcome)
        if let drill { writeMonths(drill, yearIndex: x.index, into: &outcome) }
    }

    /// Writes a drill's month-by-month figures of the year into `outcome` and clears the tallies.
    private func writeMonths(_ drill: DrillMonths, yearIndex y: Int, into outcome: inout ReplicationOutcome) {
        let k = DrillMetric.stride
        let vt = settings.largeScale.village
        let tt = settings.largeScale.township
        for month in 0..<12 {
            var villages = 0.0
            for v in 0..<table.villageCount {
                let relapsing = drill.villageRelapsing[v * 12 + month]
                let exited = table.exitedPerVillage[v]
                if exited > 0 && Int(relapsing) >= vt.minHouseholds && Double(relapsing) / Double(exited) >= vt.rate {
                    villages += 1
                }
            }
            var townships = 0.0
            for t in 0..<table.townshipCount {
                let relapsing = drill.townshipRelapsing[t * 12 + month]
                let exited = table.exitedPerTownship[t]
                if exited > 0 && Int(relapsing) >= tt.minHouseholds && Double(relapsing) / Double(exited) >= tt.rate {
                    townships += 1
                }
            }
            let base = (y * 12 + month) * k
            let figures: [(DrillMetric, Double)] = [
                (.atRisk, drill.atRisk[month]), (.found, drill.found[month]), (.helped, drill.helped[month]),
                (.relapsing, drill.relapsing[month]), (.firstRelapsing, drill.firstRelapsing[month]), (.villageBreaches, villages), (.townshipBreaches, townships),
                (.spending, Spending.yuan(drill.spending[month])), (.postsInUse, drill.posts[month]),
            ]
            for (metric, value) in figures { outcome.monthly[base + metric.index] = value }
            for c in 0..<Self.counties {
                outcome.monthly[base + DrillMetric.allCases.count + c] = drill.atRiskByCounty[c * 12 + month]
                outcome.monthly[base + DrillMetric.allCases.count + Self.counties + c] = drill.relapsingByCounty[c * 12 + month]
            }
            for i in 0..<SpendingItem.allCases.count {
                outcome.monthly[base + DrillMetric.allCases.count + 2 * Self.counties + i] =
                    Spending.yuan(drill.spendingByItem[i * 12 + month])
            }
        }
        drill.zero()
    }

    /// Ends a replication: writes the whole-horizon counts (households counted in at
    /// least one year, each once) into `outcome`.
    func finish(into outcome: inout ReplicationOutcome) {
        for v in 0..<table.villageCount where breachedThisReplication[v] { places.villageBreaches[v] += 1 }
        for t in 0..<table.townshipCount where breachedThisReplication[table.villageCount + t] {
            places.townshipBreaches[t] += 1
        }
        let groups = Self.groups
        // The replication's last use of the whole-horizon counters: `start` zeroes them.
        let counters = wholeHorizon
        let metrics: [(Metric, UInt8)] = [
            (.relapseHouseholds, 1), (.newPovertyHouseholds, 2), (.atRiskHouseholds, 4), (.monitoredHouseholds, 8),
            (.poorWhileMonitored, 16),
        ]
        let metricOffsets = metrics.map { (Self.metricIndex[$0.0]! * groups, $0.1) }
        let relapseP = Self.metricIndex[.relapsePersons]! * groups
        let newPoorP = Self.metricIndex[.newPovertyPersons]! * groups
        for h in 0..<table.count {
            let bits = reference.map { diverged[h] ? ever[h] : $0.ever[h] } ?? ever[h]
            guard bits != 0 else { continue }
            forEachGroup(of: h) { g in
                for (offset, bit) in metricOffsets where bits & bit != 0 { counters.values[offset + g] += 1 }
                if bits & 1 != 0 { counters.values[relapseP + g] += Double(persons[h]) }
                if bits & 2 != 0 { counters.values[newPoorP + g] += Double(persons[h]) }
            }
        }
        let kept: Set<Metric> = [.villageBreaches, .townshipBreaches, .anyVillageBreach, .spendingTotal]
        for (m, metric) in Metric.allCases.enumerated() where kept.contains(metric) {
            for g in 0..<groups { counters.values[m * groups + g] = outcome.values[layout.index(m, layout.allPeriod, g)] }
        }
        write(counters, period: layout.allPeriod, into: &outcome)
        markUndefined(period: layout.allPeriod, in: &outcome)
    }

    private func write(_ counters: Counters, period: Int, into outcome: inout ReplicationOutcome) {
        let groups = Self.groups
        for m in 0..<Metric.allCases.count {
            for g in 0..<groups { outcome.values[layout.index(m, period, g)] = counters.values[m * groups + g] }
        }
        let found = Self.metricIndex[.foundShare]!
        let lag = Self.metricIndex[.detectionLagMonths]!
        for g in 0..<groups {
            outcome.values[layout.index(found, period, g)] =
                counters.foundDenominator[g] > 0 ? counters.foundNumerator[g] / counters.foundDenominator[g] : .nan
            outcome.values[layout.index(lag, period, g)] =
                counters.lagCount[g] > 0 ? counters.lagSum[g] / counters.lagCount[g] : .nan
        }
    }

    /// Figures that have no meaning for a group: breaches of household groups that are not
    /// places, spending of household groups.
    private func markUndefined(period: Int, in outcome: inout ReplicationOutcome) {
        let placeless: [OutcomeGroup] = [.relocated, .monitoredAtStart, .dibao]
        for group in placeless {
            for metric in [Metric.villageBreaches, .townshipBreaches, .anyVillageBreach, .spendingTotal] {
                outcome.values[layout.index(Self.metricIndex[metric]!, period, group.index)] = .nan
            }
        }
        for metric in [Metric.townshipBreaches, .spendingTotal] {
            outcome.values[layout.index(Self.metricIndex[metric]!, period, OutcomeGroup.border.index)] = .nan
        }
        // A group whose villages (townships) have no exited household cannot breach at all.
        for g in groupsWithoutPlaces.villages {
            for metric in [Metric.villageBreaches, .anyVillageBreach] {
                outcome.values[layout.index(Self.metricIndex[metric]!, period, g)] = .nan
            }
        }
        for g in groupsWithoutPlaces.townships {
            outcome.values[layout.index(Self.metricIndex[.townshipBreaches]!, period, g)] = .nan
        }
    }

    /// Calls `body` with every group household h belongs to: all, its county, then the
    /// groups of its group bits in ascending order.
    @inline(__always) private func forEachGroup(of h: Int, _ body: (Int) -> Void) {
        body(0)
        body(1 + Int(county[h]))
        var bits = groupBits[h]
        while bits != 0 {
            let g = bits.trailingZeroBitCount
            body(g)
            bits &= bits - 1
        }
    }

    /// The cause of household h's relapse: its largest loss against its own no-shock path.
    /// (Out of line: it runs for relapsed households only, and would crowd the counting loop.)
    @inline(never)
    private func cause(
        _ h: Int, context x: YearContext, tape: ShockYear, losses: (Float, Float, Float),
        able: (local: UInt8, migrants: UInt8)
    ) -> Int {
        let productionFactor = Double(tape.productionFactor[h])
        let wageFactor = Double(tape.wageFactor[h])
        let floored = bound[h] && settings.binding.enabled
        var priceLoss = 0.0
        var atPrices = 0.0
        // The household's nonzero production, in commodity order.
        for k in Int(productionStart[h])..<Int(productionStart[h + 1]) {
            let c = Int(productionCommodity[k])
            let base = productionAmount[k] * x.productionGrowth
            guard base != 0 else { continue }
            let p = floored ? boundPrice[c] : price[c]
            priceLoss += base * productionFactor * (1 - p)
            atPrices += base * p
        }
        let wages = (wageLocal[h] + wageMigrant[h]) * x.wageGrowth
        let volatility = (1 - wageFactor) * wages + (1 - productionFactor) * atPrices
        // The first largest positive loss, in `RelapseCause` order; none when no loss is positive.
        var best = RelapseCause.allCases.count - 1
        var largest = 0.0
        func consider(_ loss: Double, cause k: Int) {
            if loss > largest {
                largest = loss
                best = k
            }
        }
        consider(Double(losses.0), cause: 0)
        consider(priceLoss, cause: 1)
        consider(Double(losses.1), cause: 2)
        consider(Double(losses.2) + earlierDisability(h, context: x, tape: tape, wageFactor: wageFactor, able: able), cause: 3)
        consider(volatility, cause: 4)
        return best
    }

    /// The wages of household h's laborers disabled in earlier years, lost all this year
    /// against its no-shock path (a disability is permanent, §3.4; the months lost to this
    /// year's disabilities are in its illness loss already). `able`: h's able laborers at the
    /// year's end, from the state counted (a sharing variant counts with the reference's);
    /// with this year's disability events, those able at the year's start.
    private func earlierDisability(
        _ h: Int, context x: YearContext, tape: ShockYear, wageFactor: Double, able: (local: UInt8, migrants: UInt8)
    ) -> Double {
        let events = tape.events
        var low = Int(firstEvent[h])  // h's events of the year, as the pass found them
        var localThisYear = 0
        var migrantsThisYear = 0
        while low < events.count && events[low].household == Int32(h) {
            if events[low].kind == .disability {
                if events[low].index >= 0 { migrantsThisYear += 1 } else { localThisYear += 1 }
            }
            low += 1
        }
        let locals = Int(localLaborers[h])
        let migrants = Int(self.migrants[h])
        let localDisabled = locals - min(locals, Int(able.local) + localThisYear)
        let migrantsDisabled = migrants - min(migrants, Int(able.migrants) + migrantsThisYear)
        var lost = 0.0
        if localDisabled > 0 { lost += wageLocal[h] * Double(localDisabled) / Double(locals) }
        if migrantsDisabled > 0 { lost += wageMigrant[h] * Double(migrantsDisabled) / Double(migrants) }
        return lost * x.wageGrowth * wageFactor
    }

    private var breachedVillages: [Int32] = []
    /// Per village and township: relapsed household-years summed over replications,
    /// replications with a breach in any year.
    private(set) var places: PlaceTally
    /// Villages, then townships, in breach in a year of the current replication.
    private var breachedThisReplication: [Bool]
    private lazy var villageIsBorder: [Bool] = {
        var border = [Bool](repeating: false, count: table.villageCount)
        for h in 0..<table.count where table.groupBits[h] & (1 << UInt16(OutcomeGroup.border.index)) != 0 {
            border[Int(table.village[h])] = true
        }
        return border
    }()
    /// The place groups (all, the counties, key counties, border) none of whose villages, and
    /// none of whose townships, has an exited household: no breach is possible there.
    private lazy var groupsWithoutPlaces: (villages: [Int], townships: [Int]) = {
        func groups(ofCounty county: UInt8) -> [Int] {
            [0, 1 + Int(county)] + (County.allCases[Int(county)].isKeyAssisted ? [OutcomeGroup.keyCounty.index] : [])
        }
        var villageGroups = Set([0, OutcomeGroup.keyCounty.index, OutcomeGroup.border.index] + (0..<Self.counties).map { 1 + $0 })
        var townshipGroups = Set([0, OutcomeGroup.keyCounty.index] + (0..<Self.counties).map { 1 + $0 })
        for v in 0..<table.villageCount where table.exitedPerVillage[v] > 0 {
            villageGroups.subtract(groups(ofCounty: table.villageCounty[v]))
            if villageIsBorder[v] { villageGroups.remove(OutcomeGroup.border.index) }
        }
        for t in 0..<table.townshipCount where table.exitedPerTownship[t] > 0 {
            townshipGroups.subtract(groups(ofCounty: townshipCounty[t]))
        }
        return (villageGroups.sorted(), townshipGroups.sorted())
    }()
    private lazy var townshipCounty: [UInt8] = {
        var county = [UInt8](repeating: 0, count: table.townshipCount)
        for v in 0..<table.villageCount { county[Int(table.villageTownship[v])] = table.villageCounty[v] }
        return county
    }()

    /// Villages in breach in the year just tallied.
    var villagesInBreach: [Int32] { breachedVillages }
}

/// The policies a household's pass may meet, known when it is compiled: the pass is
/// compiled once for any mix and once for a mix with every policy off, whose copy has
/// none of the policies' tests and keeps no record of what it read (it is not used
/// when the record is kept, for variants sharing passes). Results are the same bits either way.
protocol PolicyMix {
    /// False: every policy is off.
    static var any: Bool { get }
}

enum SomePolicies: PolicyMix {
    static var any: Bool { true }
}

enum NoPolicies: PolicyMix {
    static var any: Bool { false }
}

import DixianModel

/// The parts of a variant's policies that a household's year pass reads, as bits: what
/// lets the variants of a replication share the pass of every household their
/// differences do not touch (issue 4: K variants must cost far less than K runs).
///
/// A variant whose household h starts the year in the same state as the reference
/// variant's, and whose settings differ from the reference's only in features the
/// reference's pass of h did not read, would compute exactly what the reference
/// computed: same branches, same numbers, same policy draws (``PolicyDraws`` are keyed by
/// household and month, not by a stream that each variant consumes). So it takes the
/// reference's results for h instead of computing them (`VariantSimulation.pass`).
///
/// Settings read only at the year's end — exit from monitoring, the number of posts (but
/// whether a county has any, which the pass reads: `employment`), budget amounts, the
/// large-scale thresholds — need no bit: each variant grants its
/// own claims and counts its own tally, and a household whose figures or state then
/// differ from the reference's diverges there (`VariantSimulation.countHouseholds`,
/// `countDifferences`).
struct PolicyFeatures: OptionSet, Sendable {
    let rawValue: UInt16

    // The features are computed properties, not stored statics: the household pass reads
    // them in its hot paths, where a static's lazy initialisation check would cost a call.

    /// Everything not named below: lines, growth, prices and the production policies
    /// (agricultural insurance, 双绑, consumption help, risk fund), which budget pays an
    /// item, the policy selections other than anti-relapse insurance. Read by every
    /// household: a variant that changes any of it shares nothing.
    static var residual: PolicyFeatures { PolicyFeatures(rawValue: 1 << 0) }
    /// `monitoring.enabled`: read for households at risk and not monitored.
    static var monitoringEnabled: PolicyFeatures { PolicyFeatures(rawValue: 1 << 1) }
    /// Cadre visits, self-reporting, screening: read when a household at risk may be found.
    static var detection: PolicyFeatures { PolicyFeatures(rawValue: 1 << 2) }
    /// Targeted help's gap coverage and cap: read for monitored households.
    static var help: PolicyFeatures { PolicyFeatures(rawValue: 1 << 3) }
    /// 低保 and 特困: whether on, the 特困 standard; read by 特困 households and every
    /// household walked month by month (the annual review).
    static var dibao: PolicyFeatures { PolicyFeatures(rawValue: 1 << 4) }
    /// The 低保 phase-out: read when a household's phase-out starts.
    static var dibaoPhaseOut: PolicyFeatures { PolicyFeatures(rawValue: 1 << 5) }
    /// Medical insurance, catastrophic insurance, tilted aid and take-up: read on an illness.
    static var medical: PolicyFeatures { PolicyFeatures(rawValue: 1 << 6) }
    /// Medical aid (医疗救助): read on an illness of a low-income household.
    static var medicalAid: PolicyFeatures { PolicyFeatures(rawValue: 1 << 7) }
    /// Employment help and post wages: read for monitored households with a migrant out of work.
    static var employment: PolicyFeatures { PolicyFeatures(rawValue: 1 << 8) }
    /// Anti-relapse insurance and who holds it: read on an insurable loss below the line.
    static var relapseInsurance: PolicyFeatures { PolicyFeatures(rawValue: 1 << 9) }
    /// Disaster relief: read on a disaster.
    static var disasterRelief: PolicyFeatures { PolicyFeatures(rawValue: 1 << 10) }

    /// Not a feature: marks a pass settled by the fast path, which changes only the
    /// household's figures of the year (never among a variant's differences).
    static var settledFast: PolicyFeatures { PolicyFeatures(rawValue: 1 << 15) }

    /// `formUnion` without a call (the household pass marks what it reads in its hot paths).
    @inline(__always) static func |= (features: inout PolicyFeatures, other: PolicyFeatures) {
        features = PolicyFeatures(rawValue: features.rawValue | other.rawValue)
    }
}

extension PolicySettings {
    /// The features in which these settings (with `selections`) differ from `reference`'s
    /// (with `referenceSelections`). Every field is either classified here or compared as
    /// part of ``PolicyFeatures/residual``, so a field added later is safe by default.
    func features(
        _ selections: PolicySelections, differingFrom reference: PolicySettings,
        _ referenceSelections: PolicySelections
    ) -> PolicyFeatures {
        var mine = self
        var differing: PolicyFeatures = []
        func classify<T: Equatable>(_ path: WritableKeyPath<PolicySettings, T>, _ feature: PolicyFeatures) {
            if mine[keyPath: path] != reference[keyPath: path] { differing.formUnion(feature) }
            mine[keyPath: path] = reference[keyPath: path]
        }
        classify(\.monitoring.enabled, .monitoringEnabled)
        classify(\.monitoring.cadreMonthly, .detection)
        classify(\.monitoring.selfReportMonthly, .detection)
        classify(\.monitoring.screening, .detection)
        classify(\.screeningMonths, .detection)
        classify(\.monitoring.gapCoverage, .help)
        classify(\.monitoring.cap, .help)
        classify(\.monitoring.exit, [])
        classify(\.dibao.phaseOutMonths, .dibaoPhaseOut)
        classify(\.dibao, .dibao)
        classify(\.medical.aid, .medicalAid)
        classify(\.medical, .medical)
        classify(\.takeUp, .medical)
        // A county without posts promises none in the pass; how many it has is read at the year's end.
        if zip(mine.posts, reference.posts).contains(where: { ($0 > 0) != ($1 > 0) }) { differing.formUnion(.employment) }
        classify(\.employment.postsPerCounty, [])
        classify(\.posts, [])
        classify(\.employment, .employment)
        classify(\.relapseInsurance, .relapseInsurance)
        classify(\.disasterRelief, .disasterRelief)
        classify(\.budget, [])
        // Which budget pays an item matters in a pass only where it decides how a payment
        // is recorded: 低保 and 特困 paid every month of a quiet year (one payment, or a claim
        // a month). Otherwise a budget matters only when claims are granted.
        let everyMonth = [SpendingItem.dibao.index, SpendingItem.tekun.index]
        if everyMonth.contains(where: { (mine.budgetPool[$0] == nil) != (reference.budgetPool[$0] == nil) }) {
            differing.formUnion(.residual)
        }
        classify(\.budgetPool, [])
        classify(\.riskFundBudget, [])
        classify(\.largeScale, [])
        if mine != reference { differing.formUnion(.residual) }
        if selections.relapseInsured != referenceSelections.relapseInsured { differing.formUnion(.relapseInsurance) }
        if selections.bound != referenceSelections.bound || selections.insured != referenceSelections.insured {
            differing.formUnion(.residual)
        }
        return differing
    }
}

/// The policies' random draws (detection, take-up): each a function of the replication's
/// policy seed, the household, the absolute month or year, and what it is for — not the
/// next number of a stream (MODEL.md §7).
///
/// So a household's draws do not depend on which other households drew before it, nor
/// on the variant: every variant of a replication sees the same draw for the same
/// household and month, which is common random numbers for the policies too (a variant
/// with faster detection finds a household in the same month as the reference or
/// earlier, never later by chance), and lets variants share the passes of households
/// their differences do not touch (``PolicyFeatures``).
///
/// A draw is SplitMix64's output function applied twice to the seed plus the household
/// and the counter, each times its own odd constant: a counter-based generator in the
/// manner of SplitMix64 itself (Steele, Lea & Flood 2014), whose output function passes
/// BigCrush on consecutive counters.
struct PolicyDraws {
    enum Purpose: UInt64 {
        /// Whether a household at risk is found at a month's end: counter = absolute month.
        case detection = 1
        /// Whether a household holds basic medical insurance this year: counter = year index.
        case takeUp = 2
    }

    private(set) var key: UInt64 = 0

    mutating func reseed(_ seed: UInt64) { key = StreamSeeds.splitMix(seed) }

    /// A uniform number in [0, 1) with 53 random bits.
    @inline(__always) func uniform(household h: Int, counter: Int, _ purpose: Purpose) -> Double {
        let mixed = key &+ UInt64(truncatingIfNeeded: h) &* 0xD1B5_4A32_D192_ED03
            &+ UInt64(truncatingIfNeeded: counter) &* 0x8CB9_2BA7_2F3D_8DD7 &+ purpose.rawValue &* 0xABC9_8388_FB8F_AC03
        return Double(StreamSeeds.splitMix(StreamSeeds.splitMix(mixed)) >> 11) * 0x1p-53
    }
}

/// Spending as exact whole units of 10^-6 yuan (micro-yuan).
///
/// Each payment is rounded once to the unit (by at most 5 · 10^-7 yuan); sums of units are
/// exact, so a year's spending does not depend on the order its payments are added in —
/// what lets a variant correct the reference's totals household by household and get the
/// bits it would get by adding every payment itself. A decimal unit keeps amounts given in
/// fen or tenths of a yuan exact in the outputs (1,807.2, not 1,807.1999998): a total is
/// converted back by one correctly rounded division, exact up to 2^53 units (9.0 · 10^9
/// yuan; a larger total is off by less than 10^-15 of itself). A year's total for one item in one
/// county is exact up to 9.2 · 10^12 yuan (2^63 units); a single payment is capped at 2^60
/// units (1.1 · 10^12 yuan), and sums wrap rather than trap beyond that (no accepted
/// scenario comes near: a national-size run pays some 10^10 yuan a year per item in its
/// largest county).
enum Spending {
    /// Units in a yuan.
    static let perYuan = 1e6

    @inline(__always) static func units(_ yuan: Double) -> Int64 {
        // Half away from zero; the conversion truncates (no call into libm's `round`).
        var scaled = yuan * perYuan
        if scaled > 0x1p60 { scaled = 0x1p60 } else if scaled < -0x1p60 { scaled = -0x1p60 }
        return Int64(scaled + (scaled < 0 ? -0.5 : 0.5))
    }

    /// The most whole units whose amount is at most `yuan` (a budget): the nearest, less one
    /// when that one's amount is more (the product's rounding may fall either side: 2.01
    /// yuan is 2,010,000 units, though 2.01 · 10^6 computes as 2,009,999.9999999998).
    static func unitsAtMost(_ yuan: Double) -> Int64 {
        let capped = min(yuan, 0x1p60 / perYuan)
        var n = Int64((capped * perYuan).rounded())
        if Spending.yuan(n) > capped { n -= 1 }
        return n
    }

    @inline(__always) static func yuan(_ units: Int64) -> Double { Double(units) / perYuan }
}

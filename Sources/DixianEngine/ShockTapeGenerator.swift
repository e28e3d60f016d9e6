import DixianModel
import Foundation
import GSL

/// Draws a replication's shocks year by year into a ``ShockYear`` (MODEL.md §3).
///
/// Every draw comes from one of the replication's shock streams (``StreamPurpose``), in an
/// order fixed by the tape alone, so no policy can shift a shock: prices; downturns and
/// epidemics; each hazard's events in each county, year after year, with whom they hit; the
/// households' volatility factors, in household order; each household's clock, from a
/// stream of its own for each year (so that a shock changing when one household's clock
/// fires — a drill's epidemic, say — moves no other household's events, and none of its
/// own before the change). A variant that changes one family's settings leaves the others'
/// draws as they were. Drill events come from their own stream.
///
/// Household shocks are sampled sparsely (MODEL.md §1 allows skipping months in which
/// nothing happens): each household carries one exponential clock whose hazard is the
/// sum of its illness rate (persons × λ), its disability rate (able laborers × μ) and the
/// job-loss hazard of its employed-or-not able migrants, `−log(1 − h_m)` each in month m.
/// A year without an event costs one comparison. When the clock fires, the event's kind
/// is chosen in proportion to the rates, a job event going to a uniformly chosen able
/// migrant (Poisson splitting); two job events of one migrant in one month count once,
/// which makes each migrant's monthly job loss exactly Bernoulli(h_m) as §3.3 says.
/// A job event is a *potential* loss: it ends the job only if the migrant is employed
/// at the start of that month, which the policy pass decides. This keeps job-loss
/// times independent of policies that shorten spells.
///
/// The per-household state and columns are ``FixedBuffer``s owned by the generator
/// (freed in `deinit`), and the year's factors are written through buffer pointers, so
/// the household loop does no uniqueness or bounds checks.
final class ShockTapeGenerator {
    let settings: ShockSettings
    let table: HouseholdTable
    /// The household columns, shared read-only with the run's other workers.
    private let columns: HouseholdColumns
    private let priceRNG: RandomGenerator
    private let macroRNG: RandomGenerator
    /// One stream per hazard and county (hazard × counties + county), through the years.
    private let disasterRNGs: [RandomGenerator]
    private let volatilityRNG: RandomGenerator
    /// Each household's clock draws of a year, from a stream of their own (SplitMix64,
    /// reseeded per household-year from `clockSeed`).
    private let clockRNG: RandomGenerator
    private var clockSeed: UInt64 = 0
    private let drillRNG: RandomGenerator
    private let historyRNG: RandomGenerator

    // State carried from year to year within a replication.
    private var logPrice: [Double]
    /// Epidemic months still to come in later years.
    private var epidemicCarry = 0
    private let clock: FixedBuffer<Double>
    private let ableLaborers: FixedBuffer<UInt8>
    private let ableMigrants: FixedBuffer<UInt8>
    private let migrantAble: FixedBuffer<Bool>

    // Scratch.
    private var innovation: [Double]
    private var hits: [(order: Int, event: ShockEvent)] = []
    private var monthHazard = [Double](repeating: 0, count: 12)
    private let hasWage: FixedBuffer<Bool>
    private let hasProduction: FixedBuffer<Bool>
    private let persons: FixedBuffer<Int32>
    private let migrantStart: FixedBuffer<Int32>

    init(settings: ShockSettings, table: HouseholdTable, columns: HouseholdColumns) throws {
        self.settings = settings
        self.table = table
        self.columns = columns
        priceRNG = try RandomGenerator(name: settings.rngName, seed: 0)
        macroRNG = try RandomGenerator(name: settings.rngName, seed: 0)
        disasterRNGs = try (0..<settings.hazards.count * County.allCases.count).map { _ in
            try RandomGenerator(name: settings.rngName, seed: 0)
        }
        volatilityRNG = try RandomGenerator(name: settings.rngName, seed: 0)
        clockRNG = try RandomGenerator(splitMixSeed: 0)
        drillRNG = try RandomGenerator(name: settings.rngName, seed: 0)
        historyRNG = try RandomGenerator(name: settings.rngName, seed: 0)
        logPrice = [Double](repeating: 0, count: table.commodityCount)
        innovation = [Double](repeating: 0, count: table.commodityCount)
        clock = FixedBuffer(repeating: 0, count: table.count)
        ableLaborers = FixedBuffer(table.laborers)
        ableMigrants = FixedBuffer(table.migrants)
        migrantAble = FixedBuffer(repeating: true, count: table.migrantCount)
        hasWage = columns.hasWage
        hasProduction = columns.hasProduction
        persons = columns.persons
        migrantStart = columns.migrantStart
    }

    deinit {
        clock.deallocate()
        ableLaborers.deallocate()
        ableMigrants.deallocate()
        migrantAble.deallocate()
    }

    /// Starts replication `replication`: seeds the streams and resets the carried state.
    func start(replication: Int) {
        func seed(_ purpose: StreamPurpose) -> UInt64 {
            StreamSeeds.seed(scenarioSeed: settings.seed, replication: replication, purpose: purpose)
        }
        priceRNG.reseed(allBits: seed(.prices))
        macroRNG.reseed(allBits: seed(.macro))
        volatilityRNG.reseed(allBits: seed(.volatility))
        clockSeed = seed(.clocks)
        drillRNG.reseed(allBits: seed(.drill))
        let counties = County.allCases.count
        for (h, hazard) in settings.hazards.enumerated() {
            for county in 0..<counties {
                disasterRNGs[h * counties + county].reseed(
                    allBits: StreamSeeds.seed(
                        scenarioSeed: settings.seed, replication: replication, purpose: .disasters,
                        index: StreamSeeds.hazardIndex(name: hazard.name, county: county)))
            }
        }
        // x = 0 in the base year; the years between it and the first simulated year (none
        // in the usual case, the first year following the base year) are drawn first, from
        // a stream of their own.
        for c in logPrice.indices { logPrice[c] = 0 }
        if settings.priceYearsBeforeStart > 1 {
            historyRNG.reseed(allBits: seed(.priceHistory))
            for _ in 1..<settings.priceYearsBeforeStart { stepPrices(using: historyRNG) }
        }
        epidemicCarry = 0
        ableLaborers.copy(from: table.laborers)
        ableMigrants.copy(from: table.migrants)
        migrantAble.fill(with: true)
        for h in 0..<table.count {
            clockRNG.reseed(StreamSeeds.household(clockSeed, h, part: 0))
            clock[h] = clockRNG.standardExponential()
        }
    }

    /// Draws year `yearIndex` (0-based from the first simulated year) into `year`.
    func draw(yearIndex: Int, into year: inout ShockYear) {
        drawPrices(yearIndex: yearIndex, into: &year)
        drawMacro(yearIndex: yearIndex, into: &year)
        drawDisasters(yearIndex: yearIndex, into: &year)
        drawHouseholds(yearIndex: yearIndex, into: &year)
    }

    // MARK: §3.1 prices

    private func drawPrices(yearIndex: Int, into year: inout ShockYear) {
        let n = table.commodityCount
        // A first simulated year that is the base year has x = 0: no shock of its own (drawn
        // all the same, so that the price stream is used alike whatever the base year).
        stepPrices(using: priceRNG)
        if yearIndex == 0 && settings.priceYearsBeforeStart == 0 {
            for c in 0..<n { logPrice[c] = 0 }
        }
        for case .price(let c, let y, let change) in settings.drillEvents where y == yearIndex {
            logPrice[c] += log1p(max(change, -ShockSettings.almostOne))
        }
        for c in 0..<n { year.priceIndex[c] = exp(logPrice[c]) }
    }

    /// One year of the AR(1) log prices with their correlated innovations and crashes.
    private func stepPrices(using rng: RandomGenerator) {
        let n = table.commodityCount
        for c in 0..<n { innovation[c] = rng.normal() }
        for c in 0..<n {
            var correlated = 0.0
            for k in 0...c { correlated += settings.correlationFactor[c * n + k] * innovation[k] }
            logPrice[c] = settings.persistence * logPrice[c] + settings.drift[c] + settings.priceSD[c] * correlated
        }
        for c in 0..<n where rng.bernoulli(settings.crashProbability[c]) {
            let d = min(settings.crashSize.sampleFraction(rng), ShockSettings.almostOne)
            logPrice[c] += log1p(-d)
        }
    }

    // MARK: §3.3 macro factors

    private func drawMacro(yearIndex: Int, into year: inout ShockYear) {
        year.downturn = macroRNG.bernoulli(settings.downturnProbability)
        var months: UInt16 = 0
        var carry = epidemicCarry
        func mark(start: Int, length: Int) {
            for m in start..<(start + length) {
                if m < 12 { months |= 1 << UInt16(m) } else { carry = max(carry, start + length - 12) }
            }
        }
        mark(start: 0, length: min(epidemicCarry, 12))
        carry = max(0, epidemicCarry - 12)
        if macroRNG.bernoulli(settings.epidemicProbability) {
            mark(start: Int(macroRNG.uniformInt(12)), length: settings.epidemicMonths)
        }
        for case .epidemic(let y, let month, let length) in settings.drillEvents where y == yearIndex {
            mark(start: month, length: length)
        }
        epidemicCarry = carry
        year.epidemicMonths = months

        for m in 0..<12 {
            var h = settings.jobLossMonthly
            if year.downturn { h *= settings.downturnMultiplier }
            if months & (1 << UInt16(m)) != 0 { h *= settings.epidemicMultiplier }
            monthHazard[m] = -log1p(-min(h, ShockSettings.almostOne))
        }
    }

    // MARK: §3.2 disasters

    private func drawDisasters(yearIndex: Int, into year: inout ShockYear) {
        year.hazardEvents.removeAll(keepingCapacity: true)
        hits.removeAll(keepingCapacity: true)
        let counties = County.allCases.count
        for (h, hazard) in settings.hazards.enumerated() {
            for county in 0..<counties {
                // This hazard's stream in this county: other hazards and counties draw the same
                // whatever its settings.
                let rng = disasterRNGs[h * counties + county]
                let events = rng.poisson(mean: hazard.rate[county])
                for _ in 0..<events {
                    let month = hazard.month.sample(rng)
                    let footprint = hazard.footprint.sampleFraction(rng)
                    let severity = hazard.loss.sampleFraction(rng)
                    let event = Int32(year.hazardEvents.count)
                    year.hazardEvents.append(
                        HazardEvent(
                            hazard: Int32(h), county: UInt8(county), month: UInt8(month), severity: severity,
                            footprint: footprint, isDrill: false))
                    for village in table.countyVillages[county] where rng.uniform() < footprint {
                        hitVillage(Int(village), event: event, month: month, hazard: hazard, using: rng)
                    }
                }
            }
        }
        for case .hazard(let h, let county, let y, let month, let share, let loss) in settings.drillEvents
        where y == yearIndex {
            let hazard = settings.hazards[h]
            let event = Int32(year.hazardEvents.count)
            year.hazardEvents.append(
                HazardEvent(
                    hazard: Int32(h), county: UInt8(county), month: UInt8(month), severity: loss,
                    footprint: share, isDrill: true))
            // Exactly round(share × villages) villages, chosen by a partial Fisher–Yates shuffle.
            var villages = table.countyVillages[county]
            let hit = Int((share * Double(villages.count)).rounded())
            for i in 0..<hit {
                let j = i + Int(drillRNG.uniformInt(UInt(villages.count - i)))
                villages.swapAt(i, j)
                hitVillage(Int(villages[i]), event: event, month: month, hazard: hazard, using: drillRNG)
            }
        }
        hits.sort { a, b in
            (a.event.household, a.event.month, a.order) < (b.event.household, b.event.month, b.order)
        }
    }

    private func hitVillage(
        _ village: Int, event: Int32, month: Int, hazard: ShockSettings.HazardSettings, using rng: RandomGenerator
    ) {
        for slot in Int(table.villageStart[village])..<Int(table.villageStart[village + 1]) {
            guard rng.uniform() < hazard.affectedShare else { continue }
            let household = table.villageMembers[slot]
            let repair = rng.bernoulli(hazard.houseDamageProbability) ? hazard.repairCost.sampleAmount(rng) : 0
            // Drawn whether or not a laborer is left to injure, so that the stream does not
            // depend on the disabilities the clocks drew.
            let injury = rng.bernoulli(hazard.injuryProbability)
            let injured = ableLaborers[Int(household)] > 0 && injury
            hits.append(
                (
                    hits.count,
                    ShockEvent(
                        household: household, month: UInt8(month), kind: .disaster,
                        months: injured ? UInt16(clamping: hazard.injuryMonths) : 0, index: event, amount: repair)
                ))
        }
    }

    // MARK: households: volatility, illness, disability, job loss

    private func drawHouseholds(yearIndex: Int, into year: inout ShockYear) {
        year.events.removeAll(keepingCapacity: true)
        var events = year.events
        year.events = []
        year.wageFactor.withUnsafeMutableBufferPointer { wageFactor in
            year.productionFactor.withUnsafeMutableBufferPointer { productionFactor in
                drawHouseholds(
                    yearIndex: yearIndex, wageFactor: wageFactor, productionFactor: productionFactor, events: &events)
            }
        }
        year.events = events
    }

    /// Draws every household's volatility factors and clock events of the year, in
    /// household order; appends the events (disaster hits merged in) to `events`.
    private func drawHouseholds(
        yearIndex: Int, wageFactor: UnsafeMutableBufferPointer<Float>,
        productionFactor: UnsafeMutableBufferPointer<Float>, events: inout [ShockEvent]
    ) {
        let sigmaW = settings.sigmaWage
        let sigmaP = settings.sigmaProduction
        let shiftW = sigmaW * sigmaW / 2
        let shiftP = sigmaP * sigmaP / 2
        let disabilityHazard = settings.disabilityHazard
        let illnessRatePerPerson = settings.illnessRatePerPerson
        var yearJobHazard = 0.0
        for m in 0..<12 { yearJobHazard += monthHazard[m] }
        var hitCursor = 0
        // The household of the next disaster hit (−1 when none is left).
        var nextHit: Int32 = hits.isEmpty ? -1 : hits[0].event.household

        for h in 0..<table.count {
            // §3.5: mean-one log-normal factors exp(σz − σ²/2), stored as Float. Here the
            // exponents (0 without a draw: e⁰ = 1 exactly); after the loop, their exp in one SIMD sweep.
            wageFactor[h] = hasWage[h] && sigmaW > 0 ? Float(sigmaW * volatilityRNG.normal() - shiftW) : 0
            productionFactor[h] = hasProduction[h] && sigmaP > 0 ? Float(sigmaP * volatilityRNG.normal() - shiftP) : 0

            let fixedRate = Double(persons[h]) * illnessRatePerPerson + Double(ableLaborers[h]) * disabilityHazard
            let yearHazard = fixedRate + Double(ableMigrants[h]) * yearJobHazard
            let hasHits = nextHit == Int32(h)
            if clock[h] > yearHazard && !hasHits {
                clock[h] -= yearHazard
                continue
            }
            // h's clock events, in month order, straight onto the year's events; then its
            // disaster hits (sorted by month), each moved back past the events of later months
            // (so it follows the clock events of its own month and the hits before it).
            let first = events.count
            if clock[h] > yearHazard {
                clock[h] -= yearHazard
            } else {
                clockRNG.reseed(StreamSeeds.household(clockSeed, h, part: 1 + yearIndex))
                fireClock(household: h, events: &events, from: first)
            }
            while hitCursor < hits.count && hits[hitCursor].event.household == Int32(h) {
                let hit = hits[hitCursor].event
                var i = events.count
                events.append(hit)
                while i > first && events[i - 1].month > hit.month {
                    events[i] = events[i - 1]
                    i -= 1
                }
                events[i] = hit
                hitCursor += 1
            }
            nextHit = hitCursor < hits.count ? hits[hitCursor].event.household : -1
        }
        SinglePrecision.exp(inPlace: wageFactor)
        SinglePrecision.exp(inPlace: productionFactor)
    }

    /// Walks household h's clock through the year's months, appending each event to
    /// `events` (whose entries from `first` on are h's of this year).
    ///
    /// Between events the household's hazard is fixed within each month, so after the
    /// current month the clock moves through whole months with only a running sum of their
    /// hazards, to the month in which its budget runs out.
    private func fireClock(household h: Int, events: inout [ShockEvent], from first: Int) {
        let rng = clockRNG
        var budget = clock[h]
        // Monthly rates of illness and disability (the latter changes with each disability).
        let illness = Double(persons[h]) * settings.illnessRatePerPerson / 12
        var disability = Double(ableLaborers[h]) * settings.disabilityHazard / 12
        var month = 0
        var left = 1.0  // fraction of `month` still to run
        while month < 12 {
            let fixed = illness + disability
            let migrants = Double(ableMigrants[h])
            let current = (fixed + migrants * monthHazard[month]) * left
            if budget > current || current == 0 {
                // Past this month: find the month whose end the budget does not reach.
                budget -= current
                left = 1
                month += 1
                var spent = 0.0
                while month < 12 {
                    let through = spent + fixed + migrants * monthHazard[month]
                    if budget <= through && through > spent { break }
                    spent = through
                    month += 1
                }
                budget -= spent
                continue
            }
            // The event happens `budget / total` of the way into what is left of the month.
            let total = fixed + migrants * monthHazard[month]
            left -= budget / total
            budget = rng.standardExponential()
            let pick = rng.uniform() * total
            if pick < illness {
                let patientIsLaborer = rng.uniform() * Double(persons[h]) < Double(ableLaborers[h])
                let cost = settings.illnessCost.sampleAmount(rng)
                events.append(
                    ShockEvent(
                        household: Int32(h), month: UInt8(month), kind: .illness,
                        months: patientIsLaborer ? UInt16(clamping: settings.illnessLostMonths) : 0,
                        index: -1, amount: cost))
            } else if pick < illness + disability {
                // A uniformly chosen able laborer; a migrant with probability ableMigrants/ableLaborers.
                let k = Int(rng.uniformInt(UInt(ableLaborers[h])))
                var migrant: Int32 = -1
                if k < Int(ableMigrants[h]) { migrant = ableMigrant(ofHousehold: h, rank: k) }
                if migrant >= 0 {
                    migrantAble[Int(migrant)] = false
                    ableMigrants[h] -= 1
                }
                ableLaborers[h] -= 1
                disability = Double(ableLaborers[h]) * settings.disabilityHazard / 12
                events.append(
                    ShockEvent(
                        household: Int32(h), month: UInt8(month), kind: .disability, months: 0, index: migrant,
                        amount: 0))
            } else {
                let migrant = ableMigrant(ofHousehold: h, rank: Int(rng.uniformInt(UInt(ableMigrants[h]))))
                let spellBudget = rng.standardExponential()
                let repeated = events[first...].contains {
                    $0.kind == .jobLoss && $0.index == migrant && $0.month == UInt8(month)
                }
                if !repeated {
                    events.append(
                        ShockEvent(
                            household: Int32(h), month: UInt8(month), kind: .jobLoss, months: 0, index: migrant,
                            amount: spellBudget))
                }
            }
        }
        clock[h] = budget
    }

    /// The global index of household h's `rank`-th able migrant.
    private func ableMigrant(ofHousehold h: Int, rank: Int) -> Int32 {
        var seen = 0
        for m in Int(migrantStart[h])..<Int(migrantStart[h + 1]) where migrantAble[m] {
            if seen == rank { return Int32(m) }
            seen += 1
        }
        preconditionFailure("household \(h) has fewer than \(rank + 1) able migrants")
    }
}

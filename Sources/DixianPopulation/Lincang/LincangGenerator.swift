import DixianModel
import Foundation
import GSL

/// Builds `lincang-2020` step by step (docs/population.md describes each step).
///
/// All randomness comes from one mt19937 stream seeded from the data file, drawn in a fixed
/// order, so the population is a pure function of (data file, scale). Columns are filled
/// in place; no per-household strings are made.
struct LincangGenerator {
    let data: LincangData
    let scale: Double
    let rng: RandomGenerator
    private(set) var calibration = LincangCalibration()

    /// Household sizes run 1…`maximumSize` (the length of the size weights).
    private var maximumSize: Int { data.householdSizeWeights.exited.value.count }
    private var povertyLine: Double { data.lines.poverty.value }

    init(data: LincangData, scale: Double) throws {
        guard scale > 0, scale.isFinite else { throw LincangDataError("scale must be a positive number, got \(scale)") }
        self.data = data
        self.scale = scale
        self.rng = try RandomGenerator(name: "mt19937", seed: data.seed.value)
        calibration.scale = scale
    }

    /// Throws when the scale leaves some county without townships, villages or households
    /// enough (the first step of `generate`, without the households).
    func checkLayout() throws { _ = try layout() }

    /// `target × scale`, rounded to a whole count.
    private func scaled(_ target: Target) -> Int { Int((target.value * scale).rounded()) }

    // MARK: - Geography and households per village

    private struct Layout {
        var geography = Geography()
        /// Per village, in geography order: exited households, then edge/hardship households.
        var exitedPerVillage: [Int] = []
        var edgePerVillage: [Int] = []
        /// Per county (County.allCases order).
        var relocatedPerCounty: [Int] = []
        var relocatedPersonsPerCounty: [Int] = []
        var sitesPerCounty: [Int] = []
    }

    /// Step 1: counties → townships → villages, border villages, and how many households
    /// of each kind live in each village (exact totals by largest remainder).
    private func layout() throws -> Layout {
        let counties = County.allCases
        let entries = try counties.map { try data.entry($0) }
        let t = data.targets
        func checkSum(_ values: [Int], _ target: Target, _ what: String) throws {
            guard Double(values.reduce(0, +)) == target.value else {
                throw LincangDataError("counties' \(what) sum to \(values.reduce(0, +)), the target is \(Int(target.value))")
            }
        }
        try checkSum(entries.map(\.townships.value), t.townships, "townships")
        try checkSum(entries.map(\.villages.value), t.villages, "villages")
        try checkSum(entries.map(\.borderVillages.value), t.borderVillages, "border villages")
        try checkSum(entries.map(\.relocationSites.value), t.relocationSites, "relocation sites")
        for (county, e) in zip(counties, entries) where e.borderVillages.value > 0 && !county.isBorderCounty {
            throw LincangDataError("\(county.rawValue) is not a border county but has border villages")
        }

        for target in [t.townships, t.villages, t.relocationSites, t.relocatedHouseholds, t.relocatedPersons,
                       t.borderVillages, t.edgeHardshipHouseholds] where target.value > 0 && scaled(target) < 1 {
            throw LincangDataError("scale \(scale) is too small: it leaves no \(target.source)")
        }
        let townships = Allocation.largestRemainder(scaled(t.townships), weights: entries.map { Double($0.townships.value) })
        let villages = Allocation.largestRemainder(scaled(t.villages), weights: entries.map { Double($0.villages.value) })
        let border = Allocation.largestRemainder(scaled(t.borderVillages), weights: entries.map { Double($0.borderVillages.value) })
        let sites = Allocation.largestRemainder(scaled(t.relocationSites), weights: entries.map { Double($0.relocationSites.value) })
        let householdWeights = entries.map(\.householdWeight.value)
        let exited = Allocation.largestRemainder(scaled(t.exitedHouseholds), weights: householdWeights)
        let edge = Allocation.largestRemainder(scaled(t.edgeHardshipHouseholds), weights: householdWeights)
        let relocated = Allocation.largestRemainder(scaled(t.relocatedHouseholds), weights: sites.map(Double.init))
        let relocatedPersons = Allocation.largestRemainder(
            Int((t.relocatedPersons.value * scale).rounded()), weights: relocated.map(Double.init))

        var result = Layout(relocatedPerCounty: relocated, relocatedPersonsPerCounty: relocatedPersons, sitesPerCounty: sites)
        for (c, county) in counties.enumerated() {
            guard townships[c] >= 1, villages[c] >= townships[c], exited[c] >= villages[c],
                  relocated[c] >= sites[c], border[c] <= villages[c] else {
                func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
                var short: [String] = []
                if townships[c] < 1 { short.append("no township") }
                if townships[c] >= 1 && villages[c] < townships[c] {
                    short.append("\(count(villages[c], "village")) for \(count(townships[c], "township"))")
                }
                if exited[c] < villages[c] {
                    short.append("\(count(exited[c], "exited household")) for \(count(villages[c], "village"))")
                }
                if relocated[c] < sites[c] {
                    short.append("\(count(relocated[c], "relocated household")) for \(count(sites[c], "relocation site"))")
                }
                if border[c] > villages[c] {
                    short.append("\(count(villages[c], "village")) for \(count(border[c], "border village"))")
                }
                throw LincangDataError("scale \(scale) is too small for \(county.rawValue): it would have "
                    + short.joined(separator: ", "))
            }
            let townshipWidth = max(2, String(townships[c]).count)
            let perTownship = Allocation.largestRemainder(villages[c], weights: [Double](repeating: 1, count: townships[c]))
            let villageWidth = max(3, String(perTownship.max() ?? 1).count)
            let firstVillage = result.geography.villages.count
            for (j, count) in perTownship.enumerated() {
                let townshipCode = "\(county.rawValue)-\(Self.padded(j + 1, townshipWidth))"
                for k in 0..<count {
                    _ = result.geography.village("\(townshipCode)-\(Self.padded(k + 1, villageWidth))",
                                                 township: townshipCode, county: county)
                }
            }
            // Border villages: the county's first villages, so that its first townships are
            // the border townships.
            for v in 0..<border[c] { result.geography.markBorder(village: Int32(firstVillage + v)) }

            // Households per village ∝ Gamma(shape) weights; every village has an exited household.
            let weights = (0..<villages[c]).map { _ in
                rng.gamma(shape: data.villageSizeDispersion.value, scale: 1)
            }
            let extra = Allocation.largestRemainder(exited[c] - villages[c], weights: weights)
            result.exitedPerVillage += extra.map { $0 + 1 }
            result.edgePerVillage += Allocation.largestRemainder(edge[c], weights: weights)
        }
        return result
    }

    static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    // MARK: - Sizes

    /// Step 2: the size distribution `w_k e^{θk}` with θ solved by Brent so that the mean
    /// size is `persons / households`; counts by largest remainder, then moved one size
    /// step at a time until the persons are exact.
    private func sizeCounts(weights: [Double], households: Int, persons: Int) throws -> (theta: Double, counts: [Int]) {
        let target = Double(persons) / Double(households)
        func tilted(_ theta: Double) -> [Double] {
            weights.enumerated().map { k, w in w * exp(theta * Double(k + 1)) }
        }
        let theta = try RootFinding.brent(in: -5...5, absoluteTolerance: 1e-12) { theta in
            let p = tilted(theta)
            let mean = p.enumerated().reduce(0) { $0 + Double($1.offset + 1) * $1.element } / p.reduce(0, +)
            return mean - target
        }
        var counts = Allocation.largestRemainder(households, weights: tilted(theta))
        var gap = persons - counts.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
        while gap != 0 {
            // Move a household of the most common size one step towards the target.
            let movable = counts.indices.filter { gap > 0 ? $0 + 1 < counts.count : $0 > 0 }.filter { counts[$0] > 0 }
            guard let from = movable.max(by: { counts[$0] < counts[$1] }) else {
                throw LincangDataError("cannot reach \(persons) persons in \(households) households of sizes 1…\(counts.count)")
            }
            counts[from] -= 1
            counts[from + (gap > 0 ? 1 : -1)] += 1
            gap += gap > 0 ? -1 : 1
        }
        return (theta, counts)
    }

    /// The sizes of `counts`, shuffled (Fisher–Yates).
    private func shuffledSizes(_ counts: [Int]) -> [UInt8] {
        var sizes: [UInt8] = []
        sizes.reserveCapacity(counts.reduce(0, +))
        for (k, n) in counts.enumerated() { sizes += repeatElement(UInt8(k + 1), count: n) }
        shuffle(&sizes)
        return sizes
    }

    private func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, Int(rng.uniformInt(UInt(i + 1))))
        }
    }

    // MARK: - Generation

    mutating func generate() throws -> Population {
        let started = Date()
        let t = data.targets
        let layout = try layout()
        var geography = layout.geography
        let exitedCount = layout.exitedPerVillage.reduce(0, +)
        let edgeCount = layout.edgePerVillage.reduce(0, +)
        let n = exitedCount + edgeCount
        let counties = County.allCases

        // Rows in village order: the village's exited households, then its edge/hardship ones.
        var village = [Int32](); village.reserveCapacity(n)
        var status = [HouseholdStatus](); status.reserveCapacity(n)
        var exitedRows = [Int32](); exitedRows.reserveCapacity(exitedCount)
        var edgeRows = [Int32](); edgeRows.reserveCapacity(edgeCount)
        for v in 0..<geography.villages.count {
            for _ in 0..<layout.exitedPerVillage[v] {
                exitedRows.append(Int32(village.count)); village.append(Int32(v)); status.append(.exited)
            }
            for _ in 0..<layout.edgePerVillage[v] {
                edgeRows.append(Int32(village.count)); village.append(Int32(v)); status.append(.edge)
            }
        }
        // Hardship households: an exact count among the edge/hardship rows, at random.
        var edgeStatuses = [HouseholdStatus](repeating: .edge, count: edgeCount)
        for k in 0..<Int((Double(edgeCount) * data.hardshipShare.value).rounded()) { edgeStatuses[k] = .hardship }
        shuffle(&edgeStatuses)
        for (k, row) in edgeRows.enumerated() { status[Int(row)] = edgeStatuses[k] }

        // Step 2: sizes.
        var size = [UInt8](repeating: 0, count: n)
        let exitedSizes = try sizeCounts(weights: data.householdSizeWeights.exited.value,
                                         households: exitedCount, persons: scaled(t.exitedPersons))
        let edgeSizes = try sizeCounts(weights: data.householdSizeWeights.edgeHardship.value,
                                       households: edgeCount, persons: scaled(t.edgeHardshipPersons))
        calibration.sizeTiltExited = exitedSizes.theta
        calibration.sizeTiltEdgeHardship = edgeSizes.theta
        calibration.sizeCountsExited = exitedSizes.counts
        calibration.sizeCountsEdgeHardship = edgeSizes.counts
        for (k, s) in shuffledSizes(exitedSizes.counts).enumerated() { size[Int(exitedRows[k])] = s }
        for (k, s) in shuffledSizes(edgeSizes.counts).enumerated() { size[Int(edgeRows[k])] = s }

        // Step 3: laborers ~ Binomial(size, p_L), migrants ~ Binomial(laborers, p_M);
        // disabled and chronically ill members ~ Binomial(size, p).
        let pLaborer = t.laborerShare.value / 100
        let pMigrant = t.migrantShare.value / 100
        calibration.laborerProbability = pLaborer
        calibration.migrantProbability = pMigrant
        var laborers = [UInt8](repeating: 0, count: n)
        var migrants = [UInt8](repeating: 0, count: n)
        var disabled = [UInt8](repeating: 0, count: n)
        var chronic = [UInt8](repeating: 0, count: n)
        for i in 0..<n {
            let exited = status[i] == .exited
            let s = UInt32(size[i])
            let l = rng.binomial(p: exited ? pLaborer : data.laborerProbability.edgeHardship.value, n: s)
            laborers[i] = UInt8(l)
            migrants[i] = UInt8(rng.binomial(p: exited ? pMigrant : data.migrantProbability.edgeHardship.value, n: l))
            disabled[i] = UInt8(rng.binomial(
                p: exited ? data.disabledProbability.exited.value : data.disabledProbability.edgeHardship.value, n: s))
            chronic[i] = UInt8(rng.binomial(
                p: exited ? data.chronicProbability.exited.value : data.chronicProbability.edgeHardship.value, n: s))
        }

        // Step 4: per-capita income (all income incl. 低保, yuan).
        var perCapita = [Double](repeating: 0, count: n)
        try assignExitedIncome(rows: exitedRows, size: size, laborers: laborers, into: &perCapita)
        let edgeBand = data.edgeIncome, hardshipBand = data.hardshipIncome
        let edgeDistribution = TruncatedLognormal.band(
            median: edgeBand.median.value, logSd: edgeBand.logSd.value, lower: edgeBand.minimum.value, upper: edgeBand.maximum.value)
        let hardshipDistribution = TruncatedLognormal.band(
            median: hardshipBand.median.value, logSd: hardshipBand.logSd.value,
            lower: hardshipBand.minimum.value, upper: hardshipBand.maximum.value)
        for row in edgeRows {
            let d = status[Int(row)] == .hardship ? hardshipDistribution : edgeDistribution
            perCapita[Int(row)] = d.quantile(rng.uniformPositive())
        }
        // Household income in whole yuan; rounding up keeps every exited household ≥ P_2020.
        var income = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let total = perCapita[i] * Double(size[i])
            income[i] = status[i] == .exited ? total.rounded(.up) : max(1, total.rounded())
        }

        // Step 5: 特困, 低保, monitoring, relocation.
        var flags = [HouseholdFlags](repeating: [], count: n)
        var dibaoAmount = [Double](repeating: 0, count: n)
        try assignAssistance(exitedRows: exitedRows, edgeRows: edgeRows, size: size, laborers: laborers,
                             disabled: disabled, chronic: chronic, perCapita: perCapita, income: income,
                             flags: &flags, dibaoAmount: &dibaoAmount)
        var site = [Int32](repeating: -1, count: n)
        try assignRelocation(exitedRows: exitedRows, layout: layout, villageOf: village, size: size,
                             geography: &geography, flags: &flags, site: &site)
        for i in 0..<n where geography.villages[Int(village[i])].isBorder { flags[i].insert(.border) }

        // Step 6: income components, commodities, insurance, binding.
        let commodities = Commodity.standard
        var wageLocal = [Double](repeating: 0, count: n)
        var wageMigrant = [Double](repeating: 0, count: n)
        var property = [Double](repeating: 0, count: n)
        var transfer = [Double](repeating: 0, count: n)
        // Production sparse: each household's nonzero amounts, commodities ascending.
        var productionStart = [Int32](repeating: 0, count: n + 1)
        var productionCommodity: [UInt8] = []
        var productionAmount: [Double] = []
        productionCommodity.reserveCapacity(n * data.commoditySharesInHousehold.value.count)
        productionAmount.reserveCapacity(n * data.commoditySharesInHousehold.value.count)
        var insured = [UInt32](repeating: 0, count: n)
        let scales = try componentScales(exitedRows: exitedRows, size: size, laborers: laborers, migrants: migrants,
                                         disabled: disabled, income: income, dibaoAmount: dibaoAmount)
        calibration.componentScales = scales
        let mixes = try counties.map { county -> DiscreteSampler in
            guard let mix = data.commodityMix.value[county.rawValue], mix.count == commodities.count else {
                throw LincangDataError("commodity_mix.\(county.rawValue) must list \(commodities.count) shares")
            }
            return try DiscreteSampler(weights: mix)
        }
        let takeUp = try commodities.map { c -> Double in
            guard let p = data.insuranceTakeUp.value[c.rawValue] else {
                throw LincangDataError("insurance_take_up.\(c.rawValue) is missing")
            }
            return p
        }
        let countyIndex = Dictionary(uniqueKeysWithValues: counties.enumerated().map { ($1, $0) })
        let villageCounty = geography.villages.map { countyIndex[geography.townships[Int($0.township)].county]! }
        let householdShares = data.commoditySharesInHousehold.value
        // Scratch buffers reused for every household.
        var weighted = [Double](repeating: 0, count: 4)
        var split = [Double](repeating: 0, count: 4)
        var wageWeights = [Double](repeating: 0, count: 2)
        var wages = [Double](repeating: 0, count: 2)
        var chosen = [Int](repeating: 0, count: householdShares.count)
        var amounts = [Double](repeating: 0, count: householdShares.count)
        for i in 0..<n {
            let parts = componentParts(size: size[i], laborers: laborers[i], migrants: migrants[i], disabled: disabled[i])
            weighted[0] = parts.wage * scales[0]
            weighted[1] = parts.production * scales[1]
            weighted[2] = parts.transfer * scales[2]
            weighted[3] = parts.property * scales[3]
            Allocation.splitYuan(income[i] - dibaoAmount[i], weights: weighted, count: 4, into: &split)
            wageWeights[0] = parts.localWage
            wageWeights[1] = parts.migrantWage
            Allocation.splitYuan(split[0], weights: wageWeights, count: 2, into: &wages)
            wageLocal[i] = wages[0]
            wageMigrant[i] = wages[1]
            transfer[i] = split[2]
            property[i] = split[3]

            // A main commodity and two minor ones, distinct, drawn from the county's mix.
            let sampler = mixes[villageCounty[Int(village[i])]]
            var picked = 0
            var attempts = 0
            while picked < householdShares.count, attempts < 50 {
                let c = sampler.sample(rng)
                if !chosen[0..<picked].contains(c) {
                    chosen[picked] = c
                    picked += 1
                }
                attempts += 1
            }
            Allocation.splitYuan(split[1], weights: householdShares, count: picked, into: &amounts)
            var mask: UInt32 = 0
            for k in 0..<picked {
                let c = chosen[k]
                if amounts[k] > 0, rng.bernoulli(takeUp[c]) { mask |= 1 << UInt32(c) }
            }
            insured[i] = mask
            // The picks in commodity order (insertion sort of at most a few).
            let first = productionAmount.count
            for k in 0..<picked where amounts[k] != 0 {
                productionCommodity.append(UInt8(chosen[k]))
                productionAmount.append(amounts[k])
                var e = productionAmount.count - 1
                while e > first && productionCommodity[e - 1] > productionCommodity[e] {
                    productionCommodity.swapAt(e - 1, e)
                    productionAmount.swapAt(e - 1, e)
                    e -= 1
                }
            }
            productionStart[i + 1] = Int32(productionAmount.count)
            let bound = status[i] == .exited ? data.boundShare.exited.value : data.boundShare.edgeHardship.value
            if rng.bernoulli(bound) { flags[i].insert(.bound) }
        }

        let width = max(6, String(n).count)
        let population = Population(
            geography: geography, commodities: commodities,
            ids: HouseholdIDs(numberedWithPrefix: data.householdIdPrefix.value, width: width, count: n),
            village: village, size: size, laborers: laborers, migrants: migrants, status: status, flags: flags,
            site: site, disabled: disabled, chronic: chronic, wageLocal: wageLocal, wageMigrant: wageMigrant,
            property: property, transfer: transfer, dibaoAmount: dibaoAmount, productionStart: productionStart,
            productionCommodity: productionCommodity, productionAmount: productionAmount, insured: insured)
        calibration.seconds = Date().timeIntervalSince(started)
        return population
    }

    // MARK: - Income

    /// Step 4 for the exited: (μ, σ) solved so that the log-normal truncated at P_2020 has
    /// the target mean and share below 10,000; the n households get the stratified
    /// quantiles F⁻¹((r + ½)/n) in the order of a score that mixes their laborer share
    /// (weight ρ) with noise, so the income distribution is matched exactly and richer
    /// households tend to have more laborers.
    private mutating func assignExitedIncome(rows: [Int32], size: [UInt8], laborers: [UInt8], into perCapita: inout [Double]) throws {
        let t = data.targets
        let distribution = try TruncatedLognormal.calibrate(
            lower: povertyLine, mean: t.meanIncomePerCapita.value,
            threshold: data.lines.incomeThreshold.value, shareBelow: t.shareBelowIncomeThreshold.value / 100)
        calibration.exitedIncomeMu = distribution.mu
        calibration.exitedIncomeSigma = distribution.sigma
        calibration.exitedIncomeMean = distribution.mean
        calibration.exitedIncomeShareBelow = distribution.cdf(data.lines.incomeThreshold.value)

        let m = rows.count
        guard m > 0 else { return }
        var share = [Double](repeating: 0, count: m)
        for (k, row) in rows.enumerated() { share[k] = Double(laborers[Int(row)]) / Double(size[Int(row)]) }
        let mean = share.reduce(0, +) / Double(m)
        let sd = max(1e-12, (share.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m)).squareRoot())
        let rho = data.incomeRankCorrelation.value
        let noise = (1 - rho * rho).squareRoot()
        var scored = [(score: Double, row: Int32)]()
        scored.reserveCapacity(m)
        for k in 0..<m { scored.append((rho * (share[k] - mean) / sd + noise * rng.gaussian(sd: 1), rows[k])) }
        scored.sort { $0.score < $1.score }
        for (rank, entry) in scored.enumerated() {
            perCapita[Int(entry.row)] = max(povertyLine, distribution.quantile((Double(rank) + 0.5) / Double(m)))
        }
    }

    // MARK: - Assistance

    /// Step 5: 特困 (count), 低保 among the exited (exact persons), 低保 among edge/hardship
    /// (count), monitoring of the exited (exact persons so that all monitored persons hit
    /// the target; every edge/hardship household is monitored). Preference weights favour
    /// low per-capita income `y`: 低保 `(P/y)^a × (no laborer ? b : 1)`, monitoring
    /// `(P/y)^c × (ill or disabled member ? d : 1)` (powers and factors in the data file).
    private mutating func assignAssistance(
        exitedRows: [Int32], edgeRows: [Int32], size: [UInt8], laborers: [UInt8], disabled: [UInt8], chronic: [UInt8],
        perCapita: [Double], income: [Double], flags: inout [HouseholdFlags], dibaoAmount: inout [Double]
    ) throws {
        let t = data.targets
        let p = povertyLine
        let dibaoPower = data.dibaoPreference.incomePower.value
        let noLaborer = data.dibaoPreference.noLaborerFactor.value
        func dibaoWeight(_ i: Int) -> Double {
            pow(p / perCapita[i], dibaoPower) * (laborers[i] == 0 ? noLaborer : 1)
        }

        // 特困: households of one or two persons with no laborer.
        let tekunCandidates = exitedRows.filter { laborers[Int($0)] == 0 && size[Int($0)] <= 2 }
        let tekunCount = min(tekunCandidates.count, Int((Double(exitedRows.count) * data.tekunShare.value).rounded()))
        let tekun = try ExactSelection.pick(
            from: tekunCandidates, weights: tekunCandidates.map { dibaoWeight(Int($0)) }, sizes: size,
            count: tekunCount, persons: nil, rng: rng)
        for i in tekun { flags[Int(i)].insert(.tekun) }
        calibration.tekunHouseholds = tekun.count

        // 低保 among the exited: exact persons.
        let dibaoCandidates = exitedRows.filter { !flags[Int($0)].contains(.tekun) }
        let dibao = try ExactSelection.pick(
            from: dibaoCandidates, weights: dibaoCandidates.map { dibaoWeight(Int($0)) }, sizes: size,
            count: nil, persons: scaled(t.dibaoPersons), rng: rng)
        calibration.dibaoHouseholdsExited = dibao.count
        // 低保 among edge/hardship households: a share of households.
        let edgeDibao = try ExactSelection.pick(
            from: edgeRows, weights: edgeRows.map { dibaoWeight(Int($0)) }, sizes: size,
            count: Int((Double(edgeRows.count) * data.edgeHardshipDibaoShare.value).rounded()), persons: nil, rng: rng)
        for i in dibao + edgeDibao {
            let h = Int(i)
            flags[h].insert(.dibao)
            dibaoAmount[h] = min(data.dibaoPerPerson.value * Double(size[h]),
                                 (data.dibaoIncomeCap.value * income[h]).rounded(.down))
        }
        let exitedIncome = exitedRows.reduce(0) { $0 + income[Int($1)] }
        let exitedDibao = dibao.reduce(0) { $0 + dibaoAmount[Int($1)] }
        calibration.dibaoShareOfIncome = exitedIncome > 0 ? 100 * exitedDibao / exitedIncome : 0

        // Monitoring: every edge/hardship household; exited households (脱贫不稳定户) up to the
        // persons the three kinds must total.
        for i in edgeRows { flags[Int(i)].insert(.monitored) }
        let edgePersons = edgeRows.reduce(0) { $0 + Int(size[Int($1)]) }
        let monitoringPower = data.monitoringPreference.incomePower.value
        let illness = data.monitoringPreference.illnessFactor.value
        let monitored = try ExactSelection.pick(
            from: exitedRows,
            weights: exitedRows.map { row in
                let i = Int(row)
                return pow(p / perCapita[i], monitoringPower) * (disabled[i] + chronic[i] > 0 ? illness : 1)
            },
            sizes: size, count: nil, persons: max(0, scaled(t.monitoredPersons) - edgePersons), rng: rng)
        for i in monitored { flags[Int(i)].insert(.monitored) }
        calibration.monitoredHouseholdsExited = monitored.count
    }

    /// Step 5b: relocation (易地扶贫搬迁) of exited households, county by county: an exact
    /// count and exact persons, at random; each county's sites numbered in the order of
    /// its relocated households (site j takes a contiguous block).
    private mutating func assignRelocation(
        exitedRows: [Int32], layout: Layout, villageOf: [Int32], size: [UInt8],
        geography: inout Geography, flags: inout [HouseholdFlags], site: inout [Int32]
    ) throws {
        var total = 0
        for (c, county) in County.allCases.enumerated() {
            let candidates = exitedRows.filter { geography.county(ofVillage: villageOf[Int($0)]) == county }
            let k = layout.relocatedPerCounty[c]
            guard k > 0 else { continue }
            let picked = try ExactSelection.pick(
                from: candidates, weights: [Double](repeating: 1, count: candidates.count), sizes: size,
                count: k, persons: layout.relocatedPersonsPerCounty[c], rng: rng)
            let sites = layout.sitesPerCounty[c]
            let width = max(2, String(sites).count)
            let siteIndex = (0..<sites).map { geography.site("\(county.rawValue)-site-\(Self.padded($0 + 1, width))", county: county) }
            for (j, row) in picked.enumerated() {
                flags[Int(row)].insert(.relocated)
                site[Int(row)] = siteIndex[j * sites / k]
            }
            total += picked.count
        }
        calibration.relocatedHouseholds = total
    }

    // MARK: - Income components

    /// A household's weights for the four components before the aggregate scales, and its
    /// local and migrant wage weights (`wage = localWage + migrantWage`).
    private struct ComponentParts {
        var wage, production, transfer, property, localWage, migrantWage: Double
        var components: [Double] { [wage, production, transfer, property] }
    }

    /// The component weights v of a household: wage from laborers at home and migrants;
    /// production from a base, laborers at home and dependants; transfers (excluding 低保)
    /// from a base, dependants and disabled members; property a constant (data file,
    /// `component_weights`).
    private func componentParts(size: UInt8, laborers: UInt8, migrants: UInt8, disabled: UInt8) -> ComponentParts {
        let w = data.componentWeights
        let local = Double(laborers - migrants)
        let dependants = Double(size - laborers)
        let localWage = w.wagePerLocalLaborer.value * local
        let migrantWage = w.wagePerMigrant.value * Double(migrants)
        return ComponentParts(
            wage: localWage + migrantWage,
            production: w.productionBase.value + w.productionPerLocalLaborer.value * local
                + w.productionPerDependant.value * dependants,
            transfer: w.transferBase.value + w.transferPerDependant.value * dependants
                + w.transferPerDisabled.value * Double(disabled),
            property: w.propertyBase.value,
            localWage: localWage, migrantWage: migrantWage)
    }

    /// Step 6: scale factors k (production fixed at 1) such that, when every exited
    /// household splits its non-低保 income in proportion to `k_c · v_c` (its component
    /// weights), the exited's aggregate shares are the targets — the transfer target less
    /// the 低保 already paid. Solved with GSL's hybrid solver in log k. Households are
    /// grouped by (size, laborers, migrants, disabled), which fixes v, so each evaluation
    /// costs one pass over the groups, not the households.
    private func componentScales(
        exitedRows: [Int32], size: [UInt8], laborers: [UInt8], migrants: [UInt8], disabled: [UInt8],
        income: [Double], dibaoAmount: [Double]
    ) throws -> [Double] {
        struct Key: Hashable { var size, laborers, migrants, disabled: UInt8 }
        var groups: [Key: Double] = [:]
        var totalIncome = 0.0, totalDibao = 0.0
        for row in exitedRows {
            let i = Int(row)
            groups[Key(size: size[i], laborers: laborers[i], migrants: migrants[i], disabled: disabled[i]), default: 0]
                += income[i] - dibaoAmount[i]
            totalIncome += income[i]
            totalDibao += dibaoAmount[i]
        }
        let weighted = groups.sorted { ($0.key.size, $0.key.laborers, $0.key.migrants, $0.key.disabled)
            < ($1.key.size, $1.key.laborers, $1.key.migrants, $1.key.disabled) }
            .map { (amount: $0.value, v: componentParts(size: $0.key.size, laborers: $0.key.laborers,
                                                       migrants: $0.key.migrants, disabled: $0.key.disabled).components) }
        let t = data.targets
        let target = [t.wageShare.value / 100, t.productionShare.value / 100,
                      t.transferShare.value / 100 - totalDibao / totalIncome, t.propertyShare.value / 100]
        guard target[2] > 0 else {
            throw LincangDataError("低保 alone (\(totalDibao / totalIncome * 100)% of income) exceeds the transfer share")
        }
        func shares(_ k: [Double]) -> [Double] {
            var s = [0.0, 0, 0, 0]
            for g in weighted {
                let parts = zip(g.v, k).map { $0 * $1 }
                let sum = parts.reduce(0, +)
                for c in 0..<4 { s[c] += g.amount * parts[c] / sum / totalIncome }
            }
            return s
        }
        let logK = try RootFinding.solve(from: [0, 0, 0], residualTolerance: 1e-13) { x in
            let s = shares([exp(x[0]), 1, exp(x[1]), exp(x[2])])
            return [s[0] - target[0], s[2] - target[2], s[3] - target[3]]
        }
        return [exp(logK[0]), 1, exp(logK[1]), exp(logK[2])]
    }
}

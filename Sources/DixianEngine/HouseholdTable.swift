import DixianModel

/// The population as the engine reads it: columns in the scenario's commodity order,
/// indices to county, township and village, each household's migrants as a range of a
/// migrant table, and each village's households.
///
/// Built once per run; read-only afterwards and shared by every worker. It keeps no second
/// copy of the population: the columns it shares are the population's own arrays
/// (copy-on-write storage, never written), and county, township, persons, group bits and
/// the start-of-run flags are computed on access from them (``HouseholdTable/FlagColumn``
/// and the other views of `HouseholdTable+Columns.swift`). It stores only the migrant
/// ranges and the village member lists, 8 bytes a household, plus production and insurance
/// remapped when the scenario orders commodities differently from the population.
struct HouseholdTable: Sendable {
    let count: Int
    let commodityCount: Int

    /// Index into `County.allCases`.
    let county: VillageColumn<UInt8>
    let township: VillageColumn<Int32>
    let village: [Int32]
    let persons: PersonsColumn
    let laborers: [UInt8]
    let migrants: [UInt8]
    let status: [HouseholdStatus]
    /// Bit g set when the household is in `OutcomeGroup.every[g]` for g ≥ 9 (the groups
    /// beyond `all` and the counties).
    let groupBits: GroupBitsColumn
    let startsMonitored: FlagColumn
    let startsDibao: FlagColumn
    let tekun: FlagColumn
    /// `bound` of the population (双绑); the binding share may add or remove households.
    let boundInFile: FlagColumn
    /// `insured` of the population in scenario commodity order.
    let insuredInFile: [UInt32]

    /// Base-year money, yuan per year.
    let wageLocal: [Double]
    let wageMigrant: [Double]
    let property: [Double]
    let transfer: [Double]
    /// 低保 received in the base year (the model computes 低保 itself from the first simulated year).
    let dibaoAmount: [Double]

    /// The nonzero production of household h, sparse: entries `productionStart[h] ..<
    /// productionStart[h + 1]` of `productionCommodity` (scenario order, ascending) and
    /// `productionAmount` (base-year yuan). Most households grow one to three commodities.
    let productionStart: [Int32]
    let productionCommodity: [UInt8]
    let productionAmount: [Double]
    /// Production income per commodity read densely, stride `commodityCount`, scenario order
    /// (a view of the sparse columns; O(entries of the household) an element).
    var production: ProductionMatrix {
        ProductionMatrix(
            stride: commodityCount, start: productionStart, commodity: productionCommodity, amount: productionAmount)
    }

    /// Whether production and insurance are the table's own arrays, remapped to the
    /// scenario's commodity order (false: the population's own).
    let remapsCommodities: Bool

    /// Household h's migrants are `migrantStart[h] ..< migrantStart[h + 1]`.
    let migrantStart: [Int32]
    var migrantCount: Int { Int(migrantStart[count]) }

    let villageCount: Int
    let townshipCount: Int
    /// County index of each village.
    let villageCounty: [UInt8]
    let villageTownship: [Int32]
    /// Households of village v: `villageMembers[villageStart[v] ..< villageStart[v + 1]]`, ascending.
    let villageStart: [Int32]
    let villageMembers: [Int32]
    /// Villages of each county, ascending.
    let countyVillages: [[Int32]]
    /// Exited households per village and per township (the denominators of breach rates).
    let exitedPerVillage: [Int32]
    let exitedPerTownship: [Int32]

    init(population: Population, commodities: [Commodity]) throws {
        if let problem = Simulator.unlisted(produced: population.grownCommodities, listed: commodities) {
            throw EngineError.setup(problem)
        }
        count = population.count
        commodityCount = commodities.count
        let geography = population.geography
        let counties = County.allCases

        villageCount = geography.villages.count
        townshipCount = geography.townships.count
        villageTownship = geography.villages.map(\.township)
        villageCounty = geography.villages.map {
            UInt8(counties.firstIndex(of: geography.townships[Int($0.township)].county)!)
        }
        village = population.village
        county = VillageColumn(village: population.village, byVillage: villageCounty)
        township = VillageColumn(village: population.village, byVillage: villageTownship)

        let bitsOfFlags = (0...UInt8.max).map { raw -> UInt16 in
            let flags = HouseholdFlags(rawValue: raw)
            var bits: UInt16 = 0
            if flags.contains(.relocated) { bits |= 1 << UInt16(OutcomeGroup.relocated.index) }
            if flags.contains(.border) { bits |= 1 << UInt16(OutcomeGroup.border.index) }
            if flags.contains(.monitored) { bits |= 1 << UInt16(OutcomeGroup.monitoredAtStart.index) }
            if flags.contains(.dibao) { bits |= 1 << UInt16(OutcomeGroup.dibao.index) }
            return bits
        }
        let keyCounty: UInt16 = 1 << UInt16(OutcomeGroup.keyCounty.index)
        groupBits = GroupBitsColumn(
            flags: population.flags, village: population.village, bitsOfFlags: bitsOfFlags,
            bitsOfVillage: villageCounty.map { counties[Int($0)].isKeyAssisted ? keyCounty : 0 })

        persons = PersonsColumn(size: population.size)
        laborers = population.laborers
        migrants = population.migrants
        status = population.status
        startsMonitored = FlagColumn(flags: population.flags, flag: .monitored)
        startsDibao = FlagColumn(flags: population.flags, flag: .dibao)
        tekun = FlagColumn(flags: population.flags, flag: .tekun)
        boundInFile = FlagColumn(flags: population.flags, flag: .bound)
        wageLocal = population.wageLocal
        wageMigrant = population.wageMigrant
        property = population.property
        transfer = population.transfer
        dibaoAmount = population.dibaoAmount

        // Production and insurance in the scenario's commodity order: the population's own
        // columns when its commodities come first in that order (the built-in population and
        // most household files), otherwise remapped.
        remapsCommodities = Array(commodities.prefix(population.commodities.count)) != population.commodities
        if !remapsCommodities {
            productionStart = population.productionStart
            productionCommodity = population.productionCommodity
            productionAmount = population.productionAmount
            insuredInFile = population.insured
        } else {
            let indexOf = population.commodities.map { commodities.firstIndex(of: $0) }
            var start = [Int32](repeating: 0, count: count + 1)
            var commodity: [UInt8] = []
            var amount: [Double] = []
            commodity.reserveCapacity(population.productionAmount.count)
            amount.reserveCapacity(population.productionAmount.count)
            var insured = [UInt32](repeating: 0, count: count)
            for h in 0..<count {
                let first = amount.count
                for e in population.productionEntries(h) {
                    // Entries of commodities the scenario does not list were refused above.
                    guard let c = indexOf[Int(population.productionCommodity[e])] else { continue }
                    commodity.append(UInt8(c))
                    amount.append(population.productionAmount[e])
                    var k = amount.count - 1
                    while k > first && commodity[k - 1] > commodity[k] {
                        commodity.swapAt(k - 1, k)
                        amount.swapAt(k - 1, k)
                        k -= 1
                    }
                }
                start[h + 1] = Int32(amount.count)
                insured[h] = Self.remap(population.insured[h], indexOf)
            }
            productionStart = start
            productionCommodity = commodity
            productionAmount = amount
            insuredInFile = insured
        }

        var migrantStart = [Int32](repeating: 0, count: count + 1)
        for h in 0..<count { migrantStart[h + 1] = migrantStart[h] + Int32(population.migrants[h]) }
        self.migrantStart = migrantStart

        var villageStart = [Int32](repeating: 0, count: villageCount + 1)
        for v in population.village { villageStart[Int(v) + 1] += 1 }
        for v in 0..<villageCount { villageStart[v + 1] += villageStart[v] }
        var fill = villageStart
        var members = [Int32](repeating: 0, count: count)
        for h in 0..<count {
            let v = Int(population.village[h])
            members[Int(fill[v])] = Int32(h)
            fill[v] += 1
        }
        self.villageStart = villageStart
        villageMembers = members

        var countyVillages = Array(repeating: [Int32](), count: counties.count)
        for v in 0..<villageCount { countyVillages[Int(villageCounty[v])].append(Int32(v)) }
        self.countyVillages = countyVillages

        var exitedPerVillage = [Int32](repeating: 0, count: villageCount)
        var exitedPerTownship = [Int32](repeating: 0, count: townshipCount)
        for h in 0..<count where population.status[h] == .exited {
            let v = Int(population.village[h])
            exitedPerVillage[v] += 1
            exitedPerTownship[Int(villageTownship[v])] += 1
        }
        self.exitedPerVillage = exitedPerVillage
        self.exitedPerTownship = exitedPerTownship
    }

    /// Commodity bits (bit i ↔ commodity i of one list) in another list's order: bit
    /// `index[i]`, dropped where `index[i]` is nil.
    static func remap(_ bits: UInt32, _ index: [Int?]) -> UInt32 {
        var out: UInt32 = 0
        for (i, j) in index.enumerated() where bits & (1 << UInt32(i)) != 0 {
            if let j { out |= 1 << UInt32(j) }
        }
        return out
    }
}

import DixianModel

/// The population as the engine reads it: flat columns in the scenario's commodity
/// order, indices to county, township and village, each household's migrants as a
/// range of a migrant table, and each village's households.
///
/// Built once per run; read-only afterwards and shared by every worker.
struct HouseholdTable: Sendable {
    let count: Int
    let commodityCount: Int

    /// Index into `County.allCases`.
    let county: [UInt8]
    let township: [Int32]
    let village: [Int32]
    let persons: [Int32]
    let laborers: [UInt8]
    let migrants: [UInt8]
    let status: [HouseholdStatus]
    /// Bit g set when the household is in `OutcomeGroup.every[g]` for g ≥ 9 (the groups
    /// beyond `all` and the counties).
    let groupBits: [UInt16]
    let startsMonitored: [Bool]
    let startsDibao: [Bool]
    let tekun: [Bool]
    /// `bound` of the population (双绑); the binding share may add or remove households.
    let boundInFile: [Bool]
    /// `insured` of the population in scenario commodity order.
    let insuredInFile: [UInt32]

    /// Base-year money, yuan per year.
    let wageLocal: [Double]
    let wageMigrant: [Double]
    let property: [Double]
    let transfer: [Double]
    /// 低保 received in the base year (the model computes 低保 itself from the first simulated year).
    let dibaoAmount: [Double]
    /// Production income per commodity, stride `commodityCount`, scenario order.
    let production: [Double]

    /// The nonzero production of household h, sparse: entries `productionStart[h] ..<
    /// productionStart[h + 1]` of `productionCommodity` (scenario order) and `productionAmount`
    /// (base-year yuan). Most households grow one to three commodities.
    let productionStart: [Int32]
    let productionCommodity: [UInt8]
    let productionAmount: [Double]

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
    /// Village and township codes, for output files.
    let villageCodes: [String]
    let townshipCodes: [String]

    init(population: Population, commodities: [Commodity]) throws {
        let missing = population.commodities.enumerated().filter { c, name in
            !commodities.contains(name) && (0..<population.count).contains { population.production[$0 * population.commodities.count + c] != 0 }
        }.map(\.element.rawValue)
        guard missing.isEmpty else {
            throw EngineError.setup(
                "the population produces \(missing.joined(separator: ", ")), which shocks.prices.commodities does not list; add \(missing.count == 1 ? "it" : "them") to the list")
        }
        count = population.count
        commodityCount = commodities.count
        let geography = population.geography
        let counties = County.allCases

        var county = [UInt8](repeating: 0, count: count)
        var township = [Int32](repeating: 0, count: count)
        var groupBits = [UInt16](repeating: 0, count: count)
        for h in 0..<count {
            let c = population.county(h)
            let ci = counties.firstIndex(of: c)!
            county[h] = UInt8(ci)
            township[h] = population.township(h)
            let flags = population.flags[h]
            var bits: UInt16 = 0
            if flags.contains(.relocated) { bits |= 1 << UInt16(OutcomeGroup.relocated.index) }
            if flags.contains(.border) { bits |= 1 << UInt16(OutcomeGroup.border.index) }
            if c.isKeyAssisted { bits |= 1 << UInt16(OutcomeGroup.keyCounty.index) }
            if flags.contains(.monitored) { bits |= 1 << UInt16(OutcomeGroup.monitoredAtStart.index) }
            if flags.contains(.dibao) { bits |= 1 << UInt16(OutcomeGroup.dibao.index) }
            groupBits[h] = bits
        }
        self.county = county
        self.township = township
        self.groupBits = groupBits
        village = population.village
        persons = population.size.map { Int32($0) }
        laborers = population.laborers
        migrants = population.migrants
        status = population.status
        startsMonitored = population.flags.map { $0.contains(.monitored) }
        startsDibao = population.flags.map { $0.contains(.dibao) }
        tekun = population.flags.map { $0.contains(.tekun) }
        boundInFile = population.flags.map { $0.contains(.bound) }
        wageLocal = population.wageLocal
        wageMigrant = population.wageMigrant
        property = population.property
        transfer = population.transfer
        dibaoAmount = population.dibaoAmount

        // Production and insurance columns in the scenario's commodity order.
        let stride = population.commodities.count
        let columnOf = commodities.map { population.commodities.firstIndex(of: $0) }
        var production = [Double](repeating: 0, count: count * commodities.count)
        var insured = [UInt32](repeating: 0, count: count)
        for h in 0..<count {
            for (c, column) in columnOf.enumerated() {
                guard let column else { continue }
                production[h * commodities.count + c] = population.production[h * stride + column]
                if population.insured[h] & (1 << UInt32(column)) != 0 { insured[h] |= 1 << UInt32(c) }
            }
        }
        self.production = production
        insuredInFile = insured
        var productionStart = [Int32](repeating: 0, count: count + 1)
        var productionCommodity: [UInt8] = []
        var productionAmount: [Double] = []
        for h in 0..<count {
            for c in 0..<commodities.count where production[h * commodities.count + c] != 0 {
                productionCommodity.append(UInt8(c))
                productionAmount.append(production[h * commodities.count + c])
            }
            productionStart[h + 1] = Int32(productionCommodity.count)
        }
        self.productionStart = productionStart
        self.productionCommodity = productionCommodity
        self.productionAmount = productionAmount

        var migrantStart = [Int32](repeating: 0, count: count + 1)
        for h in 0..<count { migrantStart[h + 1] = migrantStart[h] + Int32(population.migrants[h]) }
        self.migrantStart = migrantStart

        villageCount = geography.villages.count
        townshipCount = geography.townships.count
        villageTownship = geography.villages.map(\.township)
        villageCounty = geography.villages.map {
            UInt8(counties.firstIndex(of: geography.townships[Int($0.township)].county)!)
        }
        villageCodes = geography.villages.map(\.code)
        townshipCodes = geography.townships.map(\.code)

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
            exitedPerVillage[Int(population.village[h])] += 1
            exitedPerTownship[Int(township[h])] += 1
        }
        self.exitedPerVillage = exitedPerVillage
        self.exitedPerTownship = exitedPerTownship
    }
}

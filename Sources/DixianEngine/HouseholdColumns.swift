import DixianModel

/// The household columns the hot loops read, laid out once per run and shared read-only by
/// every worker's ``ShockTapeGenerator`` and ``VariantSimulation`` (docs/performance.md:
/// about 110 bytes a household that each worker would otherwise copy).
///
/// Built before the workers start and never written after, so workers on any thread may
/// read it at once (hence `@unchecked Sendable`). Frees its buffers in `deinit`; the
/// generators and simulations keep it alive by holding it.
final class HouseholdColumns: @unchecked Sendable {
    let persons: FixedBuffer<Int32>
    let county: FixedBuffer<UInt8>
    let village: FixedBuffer<Int32>
    let township: FixedBuffer<Int32>
    let groupBits: FixedBuffer<UInt16>
    let exited: FixedBuffer<Bool>
    let tekun: FixedBuffer<Bool>
    /// Local (non-migrant) laborers, able or not; migrants.
    let localLaborers: FixedBuffer<UInt8>
    let migrants: FixedBuffer<UInt8>
    let wageLocal: FixedBuffer<Double>
    let wageMigrant: FixedBuffer<Double>
    /// Base-year monthly wage of the household's local laborers together, and of each migrant.
    let localMonthlyBase: FixedBuffer<Double>
    let migrantMonthlyBase: FixedBuffer<Double>
    let property: FixedBuffer<Double>
    let transfer: FixedBuffer<Double>
    let productionStart: FixedBuffer<Int32>
    let productionCommodity: FixedBuffer<UInt8>
    let productionAmount: FixedBuffer<Double>
    /// The household of each production entry (the rows of `productionStart`, spelled out).
    let productionHousehold: FixedBuffer<Int32>
    let migrantStart: FixedBuffer<Int32>
    /// Whether the household earns wages, and whether it produces anything (volatility draws).
    let hasWage: FixedBuffer<Bool>
    let hasProduction: FixedBuffer<Bool>

    init(table: HouseholdTable) {
        let n = table.count
        persons = FixedBuffer(table.persons)
        county = FixedBuffer(table.county)
        village = FixedBuffer(table.village)
        township = FixedBuffer(table.township)
        groupBits = FixedBuffer(table.groupBits)
        exited = FixedBuffer(table.status.lazy.map { $0 == .exited })
        tekun = FixedBuffer(table.tekun)
        localLaborers = FixedBuffer((0..<n).lazy.map { table.laborers[$0] - table.migrants[$0] })
        migrants = FixedBuffer(table.migrants)
        wageLocal = FixedBuffer(table.wageLocal)
        wageMigrant = FixedBuffer(table.wageMigrant)
        localMonthlyBase = FixedBuffer(table.wageLocal.lazy.map { $0 / 12 })
        migrantMonthlyBase = FixedBuffer(
            (0..<n).lazy.map { table.migrants[$0] > 0 ? table.wageMigrant[$0] / Double(table.migrants[$0]) / 12 : 0 })
        property = FixedBuffer(table.property)
        transfer = FixedBuffer(table.transfer)
        productionStart = FixedBuffer(table.productionStart)
        productionCommodity = FixedBuffer(table.productionCommodity)
        productionAmount = FixedBuffer(table.productionAmount)
        var household = [Int32](repeating: 0, count: table.productionAmount.count)
        for h in 0..<n {
            for k in Int(table.productionStart[h])..<Int(table.productionStart[h + 1]) { household[k] = Int32(h) }
        }
        productionHousehold = FixedBuffer(household)
        migrantStart = FixedBuffer(table.migrantStart)
        hasWage = FixedBuffer((0..<n).lazy.map { table.wageLocal[$0] + table.wageMigrant[$0] > 0 })
        hasProduction = FixedBuffer(
            (0..<n).lazy.map { h in
                (Int(table.productionStart[h])..<Int(table.productionStart[h + 1])).contains { table.productionAmount[$0] != 0 }
            })
    }

    deinit {
        persons.deallocate()
        county.deallocate()
        village.deallocate()
        township.deallocate()
        groupBits.deallocate()
        exited.deallocate()
        tekun.deallocate()
        localLaborers.deallocate()
        migrants.deallocate()
        wageLocal.deallocate()
        wageMigrant.deallocate()
        localMonthlyBase.deallocate()
        migrantMonthlyBase.deallocate()
        property.deallocate()
        transfer.deallocate()
        productionStart.deallocate()
        productionCommodity.deallocate()
        productionAmount.deallocate()
        productionHousehold.deallocate()
        migrantStart.deallocate()
        hasWage.deallocate()
        hasProduction.deallocate()
    }

    /// Bytes of the buffers.
    var bytes: Int {
        let n = persons.count
        return n * (4 + 1 + 4 + 4 + 2 + 1 + 1 + 1 + 1 + 6 * 8 + 4 + 4 + 1 + 1) + 8
            + productionAmount.count * (1 + 8 + 4)
    }
}

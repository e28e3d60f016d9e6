/// A population of households, stored as columns (structure of arrays).
///
/// Household `i` is row `i` of every column. The layout keeps the engine's per-household
/// loops cache-friendly and the memory small — 90 bytes a household for `lincang-2020`, whose
/// households grow three commodities each (MODEL.md §2; `population.scale: 300`, ≈ 30 M
/// households, takes 2.7 GB; docs/performance.md):
///
/// | column | type | bytes |
/// |---|---|---|
/// | `village` (county and township follow from it) | `Int32` | 4 |
/// | `size`, `laborers`, `migrants`, `disabled`, `chronic` | `UInt8` | 5 |
/// | `status` | ``HouseholdStatus`` | 1 |
/// | `flags` | ``HouseholdFlags`` | 1 |
/// | `site` (−1 = none) | `Int32` | 4 |
/// | `wageLocal`, `wageMigrant`, `property`, `transfer`, `dibaoAmount` | `Double` | 40 |
/// | `productionStart` | `Int32` | 4 |
/// | `productionCommodity`, `productionAmount`, per commodity grown | `UInt8`, `Double` | 9 each |
/// | `insured` (bit `c` ↔ `commodities[c]`) | `UInt32` | 4 |
///
/// Production is sparse — most households grow one to three of the commodities — and
/// ``production`` reads it as the dense matrix.
///
/// Ids are numbered on demand for synthetic populations (see ``HouseholdIDs``).
/// Money is yuan per year of the base year. Counts are at most 255 per household; at
/// most 32 commodities (``maximumCommodities``).
public struct Population: Sendable, Equatable {
    /// Largest number of commodities (the width of the `insured` bitmask).
    public static let maximumCommodities = 32
    /// Largest amount of money, yuan a year, a household file may give in one column: a
    /// thousand times the yearly income of a well-off rural household, and small enough
    /// that the amounts of a million households add up exactly to the yuan (10^9 × 10^6 <
    /// 2^53 ≈ 9.0·10^15). A larger amount is a mistake (a wrong unit or a shifted column).
    public static let maximumAmount = 1e9
    /// Largest household size the compact columns hold.
    public static let maximumHouseholdSize = Int(UInt8.max)

    public private(set) var geography: Geography
    /// The commodities of the `production` and `insured` columns, in column order.
    public private(set) var commodities: [Commodity]

    public private(set) var ids: HouseholdIDs
    /// Index into `geography.villages`.
    public private(set) var village: [Int32]
    public private(set) var size: [UInt8]
    public private(set) var laborers: [UInt8]
    public private(set) var migrants: [UInt8]
    public private(set) var status: [HouseholdStatus]
    public private(set) var flags: [HouseholdFlags]
    /// Index into `geography.sites`, or −1.
    public private(set) var site: [Int32]
    public private(set) var disabled: [UInt8]
    public private(set) var chronic: [UInt8]
    /// Yuan per year.
    public private(set) var wageLocal: [Double]
    /// Yuan per year.
    public private(set) var wageMigrant: [Double]
    /// Yuan per year.
    public private(set) var property: [Double]
    /// Yuan per year, excluding 低保.
    public private(set) var transfer: [Double]
    /// 低保 received in the base year, yuan.
    public private(set) var dibaoAmount: [Double]
    /// Production income, sparse: household `i`'s nonzero amounts are entries
    /// `productionStart[i] ..< productionStart[i + 1]` of ``productionCommodity`` (column
    /// index into ``commodities``, ascending) and ``productionAmount`` (yuan per year).
    public private(set) var productionStart: [Int32]
    public private(set) var productionCommodity: [UInt8]
    public private(set) var productionAmount: [Double]
    /// Bit `c` set when commodity `c` is insured.
    public private(set) var insured: [UInt32]

    /// An empty population with the given commodity columns.
    public init(commodities: [Commodity] = Commodity.standard) {
        precondition(commodities.count <= Self.maximumCommodities, "at most \(Self.maximumCommodities) commodities")
        self.geography = Geography()
        self.commodities = commodities
        self.ids = HouseholdIDs()
        village = []; size = []; laborers = []; migrants = []; status = []; flags = []; site = []
        disabled = []; chronic = []; wageLocal = []; wageMigrant = []; property = []; transfer = []
        dibaoAmount = []; productionStart = [0]; productionCommodity = []; productionAmount = []; insured = []
    }

    /// A population from whole columns, as a generator builds it, with production as the
    /// dense matrix (`ids.count × commodities.count` values, row by row; zeros are not kept).
    /// Every column must have `ids.count` rows, and every index must point into
    /// `geography`; the initializer checks the lengths and the indices.
    public init(
        geography: Geography, commodities: [Commodity], ids: HouseholdIDs,
        village: [Int32], size: [UInt8], laborers: [UInt8], migrants: [UInt8],
        status: [HouseholdStatus], flags: [HouseholdFlags], site: [Int32],
        disabled: [UInt8], chronic: [UInt8],
        wageLocal: [Double], wageMigrant: [Double], property: [Double], transfer: [Double],
        dibaoAmount: [Double], production: [Double], insured: [UInt32]
    ) {
        let n = ids.count
        let stride = commodities.count
        precondition(production.count == n * stride, "production must have rows × commodities values")
        var start = [Int32](repeating: 0, count: n + 1)
        var commodity: [UInt8] = []
        var amount: [Double] = []
        for i in 0..<n {
            for c in 0..<stride where production[i * stride + c] != 0 {
                commodity.append(UInt8(c))
                amount.append(production[i * stride + c])
            }
            start[i + 1] = Int32(commodity.count)
        }
        self.init(
            geography: geography, commodities: commodities, ids: ids, village: village, size: size,
            laborers: laborers, migrants: migrants, status: status, flags: flags, site: site, disabled: disabled,
            chronic: chronic, wageLocal: wageLocal, wageMigrant: wageMigrant, property: property, transfer: transfer,
            dibaoAmount: dibaoAmount, productionStart: start, productionCommodity: commodity,
            productionAmount: amount, insured: insured)
    }

    /// A population from whole columns with production sparse (see ``productionStart``):
    /// `productionStart` has `ids.count + 1` offsets from 0, each household's commodities
    /// ascending and its amounts nonzero. Checks lengths and indices like the dense form.
    public init(
        geography: Geography, commodities: [Commodity], ids: HouseholdIDs,
        village: [Int32], size: [UInt8], laborers: [UInt8], migrants: [UInt8],
        status: [HouseholdStatus], flags: [HouseholdFlags], site: [Int32],
        disabled: [UInt8], chronic: [UInt8],
        wageLocal: [Double], wageMigrant: [Double], property: [Double], transfer: [Double],
        dibaoAmount: [Double], productionStart: [Int32], productionCommodity: [UInt8], productionAmount: [Double],
        insured: [UInt32]
    ) {
        let n = ids.count
        precondition(commodities.count <= Self.maximumCommodities, "at most \(Self.maximumCommodities) commodities")
        for column in [village.count, size.count, laborers.count, migrants.count, status.count, flags.count,
                       site.count, disabled.count, chronic.count, wageLocal.count, wageMigrant.count,
                       property.count, transfer.count, dibaoAmount.count, insured.count] {
            precondition(column == n, "every column must have \(n) rows")
        }
        precondition(productionStart.count == n + 1 && productionStart.first == 0
                     && Int(productionStart[n]) == productionAmount.count
                     && productionCommodity.count == productionAmount.count, "production offsets do not fit the entries")
        precondition((0..<n).allSatisfy { i in
            let entries = Int(productionStart[i])..<Int(productionStart[i + 1])
            return entries.allSatisfy { e in
                Int(productionCommodity[e]) < commodities.count && productionAmount[e] != 0
                    && (e == entries.lowerBound || productionCommodity[e - 1] < productionCommodity[e])
            }
        }, "each household's production entries must be nonzero, in ascending commodity order")
        precondition(village.allSatisfy { $0 >= 0 && Int($0) < geography.villages.count }, "village index out of range")
        precondition(site.allSatisfy { $0 >= -1 && Int($0) < geography.sites.count }, "site index out of range")
        self.geography = geography
        self.commodities = commodities
        self.ids = ids
        self.village = village
        self.size = size
        self.laborers = laborers
        self.migrants = migrants
        self.status = status
        self.flags = flags
        self.site = site
        self.disabled = disabled
        self.chronic = chronic
        self.wageLocal = wageLocal
        self.wageMigrant = wageMigrant
        self.property = property
        self.transfer = transfer
        self.dibaoAmount = dibaoAmount
        self.productionStart = productionStart
        self.productionCommodity = productionCommodity
        self.productionAmount = productionAmount
        self.insured = insured
    }

    /// Production income as the dense matrix: household `i`, commodity `c` at
    /// `i * commodities.count + c`, yuan per year (a view; see ``ProductionMatrix``).
    public var production: ProductionMatrix {
        ProductionMatrix(
            stride: commodities.count, start: productionStart, commodity: productionCommodity, amount: productionAmount)
    }

    /// The entries of household `i` in ``productionCommodity`` and ``productionAmount``.
    @inlinable public func productionEntries(_ i: Int) -> Range<Int> {
        Int(productionStart[i])..<Int(productionStart[i + 1])
    }

    /// Number of households.
    /// The commodities some household grows, in column order.
    public var grownCommodities: [Commodity] {
        let grown = Set(productionCommodity)
        return commodities.indices.filter { grown.contains(UInt8($0)) }.map { commodities[$0] }
    }

    public var count: Int { village.count }
    public var isEmpty: Bool { village.isEmpty }
    public var indices: Range<Int> { 0..<count }

    /// The county of household `i`.
    @inlinable public func county(_ i: Int) -> County { geography.county(ofVillage: village[i]) }

    /// The township index (into `geography.townships`) of household `i`.
    @inlinable public func township(_ i: Int) -> Int32 { geography.villages[Int(village[i])].township }

    /// Production income of household `i` over all commodities, yuan per year.
    @inlinable public func productionTotal(_ i: Int) -> Double {
        var total = 0.0
        for e in productionEntries(i) { total += productionAmount[e] }
        return total
    }

    /// All base-year income of household `i` including 低保 received, yuan per year.
    @inlinable public func income(_ i: Int) -> Double {
        wageLocal[i] + wageMigrant[i] + productionTotal(i) + property[i] + transfer[i] + dibaoAmount[i]
    }

    /// Household `i` as a row.
    public subscript(i: Int) -> Household {
        let v = geography.villages[Int(village[i])]
        let t = geography.townships[Int(v.township)]
        var h = Household(
            id: ids[i], county: t.county, township: t.code, village: v.code,
            size: Int(size[i]), laborers: Int(laborers[i]), migrants: Int(migrants[i]), status: status[i])
        let f = flags[i]
        h.monitored = f.contains(.monitored)
        h.dibao = f.contains(.dibao)
        h.tekun = f.contains(.tekun)
        h.relocated = f.contains(.relocated)
        h.border = f.contains(.border)
        h.bound = f.contains(.bound)
        h.site = site[i] >= 0 ? geography.sites[Int(site[i])].code : ""
        h.disabled = Int(disabled[i])
        h.chronic = Int(chronic[i])
        h.wageLocal = wageLocal[i]
        h.wageMigrant = wageMigrant[i]
        h.property = property[i]
        h.transfer = transfer[i]
        h.dibaoAmount = dibaoAmount[i]
        for e in productionEntries(i) {
            h.production[commodities[Int(productionCommodity[e])]] = productionAmount[e]
        }
        for (c, commodity) in commodities.enumerated() where insured[i] & (1 << UInt32(c)) != 0 {
            h.insured.insert(commodity)
        }
        return h
    }

    /// Adds `commodity` as a new column (production 0, not insured) unless present;
    /// returns its column index. O(commodities): the sparse production needs no new entries.
    @discardableResult
    public mutating func addCommodity(_ commodity: Commodity) -> Int {
        if let c = commodities.firstIndex(of: commodity) { return c }
        precondition(commodities.count < Self.maximumCommodities, "at most \(Self.maximumCommodities) commodities")
        commodities.append(commodity)
        return commodities.count - 1
    }

    /// Appends a household, adding its township, village, site and any new commodity.
    ///
    /// The caller has validated it (a household file's reader does): counts fit in
    /// `UInt8`, `migrants ≤ laborers ≤ size`. A household marked `border` makes its
    /// village a border village.
    public mutating func append(_ h: Household) {
        precondition(h.size >= 1 && h.size <= Self.maximumHouseholdSize, "household size out of range")
        precondition(h.migrants >= 0 && h.migrants <= h.laborers && h.laborers <= h.size, "need migrants ≤ laborers ≤ size")
        for commodity in h.production.keys.sorted() { addCommodity(commodity) }
        for commodity in h.insured.sorted() { addCommodity(commodity) }
        let v = geography.village(h.village, township: h.township, county: h.county)
        if h.border { geography.markBorder(village: v) }
        ids.append(h.id)
        village.append(v)
        size.append(UInt8(h.size))
        laborers.append(UInt8(h.laborers))
        migrants.append(UInt8(h.migrants))
        status.append(h.status)
        var f: HouseholdFlags = []
        if h.monitored { f.insert(.monitored) }
        if h.dibao { f.insert(.dibao) }
        if h.tekun { f.insert(.tekun) }
        if h.relocated { f.insert(.relocated) }
        if h.border { f.insert(.border) }
        if h.bound { f.insert(.bound) }
        flags.append(f)
        site.append(h.site.isEmpty ? -1 : geography.site(h.site, county: h.county))
        disabled.append(UInt8(clamping: h.disabled))
        chronic.append(UInt8(clamping: h.chronic))
        wageLocal.append(h.wageLocal)
        wageMigrant.append(h.wageMigrant)
        property.append(h.property)
        transfer.append(h.transfer)
        dibaoAmount.append(h.dibaoAmount)
        var mask: UInt32 = 0
        for (c, commodity) in commodities.enumerated() {
            if let amount = h.production[commodity], amount != 0 {
                productionCommodity.append(UInt8(c))
                productionAmount.append(amount)
            }
            if h.insured.contains(commodity) { mask |= 1 << UInt32(c) }
        }
        productionStart.append(Int32(productionAmount.count))
        insured.append(mask)
    }

    /// Replaces who is bound to a cooperative (the `bound` flag) and who insures what
    /// (`insured`, bit `c` ↔ `commodities[c]`), one entry per household.
    public mutating func setCoverage(bound: [Bool], insured: [UInt32]) {
        precondition(bound.count == count && insured.count == count, "one entry per household")
        for h in 0..<count {
            if bound[h] { flags[h].insert(.bound) } else { flags[h].remove(.bound) }
        }
        self.insured = insured
    }

    /// Reserves room for `n` households in every column.
    public mutating func reserveCapacity(_ n: Int) {
        village.reserveCapacity(n); size.reserveCapacity(n); laborers.reserveCapacity(n)
        migrants.reserveCapacity(n); status.reserveCapacity(n); flags.reserveCapacity(n)
        site.reserveCapacity(n); disabled.reserveCapacity(n); chronic.reserveCapacity(n)
        wageLocal.reserveCapacity(n); wageMigrant.reserveCapacity(n); property.reserveCapacity(n)
        transfer.reserveCapacity(n); dibaoAmount.reserveCapacity(n)
        productionStart.reserveCapacity(n + 1); insured.reserveCapacity(n)
    }

    /// Bytes of column storage per household (ids included as ``HouseholdIDs`` counts them;
    /// geography, a few bytes per village, excluded). Production counts its offsets and
    /// the household's share of the entries.
    public var bytesPerHousehold: Double {
        let fixed = MemoryLayout<Int32>.stride * 3 + MemoryLayout<UInt8>.stride * 5
            + MemoryLayout<HouseholdStatus>.stride + MemoryLayout<HouseholdFlags>.stride
            + MemoryLayout<Double>.stride * 5 + MemoryLayout<UInt32>.stride
        let entryBytes = MemoryLayout<UInt8>.stride + MemoryLayout<Double>.stride
        let entries = isEmpty ? 0 : Double(productionAmount.count * entryBytes) / Double(count)
        return Double(fixed) + entries + ids.bytesPerHousehold
    }
}

/// A population of households, stored as columns (structure of arrays).
///
/// Household `i` is row `i` of every column. The layout keeps the engine's per-household
/// loops cache-friendly and the memory small — about 130 bytes a household (MODEL.md §2;
/// `population.scale: 300`, ≈ 30 M households, fits in about 4 GB):
///
/// | column | type | bytes |
/// |---|---|---|
/// | `village` (county and township follow from it) | `Int32` | 4 |
/// | `size`, `laborers`, `migrants`, `disabled`, `chronic` | `UInt8` | 5 |
/// | `status` | ``HouseholdStatus`` | 1 |
/// | `flags` | ``HouseholdFlags`` | 1 |
/// | `site` (−1 = none) | `Int32` | 4 |
/// | `wageLocal`, `wageMigrant`, `property`, `transfer`, `dibaoAmount` | `Double` | 40 |
/// | `production` (stride `commodities.count`) | `Double` | 8 per commodity |
/// | `insured` (bit `c` ↔ `commodities[c]`) | `UInt32` | 4 |
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
    /// Production income, yuan per year: household `i`, commodity `c` at `i * commodities.count + c`.
    public private(set) var production: [Double]
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
        dibaoAmount = []; production = []; insured = []
    }

    /// A population from whole columns, as a generator builds it. Every column must have
    /// `ids.count` rows (`production`: `ids.count × commodities.count`), and every index
    /// must point into `geography`; the initializer checks the lengths and the indices.
    public init(
        geography: Geography, commodities: [Commodity], ids: HouseholdIDs,
        village: [Int32], size: [UInt8], laborers: [UInt8], migrants: [UInt8],
        status: [HouseholdStatus], flags: [HouseholdFlags], site: [Int32],
        disabled: [UInt8], chronic: [UInt8],
        wageLocal: [Double], wageMigrant: [Double], property: [Double], transfer: [Double],
        dibaoAmount: [Double], production: [Double], insured: [UInt32]
    ) {
        let n = ids.count
        precondition(commodities.count <= Self.maximumCommodities, "at most \(Self.maximumCommodities) commodities")
        for column in [village.count, size.count, laborers.count, migrants.count, status.count, flags.count,
                       site.count, disabled.count, chronic.count, wageLocal.count, wageMigrant.count,
                       property.count, transfer.count, dibaoAmount.count, insured.count] {
            precondition(column == n, "every column must have \(n) rows")
        }
        precondition(production.count == n * commodities.count, "production must have rows × commodities values")
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
        self.production = production
        self.insured = insured
    }

    /// Number of households.
    public var count: Int { village.count }
    public var isEmpty: Bool { village.isEmpty }
    public var indices: Range<Int> { 0..<count }

    /// The county of household `i`.
    @inlinable public func county(_ i: Int) -> County { geography.county(ofVillage: village[i]) }

    /// The township index (into `geography.townships`) of household `i`.
    @inlinable public func township(_ i: Int) -> Int32 { geography.villages[Int(village[i])].township }

    /// Production income of household `i` over all commodities, yuan per year.
    @inlinable public func productionTotal(_ i: Int) -> Double {
        let stride = commodities.count
        var total = 0.0
        for c in 0..<stride { total += production[i * stride + c] }
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
        let stride = commodities.count
        for (c, commodity) in commodities.enumerated() where production[i * stride + c] != 0 {
            h.production[commodity] = production[i * stride + c]
        }
        for (c, commodity) in commodities.enumerated() where insured[i] & (1 << UInt32(c)) != 0 {
            h.insured.insert(commodity)
        }
        return h
    }

    /// Adds `commodity` as a new column (production 0, not insured) unless present;
    /// returns its column index. O(households × commodities) when it adds.
    @discardableResult
    public mutating func addCommodity(_ commodity: Commodity) -> Int {
        if let c = commodities.firstIndex(of: commodity) { return c }
        precondition(commodities.count < Self.maximumCommodities, "at most \(Self.maximumCommodities) commodities")
        let old = commodities.count
        var widened = [Double](repeating: 0, count: count * (old + 1))
        for i in 0..<count {
            for c in 0..<old { widened[i * (old + 1) + c] = production[i * old + c] }
        }
        production = widened
        commodities.append(commodity)
        return old
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
            production.append(h.production[commodity] ?? 0)
            if h.insured.contains(commodity) { mask |= 1 << UInt32(c) }
        }
        insured.append(mask)
    }

    /// Reserves room for `n` households in every column.
    public mutating func reserveCapacity(_ n: Int) {
        village.reserveCapacity(n); size.reserveCapacity(n); laborers.reserveCapacity(n)
        migrants.reserveCapacity(n); status.reserveCapacity(n); flags.reserveCapacity(n)
        site.reserveCapacity(n); disabled.reserveCapacity(n); chronic.reserveCapacity(n)
        wageLocal.reserveCapacity(n); wageMigrant.reserveCapacity(n); property.reserveCapacity(n)
        transfer.reserveCapacity(n); dibaoAmount.reserveCapacity(n)
        production.reserveCapacity(n * commodities.count); insured.reserveCapacity(n)
    }

    /// Bytes of column storage per household (ids included as ``HouseholdIDs`` counts them;
    /// geography, a few bytes per village, excluded).
    public var bytesPerHousehold: Double {
        let fixed = MemoryLayout<Int32>.stride * 2 + MemoryLayout<UInt8>.stride * 5
            + MemoryLayout<HouseholdStatus>.stride + MemoryLayout<HouseholdFlags>.stride
            + MemoryLayout<Double>.stride * (5 + commodities.count) + MemoryLayout<UInt32>.stride
        return Double(fixed) + ids.bytesPerHousehold
    }
}

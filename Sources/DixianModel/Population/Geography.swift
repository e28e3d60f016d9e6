/// The administrative places of a population: counties (县/区) → townships (乡镇) →
/// villages (行政村), and relocation sites (易地扶贫搬迁安置点).
///
/// Townships and villages are held in flat arrays and point to their parent by index,
/// so that a household needs only one `Int32` (its village) to locate it. Codes are what
/// household files carry; a township code is unique within its county, a village code
/// within its township, a site code within the population. The counties are the eight of
/// ``County``; the calibration counts those that have households.
public struct Geography: Hashable, Sendable {
    /// A township-level unit (乡、镇).
    public struct Township: Hashable, Sendable {
        public var code: String
        public var county: County
        public init(code: String, county: County) {
            self.code = code
            self.county = county
        }
    }

    /// A village-level unit (行政村 or 社区).
    public struct Village: Hashable, Sendable {
        public var code: String
        /// Index into ``Geography/townships``.
        public var township: Int32
        /// A border village (沿边行政村). Derived from households: a village is a border
        /// village when any of its households is marked `border`.
        public var isBorder: Bool
        public init(code: String, township: Int32, isBorder: Bool = false) {
            self.code = code
            self.township = township
            self.isBorder = isBorder
        }
    }

    /// A relocation site (安置点) receiving relocated households.
    public struct Site: Hashable, Sendable {
        public var code: String
        /// The county of the first household placed there.
        public var county: County
        public init(code: String, county: County) {
            self.code = code
            self.county = county
        }
    }

    public private(set) var townships: [Township] = []
    public private(set) var villages: [Village] = []
    public private(set) var sites: [Site] = []

    private var townshipIndex: [TownshipKey: Int32] = [:]
    private var villageIndex: [VillageKey: Int32] = [:]
    private var siteIndex: [String: Int32] = [:]

    private struct TownshipKey: Hashable, Sendable {
        var county: County
        var code: String
    }
    private struct VillageKey: Hashable, Sendable {
        var township: Int32
        var code: String
    }

    public init() {}

    /// The township's index, adding the township if it is new.
    public mutating func township(_ code: String, in county: County) -> Int32 {
        let key = TownshipKey(county: county, code: code)
        if let index = townshipIndex[key] { return index }
        let index = Int32(townships.count)
        townships.append(Township(code: code, county: county))
        townshipIndex[key] = index
        return index
    }

    /// The village's index, adding the village (and its township) if new.
    public mutating func village(_ code: String, township: String, county: County) -> Int32 {
        let t = self.township(township, in: county)
        let key = VillageKey(township: t, code: code)
        if let index = villageIndex[key] { return index }
        let index = Int32(villages.count)
        villages.append(Village(code: code, township: t))
        villageIndex[key] = index
        return index
    }

    /// The site's index, adding the site if new (its county is `county`).
    public mutating func site(_ code: String, county: County) -> Int32 {
        if let index = siteIndex[code] { return index }
        let index = Int32(sites.count)
        sites.append(Site(code: code, county: county))
        siteIndex[code] = index
        return index
    }

    /// Marks a village as a border village (沿边行政村).
    public mutating func markBorder(village: Int32) {
        villages[Int(village)].isBorder = true
    }

    /// The index of an existing village, or nil.
    public func villageIndex(_ code: String, township: String, county: County) -> Int32? {
        guard let t = townshipIndex[TownshipKey(county: county, code: township)] else { return nil }
        return villageIndex[VillageKey(township: t, code: code)]
    }

    /// The county a village belongs to.
    @inlinable public func county(ofVillage v: Int32) -> County {
        townships[Int(villages[Int(v)].township)].county
    }

    /// Number of villages per township, in township order.
    public func villageCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: townships.count)
        for v in villages { counts[Int(v.township)] += 1 }
        return counts
    }

    public static func == (a: Geography, b: Geography) -> Bool {
        a.townships == b.townships && a.villages == b.villages && a.sites == b.sites
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(townships)
        hasher.combine(villages)
        hasher.combine(sites)
    }
}

import DixianModel

// Columns of the ``HouseholdTable`` computed on access from the population's own columns,
// so that the table stores nothing per household for them (docs/performance.md: at
// `population.scale: 300` every byte per household is 30 MB). Each is a random-access
// collection indexed by household, read like the array it replaces; reading an element costs
// one or two array loads.

extension HouseholdTable {
    /// Whether each household has a flag of the population (``HouseholdFlags``).
    struct FlagColumn: RandomAccessCollection, Sendable {
        let flags: [HouseholdFlags]
        let flag: HouseholdFlags

        var startIndex: Int { 0 }
        var endIndex: Int { flags.count }
        subscript(h: Int) -> Bool { flags[h].contains(flag) }
    }

    /// Household size as the engine counts persons (`Int32`), from the population's `UInt8` sizes.
    struct PersonsColumn: RandomAccessCollection, Sendable {
        let size: [UInt8]

        var startIndex: Int { 0 }
        var endIndex: Int { size.count }
        subscript(h: Int) -> Int32 { Int32(size[h]) }
    }

    /// A fact of each household's village (its county or township): `byVillage[village[h]]`.
    struct VillageColumn<Element: Sendable>: RandomAccessCollection, Sendable {
        let village: [Int32]
        let byVillage: [Element]

        var startIndex: Int { 0 }
        var endIndex: Int { village.count }
        subscript(h: Int) -> Element { byVillage[Int(village[h])] }
    }

    /// The outcome-group bits of each household (``HouseholdTable/groupBits``): those that
    /// follow from its flags (relocated, border, monitored and 低保 at the start) or-ed with
    /// those of its village (key-assisted county).
    struct GroupBitsColumn: RandomAccessCollection, Sendable {
        let flags: [HouseholdFlags]
        let village: [Int32]
        /// Bits for each of the 256 flag values.
        let bitsOfFlags: [UInt16]
        let bitsOfVillage: [UInt16]

        var startIndex: Int { 0 }
        var endIndex: Int { flags.count }
        subscript(h: Int) -> UInt16 { bitsOfFlags[Int(flags[h].rawValue)] | bitsOfVillage[Int(village[h])] }
    }
}

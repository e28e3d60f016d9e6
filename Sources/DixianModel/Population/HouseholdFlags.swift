/// The yes/no facts of a household, one bit each (MODEL.md §2).
public struct HouseholdFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A monitoring object (监测对象) at the start.
    public static let monitored = HouseholdFlags(rawValue: 1 << 0)
    /// Receives 低保 at the start.
    public static let dibao = HouseholdFlags(rawValue: 1 << 1)
    /// Receives 特困供养 at the start.
    public static let tekun = HouseholdFlags(rawValue: 1 << 2)
    /// Moved under relocation (易地扶贫搬迁).
    public static let relocated = HouseholdFlags(rawValue: 1 << 3)
    /// Lives in a border village (沿边行政村).
    public static let border = HouseholdFlags(rawValue: 1 << 4)
    /// Bound to a cooperative or leading enterprise (双绑).
    public static let bound = HouseholdFlags(rawValue: 1 << 5)
}

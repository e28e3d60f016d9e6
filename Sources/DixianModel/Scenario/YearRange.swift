/// Calendar years `start…end`, inclusive.
public struct YearRange: Hashable, Sendable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Every year of the range (empty when `end < start`).
    public var years: [Int] { end < start ? [] : Array(start...end) }

    /// Whether `year` is in the range.
    public func contains(_ year: Int) -> Bool { start <= year && year <= end }
}

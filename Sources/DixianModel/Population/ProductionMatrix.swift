/// A population's production income read as a dense households × commodities matrix,
/// flattened row by row: element `i * commodities + c` is household i's income from
/// commodity c, yuan per year (0 when it grows none).
///
/// A view of the population's sparse columns (``Population/productionStart``,
/// ``Population/productionCommodity``, ``Population/productionAmount``): it stores nothing
/// per element. Reading an element scans the household's few entries, O(entries of the
/// household); loops over many households should walk the sparse columns instead.
public struct ProductionMatrix: RandomAccessCollection, Sendable, Equatable {
    /// Commodities per household row.
    public let stride: Int
    let start: [Int32]
    let commodity: [UInt8]
    let amount: [Double]

    /// A view of sparse columns laid out as ``Population/productionStart`` describes, with
    /// `stride` commodities per row.
    public init(stride: Int, start: [Int32], commodity: [UInt8], amount: [Double]) {
        self.stride = stride
        self.start = start
        self.commodity = commodity
        self.amount = amount
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { (start.count - 1) * stride }

    public subscript(i: Int) -> Double {
        precondition(i >= 0 && i < endIndex, "index \(i) out of 0..<\(endIndex)")
        let h = i / stride
        let c = UInt8(truncatingIfNeeded: i - h * stride)
        var e = Int(start[h])
        let end = Int(start[h + 1])
        while e < end {
            if commodity[e] == c { return amount[e] }
            e += 1
        }
        return 0
    }
}

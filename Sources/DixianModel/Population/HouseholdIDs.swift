/// The ids of a population's households, stored compactly.
///
/// A household file's ids are kept as strings (short ones — up to 15 UTF-8 bytes — live
/// inline without a heap allocation). A synthetic population numbers its households
/// instead, `prefix` followed by the 1-based index zero-padded to `width` digits
/// (`lc2020-000001`), and makes each id only when asked, so that 30 million households
/// cost no memory for ids. Two id lists are equal when they hold the same ids in the same
/// order, however stored.
public struct HouseholdIDs: Sendable, Equatable, RandomAccessCollection {
    enum Storage: Sendable, Equatable {
        case explicit([String])
        case numbered(prefix: String, width: Int, count: Int)
    }
    var storage: Storage

    /// Ids given one by one.
    public init(_ ids: [String] = []) { storage = .explicit(ids) }

    /// `count` ids `prefix + zero-padded (i + 1)`, made on demand.
    public init(numberedWithPrefix prefix: String, width: Int, count: Int) {
        storage = .numbered(prefix: prefix, width: width, count: count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .explicit(let ids): ids.count
        case .numbered(_, _, let count): count
        }
    }

    public subscript(i: Int) -> String {
        switch storage {
        case .explicit(let ids):
            return ids[i]
        case .numbered(let prefix, let width, let count):
            precondition(i >= 0 && i < count, "household index \(i) out of range 0..<\(count)")
            let digits = String(i + 1)
            return prefix + String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
        }
    }

    /// True when ids are made on demand rather than stored.
    public var isNumbered: Bool {
        if case .numbered = storage { return true }
        return false
    }

    /// Appends an id (a numbered list becomes explicit first).
    mutating func append(_ id: String) {
        switch storage {
        case .explicit(var ids):
            storage = .explicit([])
            ids.append(id)
            storage = .explicit(ids)
        case .numbered:
            var ids = Array(self)
            ids.append(id)
            storage = .explicit(ids)
        }
    }

    /// Bytes held per household (0 for numbered ids; string storage is counted as 16 bytes
    /// plus any heap bytes of ids longer than 15 UTF-8 bytes).
    public var bytesPerHousehold: Double {
        switch storage {
        case .numbered: return 0
        case .explicit(let ids):
            guard !ids.isEmpty else { return 0 }
            let heap = ids.reduce(0) { $0 + ($1.utf8.count > 15 ? $1.utf8.count + 32 : 0) }
            return 16 + Double(heap) / Double(ids.count)
        }
    }

    public static func == (a: HouseholdIDs, b: HouseholdIDs) -> Bool {
        switch (a.storage, b.storage) {
        case (.explicit(let x), .explicit(let y)): return x == y
        case (.numbered(let p, let w, let n), .numbered(let q, let v, let m)) where p == q && w == v:
            return n == m
        default: return a.count == b.count && a.elementsEqual(b)
        }
    }
}

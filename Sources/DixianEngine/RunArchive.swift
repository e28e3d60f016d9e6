/// A run's results in a compact binary file, so that shards of a run can be merged and an
/// interrupted run resumed with exactly the same bits (MODEL.md §7).
///
/// Layout, little-endian: the magic `DIXIANRA`, format version (UInt32), program version
/// scenario SHA-256 and resolved scenario text (UInt32 length + UTF-8 each), the years (count + Int32 each), the
/// variant names, the replication range (two Int64), the village count, then per variant
/// every replication's figures, spending, causes and drill months as IEEE-754 bit patterns, and the
/// village tallies. Doubles are stored as bits, so NaN markers and every last bit survive.
public struct RunArchive: Sendable {
    public var result: RunResult
    /// The program version that made the results; only the same version may merge or resume them.
    public var programVersion: String
    /// SHA-256 of the resolved scenario (canonical text) the results belong to.
    public var scenarioSHA256: String
    /// The resolved scenario itself (canonical text), so that merged shards can be written
    /// out with their scenario and population.
    public var scenarioText: String

    static let magic = Array("DIXIANRA".utf8)
    static let formatVersion: UInt32 = 2

    public init(result: RunResult, programVersion: String, scenarioSHA256: String, scenarioText: String) {
        self.result = result
        self.programVersion = programVersion
        self.scenarioSHA256 = scenarioSHA256
        self.scenarioText = scenarioText
    }

    /// The archive's bytes.
    public func encoded() -> [UInt8] {
        var all: [UInt8] = []
        all.reserveCapacity(Self.encodedSize(
            variants: result.variantNames, years: result.layout.years.count, replications: result.replications.count,
            villages: result.villages.first?.relapsed.count ?? 0,
            monthly: result.outcomes.first?.first?.monthly.isEmpty == false,
            texts: [programVersion, scenarioSHA256, scenarioText]))
        encode { all += $0 }
        return all
    }

    /// Hands the archive's bytes to `sink` in pieces of about `chunkBytes`, in order, so that
    /// a large archive can be written to a file without a copy of it in memory.
    public func encode<E: Error>(chunkBytes: Int = 1 << 20, _ sink: ([UInt8]) throws(E) -> Void) throws(E) {
        var out = Self.magic
        out.reserveCapacity(chunkBytes + 4096)
        func flushIfFull() throws(E) {
            guard out.count >= chunkBytes else { return }
            try sink(out)
            out.removeAll(keepingCapacity: true)
        }
        func u32(_ x: UInt32) { withUnsafeBytes(of: x.littleEndian) { out += $0 } }
        func u64(_ x: UInt64) { withUnsafeBytes(of: x.littleEndian) { out += $0 } }
        func text(_ s: String) {
            u32(UInt32(s.utf8.count))
            out += s.utf8
        }
        func doubles(_ xs: [Double]) {
            u32(UInt32(xs.count))
            for x in xs { u64(x.bitPattern) }
        }
        u32(Self.formatVersion)
        text(programVersion)
        text(scenarioSHA256)
        text(scenarioText)
        u32(UInt32(result.layout.years.count))
        for y in result.layout.years { u32(UInt32(bitPattern: Int32(y))) }
        u32(UInt32(result.variantNames.count))
        for name in result.variantNames { text(name) }
        u64(UInt64(result.replications.lowerBound))
        u64(UInt64(result.replications.upperBound))
        u32(UInt32(result.villages.first?.relapsed.count ?? 0))
        for v in result.variantNames.indices {
            for outcome in result.outcomes[v] {
                doubles(outcome.values)
                doubles(outcome.spending)
                doubles(outcome.causes)
                doubles(outcome.monthly)
                try flushIfFull()
            }
            for x in result.villages[v].relapsed { u64(UInt64(bitPattern: x)) }
            for x in result.villages[v].breachReplications { u32(UInt32(bitPattern: x)) }
            try flushIfFull()
        }
        if !out.isEmpty { try sink(out) }
    }

    /// The exact size in bytes of the archive of a run with these variant names, years,
    /// replications and villages (`monthly`: a drill's month-by-month figures), whose
    /// version, scenario hash and scenario text are `texts`: what a checkpoint or a shard's
    /// archive takes on disk.
    public static func encodedSize(
        variants: [String], years: Int, replications: Int, villages: Int, monthly: Bool, texts: [String]
    ) -> Int {
        let layout = OutcomeLayout(years: Array(repeating: 0, count: years))
        let doublesPerReplication = layout.figuresPerReplication
            + (monthly ? years * 12 * DrillMetric.stride : 0)
        let perReplication = 4 * 4 + 8 * doublesPerReplication
        let header = magic.count + 4 + texts.reduce(0) { $0 + 4 + $1.utf8.count } + 4 + 4 * years + 4
            + variants.reduce(0) { $0 + 4 + $1.utf8.count } + 8 + 8 + 4
        return header + variants.count * (replications * perReplication + villages * (8 + 4))
    }

    /// Reads an archive. Throws ``ArchiveError`` when the bytes are not a complete archive.
    public init(decoding bytes: [UInt8]) throws(ArchiveError) {
        var reader = Reader(bytes: bytes)
        guard try reader.take(Self.magic.count) == Self.magic else { throw .notAnArchive }
        let format = try reader.u32()
        guard format == Self.formatVersion else { throw .unsupportedFormat(format) }
        programVersion = try reader.text()
        scenarioSHA256 = try reader.text()
        scenarioText = try reader.text()
        let yearCount = Int(try reader.u32())
        var years: [Int] = []
        for _ in 0..<yearCount { years.append(Int(Int32(bitPattern: try reader.u32()))) }
        let variantCount = Int(try reader.u32())
        var names: [String] = []
        for _ in 0..<variantCount { names.append(try reader.text()) }
        let lower = Int(try reader.u64())
        let upper = Int(try reader.u64())
        guard lower <= upper else { throw .truncated }
        let villageCount = Int(try reader.u32())
        let layout = OutcomeLayout(years: years)
        var outcomes: [[ReplicationOutcome]] = []
        var villages: [VillageTally] = []
        for _ in 0..<variantCount {
            var list: [ReplicationOutcome] = []
            for _ in lower..<upper {
                var outcome = ReplicationOutcome(layout: layout)
                outcome.values = try reader.doubles(expected: outcome.values.count)
                outcome.spending = try reader.doubles(expected: outcome.spending.count)
                outcome.causes = try reader.doubles(expected: outcome.causes.count)
                // A drill's month-by-month figures, or none.
                let monthlyCount = years.count * 12 * DrillMetric.stride
                outcome.monthly = try reader.doubles(expected: nil)
                guard outcome.monthly.isEmpty || outcome.monthly.count == monthlyCount else { throw .truncated }
                list.append(outcome)
            }
            outcomes.append(list)
            var tally = VillageTally(villages: villageCount)
            for v in 0..<villageCount { tally.relapsed[v] = Int64(bitPattern: try reader.u64()) }
            for v in 0..<villageCount { tally.breachReplications[v] = Int32(bitPattern: try reader.u32()) }
            villages.append(tally)
        }
        guard reader.isAtEnd else { throw .trailingBytes }
        result = RunResult(
            variantNames: names, layout: layout, replications: lower..<upper, outcomes: outcomes, villages: villages)
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        mutating func take(_ n: Int) throws(ArchiveError) -> [UInt8] {
            guard n >= 0, position + n <= bytes.count else { throw .truncated }
            defer { position += n }
            return Array(bytes[position..<position + n])
        }

        mutating func u32() throws(ArchiveError) -> UInt32 {
            try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
        }

        mutating func u64() throws(ArchiveError) -> UInt64 {
            try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }

        mutating func text() throws(ArchiveError) -> String {
            let n = Int(try u32())
            return String(decoding: try take(n), as: UTF8.self)
        }

        mutating func doubles(expected: Int?) throws(ArchiveError) -> [Double] {
            let n = Int(try u32())
            guard expected == nil || n == expected, n * 8 <= bytes.count - position else { throw .truncated }
            var xs = [Double](repeating: 0, count: n)
            for i in 0..<n { xs[i] = Double(bitPattern: try u64()) }
            return xs
        }
    }
}

/// Why bytes are not a usable run archive.
public enum ArchiveError: Error, Equatable, CustomStringConvertible, Sendable {
    case notAnArchive
    case unsupportedFormat(UInt32)
    case truncated
    case trailingBytes

    public var description: String {
        switch self {
        case .notAnArchive: "not a Dixian results archive"
        case .unsupportedFormat(let v): "archive format \(v) is not supported by this version"
        case .truncated: "the archive is incomplete (truncated or damaged)"
        case .trailingBytes: "the archive has unexpected bytes at its end"
        }
    }
}

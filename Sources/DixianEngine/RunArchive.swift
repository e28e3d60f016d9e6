import Foundation
/// A run's results in a compact binary file, so that shards of a run can be merged and an
/// interrupted run resumed with exactly the same bits (MODEL.md §7).
///
/// Layout, little-endian: the magic `DIXIANRA`, format version (UInt32), program version
/// scenario SHA-256 and resolved scenario text (UInt32 length + UTF-8 each), the years (count + Int32 each), the
/// variant names, the replication range (two Int64), the village and township counts, then per
/// variant every replication's figures, spending, causes and drill months as IEEE-754 bit
/// patterns, and the village and township tallies; last, a checksum of every byte before it
/// (64-bit FNV-1a), so that a byte changed on disk or on the way is refused rather than
/// merged or resumed. Doubles are stored as bits, so NaN markers and every last bit survive.
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
    // 3: the figures gained `new_poverty_persons`; 4: township tallies; 5: the checksum.
    static let formatVersion: UInt32 = 5

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
            villages: result.places.first?.villageRelapsed.count ?? 0,
            townships: result.places.first?.townshipRelapsed.count ?? 0, monthly: result.hasMonthly,
            texts: [programVersion, scenarioSHA256, scenarioText]))
        encode { all += $0 }
        return all
    }

    /// Hands the archive's bytes to `sink` in pieces of about `chunkBytes`, in order, so that
    /// a large archive can be written to a file without a copy of it in memory.
    public func encode<E: Error>(chunkBytes: Int = 1 << 20, _ sink: ([UInt8]) throws(E) -> Void) throws(E) {
        var out = Self.magic
        out.reserveCapacity(chunkBytes + 4096)
        var checksum = Checksum()
        func flushIfFull() throws(E) {
            guard out.count >= chunkBytes else { return }
            checksum.add(out)
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
        u32(UInt32(result.places.first?.villageRelapsed.count ?? 0))
        u32(UInt32(result.places.first?.townshipRelapsed.count ?? 0))
        // Each replication's record, read back block by block from its store: values,
        // spending, causes and the drill's months, each counted.
        let layout = result.layout
        let parts = [layout.valueCount, layout.spendingCount, layout.causeCount, result.hasMonthly ? layout.monthlyCount : 0]
        for v in result.variantNames.indices {
            let store = result.stores[v]
            var failure: E?
            store.forEachBlock(figures: 0..<store.figures) { _, n, stride, block in
                for i in 0..<n where failure == nil {
                    var f = 0
                    for count in parts {
                        u32(UInt32(count))
                        for _ in 0..<count {
                            u64(block[f * stride + i].bitPattern)
                            f += 1
                        }
                    }
                    do throws(E) { try flushIfFull() } catch { failure = error }
                }
            }
            if let failure { throw failure }
            let tally = result.places[v]
            for x in tally.villageRelapsed { u64(UInt64(bitPattern: x)) }
            for x in tally.villageBreaches { u32(UInt32(bitPattern: x)) }
            for x in tally.townshipRelapsed { u64(UInt64(bitPattern: x)) }
            for x in tally.townshipBreaches { u32(UInt32(bitPattern: x)) }
            try flushIfFull()
        }
        checksum.add(out)
        u64(checksum.value)
        try sink(out)
    }

    /// The exact size in bytes of the archive of a run with these variant names, years,
    /// replications, villages and townships (`monthly`: a drill's month-by-month figures), whose
    /// version, scenario hash and scenario text are `texts`: what a checkpoint or a shard's
    /// archive takes on disk.
    public static func encodedSize(
        variants: [String], years: Int, replications: Int, villages: Int, townships: Int, monthly: Bool,
        texts: [String]
    ) -> Int {
        let layout = OutcomeLayout(years: Array(repeating: 0, count: years))
        let doublesPerReplication = layout.figuresPerReplication
            + (monthly ? years * 12 * DrillMetric.stride : 0)
        let perReplication = 4 * 4 + 8 * doublesPerReplication
        let header = magic.count + 4 + texts.reduce(0) { $0 + 4 + $1.utf8.count } + 4 + 4 * years + 4
            + variants.reduce(0) { $0 + 4 + $1.utf8.count } + 8 + 8 + 4 + 4 + 8  // + the checksum
        return header + variants.count * (replications * perReplication + (villages + townships) * (8 + 4))
    }

    /// Reads an archive from its bytes. Throws ``ArchiveError`` when the bytes are not a
    /// complete archive. The figures go to a result with `storage` (see ``init(contentsOf:storage:reserving:)``).
    public init(decoding bytes: [UInt8], storage: FigureStorage = FigureStorage(), reserving: Int = 0) throws(ArchiveError) {
        var reader = Reader(bytes: bytes)
        try self.init(reader: &reader, storage: storage, reserving: reserving)
    }

    /// Reads the archive in file `path` piece by piece, its figures going straight to the
    /// result's stores: a large checkpoint or shard is not held in memory on the way. The
    /// result expects `reserving` replications when more (a resumed run appends to it), so
    /// that it spills when those would not fit in `storage`'s memory budget.
    public init(contentsOf path: String, storage: FigureStorage = FigureStorage(), reserving: Int = 0) throws(ArchiveError) {
        var reader = try Reader(path: path)
        defer { reader.close() }
        try self.init(reader: &reader, storage: storage, reserving: reserving)
    }

    /// What an archive says of itself before its figures: enough to name the run it holds
    /// without reading them (its checksum, at the end, is not checked).
    public struct Header: Sendable, Equatable {
        public var programVersion: String
        public var scenarioSHA256: String
        public var scenarioText: String
        public var variantNames: [String]
        public var replications: Range<Int>
    }

    /// Reads only the header of the archive in file `path` (a few kilobytes, however many
    /// replications the archive holds).
    public static func header(contentsOf path: String) throws(ArchiveError) -> Header {
        var reader = try Reader(path: path)
        defer { reader.close() }
        guard try reader.take(magic.count) == magic else { throw .notAnArchive }
        let format = try reader.u32()
        guard format == formatVersion else { throw .unsupportedFormat(format) }
        let programVersion = try reader.text()
        let scenarioSHA256 = try reader.text()
        let scenarioText = try reader.text()
        let yearCount = Int(try reader.u32())
        for _ in 0..<yearCount { _ = try reader.u32() }
        var names: [String] = []
        for _ in 0..<Int(try reader.u32()) { names.append(try reader.text()) }
        let lower = Int(try reader.u64())
        let upper = Int(try reader.u64())
        guard lower <= upper else { throw .truncated }
        return Header(
            programVersion: programVersion, scenarioSHA256: scenarioSHA256, scenarioText: scenarioText,
            variantNames: names, replications: lower..<upper)
    }

    private init(reader: inout Reader, storage: FigureStorage, reserving: Int) throws(ArchiveError) {
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
        let townshipCount = Int(try reader.u32())
        let layout = OutcomeLayout(years: years)
        let parts = [layout.valueCount, layout.spendingCount, layout.causeCount]
        let fixed = layout.figuresPerReplication
        // Whether the records carry a drill's months is read from the first one; every other
        // must agree (a record of another length is damage).
        var monthly: Bool? = upper == lower ? false : nil
        var result: RunResult? = nil
        var record = [Double](repeating: 0, count: fixed + layout.monthlyCount)
        for v in 0..<variantCount {
            for _ in lower..<upper {
                var f = 0
                for count in parts {
                    try reader.doubles(expected: count, into: &record, at: f)
                    f += count
                }
                let months = Int(try reader.u32())
                guard months == 0 || months == layout.monthlyCount else { throw .truncated }
                if monthly == nil { monthly = months > 0 }
                guard monthly == (months > 0) else { throw .truncated }
                try reader.doubles(expected: months, into: &record, at: f, counted: false)
                if result == nil {
                    do {
                        result = try RunResult(
                            variantNames: names, layout: layout, start: lower, monthly: monthly!, villages: villageCount,
                            townships: townshipCount,
                            expected: max(upper - lower, reserving), storage: storage)
                    } catch { throw .storage(error.description) }
                }
                do {
                    try record.withUnsafeBufferPointer { all in
                        try result!.stores[v].append(UnsafeBufferPointer(rebasing: all[0..<f + months]))
                    }
                } catch { throw .storage("\(error)") }
            }
            var tally = PlaceTally(villages: villageCount, townships: townshipCount)
            for v in 0..<villageCount { tally.villageRelapsed[v] = Int64(bitPattern: try reader.u64()) }
            for v in 0..<villageCount { tally.villageBreaches[v] = Int32(bitPattern: try reader.u32()) }
            for t in 0..<townshipCount { tally.townshipRelapsed[t] = Int64(bitPattern: try reader.u64()) }
            for t in 0..<townshipCount { tally.townshipBreaches[t] = Int32(bitPattern: try reader.u32()) }
            if result == nil {
                do {
                    result = try RunResult(
                        variantNames: names, layout: layout, start: lower, monthly: false, villages: villageCount,
                        townships: townshipCount, expected: reserving, storage: storage)
                } catch { throw .storage(error.description) }
            }
            result!.places[v] = tally
        }
        let computed = reader.checksum.value
        guard try reader.u64() == computed else { throw .damaged }
        guard reader.isAtEnd else { throw .trailingBytes }
        if var all = result {
            all.replications = lower..<upper
            self.result = all
        } else {
            // No variant: nothing to store.
            self.result = RunResult(
                variantNames: names, layout: layout, replications: lower..<upper, outcomes: [], places: [])
        }
    }

    /// Reads an archive from memory or, a piece at a time, from a file.
    private struct Reader {
        /// Bytes loaded and not yet consumed start at `position`.
        var buffer: [UInt8]
        var position = 0
        /// The file read from (nil: `buffer` is the whole archive) and its bytes not yet loaded.
        let descriptor: Int32?
        var unloaded = 0
        let path: String

        /// Bytes loaded from the file at a time.
        static let chunk = 1 << 20
        /// The checksum of the bytes consumed so far.
        var checksum = Checksum()

        /// Consumes `n` bytes from `position` (made available by `ensure`), adding them to the checksum.
        mutating func consume(_ n: Int) {
            buffer.withUnsafeBufferPointer { checksum.add(UnsafeBufferPointer(rebasing: $0[position..<position + n])) }
            position += n
        }

        init(bytes: [UInt8]) {
            buffer = bytes
            descriptor = nil
            path = ""
        }

        init(path: String) throws(ArchiveError) {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
            var info = stat()
            guard fstat(fd, &info) == 0 else {
                _ = Foundation.close(fd)
                throw .unreadable(String(cString: strerror(errno)))
            }
            buffer = []
            descriptor = fd
            unloaded = Int(info.st_size)
            self.path = path
        }

        func close() { if let descriptor { _ = Foundation.close(descriptor) } }

        var remaining: Int { buffer.count - position + unloaded }
        var isAtEnd: Bool { remaining == 0 }

        /// Makes `n` bytes available from `position`.
        mutating func ensure(_ n: Int) throws(ArchiveError) {
            guard n >= 0, n <= remaining else { throw .truncated }
            guard buffer.count - position < n, let descriptor else { return }
            buffer.removeSubrange(0..<position)
            position = 0
            let load = min(max(n - buffer.count, Self.chunk), unloaded)
            let start = buffer.count
            buffer += repeatElement(0, count: load)
            var done = 0
            while done < load {
                let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + start + done, load - done) }
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { throw got < 0 ? .unreadable(String(cString: strerror(errno))) : .truncated }
                done += got
            }
            unloaded -= load
        }

        mutating func take(_ n: Int) throws(ArchiveError) -> [UInt8] {
            try ensure(n)
            defer { consume(n) }
            return Array(buffer[position..<position + n])
        }

        mutating func u32() throws(ArchiveError) -> UInt32 {
            try ensure(4)
            defer { consume(4) }
            var x: UInt32 = 0
            for k in (0..<4).reversed() { x = x << 8 | UInt32(buffer[position + k]) }
            return x
        }

        mutating func u64() throws(ArchiveError) -> UInt64 {
            try ensure(8)
            defer { consume(8) }
            var x: UInt64 = 0
            for k in (0..<8).reversed() { x = x << 8 | UInt64(buffer[position + k]) }
            return x
        }

        mutating func text() throws(ArchiveError) -> String {
            let n = Int(try u32())
            return String(decoding: try take(n), as: UTF8.self)
        }

        /// Reads a count (unless `counted` is false: the caller read it) that must be
        /// `expected`, then that many doubles into `target` from `offset`.
        mutating func doubles(
            expected: Int, into target: inout [Double], at offset: Int, counted: Bool = true
        ) throws(ArchiveError) {
            if counted {
                guard Int(try u32()) == expected else { throw .truncated }
            }
            try ensure(8 * expected)
            // The doubles straight from the buffer, then consumed (and checksummed) at once.
            buffer.withUnsafeBytes { bytes in
                for i in 0..<expected {
                    let bits = bytes.loadUnaligned(fromByteOffset: position + 8 * i, as: UInt64.self)
                    target[offset + i] = Double(bitPattern: UInt64(littleEndian: bits))
                }
            }
            consume(8 * expected)
        }
    }
}

/// 64-bit FNV-1a (Fowler, Noll and Vo) of a byte sequence: each byte XORed in, then a
/// multiplication by an odd prime, both one-to-one, so a single changed byte always changes it.
struct Checksum {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        var h = value
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        value = h
    }

    mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { add($0) } }
}

/// Why bytes are not a usable run archive.
public enum ArchiveError: Error, Equatable, CustomStringConvertible, Sendable {
    case notAnArchive
    case unsupportedFormat(UInt32)
    case truncated
    case trailingBytes
    /// Its checksum does not match its bytes.
    case damaged
    /// The archive's file could not be read.
    case unreadable(String)
    /// Its figures could not be stored (no room for their spill file).
    case storage(String)

    public var description: String {
        switch self {
        case .notAnArchive: "not a Dixian results archive"
        case .unsupportedFormat(let v): "archive format \(v) is not supported by this version"
        case .truncated: "the archive is incomplete (truncated or damaged)"
        case .trailingBytes: "the archive has unexpected bytes at its end"
        case .damaged: "the archive is damaged: its checksum does not match its bytes (changed on disk or in transfer); run it again"
        case .unreadable(let reason): "the archive could not be read: \(reason)"
        case .storage(let reason): "the archive's figures could not be stored: \(reason)"
        }
    }
}

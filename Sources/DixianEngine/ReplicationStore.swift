import Foundation

/// Where the figures of a run's replications are kept: in memory while the result is
/// expected to fit in ``memoryBudget``, otherwise in a spill file in ``directory``.
///
/// A run's summaries need every replication's figures (exact quantiles, exceedance curves,
/// paired comparisons, `replications.csv`), 14,016 bytes a replication and variant for five
/// years: 1.4 GB for 10^5 replications. Past the budget only one block per variant stays in
/// memory, so the memory of a long run is flat and its figures go to disk.
public struct FigureStorage: Sendable, Equatable {
    /// Bytes of figures a result may keep in memory: a result expected to hold more (its
    /// replications × figures × 8 bytes, all variants together) spills.
    public var memoryBudget: Int
    /// The folder of spill files (created when missing). `dixian run` uses its output folder:
    /// the output-size guard checks the space there, and `$TMPDIR` is often a RAM file system.
    public var directory: String
    /// Bytes of a store's block (``ReplicationStore/blockBytes`` by default; tests make it
    /// small to cross many blocks with few replications).
    public var blockBytes: Int

    /// 256 MB: a few thousand replications of a multi-variant run stay in memory, where
    /// reading them costs no system call; `make soak`'s 10^5 (1.3 GB) spill.
    public static let defaultMemoryBudget = 256 << 20

    public init(
        memoryBudget: Int = defaultMemoryBudget, directory: String = NSTemporaryDirectory(),
        blockBytes: Int = ReplicationStore.blockBytes
    ) {
        self.memoryBudget = memoryBudget
        self.directory = directory
        self.blockBytes = blockBytes
    }

    /// Everything in memory, whatever the size (tests, small fixed runs).
    public static let inMemory = FigureStorage(memoryBudget: .max)

    /// Whether `variants` stores of `replications` replications of `figures` figures spill.
    public func spills(replications: Int, figures: Int, variants: Int) -> Bool {
        let (perVariant, o1) = replications.multipliedReportingOverflow(by: figures * 8)
        let (total, o2) = perVariant.multipliedReportingOverflow(by: max(variants, 1))
        return o1 || o2 || total > memoryBudget
    }
}

/// The figures of one variant's replications, kept in replication order as columns: one
/// figure across every replication is read in a pass of ``ReplicationStore/blockCount``
/// reads, which is how the summaries use them.
///
/// Replications are appended in order into blocks of ``blockCapacity`` replications, each
/// block laid out figure-major (figure f of the block's replication i at `f × stride + i`),
/// so a range of consecutive figures of a block is one contiguous piece. A store that spills
/// writes each full block to its spill file and keeps only the block being filled: its
/// memory does not grow with the replications. The spill file is created and unlinked at
/// once, so it vanishes with the process however it ends; a store that does not spill keeps
/// its blocks in memory (the last one sized to the replications expected).
///
/// Appending is for the one owner (``RunResult`` copies a shared store before appending);
/// reading is safe from any thread. A failed write (a full disk) throws
/// ``ReplicationStore/SpillError``; a failed read of the spill file — an I/O error of the
/// disk after the figures were written — stops the process, the figures being gone.
public final class ReplicationStore: @unchecked Sendable {
    /// Figures per replication (``OutcomeLayout/recordCount(monthly:)``).
    public let figures: Int
    /// Replications per block: a block is about ``blockBytes``.
    public let blockCapacity: Int
    /// Replications stored.
    public private(set) var count = 0
    /// The replications the owner expects to store: sizes the in-memory blocks.
    public let expected: Int
    /// The storage policy the store was made with (copies and appended results keep it).
    public let storage: FigureStorage

    /// Bytes of one block by default (``FigureStorage/blockBytes``): a few MB, so that a pass
    /// over a spilled column makes one read per block of 299 replications (five years, no
    /// drill) and the block being filled stays small.
    public static let blockBytes = 4 << 20

    private struct Block {
        var first: Int
        var count: Int
        /// Distance between one figure's values in ``memory``: the block's capacity.
        var stride: Int
        /// The figures, figure-major; nil once written to the spill file.
        var memory: [Double]?
        /// Where a spilled block starts in the spill file.
        var offset: Int
    }

    private var blocks: [Block] = []
    private let spill: SpillFile?
    /// The buffer of the last block written to the spill file, reused for the next one.
    private var spare: [Double]?

    /// An empty store of `figures` figures per replication expecting `expected` replications,
    /// spilling when `spills`. Throws ``SpillError`` when the spill file cannot be created.
    public init(figures: Int, expected: Int, spills: Bool, storage: FigureStorage) throws(SpillError) {
        precondition(figures > 0, "a replication has figures")
        self.figures = figures
        self.expected = max(expected, 0)
        self.storage = storage
        blockCapacity = max(1, storage.blockBytes / (8 * figures))
        spill = spills ? try SpillFile(directory: storage.directory) : nil
    }

    /// Whether full blocks go to a spill file.
    public var isSpilled: Bool { spill != nil }

    /// Blocks so far (a pass over a column reads each once).
    public var blockCount: Int { blocks.count }

    /// Bytes of figures held in memory now.
    public var memoryBytes: Int {
        blocks.reduce(0) { $0 + ($1.memory?.count ?? 0) * 8 } + (spare?.count ?? 0) * 8
    }

    // MARK: Appending

    /// Appends one replication: its figures in record order, `figures` of them.
    public func append(_ record: UnsafeBufferPointer<Double>) throws(SpillError) {
        precondition(
            record.count == figures, "a record of \(record.count) figures, the store's are \(figures)")
        try append { record[$0] }
    }

    /// Appends one replication's outcome (its monthly figures only if the store keeps them).
    public func append(_ outcome: ReplicationOutcome) throws(SpillError) {
        let record = outcome.values + outcome.spending + outcome.causes + outcome.monthly
        precondition(record.count == figures, "an outcome of another shape than the store's records")
        try append { record[$0] }
    }

    /// Appends every replication of `other` (same figures), block by block.
    public func append(contentsOf other: ReplicationStore) throws(SpillError) {
        precondition(other.figures == figures, "stores of different records")
        var failure: SpillError?
        other.forEachBlock(figures: 0..<figures) { _, n, stride, block in
            for i in 0..<n where failure == nil {
                do throws(SpillError) { try append { block[$0 * stride + i] } } catch { failure = error }
            }
        }
        if let failure { throw failure }
    }

    /// Appends the replication whose figure `f` is `value(f)`.
    private func append(_ value: (Int) -> Double) throws(SpillError) {
        let b = try blockWithRoom()
        let (i, stride) = (blocks[b].count, blocks[b].stride)
        blocks[b].memory!.withUnsafeMutableBufferPointer { block in
            for f in 0..<figures { block[f * stride + i] = value(f) }
        }
        try finishAppend(b)
    }

    /// A store with the same figures and policy holding the same replications.
    func copy() throws(SpillError) -> ReplicationStore {
        let store = try ReplicationStore(
            figures: figures, expected: max(expected, count), spills: isSpilled, storage: storage)
        try store.append(contentsOf: self)
        return store
    }

    /// The index of the block the next replication goes to, started when needed.
    private func blockWithRoom() throws(SpillError) -> Int {
        if let last = blocks.last, last.count < last.stride { return blocks.count - 1 }
        // A spilling store fills whole blocks. One in memory sizes its blocks to the
        // replications still expected (a batch of 8 takes 8 rows, not a block's 300), doubling
        // past them, so that small results stay small.
        let capacity: Int
        if spill != nil {
            capacity = blockCapacity
        } else {
            capacity = min(blockCapacity, max(expected - count, count, 1))
        }
        var memory: [Double]
        if let reused = spare, reused.count == capacity * figures {
            memory = reused
            spare = nil
        } else {
            memory = [Double](repeating: 0, count: capacity * figures)
        }
        blocks.append(Block(first: count, count: 0, stride: capacity, memory: memory, offset: 0))
        return blocks.count - 1
    }

    /// Counts the replication just written into block `b` and spills the block when full.
    private func finishAppend(_ b: Int) throws(SpillError) {
        blocks[b].count += 1
        count += 1
        guard let spill, blocks[b].count == blocks[b].stride else { return }
        let offset = try blocks[b].memory!.withUnsafeBytes { spill.append($0) }.get()
        spare = blocks[b].memory
        blocks[b].memory = nil
        blocks[b].offset = offset
    }

    // MARK: Reading

    /// What ``forEachBlock(figures:replications:_:)`` hands over for each block: the store's
    /// number of its first replication, its replications, its stride and the figures' values.
    public typealias BlockBody = (
        _ first: Int, _ count: Int, _ stride: Int, _ values: UnsafeBufferPointer<Double>
    ) throws -> Void

    /// Calls `body` for each block, in replication order, with the figures `figures` of its
    /// replications: `(first, count, stride, values)`, where the value of figure `f` in the
    /// block's replication `i` (replication `first + i` of the store) is
    /// `values[(f − figures.lowerBound) × stride + i]`. A spilled block is one read of
    /// `figures.count × stride` doubles. With `replications`, only the blocks holding some of
    /// those replications (0-based in the store) are read.
    public func forEachBlock(
        figures range: Range<Int>, replications: Range<Int>? = nil, _ body: BlockBody
    ) rethrows {
        precondition(range.lowerBound >= 0 && range.upperBound <= figures, "figures \(range) of \(figures)")
        guard !range.isEmpty else { return }
        let wanted = replications ?? 0..<count
        var scratch: [Double] = []
        for block in blocks where block.count > 0 && wanted.overlaps(block.first..<(block.first + block.count)) {
            let start = range.lowerBound * block.stride
            let length = range.count * block.stride
            if let memory = block.memory {
                try memory.withUnsafeBufferPointer { all in
                    try body(
                        block.first, block.count, block.stride,
                        UnsafeBufferPointer(rebasing: all[start..<start + length]))
                }
            } else {
                if scratch.count < length { scratch = [Double](repeating: 0, count: length) }
                try scratch.withUnsafeMutableBytes { raw in
                    let target = UnsafeMutableRawBufferPointer(rebasing: raw[0..<length * 8])
                    spill!.read(into: target, at: block.offset + start * 8)
                    try body(
                        block.first, block.count, block.stride,
                        UnsafeBufferPointer(
                            start: raw.baseAddress!.assumingMemoryBound(to: Double.self), count: length))
                }
            }
        }
    }

    /// The values of figures `range`, each across every replication in order: `result[k]`
    /// is figure `range.lowerBound + k`. One pass over the blocks.
    public func columns(_ range: Range<Int>) -> [[Double]] {
        var columns = range.map { _ in [Double]() }
        for k in columns.indices { columns[k].reserveCapacity(count) }
        forEachBlock(figures: range) { _, n, stride, values in
            for k in columns.indices {
                columns[k].append(
                    contentsOf: UnsafeBufferPointer(rebasing: values[k * stride..<k * stride + n]))
            }
        }
        return columns
    }

    /// One figure across every replication, in order.
    public func column(_ figure: Int) -> [Double] { columns(figure..<figure + 1)[0] }

    /// The figures of replication `i` (0-based in the store) in record order.
    public func record(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < count, "replication \(i) of \(count)")
        var record = [Double](repeating: 0, count: figures)
        forEachBlock(figures: 0..<figures, replications: i..<i + 1) { first, _, stride, values in
            for f in 0..<figures { record[f] = values[f * stride + i - first] }
        }
        return record
    }

    /// Why figures could not be written to, or a spill file made in, the spill folder.
    public struct SpillError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }
}

/// An unnamed file for spilled blocks: created in a folder and unlinked at once (Linux and
/// macOS keep an unlinked file while it is open), so that it is gone when the process ends,
/// killed or not. Blocks are appended with `pwrite` and read back with `pread` (no shared
/// file position: reads are safe from any thread).
private final class SpillFile: @unchecked Sendable {
    private let descriptor: Int32
    private var size = 0

    init(directory: String) throws(ReplicationStore.SpillError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .init(
                description:
                    "cannot create \(directory) for the replication figures: \(error.localizedDescription)")
        }
        var template = Array(
            (URL(fileURLWithPath: directory).appendingPathComponent(".dixian-figures-XXXXXX").path)
                .utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw .init(description: "cannot create a file for the replication figures in \(directory): \(reason)")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Appends `bytes`; returns the offset they start at.
    func append(_ bytes: UnsafeRawBufferPointer) -> Result<Int, ReplicationStore.SpillError> {
        let offset = size
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = n < 0 ? String(cString: strerror(errno)) : "nothing written"
                return .failure(
                    .init(
                        description: "writing the replication figures to their spill file failed: \(reason)"))
            }
            done += n
        }
        size += bytes.count
        return .success(offset)
    }

    /// Fills `target` from `offset`.
    func read(into target: UnsafeMutableRawBufferPointer, at offset: Int) {
        var done = 0
        while done < target.count {
            let n = pread(descriptor, target.baseAddress! + done, target.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = n < 0 ? String(cString: strerror(errno)) : "end of file"
                fatalError("reading the replication figures back from the spill file failed: \(reason)")
            }
            done += n
        }
    }
}

import DixianEngine
import DixianModel
import DixianReports
import Foundation
import Testing

/// The column store of replication figures (``ReplicationStore``): spilled and in-memory
/// results hold the same bits and write the same files, replications arriving out of order
/// are stored in order, archives round-trip through spilled stores, and a spilling store's
/// memory does not grow with its replications.
@Suite struct ReplicationStoreTests {
    typealias F = EngineFixtures

    /// A spill folder of its own, removed by the caller.
    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("dixian-store-\(UUID().uuidString)")
            .path
    }

    /// Spilling whatever the size, in blocks of `replications` replications of `figures` figures.
    static func spilling(_ folder: String, figures: Int, replications: Int = 3) -> FigureStorage {
        FigureStorage(memoryBudget: 0, directory: folder, blockBytes: 8 * figures * replications)
    }

    /// A record whose figures are all different and tell replication and figure apart
    /// (with a NaN, a negative zero and an infinity among them, whose bits must survive).
    static func record(_ r: Int, figures: Int) -> [Double] {
        (0..<figures).map { f in
            switch (r + f) % 11 {
            case 3: .nan
            case 5: -0.0
            case 7: -.infinity
            default: Double(r) * 1_000.25 + Double(f) * 0.125
            }
        }
    }

    @Test func columnsAndRecordsAreTheAppendedFiguresInMemoryAndSpilled() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let figures = 37
        let memory = try ReplicationStore(figures: figures, expected: 10, spills: false, storage: .inMemory)
        // Blocks of 4: the 23 replications fill five blocks and leave 3 in the last.
        let spilled = try ReplicationStore(
            figures: figures, expected: 23, spills: true,
            storage: Self.spilling(folder, figures: figures, replications: 4))
        for r in 0..<23 {
            let record = Self.record(r, figures: figures)
            try record.withUnsafeBufferPointer { try memory.append($0) }
            try record.withUnsafeBufferPointer { try spilled.append($0) }
        }
        #expect(spilled.isSpilled && !memory.isSpilled)
        #expect(spilled.count == 23 && memory.count == 23 && spilled.blockCount == 6)
        // The spill file is unlinked at once: nothing is left in the folder.
        #expect((try? FileManager.default.contentsOfDirectory(atPath: folder)) == [])
        for store in [memory, spilled] {
            for f in [0, 5, 36] {
                let expected = (0..<23).map { Self.record($0, figures: figures)[f].bitPattern }
                #expect(
                    store.column(f).map(\.bitPattern) == expected, "figure \(f), spilled \(store.isSpilled)")
            }
            let columns = store.columns(10..<20)
            for (k, column) in columns.enumerated() {
                #expect(
                    column.map(\.bitPattern)
                        == (0..<23).map { Self.record($0, figures: figures)[10 + k].bitPattern })
            }
            for r in [0, 3, 4, 22] {
                #expect(
                    store.record(r).map(\.bitPattern) == Self.record(r, figures: figures).map(\.bitPattern))
            }
        }
    }

    @Test func aSpillingStoreKeepsTwoBlocksInMemoryHoweverManyReplications() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let figures = 50
        let storage = Self.spilling(folder, figures: figures, replications: 8)
        let store = try ReplicationStore(figures: figures, expected: 2_000, spills: true, storage: storage)
        let block = 8 * figures * 8
        var largest = 0
        for r in 0..<2_000 {
            try Self.record(r, figures: figures).withUnsafeBufferPointer { try store.append($0) }
            largest = max(largest, store.memoryBytes)
        }
        // The block being filled and the last one written, kept for reuse: not 2,000 records.
        #expect(largest <= 2 * block, "\(largest) bytes in memory, blocks of \(block)")
        #expect(store.column(49)[1_999].bitPattern == Self.record(1_999, figures: figures)[49].bitPattern)
        // In memory, the same records take all of their figures.
        let memory = try ReplicationStore(
            figures: figures, expected: 2_000, spills: false, storage: .inMemory)
        for r in 0..<2_000 {
            try Self.record(r, figures: figures).withUnsafeBufferPointer { try memory.append($0) }
        }
        #expect(memory.memoryBytes >= 2_000 * 8 * figures)
    }

    /// Runs the busy scenario (a drill: month-by-month figures too) with two variants.
    static func run(
        replications: Range<Int> = 0..<23, threads: Int, storage: FigureStorage = .inMemory
    ) throws -> RunResult {
        var cheaper = ReproducibilityTests.busyScenario()
        cheaper.policies.budgets[.monitoring] = Budget(yearlyPerCounty: Keyed(5_000))
        let simulator = try Simulator(
            variants: [
                .init(name: "baseline", scenario: ReproducibilityTests.busyScenario()),
                .init(name: "tight monitoring", scenario: cheaper),
            ],
            population: ReproducibilityTests.population)
        return try simulator.run(replications: replications, threads: threads, storage: storage)
    }

    @Test func spilledRunsHoldTheBitsOfRunsInMemoryWhateverTheArrivalOrder() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reference = try Self.run(threads: 1)
        let figures = reference.stores[0].figures
        #expect(reference.hasMonthly && !reference.isSpilled)
        // Four workers finish replications out of order; blocks of 3 replications spill.
        let spilled = try Self.run(threads: 4, storage: Self.spilling(folder, figures: figures))
        #expect(spilled.isSpilled && spilled.stores[0].blockCount == 8)
        ReproducibilityTests.expectIdentical(reference, spilled, "1 thread in memory vs 4 threads spilled")
        #expect(
            spilled.outcome(1, 22) == reference.outcome(1, 22)
                && spilled.outcome(0, 4) == reference.outcome(0, 4))
        #expect(spilled.outcome(1, 22) != spilled.outcome(1, 21), "replications differ")
        for v in 0..<2 {
            for figure in [0, figures / 2, figures - 1] {
                #expect(
                    spilled.column(v, figure).map(\.bitPattern)
                        == reference.column(v, figure).map(\.bitPattern))
            }
        }
        // Appending batches (as checkpoints and adaptive runs do) to a spilling result.
        var batches = try Simulator(
            variants: [.init(name: "baseline", scenario: ReproducibilityTests.busyScenario())],
            population: ReproducibilityTests.population
        ).emptyResult(start: 0, expected: 23, storage: Self.spilling(folder, figures: figures))
        let single = try Self.run(threads: 2).materializedOutcomes[0]
        let simulator = try Simulator(
            variants: [.init(name: "baseline", scenario: ReproducibilityTests.busyScenario())],
            population: ReproducibilityTests.population)
        for start in stride(from: 0, to: 23, by: 5) {
            try simulator.run(replications: start..<min(start + 5, 23), threads: 3, appendingTo: &batches)
        }
        #expect(batches.replications == 0..<23 && batches.isSpilled)
        #expect(F.identical(batches.materializedOutcomes[0], single))
    }

    @Test func spilledAndInMemoryResultsWriteTheSameFiles() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let metadata = RunMetadata(
            scenarioName: "store", resolvedScenario: "{\"name\":\"store\"}", seed: 2_385,
            programVersion: "0.0.0-test", gslVersion: "2.7", generator: "mt19937", threads: 2,
            startTime: Date(timeIntervalSince1970: 1_700_000_000),
            endTime: Date(timeIntervalSince1970: 1_700_000_001),
            commandLine: ["dixian", "run"])
        let memory = try Self.run(threads: 2)
        let spilled = try Self.run(
            threads: 2, storage: Self.spilling(folder + "/spill", figures: memory.stores[0].figures))
        var written: [String] = []
        for result in [memory, spilled] {
            let out = folder + "/out-\(written.count)"
            try RunWriter.write(
                result, population: ReproducibilityTests.population, metadata: metadata,
                formats: [.csv, .json],
                baselines: [0, 0], drillStart: 28, to: out)
            written.append(out)
        }
        let names =
            RunWriter.fileNames(for: [.csv, .json], variants: 2) + ["drill.csv", RunWriter.manifestName]
        for name in names {
            let a = try Data(contentsOf: URL(fileURLWithPath: written[0] + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: written[1] + "/" + name))
            #expect(!a.isEmpty && a == b, "\(name)")
        }
    }

    @Test func archivesRoundTripThroughSpilledStores() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let memory = try Self.run(threads: 2)
        let storage = Self.spilling(folder, figures: memory.stores[0].figures)
        let spilled = try Self.run(threads: 2, storage: storage)
        let archive = RunArchive(
            result: memory, programVersion: "test", scenarioSHA256: "abc", scenarioText: "{}")
        let bytes = archive.encoded()
        // Encoding a spilled result gives the same bytes.
        let fromSpilled = RunArchive(
            result: spilled, programVersion: "test", scenarioSHA256: "abc", scenarioText: "{}")
        #expect(fromSpilled.encoded() == bytes)
        // Read back from a file, piece by piece, into a spilling store: the same bits again.
        let path = folder + "/archive.bin"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let back = try RunArchive(contentsOf: path, storage: storage, reserving: 40)
        #expect(back.result.isSpilled && back.result.hasMonthly)
        ReproducibilityTests.expectIdentical(memory, back.result, "archive read into a spilled store")
        #expect(
            RunArchive(result: back.result, programVersion: "test", scenarioSHA256: "abc", scenarioText: "{}")
                .encoded() == bytes)
        // A damaged file is refused as the bytes are.
        try Data(bytes.dropLast(5)).write(to: URL(fileURLWithPath: path))
        #expect(throws: ArchiveError.truncated) { try RunArchive(contentsOf: path, storage: storage) }
        #expect(throws: ArchiveError.self) {
            try RunArchive(contentsOf: folder + "/missing.bin", storage: storage)
        }
    }

    @Test func aCopyIsNotChangedByAppendingToTheOriginal() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let storage = Self.spilling(
            folder, figures: try Self.run(replications: 0..<1, threads: 1).stores[0].figures)
        var first = try Self.run(replications: 0..<7, threads: 2, storage: storage)
        let copy = first
        try first.append(Self.run(replications: 7..<12, threads: 2, storage: storage))
        #expect(copy.replications == 0..<7 && copy.stores[0].count == 7)
        #expect(first.replications == 0..<12 && first.stores[0].count == 12)
        ReproducibilityTests.expectIdentical(
            first, try Self.run(replications: 0..<12, threads: 1), "appended")
        ReproducibilityTests.expectIdentical(copy, try Self.run(replications: 0..<7, threads: 1), "the copy")
    }

    @Test func theMemoryEstimateCountsAllFiguresOnlyWhileTheyFitTheBudget() throws {
        let simulator = try Simulator(
            variants: [
                .init(name: "a", scenario: ReproducibilityTests.busyScenario()),
                .init(name: "b", scenario: ReproducibilityTests.busyScenario()),
            ],
            population: ReproducibilityTests.population)
        let storage = FigureStorage(directory: Self.folder())
        let record = 8 * simulator.layout.recordCount(monthly: true)  // a drill: its months too
        let block = record * (ReplicationStore.blockBytes / record)
        func figures(_ replications: Int) -> Int {
            simulator.memoryEstimate(replications: replications, threads: 2, storage: storage)
                .bytesByPart["replication figures"]!
        }
        // In memory: every replication's figures of both variants, and a block's slack.
        #expect(figures(1_000) == 2 * (1_000 * record + block))
        // Past the 256 MB budget: two blocks a variant, however many replications.
        #expect(!storage.spills(replications: 4_000, figures: record / 8, variants: 2))
        #expect(storage.spills(replications: 5_000, figures: record / 8, variants: 2))
        #expect(figures(5_000) == 2 * 2 * block && figures(1_000_000) == figures(5_000))
        let total = { (n: Int) in simulator.estimatedMemory(replications: n, threads: 2, storage: storage) }
        // What still grows while writing the files: a column and its sorted copy (16 bytes a replication).
        #expect(total(1_000_000) - total(100_000) < 20 * 900_000)
    }
}

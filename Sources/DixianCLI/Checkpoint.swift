import DixianEngine
import DixianModel
import DixianReports
import Foundation

/// Runs replications in batches, saving the finished ones to `checkpoint.bin` in the output
/// folder from time to time and when the run is interrupted (SIGINT, SIGTERM), so that
/// `dixian run … --resume` continues where it stopped. Replications are independent and
/// stored by number, so a resumed run writes exactly the bytes of an uninterrupted one.
///
/// An adaptive run (`replications: {max, until: {relative_se}}`) looks at its precision at
/// the counts ``Replications/nextCheck(after:)`` gives, which depend on the plan alone:
/// batches never cross one, and a resumed run replays them from the start, so it stops at
/// the same replication as an uninterrupted run.
///
/// The checkpoint is kept until the run's files are written (``remove()``): a run killed
/// while writing them resumes from its last save.
struct Checkpoint {
    static let fileName = "checkpoint.bin"

    var directory: String
    var scenarioSHA256: String
    var scenarioText: String
    /// Seconds between saves; 0 saves after every batch.
    var interval: Double

    var path: String { directory + "/" + Self.fileName }

    /// Runs the replications `range` of `plan` (a shard's range of a fixed plan, or all of
    /// them) and says how the run ended. Every batch is appended to one result, whose figures
    /// spill to disk as `storage` says (a resumed run reads its checkpoint into such a result).
    func run(
        _ simulator: Simulator, plan: Replications, replications range: Range<Int>, threads: Int, resume: Bool,
        storage: FigureStorage, progress: Progress, stop: StopSignal
    ) throws -> (RunResult, StoppingReport) {
        var result = try simulator.emptyResult(start: range.lowerBound, expected: range.count, storage: storage)
        if resume {
            if let saved = try load(range: range, storage: storage) { result = saved }
        } else {
            noteReplaced()
        }
        // Where the run next asks whether it is done: the end of the range for a fixed plan;
        // for an adaptive one the plan's checks, replayed from the start.
        var next = result.replications.upperBound
        var check = range.upperBound
        if case .adaptive = plan {
            check = plan.nextCheck(after: 0)
            while check < next { check = plan.nextCheck(after: check) }
        }
        func isDone(_ result: RunResult) -> Bool {
            guard case .adaptive = plan else { return true }
            return !result.replications.isEmpty && Simulator.stops(result, plan: plan)
        }
        // Small batches keep an interruption prompt; a few per thread keep the workers busy.
        let batch = max(4 * threads, 8)
        var lastSave = Date()
        if !(next == check && isDone(result)) {
            while true {
                if next == check { check = plan.nextCheck(after: check) }
                if let signal = stop.received {
                    if !result.replications.isEmpty {
                        do {
                            try save(result)
                        } catch {
                            Terminal.error(
                                "\n\(signal): stopped; could not save the checkpoint to \(path): \(OutputGuard.reason(error))"
                                    + " (the last one saved, if any, is kept)")
                            throw CheckpointError.interrupted
                        }
                    }
                    let done = result.replications.count
                    Terminal.error(
                        "\n\(signal): stopped after \(done) of \(range.count) replications; saved to \(path). "
                            + "Continue with the same command and --resume.")
                    throw CheckpointError.interrupted
                }
                let end = min(next + batch, check)
                let offset = next - range.lowerBound
                try simulator.run(replications: next..<end, threads: threads, appendingTo: &result) {
                    progress.update(offset + $0)
                }
                next = end
                KillPoint.reached("batch")
                if next == check && isDone(result) { break }
                if Date().timeIntervalSince(lastSave) >= interval {
                    // A save that fails (a full disk) does not stop the run: it says so, keeps
                    // the last checkpoint saved, and tries again at the next save.
                    do {
                        try save(result)
                    } catch {
                        Terminal.error(
                            "note: could not save the checkpoint to \(path): \(OutputGuard.reason(error)); the run goes on "
                                + "(the last checkpoint saved, if any, is kept)")
                    }
                    lastSave = Date()
                }
            }
        }
        if case .adaptive = plan { return (result, Simulator.stoppingReport(result, plan: plan)) }
        return (
            result,
            StoppingReport(
                requested: plan.maximum, run: range.count, relativeSETarget: nil, relativeSE: Simulator.relativeSE(result))
        )
    }

    /// Removes the checkpoint once the run's files are written, and what a save killed half-way left.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
        AtomicFile.removeStalePartials(of: [Self.fileName], in: directory)
    }

    /// Writes the archive piece by piece: the saved replications are not copied in memory.
    private func save(_ result: RunResult) throws {
        let archive = RunArchive(
            result: result, programVersion: DixianVersion.current, scenarioSHA256: scenarioSHA256,
            scenarioText: scenarioText)
        AtomicFile.removeStalePartials(of: [Self.fileName], in: directory)
        try AtomicFile.write(to: path) { out in try archive.encode { try out.write(bytes: $0) } }
    }

    /// Says on stderr, before the run starts, that the checkpoint an earlier run left in the
    /// folder is about to be replaced (its first save overwrites it, the run's end removes it),
    /// and that `--resume` would have continued it — when it is this run's to continue.
    private func noteReplaced() {
        guard FileManager.default.fileExists(atPath: path) else { return }
        guard let header = try? RunArchive.header(contentsOf: path) else {
            Terminal.error("note: \(path), which cannot be read, is replaced")
            return
        }
        let n = header.replications.count
        let of = "\(n) replication\(n == 1 ? "" : "s")"
        if header.scenarioSHA256 == scenarioSHA256 && header.programVersion == DixianVersion.current {
            Terminal.error("note: \(path) of an earlier run (\(of)) is replaced; --resume continues it instead")
        } else {
            // Another scenario, seed, replication count or program version: not this run's.
            Terminal.error("note: \(path) of an earlier, different run (\(of)) is replaced")
        }
    }

    /// The saved replications, refused with a message when they belong to another scenario,
    /// seed, version or shard. Read piece by piece into a result expecting all of `range`.
    private func load(range: Range<Int>, storage: FigureStorage) throws -> RunResult? {
        guard FileManager.default.fileExists(atPath: path) else {
            Terminal.error("no checkpoint in \(directory); starting from the first replication")
            return nil
        }
        func refuse(_ message: String) -> InputErrors {
            InputErrors([Diagnostic(location: SourceLocation(file: path, line: 0, column: 0), message: message)])
        }
        let archive: RunArchive
        do {
            archive = try RunArchive(contentsOf: path, storage: storage, reserving: range.count)
        } catch { throw refuse(error.description) }
        guard archive.programVersion == DixianVersion.current else {
            throw refuse("saved by Dixian \(archive.programVersion), not \(DixianVersion.current); run again without --resume")
        }
        guard archive.scenarioSHA256 == scenarioSHA256 else {
            let remedy = "start again without --resume (or use another --out)"
            // Say what differs: the scenario's settings, or else the household file's contents.
            if let difference = ScenarioDifference(saved: archive.scenarioText, current: scenarioText),
                !difference.settings.isEmpty
            {
                let n = archive.result.replications.count
                throw refuse(difference.explanation(
                    of: "the checkpoint (\(n) replication\(n == 1 ? "" : "s") saved)", remedy: remedy))
            }
            throw refuse(
                "saved over another household file: the scenario is the same, but the household file's contents have "
                    + "changed since (their SHA-256 differs); \(remedy)")
        }
        guard archive.result.replications.lowerBound == range.lowerBound,
            archive.result.replications.upperBound <= range.upperBound
        else {
            let saved = archive.result.replications
            throw refuse(
                "saved replications \(saved.lowerBound)..<\(saved.upperBound) are not a start of this run's "
                    + "\(range.lowerBound)..<\(range.upperBound): resume with the --shard (or none) it was run with, "
                    + "or run again without --resume")
        }
        return archive.result
    }
}

enum CheckpointError: Error, CustomStringConvertible {
    case interrupted
    var description: String { "interrupted" }
}

/// SIGINT and SIGTERM, noted instead of killing the process, while a run can stop cleanly
/// after its current batch; a second signal stops it at once (exit status 1), keeping the
/// last checkpoint saved.
///
/// Installed once for a command's whole work: a dispatch signal source made again after
/// one was cancelled is never called on Linux (the signal stays ignored), so a run's
/// replications and its files share one, whose words ``awaiting(_:kept:)`` changes.
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var name: String?
    private var sources: [DispatchSourceSignal] = []
    private var pending: String
    private var kept: String

    private init(pending: String, kept: String) {
        self.pending = pending
        self.kept = kept
    }

    var received: String? {
        lock.lock()
        defer { lock.unlock() }
        return name
    }

    /// From now on, a first signal waits for `pending`, and a second one leaves `kept`.
    func awaiting(_ pending: String, kept: String) {
        lock.lock()
        defer { lock.unlock() }
        self.pending = pending
        self.kept = kept
    }

    /// Catches SIGINT and SIGTERM until ``uninstall()``. The first says on stderr that the
    /// work stops after `pending` (`the current batch` of replications, `the run in progress`
    /// of a batch); the second exits at once (status 1), saying that `kept` (`the last
    /// checkpoint saved is kept`).
    static func install(
        pending: String = "the current batch", kept: String = "the last checkpoint saved is kept"
    ) -> StopSignal {
        let stop = StopSignal(pending: pending, kept: kept)
        for (number, name) in [(SIGINT, "interrupted (SIGINT)"), (SIGTERM, "terminated (SIGTERM)")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [stop] in
                stop.lock.lock()
                // A batch may take long; a second signal does not wait for it.
                if stop.name != nil {
                    let kept = stop.kept
                    stop.lock.unlock()
                    Terminal.error("\n\(name) again: stopped at once; \(kept)")
                    exit(ExitStatus.runFailed)
                }
                // Said before it is noted, so that it comes before what the work says on stopping.
                Terminal.error("\n\(name): stopping after \(stop.pending) (signal again to stop at once)")
                stop.name = name
                stop.lock.unlock()
            }
            source.resume()
            stop.sources.append(source)
        }
        return stop
    }

    func uninstall() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

import DixianEngine
import DixianModel
import DixianReports
import Foundation

/// Runs replications in batches, saving the finished ones to `checkpoint.bin` in the output
/// folder from time to time and when the run is interrupted (SIGINT, SIGTERM), so that
/// `dixian run … --resume` continues where it stopped. Replications are independent and
/// stored by number, so a resumed run writes exactly the bytes of an uninterrupted one.
struct Checkpoint {
    static let fileName = "checkpoint.bin"

    var directory: String
    var scenarioSHA256: String
    var scenarioText: String
    /// Seconds between saves; 0 saves after every batch.
    var interval: Double

    var path: String { directory + "/" + Self.fileName }

    func run(
        _ simulator: Simulator, replications range: Range<Int>, threads: Int, resume: Bool, progress: Progress
    ) throws -> RunResult {
        var result: RunResult? = nil
        if resume { result = try load(range: range) }
        let stop = StopSignal.install()
        defer { stop.uninstall() }
        // Small batches keep an interruption prompt; a few per thread keep the workers busy.
        let batch = max(4 * threads, 8)
        var lastSave = Date()
        var next = result?.replications.upperBound ?? range.lowerBound
        while next < range.upperBound {
            if let signal = stop.received {
                if let result { try save(result) }
                let done = (result?.replications.count ?? 0)
                Terminal.error(
                    "\n\(signal): stopped after \(done) of \(range.count) replications; saved to \(path). "
                        + "Continue with the same command and --resume.")
                throw CheckpointError.interrupted
            }
            let end = min(next + batch, range.upperBound)
            let offset = next - range.lowerBound
            let part = try simulator.run(replications: next..<end, threads: threads) { progress.update(offset + $0) }
            if result == nil { result = part } else { result!.append(part) }
            next = end
            if next < range.upperBound && Date().timeIntervalSince(lastSave) >= interval {
                try save(result!)
                lastSave = Date()
            }
        }
        try? FileManager.default.removeItem(atPath: path)
        if let result { return result }
        return try simulator.run(replications: range, threads: threads)
    }

    private func save(_ result: RunResult) throws {
        let archive = RunArchive(
            result: result, programVersion: DixianVersion.current, scenarioSHA256: scenarioSHA256,
            scenarioText: scenarioText)
        try AtomicFile.write(Data(archive.encoded()), to: path)
    }

    /// The saved replications, refused with a message when they belong to another scenario,
    /// seed, version or shard.
    private func load(range: Range<Int>) throws -> RunResult? {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            Terminal.error("no checkpoint in \(directory); starting from the first replication")
            return nil
        }
        func refuse(_ message: String) -> InputErrors {
            InputErrors([Diagnostic(location: SourceLocation(file: path, line: 0, column: 0), message: message)])
        }
        let archive: RunArchive
        do { archive = try RunArchive(decoding: [UInt8](bytes)) } catch { throw refuse(error.description) }
        guard archive.programVersion == DixianVersion.current else {
            throw refuse("saved by Dixian \(archive.programVersion), not \(DixianVersion.current); run again without --resume")
        }
        guard archive.scenarioSHA256 == scenarioSHA256 else {
            throw refuse("saved for another scenario or seed; run again without --resume, or use another --out")
        }
        guard archive.result.replications.lowerBound == range.lowerBound,
            archive.result.replications.upperBound <= range.upperBound
        else {
            throw refuse("saved replications \(archive.result.replications) do not belong to \(range)")
        }
        return archive.result
    }
}

enum CheckpointError: Error, CustomStringConvertible {
    case interrupted
    var description: String { "interrupted" }
}

/// SIGINT and SIGTERM, noted instead of killing the process, while a run can stop cleanly.
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var name: String?
    private var sources: [DispatchSourceSignal] = []

    var received: String? {
        lock.lock()
        defer { lock.unlock() }
        return name
    }

    static func install() -> StopSignal {
        let stop = StopSignal()
        for (number, name) in [(SIGINT, "interrupted (SIGINT)"), (SIGTERM, "terminated (SIGTERM)")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [stop] in
                stop.lock.lock()
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

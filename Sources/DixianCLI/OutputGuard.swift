import DixianEngine
import DixianModel
import DixianReports
import Foundation

/// The output-size guard of a run: before the first replication, the files the run will
/// write are estimated and the run is refused (exit status 2) when they would not fit in
/// the free space of the output folder's file system or exceed `--max-output`.
enum OutputGuard {
    /// The files a run will put in its output folder, largest first, with their estimated sizes.
    struct Estimate {
        var files: [(name: String, bytes: Int)]
        var total: Int { files.reduce(0) { $0 + $1.bytes } }
    }

    /// The output files (``RunWriter/estimatedSizes(variants:years:replications:lastReplication:population:formats:drill:resolvedScenario:)``)
    /// plus the checkpoint (`checkpointed`: saved from time to time and kept until the files are
    /// written; its exact size at the last replication, as ``RunArchive/encodedSize(variants:years:replications:villages:monthly:texts:)``
    /// gives it), a shard's archive, and the spill file of the figures when they go to disk
    /// (``spillName``, removed when the run ends; `storage` says whether they do).
    static func estimate(
        simulator: Simulator, scenario: Scenario, population: Population, resolvedScenario: String,
        scenarioSHA256: String, shard: Shard?, checkpointed: Bool, storage: FigureStorage
    ) -> Estimate {
        let total = scenario.replications.maximum
        let range = shard?.range(of: total) ?? 0..<total
        let names = simulator.variants.map(\.name)
        var files = RunWriter.estimatedSizes(
            variants: names, years: simulator.layout.years, replications: range.count,
            lastReplication: max(range.upperBound - 1, 0), population: population,
            formats: Set(scenario.outputs.formats), drill: simulator.isDrill,
            resolvedScenario: resolvedScenario)
        let archive = RunArchive.encodedSize(
            variants: names, years: simulator.layout.years.count, replications: range.count,
            villages: population.geography.villages.count, townships: population.geography.townships.count,
            monthly: simulator.isDrill,
            texts: [DixianVersion.current, scenarioSHA256, resolvedScenario])
        if checkpointed { files.append((Checkpoint.fileName, archive)) }
        if shard != nil { files.append((MergeCommand.archiveName, archive)) }
        let figures = simulator.layout.recordCount(monthly: simulator.isDrill)
        if storage.spills(replications: range.count, figures: figures, variants: names.count) {
            files.append((spillName, spillBytes(replications: range.count, figures: figures, variants: names.count)))
        }
        return Estimate(files: files.sorted { $0.bytes > $1.bytes })
    }

    /// How the guard's message names the spill file of the figures.
    static let spillName = "replication figures (spilled, removed at the end)"

    /// Bytes of the spill files of `variants` stores of `replications` replications: every
    /// figure as a double (only full blocks are written, so at most this).
    static func spillBytes(replications: Int, figures: Int, variants: Int) -> Int {
        replications * figures * 8 * variants
    }

    /// Refuses the run (``BadRequest``, exit status 2) when `directory` cannot be made or
    /// written in, then when `estimate` exceeds `limit` (`--max-output`) or, without a limit,
    /// the space free in `directory`'s file system. The folder is checked first: a folder that
    /// cannot be made (`/proc/x`) sits on a file system with no free space, and the reason to
    /// give is that it cannot be made. `probe`: whether to make sure the folder can be written
    /// (``checkWritable(_:)``); under MPI only rank 0, which alone writes, probes it.
    static func check(_ estimate: Estimate, directory: String, limit: Int?, probe: Bool = true) throws {
        if probe { try checkWritable(directory) }
        // A folder where the run would write one of its files would fail it only at the end.
        for name in estimate.files.map(\.name) + [RunWriter.manifestName] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory), isDirectory.boolValue {
                throw BadRequest("\(directory)/\(name) is a folder where the run writes a file: move it, or choose another --out")
            }
        }
        if let problem = problem(estimate, directory: directory, limit: limit, free: DiskSpace.available(at: directory)) {
            throw BadRequest(problem)
        }
    }

    /// Refuses the run (``BadRequest``, exit status 2) before it starts when its files could
    /// not be written in `directory`: a file of that name, a folder that cannot be made or
    /// written in. The folder is made, and a file made in it and removed, as the run would;
    /// folders made only for the test are removed again.
    static func checkWritable(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw BadRequest("the output folder \(directory) is a file: choose another --out")
        }
        // The outermost folder the test makes (a dangling symbolic link is not one to remove).
        var made: URL? = nil
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        func exists(_ path: String) -> Bool {
            var info = stat()
            return lstat(path, &info) == 0
        }
        while !exists(url.path) && url.path != "/" {
            made = url
            url.deleteLastPathComponent()
        }
        defer { if let made { try? FileManager.default.removeItem(at: made) } }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BadRequest("cannot make the output folder \(directory): \(reason(error)); choose another --out")
        }
        let probe = directory + "/.dixian-write-test-\(getpid())"
        guard FileManager.default.createFile(atPath: probe, contents: nil) else {
            throw BadRequest(
                "cannot write in the output folder \(directory): \(String(cString: strerror(errno))); choose another --out")
        }
        try? FileManager.default.removeItem(atPath: probe)
    }

    /// The operating system's words for why a file operation failed.
    static func reason(_ error: Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if let path = error.userInfo[NSFilePathErrorKey] as? String {
            var isDirectory: ObjCBool = false
            var url = URL(fileURLWithPath: path)
            while url.path != "/" {
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
                    guard isDirectory.boolValue else { return "\(url.path) is a file, not a folder" }
                    // A read-only mount refuses root too: said as what it is, not as a permission.
                    if access(url.path, W_OK) != 0 && errno == EROFS { return "\(url.path) is on a read-only file system" }
                    return "permission denied in \(url.path)"
                }
                url.deleteLastPathComponent()
            }
        }
        return error.localizedDescription
    }

    /// The message refusing the run, or nil when it fits: `free` is the space free where the
    /// files go (nil when unknown: no check), `limit` replaces it when given.
    static func problem(_ estimate: Estimate, directory: String, limit: Int?, free: Int?) -> String? {
        guard let allowed = limit ?? free, estimate.total > allowed else { return nil }
        let largest = estimate.files.prefix(3).map { "\($0.name) \(MemorySize.format($0.bytes))" }
        return "the run would write about \(MemorySize.format(estimate.total)) to \(directory) ("
            + largest.joined(separator: ", ") + (estimate.files.count > 3 ? ", …" : "") + "), more than the "
            + "\(MemorySize.format(allowed)) "
            + (limit == nil ? "free on its file system" : "allowed by --max-output")
            + "; free some space, choose another --out, or run fewer replications or shards (--shard K/N)"
    }
}

/// Free space of file systems.
enum DiskSpace {
    /// Bytes an unprivileged process may still write on the file system holding `path`, or
    /// the nearest folder above it that exists (the output folder may not exist yet);
    /// nil when unknown. The corresponding C function is `statvfs` (`f_bavail × f_frsize`).
    static func available(at path: String) -> Int? {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while !FileManager.default.fileExists(atPath: url.path) {
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
        var info = statvfs()
        guard statvfs(url.path, &info) == 0 else { return nil }
        let (blocks, size) = (Int(info.f_bavail), Int(info.f_frsize))
        return blocks.multipliedReportingOverflow(by: size).overflow ? Int.max : blocks * size
    }
}

/// An exclusive lock (`flock`) on an output folder for as long as the process may write in
/// it: two processes writing into one folder — a job array given the same `--out` — would
/// leave the files of two runs under one manifest. The second is refused (exit status 2)
/// before it runs. The lock goes with the process, however it ends. On a file system that
/// takes no locks the run goes on unprotected.
final class OutputLock: @unchecked Sendable {
    static let shared = OutputLock()
    private let lock = NSLock()
    /// The folders this process holds, by standardized path (their descriptors stay open).
    private var held: Set<String> = []

    /// Makes `directory` (the run writes there; everything else was checked) and locks it.
    func hold(_ directory: String) throws {
        let path = URL(fileURLWithPath: directory).standardizedFileURL.path
        lock.lock()
        defer { lock.unlock() }
        guard !held.contains(path) else { return }
        // A folder inside one another process holds (a batch's --out, whose restart removes what
        // it did not write there) is refused too — before the folder is made, so that a refused
        // run leaves none; the folders this process holds are its own.
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        while ancestor.path != "/" && !ancestor.path.isEmpty {
            defer { ancestor.deleteLastPathComponent() }
            guard !held.contains(ancestor.path) else { continue }
            let probe = open(ancestor.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard probe >= 0 else { continue }
            defer { close(probe) }
            if flock(probe, LOCK_SH | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK else { continue }
                throw BadRequest(
                    "another dixian process is writing to \(ancestor.path), which holds \(directory): wait for it to "
                        + "finish, or choose an --out outside it")
            }
            flock(probe, LOCK_UN)
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw BadRequest("cannot make the output folder \(directory): \(OutputGuard.reason(error)); choose another --out")
        }
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            close(descriptor)
            if busy {
                throw BadRequest(
                    "another dixian process is writing to \(directory): wait for it to finish, or choose another --out")
            }
            return
        }
        held.insert(path)
    }
}

// `make soak`: a long run of a small scenario (10^5 replications by default) through the
// real `dixian` binary, its resident memory sampled from /proc/PID/status every 0.25 s,
// written to docs/reliability.md between markers. Not a test: measured, never asserted.
//
// Past a memory budget (256 MB of figures) a run spills its replications' figures to a
// file in the output folder and keeps one block per variant in memory, so its memory must
// stay flat while it replicates: the soak reports the least-squares slope of memory against
// replications in that phase (a leak shows as bytes per replication) and how far the largest
// sample rises above the first, then what writing the files adds.
import Foundation

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

let replications = Int(option("--replications") ?? "") ?? 100_000
let households = Int(option("--households") ?? "") ?? 200
let interval = Double(option("--interval") ?? "") ?? 0.25
let binary = option("--binary") ?? ".build/release/dixian"
let output = option("--write")

func shell(_ command: String) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try? process.run()
    process.waitUntilExit()
    return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Resident memory of process `pid` in bytes (`VmRSS` of /proc/PID/status), nil once it is gone.
func residentBytes(_ pid: Int32) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        if fields.count >= 2, let kilobytes = Int(fields[1]) { return kilobytes * 1024 }
    }
    return nil
}

// A small scenario: `households` three-person households in 20 villages of 沧源, every
// default shock and policy on, written as a household file and a scenario file.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dixian-soak-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
var csv = "id,county,township,village,size,laborers,migrants,status,wage_migrant,transfer,prod_tea\n"
for i in 0..<households {
    csv += "h\(i),cangyuan,t\(i % 4),v\(i % 20),3,2,1,exited,9000,1000,\(4_000 + 37 * i)\n"
}
try csv.write(to: folder.appendingPathComponent("households.csv"), atomically: true, encoding: .utf8)
try "name: soak\npopulation: {file: households.csv}\nreplications: \(replications)\n"
    .write(to: folder.appendingPathComponent("soak.yaml"), atomically: true, encoding: .utf8)

/// The memory guard's estimate for the run, as `dixian run` states it when refusing a run
/// that needs more than `--max-memory` (nil if the message is not found).
func guardEstimate() -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["run", "soak.yaml", "--out", "guard", "--threads", "2", "--max-memory", "1K", "--quiet"]
    process.currentDirectoryURL = folder
    let pipe = Pipe()
    process.standardError = pipe
    process.standardOutput = FileHandle.nullDevice
    try? process.run()
    process.waitUntilExit()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    guard let start = text.range(of: "needs about "), let end = text.range(of: " of memory", range: start.upperBound..<text.endIndex)
    else { return nil }
    return String(text[start.upperBound..<end.lowerBound])
}
let estimate = guardEstimate()

let process = Process()
process.executableURL = URL(fileURLWithPath: binary)
// Checkpoints every 5 s (the default is 60): a long run saves several, each of every
// replication so far, read back from the spill file and written piece by piece.
let checkpointInterval = Double(option("--checkpoint-interval") ?? "") ?? 5
process.arguments = [
    "run", "soak.yaml", "--out", "out", "--quiet", "--checkpoint-interval",
    String(format: "%g", checkpointInterval),
]
process.currentDirectoryURL = folder
process.standardOutput = FileHandle.nullDevice
let out = folder.appendingPathComponent("out").path

/// Whether the run has begun writing its files: `summary.csv`, the first, or its temporary file exists.
func writingStarted() -> Bool {
    ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).contains { $0.contains("summary.csv") }
}

/// Bytes of the run's unlinked spill file (a `(deleted)` descriptor named `.dixian-figures-…`), 0 if none.
func spillBytes(_ pid: Int32) -> Int {
    let fds = "/proc/\(pid)/fd"
    for name in (try? FileManager.default.contentsOfDirectory(atPath: fds)) ?? [] {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: fds + "/" + name)) ?? ""
        if target.contains(".dixian-figures-") {
            var info = stat()
            if stat(fds + "/" + name, &info) == 0 { return Int(info.st_size) }
        }
    }
    return 0
}

let start = Date()
try process.run()
var samples: [(seconds: Double, bytes: Int, writing: Bool)] = []
var spilled = 0
while process.isRunning {
    let writing = writingStarted()
    if let bytes = residentBytes(process.processIdentifier) {
        samples.append((Date().timeIntervalSince(start), bytes, writing))
    }
    if !writing { spilled = max(spilled, spillBytes(process.processIdentifier)) }
    Thread.sleep(forTimeInterval: interval)
}
process.waitUntilExit()
let wall = Date().timeIntervalSince(start)
guard process.terminationStatus == 0, samples.count >= 3 else {
    print("the soak run failed (status \(process.terminationStatus), \(samples.count) samples)")
    exit(1)
}
// The true peak (getrusage of the finished child), not just the largest sample.
var usage = rusage()
getrusage(RUSAGE_CHILDREN.rawValue, &usage)
let peak = usage.ru_maxrss * 1024

// The replications run from the first sample after start-up (the population read, the
// workers made) to the last sample before the files are begun. The slope of memory against
// time there, by least squares, at that phase's rate (replications / its length), gives the
// growth per replication: flat memory is about 0.
let startup = samples.firstIndex { $0.seconds >= interval } ?? 0
let writingStart = samples.firstIndex { $0.writing } ?? samples.count
let replicating = Array(samples[startup..<max(startup + 1, writingStart)])
let n = Double(replicating.count)
let meanT = replicating.reduce(0) { $0 + $1.seconds } / n
let meanB = replicating.reduce(0) { $0 + Double($1.bytes) } / n
let sxy = replicating.reduce(0) { $0 + ($1.seconds - meanT) * (Double($1.bytes) - meanB) }
let sxx = replicating.reduce(0) { $0 + ($1.seconds - meanT) * ($1.seconds - meanT) }
let bytesPerSecond = sxx > 0 ? sxy / sxx : 0
let replicatingSeconds = max((replicating.last?.seconds ?? interval) - samples[0].seconds, interval)
let rate = Double(replications) / replicatingSeconds
let bytesPerReplication = bytesPerSecond / rate

func mb(_ bytes: Double) -> String { String(format: "%.0f", bytes / 1e6) }
func mb(_ bytes: Int) -> String { mb(Double(bytes)) }
let first = replicating[0], lastReplicating = replicating.last!
let largestReplicating = replicating.max { $0.bytes < $1.bytes }!
let largestWriting = samples[writingStart...].max { $0.bytes < $1.bytes }
let last = samples.last!
// The floor, below the passing rises of checkpoint saves (which last longer as the run goes
// on: each writes every replication so far): the lowest sample of the first and of the last
// quarter of the replicating samples. A leak lifts the floor; a save does not.
let quarter = max(1, replicating.count / 4)
let firstQuarter = replicating.prefix(quarter).map(\.bytes).min()!
let lastQuarter = replicating.suffix(quarter).map(\.bytes).min()!
let writingSeconds = writingStart < samples.count ? wall - samples[writingStart].seconds : 0
// Memory over time: twelve points while the replications run (where a leak or a checkpoint
// spike would show), then six while the files are written.
func points(_ range: Range<Int>, _ count: Int) -> [Int] {
    guard !range.isEmpty else { return [] }
    return Array(Set((0..<count).map { range.lowerBound + $0 * (range.count - 1) / max(count - 1, 1) })).sorted()
}
let profile = (points(startup..<writingStart, 12) + points(writingStart..<samples.count, 6)).map { i in
    "| \(String(format: "%.2f", samples[i].seconds)) | \(mb(samples[i].bytes)) | \(samples[i].writing ? "writing the files" : "replicating") |"
}
let rows = [
    "| replications | \(replications) |",
    "| households | \(households) (one variant, 2021–2025, every default shock and policy) |",
    "| wall time | \(String(format: "%.1f", wall)) s: replications for the first \(String(format: "%.0f", replicatingSeconds)) s (\(String(format: "%.0f", rate)) a second), then \(String(format: "%.1f", writingSeconds)) s writing the files |",
    "| samples | \(samples.count), every \(String(format: "%g", interval)) s; a checkpoint saved every \(String(format: "%g", checkpointInterval)) s |",
    "| figures spilled to the output folder | \(mb(spilled)) MB (unlinked file, gone with the run) |",
    "| first sample after start-up (at \(String(format: "%.1f", first.seconds)) s) | \(mb(first.bytes)) MB |",
    "| last sample while replicating (at \(String(format: "%.1f", lastReplicating.seconds)) s) | \(mb(lastReplicating.bytes)) MB |",
    "| largest sample while replicating (at \(String(format: "%.1f", largestReplicating.seconds)) s) | \(mb(largestReplicating.bytes)) MB (\(String(format: "%+.0f", Double(largestReplicating.bytes - first.bytes) / 1e6)) MB over the first) |",
    "| lowest sample of the first and of the last quarter while replicating | \(mb(firstQuarter)) MB and \(mb(lastQuarter)) MB (\(String(format: "%+.1f", Double(lastQuarter - firstQuarter) / 1e6)) MB) |",
    "| slope while replicating (least squares) | \(String(format: "%+.1f", bytesPerReplication)) bytes per replication (\(String(format: "%+.3f", bytesPerSecond / 1e6)) MB/s) |",
    "| largest sample while writing the files\(largestWriting.map { " (at \(String(format: "%.1f", $0.seconds)) s)" } ?? "") | \(largestWriting.map { mb($0.bytes) + " MB" } ?? "no sample") |",
    "| last sample (at \(String(format: "%.1f", last.seconds)) s) | \(mb(last.bytes)) MB |",
    "| peak (getrusage) | \(mb(Int(peak))) MB |",
    "| the memory guard's estimate (`--threads 2`) | \(estimate ?? "not found") |",
]
let report = rows.joined(separator: "\n")
print(report)

if let output {
    let cpu = shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2")
    let commit = shell("git rev-parse --short HEAD")
    let measured = """
        <!-- soak:begin (written by make soak) -->
        Machine: \(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores. Commit \(commit). \(Date().formatted(.iso8601)).

        | measure | value |
        |---|---|
        \(report)

        Resident memory over the run:

        | seconds | MB | phase |
        |---|---|---|
        \(profile.joined(separator: "\n"))
        <!-- soak:end -->
        """
    var text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    if let begin = text.range(of: "<!-- soak:begin"), let end = text.range(of: "<!-- soak:end -->") {
        text.replaceSubrange(begin.lowerBound..<end.upperBound, with: measured)
    } else {
        text += "\n" + measured + "\n"
    }
    try text.write(toFile: output, atomically: true, encoding: .utf8)
    print("wrote \(output)")
}

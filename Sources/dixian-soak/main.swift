// `make soak`: a long run of a small scenario (10^5 replications by default) through the
// real `dixian` binary, its resident memory sampled from /proc/PID/status every 0.25 s,
// written to docs/reliability.md between markers. Not a test: measured, never asserted.
//
// A run keeps every replication's figures until the end (quantiles, exceedance curves and
// replications.csv need them all), so its memory grows by exactly those figures — 1,668
// doubles per replication and variant — and by nothing else. The soak reports the growth
// it sees against that: any excess is a leak.
import DixianEngine
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

/// Bytes the run keeps per replication and variant: its figures (metric × period × group,
/// spending by payer × county × period, relapses by cause × period, MODEL.md §5) as doubles,
/// for the soak scenario's years 2021–2025: what the memory guard counts too (Simulator+Memory.swift).
let storedBytesPerReplication = 8 * OutcomeLayout(years: Array(2021...2025)).figuresPerReplication

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

let process = Process()
process.executableURL = URL(fileURLWithPath: binary)
// Checkpoints every 5 s (the default is 60): a long run saves several, each of every
// replication so far, and saving must not add to the memory (it is written piece by piece).
let checkpointInterval = Double(option("--checkpoint-interval") ?? "") ?? 5
process.arguments = [
    "run", "soak.yaml", "--out", "out", "--quiet", "--checkpoint-interval",
    String(format: "%g", checkpointInterval),
]
process.currentDirectoryURL = folder
process.standardOutput = FileHandle.nullDevice
let start = Date()
try process.run()
var samples: [(seconds: Double, bytes: Int)] = []
while process.isRunning {
    if let bytes = residentBytes(process.processIdentifier) {
        samples.append((Date().timeIntervalSince(start), bytes))
    }
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

// The replications run while memory grows: from the first sample after start-up (the
// population read, the workers made) to the first sample within 1% of the largest (the
// figures all kept; writing the files adds only passing buffers). The slope of memory
// against time there, by least squares, at that phase's rate (replications / its length),
// gives the growth per replication, compared with the figures the run keeps.
let maxSample = samples.map(\.bytes).max()!
let startup = samples.firstIndex { $0.seconds >= interval } ?? 0
let plateau = samples.firstIndex { Double($0.bytes) >= 0.99 * Double(maxSample) } ?? samples.count - 1
let growth = Array(samples[startup...max(startup, plateau)])
let n = Double(growth.count)
let meanT = growth.reduce(0) { $0 + $1.seconds } / n
let meanB = growth.reduce(0) { $0 + Double($1.bytes) } / n
let sxy = growth.reduce(0) { $0 + ($1.seconds - meanT) * (Double($1.bytes) - meanB) }
let sxx = growth.reduce(0) { $0 + ($1.seconds - meanT) * ($1.seconds - meanT) }
let bytesPerSecond = sxx > 0 ? sxy / sxx : 0
let growthSeconds = max(growth.last!.seconds - samples[0].seconds, interval)
let rate = Double(replications) / growthSeconds
let bytesPerReplication = bytesPerSecond / rate
let excess = bytesPerReplication - Double(storedBytesPerReplication)

func mb(_ bytes: Double) -> String { String(format: "%.0f", bytes / 1e6) }
let first = samples[startup], last = samples.last!
// Memory over time: twelve points while the replications run (where a leak or a checkpoint
// spike would show), then six while the files are written.
func points(_ range: Range<Int>, _ count: Int) -> [Int] {
    guard !range.isEmpty else { return [] }
    return (0..<count).map { range.lowerBound + $0 * (range.count - 1) / max(count - 1, 1) }
}
let growthEnd = min(plateau + 1, samples.count)
let profile = (points(0..<growthEnd, 12) + points(growthEnd..<samples.count, 6)).map { i in
    "| \(String(format: "%.2f", samples[i].seconds)) | \(mb(Double(samples[i].bytes))) |"
}
let rows = [
    "| replications | \(replications) |",
    "| households | \(households) (one variant, 2021–2025, every default shock and policy) |",
    "| wall time | \(String(format: "%.1f", wall)) s, replications for the first \(String(format: "%.0f", growthSeconds)) s (\(String(format: "%.0f", rate)) a second) |",
    "| samples | \(samples.count), every \(String(format: "%g", interval)) s; a checkpoint saved every \(String(format: "%g", checkpointInterval)) s |",
    "| first sample after start-up (at \(String(format: "%.1f", first.seconds)) s) | \(mb(Double(first.bytes))) MB |",
    "| last sample (at \(String(format: "%.1f", last.seconds)) s) | \(mb(Double(last.bytes))) MB |",
    "| largest sample | \(mb(Double(maxSample))) MB |",
    "| peak (getrusage) | \(mb(Double(peak))) MB |",
    "| slope while replicating (least squares) | \(String(format: "%.0f", bytesPerReplication)) bytes per replication (\(String(format: "%.1f", bytesPerSecond / 1e6)) MB/s) |",
    "| figures kept per replication | \(storedBytesPerReplication) bytes |",
    "| growth beyond the figures kept | \(String(format: "%+.0f", excess)) bytes per replication (\(String(format: "%+.1f", 100 * excess / Double(storedBytesPerReplication)))%) |",
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

        | seconds | MB |
        |---|---|
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

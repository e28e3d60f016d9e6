import Foundation
import GSL

/// The value after `name` on the command line, if any.
func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

/// Peak resident memory of this process so far, bytes (getrusage reports kilobytes on Linux).
func peakMemory() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) * 1024
}

/// CPU time used by this process so far, seconds (user + system, every thread). On a
/// shared machine wall time includes waiting for a core; CPU time does not.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

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

/// The machine, commit and date line that heads every table the benchmarks write.
func machineLine() -> String {
    let cpu = shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2")
    let commit = shell("git rev-parse --short HEAD")
    return "Machine: \(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores. Commit \(commit). \(Date().formatted(.iso8601))."
}

/// Replaces the text between `<!-- NAME:begin` and `<!-- NAME:end -->` in the Markdown file
/// at `path` with `measured` (which carries both markers); appends it when the markers are
/// missing, so the rest of the document is kept.
func writeBetweenMarkers(_ name: String, _ measured: String, to path: String) throws {
    var text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "# Performance\n"
    if let begin = text.range(of: "<!-- \(name):begin"), let end = text.range(of: "<!-- \(name):end -->") {
        text.replaceSubrange(begin.lowerBound..<end.upperBound, with: measured)
    } else {
        text += (text.hasSuffix("\n") ? "\n" : "\n\n") + measured + "\n"
    }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// This process's memory as Linux reports it in `/proc/self/status`.
enum ProcessMemory {
    /// Resident set size now, bytes (`VmRSS`).
    static var resident: Int { status("VmRSS") }

    /// Peak resident set size since start or since the last ``resetPeak()``, bytes (`VmHWM`).
    static var peak: Int { status("VmHWM") }

    /// Resets the peak to the current resident size (writes 5 to `/proc/self/clear_refs`,
    /// Linux ≥ 4.0); returns false when the kernel refuses.
    @discardableResult
    static func resetPeak() -> Bool {
        (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    }

    private static func status(_ key: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            let kilobytes = line.dropFirst(key.count + 1).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 0
            return kilobytes * 1024
        }
        return 0
    }

    /// Memory the kernel could give without swapping, bytes (`MemAvailable` of `/proc/meminfo`).
    static var available: Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            return line.dropFirst(13).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}

/// What this machine charges for the draws issue 3's speed targets are framed in, ns a draw
/// (CPU time, best of three rounds of 2·10^7): GSL's ziggurat normal
/// (`gsl_ran_gaussian_ziggurat`) and its uniform, on `mt19937`, the baseline's generator.
/// The issue puts the ziggurat at 7–10 ns on the machine its targets were set for: the
/// line lets figures from different machines be read side by side. Then the floor of a
/// household-year: the two volatility factors every household-year draws (MODEL.md §3.5),
/// as the shock tape draws them — the engine's inlined copy of the ziggurat (GSL's numbers,
/// `RandomGenerator.normal`) twice, and the exponentials in one SIMD sweep per block of
/// households — which no engine drawing the model's shocks can go below.
func drawCostLine() throws -> String {
    let rng = try RandomGenerator(name: "mt19937", seed: 2_385)
    let draws = 20_000_000
    let block = 100_000
    var ziggurat = Double.infinity
    var uniform = Double.infinity
    var factors = Double.infinity
    var sink = 0.0
    let exponents = UnsafeMutableBufferPointer<Float>.allocate(capacity: 2 * block)
    defer { exponents.deallocate() }
    for _ in 0..<3 {
        var start = cpuSeconds()
        for _ in 0..<draws { sink += rng.gaussian() }
        ziggurat = min(ziggurat, (cpuSeconds() - start) / Double(draws) * 1e9)
        start = cpuSeconds()
        for _ in 0..<draws { sink += rng.uniform() }
        uniform = min(uniform, (cpuSeconds() - start) / Double(draws) * 1e9)
        // Household-years in blocks: σ z − σ²/2 for wages and for production (the
        // baseline's σ), as Floats, then exp over the block.
        start = cpuSeconds()
        for _ in 0..<(draws / (2 * block)) {
            for i in 0..<block {
                exponents[i] = Float(0.10 * rng.normal() - 0.005)
                exponents[block + i] = Float(0.25 * rng.normal() - 0.03125)
            }
            SinglePrecision.exp(inPlace: exponents)
            sink += Double(exponents[0] + exponents[2 * block - 1])
        }
        factors = min(factors, (cpuSeconds() - start) / Double(draws / 2) * 1e9)
    }
    // Read, so that the draws are not optimised away.
    precondition(sink.isFinite)
    return String(
        format: "Draw costs on this machine (CPU time, best of three): GSL's ziggurat normal on mt19937 "
            + "%.1f ns, its uniform %.1f ns (issue 3 puts the ziggurat at 7–10 ns on the machine of its targets). "
            + "The two volatility factors every household-year draws (§3.5: two normals from the engine's "
            + "inlined copy of the ziggurat and their exponentials, as the shock tape draws them) cost %.1f ns, "
            + "so no engine drawing them can pass %.1f M household-years a second per core here, before any other "
            + "work (the target with every policy off allows 33 ns).",
        ziggurat, uniform, factors, 1e3 / factors)
}

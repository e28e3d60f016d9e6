import Foundation

/// `make bench-scale` (issue 7): strong scaling from one process to two, and weak scaling by
/// population scale, written between `<!-- bench-scale:begin` and `<!-- bench-scale:end -->`
/// of docs/performance.md.
///
/// - Strong scaling: the Lincang baseline (scale 1) with a fixed number of replications, as
///   `mpirun -n 1` and `mpirun -n 2` of the MPI build (`--mpi-dixian`, one thread per rank),
///   whole jobs timed from start to exit (population, MPI start-up and output files
///   included); without an MPI build, one process with one thread and with two. Each is
///   run twice, alternately, and the shorter time kept. Efficiency = T₁ / (2 × T₂).
/// - Weak scaling: the baseline at each population scale in its own process
///   (`dixian-bench measure`), time per household-year and peak memory; fewer replications
///   at larger scales. Memory is extrapolated from the previous scale (set-up and each
///   worker, per household, plus 5%): a scale that would not fit in 95% of the memory
///   available now runs on fewer threads, as `dixian run` does, or is skipped with a note.
///
/// Options: `--write FILE`; `--threads N` (weak scaling, default all cores); `--scales
/// 1,10,100,300`; `--replications-by-scale 1:40,10:8,100:8,300:8`; `--strong-replications
/// 80`; `--mpi-dixian PATH` (the MPI build; without it, threads); `--max-memory NG` (a cap in
/// gigabytes below the memory available, on a machine shared with others); `--skip-strong`,
/// `--skip-weak` (the file keeps the other part's previous text only if run separately: the
/// part skipped is left out).
enum ScaleBench {
    /// Replications per scale of the weak-scaling runs: about the same work at scales 1
    /// and 10, a few at national size — enough that each of two workers runs several: a
    /// worker's first replication pays for first touching its state (docs/performance.md,
    /// "Time at national size"), which two replications on two threads would measure alone.
    static let defaultReplications: [Double: Int] = [1: 40, 10: 8, 100: 8, 300: 8]

    static func main() throws {
        let output = option("--write")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let threads = Int(option("--threads") ?? "") ?? cores
        let scales = (option("--scales") ?? "1,10,100,300").split(separator: ",").compactMap { Double($0) }
        let strongReplications = Int(option("--strong-replications") ?? "") ?? 80
        var replications = defaultReplications
        for pair in (option("--replications-by-scale") ?? "").split(separator: ",") {
            let parts = pair.split(separator: ":")
            if parts.count == 2, let s = Double(parts[0]), let r = Int(parts[1]) { replications[s] = r }
        }
        let mpiDixian = option("--mpi-dixian").flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
        let loadBefore = loadAverage()

        var strong: [String] = []
        if !CommandLine.arguments.contains("--skip-strong") {
            strong = try strongScaling(mpiDixian: mpiDixian, replications: strongReplications)
        }
        // A cap below the memory available, for a machine shared with others (`--max-memory 14G`).
        let cap = option("--max-memory").flatMap { Double($0.dropLast()) }.map { Int($0 * Double(1 << 30)) }
        let (weak, memory) = CommandLine.arguments.contains("--skip-weak")
            ? ([], []) : try weakScaling(scales: scales, replications: replications, threads: threads, memoryCap: cap)
        let loadAfter = loadAverage()

        let measured = """
            <!-- bench-scale:begin (written by make bench-scale) -->
            \(machineLine()) Load average (1 min) \(loadBefore) before the first run (other work on the \
            machine: near 0 when idle), \(loadAfter) at the end (this benchmark's own runs included).

            \(strong.joined(separator: "\n"))

            Weak scaling: the Lincang baseline (every policy on, 2021–2025) at each population scale, \
            each scale in its own process (`dixian-bench measure`). The run's wall time includes \
            the workers' set-up (copying the columns each reads and allocating its state, done \
            again by every `Simulator.run` call, so once per checkpoint batch of a long run), \
            timed alone in the next column. Time per household-year = run time × threads / \
            (households × years × replications); household-years per second per core with and \
            without the set-up, in brackets against scale \(format(scales.first ?? 1)).

            | scale | households | villages | replications | threads | population build (s) | run (s) | worker set-up (s) | ns per household-year per core | M household-years/s/core | without set-up | M household-years/CPU-s | outputs (s) |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|
            \(weak.joined(separator: "\n"))

            Memory: the process's peak, then by step in resident bytes per household (the \
            engine's estimate in brackets, `Simulator.memoryEstimate`): the population once \
            built, the engine's set-up (household table, policy selections), each worker thread \
            during the run (peak of the run less what the set-up left, divided by the threads); \
            then the peaks of the population build and of the run, above the program's own \
            resident memory (about 25 MB, which weighs at scale 1).

            | scale | threads | peak memory (MB) | peak bytes per household | population | set-up | per worker | population build peak | run peak |
            |---|---|---|---|---|---|---|---|---|
            \(memory.joined(separator: "\n"))
            <!-- bench-scale:end -->
            """
        print(measured)
        if let output {
            try writeBetweenMarkers("bench-scale", measured, to: output)
            print("wrote \(output)")
        }
    }

    // MARK: Strong scaling

    static func strongScaling(mpiDixian: String?, replications: Int) throws -> [String] {
        var lines: [String] = []
        if let mpiDixian {
            let work = NSTemporaryDirectory() + "dixian-bench-strong-\(ProcessInfo.processInfo.processIdentifier)"
            defer { try? FileManager.default.removeItem(atPath: work) }
            var mpirun = ["mpirun", "--oversubscribe"]
            if getuid() == 0 { mpirun.append("--allow-run-as-root") }
            func job(_ ranks: Int, _ round: Int) throws -> (wall: Double, cpu: Double) {
                let out = "\(work)/n\(ranks)-\(round)"
                let arguments = mpirun + ["-n", "\(ranks)", mpiDixian, "run", "--replications", "\(replications)",
                                          "--threads", "1", "--quiet", "--out", out]
                let times = try timed(arguments, environment: [
                    "OMPI_MCA_btl": "self,vader", "OMPI_MCA_btl_vader_single_copy_mechanism": "none",
                ])
                print(String(format: "strong: mpirun -n %d, round %d: %.2f s, CPU %.2f s, load %@", ranks, round,
                             times.wall, times.cpu, loadAverage()))
                return times
            }
            var one: [(wall: Double, cpu: Double)] = [], two: [(wall: Double, cpu: Double)] = []
            for round in 1...2 {
                one.append(try job(1, round))
                two.append(try job(2, round))
            }
            let same = sameCSVFiles("\(work)/n1-1", "\(work)/n2-1")
            let (t1, t2) = (one.map(\.wall).min()!, two.map(\.wall).min()!)
            let (c1, c2) = (one.map(\.cpu).min()!, two.map(\.cpu).min()!)
            func walls(_ runs: [(wall: Double, cpu: Double)]) -> String {
                runs.map { String(format: "%.2f", $0.wall) }.joined(separator: ", ")
            }
            lines.append("""
                Strong scaling with MPI: `mpirun -n 1` against `mpirun -n 2` of the MPI build (one thread \
                per rank, `OMPI_MCA_btl=self,vader`), `dixian run --replications \(replications)` of the \
                Lincang baseline, whole jobs (population, MPI start-up, output files); shorter of two runs \
                each. CPU time is every process's user + system time: equal CPU times mean the second \
                rank adds no work, so that on an idle machine the wall-time efficiency reaches the CPU one.

                | launch | wall time (s), runs | kept (s) | efficiency T₁ / (2 × T₂) | CPU time (s) | CPU efficiency C₁ / C₂ | CSV files of -n 2 = -n 1 |
                |---|---|---|---|---|---|---|
                | `mpirun -n 1` | \(walls(one)) | \(String(format: "%.2f", t1)) | — | \(String(format: "%.2f", c1)) | — | — |
                | `mpirun -n 2` | \(walls(two)) | \(String(format: "%.2f", t2)) | \(String(format: "%.0f%%", 100 * t1 / (2 * t2))) | \(String(format: "%.2f", c2)) | \(String(format: "%.0f%%", 100 * c1 / c2)) | \(same ? "yes" : "NO") |
                """)
        } else {
            func run(_ threads: Int) throws -> (wall: Double, cpu: Double) {
                let m = try measure(scale: 1, replications: replications, threads: threads)
                print(String(format: "strong: 1 process, %d thread(s): %.2f s, CPU %.2f s, load %@", threads,
                             m.runSeconds, m.runCPUSeconds, loadAverage()))
                return (m.runSeconds, m.runCPUSeconds)
            }
            var one: [(wall: Double, cpu: Double)] = [], two: [(wall: Double, cpu: Double)] = []
            for _ in 1...2 {
                one.append(try run(1))
                two.append(try run(2))
            }
            let (t1, t2) = (one.map(\.wall).min()!, two.map(\.wall).min()!)
            let (c1, c2) = (one.map(\.cpu).min()!, two.map(\.cpu).min()!)
            func walls(_ runs: [(wall: Double, cpu: Double)]) -> String {
                runs.map { String(format: "%.2f", $0.wall) }.joined(separator: ", ")
            }
            lines.append("""
                Strong scaling with threads (no MPI build was given: `make bench-scale` without Open MPI): \
                one process with `--threads 1` against `--threads 2`, \(replications) replications of the \
                Lincang baseline, the run alone; shorter of two runs each, CPU time as user + system time.

                | threads | wall time (s), runs | kept (s) | efficiency T₁ / (2 × T₂) | CPU time (s) | CPU efficiency C₁ / C₂ |
                |---|---|---|---|---|---|
                | 1 | \(walls(one)) | \(String(format: "%.2f", t1)) | — | \(String(format: "%.2f", c1)) | — |
                | 2 | \(walls(two)) | \(String(format: "%.2f", t2)) | \(String(format: "%.0f%%", 100 * t1 / (2 * t2))) | \(String(format: "%.2f", c2)) | \(String(format: "%.0f%%", 100 * c1 / c2)) |
                """)
        }
        return lines
    }

    // MARK: Weak scaling

    static func weakScaling(
        scales: [Double], replications: [Double: Int], threads: Int, memoryCap: Int?
    ) throws -> (rows: [String], memory: [String]) {
        var rows: [String] = [], memory: [String] = []
        // Bytes per household held once and per worker, until the first scale is measured.
        var setUpPerHousehold = 150.0, workerPerHousehold = 300.0
        var reference: (total: Double, steady: Double)? = nil
        for scale in scales {
            let r = replications[scale] ?? max(threads, Int((40 / scale).rounded()))
            let households = 99_749 * scale
            func needed(_ t: Int) -> Int {
                Int((setUpPerHousehold + Double(t) * workerPerHousehold) * households * 1.05) + (100 << 20)
            }
            var t = threads
            if let available = [ProcessMemory.available, memoryCap.map { $0 / 19 * 20 }].compactMap({ $0 }).min() {
                while t > 1 && needed(t) > available / 20 * 19 { t -= 1 }
                if needed(t) > available / 20 * 19 {
                    let line = "| \(format(scale)) | ≈\(Int(households)) | | \(r) | | skipped: needs ≈\(needed(t) >> 20) MB, "
                        + "\(available >> 20) MB available | | | | | | | |"
                    memory.append("| \(format(scale)) | | skipped | | | | | | |")
                    print(line)
                    rows.append(line)
                    continue
                }
            }
            let m = try measure(scale: scale, replications: r, threads: t)
            let n = Double(m.households)
            let threads = t
            let perCore = m.householdYears / m.runSeconds / Double(threads)
            let steady = m.householdYears / (m.runSeconds - m.workerSetUpSeconds) / Double(threads)
            reference = reference ?? (perCore, steady)
            func relative(_ x: Double, _ y: Double) -> String { String(format: "%.2f (%.0f%%)", x / 1e6, 100 * x / y) }
            let line = String(
                format: "| %@ | %d | %d | %d | %d | %.1f | %.1f | %.2f | %.0f | %@ | %@ | %.2f | %.1f |", format(scale),
                m.households, m.villages, m.replications, threads, m.populationSeconds, m.runSeconds,
                m.workerSetUpSeconds, 1e9 / perCore, relative(perCore, reference!.total),
                relative(steady, reference!.steady), m.householdYears / m.runCPUSeconds / 1e6, m.writeSeconds)
            print(line)
            rows.append(line)

            let setUp = m.estimate["household table", default: 0] + m.estimate["policy selections", default: 0]
            let perWorkerEstimate = (m.estimate["shock tape generators", default: 0] + m.estimate["shock tape", default: 0]
                + m.estimate["variant simulations", default: 0]) / max(1, threads)
            let afterSetUp = m.startBytes + m.populationBytes + m.simulatorBytes
            let perWorker = Double(m.runPeakBytes - afterSetUp) / Double(max(1, threads))
            setUpPerHousehold = Double(afterSetUp) / n
            workerPerHousehold = perWorker / n
            func cell(_ measured: Double, _ estimated: Int) -> String {
                String(format: "%.0f (%.0f)", measured / n, Double(estimated) / n)
            }
            let memoryLine = String(
                format: "| %@ | %d | %.0f | %.0f | ", format(scale), threads, Double(m.processPeakBytes) / 1e6,
                Double(m.processPeakBytes) / n)
                + "\(cell(Double(m.populationBytes), m.estimate["population", default: 0])) | "
                + "\(cell(Double(m.simulatorBytes), setUp)) | \(cell(perWorker, perWorkerEstimate)) | "
                + String(format: "%.0f | %.0f |", Double(m.populationPeakBytes - m.startBytes) / n,
                         Double(m.runPeakBytes - m.startBytes) / n)
            print(memoryLine)
            memory.append(memoryLine)
        }
        return (rows, memory)
    }

    // MARK: Processes

    /// Runs `dixian-bench measure` in a process of its own (so that its peak memory is its own).
    static func measure(scale: Double, replications: Int, threads: Int) throws -> ScaleMeasurement {
        let pipe = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["measure", "--scale", format(scale), "--replications", "\(replications)",
                             "--threads", "\(threads)"]
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("dixian-bench measure --scale \(format(scale)) failed (status \(process.terminationStatus))")
        }
        return try JSONDecoder().decode(ScaleMeasurement.self, from: data)
    }

    /// Wall seconds of a command, from start to exit, and the CPU seconds (user + system) of
    /// it and every process it waited for (`RUSAGE_CHILDREN`); throws if it fails.
    static func timed(_ arguments: [String], environment: [String: String]) throws -> (wall: Double, cpu: Double) {
        func childCPU() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_CHILDREN.rawValue, &usage)
            func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
            return seconds(usage.ru_utime) + seconds(usage.ru_stime)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let cpuStart = childCPU()
        let started = Date()
        try process.run()
        process.waitUntilExit()
        let wall = Date().timeIntervalSince(started)
        guard process.terminationStatus == 0 else {
            throw BenchError("\(arguments.joined(separator: " ")) failed (status \(process.terminationStatus))")
        }
        return (wall, childCPU() - cpuStart)
    }

    /// Whether two output folders hold the same CSV files, byte for byte.
    static func sameCSVFiles(_ a: String, _ b: String) -> Bool {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: a)) ?? []).filter { $0.hasSuffix(".csv") }
        return !names.isEmpty && names.allSatisfy {
            FileManager.default.contentsEqual(atPath: a + "/" + $0, andPath: b + "/" + $0)
        }
    }

    /// The 1-minute load average (`/proc/loadavg`).
    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").first.map(String.init) ?? "?"
    }

    static func format(_ scale: Double) -> String {
        scale == scale.rounded() ? String(Int(scale)) : String(scale)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import DixianModel
import Foundation

/// The page `dixian batch` writes for a batch with Sobol sweeps (issue 6): for each sweep,
/// its design and parameter ranges, then per headline figure the first-order and
/// total-effect sensitivity indices as bars with their bootstrap 95% intervals, and a table
/// of the same numbers.
///
/// Like `report.html` it holds its CSS and its SVG charts, has no script, loads nothing,
/// prints to A4 (one sweep per page) and is written in Chinese or English. Its bytes
/// depend only on its inputs: it carries no time.
public enum SensitivityReport {
    /// The batch the page describes.
    public struct Batch: Sendable {
        public var batchID: String
        /// The catalog's path, as given on the command line.
        public var catalog: String
        /// Runs of the batch, sweep points included.
        public var runs: Int
        public var programVersion: String
        public var gslVersion: String
        /// Bootstrap resamples behind the intervals.
        public var resamples: Int

        public init(batchID: String, catalog: String, runs: Int, programVersion: String, gslVersion: String, resamples: Int) {
            self.batchID = batchID
            self.catalog = catalog
            self.runs = runs
            self.programVersion = programVersion
            self.gslVersion = gslVersion
            self.resamples = resamples
        }
    }

    /// One Sobol sweep and its indices.
    public struct Sweep: Sendable {
        public var file: String
        public var scenarioName: String
        public var description: String
        /// N, the base samples of Saltelli's design.
        public var samples: Int
        /// Design points (N·(k + 2)).
        public var runs: Int
        /// Replications per design point.
        public var replications: Int
        public var seed: UInt64
        /// The variant whose figures the indices are of (the first).
        public var variant: String
        /// The varied parameters, in design order.
        public var parameters: [DixianModel.Sweep.RangeParameter]
        /// Per figure (`summary.csv` metric name) and parameter, in that order.
        public var indices: [Index]

        public init(
            file: String, scenarioName: String, description: String, samples: Int, runs: Int, replications: Int,
            seed: UInt64, variant: String, parameters: [DixianModel.Sweep.RangeParameter], indices: [Index]
        ) {
            self.file = file
            self.scenarioName = scenarioName
            self.description = description
            self.samples = samples
            self.runs = runs
            self.replications = replications
            self.seed = seed
            self.variant = variant
            self.parameters = parameters
            self.indices = indices
        }
    }

    /// One parameter's indices for one figure, with their 95% intervals; nil when undefined.
    public struct Index: Sendable {
        public var metric: String
        public var parameter: String
        public var firstOrder: Double?
        public var firstOrderLow: Double?
        public var firstOrderHigh: Double?
        public var totalEffect: Double?
        public var totalEffectLow: Double?
        public var totalEffectHigh: Double?

        public init(
            metric: String, parameter: String, firstOrder: Double?, firstOrderLow: Double?, firstOrderHigh: Double?,
            totalEffect: Double?, totalEffectLow: Double?, totalEffectHigh: Double?
        ) {
            self.metric = metric
            self.parameter = parameter
            (self.firstOrder, self.firstOrderLow, self.firstOrderHigh) = (firstOrder, firstOrderLow, firstOrderHigh)
            (self.totalEffect, self.totalEffectLow, self.totalEffectHigh) = (totalEffect, totalEffectLow, totalEffectHigh)
        }
    }

    /// The page.
    public static func html(batch: Batch, sweeps: [Sweep], language: Outputs.Language) -> String {
        var page = SensitivityPage(batch: batch, sweeps: sweeps, language: language)
        return page.render()
    }
}

/// Builds the sensitivity page section by section.
private struct SensitivityPage {
    let batch: SensitivityReport.Batch
    let sweeps: [SensitivityReport.Sweep]
    let t: ReportText
    let fmt: NumberFormat
    var out = ""

    init(batch: SensitivityReport.Batch, sweeps: [SensitivityReport.Sweep], language: Outputs.Language) {
        self.batch = batch
        self.sweeps = sweeps
        t = ReportText(language: language)
        fmt = NumberFormat(language: language)
    }

    func e(_ s: String) -> String { HTML.escape(s) }

    mutating func render() -> String {
        out += "<!DOCTYPE html>\n<html lang=\"\(t.htmlLanguage)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(e(t.sensitivityTitle)) · \(e(batch.batchID))</title>\n<style>\n\(ReportPage.css)</style>\n</head>\n<body>\n<main>\n"
        out += "<header>\n<h1>\(e(t.sensitivityTitle))</h1>\n<p class=\"sub\">\(e(t.sensitivitySubtitle))</p>\n"
        out += "<p class=\"run\">\(e(t.batchLine(batch: batch.batchID, runs: fmt.integer(batch.runs), sweeps: sweeps.count)))</p>\n"
        out += "<nav><strong>\(e(t.contents))</strong><ol>"
        for (i, s) in sweeps.enumerated() { out += "<li><a href=\"#sweep-\(i + 1)\">\(e(t.sweepHeading(s.scenarioName)))</a></li>" }
        out += "<li><a href=\"#method\">\(e(t.methodHeading))</a></li></ol></nav>\n</header>\n"
        for (i, s) in sweeps.enumerated() { sweep(s, id: "sweep-\(i + 1)") }
        method()
        out += "<footer>\(e(t.sensitivityFooter(catalog: batch.catalog)))</footer>\n</main>\n</body>\n</html>\n"
        return out
    }

    mutating func table(_ header: [String], _ rows: [[String]], numeric: Set<Int>, cls: String? = nil) {
        out += HTML.table(header, rows, numeric: numeric, cls: cls)
    }

    /// A parameter bound: as many decimals as it needs (up to six), so `0.005` and `3,800`.
    func bound(_ x: Double) -> String {
        var digits = 0
        func whole(_ d: Int) -> Bool {
            let scaled = x * pow(10, Double(d))
            return abs(scaled - scaled.rounded()) <= 1e-9 * max(1, abs(scaled))
        }
        while digits < 6 && !whole(digits) { digits += 1 }
        return fmt.fixed(x, digits: digits)
    }

    func index(_ x: Double?) -> String { x.map { fmt.fixed($0, digits: 3) } ?? "–" }
    func interval(_ lo: Double?, _ hi: Double?) -> String {
        guard let lo, let hi else { return "–" }
        return fmt.fixed(lo, digits: 3) + " – " + fmt.fixed(hi, digits: 3)
    }

    mutating func sweep(_ s: SensitivityReport.Sweep, id: String) {
        out += "<section id=\"\(id)\">\n<h2>\(e(t.sweepHeading(s.scenarioName)))</h2>\n"
        if !s.description.isEmpty { out += "<p class=\"desc\">\(e(s.description))</p>\n" }
        out += "<p class=\"note\">\(e(t.sweepDesign(file: s.file, samples: fmt.integer(s.samples), parameters: s.parameters.count, runs: fmt.integer(s.runs), replications: fmt.integer(s.replications), seed: String(s.seed))))</p>\n"
        out += "<h3>\(e(t.parameterRanges))</h3>\n"
        table([t.parameterColumn, t.minimum, t.maximum].map(localParens),
              s.parameters.map { ["<code>\(e($0.keyPath))</code>", bound($0.min), bound($0.max)] }, numeric: [1, 2], cls: "narrow")
        var metrics: [String] = []
        for i in s.indices where !metrics.contains(i.metric) { metrics.append(i.metric) }
        for metric in metrics {
            let rows = s.indices.filter { $0.metric == metric }
            out += "<h3>\(e(t.sensitivityMetric(metric)))</h3>\n"
            out += "<p class=\"note\">\(e(t.sensitivityMetricNote(metric, variant: s.variant)))</p>\n"
            let bars = rows.map { r in
                Charts.SensitivityRow(
                    label: r.parameter,
                    firstOrder: r.firstOrder.map { Charts.Estimate(mean: $0, low: r.firstOrderLow, high: r.firstOrderHigh) },
                    totalEffect: r.totalEffect.map { Charts.Estimate(mean: $0, low: r.totalEffectLow, high: r.totalEffectHigh) })
            }
            out += "<figure>\(Charts.sensitivity(rows: bars, seriesNames: (t.firstOrderName, t.totalEffectName), undefined: t.undefinedIndex, axisLabel: t.varianceShare, format: fmt, title: t.sensitivityMetric(metric) + " · " + s.scenarioName))</figure>\n"
            table([t.parameterColumn, t.firstOrderColumn, t.ci95, t.totalEffectColumn, t.ci95].map(localParens),
                  rows.map { r in
                      ["<code>\(e(r.parameter))</code>", index(r.firstOrder), interval(r.firstOrderLow, r.firstOrderHigh),
                       index(r.totalEffect), interval(r.totalEffectLow, r.totalEffectHigh)]
                  }, numeric: [1, 2, 3, 4])
        }
        out += "<aside class=\"read\"><strong>\(e(t.howToRead))</strong> \(e(t.sensitivityHowToRead))</aside>\n"
        out += "</section>\n"
    }

    mutating func method() {
        out += "<section id=\"method\">\n<h2>\(e(t.methodHeading))</h2>\n"
        table([t.pick("项目", "Item"), t.pick("取值", "Value")], [
            [e(t.batchLabel), "<code>\(e(batch.batchID))</code>"],
            [e(t.catalogLabel), e(batch.catalog)],
            [e(t.runsLabel), fmt.integer(batch.runs)],
            [e(t.estimatorsLabel), e(t.estimatorsText)],
            [e(t.bootstrapLabel), e(t.bootstrapText(resamples: fmt.integer(batch.resamples)))],
            [e(t.program), "Dixian " + e(batch.programVersion)],
            [e(t.gsl), e(batch.gslVersion)],
        ], numeric: [], cls: "kv")
        out += "</section>\n"
    }

    /// Full-width parentheses in Chinese, plain ones in English.
    func localParens(_ s: String) -> String {
        t.language == .zh ? s : s.replacingOccurrences(of: "（", with: " (").replacingOccurrences(of: "）", with: ")")
    }
}

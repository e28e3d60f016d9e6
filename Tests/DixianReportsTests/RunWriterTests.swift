import DixianEngine
import DixianModel
import DixianReports
import Foundation
import Testing

@Suite struct RunWriterTests {
    /// The headers promised by INTERFACE.md, written out here (not taken from the code) so
    /// that a renamed column fails the test.
    static let headers = [
        "summary.csv": "variant,metric,year,group,mean,sd,se,ci_low,ci_high,q05,q50,q95,q99,replications",
        "replications.csv":
            "variant,replication,year,relapse_households,relapse_persons,new_poverty_households,"
            + "at_risk_households,monitored_households,found_share,detection_lag_months,village_breaches,"
            + "township_breaches,any_village_breach,spending_total,poor_while_monitored_households,"
            + "new_poverty_persons",
        "exceedance.csv": "variant,metric,period,n,probability",
        "villages.csv": "variant,county,township,village,breach_probability,ci_low,ci_high,mean_relapse_rate",
        "townships.csv": "variant,county,township,breach_probability,ci_low,ci_high,mean_relapse_rate",
        "causes.csv": "variant,year,cause,mean_households,share",
        "spending.csv": "variant,year,county,instrument,mean,ci_low,ci_high",
        "comparison.csv":
            "variant,baseline,metric,year,mean_difference,ci_low,ci_high,extra_cost,cost_per_relapse_averted,"
            + "cost_per_relapse_averted_ci_low,cost_per_relapse_averted_ci_high,replications",
    ]

    func written(
        formats: Set<OutputFormat> = [.csv, .json], edit: (inout RunResult) -> Void = { _ in }
    ) throws -> (folder: String, result: RunResult, population: Population) {
        var (result, population) = try ReportFixtures.run()
        edit(&result)
        let folder = try ReportFixtures.temporaryFolder()
        try RunWriter.write(
            result, population: population, metadata: ReportFixtures.metadata(), formats: formats, to: folder)
        return (folder, result, population)
    }

    @Test func everyFileHasItsExactHeader() throws {
        let (folder, _, _) = try written()
        defer { ReportFixtures.remove(folder) }
        for (name, header) in Self.headers {
            let text = try ReportFixtures.text(folder, name)
            #expect(text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) == header, "\(name)")
            #expect(text.hasSuffix("\n") && !text.contains("\r"), "\(name) ends lines with \\n only")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == (Array(Self.headers.keys) + ["manifest.json", "summary.json"]).sorted())
    }

    @Test func onlyTheRequestedFormats() throws {
        let (folder, _, _) = try written(formats: [.json])
        defer { ReportFixtures.remove(folder) }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == ["manifest.json", "summary.json"])
    }

    @Test func summaryRecomputesFromReplicationsCSV() throws {
        let (folder, result, _) = try written()
        defer { ReportFixtures.remove(folder) }
        let replications = try ReportFixtures.records(folder, "replications.csv")
        let summary = try ReportFixtures.records(folder, "summary.csv")
        #expect(replications.count == 2 * 12 * 4)
        var checked = 0
        for variant in result.variantNames {
            for metric in Metric.allCases {
                for year in ["2021", "2022", "2023", "all"] {
                    let values = replications.filter { $0["variant"] == variant && $0["year"] == year }
                        .compactMap { $0[metric.rawValue].flatMap(Double.init) }
                    let row = summary.first {
                        $0["variant"] == variant && $0["metric"] == metric.rawValue && $0["year"] == year
                            && $0["group"] == "all"
                    }
                    guard !values.isEmpty else {
                        #expect(row == nil, "\(variant) \(metric) \(year): no replication defines it")
                        continue
                    }
                    let s = SummaryStatistics(values, isEvent: metric.isEvent)
                    let expected: [String: Double?] = [
                        "mean": s.mean, "sd": s.sd, "se": s.se, "ci_low": s.ciLow, "ci_high": s.ciHigh,
                        "q05": s.q05, "q50": s.q50, "q95": s.q95, "q99": s.q99, "replications": Double(values.count),
                    ]
                    for (column, value) in expected {
                        // Full precision: the text reads back to the same double.
                        #expect(row?[column].flatMap(Double.init) == value, "\(variant) \(metric) \(year) \(column)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 0 && checked == summary.filter { $0["group"] == "all" }.count)
        // Rows come in variant, metric, year, group order; groups in OutcomeGroup.every order.
        let groups = summary.prefix(while: { $0["metric"] == "relapse_households" && $0["year"] == "2021" })
            .map { $0["group"]! }
        #expect(groups.first == "all")
        #expect(groups == OutcomeGroup.every.map(\.name).filter { groups.contains($0) })
    }

    @Test func wholeNumbersHaveNoFraction() throws {
        let (folder, _, _) = try written()
        defer { ReportFixtures.remove(folder) }
        let replications = try ReportFixtures.records(folder, "replications.csv")
        for row in replications {
            #expect(!row["relapse_households"]!.contains("."))
            #expect(!row["any_village_breach"]!.contains("."))
        }
    }

    @Test func undefinedValuesAreEmptyAndRowsNoneDefinesAreLeftOut() throws {
        let (folder, result, _) = try written { result in
            // found_share 2021 undefined in replication 0 only; group dibao 2021 in all.
            ReportFixtures.set(&result.materializedOutcomes[0][0], .foundShare, period: 0, group: .all, to: .nan)
            for i in result.materializedOutcomes[0].indices {
                ReportFixtures.set(&result.materializedOutcomes[0][i], .foundShare, period: 0, group: .dibao, to: .nan)
            }
        }
        defer { ReportFixtures.remove(folder) }
        #expect(result.materializedOutcomes[0][0].value(.foundShare, period: 0).isNaN)
        #expect(result.materializedOutcomes[0][5].value(.foundShare, period: 0, group: .dibao).isNaN)
        let replications = try ReportFixtures.records(folder, "replications.csv")
        let first = replications.first { $0["variant"] == "baseline" && $0["replication"] == "0" && $0["year"] == "2021" }
        #expect(first?["found_share"] == "")
        let summary = try ReportFixtures.records(folder, "summary.csv")
        let row = summary.first {
            $0["variant"] == "baseline" && $0["metric"] == "found_share" && $0["year"] == "2021" && $0["group"] == "all"
        }
        let defined = result.materializedOutcomes[0].dropFirst().map { $0.value(.foundShare, period: 0) }.filter { !$0.isNaN }
        #expect(row?["mean"].flatMap(Double.init) == SummaryStatistics(defined).mean)
        #expect(!summary.contains {
            $0["variant"] == "baseline" && $0["metric"] == "found_share" && $0["year"] == "2021" && $0["group"] == "dibao"
        })
        // JSON: null where CSV is empty, same rows and keys.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json")))
        let records = try #require(json as? [[String: Any]])
        #expect(records.count == summary.count)
        // One record a line: the numbers are the CSV's text exactly. (Compared as text:
        // Foundation's JSON parser on Linux may round the last digit differently.)
        let jsonText = try ReportFixtures.text(folder, "summary.json")
        let lines = jsonText.split(separator: "\n").dropFirst().dropLast()
        #expect(lines.count == summary.count)
        let textColumns: Set = ["variant", "metric", "year", "group"]
        for ((record, line), csvRow) in zip(zip(records, lines), summary) {
            #expect(Set(record.keys) == Set(csvRow.keys))
            for (key, text) in csvRow {
                if text.isEmpty {
                    #expect(record[key] is NSNull, "\(key) empty in CSV, null in JSON")
                    #expect(line.contains("\"\(key)\":null"))
                } else if textColumns.contains(key) {
                    #expect(record[key] as? String == text, "\(key)")
                } else {
                    #expect(line.contains("\"\(key)\":\(text),") || line.contains("\"\(key)\":\(text)}"), "\(key)")
                }
            }
        }
    }

    @Test func eventsGetExactBinomialIntervals() throws {
        let (folder, result, _) = try written()
        defer { ReportFixtures.remove(folder) }
        let summary = try ReportFixtures.records(folder, "summary.csv")
        let row = try #require(summary.first {
            $0["variant"] == "baseline" && $0["metric"] == "any_village_breach" && $0["year"] == "all"
                && $0["group"] == "all"
        })
        let breaches = result.materializedOutcomes[0].filter { $0.value(.anyVillageBreach, period: result.layout.allPeriod) != 0 }.count
        let interval = BinomialInterval.exact(successes: breaches, trials: 12)
        #expect(Double(row["ci_low"]!) == interval.low)
        #expect(Double(row["ci_high"]!) == interval.high)
        #expect(Double(row["mean"]!) == Double(breaches) / 12)
    }

    @Test func binomialIntervalAgreesWithSummaryStatistics() {
        for (k, n) in [(0, 12), (3, 12), (12, 12), (1, 1), (7, 250)] {
            let vector = (0..<n).map { $0 < k ? 1.0 : 0.0 }
            let s = SummaryStatistics(vector, isEvent: true)
            let interval = BinomialInterval.exact(successes: k, trials: n)
            #expect(s.ciLow == interval.low && s.ciHigh == interval.high, "\(k)/\(n)")
        }
    }

    @Test func villagesFromTheTallies() throws {
        let (folder, result, population) = try written()
        defer { ReportFixtures.remove(folder) }
        let table = ReportFixtures.readCSV(try ReportFixtures.text(folder, "villages.csv"))
        // Grouped by county in County.allCases order, then township and village as in the population.
        let expectedOrder = [
            ["linxiang", "t2", "vC"], ["gengma", "t1", "vB"], ["cangyuan", "t0", "vA"], ["cangyuan", "t0", "vD"],
            ["cangyuan", "t3", "村\"1\",A"],
        ]
        #expect(table.rows.count == 2 * 5)
        #expect(table.rows.prefix(5).map { Array($0[1...3]) } == expectedOrder)
        #expect(table.rows.suffix(5).allSatisfy { $0[0] == "strict, high" })
        let exited = ["vA": 20, "vB": 10, "vC": 0, "vD": 6, "村\"1\",A": 4]
        for row in table.rows {
            let v = result.variantNames.firstIndex(of: row[0])!
            let village = Int(population.geography.villageIndex(row[3], township: row[2], county: County(rawValue: row[1])!)!)
            let breaches = Int(result.places[v].villageBreaches[village])
            let interval = BinomialInterval.exact(successes: breaches, trials: 12)
            let n = exited[row[3]]!
            if n == 0 {
                // No exited household: no breach possible, nothing estimated.
                #expect(breaches == 0 && row[4...7].allSatisfy(\.isEmpty), "\(row)")
            } else {
                #expect(Double(row[4]) == Double(breaches) / 12)
                #expect(Double(row[5]) == interval.low && Double(row[6]) == interval.high)
                #expect(Double(row[7]) == Double(result.places[v].villageRelapsed[village]) / Double(n * 3 * 12))
            }
        }
        // The fixture makes relapses happen: the test would be empty otherwise.
        #expect(result.places[0].villageRelapsed.reduce(0, +) > 0)
        #expect(result.places[0].villageBreaches.reduce(0, +) > 0)
    }

    @Test func townshipsFromTheTallies() throws {
        let (folder, result, population) = try written()
        defer { ReportFixtures.remove(folder) }
        let table = ReportFixtures.readCSV(try ReportFixtures.text(folder, "townships.csv"))
        // Grouped by county in County.allCases order, then townships as in the population.
        let expectedOrder = [["linxiang", "t2"], ["gengma", "t1"], ["cangyuan", "t0"], ["cangyuan", "t3"]]
        #expect(table.rows.count == 2 * 4)
        #expect(table.rows.prefix(4).map { Array($0[1...2]) } == expectedOrder)
        let exited = ["t0": 26, "t1": 10, "t2": 0, "t3": 4]
        let geography = population.geography
        for row in table.rows {
            let v = result.variantNames.firstIndex(of: row[0])!
            let t = geography.townships.firstIndex { $0.code == row[2] && $0.county.rawValue == row[1] }!
            let breaches = Int(result.places[v].townshipBreaches[t])
            let interval = BinomialInterval.exact(successes: breaches, trials: 12)
            if exited[row[2]]! == 0 {
                #expect(breaches == 0 && row[3...5].allSatisfy(\.isEmpty), "\(row)")
            } else {
                #expect(Double(row[3]) == Double(breaches) / 12)
                #expect(Double(row[4]) == interval.low && Double(row[5]) == interval.high)
            }
            // A township's relapses are its villages'.
            let villages = geography.villages.indices.filter { Int(geography.villages[$0].township) == t }
            let relapsed = villages.reduce(Int64(0)) { $0 + result.places[v].villageRelapsed[$1] }
            #expect(result.places[v].townshipRelapsed[t] == relapsed)
            let n = exited[row[2]]!
            #expect(n == 0 ? row[6] == "" : Double(row[6]) == Double(relapsed) / Double(n * 3 * 12))
        }
        #expect(result.places[0].townshipBreaches.reduce(0, +) > 0)
    }

    @Test func causesAndSpending() throws {
        let (folder, result, _) = try written()
        defer { ReportFixtures.remove(folder) }
        let causes = try ReportFixtures.records(folder, "causes.csv")
        #expect(causes.count == 2 * 4 * RelapseCause.allCases.count)
        for variant in result.variantNames {
            let v = result.variantNames.firstIndex(of: variant)!
            for (period, year) in ["2021", "2022", "2023", "all"].enumerated() {
                let rows = causes.filter { $0["variant"] == variant && $0["year"] == year }
                #expect(rows.map { $0["cause"]! } == RelapseCause.allCases.map(\.rawValue))
                for (row, cause) in zip(rows, RelapseCause.allCases) {
                    let values = result.materializedOutcomes[v].map { $0.relapses(cause: cause, period: period) }
                    let mean = CompensatedSum.of(values) / 12
                    #expect(Double(row["mean_households"]!) == mean)
                }
                let shares = rows.compactMap { $0["share"].flatMap(Double.init) }
                if shares.isEmpty {
                    #expect(rows.allSatisfy { Double($0["mean_households"]!) == 0 })
                } else {
                    #expect(abs(shares.reduce(0, +) - 1) < 1e-12)
                }
            }
        }
        let spending = try ReportFixtures.records(folder, "spending.csv")
        #expect(spending.count == 2 * 4 * County.allCases.count * SpendingItem.allCases.count)
        #expect(Set(spending.map { $0["instrument"]! }) == Set(SpendingItem.allCases.map(\.rawValue)))
        #expect(Set(spending.map { $0["county"]! }) == Set(County.allCases.map(\.rawValue)))
    }

    @Test func exceedanceOfCountsOnly() throws {
        let (folder, result, _) = try written()
        defer { ReportFixtures.remove(folder) }
        let rows = try ReportFixtures.records(folder, "exceedance.csv")
        #expect(Set(rows.map { $0["metric"]! }) == Set(Metric.allCases.filter(\.isCount).map(\.rawValue)))
        let relapses = rows.filter {
            $0["variant"] == "baseline" && $0["metric"] == "relapse_households" && $0["period"] == "2022"
        }
        let curve = ExceedanceCurve(result.materializedOutcomes[0].map { $0.value(.relapseHouseholds, period: 1) })
        #expect(relapses.map { Double($0["n"]!)! } == curve.points.map(\.n))
        #expect(relapses.map { Double($0["probability"]!)! } == curve.points.map(\.probability))
    }

    @Test func manifestIsCompleteAndLast() throws {
        let (folder, result, _) = try written()
        defer { ReportFixtures.remove(folder) }
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(manifest["complete"] as? Bool == true)
        #expect(manifest["scenario_sha256"] as? String == SHA256.hex(of: ReportFixtures.canonicalScenario))
        #expect(manifest["scenario_name"] as? String == "test")
        let scenario = try #require(manifest["resolved_scenario"] as? NSDictionary)
        let original = try JSONSerialization.jsonObject(with: Data(ReportFixtures.canonicalScenario.utf8)) as! NSDictionary
        #expect(scenario == original)
        let text = try ReportFixtures.text(folder, "manifest.json")
        #expect(text.contains("\"seed\": 18446744073709551557"), "the 64-bit seed keeps every digit")
        #expect(text.contains("\"start_time\": \"2023-11-14T22:13:20.125Z\""))
        let replications = try #require(manifest["replications"] as? [String: Any])
        #expect(replications["count"] as? Int == 12 && replications["first"] as? Int == 0 && replications["last"] as? Int == 11)
        #expect(manifest["variants"] as? [String] == result.variantNames)
        let files = try #require(manifest["files"] as? [[String: Any]])
        #expect(files.map { $0["name"] as? String } == RunWriter.fileNames(for: [.csv, .json], variants: 2))
        let manifestDate = try FileManager.default.attributesOfItem(atPath: folder + "/manifest.json")[.modificationDate] as! Date
        for file in files {
            let name = file["name"] as! String
            let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/" + name)
            #expect((attributes[.size] as? NSNumber)?.intValue == file["bytes"] as? Int, "\(name) size")
            #expect((attributes[.modificationDate] as! Date) <= manifestDate, "\(name) before the manifest")
        }
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func sameInputsSameBytes() throws {
        let (result, population) = try ReportFixtures.run()
        let folders = try (0..<2).map { _ in try ReportFixtures.temporaryFolder() }
        defer { folders.forEach(ReportFixtures.remove) }
        for folder in folders {
            try RunWriter.write(
                result, population: population, metadata: ReportFixtures.metadata(), formats: [.csv, .json],
                to: folder)
        }
        for name in RunWriter.fileNames(for: [.csv, .json], variants: 2) + ["manifest.json"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: folders[0] + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: folders[1] + "/" + name))
            #expect(a == b, "\(name)")
        }
        // A second run of the engine on another thread count writes the same files too.
        let simulatorAgain = try ReportFixtures.run(threads: 3)
        let third = try ReportFixtures.temporaryFolder()
        defer { ReportFixtures.remove(third) }
        try RunWriter.write(
            simulatorAgain.0, population: simulatorAgain.1, metadata: ReportFixtures.metadata(), formats: [.csv],
            to: third)
        #expect(try ReportFixtures.text(third, "summary.csv") == ReportFixtures.text(folders[0], "summary.csv"))
    }

    @Test func shardKeepsAbsoluteReplicationNumbers() throws {
        let (result, population) = try ReportFixtures.run(replications: 5..<8)
        let folder = try ReportFixtures.temporaryFolder()
        defer { ReportFixtures.remove(folder) }
        try RunWriter.write(
            result, population: population, metadata: ReportFixtures.metadata(), formats: [.csv], to: folder)
        let rows = try ReportFixtures.records(folder, "replications.csv")
        #expect(Set(rows.map { $0["replication"]! }) == ["5", "6", "7"])
    }

    @Test func folderThatIsAFileLeavesNoManifest() throws {
        let (result, population) = try ReportFixtures.run()
        let folder = try ReportFixtures.temporaryFolder()
        defer { ReportFixtures.remove(folder) }
        let file = folder + "/occupied"
        try "x".write(toFile: file, atomically: false, encoding: .utf8)
        #expect(throws: (any Error).self) {
            try RunWriter.write(
                result, population: population, metadata: ReportFixtures.metadata(), formats: [.csv, .json], to: file)
        }
        #expect(!FileManager.default.fileExists(atPath: file + "/manifest.json"))
    }

    @Test func failurePartWayRemovesTheOldManifest() throws {
        let (result, population) = try ReportFixtures.run()
        let folder = try ReportFixtures.temporaryFolder()
        defer { ReportFixtures.remove(folder) }
        try RunWriter.write(
            result, population: population, metadata: ReportFixtures.metadata(), formats: [.csv], to: folder)
        #expect(FileManager.default.fileExists(atPath: folder + "/manifest.json"))
        // villages.csv becomes a non-empty folder: the rename over it fails after three files are written.
        try FileManager.default.removeItem(atPath: folder + "/villages.csv")
        try FileManager.default.createDirectory(atPath: folder + "/villages.csv/x", withIntermediateDirectories: true)
        #expect(throws: (any Error).self) {
            try RunWriter.write(
                result, population: population, metadata: ReportFixtures.metadata(), formats: [.csv], to: folder)
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/manifest.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func inputsThatDoNotFitAreRefusedBeforeWriting() throws {
        let (result, _) = try ReportFixtures.run()
        let folder = try ReportFixtures.temporaryFolder()
        defer { ReportFixtures.remove(folder) }
        var other = Population()
        other.append(Household(id: "x", county: .yongde, township: "t", village: "v", size: 1, laborers: 0, migrants: 0, status: .exited))
        #expect(throws: RunWriterError.populationMismatch(places: "villages", inResult: 5, inPopulation: 1)) {
            try RunWriter.write(result, population: other, metadata: ReportFixtures.metadata(), formats: [.csv], to: folder)
        }
        var metadata = ReportFixtures.metadata()
        metadata.resolvedScenario = "[1, 2]"
        #expect(throws: RunWriterError.scenarioNotJSONObject) {
            try RunWriter.write(
                result, population: ReportFixtures.population(), metadata: metadata, formats: [.csv], to: folder)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func estimatedSizesBoundTheFilesWritten() throws {
        // The output-size guard refuses a run whose files would not fit: its estimate must
        // not fall short of any file written, and must stay of the same order (here within
        // 4× for the tables that grow with replications, whose counts are short numbers).
        let (folder, result, population) = try written(formats: [.csv, .json])
        defer { ReportFixtures.remove(folder) }
        let estimate = RunWriter.estimatedSizes(
            variants: result.variantNames, years: result.layout.years, replications: result.replications.count,
            lastReplication: result.replications.upperBound - 1, population: population, formats: [.csv, .json],
            drill: false, resolvedScenario: ReportFixtures.metadata().resolvedScenario)
        let names = Set(estimate.map(\.name))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names == Set(files), "every file written is estimated, and only those")
        for (name, bytes) in estimate {
            let actual = try FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int ?? 0
            #expect(actual <= bytes, "\(name): \(actual) written, \(bytes) estimated")
            if name == "replications.csv" || name == "villages.csv" {
                #expect(bytes <= 4 * actual, "\(name): \(actual) written, \(bytes) estimated")
            }
        }
    }
}

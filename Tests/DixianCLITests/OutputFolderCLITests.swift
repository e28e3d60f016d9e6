import Foundation
import Testing

/// What a run leaves in its output folder, and what it says about it: the files named on the
/// terminal are the files written, a reused folder keeps no earlier run's files, a folder that
/// cannot be made is said to be one.
@Suite struct OutputFolderCLITests {
    /// A folder with `households.csv` (60 households of Gengma, fast in a debug build) and
    /// `name.yaml` holding `scenario` after a header naming the file.
    static func folder(_ name: String, _ scenario: String) throws -> URL {
        let folder = try CLITests.temporaryFolder()
        try CLITests.writeHouseholds(60, in: folder, county: "gengma", townships: 2, villages: 6, step: 37)
        try ("name: \(name)\npopulation: {file: households.csv}\nyears: {start: 2021, end: 2022}\n" + scenario)
            .write(to: folder.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    static func files(_ folder: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
    }

    @Test func anOutputFolderThatCannotBeMadeIsSaidToBeOne() throws {
        // /proc takes no new folder, and its file system has no free space: the reason is the
        // first, not the second.
        guard FileManager.default.fileExists(atPath: "/proc/self") else { return }
        let folder = try Self.folder("nowhere", "replications: 2\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let refused = try CLITests.dixian(["run", "nowhere.yaml", "--out", "/proc/nope/out"], in: folder)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("cannot make the output folder /proc/nope/out"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("free"), "\(refused.stderr)")
    }

    static let variants = """
        variants:
          - name: current
          - name: no-monitoring
            set: {policies.monitoring.enabled: false}

        """

    /// The closing line names only files written; a drill writes drill.csv whatever its formats.
    @Test func theClosingLineNamesOnlyFilesWrittenAndADrillAlwaysWritesItsMonths() throws {
        let folder = try Self.folder("html-only", "replications: 3\noutputs: {formats: [html]}\n" + Self.variants)
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = try CLITests.dixian(["compare", "html-only.yaml", "--out", "html"], in: folder)
        #expect(html.status == 0, "\(html.stderr)")
        #expect(!Self.files(folder.appendingPathComponent("html")).contains("comparison.csv"))
        #expect(html.stdout.hasSuffix("Results in html/ (report.html)\n"), "\(html.stdout)")

        try "extends: html-only.yaml\nname: json-only\noutputs: {formats: [json]}\n"
            .write(to: folder.appendingPathComponent("json-only.yaml"), atomically: true, encoding: .utf8)
        let json = try CLITests.dixian(["compare", "json-only.yaml", "--out", "json"], in: folder)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.hasSuffix("Results in json/\n"), "\(json.stdout)")

        // A drill with JSON alone: its months are in drill.csv all the same, listed in the manifest.
        try """
            extends: json-only.yaml
            name: drill-json
            drill:
              events:
                - {hazard: earthquake, county: gengma, year: 2022, month: 5, villages: 0.5, loss: 0.6}

            """.write(to: folder.appendingPathComponent("drill-json.yaml"), atomically: true, encoding: .utf8)
        let drill = try CLITests.dixian(["drill", "drill-json.yaml", "--out", "drill"], in: folder)
        #expect(drill.status == 0, "\(drill.stderr)")
        let out = folder.appendingPathComponent("drill")
        #expect(Self.files(out) == ["drill.csv", "summary.json", "manifest.json"], "\(Self.files(out))")
        #expect(drill.stdout.hasSuffix("Results in drill/ (drill.csv)\n"), "\(drill.stdout)")
        // `run` of a drill writes its months too, and says so.
        let run = try CLITests.dixian(["run", "drill-json.yaml", "--out", "run"], in: folder)
        #expect(run.stdout.contains("\nResults in run/ (drill.csv)\n"), "\(run.stdout)")
        let months = try String(contentsOf: out.appendingPathComponent("drill.csv"), encoding: .utf8)
        #expect(months.split(separator: "\n").count == 1 + 2 * 8, "May to December 2022, two variants")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let listed = (manifest["files"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(listed == ["drill.csv", "summary.json"])

        // --json: the run's object with the files written and each variant's timeline.
        let printed = try CLITests.dixian(["drill", "drill-json.yaml", "--out", "drill", "--json"], in: folder)
        #expect(printed.status == 0, "\(printed.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
        #expect(object["files"] as? [String] == ["drill.csv", "summary.json"])
        #expect(object["output_dir"] as? String == "drill" && object["replications"] as? Int == 3)
        let timelines = try #require(object["drill"] as? [[String: Any]])
        #expect(timelines.map { $0["variant"] as? String } == ["current", "no-monitoring"])
        let first = try #require(timelines.first?["months"] as? [[String: Any]])
        #expect(first.count == 8 && first.first?["month"] as? String == "2022-05")
        #expect(Set(first[0].keys) == [
            "month", "at_risk_households", "found_since_start", "helped_since_start", "relapsing_households",
            "relapsed_since_start", "village_breaches", "spending_since_start",
        ])
    }

    /// A run into a folder holding an earlier run's files removes those it does not write
    /// (Dixian's file names only) once its own are in place.
    @Test func aReusedFolderKeepsNoEarlierRunsFiles() throws {
        let folder = try Self.folder("with-variants", "replications: 3\n" + Self.variants)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try CLITests.dixian(["run", "with-variants.yaml", "--out", "out", "--quiet"], in: folder).status == 0)
        let out = folder.appendingPathComponent("out")
        #expect(Self.files(out).isSuperset(of: ["comparison.csv", "report.html"]))
        // The user's own files stay, whatever their names, as does a folder named like an output.
        try "mine".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(
            at: out.appendingPathComponent("drill.csv"), withIntermediateDirectories: false)

        try "name: plain\npopulation: {file: households.csv}\nyears: {start: 2021, end: 2022}\nreplications: 3\noutputs: {formats: [csv]}\n"
            .write(to: folder.appendingPathComponent("plain.yaml"), atomically: true, encoding: .utf8)
        let plain = try CLITests.dixian(["run", "plain.yaml", "--out", "out", "--quiet"], in: folder)
        #expect(plain.status == 0, "\(plain.stderr)")
        let csv: Set = [
            "summary.csv", "replications.csv", "exceedance.csv", "villages.csv", "townships.csv", "causes.csv",
            "spending.csv",
        ]
        #expect(Self.files(out) == csv.union(["manifest.json", "notes.txt", "drill.csv"]), "\(Self.files(out))")

        // A shard's archive goes when a whole run is written over the shard.
        let shard = try CLITests.dixian(["run", "plain.yaml", "--shard", "1/2", "--out", "part", "--quiet"], in: folder)
        #expect(shard.status == 0 && Self.files(folder.appendingPathComponent("part")).contains("shard.bin"))
        #expect(try CLITests.dixian(["run", "plain.yaml", "--out", "part", "--quiet"], in: folder).status == 0)
        #expect(Self.files(folder.appendingPathComponent("part")) == csv.union(["manifest.json"]))

        // A folder of the user's own, with no earlier run in it: a file named like an output
        // that this run does not write is theirs, and stays.
        let own = folder.appendingPathComponent("own")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: false)
        try "mine".write(to: own.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
        #expect(try CLITests.dixian(["run", "plain.yaml", "--out", "own", "--quiet"], in: folder).status == 0)
        #expect(Self.files(own) == csv.union(["manifest.json", "report.html"]), "\(Self.files(own))")
        // Also when the run saves checkpoints there, or is a shard (its own checkpoint or archive
        // is no earlier run), or an empty shard.
        for (name, arguments) in [
            ("checkpointed", ["--checkpoint-interval", "0"]), ("shard", ["--shard", "1/2"]),
            ("empty-shard", ["--shard", "1/5", "--replications", "2"]),
        ] {
            let mine = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: false)
            for file in ["report.html", "comparison.csv"] {
                try "mine".write(to: mine.appendingPathComponent(file), atomically: true, encoding: .utf8)
            }
            let run = try CLITests.dixian(["run", "plain.yaml", "--out", name, "--quiet"] + arguments, in: folder)
            #expect(run.status == 0, "\(name): \(run.stderr)")
            #expect(Self.files(mine).isSuperset(of: ["report.html", "comparison.csv", "manifest.json"]), "\(name): \(Self.files(mine))")
        }
    }

    /// A checkpoint refused by --resume says what differs; one a run without --resume is about
    /// to replace is noted.
    @Test func aCheckpointOfAnotherRunSaysWhatDiffers() throws {
        let folder = try Self.folder("saved", "replications: 24\nseed: 11\npolicies: {monitoring: {cadre_monthly: 0.2}}\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["run", "saved.yaml", "--out", "out", "--quiet", "--threads", "1", "--checkpoint-interval", "0"]
        // Killed while saving its second checkpoint: the first, of 8 replications, is kept.
        _ = try ReliabilityCLITests.killed(at: "write:checkpoint.bin#2", arguments, in: folder)
        #expect(Self.files(folder.appendingPathComponent("out")).contains("checkpoint.bin"))

        let more = try CLITests.dixian(arguments + ["--resume", "--replications", "30"], in: folder)
        #expect(more.status == 2)
        #expect(
            more.stderr.contains(
                "the checkpoint (8 replications saved) is of 24 replications; this run asks for 30 replications: "
                    + "resume with the same "
                    + "--replications, or start again without --resume"),
            "\(more.stderr)")
        let seed = try CLITests.dixian(arguments + ["--resume", "--seed", "7"], in: folder)
        #expect(seed.status == 2)
        #expect(seed.stderr.contains("the checkpoint (8 replications saved) is of seed 11; this run's seed is 7"), "\(seed.stderr)")
        let saved = try String(contentsOf: folder.appendingPathComponent("saved.yaml"), encoding: .utf8)
        try saved.replacingOccurrences(of: "cadre_monthly: 0.2", with: "cadre_monthly: 0.3")
            .write(to: folder.appendingPathComponent("saved.yaml"), atomically: true, encoding: .utf8)
        let changed = try CLITests.dixian(arguments + ["--resume"], in: folder)
        #expect(changed.status == 2)
        #expect(
            changed.stderr.contains(
                "the checkpoint (8 replications saved) is of another scenario: "
                    + "policies.monitoring.cadre_monthly is 0.2 there, 0.3 here"),
            "\(changed.stderr)")

        // Without --resume, the run says it replaces the checkpoint (of another scenario now).
        let replaced = try CLITests.dixian(arguments, in: folder)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(
            replaced.stderr.contains("out/checkpoint.bin of an earlier, different run (8 replications) is replaced"),
            "\(replaced.stderr)")
        // Of this run: --resume would have continued it.
        _ = try ReliabilityCLITests.killed(at: "write:checkpoint.bin#2", arguments, in: folder)
        let again = try CLITests.dixian(arguments, in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            again.stderr.contains(
                "note: out/checkpoint.bin of an earlier run (8 replications) is replaced; --resume continues it instead"),
            "\(again.stderr)")
        #expect(!Self.files(folder.appendingPathComponent("out")).contains("checkpoint.bin"))

        // A checkpoint of an adaptive plan: the plan written as a scenario writes it, and
        // --replications (which replaces a plan) named as what to leave out; a path unescaped.
        try "name: adaptive\npopulation: {file: households.csv}\nyears: {start: 2021, end: 2022}\nseed: 11\n"
            .appending("replications: {max: 24, until: {relative_se: 0.0001}}\n")
            .write(to: folder.appendingPathComponent("adaptive.yaml"), atomically: true, encoding: .utf8)
        let adaptive = ["run", "adaptive.yaml", "--out", "ad", "--quiet", "--threads", "1", "--checkpoint-interval", "0"]
        _ = try ReliabilityCLITests.killed(at: "write:checkpoint.bin#2", adaptive, in: folder)
        let fixed = try CLITests.dixian(adaptive + ["--resume", "--replications", "24"], in: folder)
        #expect(
            fixed.status == 2 && fixed.stderr.contains(
                "is of replications {max: 24, min: 24, until: {relative_se: 0.0001}}; this run asks for 24 replications: "
                    + "resume without --replications (the scenario's plan), or start again"), "\(fixed.stderr)")
        let renamed = try CLITests.dixian(["run", "saved.yaml", "--out", "ad", "--quiet", "--resume"], in: folder)
        #expect(renamed.stderr.contains("outputs.dir is \"outputs/adaptive\" there, \"outputs/saved\" here"),
                "\(renamed.stderr)")
    }
}

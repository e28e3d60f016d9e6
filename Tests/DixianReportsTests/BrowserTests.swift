import DixianEngine
import DixianModel
@testable import DixianReports
import Foundation
import Synchronization
import Testing

/// `report.html` in a real browser: headless Chromium (Debian `chromium`) renders it with
/// the network shut off (every host unresolvable, a proxy on a closed port) and records
/// its network log. The test checks that the page makes no request, logs no console error,
/// keeps every chart in the rendered DOM, and paints a screenshot far fuller than a blank
/// page's. A control page with an external image and a failing script proves that the
/// checks can fail.
///
/// Skipped, with the reason printed, when Chromium is not installed; `make test` installs
/// it when it can (root on Debian), so CI runs it.
@Suite(.serialized, .enabled(if: Browser.path != nil, "chromium is not installed (apt-get install chromium fonts-wqy-microhei)"))
struct BrowserTests {
    init() {
        if Browser.path == nil { print("BrowserTests skipped: chromium is not installed") }
    }

    static let control = """
        <!DOCTYPE html><html><body><p>control</p><img src="http://example.invalid/x.png">\
        <script>undefinedFunction();</script></body></html>
        """

    @Test func theControlPageIsCaught() throws {
        let folder = try ReportFixtures.temporaryFolder()
        defer { ReportFixtures.remove(folder) }
        let file = folder + "/control.html"
        try Self.control.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Browser.load(file, in: folder)
        #expect(run.pageRequests == ["http://example.invalid/x.png"], "the external image is seen in the network log")
        #expect(run.consoleErrors.contains { $0.contains("Uncaught ReferenceError") }, "the script error is seen on the console")
    }

    @Test(arguments: Outputs.Language.allCases)
    func reportRendersOffline(_ language: Outputs.Language) throws {
        let folder = try ReportFixtures.temporaryFolder()
        defer { ReportFixtures.remove(folder) }
        let file = folder + "/report.html"
        let source = try HTMLReportTests.page(language)
        try source.write(toFile: file, atomically: true, encoding: .utf8)

        let run = try Browser.load(file, in: folder)
        #expect(run.pageRequests.isEmpty, "requests made by the page: \(run.pageRequests)")
        #expect(run.consoleErrors.isEmpty, "console: \(run.consoleErrors)")
        // Every chart survives parsing, with its shapes.
        func count(_ s: String, _ tag: String) -> Int { s.components(separatedBy: tag).count - 1 }
        #expect(count(run.dom, "<svg ") == count(source, "<svg ") && count(source, "<svg ") == 8)
        #expect(count(run.dom, "<text ") == count(source, "<text ") && count(run.dom, "<text ") > 100)
        #expect(count(run.dom, "<path ") == count(source, "<path ") && count(run.dom, "<path ") >= 7)
        #expect(count(run.dom, "<rect ") > 20)
        #expect(run.dom.contains(language == .zh ? "规模性返贫" : "large-scale relapse"))

        // A blank page of the same size compresses to almost nothing; charts and text do not.
        let (full, none) = (try Browser.screenshot(file, in: folder), try Browser.blankScreenshotBytes())
        #expect(none > 0 && full > 8 * none, "screenshot \(full) bytes against \(none) for a blank page")
    }

    /// The drill's report (timeline) and a batch's sensitivity page: offline, no console
    /// error, every chart kept with its shapes.
    @Test(arguments: [("drill", Outputs.Language.zh), ("drill", .en), ("sensitivity", .zh), ("sensitivity", .en)])
    func otherPagesRenderOffline(_ kind: String, _ language: Outputs.Language) throws {
        let folder = try ReportFixtures.temporaryFolder()
        defer { ReportFixtures.remove(folder) }
        let file = folder + "/\(kind).html"
        let source = kind == "drill" ? try HTMLReportChartsTests.drillPage(language) : SensitivityReportTests.page(language)
        try source.write(toFile: file, atomically: true, encoding: .utf8)

        let run = try Browser.load(file, in: folder)
        #expect(run.pageRequests.isEmpty, "requests made by the page: \(run.pageRequests)")
        #expect(run.consoleErrors.isEmpty, "console: \(run.consoleErrors)")
        func count(_ s: String, _ tag: String) -> Int { s.components(separatedBy: tag).count - 1 }
        // The drill: five charts of a run and the timeline; the sensitivity page: two sweeps of three figures.
        #expect(count(run.dom, "<svg ") == count(source, "<svg ") && count(source, "<svg ") == 6)
        for tag in ["<text ", "<rect ", "<line "] + (kind == "drill" ? ["<path "] : []) {
            #expect(count(run.dom, tag) == count(source, tag) && count(source, tag) > 0, "\(tag)")
        }
        let (full, none) = (try Browser.screenshot(file, in: folder), try Browser.blankScreenshotBytes())
        #expect(none > 0 && full > 8 * none, "screenshot \(full) bytes against \(none) for a blank page")
    }
}

/// CI sets `DIXIAN_REQUIRE_BROWSER=1`: there, a missing Chromium is a failure, not a skip.
@Suite struct BrowserRequirementTests {
    @Test func chromiumIsInstalledWhenRequired() {
        if ProcessInfo.processInfo.environment["DIXIAN_REQUIRE_BROWSER"].map({ !$0.isEmpty }) == true {
            #expect(Browser.path != nil, "DIXIAN_REQUIRE_BROWSER is set but chromium is not installed")
        }
    }
}

/// Runs headless Chromium on a local file.
enum Browser {
    /// The Chromium executable, if installed.
    static let path: String? = {
        let candidates = ["chromium", "chromium-browser", "google-chrome"]
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in candidates {
            for dir in directories where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }()

    struct Run {
        /// The DOM after loading (`--dump-dom`).
        var dom: String
        /// Console messages that are errors (uncaught exceptions, `console.error`, failed loads).
        var consoleErrors: [String]
        /// URLs the page asked the network for (the network log's requests whose
        /// isolation key is the page's `file://` origin; the browser's own background
        /// requests are not the page's).
        var pageRequests: [String]
    }

    /// Loads `file` with the network shut off.
    static func load(_ file: String, in folder: String) throws -> Run {
        let netLog = folder + "/netlog-\(UUID().uuidString).json"
        let (dom, log) = try chromium(["--dump-dom", "--log-net-log=\(netLog)"], file, folder)
        return Run(dom: dom, consoleErrors: consoleErrors(log), pageRequests: try pageRequests(netLog))
    }

    /// The screenshot size of an empty page, taken once.
    static func blankScreenshotBytes() throws -> Int {
        if let bytes = blankBytes.withLock({ $0 }) { return bytes }
        let folder = try ReportFixtures.temporaryFolder()
        defer { ReportFixtures.remove(folder) }
        let blank = folder + "/blank.html"
        try "<!DOCTYPE html><html><body></body></html>".write(toFile: blank, atomically: true, encoding: .utf8)
        let bytes = try screenshot(blank, in: folder)
        blankBytes.withLock { $0 = bytes }
        return bytes
    }
    private static let blankBytes = Mutex<Int?>(nil)

    /// The size in bytes of a 1000 × 2600 PNG screenshot of `file` (0 when none was written).
    /// Set `DIXIAN_KEEP_SCREENSHOTS=DIR` to keep a copy (and of the page) for looking at.
    static func screenshot(_ file: String, in folder: String) throws -> Int {
        let png = folder + "/shot-\(UUID().uuidString).png"
        _ = try chromium(["--screenshot=\(png)", "--window-size=1000,2600", "--hide-scrollbars"], file, folder)
        if let keep = ProcessInfo.processInfo.environment["DIXIAN_KEEP_SCREENSHOTS"] {
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let lang = (try? String(contentsOfFile: file, encoding: .utf8))?.contains("<html lang=\"en\"") == true ? "en" : "zh"
            try? FileManager.default.removeItem(atPath: "\(keep)/\(name)-\(lang).png")
            try? FileManager.default.copyItem(atPath: png, toPath: "\(keep)/\(name)-\(lang).png")
            try? FileManager.default.removeItem(atPath: "\(keep)/\(name)-\(lang).html")
            try? FileManager.default.copyItem(atPath: file, toPath: "\(keep)/\(name)-\(lang).html")
        }
        return (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Runs Chromium once; returns stdout and stderr. Killed after 30 s.
    static func chromium(_ arguments: [String], _ file: String, _ folder: String) throws -> (String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=\(folder)/profile-\(UUID().uuidString)",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
            "--enable-logging=stderr", "--v=0",
        ] + arguments + [URL(fileURLWithPath: file).absoluteString]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the browser runs, so that neither fills up.
        nonisolated(unsafe) var stdout = Data(), stderr = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stdout = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { stderr = err.fileHandleForReading.readDataToEndOfFile() }
        let deadline = DispatchTime.now() + 30
        DispatchQueue.global().asyncAfter(deadline: deadline) { if process.isRunning { process.terminate() } }
        process.waitUntilExit()
        group.wait()
        return (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    static func consoleErrors(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter {
            $0.contains(":CONSOLE") || $0.contains("Uncaught") || $0.contains("Failed to load resource")
        }
    }

    static func pageRequests(_ netLog: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: netLog) else { return ["(no network log written)"] }
        // Chromium may leave the log's closing brackets off when it exits quickly.
        var text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        var object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        if object == nil {
            if text.hasSuffix(",") { text.removeLast() }
            object = try? JSONSerialization.jsonObject(with: Data((text + "]}").utf8)) as? [String: Any]
        }
        guard let events = object?["events"] as? [[String: Any]] else { return ["(unreadable network log)"] }
        var urls: [String] = []
        for event in events {
            guard let params = event["params"] as? [String: Any], let url = params["url"] as? String,
                let key = params["network_isolation_key"] as? String, key.contains("file://"),
                !url.hasPrefix("file:"), !url.hasPrefix("data:")
            else { continue }
            if !urls.contains(url) { urls.append(url) }
        }
        return urls
    }
}

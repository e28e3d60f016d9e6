import Foundation
import Testing

/// `dixian run` writes `report.html`, in Chinese by default and in English with `--lang en`.
@Suite struct ReportLanguageTests {
    @Test func reportInChineseByDefaultAndEnglishWithLang() throws {
        let folder = try CLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var csv = "id,county,township,village,size,laborers,migrants,status,wage_migrant,transfer\n"
        for i in 0..<60 {
            csv += "h\(i),\(i % 2 == 0 ? "cangyuan" : "gengma"),t\(i % 3),v\(i % 6),3,2,1,exited,\(3000 + 97 * i),1500\n"
        }
        try csv.write(to: folder.appendingPathComponent("households.csv"), atomically: true, encoding: .utf8)
        let scenario = folder.appendingPathComponent("small.yaml")
        try "name: small\npopulation: {file: households.csv}\nreplications: 4\n"
            .write(to: scenario, atomically: true, encoding: .utf8)

        let zh = folder.appendingPathComponent("zh")
        let run = try CLITests.dixian(["run", scenario.path, "--out", zh.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let chinese = try String(contentsOf: zh.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(chinese.contains("<html lang=\"zh-CN\">") && chinese.contains("沧源县") && chinese.contains("规模性返贫"))

        let en = folder.appendingPathComponent("en")
        #expect(try CLITests.dixian(["run", scenario.path, "--out", en.path, "--quiet", "--lang", "en"]).status == 0)
        let english = try String(contentsOf: en.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(english.contains("<html lang=\"en\">") && english.contains("Cangyuan") && !english.contains("沧源县"))

        #expect(try CLITests.dixian(["run", scenario.path, "--lang", "fr"]).status == 2)
    }
}

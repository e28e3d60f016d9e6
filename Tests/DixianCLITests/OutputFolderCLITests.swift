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
}

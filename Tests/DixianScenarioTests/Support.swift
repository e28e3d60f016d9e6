import DixianModel
import DixianScenario
import Foundation
import Testing

/// Fixtures of this target and the repository's own scenario files.
enum Fixture {
    /// The path of `Fixtures/<name>` in the test bundle.
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
    }

    /// The repository's root, found from this source file.
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Loads `text` as if it were `name` in a fresh temporary folder, with other files beside it.
    static func load(_ text: String, as name: String = "scenario.yaml", with others: [String: String] = [:])
        throws(InputErrors) -> LoadedScenario
    {
        let folder = temporaryFolder()
        for (file, content) in others {
            try! content.write(toFile: folder + "/" + file, atomically: true, encoding: .utf8)
        }
        try! text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(file: folder + "/" + name)
    }

    /// The diagnostics of loading `text`, with the folder stripped from file names.
    static func problems(_ text: String, as name: String = "scenario.yaml", with others: [String: String] = [:])
        -> [String]
    {
        do {
            _ = try load(text, as: name, with: others)
            return []
        } catch {
            return error.diagnostics.map { d in
                var d = d
                d.location.file = URL(fileURLWithPath: d.location.file).lastPathComponent
                return d.description
            }
        }
    }

    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "dixian-scenario-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

import DixianEngine
import Foundation

extension FigureStorage {
    /// The environment variable that sets the memory budget of a run's figures (bytes, or
    /// with a unit as `--max-memory` takes them: `64M`; `0` spills every run). Meant for
    /// tests and for machines short of memory; the default is ``FigureStorage/defaultMemoryBudget``.
    static let budgetVariable = "DIXIAN_FIGURE_MEMORY"
    /// The environment variable that sets the bytes of a block of stored figures (default
    /// ``ReplicationStore/blockBytes``): with a small one, tests cross many spilled blocks in
    /// few replications.
    static let blockVariable = "DIXIAN_FIGURE_BLOCK"

    /// Where a run writing to `directory` keeps its figures: a spill file in that folder
    /// (the output-size guard has checked its space; `$TMPDIR` is often a file system in
    /// memory, and a spill file there would cost the memory it saves), the memory budget from
    /// ``budgetVariable``. The spill file is unlinked as soon as it is made.
    static func forRun(in directory: String) throws -> FigureStorage {
        var storage = FigureStorage(directory: directory)
        let environment = ProcessInfo.processInfo.environment
        func size(_ variable: String) throws -> Int? {
            guard let text = environment[variable] else { return nil }
            guard let bytes = text == "0" ? 0 : MemorySize(argument: text)?.bytes else {
                throw BadRequest("\(variable)=\(text) is not a size (bytes, or e.g. 64M, 2G)")
            }
            return bytes
        }
        if let budget = try size(budgetVariable) { storage.memoryBudget = budget }
        if let block = try size(blockVariable) { storage.blockBytes = block }
        return storage
    }
}

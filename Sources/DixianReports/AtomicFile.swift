import Foundation

/// Writes output files so that a file with its final name is always complete.
///
/// Content goes to a hidden temporary file in the same folder, is flushed, and is
/// then renamed over the final name (rename is atomic within a file system): a run
/// that fails or is killed leaves no file that looks finished.
public enum AtomicFile {
    /// Writes `data` to `path`, creating the parent folder if needed.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(temporaryName(of: url.lastPathComponent))
        do {
            try data.write(to: temporary)
            KillPoint.reached("write:" + url.lastPathComponent)
            if rename(temporary.path, url.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// The temporary name of `file` while process `pid` writes it: hidden, in the same folder.
    static func temporaryName(of file: String, pid: Int32 = ProcessInfo.processInfo.processIdentifier) -> String {
        ".\(file).partial-\(pid)"
    }

    /// Removes the temporary files of `files` in `directory` left by processes that no longer
    /// run (killed while writing): they never look finished, but they take space. A temporary
    /// file of a process still running is left alone.
    public static func removeStalePartials(of files: [String], in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for file in files {
            let prefix = "." + file + ".partial-"
            for name in names where name.hasPrefix(prefix) {
                guard let pid = Int32(name.dropFirst(prefix.count)),
                    pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) != 0, errno == ESRCH
                else { continue }
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
            }
        }
    }

    /// Writes UTF-8 text to `path`.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}

import Foundation
import Testing
@testable import DixianCLI

@Suite struct OutputGuardTests {
    static let estimate = OutputGuard.Estimate(files: [
        ("checkpoint.bin", 3 << 30), ("replications.csv", 200 << 20), ("summary.json", 9 << 20),
        ("manifest.json", 4_096),
    ])

    @Test func refusesWhenTheFilesExceedTheFreeSpaceOrTheLimit() {
        // Free space is the default limit; --max-output replaces it.
        let free = OutputGuard.problem(Self.estimate, directory: "out", limit: nil, free: 1 << 30)
        #expect(
            free
                == "the run would write about 3.2 GB to out (checkpoint.bin 3.0 GB, replications.csv 200 MB, "
                + "summary.json 9 MB, …), more than the 1.0 GB free on its file system; free some space, choose another "
                + "--out, or run fewer replications or shards (--shard K/N)")
        #expect(OutputGuard.problem(Self.estimate, directory: "out", limit: nil, free: 4 << 30) == nil)
        let limited = OutputGuard.problem(Self.estimate, directory: "out", limit: 500 << 20, free: 1 << 40)
        #expect(limited?.contains("more than the 500 MB allowed by --max-output") == true)
        #expect(
            OutputGuard.problem(Self.estimate, directory: "out", limit: nil, free: nil) == nil,
            "unknown free space: no check")
    }

    @Test func freeSpaceIsThatOfTheNearestExistingFolder() {
        // The output folder need not exist yet: the space is that of the folder it will be made in.
        let temporary = NSTemporaryDirectory()
        var info = statvfs()
        #expect(statvfs(temporary, &info) == 0)
        let here = DiskSpace.available(at: temporary)
        let below = DiskSpace.available(at: temporary + "/dixian-not-there-\(UUID().uuidString)/out/deeper")
        #expect(here != nil && below != nil)
        // Both read the same file system moments apart: equal up to what others wrote meanwhile.
        if let here, let below { #expect(abs(here - below) < 64 << 20) }
        #expect(abs((here ?? 0) - Int(info.f_bavail) * Int(info.f_frsize)) < 64 << 20)
    }
}

// libFuzzer target: scenario YAML → ScenarioLoader (and every variant of what loads).
// Build and run with `make fuzz`; see docs/reliability.md.
import DixianModel
import DixianScenario
import DixianFuzzSupport

/// The scenario's file: in a folder that does not exist, so `extends:` of a relative
/// path fails as a missing file instead of reading whatever is beside it.
let fuzzFile = "/nonexistent-dixian-fuzz/scenario.yaml"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    do {
        let loaded = try ScenarioLoader.load(text: text, file: fuzzFile)
        _ = loaded.canonicalText
        do { _ = try loaded.variants() } catch { requireLocated(error, "variants()") }
    } catch {
        requireLocated(error, "ScenarioLoader.load")
    }
    return 0
}

#if !FUZZING
/// Without libFuzzer: replays saved inputs (see `replayInputs`).
@main struct Replay {
    static func main() { replayInputs(fuzzScenario) }
}
#endif

// libFuzzer target: variant patches (`set:` key paths and values).
//
// The first byte picks the route, the rest up to the first line break is the key path and
// what follows is the value:
// - even: `LoadedScenario.applying([Override(keyPath:value:)])` on a small valid scenario,
//   the value read as null/bool/number/list/string;
// - odd: a scenario text with `variants: [{name: x, set: {<key path>: <value>}}]`, both
//   pasted in as they are (YAML parsing of the key and value included).
// Build and run with `make fuzz`.
import DixianModel
import DixianScenario
import DixianFuzzSupport

let fuzzFile = "/nonexistent-dixian-fuzz/patch.yaml"
let baseText = """
    name: fuzz
    seed: 1
    years: {start: 2021, end: 2022}
    replications: 2

    """

let base: LoadedScenario = {
    do { return try ScenarioLoader.load(text: baseText, file: fuzzFile) } catch {
        fatalError("the fuzz base scenario is invalid:\n\(error)")
    }
}()

func value(_ text: String) -> ScenarioValue {
    switch text {
    case "null", "~", "": return .null
    case "true": return .bool(true)
    case "false": return .bool(false)
    default: break
    }
    if let x = Double(text) { return .number(x) }
    if text.hasPrefix("["), text.hasSuffix("]"), text.count >= 2 {
        return .list(text.dropFirst().dropLast().split(separator: ",").map { value(String($0)) })
    }
    if text.hasPrefix("{"), text.hasSuffix("}"), text.count >= 2 {
        var map: [String: ScenarioValue] = [:]
        for part in text.dropFirst().dropLast().split(separator: ",") {
            let kv = part.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            map[String(kv[0])] = kv.count > 1 ? value(String(kv[1])) : .null
        }
        return .map(map)
    }
    return .string(text)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPatch(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size >= 1 else { return 0 }
    let mode = data[0]
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let keyPath = String(parts[0])
    let rest = parts.count > 1 ? String(parts[1]) : ""
    if mode % 2 == 0 {
        do {
            let patched = try base.applying([.init(keyPath: keyPath, value: value(rest))])
            _ = patched.canonicalText
        } catch {
            requireLocated(error, "applying")
        }
    } else {
        let scenario = baseText + "variants:\n  - name: x\n    set: {\(keyPath): \(rest)}\n"
        do {
            let loaded = try ScenarioLoader.load(text: scenario, file: fuzzFile)
            _ = try loaded.variants()
        } catch {
            requireLocated(error, "variant set:")
        }
    }
    return 0
}

#if !FUZZING
/// Without libFuzzer: replays saved inputs (see `replayInputs`).
@main struct Replay {
    static func main() { replayInputs(fuzzPatch) }
}
#endif

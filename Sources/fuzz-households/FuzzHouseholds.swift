// libFuzzer target: household-file bytes → HouseholdFile.parse (and, when it loads,
// encode → parse gives the same population). Build and run with `make fuzz`.
import DixianModel
import DixianPopulation
import DixianFuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHouseholds(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        let population = try HouseholdFile.parse(bytes, file: "fuzz.csv")
        // What loads must write and read back unchanged.
        let again: Population
        do {
            again = try HouseholdFile.parse(HouseholdFile.encode(population), file: "fuzz-roundtrip.csv")
        } catch {
            preconditionFailure("a loaded household file does not read back after writing:\n\(error)")
        }
        precondition(again.count == population.count, "round trip changed the number of households")
    } catch {
        requireLocated(error, "HouseholdFile.parse")
    }
    return 0
}

#if !FUZZING
/// Without libFuzzer: replays saved inputs (see `replayInputs`).
@main struct Replay {
    static func main() { replayInputs(fuzzHouseholds) }
}
#endif

// Benchmarks, not tests: timings are measured here and written to docs/performance.md,
// never asserted.
//
//   dixian-bench [--write FILE]            `make bench`: engine throughput and memory (ThroughputBench)
//   dixian-bench scale [--write FILE]      `make bench-scale`: strong and weak scaling (ScaleBench)
//   dixian-bench measure --scale S …       one run at scale S, step by step, as JSON (ScaleMeasurement)
//   dixian-bench draws                     the draw costs and a household-year's floor alone (drawCostLine)
switch CommandLine.arguments.dropFirst().first {
case "scale": try ScaleBench.main()
case "measure": try ScaleMeasurement.main()
case "draws": print(try drawCostLine())
default: try ThroughputBench.run()
}

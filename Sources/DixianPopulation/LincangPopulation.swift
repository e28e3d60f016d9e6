public enum LincangPopulation {}

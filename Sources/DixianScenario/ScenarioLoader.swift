public enum ScenarioLoader {}

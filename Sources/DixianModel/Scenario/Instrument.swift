/// A policy instrument of MODEL.md §4, by its key under `policies:`.
public enum Instrument: String, CaseIterable, Hashable, Sendable {
    case monitoring, dibao, medical, employment
    case agriInsurance = "agri_insurance"
    case binding
    case consumptionHelp = "consumption_help"
    case riskFund = "risk_fund"
    case relapseInsurance = "relapse_insurance"
    case disasterRelief = "disaster_relief"
}

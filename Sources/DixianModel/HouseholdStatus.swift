/// A household's registration status at the start of a run (MODEL.md §2).
public enum HouseholdStatus: String, CaseIterable, Sendable, Codable, Hashable {
    /// 脱贫户: registered poor household that exited poverty. Falling below the line is relapse (返贫).
    case exited
    /// 边缘易致贫户: edge household at risk of becoming poor.
    case edge
    /// 突发严重困难户: household in sudden severe hardship.
    case hardship
    /// A rural household not on any register.
    case other
}

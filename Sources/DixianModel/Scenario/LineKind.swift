/// Which of the three lines of MODEL.md §1.
public enum LineKind: String, CaseIterable, Sendable, Hashable {
    /// 国家扶贫标准, `P_t`.
    case poverty
    /// 防止返贫监测底线, `M_t`.
    case monitoring
    /// 农村低保标准, `D_t`.
    case dibao
}

/// The eight county-level units of Lincang (临沧市), by the codes used in
/// scenario files and household files (INTERFACE.md).
public enum County: String, CaseIterable, Sendable, Codable, Hashable {
    case linxiang, fengqing, yunxian, yongde, zhenkang, shuangjiang, gengma, cangyuan

    /// The Chinese name planners read in reports.
    public var chineseName: String {
        switch self {
        case .linxiang: "临翔区"
        case .fengqing: "凤庆县"
        case .yunxian: "云县"
        case .yongde: "永德县"
        case .zhenkang: "镇康县"
        case .shuangjiang: "双江县"
        case .gengma: "耿马县"
        case .cangyuan: "沧源县"
        }
    }

    /// The county whose Chinese name `name` is, with or without its 县 or 区 (沧源, 沧源县), or
    /// its official name (沧源佤族自治县): what a planner may write where a code is expected,
    /// so that a message can suggest it.
    public init?(chineseName name: String) {
        guard
            let county = County.allCases.first(where: { c in
                let stem = c.chineseName.dropLast()
                return name == c.chineseName || name == stem
                    || (name.hasPrefix(stem) && (name.hasSuffix("自治县") || name.hasSuffix("区")) && name.count <= 12)
            })
        else { return nil }
        self = county
    }

    /// The English name.
    public var englishName: String {
        switch self {
        case .linxiang: "Linxiang"
        case .fengqing: "Fengqing"
        case .yunxian: "Yun"
        case .yongde: "Yongde"
        case .zhenkang: "Zhenkang"
        case .shuangjiang: "Shuangjiang"
        case .gengma: "Gengma"
        case .cangyuan: "Cangyuan"
        }
    }

    /// Key assisted counties (国家乡村振兴重点帮扶县): 凤庆, 永德, 沧源 (MODEL.md §2).
    public var isKeyAssisted: Bool {
        switch self {
        case .fengqing, .yongde, .cangyuan: true
        default: false
        }
    }

    /// Counties on the Myanmar border, the only ones with border villages (沿边行政村): 镇康, 耿马, 沧源.
    public var isBorderCounty: Bool {
        switch self {
        case .zhenkang, .gengma, .cangyuan: true
        default: false
        }
    }
}

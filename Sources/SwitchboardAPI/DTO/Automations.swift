import SwitchboardCore

/// `automations` of an inbox: `{farewell_template_id, csat_template_id, csat_window_hours}`. In a PATCH
/// only the keys given change; null clears a template.
struct AutomationsDTO: Codable {
    var farewellTemplateID: Patch<Int64>
    var csatTemplateID: Patch<Int64>
    var csatWindowHours: Int?

    enum CodingKeys: String, CodingKey {
        case farewellTemplateID = "farewell_template_id", csatTemplateID = "csat_template_id"
        case csatWindowHours = "csat_window_hours"
    }

    init(_ automations: InboxAutomations) {
        farewellTemplateID = automations.farewellTemplateID.map { .value($0) } ?? .null
        csatTemplateID = automations.csatTemplateID.map { .value($0) } ?? .null
        csatWindowHours = automations.csatWindowHours
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        farewellTemplateID = try container.decodePatch(Int64.self, forKey: .farewellTemplateID)
        csatTemplateID = try container.decodePatch(Int64.self, forKey: .csatTemplateID)
        csatWindowHours = try container.decodeIfPresent(Int.self, forKey: .csatWindowHours)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(farewellTemplateID.value, forKey: .farewellTemplateID)
        try container.encode(csatTemplateID.value, forKey: .csatTemplateID)
        try container.encode(csatWindowHours, forKey: .csatWindowHours)
    }

    /// The settings after applying this (partial) input to `current`.
    func applied(to current: InboxAutomations) -> InboxAutomations {
        InboxAutomations(
            farewellTemplateID: farewellTemplateID.change ?? current.farewellTemplateID,
            csatTemplateID: csatTemplateID.change ?? current.csatTemplateID,
            csatWindowHours: csatWindowHours ?? current.csatWindowHours
        )
    }

    /// Template ids given, with the field each came from, for the existence check.
    var templateReferences: [(field: String, id: Int64)] {
        [("automations.farewell_template_id", farewellTemplateID.value), ("automations.csat_template_id", csatTemplateID.value)]
            .compactMap { field, id in id.map { (field, $0) } }
    }
}

struct SatisfactionDTO: Encodable {
    var satisfaction: Satisfaction

    enum CodingKeys: String, CodingKey {
        case rating, comment
        case ratedAt = "rated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(satisfaction.rating, forKey: .rating)
        try container.encode(satisfaction.comment, forKey: .comment)
        try container.encode(satisfaction.ratedAt, forKey: .ratedAt)
    }
}

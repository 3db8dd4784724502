import SwitchboardCore

/// `automations` of an inbox: `{farewell_template_id, csat_template_id, csat_window_hours}`. In a PATCH
/// only the keys given change; null clears a template.
struct AutomationsDTO: Codable {
    var farewellTemplateID: Patch<Int64>
    var csatTemplateID: Patch<Int64>
    var csatWindowHours: Int?
    var outOfOfficeTemplateID: Patch<Int64>
    var officeHours: Patch<JSONValue>

    enum CodingKeys: String, CodingKey {
        case farewellTemplateID = "farewell_template_id", csatTemplateID = "csat_template_id"
        case csatWindowHours = "csat_window_hours", outOfOfficeTemplateID = "out_of_office_template_id"
        case officeHours = "office_hours"
    }

    init(_ automations: InboxAutomations) {
        farewellTemplateID = automations.farewellTemplateID.map { .value($0) } ?? .null
        csatTemplateID = automations.csatTemplateID.map { .value($0) } ?? .null
        csatWindowHours = automations.csatWindowHours
        outOfOfficeTemplateID = automations.outOfOfficeTemplateID.map { .value($0) } ?? .null
        officeHours = automations.officeHours.map { .value($0.json) } ?? .null
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        farewellTemplateID = try container.decodePatch(Int64.self, forKey: .farewellTemplateID)
        csatTemplateID = try container.decodePatch(Int64.self, forKey: .csatTemplateID)
        csatWindowHours = try container.decodeIfPresent(Int.self, forKey: .csatWindowHours)
        outOfOfficeTemplateID = try container.decodePatch(Int64.self, forKey: .outOfOfficeTemplateID)
        officeHours = try container.decodePatch(JSONValue.self, forKey: .officeHours)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(farewellTemplateID.value, forKey: .farewellTemplateID)
        try container.encode(csatTemplateID.value, forKey: .csatTemplateID)
        try container.encode(csatWindowHours, forKey: .csatWindowHours)
        try container.encode(outOfOfficeTemplateID.value, forKey: .outOfOfficeTemplateID)
        try container.encode(officeHours.value, forKey: .officeHours)
    }

    /// The settings after applying this (partial, already validated) input to `current`.
    func applied(to current: InboxAutomations) -> InboxAutomations {
        var hours = current.officeHours
        switch officeHours {
        case .absent: break
        case .null: hours = nil
        case .value(let json): hours = try? OfficeHours.parse(json, field: "automations.office_hours")
        }
        return InboxAutomations(
            farewellTemplateID: farewellTemplateID.change ?? current.farewellTemplateID,
            csatTemplateID: csatTemplateID.change ?? current.csatTemplateID,
            csatWindowHours: csatWindowHours ?? current.csatWindowHours,
            outOfOfficeTemplateID: outOfOfficeTemplateID.change ?? current.outOfOfficeTemplateID,
            officeHours: hours
        )
    }

    /// Template ids given, with the field each came from, for the existence check.
    var templateReferences: [(field: String, id: Int64)] {
        [
            ("automations.farewell_template_id", farewellTemplateID.value),
            ("automations.csat_template_id", csatTemplateID.value),
            ("automations.out_of_office_template_id", outOfOfficeTemplateID.value),
        ]
        .compactMap { field, id in id.map { (field, $0) } }
    }

    /// Problems with `office_hours`, named by path.
    var officeHoursErrors: [FieldError] {
        guard case .value(let json) = officeHours else { return [] }
        do {
            _ = try OfficeHours.parse(json, field: "automations.office_hours")
            return []
        } catch {
            if case .invalid(let errors) = error { return errors }
            return [FieldError(field: "automations.office_hours", message: "is not valid")]
        }
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

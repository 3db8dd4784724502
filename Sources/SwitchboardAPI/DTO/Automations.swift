import Foundation
import SwitchboardCore

/// `automations` of an inbox: farewell and survey, out of office, the inactivity reminder and auto-resolve.
/// In a PATCH only the keys given change; null clears a setting.
struct AutomationsDTO: Codable {
    var farewellTemplateID: Patch<Int64>
    var csatTemplateID: Patch<Int64>
    var csatWindowHours: Int?
    var outOfOfficeTemplateID: Patch<Int64>
    var officeHours: Patch<JSONValue>
    var inactivityReminderTemplateID: Patch<Int64>
    var inactivityReminderMinutes: Patch<Int>
    var inactivityResolveMinutes: Patch<Int>
    var inactivityResolveNote: Patch<String>

    enum CodingKeys: String, CodingKey {
        case farewellTemplateID = "farewell_template_id", csatTemplateID = "csat_template_id"
        case csatWindowHours = "csat_window_hours", outOfOfficeTemplateID = "out_of_office_template_id"
        case officeHours = "office_hours"
        case inactivityReminderTemplateID = "inactivity_reminder_template_id"
        case inactivityReminderMinutes = "inactivity_reminder_minutes"
        case inactivityResolveMinutes = "inactivity_resolve_minutes", inactivityResolveNote = "inactivity_resolve_note"
    }

    static let maxInactivityMinutes = 43_200

    init(_ automations: InboxAutomations) {
        farewellTemplateID = automations.farewellTemplateID.map { .value($0) } ?? .null
        csatTemplateID = automations.csatTemplateID.map { .value($0) } ?? .null
        csatWindowHours = automations.csatWindowHours
        outOfOfficeTemplateID = automations.outOfOfficeTemplateID.map { .value($0) } ?? .null
        officeHours = automations.officeHours.map { .value($0.json) } ?? .null
        inactivityReminderTemplateID = automations.inactivityReminderTemplateID.map { .value($0) } ?? .null
        inactivityReminderMinutes = automations.inactivityReminderMinutes.map { .value($0) } ?? .null
        inactivityResolveMinutes = automations.inactivityResolveMinutes.map { .value($0) } ?? .null
        inactivityResolveNote = automations.inactivityResolveNote.map { .value($0) } ?? .null
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        farewellTemplateID = try container.decodePatch(Int64.self, forKey: .farewellTemplateID)
        csatTemplateID = try container.decodePatch(Int64.self, forKey: .csatTemplateID)
        csatWindowHours = try container.decodeIfPresent(Int.self, forKey: .csatWindowHours)
        outOfOfficeTemplateID = try container.decodePatch(Int64.self, forKey: .outOfOfficeTemplateID)
        officeHours = try container.decodePatch(JSONValue.self, forKey: .officeHours)
        inactivityReminderTemplateID = try container.decodePatch(Int64.self, forKey: .inactivityReminderTemplateID)
        inactivityReminderMinutes = try container.decodePatch(Int.self, forKey: .inactivityReminderMinutes)
        inactivityResolveMinutes = try container.decodePatch(Int.self, forKey: .inactivityResolveMinutes)
        inactivityResolveNote = try container.decodePatch(String.self, forKey: .inactivityResolveNote)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(farewellTemplateID.value, forKey: .farewellTemplateID)
        try container.encode(csatTemplateID.value, forKey: .csatTemplateID)
        try container.encode(csatWindowHours, forKey: .csatWindowHours)
        try container.encode(outOfOfficeTemplateID.value, forKey: .outOfOfficeTemplateID)
        try container.encode(officeHours.value, forKey: .officeHours)
        try container.encode(inactivityReminderTemplateID.value, forKey: .inactivityReminderTemplateID)
        try container.encode(inactivityReminderMinutes.value, forKey: .inactivityReminderMinutes)
        try container.encode(inactivityResolveMinutes.value, forKey: .inactivityResolveMinutes)
        try container.encode(inactivityResolveNote.value, forKey: .inactivityResolveNote)
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
            officeHours: hours,
            inactivityReminderTemplateID: inactivityReminderTemplateID.change ?? current.inactivityReminderTemplateID,
            inactivityReminderMinutes: inactivityReminderMinutes.change ?? current.inactivityReminderMinutes,
            inactivityResolveMinutes: inactivityResolveMinutes.change ?? current.inactivityResolveMinutes,
            inactivityResolveNote: (inactivityResolveNote.change ?? current.inactivityResolveNote).flatMap {
                let note = $0.trimmingCharacters(in: .whitespacesAndNewlines)
                return note.isEmpty ? nil : note
            }
        )
    }

    /// Problems with the inactivity settings given, and with the settings they lead to (`result`): a
    /// reminder needs both its template and its minutes.
    func inactivityErrors(result: InboxAutomations) -> [FieldError] {
        var errors: [FieldError] = []
        let range = 1...Self.maxInactivityMinutes
        for (field, minutes) in [
            ("inactivity_reminder_minutes", inactivityReminderMinutes.value),
            ("inactivity_resolve_minutes", inactivityResolveMinutes.value),
        ] where minutes.map({ !range.contains($0) }) ?? false {
            errors.append(FieldError(field: "automations.\(field)", message: "must be between 1 and \(Self.maxInactivityMinutes)"))
        }
        if let note = inactivityResolveNote.value, note.count > 2000 {
            errors.append(FieldError(field: "automations.inactivity_resolve_note", message: "must be at most 2000 characters"))
        }
        if result.inactivityReminderTemplateID != nil, result.inactivityReminderMinutes == nil {
            errors.append(FieldError(field: "automations.inactivity_reminder_minutes", message: "is required with a reminder template"))
        }
        if result.inactivityReminderMinutes != nil, result.inactivityReminderTemplateID == nil {
            errors.append(FieldError(field: "automations.inactivity_reminder_template_id", message: "is required with reminder minutes"))
        }
        return errors
    }

    /// Template ids given, with the field each came from, for the existence check.
    var templateReferences: [(field: String, id: Int64)] {
        [
            ("automations.farewell_template_id", farewellTemplateID.value),
            ("automations.csat_template_id", csatTemplateID.value),
            ("automations.out_of_office_template_id", outOfOfficeTemplateID.value),
            ("automations.inactivity_reminder_template_id", inactivityReminderTemplateID.value),
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

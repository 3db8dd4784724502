import Foundation
import SwitchboardCore

/// One payload an inbox acknowledged without storing a message: `GET /api/v1/inboxes/{id}/skipped`.
struct SkippedDTO: Encodable {
    var record: SkippedRecord

    enum CodingKeys: String, CodingKey {
        case id, reason, payload, category, channel
        case receivedAt = "received_at", externalID = "external_id", fromPerson = "from_person"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.id, forKey: .id)
        try container.encode(record.receivedAt, forKey: .receivedAt)
        try container.encode(record.channel.rawValue, forKey: .channel)
        try container.encodeIfPresent(record.externalID, forKey: .externalID)
        try container.encode(record.category.rawValue, forKey: .category)
        try container.encode(record.reason, forKey: .reason)
        try container.encode(record.fromPerson, forKey: .fromPerson)
        try container.encode(record.payload, forKey: .payload)
    }
}

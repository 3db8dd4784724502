import SwitchboardCore

/// What erasing a person touches (`erased: false`, a preview) or touched (`erased: true`).
struct ErasureDTO: Encodable {
    var conversations: Int
    var messages: Int
    var attachments: Int
    var identities: Int
    var erased: Bool

    init(_ counts: ErasureCounts, erased: Bool) {
        conversations = counts.conversations
        messages = counts.messages
        attachments = counts.attachments
        identities = counts.identities
        self.erased = erased
    }
}

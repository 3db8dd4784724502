/// Text as PostgreSQL can store it. PostgreSQL `text` and `jsonb` cannot hold NUL, which platforms pass
/// through from what people type or paste; such a character is replaced with U+FFFD (the replacement
/// character) instead of costing the whole message.
public enum StorableText {
    public static let replacement: Character = "\u{FFFD}"

    public static func clean(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        return String(text.map { $0 == "\0" ? replacement : $0 })
    }

    public static func clean(_ text: String?) -> String? {
        text.map(clean)
    }

    /// Cleans every string of a JSON value, keys included.
    public static func clean(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): .string(clean(text))
        case .array(let items): .array(items.map(clean))
        case .object(let fields):
            .object(Dictionary(fields.map { (clean($0.key), clean($0.value)) }) { first, _ in first })
        case .null, .bool, .number: value
        }
    }
}

extension InboundEvent {
    /// The event with every character PostgreSQL cannot store replaced: in the text, the names, the
    /// attributes, the ids and the raw payload.
    public var storable: InboundEvent {
        var event = self
        event.externalID = StorableText.clean(externalID)
        event.sender.externalID = StorableText.clean(sender.externalID)
        event.sender.aliases = sender.aliases.map(StorableText.clean)
        event.sender.name = StorableText.clean(sender.name)
        event.sender.email = StorableText.clean(sender.email)
        event.sender.phone = StorableText.clean(sender.phone)
        event.sender.language = StorableText.clean(sender.language)
        event.content = StorableText.clean(content)
        event.html = StorableText.clean(html)
        event.subject = StorableText.clean(subject)
        event.rawPayload = StorableText.clean(rawPayload)
        event.contactAttributes = Dictionary(
            contactAttributes.map { (StorableText.clean($0.key), StorableText.clean($0.value)) }
        ) { first, _ in first }
        event.attachments = attachments.map {
            var attachment = $0
            attachment.name = StorableText.clean($0.name)
            attachment.contentType = StorableText.clean($0.contentType)
            attachment.remoteReference = StorableText.clean($0.remoteReference)
            return attachment
        }
        if var threading {
            threading.references = threading.references.map(StorableText.clean)
            threading.subjectKey = StorableText.clean(threading.subjectKey)
            event.threading = threading
        }
        return event
    }
}

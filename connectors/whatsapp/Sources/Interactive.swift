/// A question with options as WhatsApp shows them: up to 3 reply buttons (titles of at most 20 characters),
/// else a list of up to 10 rows (titles of at most 24). The person's tap comes back as an `interactive`
/// message whose title is the option, read like any text answer. Options that fit neither go numbered
/// in the text instead (a reply "2" picks the second), so no title is ever cut.
struct Interactive: Encodable {
    struct Body: Encodable { var text: String }

    struct Reply: Encodable {
        var id: String
        var title: String
    }

    struct Button: Encodable {
        var type = "reply"
        var reply: Reply
    }

    struct Row: Encodable {
        var id: String
        var title: String
    }

    struct Section: Encodable { var rows: [Row] }

    struct Action: Encodable {
        var buttons: [Button]?
        var button: String?
        var sections: [Section]?
    }

    var type: String
    var body: Body
    var action: Action

    static let bodyLimit = 1024

    /// The interactive message for `text` with `choices`, or nil when they must go as numbered text;
    /// `listButton` opens a list (in the contact's language).
    init?(text: String, choices: [String], listButton: String) {
        guard !choices.isEmpty, (1...Self.bodyLimit).contains(text.count) else { return nil }
        let numbered = choices.enumerated().map { (id: String($0.offset + 1), title: $0.element) }
        body = Body(text: text)
        if choices.count <= 3, choices.allSatisfy({ $0.count <= 20 }) {
            type = "button"
            action = Action(buttons: numbered.map { Button(reply: Reply(id: $0.id, title: $0.title)) })
        } else if choices.count <= 10, choices.allSatisfy({ $0.count <= 24 }) {
            type = "list"
            action = Action(button: listButton, sections: [Section(rows: numbered.map { Row(id: $0.id, title: $0.title) })])
        } else {
            return nil
        }
    }

    /// The text a question goes as when its options fit no interactive message.
    static func numbered(_ text: String, choices: [String]) -> String {
        guard !choices.isEmpty else { return text }
        return text + "\n\n" + choices.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }
}

extension OutgoingMessage {
    static func interactive(_ interactive: Interactive, to recipient: String) -> OutgoingMessage {
        var message = OutgoingMessage(to: recipient, type: "interactive")
        message.interactive = interactive
        return message
    }
}

import Foundation

/// A question's options as a one-time VK keyboard: one text button per row, whose press sends its label.
struct VKKeyboard: Encodable {
    struct Button: Encodable {
        struct Action: Encodable {
            var type = "text"
            var label: String
        }

        var action: Action
    }

    var oneTime = true
    var buttons: [[Button]]

    enum CodingKeys: String, CodingKey {
        case buttons
        case oneTime = "one_time"
    }

    /// The `keyboard` parameter of `messages.send` (JSON text); nil without options.
    static func json(_ choices: [String]) -> String? {
        guard !choices.isEmpty else { return nil }
        let keyboard = VKKeyboard(buttons: choices.map { [Button(action: .init(label: String($0.prefix(40))))] })
        guard let data = try? JSONEncoder().encode(keyboard) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

import SwitchboardCore

/// Walks a verified `whatsapp_business_account` notification: entries hold changes, a `messages` change
/// holds any number of customer messages and of statuses for our own sends, each becoming one item.
struct WebhookPayload {
    /// The inbox's business number; changes addressed to another number of the same app are not ours.
    var phoneNumberID: String?
    /// The whole body as text, kept with every message it carried.
    var rawPayload: String

    func items(_ root: JSONValue) -> [WebhookItem] {
        guard let object = root["object"]?.text else {
            return [.ignored("not a WhatsApp notification: no object field")]
        }
        guard object == "whatsapp_business_account" else {
            return [.ignored("notification for object \(object), not whatsapp_business_account")]
        }
        let items = (root["entry"]?.elements ?? []).flatMap { entry in
            (entry["changes"]?.elements ?? []).flatMap(changeItems)
        }
        return items.isEmpty ? [.ignored("notification without changes")] : items
    }

    private func changeItems(_ change: JSONValue) -> [WebhookItem] {
        let field = change["field"]?.text ?? "(none)"
        guard field == "messages" else {
            return [.ignored("change of field \(field) is not handled")]
        }
        guard let value = change["value"] else {
            return [.ignored("messages change without value")]
        }
        let number = value["metadata"]?["phone_number_id"]?.text
        guard let phoneNumberID else {
            return [.ignored("the inbox has no phone_number_id to match changes against")]
        }
        guard number == phoneNumberID else {
            return [.ignored("change for phone number \(number ?? "(none)"), not this inbox's")]
        }
        let names = profileNames(value["contacts"]?.elements ?? [])
        let messages = (value["messages"]?.elements ?? []).map {
            InboundMessageParser.item($0, profileNames: names, rawPayload: rawPayload)
        }
        let statuses = (value["statuses"]?.elements ?? []).map(StatusParser.item)
        let errors = (value["errors"]?.elements ?? []).map { error in
            WebhookItem.ignored("WhatsApp reported: " + StatusParser.errorText(error))
        }
        let items = messages + statuses + errors
        return items.isEmpty ? [.ignored("messages change without messages or statuses")] : items
    }

    /// `contacts[].profile.name` (else `profile.username`) by `wa_id` and by `user_id`: the only place a
    /// sender's display name is given.
    private func profileNames(_ contacts: [JSONValue]) -> [String: String] {
        var names: [String: String] = [:]
        for contact in contacts {
            let profile = contact["profile"]
            guard let name = profile?["name"]?.text ?? profile?["username"]?.text ?? contact["username"]?.text else {
                continue
            }
            for key in ["wa_id", "user_id", "parent_user_id"] {
                if let id = contact[key]?.text { names[id] = name }
            }
        }
        return names
    }
}

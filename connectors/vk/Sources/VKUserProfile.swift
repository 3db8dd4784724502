import SwitchboardCore

/// A person's name as `users.get` gives it: `"First Last"`; nothing for deleted or banned pages.
enum VKUserProfile {
    private struct User: Decodable {
        var id: Int64?
        var firstName: String?
        var lastName: String?
        var deactivated: String?

        private enum CodingKeys: String, CodingKey {
            case id, deactivated
            case firstName = "first_name"
            case lastName = "last_name"
        }
    }

    static func fetch(userID: String, api: VKAPIClient) async -> InboundSender? {
        let parameters = [("user_ids", userID), ("fields", "first_name,last_name")]
        guard let users = try? await api.call("users.get", parameters, as: [User].self),
            let user = users.first, user.deactivated == nil
        else { return nil }
        let name = [user.firstName, user.lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        guard !name.isEmpty else { return nil }
        return InboundSender(externalID: userID, name: name)
    }
}

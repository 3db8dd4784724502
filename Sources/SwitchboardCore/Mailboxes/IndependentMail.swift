/// Splits fetched mail into groups that may be stored side by side.
///
/// Storing one message at a time waits for one commit after another; storing them in parallel must
/// not change where a message lands. Two messages depend on each other when they come from the same
/// sender (a contact's mail keeps its order) or when one names the other in In-Reply-To/References
/// (a reply must find the message it answers already stored). Dependent messages share a group, in
/// mailbox order; different groups are independent.
enum IndependentMail {
    static func groups(_ fetched: [(uid: UInt32, mail: FetchedMail)]) -> [[(uid: UInt32, mail: FetchedMail)]] {
        var parent = Array(fetched.indices)
        func root(_ index: Int) -> Int {
            var index = index
            while parent[index] != index {
                parent[index] = parent[parent[index]]
                index = parent[index]
            }
            return index
        }
        func join(_ first: Int, _ second: Int) {
            let (a, b) = (root(first), root(second))
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        var bySender: [String: Int] = [:]
        var byMessageID: [String: Int] = [:]
        for (index, item) in fetched.enumerated() {
            guard case .mail(let event) = item.mail else { continue }
            if let earlier = bySender[event.sender.externalID] { join(earlier, index) } else { bySender[event.sender.externalID] = index }
            byMessageID[event.externalID] = index
        }
        for (index, item) in fetched.enumerated() {
            guard case .mail(let event) = item.mail else { continue }
            for reference in event.threading?.references ?? [] {
                if let answered = byMessageID[reference] { join(answered, index) }
            }
        }
        var groups: [Int: [(uid: UInt32, mail: FetchedMail)]] = [:]
        var order: [Int] = []
        for (index, item) in fetched.enumerated() {
            let key = root(index)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(item)
        }
        return order.map { groups[$0]! }
    }
}

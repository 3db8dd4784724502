import SwitchboardCore

/// The parts of a reply an earlier attempt got accepted, as the delivery worker hands them over, and the
/// parts this attempt records: what the connectors' retry tests check.
public actor PartLedger {
    public private(set) var recorded: [Int] = []

    public init() {}

    public func progress(accepted: [String?]) -> DeliveryProgress {
        DeliveryProgress(accepted: accepted) { part, _ in await self.record(part) }
    }

    private func record(_ part: Int) { recorded.append(part) }
}

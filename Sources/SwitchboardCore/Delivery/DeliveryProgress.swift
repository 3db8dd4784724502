/// What the platform has already accepted of one reply, and where each newly accepted part is written down.
///
/// Some replies reach the person as several platform messages: a long text cut into pieces, text and
/// files. When part 2 fails, the retry must not send part 1 again. The delivery worker hands the
/// connector the parts earlier attempts recorded; the connector numbers the parts the same way on
/// every attempt, skips the accepted ones and records each new one the moment the platform accepts it.
public struct DeliveryProgress: Sendable {
    /// The platform's ids of the parts accepted by earlier attempts, in order (nil where it gave none).
    /// Parts are sent in order and a failed one stops the attempt, so these are always parts 0, 1, ….
    public let accepted: [String?]
    private let record: @Sendable (_ part: Int, _ externalID: String?) async throws -> Void

    public init(
        accepted: [String?] = [], record: @escaping @Sendable (_ part: Int, _ externalID: String?) async throws -> Void
    ) {
        self.accepted = accepted
        self.record = record
    }

    /// A first attempt that remembers nothing: one-off sends and connector tests.
    public static let untracked = DeliveryProgress(record: { _, _ in })

    /// Whether an earlier attempt got `part` accepted (connectors skip preparing it, e.g. uploading its file).
    public func isAccepted(_ part: Int) -> Bool { part < accepted.count }

    /// Sends parts `0..<count` that earlier attempts did not get accepted, in order, recording each as
    /// soon as the platform accepts it; returns every part's platform id, earlier attempts' included.
    /// The first failure ends the attempt: the parts after it wait for the retry.
    public func send(
        parts count: Int, _ sendPart: (_ part: Int) async throws(DeliveryFailure) -> String?
    ) async throws(DeliveryFailure) -> [String?] {
        var ids = Array(accepted.prefix(count))
        for part in ids.count..<count {
            let id = try await sendPart(part)
            do {
                try await record(part, id)
            } catch {
                // The person has the part, but nothing says so: the retry may send it again. Rare (the
                // database went away mid-delivery) and unavoidable; stop before it gets worse.
                throw .temporary("part \(part + 1) was sent but could not be recorded: \(error)")
            }
            ids.append(id)
        }
        return ids
    }
}

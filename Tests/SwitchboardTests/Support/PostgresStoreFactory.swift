import PostgresNIO
import SwitchboardStore

enum PostgresStoreFactory {
    static func make(_ client: PostgresClient, timeout: Duration = .seconds(10)) -> PostgresStore {
        PostgresStore(client: client, logger: TestDatabases.logger, operationTimeout: timeout, secrets: TestSecrets.box)
    }
}

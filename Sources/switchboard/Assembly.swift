import ApiChannelConnector
import AsyncHTTPClient
import EmailConnector
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Prometheus
import ServiceLifecycle
import SwitchboardAPI
import SwitchboardCore
import SwitchboardStore
import TelegramConnector
import VKConnector
import ViberConnector
import WebformConnector
import WhatsAppConnector

/// Settings of one serve process.
struct ServeSettings: Sendable {
    var host = "127.0.0.1"
    var port = 8080
    var publicBaseURL: String?
    var delivery = DeliveryWorker.Settings()
    /// False leaves sending replies to other processes on the same database (no delivery worker, no
    /// listening for queued replies): a process that only serves the API, or one side of a test.
    var delivers = true
    var storeTimeout: Duration = .seconds(10)
    /// A console session ends after this long without a request.
    var sessionIdle: Duration = .seconds(12 * 3600)
    /// How long the event log keeps events (`SWITCHBOARD_EVENT_RETENTION_DAYS`, at least 7).
    var events = EventPublisher.Settings()
    /// The master key of channel secrets (`SWITCHBOARD_SECRET_KEY`); nil keeps them in the clear.
    var secrets: SecretBox?
    /// Per-minute limits of the API, webhooks and rating pages (forms have theirs per inbox).
    var rateLimits = RateLimits()
    /// How often this process tells the others it is alive, so each admits its share of a limit.
    var censusInterval: Duration = .seconds(5)
}

/// Wires the parts together: the one place that sees every module.
struct Assembly: Sendable {
    let store: PostgresStore
    let deliveryWakeUps = DeliveryWakeUps()
    let connectors: ConnectorRegistry
    let metrics: PrometheusCollectorRegistry?
    /// One per process: the API hands it effects, the service group runs its background queue.
    let effects: EffectRunner
    /// Woken by publication (this process's streams) and by queued webhook deliveries (sender),
    /// whichever process published.
    let publishedWakeUps = DeliveryWakeUps()
    let webhookWakeUps = DeliveryWakeUps()
    let eventHub: EventHub
    let urlPolicy: OutboundURLPolicy
    let httpClient: HTTPClient
    /// Counts the serve processes on the database; the rate limiter divides limits by it.
    let census: ProcessCensus
    let rateLimiter: RateLimiter

    init(
        client: PostgresClient, httpClient: HTTPClient, storeTimeout: Duration = .seconds(10),
        metrics: PrometheusCollectorRegistry? = nil, secrets: SecretBox? = nil,
        urlPolicy: OutboundURLPolicy = .fromEnvironment(), streamBuffer: Int = EventSubscription.defaultCapacity,
        censusInterval: Duration = .seconds(5)
    ) {
        store = PostgresStore(client: client, operationTimeout: storeTimeout, secrets: secrets)
        census = ProcessCensus(store: store, interval: censusInterval, staleAfter: max(censusInterval * 4, .seconds(2)))
        rateLimiter = RateLimiter(census: census)
        self.urlPolicy = urlPolicy
        self.httpClient = httpClient
        eventHub = EventHub(store: store, wakeUps: publishedWakeUps, capacity: streamBuffer)
        let callbacks = CallbackDeliveryConnector(httpClient: httpClient, policy: urlPolicy)
        let email = EmailDelivery()
        connectors = ConnectorRegistry(
            delivery: [.api: callbacks, .webform: WebformReplies(callbacks: callbacks, email: email), .email: email],
            forms: WebformChannel(limiter: rateLimiter), messengers: Self.messengers(httpClient: httpClient), mailboxes: [EmailMailbox()]
        )
        self.metrics = metrics
        effects = EffectRunner(
            assignment: store, inboxes: store, channelEvents: store, connectors: connectors, wakeUps: deliveryWakeUps
        )
    }

    static func messengers(httpClient: HTTPClient) -> [any MessengerConnector] {
        [
            TelegramConnector(httpClient: httpClient), WhatsAppConnector(httpClient: httpClient),
            ViberConnector(httpClient: httpClient), VKConnector(httpClient: httpClient),
        ]
    }

    func dependencies(
        publicBaseURL: String, registersWebhooks: Bool = false, sessionIdle: Duration = .seconds(12 * 3600),
        rateLimits: RateLimits = RateLimits()
    ) -> APIDependencies {
        APIDependencies(
            directory: store, sessions: store, sessionIdle: sessionIdle, accounts: store, inboxes: store, conversations: store,
            contacts: store, assignment: store, channelEvents: store, templates: store, rules: store, categories: store,
            surveys: store, reports: store, privacy: store,
            ingest: IngestPipeline(store: store),
            useCases: UseCases(
                conversations: store, contacts: store, directory: store, templates: store, inboxes: store,
                channelEvents: store, messengers: connectors.messengers, publicBaseURL: publicBaseURL,
                registersWebhooks: registersWebhooks
            ), effects: effects, connectors: connectors,
            metrics: metrics, publicBaseURL: publicBaseURL,
            events: store, eventHub: eventHub, webhooks: store, webhookWakeUps: webhookWakeUps, audit: store, urlPolicy: urlPolicy,
            rateLimiter: rateLimiter, rateLimits: rateLimits
        )
    }

    /// The event log's publisher, this process's stream fan-out, the webhook sender, and the listeners
    /// that wake them when any process published or queued something. Publication also wakes this
    /// process's delivery worker (when it `delivers`): a reply queued by any process is a published
    /// `message.created` moments later.
    func eventServices(
        webhooks: WebhookSender.Settings = .init(), publisher: EventPublisher.Settings = .init(), delivers: Bool = false
    ) -> [any Service] {
        [
            NotificationListener(
                client: store.client, channel: PostgresStore.publishedChannel,
                wakeUps: [publishedWakeUps] + (delivers ? [deliveryWakeUps] : [])
            ),
            NotificationListener(client: store.client, channel: PostgresStore.webhooksChannel, wakeUps: [webhookWakeUps]),
            EventPublisher(store: store, rendering: EventRepresentation(), settings: publisher),
            eventHub,
            WebhookSender(
                store: store, transport: StandardWebhookTransport(httpClient: httpClient, policy: urlPolicy),
                wakeUps: webhookWakeUps, settings: webhooks
            ),
        ]
    }

    /// What serve does before it answers: migrations, then the secrets check. Refuses to go on without the key
    /// once secrets are encrypted (or with a key that does not open them); encrypts plain ones on the first
    /// start with a key.
    func prepareDatabase(logger: Logger) async throws {
        try await Migrator(client: store.client, logger: logger).migrate()
        let sealed = try await store.prepareSecrets()
        if sealed > 0 { logger.notice("encrypted channel secrets stored in the clear", metadata: ["count": "\(sealed)"]) }
        if store.secrets == nil {
            logger.warning("SWITCHBOARD_SECRET_KEY is not set: channel secrets are stored unencrypted")
        }
    }

    func deliveryWorker(_ settings: DeliveryWorker.Settings) -> DeliveryWorker {
        DeliveryWorker(store: store, connectors: connectors, settings: settings, wakeUps: deliveryWakeUps)
    }

    func automationScheduler(
        now: @escaping @Sendable () -> Date = { Date() }, publicBaseURL: String? = nil
    ) -> AutomationScheduler {
        AutomationScheduler(
            automations: store, templates: store, assignment: store, now: now, wakeUps: deliveryWakeUps,
            publicBaseURL: publicBaseURL, intake: IntakeReminders(store: store)
        )
    }

    func mediaWorker() -> MediaWorker {
        MediaWorker(store: store, connectors: connectors.messengers)
    }

    func mailboxPollers(settings: MailboxPoller.Settings = .init()) -> [MailboxPoller] {
        connectors.mailboxes.values.map {
            MailboxPoller(connector: $0, store: store, health: store, ingest: IngestPipeline(store: store), settings: settings)
        }
    }
}

/// The serve process: HTTP, delivery worker and database client in one service group. The group stops
/// in reverse order, so in-flight requests (ingests) finish before the database client closes, and the
/// notification listeners hand their connections back before that.
func buildApplication(
    client: PostgresClient, settings: ServeSettings, metrics: PrometheusCollectorRegistry?, logger: Logger
) -> some ApplicationProtocol {
    let assembly = Assembly(
        client: client, httpClient: .shared, storeTimeout: settings.storeTimeout, metrics: metrics, secrets: settings.secrets,
        censusInterval: settings.censusInterval
    )
    let baseURL = settings.publicBaseURL ?? "http://\(settings.host):\(settings.port)"
    let router = buildRouter(
        assembly.dependencies(
            publicBaseURL: baseURL, registersWebhooks: settings.publicBaseURL != nil, sessionIdle: settings.sessionIdle,
            rateLimits: settings.rateLimits
        )
    )
    // The effect runner comes right after the client: it drains its queue before the client closes.
    var services: [any Service] =
        [client, assembly.effects, assembly.census] + assembly.eventServices(publisher: settings.events, delivers: settings.delivers)
    if settings.delivers {
        services += [assembly.deliveryWorker(settings.delivery)]
    }
    services += [
        assembly.mediaWorker(), assembly.automationScheduler(publicBaseURL: baseURL),
        AssignmentSweeper(store: assembly.store), RetentionJob(store: assembly.store), ReportRollupJob(store: assembly.store),
    ]
    services += assembly.mailboxPollers()
    var app = Application(
        router: router,
        // Idle and keep-alive connections, and ones that never finish their request head, close after 30 s;
        // request bodies that stall or trickle are cut by `SlowClientGuard`; unreadable requests get problem+json.
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [MalformedRequestResponder(), SlowClientGuard()], idleTimeout: .seconds(30)
            )
        ),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Switchboard"),
        services: services,
        logger: logger
    )
    app.beforeServerStarts {
        try await assembly.prepareDatabase(logger: logger)
    }
    return app
}
